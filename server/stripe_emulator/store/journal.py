"""Per-request undo: every change a transaction makes is journaled, and undone if it fails.

"A failed request changes nothing" is this mechanism rather than a discipline: a request's
writes go to memory as they happen (later reads in the same request see them), each with the
entry that reverses it; an error anywhere, a 500 included, replays the entries backwards.
On commit the journal names what changed, which is what a durable backend writes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .memory import Account

INSERT, REPLACE, REMOVE = 0, 1, 2


class Transaction:
    __slots__ = ("account", "after", "events", "undo")

    def __init__(self, account: Account) -> None:
        self.account = account
        self.undo: list[tuple[str, int, str, Any]] = []  # (kind, op, id, what to restore)
        self.events: list[tuple] = []  # events noted by the emitter, kept only on commit
        self.after: list[Callable[[], None]] = []  # work for once it is durable (deliveries)

    def touched(self) -> set[tuple[str, str]]:
        return {(kind, obj_id) for kind, _, obj_id, _ in self.undo}

    def mark(self) -> tuple[int, int, int]:
        """Where the transaction stands, to undo back to (`rollback_to`): a what-if inside a
        request (an invoice preview runs the change, reads the result, undoes it)."""
        return len(self.undo), len(self.events), len(self.after)

    def rollback_to(self, mark: tuple[int, int, int]) -> None:
        undo, events, after = mark
        self._undo(self.undo[undo:])
        del self.undo[undo:]
        del self.events[events:]
        del self.after[after:]

    def rollback(self) -> None:
        self._undo(self.undo)
        self.undo.clear()
        self.events.clear()
        self.after.clear()

    def _undo(self, entries: list[tuple[str, int, str, Any]]) -> None:
        collections = self.account.collections
        for kind, op, obj_id, saved in reversed(entries):
            coll = collections[kind]
            if op == INSERT:
                coll.unappend(obj_id)
            elif op == REPLACE:
                coll.replace(coll.objects[obj_id], saved)
            else:
                coll.restore(*saved)

    def commit(self, defer: bool = False) -> None:
        """Make it final: the account's committers (events), the backend's write, then what
        waited for it. A backend that fails undoes the whole transaction and re-raises. With
        `defer`, the backend may batch the write with others' (an API request, which then
        waits for `backend.settle()` before it answers)."""
        account = self.account
        if account.closed:  # reset (or replaced by a snapshot) while this request ran
            return
        if not (self.undo or self.events) and account.ids.drawn == account.saved_drawn:
            return
        try:
            for committer in account.committers:
                committer(account, self)
            if account.durable:
                account.store.backend.save(account, self, defer)
        except BaseException:
            self.rollback()
            raise
        account.saved_drawn = account.ids.drawn
        self.undo.clear()
        self.events.clear()
        if self.after:
            after, self.after = self.after, []
            for work in after:
                work()
