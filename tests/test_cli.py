"""The `stripe-emulator` command: options from the command line and the environment, start-up
errors (one line, exit status 2), the port actually bound, the access log."""

import asyncio
import json
import os
import re
import signal
import socket
import sys

import pytest
import stripe

from stripe_emulator.cli import banner, parse_args
from stripe_emulator.config import Config


def test_defaults_are_stripe_mocks_port_on_loopback():
    assert parse_args([], {}) == Config(host="127.0.0.1", port=12111, log_level="info")


def test_options():
    config = parse_args(["--host", "0.0.0.0", "--port", "9000", "--log-level", "warning",
                         "--seed", "3", "--log-format", "json", "--public-url",
                         "http://emulator:12111/", "--fixtures", "a.json", "--fixtures",
                         "b.json", "--data", "x.db", "--port-file", "p"], {})
    assert config == Config(host="0.0.0.0", port=9000, log_level="warning", seed=3,
                            log_format="json", public_url="http://emulator:12111",
                            fixtures=("a.json", "b.json"), data="x.db", port_file="p")
    assert not config.access_log and Config().access_log


def test_every_option_comes_from_the_environment_and_the_command_line_wins():
    env = {"STRIPE_EMULATOR_PORT": "9100", "STRIPE_EMULATOR_HOST": "0.0.0.0",
           "STRIPE_EMULATOR_SEED": "7", "STRIPE_EMULATOR_LOG_LEVEL": "WARNING",
           "STRIPE_EMULATOR_DATA": "/data/emulator.db",
           "STRIPE_EMULATOR_FIXTURES": os.pathsep.join(["/f/a.json", "/f/b.json"]),
           "STRIPE_EMULATOR_FORWARD_TO": "http://app:8000/hooks",
           "STRIPE_EMULATOR_PUBLIC_URL": "http://emulator:9100",
           "STRIPE_EMULATOR_LOG_FORMAT": "json",
           "STRIPE_EMULATOR_WEBHOOK_RETRY_SCHEDULE": "1,2"}
    config = parse_args([], env)
    assert (config.port, config.host, config.seed, config.log_level, config.data) == (
        9100, "0.0.0.0", 7, "warning", "/data/emulator.db")
    assert config.fixtures == ("/f/a.json", "/f/b.json")
    assert (config.forward_to, config.public_url, config.log_format) == (
        "http://app:8000/hooks", "http://emulator:9100", "json")
    assert config.webhook_retry_schedule == (1.0, 2.0)
    overridden = parse_args(["--port", "9200", "--fixtures", "c.json"], env)
    assert (overridden.port, overridden.fixtures) == (9200, ("c.json",))
    assert parse_args([], {"STRIPE_EMULATOR_PORT": ""}).port == 12111  # empty is unset


@pytest.mark.parametrize("argv, env, words", [
    (["--port", "-1"], {}, "--port: a port is a number from 0 to 65535, not -1"),
    (["--port", "85566"], {}, "not 85566"),
    (["--port", "http"], {}, "not 'http'"),
    ([], {"STRIPE_EMULATOR_PORT": "99999"}, "STRIPE_EMULATOR_PORT: a port is a number"),
    (["--forward-to", "not-a-url"], {}, "--forward-to: expected an http:// or https:// URL"),
    (["--public-url", "emulator:12111"], {}, "--public-url: expected an http"),
    (["--log-level", "loud"], {}, "--log-level: expected one of debug, info"),
    (["--webhook-retry-schedule", "soon"], {}, "comma-separated seconds"),
    ([], {"STRIPE_EMULATOR_SEED": "x"}, "STRIPE_EMULATOR_SEED: expected a whole number"),
])
def test_bad_options_are_one_line_and_exit_status_2(capsys, argv, env, words):
    with pytest.raises(SystemExit) as exc:
        parse_args(argv, env)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("stripe-emulator: error: ") and words in err


def test_forward_to_prints_the_signing_secret():
    config = parse_args(["--forward-to", "http://127.0.0.1:8000/hooks", "--seed", "5"], {})
    assert config.forward_secret.startswith("whsec_")
    assert config.forward_secret == parse_args(
        ["--forward-to", "http://other:1/x", "--seed", "5"], {}).forward_secret
    assert f"Your webhook signing secret is {config.forward_secret}" in banner(config, 8080)


# The command itself -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _start(*args: str, env: dict | None = None):
    """`python -m stripe_emulator` on a free port: (process, port, banner lines)."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "stripe_emulator", "--port", "0", *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        env={**os.environ, **(env or {})})
    lines = []
    while True:
        line = (await asyncio.wait_for(proc.stdout.readline(), 30)).decode()
        assert line, (await proc.stderr.read()).decode()
        lines.append(line.rstrip("\n"))
        if line.startswith("STRIPE_EMULATOR_URL="):
            break
    port = int(lines[-1].rsplit(":", 1)[1])
    return proc, port, lines


async def _stop(proc) -> tuple[str, str]:
    proc.send_signal(signal.SIGINT)
    out, err = await asyncio.wait_for(proc.communicate(), 20)
    assert proc.returncode == 0
    return out.decode(), err.decode()


def _client(port: int, key: str = "sk_test_cli1234") -> tuple[stripe.StripeClient, object]:
    http_client = stripe.AIOHTTPClient()
    return stripe.StripeClient(key, http_client=http_client,
                               base_addresses={"api": f"http://127.0.0.1:{port}"}), http_client


async def _fails(*args: str, env: dict | None = None) -> str:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "stripe_emulator", *args, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, env={**os.environ, **(env or {})})
    out, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 2 and out == b""
    text = err.decode()
    assert text.count("\n") == 1 and text.startswith("stripe-emulator: error: "), text
    return text


async def test_port_zero_reports_the_port_bound(tmp_path):
    port_file = tmp_path / "port"
    proc, port, lines = await _start("--port-file", str(port_file))
    try:
        assert port > 0 and f"listening on http://127.0.0.1:{port}" in lines[0]
        assert lines[-1] == f"STRIPE_EMULATOR_URL=http://127.0.0.1:{port}"
        assert port_file.read_text() == f"{port}\n"
        with socket.create_connection(("127.0.0.1", port), 5):
            pass
    finally:
        await _stop(proc)


async def test_start_up_errors_are_one_line_with_exit_status_2(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        text = await _fails("--port", str(port))
        assert f"port {port} is already in use on 127.0.0.1" in text
    assert "cannot listen on host 'no-such-host.invalid'" in await _fails(
        "--host", "no-such-host.invalid", "--port", "0")
    assert "not -1" in await _fails("--port", "-1")
    assert "STRIPE_EMULATOR_FORWARD_TO" in await _fails(
        env={"STRIPE_EMULATOR_FORWARD_TO": "not-a-url"})
    missing = tmp_path / "missing.json"
    assert f"{missing}: cannot read it" in await _fails("--port", "0", "--fixtures",
                                                        str(missing))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"fixtures": [
        {"name": "cus", "path": "/v1/customers", "method": "post",
         "params": {"email": "ok@example.com"}},
        {"name": "item", "path": "/v1/invoiceitems", "method": "post",
         "params": {"customer": "${cus:id}", "amount": "lots", "currency": "usd"}}]}))
    text = await _fails("--port", "0", "--fixtures", str(bad))
    assert f"{bad}: fixture 'item'" in text and "(param amount)" in text


async def test_the_access_log_line(tmp_path):
    proc, port, _ = await _start("--seed", "1")
    try:
        client, http_client = _client(port)
        c = await client.v1.customers.create_async({"email": "cli@x.io"})
        with pytest.raises(stripe.InvalidRequestError):
            await client.v1.customers.retrieve_async("cus_missing")
        await client.v1.customers.create_async({}, {"idempotency_key": "k1"})
        await client.v1.customers.create_async({}, {"idempotency_key": "k1"})
        await http_client.close_async()
        async with __import__("aiohttp").ClientSession() as s:
            for path in ("/health", "/_emulator/health"):
                async with s.get(f"http://127.0.0.1:{port}{path}") as resp:
                    assert resp.status == 200 and (await resp.json())["status"] == "ok"
            async with s.get(f"http://127.0.0.1:{port}/v1/customers?limit=1",
                             headers={"Authorization": "Bearer sk_test_cli1234"}) as resp:
                assert resp.status == 200
        # lines show up while the server runs (flushed twice a second)
        first = (await asyncio.wait_for(proc.stdout.readline(), 5)).decode().strip()
    finally:
        out, _ = await _stop(proc)
    lines = [first, *out.splitlines()]
    rid = c.last_response.request_id
    stamp = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"
    assert re.fullmatch(rf"{stamp} POST /v1/customers 200 \d+\.\dms {rid} key=…1234",
                        lines[0])
    assert re.fullmatch(rf"{stamp} GET /v1/customers/cus_missing 404 \S+ req_\w+ key=…1234 "
                        r"code=resource_missing", lines[1])
    assert lines[2].endswith("key=…1234") and lines[3].endswith("key=…1234 replayed")
    assert "GET /v1/customers?limit=1 200" in lines[4]
    assert not any("health" in line for line in lines)  # not at info


async def test_json_logs_and_failed_deliveries_at_warning():
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    proc, port, lines = await _start("--log-format", "json", "--forward-to",
                                     f"http://127.0.0.1:{dead}/hooks",
                                     "--webhook-retry-schedule", "30")
    try:
        assert any("webhook signing secret" in line for line in lines)
        client, http_client = _client(port)
        await client.v1.customers.create_async({"email": "hook@x.io"})
        await http_client.close_async()
        line = json.loads((await asyncio.wait_for(proc.stdout.readline(), 5)).decode())
        assert (line["method"], line["path"], line["status"], line["key"]) == (
            "POST", "/v1/customers", 200, "1234")
        warning = json.loads((await asyncio.wait_for(proc.stderr.readline(), 10)).decode())
    finally:
        await _stop(proc)
    assert warning["level"] == "warning" and warning["event_type"] == "customer.created"
    assert warning["url"] == f"http://127.0.0.1:{dead}/hooks" and warning["attempt"] == 1
    assert warning["next_attempt_in"] == 30 and "webhook delivery failed" in warning["message"]


async def test_public_url_is_the_base_of_links():
    proc, port, _ = await _start("--public-url", "http://emulator:12111")
    try:
        client, http_client = _client(port)
        customer = await client.v1.customers.create_async()
        await client.v1.invoice_items.create_async({"customer": customer.id, "amount": 500,
                                                    "currency": "usd"})
        invoice = await client.v1.invoices.create_async({
            "customer": customer.id, "pending_invoice_items_behavior": "include"})
        invoice = await client.v1.invoices.finalize_invoice_async(invoice.id)
        await http_client.close_async()
    finally:
        await _stop(proc)
    assert invoice.hosted_invoice_url.startswith("http://emulator:12111/_emulator/invoices/")


async def test_warning_level_logs_no_access_lines():
    proc, port, _ = await _start("--log-level", "warning")
    try:
        client, http_client = _client(port)
        await client.v1.customers.list_async()
        await http_client.close_async()
    finally:
        out, _ = await _stop(proc)
    assert "/v1/customers" not in out


def test_the_readme_lists_every_option_and_its_variable():
    from pathlib import Path

    from stripe_emulator.cli import ENV_PREFIX, OPTIONS

    readme = (Path(__file__).parent.parent / "README.md").read_text()
    table = readme[readme.index("## Configuration"):readme.index("## Fixtures")]
    for flag, env, *_ in OPTIONS:
        assert f"| `{flag}` | `{ENV_PREFIX}{env}` |" in table, flag
