"""Fixture documents in the Stripe CLI's `stripe fixtures` format, applied to an account.

    {"_meta": {"template_version": 0},
     "fixtures": [{"name": "cus", "path": "/v1/customers", "method": "post",
                   "params": {"email": "a@example.com"}},
                  {"name": "ii", "path": "/v1/invoiceitems", "method": "post",
                   "params": {"customer": "${cus:id}", "amount": 1500, "currency": "usd"}}]}

Each step runs the API's own operation (the same validation; its events fire, as changes no
request caused: `request.id` null). A string may name an earlier step's response, `${name:id}`
or `${name:field.path}` (`lines.data.0.id`), or the environment, `${.env:VAR}` or
`${.env:VAR|default}`; a whole-string reference to a number or boolean keeps its type.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import Any

from .api.params import load
from .api.resource import Operation
from .context import CURRENT, NO_REQUEST
from .errors import StripeError
from .http.router import Router
from .store.memory import Account

_REF = re.compile(r"\$\{([^}:]+):([^}]*)\}")
METHODS = ("get", "post", "delete")


class FixtureError(Exception):
    """A fixture document that cannot be applied; the message names the file, the step, the
    param."""


@dataclass(frozen=True)
class Step:
    name: str | None
    method: str
    path: str
    params: dict[str, Any]


@dataclass(frozen=True)
class Document:
    source: str  # a file name, or "request"
    steps: tuple[Step, ...]


def parse(text: str, source: str) -> Document:
    """A fixture document from its JSON (its shape checked, nothing run yet)."""
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise FixtureError(f"{source}: not JSON ({exc})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("fixtures"), list):
        raise FixtureError(f"{source}: a fixture document is an object with a `fixtures` list")
    steps = []
    for i, raw in enumerate(doc["fixtures"]):
        where = f"{source}: fixture {raw.get('name', i)!r}" if isinstance(raw, dict) \
            else f"{source}: fixture {i}"
        if not isinstance(raw, dict):
            raise FixtureError(f"{where}: each fixture is an object")
        method = str(raw.get("method", "post")).lower()
        if method not in METHODS:
            raise FixtureError(f"{where}: method must be one of get, post, delete")
        if not isinstance(raw.get("path"), str) or not raw["path"].startswith("/"):
            raise FixtureError(f"{where}: `path` must be an API path such as /v1/customers")
        params = raw.get("params", {})
        if not isinstance(params, dict):
            raise FixtureError(f"{where}: `params` must be an object")
        name = raw.get("name")
        steps.append(Step(None if name is None else str(name), method, raw["path"], params))
    return Document(source, tuple(steps))


def read(path: str) -> Document:
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as exc:
        raise FixtureError(f"{path}: cannot read it ({exc.strerror})") from None
    return parse(text, path)


def operations(resources: list[Any]) -> Router:
    """Every declared operation by method and path (what a step's path resolves to)."""
    table = Router()
    for resource in resources:
        for op in resource.operations:
            table.add(op.method, op.path, op)  # type: ignore[arg-type]
    return table


def check(docs: list[Document], table: Router, make_account: Any) -> None:
    """Apply the documents to a scratch account: a bad fixture stops the start, not some
    later request."""
    account = make_account()
    for doc in docs:
        apply(account, doc, table)


def _lookup(results: dict[str, Any], name: str, path: str, where: str) -> Any:
    if name == ".env":
        var, _, default = path.partition("|")
        value = os.environ.get(var)
        if value is None and not default and "|" not in path:
            raise FixtureError(f"{where}: the environment has no {var}")
        return value if value is not None else default
    if name not in results:
        raise FixtureError(f"{where}: no earlier fixture is named {name!r}")
    value = results[name]
    for part in path.split(".") if path else ():
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            raise FixtureError(f"{where}: fixture {name!r} has no {path}")
    return value


def _resolve(value: Any, results: dict[str, Any], where: str) -> Any:
    if isinstance(value, dict):
        return {k: _resolve(v, results, where) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v, results, where) for v in value]
    if not isinstance(value, str):
        return value
    whole = _REF.fullmatch(value)
    if whole:
        return _lookup(results, whole.group(1), whole.group(2), where)
    return _REF.sub(lambda m: str(_lookup(results, m.group(1), m.group(2), where)), value)


def _form(value: Any) -> Any:
    """JSON values as the form decoder gives them: strings at the leaves."""
    if isinstance(value, dict):
        return {k: _form(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_form(v) for v in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


def apply(account: Account, doc: Document, table: Router) -> dict[str, Any]:
    """Run the document's steps in order on `account`, in one transaction (all or nothing):
    the responses by step name."""
    results: dict[str, Any] = {}
    outer = CURRENT.get().transaction  # (an account's first transaction, when it is new)
    token = CURRENT.set(NO_REQUEST._replace(
        account=account, transaction=outer if outer is not None and outer.account is account
        else None))
    try:
        with account.transaction():
            for i, step in enumerate(doc.steps):
                label = step.name if step.name is not None else str(i)
                where = f"{doc.source}: fixture {label!r}"
                path = _resolve(step.path, results, where)
                found = table.resolve(step.method.upper(), path.split("?")[0])
                if found is None:
                    raise FixtureError(f"{where}: no {step.method.upper()} {path} in the API")
                op: Operation = found[0]  # type: ignore[assignment]
                args = found[1]
                try:
                    params = load(op.params, _form(_resolve(step.params, results, where)))
                    result = op.run(account, params, args)
                except StripeError as err:
                    param = f" (param {err.param})" if err.param else ""
                    raise FixtureError(f"{where}: {err.message}{param}") from None
                if step.name is not None:
                    results[step.name] = result
    finally:
        CURRENT.reset(token)
    return results
