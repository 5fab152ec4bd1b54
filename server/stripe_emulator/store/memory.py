"""The in-memory store: accounts (one per API key), and per object type a collection.

A collection keeps objects in their API shape, an order index (creation order, with the
creation time alongside) so a list page costs O(log n + limit) whatever the store size, and
the secondary indexes its resource declares. Every change goes through an `Account` write
(`create`, `update`, `delete` for API objects, announced to the listeners that make events;
`put` and `drop` for the hidden records of kinds starting with "_"), inside a transaction
that journals it: memory is where reads are served from, the backend is where commits go.
"""

from __future__ import annotations

import gc
import hashlib
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from collections.abc import Collection as Sized
from contextlib import contextmanager
from typing import Any

from ..context import CURRENT
from ..ids import IdGenerator, account_stream
from .base import Backend, NullBackend
from .journal import INSERT, REMOVE, REPLACE, Transaction

Listener = Callable[["Account", str, dict, "dict | None"], None]
Committer = Callable[["Account", Transaction], None]
EVENT_LIMIT = 20_000  # events an account keeps (Stripe keeps 30 days' worth)


class StoreError(RuntimeError):
    """A misuse of the store (a write outside a transaction, an id already held): a bug."""


class Collection:
    def __init__(self, indexes: dict[str, Any] | None = None, time_key: str = "created") -> None:
        self.time_key = time_key
        self.objects: dict[str, dict] = {}
        self.order: list[str | None] = []  # ids in creation order; None where one was deleted
        self.created: list[int] = []  # creation time per position, for `created` filters
        # Whether those times grow with position: not once an object on a test clock (living
        # in its past or future) joins, and then `created` filters read each object's time.
        self.times_in_order = True
        self.pos: dict[str, int] = {}
        self.indexes: dict[str, Any] = indexes or {}
        for index in self.indexes.values():
            index.bind(self.pos)
        self.deleted: dict[str, dict] = {}  # stubs, for resources whose deleted objects answer
        self.first = 0  # no live object sits before this position

    def __len__(self) -> int:
        return len(self.objects)

    def get(self, obj_id: str) -> dict | None:
        return self.objects.get(obj_id)

    def insert(self, obj: dict) -> None:
        obj_id = obj["id"]
        objects, order, times = self.objects, self.order, self.created
        if obj_id in objects or obj_id in self.deleted:
            raise StoreError(f"id {obj_id} is already taken")
        objects[obj_id] = obj
        self.pos[obj_id] = len(order)
        order.append(obj_id)
        created = obj.get(self.time_key) or 0
        if times and created < times[-1]:
            self.times_in_order = False
        times.append(created)
        for index in self.indexes.values():
            index.add(obj)

    def replace(self, old: dict, new: dict, touched: Iterable[str] | None = None) -> None:
        """`new` in place of `old`; `touched`: the only fields that may differ, if known (an
        index reading none of them is left alone)."""
        for index in self.indexes.values():
            fields = index.fields
            if touched is not None and fields is not None and fields.isdisjoint(touched):
                continue
            if index.changed(old, new):  # a large bucket is costly to take an id out of
                index.remove(old)
                index.add(new)
        self.objects[new["id"]] = new

    def remove(self, obj_id: str, stub: dict | None = None) -> tuple[dict, int]:
        """Take a live object out (keeping `stub` to answer for it); its object and position."""
        obj = self.objects.pop(obj_id)
        at = self.pos.pop(obj_id)
        self.order[at] = None
        for index in self.indexes.values():
            index.remove(obj)
        if stub is not None:
            self.deleted[obj_id] = stub
        return obj, at

    # The undo of each change (journal.py), restoring exactly what was there.

    def unappend(self, obj_id: str) -> None:
        """Undo an insert: undone newest first, it is the last position."""
        obj = self.objects.pop(obj_id)
        del self.pos[obj_id]
        self.order.pop()
        self.created.pop()
        for index in self.indexes.values():
            index.remove(obj)

    def restore(self, obj: dict, at: int, stubbed: bool) -> None:
        """Undo a removal: the object back at its own position."""
        obj_id = obj["id"]
        self.objects[obj_id] = obj
        self.pos[obj_id] = at
        self.order[at] = obj_id
        self.first = min(self.first, at)
        if stubbed:
            del self.deleted[obj_id]
        for index in self.indexes.values():
            index.add(obj)

    def oldest(self) -> dict | None:
        order = self.order
        while self.first < len(order) and order[self.first] is None:
            self.first += 1
        return None if self.first == len(order) else self.objects[order[self.first]]

    def under(self, parent_id: str) -> list[dict]:
        """The live objects whose parent is `parent_id`, oldest first (a "parent" index)."""
        return [self.objects[i] for i in self.indexes["parent"].ids(parent_id)]

    def newest_first(self, start: int | None = None, stop: int = 0) -> Iterator[dict]:
        """Objects from position `start - 1` down to `stop`, skipping deleted ones."""
        order, objects = self.order, self.objects
        i = len(order) if start is None else start
        while i > stop:
            i -= 1
            obj_id = order[i]
            if obj_id is not None:
                yield objects[obj_id]

    def oldest_first(self, start: int, stop: int) -> Iterator[dict]:
        """Objects from position `start` up to `stop - 1`, skipping deleted ones."""
        order, objects = self.order, self.objects
        for i in range(start, min(stop, len(order))):
            obj_id = order[i]
            if obj_id is not None:
                yield objects[obj_id]

    # Whole contents, for snapshots and the durable backend.

    def rows(self) -> Iterator[tuple[int, dict]]:
        """(position, object) of every live object, oldest first."""
        for at in range(self.first, len(self.order)):
            obj_id = self.order[at]
            if obj_id is not None:
                yield at, self.objects[obj_id]

    def load(self, rows: list[tuple[int, dict]], stubs: list[dict]) -> None:
        """Fill an empty collection: each object at its own position (holes where objects
        were deleted stay holes, so positions and cursors read as before)."""
        rows.sort(key=lambda row: row[0])
        last = 0
        for at, obj in rows:
            while len(self.order) < at:
                self.order.append(None)
                self.created.append(last)
            self.insert(obj)
            last = self.created[-1]
        self.first = rows[0][0] if rows else len(self.order)
        for stub in stubs:
            self.deleted[stub["id"]] = stub


class Account:
    """One API key's world: its objects, its id stream, its event log."""

    def __init__(self, store: Store, key: str, livemode: bool, ids: IdGenerator) -> None:
        self.store = store
        self.durable = store.backend.durable  # commits go to a file
        self.key = key
        # names the account in links a person opens without its key (a receipt's URL)
        self.public_token = hashlib.sha256(key.encode()).hexdigest()[:24]
        self.livemode = livemode
        self.ids = ids
        self.saved_drawn = ids.drawn  # the id stream's state as the backend last saw it
        self.saved = False  # whether the backend holds this account yet
        self.collections: dict[str, Collection] = {}
        self.listeners: list[Listener] = []  # told of every change (the events)
        # told of the changes they name (drafts following their customer…): most changes
        # concern none of them, and each call skipped counts on the create path
        self.followers: dict[str, list[Listener]] = {}
        self.committers: list[Committer] = []  # run as a transaction commits (events made)
        # bring what is noted but not yet made (events) up to date before a whole-account read
        self.flushers: list[Callable[[Account], None]] = []
        # changes not yet made into events (events/emitter.py); the oldest fall off the end
        self.event_log: deque[tuple] = deque(maxlen=EVENT_LIMIT)
        # Keys whose first request is still running: coordination between requests, not state
        # (a restart forgets them, as it ends those requests).
        self.idempotency_in_flight: dict[str, str] = {}
        self.closed = False  # reset: whatever still holds it (a delivery) must let go

    def now(self) -> int:
        # Every timestamp comes from here, so test clocks can shift an account's time later.
        return int(time.time())

    def collection(self, kind: str) -> Collection:
        coll = self.collections.get(kind)
        if coll is None:  # hidden kinds ("_ledger"…) are made on first use
            coll = self.collections[kind] = Collection()
        return coll

    def new_id(self, kind: str, prefix: str, length: int = 24) -> str:
        """A fresh id for `kind`: drawn again on the (unlikely) collision with one it holds."""
        obj_id = f"{prefix}_{self.ids.token(length)}"
        coll = self.collections.get(kind)
        if coll is None:
            coll = self.collection(kind)
        elif obj_id in coll.objects or obj_id in coll.deleted:
            return self.new_id(kind, prefix, length)
        return obj_id

    # Transactions ------------------------------------------------------------------------

    def _undo_log(self) -> list:
        tx = CURRENT.get().transaction
        if tx is None or tx.account is not self:
            raise StoreError("a write outside a transaction of its account")
        return tx.undo

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """A unit of change outside an API request (or joined, inside one): committed when
        the block ends, undone whole if it raises (unless what it raises keeps its changes)."""
        ctx = CURRENT.get()
        if ctx.transaction is not None:
            if ctx.transaction.account is not self:
                raise StoreError("one transaction may change one account only")
            yield ctx.transaction
            return
        tx = Transaction(self)
        token = CURRENT.set(ctx._replace(transaction=tx))
        try:
            yield tx
        except BaseException as exc:
            # A failure that is itself a change (a declined attempt, kept as on Stripe) is
            # committed like a success; any other undoes the block.
            if getattr(exc, "keeps_changes", False):
                tx.commit()
            else:
                tx.rollback()
            raise
        else:
            tx.commit()
        finally:
            CURRENT.reset(token)

    @contextmanager
    def what_if(self) -> Iterator[None]:
        """Changes made inside the block are undone when it ends (a preview runs a change to
        read its result); it must run inside a transaction of this account."""
        tx = CURRENT.get().transaction
        if tx is None or tx.account is not self:
            raise StoreError("a what-if outside a transaction of its account")
        mark = tx.mark()
        try:
            yield
        finally:
            tx.rollback_to(mark)

    # The single gateway for changes: each one is journaled and announced to the listeners.

    def create(self, kind: str, obj: dict) -> dict:
        undo = self._undo_log()
        self.collections[kind].insert(obj)
        undo.append((kind, INSERT, obj["id"], None))
        self._emit(f"{kind}.created", obj, None)
        return obj

    def update(self, kind: str, old: dict, new: dict,
               changed: Sized[str] | None = None) -> dict:
        """Store `new` in place of `old`. `changed`: the only fields that can differ (the
        caller made `new` from `old` and those), so only they are compared."""
        if changed is None:
            # Unchanged values are mostly the very same objects: `is` spares a deep comparison.
            previous = {k: v for k, v in old.items() if (n := new.get(k)) is not v and n != v}
            touched = previous if new.keys() == old.keys() else None  # None: all may have
        else:
            previous = {k: v for k in changed if k in old
                        and ((v := old[k]) is not (n := new.get(k)) and n != v)}
            touched = changed
        if not previous:
            return old
        undo = self._undo_log()
        self.collections[kind].replace(old, new, touched)
        undo.append((kind, REPLACE, old["id"], old))
        self._emit(f"{kind}.updated", new, previous)
        return new

    def delete(self, kind: str, obj_id: str, stub: dict, keep_stub: bool = False) -> dict:
        obj = self._remove(kind, obj_id, stub if keep_stub else None)
        self._emit(f"{kind}.deleted", obj, None)
        return stub

    def _remove(self, kind: str, obj_id: str, stub: dict | None) -> dict:
        undo = self._undo_log()
        obj, at = self.collections[kind].remove(obj_id, stub)
        undo.append((kind, REMOVE, obj_id, (obj, at, stub is not None)))
        return obj

    def announce(self, event_type: str, obj: dict) -> None:
        """An event that is no change of a stored field (e.g. `invoice.sent`): listeners get it
        as `!invoice.sent`, apart from the `kind.verb` changes of stored objects."""
        self._emit("!" + event_type, obj, None)

    def follow(self, changes: Iterable[str], listener: Listener) -> None:
        """Tell `listener` of the `changes` named (`invoice.updated`, `!invoice.sent`…), after
        the listeners of every change."""
        for change in changes:
            self.followers.setdefault(change, []).append(listener)

    def _emit(self, event_type: str, obj: dict, previous: dict | None) -> None:
        for listener in self.listeners:
            listener(self, event_type, obj, previous)
        followers = self.followers.get(event_type)
        if followers is not None:
            for listener in followers:
                listener(self, event_type, obj, previous)

    # Records no API route shows and no event announces (ledgers, secrets, card numbers…):
    # journaled and stored like any object, so they too are undone, saved and restored.

    def record(self, kind: str, obj_id: str) -> dict | None:
        coll = self.collections.get(kind)
        return None if coll is None else coll.objects.get(obj_id)

    def put(self, kind: str, obj: dict) -> dict:
        coll = self.collection(kind)
        old = coll.objects.get(obj["id"])
        undo = self._undo_log()
        if old is None:
            coll.insert(obj)
            undo.append((kind, INSERT, obj["id"], None))
        elif old is not obj:
            coll.replace(old, obj)
            undo.append((kind, REPLACE, obj["id"], old))
        return obj

    def drop(self, kind: str, obj_id: str) -> None:
        coll = self.collections.get(kind)
        if coll is not None and obj_id in coll.objects:
            self._remove(kind, obj_id, None)

    def drop_oldest(self, kind: str) -> None:
        """Drop the oldest object of a bounded history (events, delivery attempts)."""
        oldest = self.collection(kind).oldest()
        if oldest is not None:
            self._remove(kind, oldest["id"], None)

    def reserve(self, namespace: str, value: str) -> None:
        """Take `value` for good in `namespace` (an invoice prefix, a used payment method)."""
        self.put("_reserved", {"id": f"{namespace}:{value}"})

    def is_reserved(self, namespace: str, value: str) -> bool:
        reserved = self.collections.get("_reserved")
        return reserved is not None and f"{namespace}:{value}" in reserved.objects

    # The account as data: what snapshots return and the durable backend stores.

    def meta(self) -> dict[str, Any]:
        return {"livemode": self.livemode, "ids": {"seed": self.ids.seed,
                                                   "drawn": self.ids.drawn}}

    def dump(self) -> dict[str, Any]:
        """Every object and record, with positions, and the id stream: restorable exactly.
        Changes not yet made into events are made first (their ids are drawn already)."""
        for flush in self.flushers:
            flush(self)
        kinds = {}
        for kind, coll in self.collections.items():
            if coll.objects or coll.deleted:
                kinds[kind] = {"objects": [[at, obj] for at, obj in coll.rows()],
                               "deleted": list(coll.deleted.values())}
        return {"meta": self.meta(), "collections": kinds}

    def load(self, collections: dict[str, dict]) -> None:
        """Fill a new, empty account from `dump()`'s collections (indexes are rebuilt)."""
        for kind, content in collections.items():
            self.collection(kind).load([(at, obj) for at, obj in content["objects"]],
                                       content.get("deleted", []))


class Store:
    """Accounts by API key, created on first use: parallel test runs never see each other.

    `prepare(account)` readies every account (collections, listeners), new or restored;
    `populate(account)` runs inside the first transaction of a new one (its defaults).
    """

    def __init__(self, seed: int | None = None, backend: Backend | None = None,
                 prepare: Callable[[Account], None] | None = None,
                 populate: Callable[[Account], None] | None = None) -> None:
        self.seed = seed
        self.backend = backend or NullBackend()
        self.accounts: dict[str, Account] = {}
        self.by_header: dict[str | None, Account] = {}  # the pipeline's Authorization cache
        self.prepare = prepare
        self.populate = populate

    def _new(self, key: str, ids: IdGenerator, livemode: bool) -> Account:
        account = Account(self, key, livemode, ids)
        if self.prepare is not None:
            self.prepare(account)
        return account

    def by_token(self, token: str) -> Account | None:
        """The account a public link names (`Account.public_token`), if it is here."""
        return next((a for a in self.accounts.values() if a.public_token == token), None)

    def account(self, key: str) -> Account:
        account = self.accounts.get(key)
        if account is None:
            account = self._new(key, account_stream(self.seed, key), "_live_" in key)
            if self.populate is not None:
                with account.transaction():
                    self.populate(account)
            self.accounts[key] = account
        return account

    def restore(self, key: str, doc: dict[str, Any], keep: bool = True) -> Account:
        """An account exactly as `Account.dump()` described it, replacing any under `key`
        (and, with `keep`, in the backend too: a snapshot loaded is a snapshot kept)."""
        meta = doc["meta"]
        ids = IdGenerator(meta["ids"]["seed"], meta["ids"]["drawn"])
        account = self._new(key, ids, meta["livemode"])
        account.load(doc["collections"])
        account.saved = not keep
        if keep:
            self.backend.replace(account)
        self.forget(key)
        self.accounts[key] = account
        return account

    def load(self) -> None:
        """Every account the backend kept, as it was (at start). The cyclic collector is
        paused meanwhile: it would scan the growing heap again and again, for no cycles."""
        enabled = gc.isenabled()
        gc.disable()
        try:
            for key, doc in self.backend.load():
                self.restore(key, doc, keep=False)
        finally:
            if enabled:
                gc.enable()

    def forget(self, key: str) -> Account | None:
        """Drop an account from memory (its file rows stay: see `reset`)."""
        account = self.accounts.pop(key, None)
        if account is not None:
            account.closed = True
            for header in [h for h, a in self.by_header.items() if a is account]:
                del self.by_header[header]
        return account

    def reset(self, key: str) -> None:
        """Erase one account, in memory and on disk; the next request starts it afresh."""
        self.forget(key)
        self.backend.erase(key)
