"""`/v1/invoices/create_preview`: the customer's next invoice as it would read, never stored."""

from __future__ import annotations

from ... import messages as M
from ...api.params import (
    Amount,
    Currency,
    Expand,
    List,
    Nested,
    NotYet,
    Number,
    Params,
    Str,
    within,
)
from ...billing.currencies import ACCOUNT_DEFAULT
from ...errors import InvalidRequestError, no_such
from ...store.memory import Account
from ..customers import CUSTOMERS
from ..discounts import customer_discount, redeem
from ..subscriptions.preview import SubscriptionDetailsParams
from ..subscriptions.preview import preview as subscription_preview
from . import items as invoice_items
from . import rules
from .drafts import new_invoice


class PreviewItemParams(invoice_items.ItemFieldsParams):
    currency = Currency()
    invoiceitem = Str(max_length=5000)
    unit_amount = Amount()
    unit_amount_decimal = Number(places=12)
    price = Str(max_length=5000)
    tax_behavior = NotYet()
    tax_code = NotYet()



class CreatePreviewParams(Params):
    customer = Str(max_length=5000)
    currency = Currency()
    invoice_items = List(Nested(PreviewItemParams), max_items=250)
    expand = Expand()
    automatic_tax = NotYet()
    customer_account = NotYet()
    customer_details = NotYet()
    discounts = List(Nested(redeem.DiscountParams), unsettable=True)
    issuer = NotYet()
    on_behalf_of = NotYet()
    preview_mode = NotYet()
    schedule = NotYet()
    schedule_details = NotYet()
    subscription = Str(max_length=5000)
    subscription_details = Nested(SubscriptionDetailsParams)


def create_preview(account: Account, p: dict, args: dict) -> dict:
    """The preview, made inside a what-if: whatever it redeems (a discount, a coupon's count)
    is undone with it."""
    with account.what_if():
        return _preview(account, p)


def _preview(account: Account, p: dict) -> dict:
    if "subscription" in p or "subscription_details" in p:
        if "customer" in p:
            CUSTOMERS.get(account, p["customer"], "customer")
        return subscription_preview(account, p)
    if "customer" not in p:
        raise InvalidRequestError(M.MISSING_PARAM.format(param="customer"),
                                  code="parameter_missing", param="customer")
    customer = CUSTOMERS.get(account, p["customer"], "customer")
    if "invoice_items" not in p:
        # Since 2025-03-31.basil a preview names what it previews: a customer's pending items
        # alone no longer make one (subscriptions and schedules are not emulated yet).
        raise InvalidRequestError(M.PREVIEW_NEEDS_DETAILS, code="parameter_missing")
    currency = p.get("currency") or customer["currency"] or ACCOUNT_DEFAULT
    items_coll = account.collections[rules.ITEM_KIND]
    pending = {i: items_coll.objects[i] for i in items_coll.indexes["pending"].ids(customer["id"])
               if items_coll.objects[i]["currency"] == currency}
    extra = []
    for index, given in enumerate(p.get("invoice_items") or []):
        try:
            spec = invoice_items.from_preview(given)
            if "invoiceitem" in spec:
                current = pending.get(spec["invoiceitem"])
                if current is None:
                    raise no_such("invoiceitem", spec["invoiceitem"], "invoiceitem", 400)
                changes = {k: v for k, v in spec.items() if k not in ("invoiceitem", "currency")}
                pending[current["id"]] = invoice_items.update_item(account, current, changes)
            else:
                item = invoice_items.new_item(account, {
                    **spec, "customer": customer["id"],
                    "currency": spec.get("currency", currency)}, None)
                extra.append({**item, "id": "ii_tmp_" + item["id"][3:]})
        except InvalidRequestError as err:
            raise within(invoice_items.name_as_given(err, given), "invoice_items",
                         str(index)) from None
    items = list(reversed(pending.values())) + extra
    if not items:
        raise InvalidRequestError(M.NO_UPCOMING.format(customer=customer["id"]),
                                  code="invoice_upcoming_none")
    draft = new_invoice(account, {"customer": customer["id"], "currency": currency}, None,
                        invoice_id="upcoming_in_" + account.ids.token(24), preview=True)
    inherited = customer_discount.inherited(account, customer["id"])
    draft["discounts"] = inherited if "discounts" not in p else redeem.redeem(
        account, p["discounts"] or [], customer_id=customer["id"], currency=currency,
        owner={}, reusable=inherited, now=draft["created"], param="discounts")
    return rules.refresh(account, {**draft, "billing_reason": "upcoming"}, items)
