"""`add_invoice_items`: one-off invoice items for a subscription's next invoice (its first, on
create; on update, the invoice its change makes at once or its next renewal). Each is the
subscription's (`parent.subscription_details`), over the period `period` names: by default
from the latest start to the earliest end of the items' current periods ("If not set,
`period.start.type` defaults to `max_item_period_start` and `period.end.type` defaults to
`min_item_period_end`")."""

from __future__ import annotations

from typing import Any, NamedTuple

from ... import messages as M
from ...api.params import within
from ...errors import InvalidRequestError
from ...store.memory import Account
from ..invoices import items as invoice_items
from ..invoices import rules
from .declared import items_of

PARAM = "add_invoice_items"
_FIELDS = ("price_data", "quantity", "metadata", "tax_rates", "discountable", "discounts")


class OneOff(NamedTuple):
    item: dict  # the invoice item, built but not stored
    period: dict | None  # its `period` as given
    index: int


def _check_period(period: dict, index: int) -> None:
    for side in ("start", "end"):
        if period[side]["type"] == "timestamp" and "timestamp" not in period[side]:
            param = f"{PARAM}[{index}][period][{side}][timestamp]"
            raise InvalidRequestError(M.MISSING_PARAM.format(param=param),
                                      code="parameter_missing", param=param)


def _period(given: dict | None, start: int, end: int, now: int) -> tuple[int, int]:
    """(start, end) as `period` names them; `start`, `end`: the items' shared period."""
    if given is None:
        return start, end
    if given["start"]["type"] == "now":
        start = now
    elif given["start"]["type"] == "timestamp":
        start = given["start"]["timestamp"]
    if given["end"]["type"] == "timestamp":
        end = given["end"]["timestamp"]
    return start, end


def build(account: Account, specs: list[dict], customer_id: str,
          currency: str) -> list[OneOff]:
    """The items `add_invoice_items` asks for, checked (their discounts redeemed) before the
    subscription's own writes."""
    out = []
    for index, spec in enumerate(specs):
        params: dict[str, Any] = {"customer": customer_id, "currency": currency,
                                  **{k: spec[k] for k in _FIELDS if k in spec}}
        if "price" in spec:
            params["pricing"] = {"price": spec["price"]}
        try:
            if "price" not in spec and "price_data" not in spec:
                raise InvalidRequestError(M.MISSING_PARAM.format(param="price"),
                                          code="parameter_missing", param="price")
            item = invoice_items.new_item(account, params, None)
        except InvalidRequestError as err:
            raise within(invoice_items.name_as_given(err, spec), PARAM, str(index)) from None
        if "period" in spec:
            _check_period(spec["period"], index)
        out.append(OneOff(item, spec.get("period"), index))
    return out


def add(account: Account, sub: dict, one_offs: list[OneOff], now: int) -> None:
    """Store them as the subscription's pending items, each over its period."""
    if not one_offs:
        return
    items = items_of(account, sub)
    latest_start = max(item["current_period_start"] for item in items)
    earliest_end = min(item["current_period_end"] for item in items)
    for one_off in one_offs:
        start, end = _period(one_off.period, latest_start, earliest_end, now)
        if end < start:
            raise InvalidRequestError(M.ITEM_PERIOD_REVERSED,
                                      param=f"{PARAM}[{one_off.index}][period][end]")
        account.create(rules.ITEM_KIND, {
            **one_off.item, "period": {"end": end, "start": start},
            "parent": {"type": "subscription_details",
                       "subscription_details": {"subscription": sub["id"]}}})
