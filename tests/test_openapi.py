"""openapi/openapi.json documents exactly what the server serves, and is current."""

import json
from pathlib import Path

from stripe_emulator.app import ROUTER, create_app
from stripe_emulator.openapi import build, render

DOC = Path(__file__).resolve().parent.parent / "openapi" / "openapi.json"


def test_committed_document_is_current():
    # Refresh with: python -m stripe_emulator.openapi > openapi/openapi.json
    assert DOC.read_text() == render()


def test_every_served_route_is_documented_and_every_documented_route_served():
    served = {(method, path) for method, path in create_app()[ROUTER].routes
              if path.startswith("/v1/")}
    documented = {(method.upper(), path) for path, ops in build()["paths"].items()
                  for method in ops}
    assert served == documented
    assert ("GET", "/v1/customers/search") in served


def test_customer_schema_lists_the_object_fields():
    schema = json.loads(DOC.read_text())["components"]["schemas"]["customer"]
    assert {"id", "object", "invoice_settings", "tax_exempt", "metadata"} <= set(schema["required"])


def _operations(doc: dict) -> list[tuple[str, str, dict]]:
    return [(method, path, op) for path, ops in doc["paths"].items() for method, op in ops.items()]


def test_a_generic_tool_can_drive_the_document():
    doc = json.loads(DOC.read_text())
    ids = [op["operationId"] for _, _, op in _operations(doc)]
    assert len(ids) == len(set(ids))
    assert "GetCustomersCustomerTaxIds" in ids  # Stripe's spelling
    assert doc["security"][0] == {"bearerAuth": []}
    for method, path, op in _operations(doc):
        assert op["responses"]["default"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/error"}, (method, path)
        if method == "post":
            form = op["requestBody"]["content"]["application/x-www-form-urlencoded"]
            for name, schema in form["schema"]["properties"].items():
                # Hashes and arrays go as `name[key]=`, `name[0]=`, as the SDKs send them.
                structured = "object" in json.dumps(schema) or "array" in json.dumps(schema)
                assert (name in form["encoding"]) == structured or "$ref" in schema, (path, name)
        else:
            for param in op.get("parameters", []):
                if param["in"] == "query" and param["name"] == "expand":
                    assert (param["style"], param["explode"]) == ("deepObject", True)
    deleted = doc["paths"]["/v1/customers/{id}"]["delete"]["responses"]["200"]
    assert deleted["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/deleted_customer"}


async def test_the_server_serves_the_document(http, base_url):
    async with http.get("/_emulator/openapi.json") as r:
        served = await r.json()
    assert r.status == 200
    assert served["servers"] == [{"url": base_url}]
    built = json.loads(json.dumps(build()))
    assert {**served, "servers": built["servers"]} == built
