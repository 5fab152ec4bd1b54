"""What the subscription and subscription item endpoints take. A param the SDK declares for a
capability not built yet is refused (`NotYet`) rather than silently ignored."""

from __future__ import annotations

from ...api.params import (
    Amount,
    Bool,
    Created,
    Currency,
    Enum,
    Expand,
    Int,
    List,
    ListParams,
    Metadata,
    Nested,
    NotYet,
    Number,
    Params,
    Str,
    TimeOr,
    Timestamp,
)
from ...billing.money import AMOUNT_MAX
from ..discounts import redeem
from ..invoices.items import ItemPriceDataParams
from ..payment_method_rules import PAYMENT_METHOD_TYPES
from ..price_params import INTERVALS, TAX_BEHAVIORS
from ..stripe_tax import AutomaticTaxParams

MAX_TRIAL_DAYS = 730  # "The trial period must be 730 days (2 years) or less"
MAX_QUANTITY = 1_000_000
PRORATION_BEHAVIORS = ("always_invoice", "create_prorations", "none")
PAYMENT_BEHAVIORS = ("allow_incomplete", "default_incomplete", "error_if_incomplete",
                     "pending_if_incomplete")


class ItemRecurringParams(Params):
    interval = Enum(*INTERVALS, required=True)
    interval_count = Int(minimum=1)


class SubscriptionItemPriceDataParams(Params):
    """An item's inline price (`price_data`): made for it, and never listed with prices."""

    currency = Currency(required=True)
    product = Str(max_length=5000, required=True)
    recurring = Nested(ItemRecurringParams, required=True)
    unit_amount = Amount(minimum=0)
    unit_amount_decimal = Number(minimum=0, maximum=AMOUNT_MAX, places=12)
    tax_behavior = Enum(*TAX_BEHAVIORS)


class ItemBaseParams(Params):
    """What an item takes wherever it is given."""

    quantity = Int(minimum=0, maximum=MAX_QUANTITY)
    metadata = Metadata()
    tax_rates = List(Str(max_length=5000), unsettable=True)
    price_data = Nested(SubscriptionItemPriceDataParams)
    plan = Str(max_length=5000)  # the legacy name of `price` (a plan is its price here)
    discounts = List(Nested(redeem.DiscountParams), unsettable=True)
    billing_thresholds = NotYet()
    current_trial = NotYet()


class ItemParams(ItemBaseParams):
    price = Str(max_length=5000)  # or `price_data`: one of the two is required


class ItemChangeParams(ItemBaseParams):
    """One entry of `items` on update: an item changed (`id`), removed (`deleted`) or added."""

    id = Str(max_length=5000)
    price = Str(max_length=5000)
    deleted = Bool()
    clear_usage = Bool()


class AnchorChangeParams(Params):
    """How a change moves the billing cycle anchor: at endive an object, `{type}` ("replacing
    the previous string, enum, and timestamp formats": 2026-09-30.endive changelog)."""

    type = Enum("now", "unchanged", required=True)


ANCHOR_OBJECT_SINCE = "2026-09-30"  # the endive release that made the anchor an object


def anchor_of_older(value: object) -> dict | None:
    """A client pinned before it sends the anchor as a word (`now`, `unchanged`) or, in a
    preview, a timestamp."""
    if value in ("now", "unchanged"):
        return {"type": value}
    if isinstance(value, str) and value.isdigit():
        return {"type": "timestamp", "timestamp": value}
    return None


def anchor_change() -> Nested:
    return Nested(AnchorChangeParams, older=(ANCHOR_OBJECT_SINCE, anchor_of_older))


class AnchorConfigParams(Params):
    day_of_month = Int(minimum=1, maximum=31, required=True)
    hour = Int(minimum=0, maximum=23)
    minute = Int(minimum=0, maximum=59)
    month = Int(minimum=1, maximum=12)
    second = Int(minimum=0, maximum=59)


class PeriodStartParams(Params):
    type = Enum("max_item_period_start", "now", "timestamp", required=True)
    timestamp = Timestamp()


class PeriodEndParams(Params):
    type = Enum("min_item_period_end", "timestamp", required=True)
    timestamp = Timestamp()


class AddInvoiceItemPeriodParams(Params):
    start = Nested(PeriodStartParams, required=True)
    end = Nested(PeriodEndParams, required=True)


class AddInvoiceItemParams(Params):
    """A one-off item for the subscription's next invoice (its first, on create)."""

    price = Str(max_length=5000)
    price_data = Nested(ItemPriceDataParams)
    quantity = Int(minimum=0, maximum=MAX_QUANTITY)
    metadata = Metadata()
    tax_rates = List(Str(max_length=5000), unsettable=True)
    discountable = Bool()
    discounts = List(Nested(redeem.DiscountParams), unsettable=True)
    period = Nested(AddInvoiceItemPeriodParams)


class EndBehaviorParams(Params):
    missing_payment_method = Enum("cancel", "create_invoice", "pause")
    # "Defaults to `now`": the trial's end anchors the cycle, as here
    billing_cycle_anchor = Enum("now", not_yet=("unchanged",))


class TrialSettingsParams(Params):
    end_behavior = Nested(EndBehaviorParams, required=True)


class PauseCollectionParams(Params):
    behavior = Enum("keep_as_draft", "mark_uncollectible", "void", required=True)
    resumes_at = Timestamp()



class CardOptionsParams(Params):
    # Stripe's SCA engine deciding ("automatic") is what is emulated; asking for a challenge
    # ("any", "challenge") or a network is refused rather than kept and ignored.
    request_three_d_secure = Enum("automatic", not_yet=("any", "challenge"))
    network = NotYet()
    mandate_options = NotYet()


class PaymentMethodOptionsParams(Params):
    """The invoices' payment method options: the card's (other methods are not emulated)."""

    card = Nested(CardOptionsParams, unsettable=True)
    acss_debit = NotYet()
    bancontact = NotYet()
    billie = NotYet()
    blik = NotYet()
    customer_balance = NotYet()
    konbini = NotYet()
    payto = NotYet()
    pix = NotYet()
    sepa_debit = NotYet()
    upi = NotYet()
    us_bank_account = NotYet()


class PaymentSettingsParams(Params):
    payment_method_options = Nested(PaymentMethodOptionsParams)
    payment_method_types = List(Enum(*PAYMENT_METHOD_TYPES), unsettable=True)
    save_default_payment_method = Enum("off", "on_subscription")
    payment_method_configuration = NotYet()


class FlexibleModeParams(Params):
    proration_discounts = Enum("included", "itemized")


class BillingModeParams(Params):
    type = Enum("classic", "flexible", required=True)
    flexible = Nested(FlexibleModeParams)


class MigrateModeParams(Params):
    type = Enum("flexible", required=True)
    flexible = Nested(FlexibleModeParams)


class MigrateParams(Params):
    billing_mode = Nested(MigrateModeParams, required=True)
    expand = Expand()


class CancellationDetailsParams(Params):
    comment = Str(max_length=5000, unsettable=True)
    feedback = Enum("customer_service", "low_quality", "missing_features", "other",
                    "switched_service", "too_complex", "too_expensive", "unused",
                    unsettable=True)
    feedback_option = NotYet()  # Billing feedback options are not emulated


class SubscriptionCreateParams(Params):
    customer = Str(max_length=5000, required=True)
    items = List(Nested(ItemParams), max_items=20, required=True)
    billing_cycle_anchor = Timestamp()
    cancel_at = TimeOr("max_period_end", "min_period_end")
    cancel_at_period_end = Bool()
    collection_method = Enum("charge_automatically", "send_invoice")
    days_until_due = Int(minimum=0, maximum=1_000_000)
    default_payment_method = Str(max_length=5000)
    default_tax_rates = List(Str(max_length=5000), unsettable=True)
    description = Str(max_length=500)
    metadata = Metadata()
    payment_behavior = Enum(*PAYMENT_BEHAVIORS)
    proration_behavior = Enum("always_invoice", "create_prorations", "none")
    trial_end = TimeOr("now")
    trial_from_plan = Bool()
    trial_period_days = Int(minimum=0, maximum=MAX_TRIAL_DAYS)
    trial_settings = Nested(TrialSettingsParams)
    expand = Expand()
    add_invoice_items = List(Nested(AddInvoiceItemParams), max_items=20)
    application_fee_percent = NotYet()
    automatic_tax = Nested(AutomaticTaxParams)
    backdate_start_date = Timestamp()
    billing_cycle_anchor_config = Nested(AnchorConfigParams)
    billing_mode = Nested(BillingModeParams)
    billing_schedules = NotYet()
    billing_thresholds = NotYet()
    currency = Currency()
    customer_account = NotYet()
    default_source = NotYet()
    discounts = List(Nested(redeem.DiscountParams), unsettable=True)
    invoice_settings = NotYet()
    off_session = Bool()
    on_behalf_of = NotYet()
    payment_settings = Nested(PaymentSettingsParams)
    pending_invoice_item_interval = NotYet()
    transfer_data = NotYet()


class SubscriptionChangeParams(Params):
    """What a change of a subscription takes, on update and in an invoice preview's
    `subscription_details`."""

    items = List(Nested(ItemChangeParams), max_items=20)
    cancel_at = TimeOr("max_period_end", "min_period_end", unsettable=True)
    cancel_at_period_end = Bool()
    default_tax_rates = List(Str(max_length=5000), unsettable=True)
    proration_behavior = Enum(*PRORATION_BEHAVIORS)
    proration_date = Timestamp()
    trial_end = TimeOr("now")


class SubscriptionUpdateParams(SubscriptionChangeParams):
    billing_cycle_anchor = anchor_change()
    cancellation_details = Nested(CancellationDetailsParams)
    collection_method = Enum("charge_automatically", "send_invoice")
    days_until_due = Int(minimum=0, maximum=1_000_000)
    default_payment_method = Str(max_length=5000, unsettable=True)
    description = Str(max_length=500, unsettable=True)
    metadata = Metadata()
    pause_collection = Nested(PauseCollectionParams, unsettable=True)
    payment_behavior = Enum(*PAYMENT_BEHAVIORS)
    expand = Expand()
    add_invoice_items = List(Nested(AddInvoiceItemParams), max_items=20)
    application_fee_percent = NotYet()
    automatic_tax = Nested(AutomaticTaxParams)
    billing_schedules = NotYet()
    billing_thresholds = NotYet()
    default_source = NotYet()
    discounts = List(Nested(redeem.DiscountParams), unsettable=True)
    invoice_settings = NotYet()
    off_session = Bool()
    on_behalf_of = NotYet()
    payment_settings = Nested(PaymentSettingsParams)
    pending_invoice_item_interval = NotYet()
    transfer_data = NotYet()
    trial_from_plan = Bool()
    trial_settings = Nested(TrialSettingsParams)


class SubscriptionCancelParams(Params):
    cancellation_details = Nested(CancellationDetailsParams)
    invoice_now = Bool()
    prorate = Bool()
    expand = Expand()


class ListAutomaticTaxParams(Params):
    enabled = Bool(required=True)


class SubscriptionListParams(ListParams):
    created = Created()
    customer = Str(max_length=5000)
    price = Str(max_length=5000)
    plan = Str(max_length=5000)
    status = Enum("active", "all", "canceled", "ended", "incomplete", "incomplete_expired",
                  "past_due", "paused", "trialing", "unpaid")
    collection_method = Enum("charge_automatically", "send_invoice")
    test_clock = Str(max_length=5000)
    automatic_tax = Nested(ListAutomaticTaxParams)
    current_period_end = Created()
    current_period_start = Created()
    customer_account = NotYet()


class ItemListParams(ListParams):
    subscription = Str(max_length=5000, required=True)


class ChangeTimingParams(Params):
    """How a change of items is billed: what every endpoint that changes items takes."""

    payment_behavior = Enum(*PAYMENT_BEHAVIORS)
    proration_behavior = Enum(*PRORATION_BEHAVIORS)
    proration_date = Timestamp()


class ItemFieldsParams(ChangeTimingParams, ItemBaseParams):
    price = Str(max_length=5000)
    expand = Expand()


class ItemCreateParams(ItemFieldsParams):
    subscription = Str(max_length=5000, required=True)


class ItemUpdateParams(ItemFieldsParams):
    off_session = Bool()


class ItemDeleteParams(ChangeTimingParams):
    clear_usage = Bool()


class TypeParams(Params):
    type = Enum("item_current_period_start", "none", "now", required=True)


class UsageThroughParams(Params):
    type = Enum("none", "now", required=True)


class BillForParams(Params):
    # metered usage is not emulated: there is never outstanding usage to bill
    outstanding_usage_through = Nested(UsageThroughParams)
    unused_time_from = Nested(TypeParams)


class PauseParams(Params):
    type = Enum("subscription")
    invoicing_behavior = Enum("invoice", "pending_invoice_item")
    bill_for = Nested(BillForParams)
    expand = Expand()


class ResumeParams(Params):
    billing_cycle_anchor = anchor_change()
    payment_behavior = Enum("resume_on_payment_attempt", "resume_on_payment_success")
    proration_behavior = Enum(*PRORATION_BEHAVIORS)
    proration_date = Timestamp()
    expand = Expand()
