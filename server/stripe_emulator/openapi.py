"""The OpenAPI document of what the server emulates, generated from the resource declarations.

`python -m stripe_emulator.openapi > openapi/openapi.json` refreshes the committed copy; a test
checks that the copy is current and that every served route is documented and vice versa.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from marshmallow import Schema
from marshmallow import fields as mf

from . import API_VERSION, __version__
from .api import params as P
from .api.params import load
from .api.resource import Operation, Resource
from .resources import RESOURCES
from .store.memory import Account, Store


def field_schema(field: mf.Field) -> dict[str, Any]:
    if isinstance(field, P.NotYet):
        return {"description": "Declared by Stripe; refused with 400 parameter_unsupported "
                               "until the emulator implements it."}
    if isinstance(field, P.Nested):
        out = params_schema(field.schema)
    elif isinstance(field, P.List):
        out = {"type": "array", "items": field_schema(field.inner)}
        if field.max_items is not None:
            out["maxItems"] = field.max_items
    elif isinstance(field, P.Enum):
        out = {"type": "string", "enum": sorted(field.choices)}
    elif isinstance(field, P.Int):
        out = {"type": "integer"}
        if field.minimum is not None:
            out["minimum"] = field.minimum
        if field.maximum is not None:
            out["maximum"] = field.maximum
    elif isinstance(field, P.Bool):
        out = {"type": "boolean"}
    elif isinstance(field, P.Metadata):
        out = {"type": "object", "additionalProperties": {"type": "string", "maxLength": 500}}
    elif isinstance(field, P.Created):
        out = {"anyOf": [{"type": "integer"}, {"type": "object", "properties": {
            op: {"type": "integer"} for op in P.Created._ops}}]}
    else:
        out = {"type": "string"}
        if isinstance(field, P.Str) and field.max_length is not None:
            out["maxLength"] = field.max_length
        if isinstance(field, P.Pattern):
            out["pattern"] = field.regex.pattern
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


def _json_type(value: Any) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"type": "boolean"}
    if isinstance(value, int):
        return {"type": "integer"}
    if isinstance(value, str):
        return {"type": "string"}
    if isinstance(value, list):
        return {"type": "array"}
    if isinstance(value, dict):
        return {"type": "object"}
    return {"nullable": True}


def sample(account: Account, resource: Resource) -> dict:
    """A freshly created object of `resource` (its parent created first)."""
    args = {}
    if resource.parent is not None:
        args[resource.parent_key] = sample(account, resource.parent)["id"]
    create = next(op for op in resource.operations if op.name == "create")
    example = dict(resource.example)
    for key, value in example.items():  # "{customer}": the id of a sample customer
        if isinstance(value, str) and value.startswith("{"):
            parent = next(r for r in RESOURCES if r.object_name == value.strip("{}"))
            example[key] = sample(account, parent)["id"]
    return create.run(account, load(create.params, example), args)


def object_schema(resource: Resource) -> dict[str, Any]:
    """The object's fields, read off a freshly created sample."""
    store = Store(seed=0, prepare=lambda a: [each.setup(a) for each in RESOURCES])
    account = store.account("sk_test_openapi")
    with account.transaction():  # a sample, never committed anywhere that keeps it
        obj = sample(account, resource)
    return {"type": "object", "required": sorted(obj),
            "properties": {k: _json_type(v) for k, v in sorted(obj.items())}}


def operation_doc(resource: Resource, op: Operation) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "operationId": f"{op.name}_{resource.kind}",
        "summary": op.summary,
        "responses": {
            "200": {"description": "OK", "content": {"application/json": {"schema": {
                "$ref": f"#/components/schemas/{resource.object_name}"
                if op.returns == "object" else f"#/components/schemas/{op.returns}"}}}},
            "default": {"description": "Stripe's error object", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/error"}}}},
        },
    }
    path_params = re.findall(r"{(\w+)}", op.path)
    parameters = [{"name": p, "in": "path", "required": True, "schema": {"type": "string"}}
                  for p in path_params]
    body = params_schema(op.params)
    if op.method == "POST":
        doc["requestBody"] = {"content": {"application/x-www-form-urlencoded": {
            "schema": body}}}
    else:
        required = set(body.get("required", []))
        parameters += [{"name": name, "in": "query", "required": name in required,
                        "style": "deepObject", "explode": True, "schema": schema}
                       for name, schema in body["properties"].items()]
    if parameters:
        doc["parameters"] = parameters
    return doc


def build() -> dict[str, Any]:
    paths: dict[str, dict] = {}
    schemas: dict[str, Any] = {
        "error": {"type": "object", "required": ["error"], "properties": {"error": {
            "type": "object", "required": ["type"], "properties": {
                k: {"type": "string"} for k in
                ("type", "code", "decline_code", "message", "param", "doc_url",
                 "request_log_url")}}}},
        "list": {"type": "object", "required": ["object", "data", "has_more", "url"]},
        "search_result": {"type": "object",
                          "required": ["object", "data", "has_more", "next_page", "url"]},
    }
    for resource in RESOURCES:
        creates = any(op.name == "create" for op in resource.operations)
        if creates and resource.object_name not in schemas:  # views share their object's
            schemas[resource.object_name] = object_schema(resource)
        for op in resource.operations:
            paths.setdefault(op.path, {})[op.method.lower()] = operation_doc(resource, op)
    return {
        "openapi": "3.0.3",
        "info": {"title": "stripe-emulator", "version": __version__,
                 "description": f"The subset of Stripe's API (version {API_VERSION}) that "
                                "stripe-emulator serves."},
        "servers": [{"url": "http://127.0.0.1:12111"}],
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"},
                                           "basic": {"type": "http", "scheme": "basic"}},
                       "schemas": schemas},
        "security": [{"bearer": []}, {"basic": []}],
        "paths": dict(sorted(paths.items())),
    }


def render() -> str:
    return json.dumps(build(), indent=2, sort_keys=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
