"""`backdate_start_date`: a new subscription that started in the past ("This is often used when
migrating to Stripe"). Its `start_date` is the backdated one; its first invoice also bills the
time between then and now, as flexible billing does it: "one line item for each natural
billing cycle that occurs during the backdated period, which behaves similarly to regular
billing" (the backdating guide), each cycle counted back from the billing cycle anchor and a
partial one prorated over its cycle (a proration item). `proration_behavior=none` bills none
of it ("doesn't charge the customer for backdated time"); a trial does not spare it ("Can be
combined with trials and the billing cycle anchor", the SDK).
"""

from __future__ import annotations

from ... import messages as M
from ...billing import proration
from ...billing.periods import boundary
from ...errors import InvalidRequestError
from ...store.memory import Account
from . import invoicing, prorations
from .declared import anchor_day, items_of

MAX_LINES = 250  # "Backdating isn't supported when an invoice has more than 250 line items"


def start_date(p: dict, now: int) -> int:
    """The subscription's start: the backdated one, which must be past, or now."""
    given = p.get("backdate_start_date")
    if given is None:
        return now
    if given > now:
        raise InvalidRequestError(M.BACKDATE_FUTURE, param="backdate_start_date")
    return given


def _cycles(sub: dict, recurring: dict, start: int, until: int) -> list[tuple[int, int]]:
    """The billing cycles of the interval, back from the anchor, that [start, until) spans."""
    out: list[tuple[int, int]] = []
    interval, count, day = recurring["interval"], recurring["interval_count"], anchor_day(sub)
    cycle_end = sub["billing_cycle_anchor"]
    k = 0
    while True:
        end = boundary(cycle_end, interval, count, -k, day)
        begin = boundary(cycle_end, interval, count, -(k + 1), day)
        if begin < until:
            out.append((begin, end))
        if begin <= start or len(out) > MAX_LINES:
            return list(reversed(out))
        k += 1


def lines(account: Account, sub: dict, behavior: str) -> list[dict]:
    """The first invoice's lines for the backdated time, oldest first (a partial cycle as a
    proration: a pending item the invoice takes)."""
    start, created = sub["start_date"], sub["created"]
    if start >= created or behavior == "none":
        return []
    out: list[dict] = []
    made = 0  # lines and prorations, with the items' own lines of the first period
    items = items_of(account, sub)
    for item in items:
        amount = invoicing.period_amount(account, item)
        cycles = _cycles(sub, item["price"]["recurring"], start, created)
        made += len(cycles)
        if made + len(items) > MAX_LINES:
            raise InvalidRequestError(M.BACKDATE_TOO_MANY_LINES.format(maximum=MAX_LINES),
                                      param="backdate_start_date")
        for begin, end in cycles:
            first, last = max(begin, start), min(end, created)
            if (first, last) == (begin, end):
                out += invoicing.item_lines(account, sub, item, (first, last))
                continue
            charged = proration.between(amount, 1, begin, end, first, last)
            if charged:  # a part of a cycle: a proration, as Stripe makes one, discounted
                # by the first invoice as its other lines
                prorations.proration_item(account, sub, item, charged, False, first, last,
                                          settled=False)
    return out
