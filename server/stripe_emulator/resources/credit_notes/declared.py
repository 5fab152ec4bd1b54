"""Credit notes as a declared resource: path, ids, indexes, expansions, events."""

from __future__ import annotations

from ...api.expand import Ref
from ...api.resource import Resource, declare
from ...events.names import FieldEvents
from ...store.indexes import MetadataIndex, ValueIndex

KIND = "credit_note"
LINES = "_credit_note_lines"  # a credit note's lines, all of them (the object shows ten)

CREDIT_NOTES = declare(Resource(
    object_name="credit_note",
    kind=KIND,
    path="/v1/credit_notes",
    prefix="cn",
    indexes=lambda: {"invoice": ValueIndex.of("invoice"),
                     "customer": ValueIndex.of("customer"),
                     "metadata": MetadataIndex()},
    expandable={"customer": Ref("customer"), "invoice": Ref("invoice"),
                "customer_balance_transaction": Ref("customer_balance_transaction"),
                "refunds": {"refund": Ref("refund")}},
    events={"created": "credit_note.created", "updated": "credit_note.updated"},
    field_events=FieldEvents("status", {"void": ("credit_note.voided",)}),
    example={"invoice": "{invoice}", "amount": "100"},
))
