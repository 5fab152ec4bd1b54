"""The OpenAPI document of what the server emulates, generated from the resource declarations.

`python -m stripe_emulator.openapi > openapi/openapi.json` refreshes the committed copy; a test
checks that the copy is current and that every served route is documented and vice versa. The
server serves it too, at `GET /_emulator/openapi.json` (with `servers` naming the server itself).

It is written the way Stripe writes its own (github.com/stripe/openapi, `spec3.json`), so that a
generic tool (a fuzzer, a client generator) sends what the Stripe SDKs send:

- request bodies are `application/x-www-form-urlencoded`, every hash or array property encoded
  `style: deepObject, explode: true` (`address[line1]=…`, `lines[0][amount]=…`); query
  parameters likewise (`created[gte]=…`, `expand[]=…`), scalars `style: form`;
- `operationId`s are spelled as Stripe's: the method, then the path's segments
  (`GET /v1/customers/{customer}/tax_ids` is `GetCustomersCustomerTaxIds`);
- every operation's `default` response is Stripe's error object; a delete answers the
  `deleted_<object>` stub, and a customer's retrieve may answer it too;
- an id field that `expand[]` can replace is `anyOf` the id and the object it names;
- the API key goes in `Authorization` (bearer, or basic with the key as the user name).

Object schemas are read off objects the resources build (created with their example's params,
with only the required ones, with more, and read back), so they say what the emulator's objects
hold: a field null in some sample is nullable, one null in every sample is left untyped, and the
parts of a hash only some params set (an address) are each nullable.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from marshmallow import Schema
from marshmallow import fields as mf

from . import API_VERSION, __version__
from .api import expand as expansion
from .api import params as P
from .api.params import load
from .api.resource import Operation, Resource
from .billing import currencies
from .context import CURRENT, NO_REQUEST
from .errors import APIError, CardError, IdempotencyError, InvalidRequestError
from .events.emitter import Emitter, flush
from .resources import RESOURCES, setup_account
from .store.memory import Account, Store

FORM = "application/x-www-form-urlencoded"
ERROR_TYPES = sorted({cls.type for cls in (APIError, CardError, IdempotencyError,
                                           InvalidRequestError)})
DEFAULT_SERVER = "http://127.0.0.1:12111"


METADATA = {"type": "object", "additionalProperties": {"type": "string", "maxLength": 500}}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


# Request params --------------------------------------------------------------------------


def field_schema(field: mf.Field) -> dict[str, Any]:
    if isinstance(field, P.NotYet):
        # No value is accepted: a generator leaves it out; a sent one is refused with 400.
        return {"description": "Declared by Stripe; refused with 400 parameter_unsupported "
                               "until the emulator implements it.", "not": {}}
    if isinstance(field, P.Gone):
        return {"description": "No longer taken at this API version: refused with 400.",
                "not": {}}
    if isinstance(field, P.Nested):
        out = params_schema(field.schema)
    elif isinstance(field, P.ByCurrency):
        out = {"type": "object", "additionalProperties": params_schema(field.schema)}
    elif isinstance(field, P.List):
        out = {"type": "array", "items": field_schema(field.inner)}
        if field.max_items is not None:
            out["maxItems"] = field.max_items
    elif isinstance(field, P.Enum):
        out = {"type": "string", "enum": sorted(field.choices)}
        if field.not_yet:
            out["description"] = ("Stripe also takes " + ", ".join(sorted(field.not_yet))
                                  + ": refused with 400 parameter_unsupported until emulated.")
    elif isinstance(field, P.Int):
        out = {"type": "integer"}
        if field.minimum is not None:
            out["minimum"] = field.minimum
        if field.maximum is not None:
            out["maximum"] = field.maximum
    elif isinstance(field, P.Number):
        out = {"type": "number"}
        if field.minimum is not None:
            out["minimum"] = float(field.minimum)
        if field.maximum is not None:
            out["maximum"] = float(field.maximum)
    elif isinstance(field, P.Bool):
        out = {"type": "boolean"}
    elif isinstance(field, P.Currency):
        out = ref("currency")
    elif isinstance(field, P.Metadata):
        out = METADATA
    elif isinstance(field, P.Created):
        out = {"anyOf": [{"type": "integer"}, {
            "type": "object", "title": "range_query_specs", "additionalProperties": False,
            "properties": {op: {"type": "integer"} for op in P.Created._ops}}]}
    else:
        out = {"type": "string", "minLength": 1}  # `param=` unsets, or is refused (below)
        if isinstance(field, P.Str) and field.max_length is not None:
            out["maxLength"] = field.max_length
        if isinstance(field, P.Email):
            out["format"] = "email"
        if isinstance(field, P.Pattern):
            # The server matches the whole value; a JSON Schema pattern matches anywhere.
            out["pattern"] = f"^(?:{field.regex.pattern})$"
    if getattr(field, "unsettable", False):
        out = {"anyOf": [out, {"type": "string", "enum": [""]}]}
    return out


def params_schema(schema: type[Schema]) -> dict[str, Any]:
    fields = schema._declared_fields
    out: dict[str, Any] = {
        "type": "object",
        "properties": {name: field_schema(f) for name, f in sorted(fields.items())},
        "additionalProperties": False,
    }
    required = sorted(name for name, f in fields.items() if f.required)
    if required:
        out["required"] = required
    return out


def is_structured(field: mf.Field) -> bool:
    """A hash or an array: sent as `name[key]=…` / `name[0]=…`."""
    return isinstance(field, (P.Nested, P.List, P.Metadata, P.Created, P.ByCurrency))


def deep_object(field: mf.Field) -> dict[str, Any]:
    if is_structured(field):
        return {"style": "deepObject", "explode": True}
    return {"style": "form", "explode": True}


# Object schemas, read off sample objects ---------------------------------------------------


def _merge_type(schemas: list[dict[str, Any]]) -> dict[str, Any]:
    unique: list[dict[str, Any]] = []
    for each in schemas:
        if each not in unique:
            unique.append(each)
    if {"type": "number"} in unique:  # 16 and 7.25 alike: a number (an integer is one)
        unique = [u for u in unique if u != {"type": "integer"}]
    return unique[0] if len(unique) == 1 else {"anyOf": unique}


def value_schema(values: list[Any], depth: int = 0, loose: bool = False) -> dict[str, Any]:
    """The schema every one of `values` (one field across samples) satisfies.

    `loose`: the values are the parts of a hash seen only where a sample's params set it (an
    address): none of them is known to be always set, so each may be null."""
    present = [v for v in values if v is not None]
    if not present:
        return {"nullable": True}
    # A hash null in some sample, or the items of an array: known only as some params set them.
    inner_loose = loose or len(present) < len(values) or all(isinstance(v, list) for v in present)
    if all(isinstance(v, dict) for v in present):
        out = dict_schema(present, depth + 1, inner_loose) if depth < 3 else {"type": "object"}
    elif all(isinstance(v, list) for v in present):
        out = {"type": "array"}
        items = [item for v in present for item in v]
        if items and all(isinstance(i, dict) for i in items):
            out["items"] = dict_schema(items, depth + 1, inner_loose) if depth < 3 else {
                "type": "object"}
        elif items and all(isinstance(i, str) for i in items):
            out["items"] = {"type": "string"}
    else:
        out = _merge_type([_json_type(v) for v in present])
    if loose or len(present) < len(values):
        out = {**out, "nullable": True} if "anyOf" not in out else {
            "anyOf": out["anyOf"], "nullable": True}
    return out


def _json_type(value: Any) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"type": "boolean"}
    if isinstance(value, int):
        return {"type": "integer"}
    if isinstance(value, float):
        return {"type": "number"}
    if isinstance(value, str):
        return {"type": "string"}
    if isinstance(value, list):
        return {"type": "array"}
    return {"type": "object"}


def dict_schema(samples: list[dict], depth: int = 0, loose: bool = False) -> dict[str, Any]:
    keys = sorted({k for s in samples for k in s})
    props = {k: METADATA if k == "metadata" else
             value_schema([s.get(k) for s in samples], depth, loose) for k in keys}
    required = sorted(k for k in keys if all(k in s for s in samples))
    out: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        out["required"] = required
    return out


def _expandable(schema: dict[str, Any], spec: expansion.Spec, known: set[str]) -> None:
    """An id `expand[]` can replace: the id or the object (a deleted customer's stub too); in
    an array of ids, each."""
    props = schema.get("properties", {})
    for field, rule in spec.items():
        prop = props.get(field)
        if prop is None or isinstance(rule, expansion.Include):
            continue  # an Include is present only when expanded, and then of its own shape
        is_array = prop.get("type") == "array"
        if isinstance(rule, dict):  # a sub-object (or an array of them) holding ids
            inner = prop.get("items", {}) if is_array else prop
            if "properties" in inner:
                _expandable(inner, rule, known)
            continue
        target = [ref(rule.object)] if rule.object in known else [{"type": "object"}]
        if f"deleted_{rule.object}" in known:
            target.append(ref(f"deleted_{rule.object}"))
        one: dict[str, Any] = {"anyOf": [{"type": "string", "maxLength": 5000}, *target],
                               "x-expansionResources": {"oneOf": target}}
        if is_array:
            props[field] = {**prop, "items": one}
            continue
        if prop.get("nullable", False) or "type" not in prop:
            one["nullable"] = True
        props[field] = one


# Params filling in more of an object than its example does, for the types of its fields.
RICHER: dict[str, dict[str, Any]] = {
    "customer": {"email": "jenny@example.com", "name": "Jenny Rosen", "description": "sample",
                 "phone": "+15555550123", "metadata": {"k": "v"},
                 "address": {"line1": "1 Main St", "city": "Springfield", "country": "US",
                             "postal_code": "12345"}},
    "invoice": {"description": "sample", "footer": "sample", "metadata": {"k": "v"}},
    "invoiceitem": {"description": "sample", "metadata": {"k": "v"}},
    "tax_rate": {"percentage": "7.25", "description": "sample", "country": "DE",
                 "jurisdiction": "DE", "state": "BE", "tax_type": "vat"},
}


class Samples:
    """One throwaway account, and objects of every resource made in it the way the API makes
    them (events included)."""

    def __init__(self) -> None:
        # Outside any request (the server builds it while answering one): the same document.
        token = CURRENT.set(NO_REQUEST)
        try:
            self._make_all()
        finally:
            CURRENT.reset(token)

    def _make_all(self) -> None:
        emitter = Emitter(None)

        def prepare(account: Account) -> None:
            account.listeners.append(emitter)
            account.committers.append(emitter.commit)
            account.flushers.append(flush)
            setup_account(account)

        self.account = Store(seed=0, prepare=prepare).account("sk_test_openapi")
        self.objects: dict[str, list[dict]] = {}
        for resource in RESOURCES:
            if not any(op.name == "create" for op in resource.operations):
                self.read(resource)
                continue
            made = []
            for full in (True, False):
                try:
                    made.append(self.make(resource, full))
                except InvalidRequestError:  # the optional params were needed after all
                    continue
            # And as a retrieve reads it (a webhook endpoint's secret is on the create's only).
            made += [self.retrieve(resource, obj) for obj in made[-1:]]
            self.objects.setdefault(resource.object_name, []).extend(made)
        for resource in RESOURCES:  # and with more of the optional params, where they load
            params = RICHER.get(resource.object_name)
            if params is not None and resource.parent is None:
                try:
                    obj = self.make(resource, params=params)
                except InvalidRequestError:
                    continue
                self.objects.setdefault(resource.object_name, []).append(obj)
        self._lines()
        self._made_along()
        flush(self.account)
        self.objects["event"] = [e for _, e in self.account.collections["event"].rows()]

    def make(self, resource: Resource, full: bool = True,
             params: dict[str, Any] | None = None) -> dict:
        """A freshly created object of `resource` (its parent created first): with its
        example's params, or with only those the create requires, or with `params`."""
        with self.account.transaction():
            args = {}
            if resource.parent is not None:
                args[resource.parent_key] = self.make(resource.parent)["id"]
            create = next(op for op in resource.operations if op.name == "create")
            required = {n for n, f in create.params._declared_fields.items() if f.required}
            example = {k: v for k, v in resource.example.items() if full or k in required}
            example.update(params or {})
            for key, value in example.items():  # "{customer}": the id of a sample customer
                if isinstance(value, str) and value.startswith("{"):
                    parent = next(r for r in RESOURCES if r.object_name == value.strip("{}"))
                    example[key] = self.make(parent)["id"]
            return create.run(self.account, load(create.params, example), args)

    def retrieve(self, resource: Resource, obj: dict) -> dict:
        op = next((op for op in resource.operations if op.name == "retrieve"), None)
        if op is None:
            return obj
        args = {"id": obj["id"]}
        if resource.parent is not None:
            args[resource.parent_key] = obj[resource.parent_key]
        with self.account.transaction():
            return op.run(self.account, load(op.params, {}), args)

    def read(self, resource: Resource) -> None:
        """What a resource nothing creates answers where no path names it (`/v1/balance`)."""
        for op in resource.operations:
            if op.method == "GET" and op.returns == "object" and "{" not in op.path:
                with self.account.transaction():
                    obj = op.run(self.account, load(op.params, {}), {})
                self.objects.setdefault(resource.object_name, []).append(obj)

    def _lines(self) -> None:
        """Invoice line items: the lines of a sample draft."""
        invoices = next(r for r in RESOURCES if r.object_name == "invoice")
        add = next(op for op in invoices.operations if op.name == "add_lines")
        lines = next(op for op in invoices.operations if op.name == "lines")
        draft = self.make(invoices)
        with self.account.transaction():
            add.run(self.account, load(add.params, {"lines": [
                {"amount": "1000", "description": "sample"}, {"amount": "250"}]}),
                {"id": draft["id"]})
            page = lines.run(self.account, load(lines.params, {}), {"id": draft["id"]})
        self.objects["line_item"] = page["data"]


    def run(self, object_name: str, name: str, params: dict[str, Any],
            args: dict[str, str] | None = None) -> dict:
        resource = next(r for r in RESOURCES if r.object_name == object_name)
        op = next(op for op in resource.operations if op.name == name)
        with self.account.transaction():
            return op.run(self.account, load(op.params, params), args or {})

    def _made_along(self) -> None:
        """Objects made as another's consequence (a charge by a payment, a discount by a
        coupon's redemption): a paid PaymentIntent refunded, an invoice with a coupon paid,
        and a promotion code; then whatever no sample has yet, as stored."""
        intent = self.run("payment_intent", "create", {
            "amount": "2000", "currency": "usd", "payment_method": "pm_card_visa",
            "confirm": "true", "receipt_email": "jenny@example.com"})
        self.run("refund", "create", {"payment_intent": intent["id"], "amount": "500",
                                      "reason": "requested_by_customer"})
        coupon = self.run("coupon", "create", {"percent_off": "10", "duration": "repeating",
                                               "duration_in_months": "3", "name": "sample"})
        once = self.run("coupon", "create", {"amount_off": "100", "currency": "usd",
                                             "redeem_by": str(self.account.now() + 86_400),
                                             "max_redemptions": "5"})
        customer = self.run("customer", "create", {
            "payment_method": "pm_card_visa",
            "invoice_settings": {"default_payment_method": "pm_card_visa"}})
        self.objects.setdefault("promotion_code", []).extend([
            self.run("promotion_code", "create", {"promotion": {"type": "coupon",
                                                                "coupon": coupon["id"]}}),
            self.run("promotion_code", "create", {
                "promotion": {"type": "coupon", "coupon": once["id"]}, "code": "SAMPLE",
                "customer": customer["id"], "max_redemptions": "2",
                "restrictions": {"minimum_amount": "1000", "minimum_amount_currency": "usd"}}),
        ])
        made = {}
        for action, discount in (("pay", coupon), ("void", once), (None, coupon)):
            self.run("invoiceitem", "create", {"customer": customer["id"], "amount": "1500",
                                               "currency": "usd"})
            invoice = self.run("invoice", "create", {
                "customer": customer["id"], "pending_invoice_items_behavior": "include",
                "discounts": [{"coupon": discount["id"]}]})
            made[action] = self.run("invoice", "finalize", {}, {"id": invoice["id"]})
            if action is not None:
                self.run("invoice", action, {}, {"id": invoice["id"]})
        # a subscription's own invoice (with no `rendering`) and its payment
        price = self.run("price", "create", {"currency": "usd", "unit_amount": "1000",
                                             "product_data": {"name": "sample"},
                                             "recurring": {"interval": "month"}})
        sub = self.run("subscription", "create", {"customer": customer["id"],
                                                  "items": [{"price": price["id"]}]})
        self.objects.setdefault("invoice", []).extend(
            self.run("invoice", "retrieve", {}, {"id": invoice_id})
            for invoice_id in (sub["latest_invoice"], made[None]["id"]))
        payments = self.run("invoice_payment", "list", {"invoice": sub["latest_invoice"]})
        self.objects.setdefault("payment_intent", []).append(self.run(
            "payment_intent", "retrieve", {},
            {"id": payments["data"][0]["payment"]["payment_intent"]}))
        self.objects.setdefault("setup_intent", []).append(self.run(  # no automatic methods
            "setup_intent", "create", {"automatic_payment_methods": {"enabled": "false"}}))
        line = made[None]["lines"]["data"][0]["id"]
        pre = self.run("credit_note", "create", {"invoice": made[None]["id"], "lines": [
            {"type": "invoice_line_item", "invoice_line_item": line, "amount": "500"},
            {"type": "custom_line_item", "unit_amount": "100", "description": "sample"}],
            "memo": "sample", "reason": "duplicate"})
        self.run("credit_note", "create", {"invoice": made["pay"]["id"], "amount": "300",
                                           "refund_amount": "100", "credit_amount": "100",
                                           "out_of_band_amount": "100"})
        self.objects["credit_note_line_item"] = self.run(
            "credit_note", "lines", {}, {"id": pre["id"]})["data"]
        for resource in RESOURCES:
            if not self.objects.get(resource.object_name) and resource.parent is None:
                stored = [obj for _, obj in self.account.collections[resource.kind].rows()]
                if stored:
                    self.objects[resource.object_name] = stored


def deleted_schema(object_name: str) -> dict[str, Any]:
    return {"type": "object", "required": ["deleted", "id", "object"], "properties": {
        "deleted": {"type": "boolean", "enum": [True]},
        "id": {"type": "string", "maxLength": 5000},
        "object": {"type": "string", "enum": [object_name]}}}


def object_schemas() -> dict[str, Any]:
    samples = Samples()
    out: dict[str, Any] = {}
    for name, objs in sorted(samples.objects.items()):
        schema = dict_schema(objs)
        schema["properties"]["object"] = {"type": "string", "enum": [name]}
        out[name] = schema
    # An event's object is any of the others (its previous_attributes, any part of one).
    out["event"]["properties"]["data"] = {
        "type": "object", "required": ["object"], "properties": {
            "object": {"type": "object", "required": ["object"]},
            "previous_attributes": {"type": "object"}}}
    for resource in RESOURCES:
        if resource.object_name not in out:  # no sample of it (a customer's sources)
            out[resource.object_name] = {
                "type": "object", "required": ["object"],
                "properties": {"id": {"type": "string", "maxLength": 5000},
                               "object": {"type": "string", "enum": [resource.object_name]}}}
        if any(op.name == "delete" for op in resource.operations) or resource.keep_deleted:
            out[f"deleted_{resource.object_name}"] = deleted_schema(resource.object_name)
    known = set(out)
    for name, schema in out.items():  # what the resource declares, and the SDK's own paths
        _expandable(schema, expansion.SPECS.get(name, {}), known)
    return dict(sorted(out.items()))


# Operations --------------------------------------------------------------------------------


def operation_id(method: str, path: str) -> str:
    """Stripe's: `GET /v1/customers/{customer}/tax_ids` -> `GetCustomersCustomerTaxIds`."""
    parts = path.removeprefix("/v1/").replace("{", "").replace("}", "").split("/")
    words = [w for part in parts for w in re.split(r"[_\W]+", part) if w]
    return method.capitalize() + "".join(w[:1].upper() + w[1:] for w in words)


def list_schema(item: dict[str, Any], url: str, search: bool = False) -> dict[str, Any]:
    props: dict[str, Any] = {
        "object": {"type": "string", "enum": ["search_result" if search else "list"]},
        "data": {"type": "array", "items": item},
        "has_more": {"type": "boolean"},
        "url": {"type": "string", "maxLength": 5000,
                "pattern": "^" + re.sub(r"\\{\w+\\}", "[^/]+", re.escape(url))},
    }
    required = ["data", "has_more", "object", "url"]
    if search:
        props["next_page"] = {"type": "string", "maxLength": 5000, "nullable": True}
        props["total_count"] = {"type": "integer"}
        required.insert(2, "next_page")
    return {"type": "object", "required": required, "properties": props}


# What an operation answers, where it is not the resource's own object.
RETURNS = {("POST", "/v1/invoices/{id}/lines/{line}"): "line_item",
           ("GET", "/v1/invoices/{id}/lines"): "line_item"}


def response_schema(resource: Resource, op: Operation) -> dict[str, Any]:
    name = RETURNS.get((op.method, op.path), resource.object_name)
    if op.returns == "list":
        return list_schema(ref(name), op.path)
    if op.returns == "search_result":
        return list_schema(ref(name), op.path, search=True)
    if op.method == "DELETE":
        return ref(f"deleted_{name}")
    if op.name == "retrieve" and resource.keep_deleted:
        return {"anyOf": [ref(name), ref(f"deleted_{name}")]}
    return ref(name)


def operation_doc(resource: Resource, op: Operation) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "operationId": operation_id(op.method, op.path),
        "summary": op.summary,
    }
    parameters: list[dict[str, Any]] = [
        {"name": p, "in": "path", "required": True, "style": "simple",
         "schema": {"type": "string", "maxLength": 5000}}
        for p in re.findall(r"{(\w+)}", op.path)]
    # The headers the SDKs send besides the key (a version the server echoes; a retry's key).
    parameters.append({"name": "Stripe-Version", "in": "header", "required": False,
                       "schema": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$"}})
    if op.method == "POST":
        parameters.append({"name": "Idempotency-Key", "in": "header", "required": False,
                           "schema": {"type": "string", "minLength": 1, "maxLength": 255}})
    fields = op.params._declared_fields
    body = params_schema(op.params)
    if op.method == "POST":
        doc["requestBody"] = {
            "content": {FORM: {
                "schema": body,
                "encoding": {name: deep_object(f) for name, f in sorted(fields.items())
                             if is_structured(f)},
            }},
            "required": "required" in body,
        }
    else:
        required = set(body.get("required", []))
        parameters += [{"name": name, "in": "query", "required": name in required,
                        **deep_object(fields[name]), "schema": schema}
                       for name, schema in body["properties"].items()]
    if parameters:
        doc["parameters"] = parameters
    doc["responses"] = {
        "200": {"description": "Successful response.",
                "content": {"application/json": {"schema": response_schema(resource, op)}}},
        "default": {"description": "Error response: Stripe's error object.",
                    "content": {"application/json": {"schema": ref("error")}}},
    }
    return doc


def build(server: str = DEFAULT_SERVER) -> dict[str, Any]:
    paths: dict[str, dict] = {}
    error_fields = ("code", "decline_code", "doc_url", "message", "param", "request_log_url")
    schemas: dict[str, Any] = {
        "error": {
            "description": "An error response from the API.",
            "type": "object", "required": ["error"],
            "properties": {"error": ref("api_errors")},
        },
        "api_errors": {
            "type": "object", "required": ["message", "type"],
            "properties": {
                "type": {"type": "string", "enum": ERROR_TYPES},
                # No length bounds: a message quotes what was sent (an id of any length).
                **{k: {"type": "string"} for k in error_fields},
            },
        },
        "currency": {"type": "string", "format": "currency",
                     "description": "A three-letter ISO currency code, in lower case.",
                     "enum": sorted(currencies.SUPPORTED)},
        **object_schemas(),
    }
    for resource in RESOURCES:
        for op in resource.operations:
            paths.setdefault(op.path, {})[op.method.lower()] = operation_doc(resource, op)
    return {
        "openapi": "3.0.3",
        "info": {"title": "stripe-emulator", "version": __version__,
                 "description": f"The subset of Stripe's API (version {API_VERSION}) that "
                                "stripe-emulator serves."},
        "servers": [{"url": server}],
        "components": {
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "auth-scheme",
                               "description": "Authorization: Bearer <api_key>"},
                "basicAuth": {"type": "http", "scheme": "basic",
                              "description": "Authorization: Basic <base64 of api_key:>"},
            },
            "schemas": dict(sorted(schemas.items())),
        },
        "security": [{"bearerAuth": []}, {"basicAuth": []}],
        "paths": dict(sorted(paths.items())),
    }


def render() -> str:
    return json.dumps(build(), indent=2, sort_keys=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
