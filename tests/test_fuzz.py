"""Fuzzing: schemathesis drives every operation of the OpenAPI document the server serves.

A real server runs on a free port. For each documented operation, schemathesis generates
requests from the document: the boundary cases of its coverage phase (each param missing,
empty, too long, of the wrong type, an unknown one...) and then random ones, valid and invalid.
Every answer is checked: no 5xx; every 4xx is Stripe's error object (`{"error": {"type": ...,
"message": ...}}`, a type among Stripe's); every 2xx matches the document.

Bounded and reproducible: the coverage cases plus FUZZ_EXAMPLES random ones per operation (25
by default: ~9,000 requests, about a minute on two cores), derandomized and with no example
database, so every run (CI's included) sends the same cases. `FUZZ_EXAMPLES=200` searches
harder; `FUZZ_SEED=N` tries other random cases, the same again for the same N (ignored when CI
is set); `-m "not fuzz"` skips it all.

Every case starts from the same world: the account of `sk_test_fuzz` holding a customer, a
deleted one, a payment method, a tax rate, tax ids, a balance transaction, a pending invoice
item, a draft invoice with lines, an open invoice, a disabled webhook endpoint, products with
and without prices, prices, a subscription and a test clock with a customer on it (restored
from a snapshot after any case that changed something). Three generated ids in four are
swapped for ids of that world (which one follows from the generated value, so a case always
sends the same request), the rest are sent as generated: requests get past "No such ...", and
the 404s are tried too.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, reject, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from stripe_emulator.openapi import ERROR_TYPES, build

KEY = "sk_test_fuzz"
AUTH = {"Authorization": f"Bearer {KEY}"}
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
# FUZZ_SEED=N explores: other random cases than CI's, the same again for the same N.
SEED = None if os.environ.get("CI") else os.environ.get("FUZZ_SEED")

CONFIG = schemathesis.config.SchemathesisConfig.from_dict({
    "seed": int(SEED or 20261028),
    "generation": {"mode": "all", "deterministic": SEED is None, "max-examples": EXAMPLES,
                   "database": "none"},
    "phases": {"examples": {"enabled": False}, "coverage": {"enabled": True},
               "fuzzing": {"enabled": True}, "stateful": {"enabled": False}},
    "headers": AUTH,
})
# The document the server serves (the `world` fixture checks that it is this one).
DOCUMENT = build()
SCHEMA = schemathesis.openapi.from_dict(json.loads(json.dumps(DOCUMENT)), config=CONFIG)

pytestmark = pytest.mark.fuzz


# The server and its world ----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class World:
    """The server, a session on it, and the snapshot each case starts from."""

    def __init__(self, base: str, log: Path) -> None:
        self.base = base
        self.log = log
        self.session = requests.Session()
        self.session.headers.update(AUTH)
        self.ids: dict[str, list[str]] = {}
        self.snapshot = b""
        self.dirty = True

    def call(self, method: str, path: str, **data: Any) -> dict:
        response = self.session.request(method, self.base + path, data=data, timeout=10)
        assert response.status_code == 200, (method, path, response.text)
        return response.json()

    def build(self) -> None:
        """The objects the cases name, by the path segment (or param) that names them."""
        call = self.call
        self.session.post(self.base + "/_emulator/reset", timeout=10)
        customer = call("POST", "/v1/customers", email="jenny@example.com", name="Jenny",
                        **{"metadata[k]": "v"})["id"]
        gone = call("POST", "/v1/customers", name="Gone")["id"]
        call("DELETE", f"/v1/customers/{gone}")
        pm = call("POST", "/v1/payment_methods", type="card", **{"card[token]": "tok_visa"})["id"]
        call("POST", f"/v1/payment_methods/{pm}/attach", customer=customer)
        rate = call("POST", "/v1/tax_rates", display_name="VAT", inclusive="false",
                    percentage="16")["id"]
        tax_id = call("POST", f"/v1/customers/{customer}/tax_ids", type="eu_vat",
                      value="DE123456789")["id"]
        own_tax_id = call("POST", "/v1/tax_ids", type="us_ein", value="12-3456789")["id"]
        txn = call("POST", f"/v1/customers/{customer}/balance_transactions", amount="-500",
                   currency="usd")["id"]
        draft = call("POST", "/v1/invoices", customer=customer)["id"]
        lines = call("POST", f"/v1/invoices/{draft}/add_lines", **{
            "lines[0][amount]": "1000", "lines[0][description]": "one",
            "lines[1][amount]": "250", "lines[1][tax_rates][0]": rate})["lines"]["data"]
        open_ = call("POST", "/v1/invoices", customer=customer, collection_method="send_invoice",
                     days_until_due="30")["id"]
        call("POST", f"/v1/invoices/{open_}/add_lines",
             **{"lines[0][amount]": "700", "lines[0][description]": "due"})
        call("POST", f"/v1/invoices/{open_}/finalize")
        item = call("POST", "/v1/invoiceitems", customer=customer, amount="300",
                    currency="usd")["id"]
        # Deliveries would go nowhere: the endpoint exists, disabled.
        hook = call("POST", "/v1/webhook_endpoints", url="http://127.0.0.1:9/hooks",
                    **{"enabled_events[0]": "*"})["id"]
        call("POST", f"/v1/webhook_endpoints/{hook}", disabled="true")
        product = call("POST", "/v1/products", name="Gold", **{
            "default_price_data[currency]": "usd", "default_price_data[unit_amount]": "900",
            "default_price_data[recurring][interval]": "month"})
        once = call("POST", "/v1/prices", currency="usd", unit_amount="100",
                    product=product["id"], lookup_key="once")["id"]
        bare = call("POST", "/v1/products", name="No prices")["id"]
        sub = call("POST", "/v1/subscriptions", customer=customer,
                   **{"items[0][price]": product["default_price"],
                      "default_payment_method": pm})
        clock = call("POST", "/v1/test_helpers/test_clocks", frozen_time="1767225600")["id"]
        call("POST", "/v1/customers", test_clock=clock)
        event = call("GET", "/v1/events", limit="1")["data"][0]["id"]
        self.ids = {
            "customers": [customer, gone], "customer": [customer],
            "payment_methods": [pm, "pm_card_visa"], "tax_rates": [rate],
            "tax_ids": [tax_id, own_tax_id], "balance_transactions": [txn],
            "invoices": [draft, open_], "lines": [line["id"] for line in lines],
            "invoiceitems": [item], "webhook_endpoints": [hook], "events": [event],
            "products": [product["id"], bare], "prices": [product["default_price"], once],
            "test_clocks": [clock], "subscriptions": [sub["id"]],
            "subscription_items": [sub["items"]["data"][0]["id"]],
        }
        response = self.session.get(self.base + "/_emulator/snapshot", timeout=10)
        assert response.status_code == 200, response.text
        self.snapshot = response.content

    def restore(self) -> None:
        """Back to the snapshot, if the last case changed anything (a refused request, or a
        read, changes nothing: the server undoes every change a failed request made)."""
        if not self.dirty:
            return
        response = self.session.post(self.base + "/_emulator/snapshot", data=self.snapshot,
                                     timeout=10)
        assert response.status_code == 200, response.text
        self.dirty = False


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    port = _free_port()
    log = tmp_path_factory.mktemp("fuzz") / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "stripe_emulator", "--port", str(port), "--seed", "7",
             "--log-level", "warning"], stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(base + "/_emulator/health", timeout=1)
                break
            except requests.ConnectionError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not start:\n{log.read_text()}") from None
                time.sleep(0.05)
        world = World(base, log)
        served = world.session.get(base + "/_emulator/openapi.json", timeout=10).json()
        assert served["servers"] == [{"url": base}]
        assert {**served, "servers": DOCUMENT["servers"]} == DOCUMENT  # what is fuzzed
        world.build()
        yield world
        world.session.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


# Requests as the Stripe SDKs send them, naming the world's objects --------------------------


def _pick(value: Any, candidates: list[str]) -> Any:
    """A world id for three generated values in four (which one follows from the value), the
    generated value itself for the rest."""
    if not candidates or not isinstance(value, str):
        return value
    digest = zlib.crc32(value.encode("utf-8", "surrogatepass"))
    return value if digest % 4 == 0 else candidates[digest // 4 % len(candidates)]


# Params naming an object, and the path segment of the objects they name.
ID_PARAMS = {"customer": "customers", "invoice": "invoices", "invoice_item": "invoiceitems",
             "payment_method": "payment_methods", "default_payment_method": "payment_methods",
             "product": "products", "price": "prices", "default_price": "prices",
             "test_clock": "test_clocks", "subscription": "subscriptions"}
ID_LISTS = {"tax_rates": "tax_rates", "default_tax_rates": "tax_rates"}


def _name_world_ids(params: Any, ids: dict[str, list[str]], inside: str = "") -> None:
    if isinstance(params, list):
        for item in params:
            _name_world_ids(item, ids, inside)
        return
    if not isinstance(params, dict):
        return
    for key, value in params.items():
        if key in ID_PARAMS:
            params[key] = _pick(value, ids[ID_PARAMS[key]])
        elif key in ID_LISTS and isinstance(value, list):
            params[key] = [_pick(v, ids[ID_LISTS[key]]) for v in value]
        elif key == "id" and inside == "lines":
            params[key] = _pick(value, ids["lines"])
        else:
            _name_world_ids(value, ids, key)


def name_world_objects(case: Any, ids: dict[str, list[str]]) -> None:
    path = case.operation.path
    for name, value in (case.path_parameters or {}).items():
        before = path.split("{" + name + "}")[0].rstrip("/").rsplit("/", 1)[-1]
        case.path_parameters[name] = _pick(value, ids.get(before, []))
    _name_world_ids(case.query, ids)
    _name_world_ids(case.body, ids)


def _wire(value: Any) -> Any:
    return json.dumps(value) if isinstance(value, bool) or value is None else value


def _flatten(prefix: str, value: Any, out: dict[str, Any]) -> None:
    if isinstance(value, dict) and value:
        for key, item in value.items():
            _flatten(f"{prefix}[{key}]", item, out)
    elif isinstance(value, list) and value:
        for index, item in enumerate(value):
            _flatten(f"{prefix}[{index}]", item, out)
    else:
        out[prefix] = "" if value in ({}, []) else _wire(value)


def sdk_arrays(params: Any) -> None:
    """`expand=a&expand=b` -> `expand[0]=a&expand[1]=b`, as the SDKs send an array.

    The document declares arrays `style: deepObject` as Stripe's does; OpenAPI leaves what that
    means for an array to the tool, and schemathesis repeats the name. Hashes it sends in
    brackets already (`created[gte]=`, `lines[0][amount]=` inside them)."""
    if not isinstance(params, dict):
        return
    for name, value in list(params.items()):
        if isinstance(value, list) and value:
            del params[name]
            _flatten(name, value, params)


# Checks ----------------------------------------------------------------------------------------


@schemathesis.check
def stripe_error_object(ctx: Any, response: Any, case: Any) -> bool | None:
    """A 4xx answers Stripe's error object: `{"error": {"type": ..., "message": ...}}`."""
    if not 400 <= response.status_code < 500:
        return None
    content_type = (response.headers.get("content-type") or [""])[0]  # lower-case keys, lists
    assert content_type.startswith("application/json"), (
        f"{response.status_code} answered {content_type!r}, not Stripe's JSON error")
    try:
        body = response.json()
    except ValueError:
        raise AssertionError(f"{response.status_code} answered a body that is not JSON: "
                             f"{response.text[:200]!r}") from None
    error = body.get("error") if isinstance(body, dict) else None
    assert isinstance(error, dict) and set(body) == {"error"}, (
        f"{response.status_code} answered {response.text[:200]!r}, not {{'error': {{...}}}}")
    assert error.get("type") in ERROR_TYPES, (
        f"error type {error.get('type')!r} is none of Stripe's {ERROR_TYPES}")
    assert isinstance(error.get("message"), str) and error["message"], "error without a message"
    return True


CHECKS = [not_a_server_error, response_schema_conformance, stripe_error_object]


# Findings already reproduced in test_fuzz_regressions.py: a case that only finds one again is
# set aside (each test there fails until the server is fixed; once it is, the answer no longer
# matches here and the fuzz checks it like any other). Each takes the case, the response and
# what the server logged meanwhile.
# An entry: "test_name": lambda case, response, log: response.status_code == 500 and ...
KNOWN: dict[str, Callable[[Any, Any, str], bool]] = {}


def known(case: Any, response: Any, log: str) -> str | None:
    return next((name for name, matches in KNOWN.items() if matches(case, response, log)), None)


def _server_log_since(world: World, offset: int) -> str:
    with world.log.open("rb") as log:
        log.seek(offset)
        return log.read().decode("utf-8", "replace")


@SCHEMA.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=SEED is None, database=None,
          suppress_health_check=list(HealthCheck), print_blob=False)
def test_fuzz(case: Any, world: World) -> None:
    world.restore()
    name_world_objects(case, world.ids)
    sdk_arrays(case.query)
    sdk_arrays(case.body)
    offset = world.log.stat().st_size
    world.dirty = True  # until the answer says otherwise
    response = case.call(base_url=world.base, session=world.session, headers=AUTH, timeout=10)
    # A refusal changes nothing, but for a decline: it keeps the attempt, as on Stripe.
    refused = 400 <= response.status_code < 500 and response.status_code != 402
    world.dirty = case.method != "GET" and not refused
    log = _server_log_since(world, offset) if response.status_code >= 500 else ""
    if known(case, response, log):
        reject()
    try:
        case.validate_response(response, checks=CHECKS)
    except BaseException as failure:
        if log:  # the traceback the server logged
            failure.add_note(log[-4000:])
        raise
