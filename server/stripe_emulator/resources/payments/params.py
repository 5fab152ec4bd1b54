"""What the PaymentIntent and charge endpoints take."""

from __future__ import annotations

from ... import messages as M
from ...api.params import (
    Amount,
    Bool,
    Created,
    Currency,
    Email,
    Enum,
    Expand,
    Gone,
    ListParams,
    Metadata,
    Nested,
    NotYet,
    Params,
    Str,
)
from ..customers import ShippingDetailsParams

# "Passing payment_method_types on this API version returns a 400 error with the code
# payment_method_types_no_longer_supported" (2026-09-30.endive)
GONE = Gone(M.PAYMENT_METHOD_TYPES_GONE, "payment_method_types_no_longer_supported")


class AutomaticMethodsParams(Params):
    enabled = Bool(required=True)
    allow_redirects = Enum("always", "never")


class ConfirmFieldsParams(Params):
    """What confirming takes, on confirm and on create with `confirm=true`."""

    payment_method = Str(max_length=5000)
    return_url = Str(max_length=5000)
    off_session = Bool()
    error_on_requires_action = Bool()
    receipt_email = Email(unsettable=True)
    setup_future_usage = Enum("off_session", "on_session", unsettable=True)
    use_stripe_sdk = Bool()
    mandate = NotYet()
    mandate_data = NotYet()
    payment_method_data = NotYet()
    payment_method_options = NotYet()
    radar_options = NotYet()
    shipping = Nested(ShippingDetailsParams, unsettable=True)


class IntentCreateParams(ConfirmFieldsParams):
    amount = Amount(minimum=0, required=True)  # (0 refused in its own words: intents.py)
    currency = Currency(required=True)
    customer = Str(max_length=5000)
    confirm = Bool()
    capture_method = Enum("automatic", "automatic_async", "manual")
    confirmation_method = Enum("automatic", "manual")
    description = Str(max_length=1000)
    metadata = Metadata()
    statement_descriptor = Str(max_length=22)
    statement_descriptor_suffix = Str(max_length=22)
    automatic_payment_methods = Nested(AutomaticMethodsParams)
    expand = Expand()
    payment_method_types = GONE
    allowed_payment_method_types = NotYet()
    application_fee_amount = NotYet()
    confirmation_token = NotYet()
    customer_account = NotYet()
    excluded_payment_method_types = NotYet()
    hooks = NotYet()
    on_behalf_of = NotYet()
    payment_details = NotYet()
    payment_method_configuration = NotYet()
    transfer_data = NotYet()
    transfer_group = NotYet()
    amount_details = NotYet()


class IntentUpdateParams(Params):
    amount = Amount(minimum=1)
    currency = Currency()
    customer = Str(max_length=5000, unsettable=True)
    description = Str(max_length=1000, unsettable=True)
    metadata = Metadata()
    payment_method = Str(max_length=5000)
    receipt_email = Email(unsettable=True)
    setup_future_usage = Enum("off_session", "on_session", unsettable=True)
    capture_method = Enum("automatic", "automatic_async", "manual")
    statement_descriptor = Str(max_length=22, unsettable=True)
    statement_descriptor_suffix = Str(max_length=22, unsettable=True)
    expand = Expand()
    payment_method_types = GONE
    allowed_payment_method_types = NotYet()
    application_fee_amount = NotYet()
    amount_details = NotYet()
    customer_account = NotYet()
    excluded_payment_method_types = NotYet()
    hooks = NotYet()
    payment_details = NotYet()
    payment_method_configuration = NotYet()
    payment_method_data = NotYet()
    payment_method_options = NotYet()
    shipping = Nested(ShippingDetailsParams, unsettable=True)
    transfer_data = NotYet()
    transfer_group = NotYet()


class SecretRetrieveParams(Params):
    """Retrieving an intent: its client secret may be given (what a publishable key must
    give, on Stripe; keys here are secret ones), and must then be the intent's."""

    client_secret = Str(max_length=5000)
    expand = Expand()


class ConfirmParams(ConfirmFieldsParams):
    capture_method = Enum("automatic", "automatic_async", "manual")
    expand = Expand()
    amount_to_confirm = NotYet()
    client_secret = NotYet()
    confirmation_token = NotYet()
    excluded_payment_method_types = NotYet()
    hooks = NotYet()
    payment_details = NotYet()
    payment_method_types = GONE
    allowed_payment_method_types = NotYet()
    amount_details = NotYet()


class CaptureFieldsParams(Params):
    """What capturing takes, a PaymentIntent's or its charge's."""

    statement_descriptor = Str(max_length=22)
    statement_descriptor_suffix = Str(max_length=22)
    expand = Expand()
    application_fee_amount = NotYet()
    transfer_data = NotYet()


class CaptureParams(CaptureFieldsParams):
    amount_to_capture = Amount(minimum=1)
    final_capture = Bool()
    metadata = Metadata()
    amount_details = NotYet()
    hooks = NotYet()
    payment_details = NotYet()


class ChargeCaptureParams(CaptureFieldsParams):
    amount = Amount(minimum=1)
    receipt_email = Email()
    application_fee = NotYet()
    transfer_group = NotYet()


class CancelParams(Params):
    cancellation_reason = Enum("abandoned", "duplicate", "fraudulent", "requested_by_customer")
    expand = Expand()


class IntentListParams(ListParams):
    created = Created()
    customer = Str(max_length=5000)
    customer_account = NotYet()


class ChargeUpdateParams(Params):
    description = Str(max_length=40000, unsettable=True)
    metadata = Metadata()
    receipt_email = Email(unsettable=True)
    expand = Expand()
    customer = NotYet()
    fraud_details = NotYet()
    shipping = Nested(ShippingDetailsParams, unsettable=True)
    transfer_group = NotYet()


class ChargeListParams(ListParams):
    created = Created()
    customer = Str(max_length=5000)
    payment_intent = Str(max_length=5000)
    transfer_group = NotYet()


class RefundCreateParams(Params):
    charge = Str(max_length=5000)
    payment_intent = Str(max_length=5000)
    amount = Amount(minimum=1)
    reason = Enum("duplicate", "fraudulent", "requested_by_customer")
    metadata = Metadata()
    expand = Expand()
    currency = NotYet()
    customer = NotYet()
    instructions_email = NotYet()
    origin = NotYet()
    refund_application_fee = NotYet()
    reverse_transfer = NotYet()


class RefundUpdateParams(Params):
    metadata = Metadata()
    expand = Expand()


class RefundListParams(ListParams):
    charge = Str(max_length=5000)
    payment_intent = Str(max_length=5000)
    created = Created()


class RefundCancelParams(Params):
    expand = Expand()


class SetupConfirmFieldsParams(Params):
    payment_method = Str(max_length=5000)
    return_url = Str(max_length=5000)
    use_stripe_sdk = Bool()
    mandate_data = NotYet()
    payment_method_data = NotYet()
    payment_method_options = NotYet()


class SetupCreateParams(SetupConfirmFieldsParams):
    customer = Str(max_length=5000)
    confirm = Bool()
    description = Str(max_length=1000)
    metadata = Metadata()
    usage = Enum("off_session", "on_session")
    automatic_payment_methods = Nested(AutomaticMethodsParams)
    expand = Expand()
    payment_method_types = GONE
    allowed_payment_method_types = NotYet()
    attach_to_self = NotYet()
    confirmation_token = NotYet()
    customer_account = NotYet()
    excluded_payment_method_types = NotYet()
    flow_directions = NotYet()
    mandate_data = NotYet()
    on_behalf_of = NotYet()
    payment_method_configuration = NotYet()
    single_use = NotYet()


class SetupUpdateParams(Params):
    customer = Str(max_length=5000)
    description = Str(max_length=1000, unsettable=True)
    metadata = Metadata()
    payment_method = Str(max_length=5000)
    expand = Expand()
    payment_method_types = GONE
    allowed_payment_method_types = NotYet()
    attach_to_self = NotYet()
    customer_account = NotYet()
    excluded_payment_method_types = NotYet()
    flow_directions = NotYet()
    payment_method_configuration = NotYet()
    payment_method_data = NotYet()
    payment_method_options = NotYet()


class SetupConfirmParams(SetupConfirmFieldsParams):
    expand = Expand()
    allowed_payment_method_types = NotYet()
    client_secret = NotYet()
    confirmation_token = NotYet()


class SetupCancelParams(Params):
    cancellation_reason = Enum("abandoned", "duplicate", "requested_by_customer")
    expand = Expand()


class SetupListParams(ListParams):
    customer = Str(max_length=5000)
    payment_method = Str(max_length=5000)
    created = Created()
    attach_to_self = NotYet()
    customer_account = NotYet()


class InvoicePaymentFilter(Params):
    type = Enum("charge", "payment_intent", "payment_record", required=True)
    charge = Str(max_length=5000)
    payment_intent = Str(max_length=5000)
    payment_record = Str(max_length=5000)


class InvoicePaymentListParams(ListParams):
    created = Created()
    invoice = Str(max_length=5000)
    payment = Nested(InvoicePaymentFilter)
    status = Enum("canceled", "open", "paid")
