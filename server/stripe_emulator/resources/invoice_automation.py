"""What invoices do on their own when `auto_advance` is on: a draft is finalized at its
`automatically_finalizes_at` (an hour after it was made), and an open charge_automatically
invoice is charged at its `next_payment_attempt`.

Due work is read off the invoices themselves (no queue to keep or restore): a test clock's
advance runs what falls due on its customers in time order, each at its own instant; objects on
no clock are advanced in real time by `run_due_in_real_time`, which the server calls while it
runs (and which a restart simply resumes).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..clocks import KIND as CLOCK_KIND
from ..errors import CardError, InvalidRequestError
from ..store.memory import Account
from . import invoice_rules as rules


def due_at(invoice: dict) -> int | None:
    """When the invoice next advances on its own, if it does."""
    if not invoice["auto_advance"]:
        return None
    if invoice["status"] == "draft":
        return invoice["automatically_finalizes_at"]
    if invoice["status"] == "open" and invoice["collection_method"] == "charge_automatically":
        return invoice["next_payment_attempt"]
    return None


def advance_one(account: Account, invoice: dict) -> None:
    """The invoice's own next step: finalize a draft, or attempt to charge an open invoice
    (one automatic attempt: retries on a schedule are not emulated, so a failure stops it)."""
    if invoice["status"] == "draft":
        rules.finalize(account, invoice)
        return
    try:
        rules.pay(account, invoice, {})
    except CardError:
        pass  # recorded on the invoice as a failed attempt (invoice.payment_failed)
    except InvalidRequestError:  # no payment method to charge
        failed = rules.save(account, invoice, {**invoice, "attempted": True,
                                               "attempt_count": invoice["attempt_count"] + 1})
        account.announce("invoice.payment_failed", failed)
    current = account.collections[rules.KIND].objects[invoice["id"]]
    if current["status"] == "open":
        rules.save(account, current, {**current, "next_payment_attempt": None})


def _due(invoices: Iterable[dict], until: int) -> list[tuple[int, str]]:
    return sorted((when, inv["id"]) for inv in invoices
                  if (when := due_at(inv)) is not None and when <= until)


def _customers_invoices(account: Account, customer_ids: Iterable[str]) -> list[dict]:
    coll = account.collections[rules.KIND]
    index = coll.indexes["customer"]
    return [coll.objects[i] for c in customer_ids for i in index.ids(c)]


def run_on_clock(account: Account, clock: dict, customer_ids: list[str], until: int) -> dict:
    """Everything due on the clock's customers up to `until`, in time order, each at its own
    instant (the clock stands at that instant while it runs); the clock as it ends."""
    while True:
        due = _due(_customers_invoices(account, customer_ids), until)
        if not due:
            return clock
        when, invoice_id = due[0]
        if when > clock["frozen_time"]:
            clock = account.update(CLOCK_KIND, clock, {**clock, "frozen_time": when})
        advance_one(account, account.collections[rules.KIND].objects[invoice_id])


def run_due_in_real_time(account: Account) -> int:
    """Advance the invoices of customers on no clock that are due by now; how many ran."""
    coll = account.collections[rules.KIND]
    now = account.now()
    ran = 0
    for invoice_id in list(coll.indexes["automatic"].ids(True)):
        invoice = coll.objects.get(invoice_id)
        if invoice is None or invoice["test_clock"] is not None:
            continue
        when = due_at(invoice)
        if when is not None and when <= now:
            with account.transaction():
                advance_one(account, invoice)
            ran += 1
    return ran
