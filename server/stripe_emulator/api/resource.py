"""How a resource is declared: its id, its object shape, its operations.

A resource module builds one `Resource` and lists `Operation`s made by the generic builders
below (create, retrieve, update, delete, list, search) or its own actions; `http/routes.py`
turns every declared operation into a route. The tenth resource costs a module, not a copy
of nine others' handlers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from marshmallow import Schema

from .. import messages as M
from ..errors import InvalidRequestError, no_such
from ..events import names as event_names
from ..store.indexes import ValueIndex
from ..store.memory import Account, Collection
from . import expand as expansion
from .lists import clamp_limit, paginate
from .params import ListParams, RetrieveParams, SearchParams, load
from .search import SearchField, decode_page, parse, search

# run(account, params, path_args) -> the response object
Runner = Callable[[Account, dict[str, Any], dict[str, str]], dict]


class Operation(NamedTuple):
    name: str
    method: str
    path: str  # aiohttp route, e.g. "/v1/customers/{id}"
    params: type[Schema]  # the class: its declared fields do the work, no instance needed
    run: Runner
    returns: str = "object"  # "object", "list" or "search_result": how `expand` applies
    summary: str = ""
    holds: str | None = None  # object name of what it answers, when not the resource's


@dataclass
class Resource:
    object_name: str  # "customer"
    kind: str  # the store's collection and events' name, e.g. "customer"
    path: str  # "/v1/customers", or "/v1/customers/{customer}/tax_ids" under a parent
    prefix: str  # id prefix, "cus"
    id_length: int = 24
    indexes: Callable[[], dict[str, Any]] = dict
    expandable: expansion.Spec = field(default_factory=dict)
    keep_deleted: bool = False  # deleted objects answer retrieve with their stub (customers)
    label: str | None = None  # the name in "No such …" when it is not object_name
    parent: Resource | None = None  # the object this one lives under, in paths and fields
    parent_key: str = "customer"  # the path argument and object field naming the parent
    example: dict[str, Any] = field(default_factory=dict)  # create params, for the docs
    time_key: str = "created"  # the creation-time field `created` list filters read
    # The store's change -> Stripe's event type ({"created": "product.created", ...}); a change
    # not named here makes no event.
    events: dict[str, str] = field(default_factory=dict)
    # An update of this field names its own events (an invoice's status, a method's owner).
    field_events: event_names.FieldEvents | tuple[event_names.FieldEvents, ...] | None = None
    operations: list[Operation] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.label or self.object_name

    def new_id(self, account: Account) -> str:
        return account.new_id(self.kind, self.prefix, self.id_length)

    def collection(self, account: Account) -> Collection:
        return account.collections[self.kind]

    def setup(self, account: Account) -> None:
        if self.kind in account.collections:  # a second view of the same objects
            return
        indexes = self.indexes()
        if self.parent is not None:
            key = self.parent_key
            indexes["parent"] = ValueIndex.of(key)
        account.collections[self.kind] = Collection(indexes, self.time_key)

    def fetch(self, account: Account, obj_id: str) -> dict | None:
        return account.collections[self.kind].get(obj_id)

    def get(self, account: Account, obj_id: str, param: str = "id", status: int = 400) -> dict:
        """The live object, or Stripe's "No such …" (404 for a path id, else `status`)."""
        obj = account.collections[self.kind].get(obj_id)
        if obj is None:
            raise no_such(self.name, obj_id, param, 404 if param == "id" else status)
        return obj

    def scope(self, account: Account, args: dict[str, str]) -> dict | None:
        """The parent named in the path (404 when it does not exist), or None at top level."""
        if self.parent is None:
            return None
        return self.parent.get(account, args[self.parent_key], self.parent_key, 404)

    def find(self, account: Account, args: dict[str, str], deleted: bool = False) -> dict:
        """The object a path names, under its parent where there is one."""
        parent = self.scope(account, args)
        coll = account.collections[self.kind]
        obj = coll.get(args["id"])
        if obj is None and deleted:
            obj = coll.deleted.get(args["id"])
        if obj is None or (parent is not None and obj.get(self.parent_key) != parent["id"]):
            raise no_such(self.name, args["id"])
        return obj

    def view(self, path: str, **changes: Any) -> Resource:
        """The same objects under another path (a top-level route beside a nested one)."""
        return replace(self, path=path, parent=changes.pop("parent", None), operations=[],
                       **changes)

    def deleted_stub(self, obj_id: str) -> dict:
        return {"id": obj_id, "object": self.object_name, "deleted": True}

    # Generic operations ---------------------------------------------------------------

    def create(
        self,
        params: type[Schema],
        build: Callable[[Account, dict, dict | None], dict],
        after: Callable[[Account, dict, dict], dict] | None = None,
    ) -> Operation:
        """`build(account, params, parent)` -> the new object; `after(account, obj, params)`
        then makes what hangs off it (it must not fail: check everything in `build`)."""

        def run(account: Account, p: dict, args: dict) -> dict:
            obj = account.create(self.kind, build(account, p, self.scope(account, args)))
            return after(account, obj, p) if after is not None else obj

        return Operation("create", "POST", self.path, params, run,
                         summary=f"Create a {self.name}")

    def retrieve(self, params: type[Schema] = RetrieveParams,
                 check: Callable[[dict, dict], None] | None = None) -> Operation:
        """`check(obj, params)`: refuses what the params say of the object (a client secret
        that is not its own)."""
        def run(account: Account, p: dict, args: dict) -> dict:
            obj = self.find(account, args, deleted=True)
            if check is not None:
                check(obj, p)
            return obj

        return Operation("retrieve", "GET", self.path + "/{id}", params, run,
                         summary=f"Retrieve a {self.name}")

    def update(
        self,
        params: type[Schema],
        apply: Callable[[Account, dict, dict], dict],
        after: Callable[[Account, dict, dict], dict] | None = None,
    ) -> Operation:
        """`apply(account, old, params)` -> the object as it must read; `after(account, obj,
        params)` then updates what depends on it (it must not fail)."""

        def run(account: Account, p: dict, args: dict) -> dict:
            old = self.find(account, args)
            new = account.update(self.kind, old, apply(account, old, p))
            return after(account, new, p) if after is not None else new

        return Operation("update", "POST", self.path + "/{id}", params, run,
                         summary=f"Update a {self.name}")

    def delete(
        self,
        before: Callable[[Account, dict], None] | None = None,
        after: Callable[[Account, dict], None] | None = None,
    ) -> Operation:
        """`before(account, obj)` may refuse; `after(account, obj)` tidies up once it's gone."""

        def run(account: Account, p: dict, args: dict) -> dict:
            obj = self.find(account, args)
            stub = self.remove(account, obj, before)
            if after is not None:
                after(account, obj)
            return stub

        return Operation("delete", "DELETE", self.path + "/{id}", RetrieveParams, run,
                         summary=f"Delete a {self.name}")

    def remove(
        self, account: Account, obj: dict, before: Callable[[Account, dict], None] | None = None
    ) -> dict:
        if before is not None:
            before(account, obj)
        return account.delete(self.kind, obj["id"], self.deleted_stub(obj["id"]),
                              keep_stub=self.keep_deleted)

    def list(
        self,
        params: type[Schema] = ListParams,
        narrow: Callable[[Account, dict], tuple[Any, Any]] | None = None,
    ) -> Operation:
        """`narrow(account, params)` -> (candidate ids or None, predicate or None)."""

        def run(account: Account, p: dict, args: dict) -> dict:
            candidates, where = narrow(account, p) if narrow else (None, None)
            parent = self.scope(account, args)
            coll = account.collections[self.kind]
            if parent is not None:
                candidates = coll.indexes["parent"].ids(parent["id"])
            return paginate(coll, p, url=self.path.format(**args), object_name=self.name,
                            where=where, candidates=candidates)

        return Operation("list", "GET", self.path, params, run, returns="list",
                         summary=f"List {self.name}s")

    def children(self, account: Account, parent_id: str) -> list[dict]:
        """The live objects under one parent, oldest first."""
        return account.collections[self.kind].under(parent_id)

    def search(self, fields: dict[str, SearchField],
               params: type[Schema] = SearchParams) -> Operation:
        kinds = tuple((name, f.kind) for name, f in sorted(fields.items()))
        url = self.path + "/search"

        def run(account: Account, p: dict, _: dict) -> dict:
            query = parse(p["query"], kinds)
            page = None
            if p.get("page") is not None:
                page = decode_page(p["page"])
                # A token no search returned (forged, or from a reset account) is refused.
                if page is None or page > len(account.collections[self.kind].order):
                    raise InvalidRequestError(M.SEARCH_PAGE.format(page=p["page"]), param="page")
            expand = p.get("expand") or []
            wants_total = "total_count" in expand
            if wants_total:
                p["expand"] = [e for e in expand if e != "total_count"]
            return search(account.collections[self.kind], query, fields,
                          limit=clamp_limit(p.get("limit")), page=page, url=url,
                          total_count=wants_total)

        return Operation("search", "GET", url, params, run, returns="search_result",
                         summary=f"Search {self.object_name}s")


RESOURCES: list[Resource] = []


def declare(resource: Resource) -> Resource:
    RESOURCES.append(resource)
    expansion.register(resource.object_name, resource.expandable, resource.fetch)
    for change, event_type in resource.events.items():
        event_names.register(resource.kind, change, event_type)
    if resource.field_events is not None:
        event_names.register_field(resource.kind, resource.field_events)
    return resource


__all__ = ["RESOURCES", "Operation", "Resource", "declare", "load"]
