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
