"""Tax IDs: `/v1/customers/{customer}/tax_ids` and the top-level `/v1/tax_ids`.

Both routes show the same objects. There is no update: Stripe's way to change a tax ID is to
delete it and create another.
"""

from __future__ import annotations

from typing import Any

from .. import messages as M
from ..api.expand import Ref
from ..api.params import Enum, Expand, ListParams, Nested, NotYet, Params, Str
from ..api.resource import Resource, declare
from ..errors import InvalidRequestError
from ..store.memory import Account
from . import tax_id_rules as rules
from .customers import CUSTOMERS


class TaxIdParams(Params):
    type = Enum(*rules.TYPES, required=True)
    value = Str(max_length=5000, required=True)
    expand = Expand()


class OwnerParams(Params):
    type = Enum("account", "application", "customer", "self", required=True)
    customer = Str()
    account = NotYet()  # Connect accounts are not emulated
    customer_account = NotYet()


class TopLevelTaxIdParams(TaxIdParams):
    owner = Nested(OwnerParams)


class TopLevelListParams(ListParams):
    owner = Nested(OwnerParams)


def check_room(account: Account, customer: dict) -> None:
    rules.check_room(len(TAX_IDS.children(account, customer["id"])))


def build_for_customer(account: Account, p: dict[str, Any], customer: dict | None) -> dict:
    assert customer is not None
    check_room(account, customer)
    rules.check(p["type"], p["value"], "value")
    return rules.new_tax_id(account, TAX_IDS.new_id(account), p["type"], p["value"],
                            "customer", customer["id"])


def _owner_customer(account: Account, owner: dict[str, Any]) -> dict | None:
    """The customer an `owner` hash names (None for the account itself)."""
    kind = owner["type"]
    if kind in ("account", "application"):
        raise InvalidRequestError(M.TAX_ID_CONNECT_OWNER.format(type=kind),
                                  code="parameter_unsupported", param="owner[type]")
    if kind == "self":
        if "customer" in owner:
            raise InvalidRequestError(M.TAX_ID_OWNER_CUSTOMER_NOT_SELF, param="owner[customer]")
        return None
    if not owner.get("customer"):
        raise InvalidRequestError(M.MISSING_PARAM.format(param="owner[customer]"),
                                  code="parameter_missing", param="owner[customer]")
    return CUSTOMERS.get(account, owner["customer"], "owner[customer]")


def build_top_level(account: Account, p: dict[str, Any], _: dict | None) -> dict:
    customer = _owner_customer(account, p.get("owner") or {"type": "self"})
    if customer is not None:
        check_room(account, customer)
    rules.check(p["type"], p["value"], "value")
    return rules.new_tax_id(account, TAX_IDS.new_id(account), p["type"], p["value"],
                            "customer" if customer else "self",
                            customer["id"] if customer else None)


def narrow_top_level(account: Account, p: dict) -> tuple[Any, Any]:
    owner = p.get("owner") or {"type": "self"}
    customer = _owner_customer(account, owner)
    if customer is None:
        return None, lambda obj: obj["owner"]["type"] == "self"
    return TAX_IDS.collection(account).indexes["parent"].ids(customer["id"]), None


EXPANDABLE = {"customer": Ref("customer"), "owner": {"customer": Ref("customer")}}

TAX_IDS = declare(Resource(
    object_name="tax_id",
    kind=rules.KIND,
    events={"created": "customer.tax_id.created", "updated": "customer.tax_id.updated",
            "deleted": "customer.tax_id.deleted"},
    path="/v1/customers/{customer}/tax_ids",
    prefix="txi",
    parent=CUSTOMERS,
    example={"type": "eu_vat", "value": "DE123456789"},
    expandable=EXPANDABLE,
))
TAX_IDS.operations = [
    TAX_IDS.create(TaxIdParams, build_for_customer),
    TAX_IDS.retrieve(),
    TAX_IDS.delete(),
    TAX_IDS.list(),
]

ALL_TAX_IDS = declare(TAX_IDS.view("/v1/tax_ids", example={"type": "us_ein",
                                                            "value": "12-3456789"}))
ALL_TAX_IDS.operations = [
    ALL_TAX_IDS.create(TopLevelTaxIdParams, build_top_level),
    ALL_TAX_IDS.retrieve(),
    ALL_TAX_IDS.delete(),
    ALL_TAX_IDS.list(TopLevelListParams, narrow_top_level),
]
