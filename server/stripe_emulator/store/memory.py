"""The in-memory store: accounts (one per API key), and per object type a collection.

A collection keeps objects in their API shape, an order index (creation order, with the
creation time alongside) so a list page costs O(log n + limit) whatever the store size, and
the secondary indexes its resource declares. Every change goes through `Account.create`,
`Account.update` or `Account.delete`: the one place events will be emitted from.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

from ..ids import IdGenerator

Listener = Callable[["Account", str, dict, "dict | None"], None]
EVENT_LIMIT = 20_000  # events an account keeps (Stripe keeps 30 days' worth)


class Collection:
    def __init__(self, indexes: dict[str, Any] | None = None, time_key: str = "created") -> None:
        self.time_key = time_key
        self.objects: dict[str, dict] = {}
        self.order: list[str | None] = []  # ids in creation order; None where one was deleted
        self.created: list[int] = []  # creation time per position, for `created` filters
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
        self.objects[obj_id] = obj
        self.pos[obj_id] = len(self.order)
        self.order.append(obj_id)
        self.created.append(obj[self.time_key])
        for index in self.indexes.values():
            index.add(obj)

    def replace(self, old: dict, new: dict) -> None:
        for index in self.indexes.values():
            if index.changed(old, new):  # a large bucket is costly to take an id out of
                index.remove(old)
                index.add(new)
        self.objects[new["id"]] = new

    def remove(self, obj_id: str, stub: dict | None = None) -> dict:
        obj = self.objects.pop(obj_id)
        self.order[self.pos.pop(obj_id)] = None
        for index in self.indexes.values():
            index.remove(obj)
        if stub is not None:
            self.deleted[obj_id] = stub
        return obj

    def under(self, parent_id: str) -> list[dict]:
        """The live objects whose parent is `parent_id`, oldest first (a "parent" index)."""
        return [self.objects[i] for i in self.indexes["parent"].ids(parent_id)]

    def remove_oldest(self) -> dict | None:
        """Drop the oldest live object (a bounded history, e.g. events)."""
        order = self.order
        while self.first < len(order) and order[self.first] is None:
            self.first += 1
        if self.first == len(order):
            return None
        return self.remove(order[self.first])

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


class Account:
    """One API key's world: its objects, its clock, its idempotency records."""

    def __init__(self, key: str, livemode: bool, ids: IdGenerator) -> None:
        self.key = key
        self.livemode = livemode
        self.ids = ids
        self.collections: dict[str, Collection] = {}
        self.listeners: list[Listener] = []
        self.idempotency: Any = None  # set by the HTTP layer's idempotency store
        self.reserved: dict[str, set[str]] = {}  # e.g. invoice prefixes, never reusable
        self.ledgers: dict[str, dict[str, int]] = {}  # customer id -> currency -> balance
        self.numbers: dict[str, str] = {}  # payment method id -> card number (never shown)
        self.line_order: dict[str, list[str]] = {}  # invoice id -> its items, in line order
        self.invoice_overrides: dict[str, set[str]] = {}  # invoice id -> fields set on it
        self.base_url = "http://127.0.0.1:12111"  # how clients reach this server (last seen)
        self.webhook_secrets: dict[str, str] = {}  # endpoint id -> whsec_ (shown on create only)
        # changes not yet made into events (events/emitter.py); the oldest fall off the end
        self.event_log: deque[tuple] = deque(maxlen=EVENT_LIMIT)
        self.delivery_attempts: Any = None  # a bounded log, made on the first delivery
        # (request id, idempotency key, Stripe-Version) of the request being served, for events
        self.request: tuple[str | None, str | None, str | None] | None = None

    def now(self) -> int:
        # Every timestamp comes from here, so test clocks can shift an account's time later.
        return int(time.time())

    def collection(self, kind: str, factory: Callable[[], Collection] = Collection) -> Collection:
        coll = self.collections.get(kind)
        if coll is None:
            coll = self.collections[kind] = factory()
        return coll

    def reserved_set(self, name: str) -> set[str]:
        return self.reserved.setdefault(name, set())

    # The single gateway for changes: each one is announced to the listeners (events).

    def create(self, kind: str, obj: dict) -> dict:
        self.collections[kind].insert(obj)
        if self.listeners:
            self._emit(f"{kind}.created", obj, None)
        return obj

    def update(self, kind: str, old: dict, new: dict) -> dict:
        # Unchanged values are mostly the very same objects: `is` spares a deep comparison.
        previous = {k: v for k, v in old.items() if (n := new.get(k)) is not v and n != v}
        if previous:
            self.collections[kind].replace(old, new)
            if self.listeners:
                self._emit(f"{kind}.updated", new, previous)
        return new if previous else old

    def delete(self, kind: str, obj_id: str, stub: dict, keep_stub: bool = False) -> dict:
        obj = self.collections[kind].remove(obj_id, stub if keep_stub else None)
        if self.listeners:
            self._emit(f"{kind}.deleted", obj, None)
        return stub

    def announce(self, event_type: str, obj: dict) -> None:
        """An event that is no change of a stored field (e.g. `invoice.sent`): listeners get it
        as `!invoice.sent`, apart from the `kind.verb` changes of stored objects."""
        if self.listeners:
            self._emit("!" + event_type, obj, None)

    def _emit(self, event_type: str, obj: dict, previous: dict | None) -> None:
        for listener in self.listeners:
            listener(self, event_type, obj, previous)


class Store:
    """Accounts by API key, created on first use: parallel test runs never see each other."""

    def __init__(self, ids: IdGenerator, setup: Callable[[Account], None] | None = None) -> None:
        self.ids = ids
        self.accounts: dict[str, Account] = {}
        self.setup = setup

    def account(self, key: str) -> Account:
        account = self.accounts.get(key)
        if account is None:
            account = self.accounts[key] = Account(key, "_live_" in key, self.ids)
            if self.setup is not None:
                self.setup(account)
        return account

    def reset(self, key: str | None = None) -> None:
        if key is None:
            self.accounts.clear()
        else:
            self.accounts.pop(key, None)
