"""What invoices do on their own when `auto_advance` is on: a draft is finalized at its
`automatically_finalizes_at` (an hour after it was made) and, if charge_automatically, charged
then; an open one is charged at its `next_payment_attempt` (a retry, or an hour after it was
finalized by hand).

Due work is read off the invoices themselves (no queue to keep or restore): a test clock's
advance runs what falls due on its customers in time order, each at its own instant; objects on
no clock are advanced in real time by `run_due_in_real_time`, which the server calls while it
runs (and which a restart simply resumes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ...billing.settings import settings_of
from ...clocks import KIND as CLOCK_KIND
from ...clocks import now_for
from ...errors import CardError, InvalidRequestError
from ...store.memory import Account
from . import rules
from . import status as invoice_status


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
    """The invoice's own next step: finalize a draft, or attempt to charge an open invoice;
    a failed attempt schedules the next retry, and once none is left the invoice's
    subscription (if any) learns of it (`EXHAUSTED`)."""
    if invoice["status"] == "draft":
        invoice = invoice_status.finalize(account, invoice)
        # Finalized on its own, it is charged there and then ("finalized and paid
        # automatically" an hour after it was made; the test clocks guide).
        if invoice["status"] != "open" or invoice["collection_method"] != "charge_automatically":
            return
    try:
        invoice_status.pay(account, invoice, {}, automatic=True)
    except CardError:
        pass  # recorded on the invoice as a failed attempt (invoice.payment_failed)
    except InvalidRequestError:  # no payment method to charge: a failed attempt all the same
        failed = rules.save(account, invoice, {**invoice, "attempted": True,
                                               "attempt_count": invoice["attempt_count"] + 1})
        account.announce("invoice.payment_failed", failed)
    current = account.collections[rules.KIND].objects[invoice["id"]]
    if current["status"] != "open":
        return
    retry = next_retry(account, current)
    current = rules.save(account, current, {**current, "next_payment_attempt": retry})
    if retry is None:
        for hook in EXHAUSTED:
            hook(account, current)


DAY = 86_400


def next_retry(account: Account, invoice: dict) -> int | None:
    """When a failed invoice is tried again: the account's retry days count from the first
    failed attempt (a subscription's first invoice is not retried: it waits for /pay)."""
    if invoice["billing_reason"] == "subscription_create":
        return None
    days = settings_of(account).retry_days
    n = invoice["attempt_count"]  # attempts so far, the failed one included
    if n > len(days):
        return None
    gap = days[n - 1] - (days[n - 2] if n >= 2 else 0)
    return now_for(account, invoice["customer"]) + gap * DAY


# Told when an invoice's last retry failed (subscriptions end or go unpaid, as settings say).
EXHAUSTED: list[Callable[[Account, dict], None]] = []


# Other due work (subscription renewals): each source gives (when, run) pairs due by `until`
# for the given customers, or (None) for everything on no clock.
DueSource = Callable[[Account, "list[str] | None", int], "list[tuple[int, Callable[[], None]]]"]
DUE_SOURCES: list[DueSource] = []
MAX_STEPS = 10_000  # per look, so one account's backlog cannot hold the loop forever


def _due(account: Account, invoices: Iterable[dict], customer_ids: list[str] | None,
         until: int) -> list[tuple[int, int, Callable[[], None]]]:
    """What falls due by `until`, in time order (renewals before the invoices of that instant:
    a renewal's invoice is made as a draft, finalized an hour later)."""
    due: list[tuple[int, int, Callable[[], None]]] = []
    for source in DUE_SOURCES:
        due += [(when, 0, run) for when, run in source(account, customer_ids, until)]
    for inv in invoices:
        when = due_at(inv)
        if when is not None and when <= until:
            due.append((when, 1, lambda inv_id=inv["id"]: advance_one(
                account, account.collections[rules.KIND].objects[inv_id])))
    due.sort(key=lambda entry: entry[:2])
    return due


def _customers_invoices(account: Account, customer_ids: Iterable[str]) -> list[dict]:
    coll = account.collections[rules.KIND]
    index = coll.indexes["customer"]
    return [coll.objects[i] for c in customer_ids for i in index.ids(c)]


def run_on_clock(account: Account, clock: dict, customer_ids: list[str], until: int) -> dict:
    """Everything due on the clock's customers up to `until`, in time order, each at its own
    instant (the clock stands at that instant while it runs); the clock as it ends."""
    while True:
        due = _due(account, _customers_invoices(account, customer_ids), customer_ids, until)
        if not due:
            return clock
        when, _, run = due[0]
        if when > clock["frozen_time"]:
            clock = account.update(CLOCK_KIND, clock, {**clock, "frozen_time": when})
        run()


def run_due_in_real_time(account: Account) -> int:
    """Advance the invoices of customers on no clock that are due by now; how many ran."""
    coll = account.collections[rules.KIND]
    now = account.now()
    ran = 0
    while ran < MAX_STEPS:
        invoices = [coll.objects[i] for i in coll.indexes["automatic"].due(now)]
        due = _due(account, [i for i in invoices if i["test_clock"] is None], None, now)
        if not due:
            return ran
        with account.transaction():
            due[0][2]()
        ran += 1
    return ran
