"""What the credit note endpoints take (create and preview share theirs)."""

from __future__ import annotations

from ...api.params import (
    Amount,
    Created,
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
    Timestamp,
)
from ...billing.money import AMOUNT_MAX

REASONS = ("duplicate", "fraudulent", "order_change", "product_unsatisfactory")


class LineParams(Params):
    type = Enum("invoice_line_item", "custom_line_item", required=True)
    invoice_line_item = Str(max_length=5000)
    quantity = Int(minimum=0, maximum=AMOUNT_MAX)
    amount = Amount()
    description = Str(max_length=5000)
    unit_amount = Amount(minimum=0)
    unit_amount_decimal = Number(minimum=0, places=12)
    tax_rates = List(Str(max_length=5000), unsettable=True)
    metadata = Metadata()
    tax_amounts = NotYet()


class RefundParams(Params):
    refund = Str(max_length=5000)
    amount_refunded = Amount(minimum=1)
    type = Enum("refund", "payment_record_refund")
    payment_record_refund = NotYet()


class CreditNoteParams(Params):
    invoice = Str(max_length=5000, required=True)
    amount = Amount(minimum=1)
    credit_amount = Amount(minimum=0)
    refund_amount = Amount(minimum=0)
    out_of_band_amount = Amount(minimum=0)
    effective_at = Timestamp()
    email_type = Enum("credit_note", "none")
    lines = List(Nested(LineParams))
    memo = Str(max_length=5000)
    metadata = Metadata()
    reason = Enum(*REASONS)
    refunds = List(Nested(RefundParams))
    shipping_cost = NotYet()
    expand = Expand()


class PreviewLinesParams(CreditNoteParams):
    ending_before = Str(max_length=5000)
    limit = Int()
    starting_after = Str(max_length=5000)


class CreditNoteUpdateParams(Params):
    memo = Str(max_length=5000, unsettable=True)
    metadata = Metadata()
    expand = Expand()


class CreditNoteListParams(ListParams):
    created = Created()
    customer = Str(max_length=5000)
    customer_account = NotYet()
    invoice = Str(max_length=5000)
