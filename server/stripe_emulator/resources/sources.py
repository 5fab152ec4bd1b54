"""`/v1/customers/{customer}/sources`: a customer's legacy payment sources (cards, bank
accounts, sources).

Only the PaymentMethods API makes payment details here, and Stripe never lists its
`pm_…` objects among sources, so every customer's list is empty (filtered by `object` or not);
a source id answers Stripe's "No such source".
"""

from __future__ import annotations

from ..api.params import ListParams, Str
from ..api.resource import Resource, declare
from .customers import CUSTOMERS


class SourceListParams(ListParams):
    object = Str(max_length=5000)


SOURCES = declare(Resource(
    object_name="source",
    kind="source",
    path="/v1/customers/{customer}/sources",
    prefix="src",
    parent=CUSTOMERS,
))
SOURCES.operations = [SOURCES.list(SourceListParams), SOURCES.retrieve()]
