"""`expand[]`: replace ids with the objects they name, and fill includable properties.

What expands is Stripe's list: `sdk_expandables.json` (generated from the pinned SDK by
`tools/sdk_expandables.py`) names every expandable path of every object, so a path expands,
through a null or an empty list too, whether or not its target is emulated (an id of an
object the emulator does not hold stays an id). Each resource adds what it knows on top: a
`Ref` whose target it can fetch, an `Include` (a property present only when expanded, built on
demand) or a nested dict (a plain sub-object such as `invoice_settings`, or an embedded list,
whose `data` items each expand). Stored objects are never modified: expansion copies the
dicts it changes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple, Union

from .. import messages as M
from ..errors import InvalidRequestError
from ..store.memory import Account

MAX_DEPTH = 4


class Ref(NamedTuple):
    object: str  # object name of the target


class Include(NamedTuple):
    build: Callable[[Account, dict], Any]
    object: str | None = None  # object name of the value, or of its items when `many`
    many: bool = False  # the value is a list object: deeper paths step through `data`


Spec = dict[str, Union[Ref, Include, "Spec"]]

def _sdk_specs() -> dict[str, Spec]:
    table = json.loads((Path(__file__).with_name("sdk_expandables.json")).read_text())
    specs: dict[str, Spec] = {}
    for object_name, paths in table["objects"].items():
        spec = specs.setdefault(object_name, {})
        for path, targets in paths.items():
            *parents, leaf = path.split(".")
            node = spec
            for part in parents:
                node = node.setdefault(part, {})
            node[leaf] = Ref(targets[0] if targets else "")
    return specs


def _merge(sdk: Spec, own: Spec) -> Spec:
    """The resource's own rules over the SDK's paths (its Ref can fetch, its Include builds)."""
    out = dict(sdk)
    for key, rule in own.items():
        base = out.get(key)
        out[key] = _merge(base, rule) if isinstance(base, dict) and isinstance(rule, dict) \
            else rule
    return out


SPECS: dict[str, Spec] = _sdk_specs()
FETCH: dict[str, Callable[[Account, str], dict | None]] = {}


def register(object_name: str, spec: Spec, fetch: Callable[[Account, str], dict | None]) -> None:
    SPECS[object_name] = _merge(SPECS.get(object_name, {}), spec)
    FETCH[object_name] = fetch


def _tree(paths: list[str]) -> dict:
    tree: dict = {}
    for path in paths:
        segments = path.split(".")
        if sum(1 for s in segments if s != "data") > MAX_DEPTH:
            raise InvalidRequestError(M.EXPAND_TOO_DEEP.format(path=path), param="expand")
        node = tree
        for segment in segments:
            node = node.setdefault(segment, {})
    return tree


def _cannot(field: str) -> InvalidRequestError:
    return InvalidRequestError(M.CANNOT_EXPAND.format(field=field), param="expand")


def _embedded(value: Any) -> Spec | None:
    """The rules of an object embedded whole (a subscription item's `price`, and a list or
    array of them): a path may go through it to what it expands, as on Stripe
    (`items.data.price.product`)."""
    if isinstance(value, dict):
        if value.get("object") == "list":
            items = value.get("data") or []
            inner = _embedded(items[0]) if items else None
            return None if inner is None else {"data": inner}
        return SPECS.get(value.get("object"))  # type: ignore[arg-type]
    if isinstance(value, list) and value:
        return _embedded(value[0])
    return None


def _apply(account: Account, obj: dict, spec: Spec | None, tree: dict) -> dict:
    out = dict(obj)
    for field, sub in tree.items():
        rule = (spec or {}).get(field)
        if rule is None and sub:  # through an embedded object, never to one
            rule = _embedded(out.get(field))
        if rule is None:
            raise _cannot(field)
        if isinstance(rule, dict):
            value = out.get(field)
            if isinstance(value, dict):
                out[field] = _apply(account, value, rule, sub)
            elif isinstance(value, list) and value:  # an array of sub-objects: each expands
                out[field] = [_apply(account, v, rule, sub) if isinstance(v, dict) else v
                              for v in value]
            elif sub:
                _check(rule, sub)
            continue
        if isinstance(rule, Include):
            value = rule.build(account, obj)
            if sub and value is not None:
                value = _into(account, value, rule.object, sub, rule.many)
            out[field] = value
            continue
        value = out.get(field)
        if isinstance(value, list):  # a list of ids (an invoice's `discounts`): each expands
            if not value and sub:
                _check(SPECS.get(rule.object), sub)
            out[field] = [_ref(account, rule, v, sub) for v in value]
        elif value is not None or not sub:
            out[field] = _ref(account, rule, value, sub)
        else:
            _check(SPECS.get(rule.object), sub)
    return out


def _ref(account: Account, rule: Ref, value: Any, sub: dict) -> Any:
    if isinstance(value, str):
        fetch = FETCH.get(rule.object)
        value = (fetch(account, value) if fetch else None) or value
    if isinstance(value, dict) and sub:
        return _apply(account, value, SPECS.get(rule.object), sub)
    if sub:
        _check(SPECS.get(rule.object), sub)
    return value


def _check(spec: Spec | None, tree: dict) -> None:
    """Refuse a path through a null value the same way as through a present one."""
    for field, sub in tree.items():
        rule = (spec or {}).get(field)
        if rule is None:
            raise _cannot(field)
        if not sub:
            continue
        if isinstance(rule, dict):
            _check(rule, sub)
        elif isinstance(rule, Include) and rule.many:  # a list: through its `data`
            if set(sub) != {"data"}:
                raise _cannot(next(k for k in sub if k != "data"))
            _check(SPECS.get(rule.object), sub["data"])
        else:
            _check(SPECS.get(rule.object), sub)


def _into(account: Account, value: Any, object_name: str | None, tree: dict, many: bool) -> Any:
    if not many:
        return _apply(account, value, SPECS.get(object_name), tree)
    if set(tree) != {"data"}:
        raise _cannot(next(k for k in tree if k != "data"))
    if not value["data"]:
        _check(SPECS.get(object_name), tree["data"])
    items = [_apply(account, item, SPECS.get(object_name), tree["data"]) for item in value["data"]]
    return {**value, "data": items}


def expand(account: Account, obj: dict, object_name: str, paths: list[str]) -> dict:
    """`obj` with `paths` expanded."""
    return _apply(account, obj, SPECS.get(object_name), _tree(paths))


def expand_list(account: Account, page: dict, object_name: str, paths: list[str]) -> dict:
    """A list or search result with `paths` (each starting with `data.`) expanded."""
    tree = _tree(paths)
    for field in tree:
        if field != "data":
            raise InvalidRequestError(M.CANNOT_EXPAND_LIST.format(field=field), param="expand")
    data = tree.get("data")
    if not data:
        return page
    if not page["data"]:  # refused the same on an empty page as on a full one
        _check(SPECS.get(object_name), data)
        return page
    return _into(account, page, object_name, {"data": data}, many=True)
