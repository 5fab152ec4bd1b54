"""A customer's own discount (`customer.discount`): what the Dashboard applies (the API has no
parameter for it at this version: here `POST /_emulator/customers/{id}/discount`), what a
customer's new invoices and subscriptions inherit, and `DELETE /v1/customers/{id}/discount`.
Its changes are customer.discount.* events of the discount."""

from __future__ import annotations

from typing import Any

from ... import messages as M
from ...api.params import Params, Str
from ...api.resource import Operation
from ...clocks import now_for
from ...errors import InvalidRequestError, no_such
from ...store.memory import Account
from ..customers import CUSTOMERS
from . import redeem
from .declared import DISCOUNT_KIND


class CustomerDiscountParams(Params):
    coupon = Str(max_length=5000)
    promotion_code = Str(max_length=5000)


def inherited(account: Account, customer_id: str) -> list[str]:
    """What a new invoice or subscription of the customer takes when not told otherwise."""
    customer = account.collections["customer"].get(customer_id)
    discount = customer and customer["discount"]
    return [discount["id"]] if discount else []


def apply(account: Account, customer: dict, entry: dict[str, Any]) -> dict:
    """The customer's discount from a coupon or a promotion code, replacing any it had."""
    now = now_for(account, customer["id"])
    [discount_id] = redeem.redeem(account, [entry], customer_id=customer["id"],
                                  currency=customer["currency"] or "usd", owner={},
                                  reusable=(), now=now, param="discount")
    discount = account.collections[DISCOUNT_KIND].objects[discount_id]
    old = customer["discount"]
    account.update("customer", customer, {**customer, "discount": discount})
    account.announce("customer.discount.updated" if old else "customer.discount.created",
                     discount)
    return discount


def _delete(account: Account, p: dict, args: dict) -> dict:
    customer = CUSTOMERS.find(account, {"id": args["customer"]})
    discount = customer["discount"]
    if discount is None:
        raise no_such("discount", f"{customer['id']} discount", "customer")
    account.update("customer", customer, {**customer, "discount": None})
    account.announce("customer.discount.deleted", discount)
    return deleted_stub(discount)


def deleted_stub(discount: dict) -> dict:
    """A removed discount as the API answers it (`DeletedDiscount`: no `end`)."""
    stub = {key: value for key, value in discount.items() if key != "end"}
    stub["deleted"] = True
    return stub


def check_entry(p: dict[str, Any]) -> dict[str, Any]:
    entry = {k: p[k] for k in ("coupon", "promotion_code") if k in p}
    if len(entry) != 1:
        raise InvalidRequestError(M.DISCOUNT_ONE_OF)
    return entry


DELETE = Operation("delete_discount", "DELETE", "/v1/customers/{customer}/discount",
                   Params, _delete, summary="Remove a customer's discount")
