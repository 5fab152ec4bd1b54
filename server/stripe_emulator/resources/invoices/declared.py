"""Invoices and invoice items as declared resources: paths, ids, indexes, expansions, events.
What is done with them is in the package's other modules; the operations are listed in
`__init__`."""

from __future__ import annotations

from ...api.expand import Include, Ref
from ...api.resource import Resource, declare
from ...billing.currencies import ACCOUNT_DEFAULT
from ...events.names import FieldEvents
from ...store.indexes import MetadataIndex, TimeIndex, ValueIndex
from ..payments import invoice_payments
from .automation import due_at
from .rules import ITEM_KIND, KIND


def subscription_of(invoice: dict) -> str | None:
    """The subscription an invoice bills, if any (`parent.subscription_details`)."""
    parent = invoice["parent"]
    return parent["subscription_details"]["subscription"] if parent is not None \
        and parent.get("subscription_details") else None


INVOICES = declare(Resource(
    object_name="invoice",
    kind=KIND,
    events={"created": "invoice.created", "updated": "invoice.updated",
            "deleted": "invoice.deleted"},
    # A status change announces itself before its invoice.updated.
    field_events=FieldEvents("status", {
        "open": ("invoice.finalized", "invoice.updated"),
        "paid": ("invoice.paid", "invoice.updated"),
        "void": ("invoice.voided", "invoice.updated"),
        "uncollectible": ("invoice.marked_uncollectible", "invoice.updated")}),
    path="/v1/invoices",
    prefix="in",
    indexes=lambda: {"customer": ValueIndex.of("customer"),
                     "subscription": ValueIndex(subscription_of, ("parent",)),
                     # those that advance on their own (auto_advance), for the due-work runner
                     "automatic": TimeIndex(due_at, ("auto_advance", "status",
                                                   "automatically_finalizes_at",
                                                   "collection_method",
                                                   "next_payment_attempt")),
                     # drafts only: a customer change refreshes these, however many invoices
                     # the customer has had
                     "drafts": ValueIndex(lambda o: o["customer"] if o["status"] == "draft"
                                          else None, ("customer", "status")),
                     "metadata": MetadataIndex()},
    example={"customer": "{customer}"},
    expandable={"customer": Ref("customer"), "default_payment_method": Ref("payment_method"),
                "lines": {},
                "payments": Include(invoice_payments.payments_list, object="invoice_payment",
                                    many=True),
                "confirmation_secret": Include(invoice_payments.confirmation_secret)},
))
INVOICE_ITEMS = declare(Resource(
    object_name="invoiceitem",
    kind=ITEM_KIND,
    # Stripe has no invoiceitem.updated.
    events={"created": "invoiceitem.created", "deleted": "invoiceitem.deleted"},
    path="/v1/invoiceitems",
    prefix="ii",
    time_key="date",
    indexes=lambda: {"customer": ValueIndex.of("customer"),
                     "invoice": ValueIndex.of("invoice"),
                     # pending items by customer: what the next invoice sweeps
                     "pending": ValueIndex(lambda o: o["customer"] if o["invoice"] is None
                                           else None, ("customer", "invoice"))},
    example={"customer": "{customer}", "amount": "1000", "currency": ACCOUNT_DEFAULT},
    expandable={"customer": Ref("customer"), "invoice": Ref("invoice")},
))
