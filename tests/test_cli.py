"""The `stripe-emulator` command: options, start-up line, access log."""

import asyncio
import re
import signal
import socket
import sys

import stripe

from stripe_emulator.cli import parse_args
from stripe_emulator.config import Config


def test_defaults_are_stripe_mocks_port_on_loopback():
    assert parse_args([]) == Config(host="127.0.0.1", port=12111, log_level="info", seed=None)


def test_options():
    config = parse_args(["--host", "0.0.0.0", "--port", "9000", "--log-level", "warning",
                         "--seed", "3"])
    assert config == Config(host="0.0.0.0", port=9000, log_level="warning", seed=3)
    assert not config.access_log and Config().access_log


def test_webhook_retry_schedule_option():
    import pytest

    assert parse_args(["--webhook-retry-schedule", "0.5,2"]).webhook_retry_schedule == (0.5, 2.0)
    assert parse_args([]).webhook_retry_schedule == (5.0, 60.0, 600.0)
    with pytest.raises(SystemExit):
        parse_args(["--webhook-retry-schedule", "soon"])


def test_forward_to_prints_the_signing_secret():
    from stripe_emulator.cli import banner

    config = parse_args(["--forward-to", "http://127.0.0.1:8000/hooks", "--seed", "5"])
    assert config.forward_to == "http://127.0.0.1:8000/hooks"
    assert config.forward_secret.startswith("whsec_")
    assert config.forward_secret == parse_args(["--forward-to", "x", "--seed", "5"]).forward_secret
    assert f"Your webhook signing secret is {config.forward_secret}" in banner(config)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_python_dash_m_serves_and_logs_one_line_per_request():
    port = free_port()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "stripe_emulator", "--port", str(port),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        banner = await asyncio.wait_for(proc.stdout.readline(), 20)
        assert f"listening on http://127.0.0.1:{port}" in banner.decode()
        http_client = stripe.AIOHTTPClient()
        client = stripe.StripeClient("sk_test_cli", http_client=http_client,
                                     base_addresses={"api": f"http://127.0.0.1:{port}"})
        c = await client.v1.customers.create_async({"email": "cli@x.io"})
        await http_client.close_async()
        # The line shows up while the server runs (the log is flushed twice a second).
        line = await asyncio.wait_for(proc.stdout.readline(), 5)
        rid = c.last_response.request_id
        assert re.fullmatch(rf"POST /v1/customers 200 \d+\.\dms {rid}", line.decode().strip())
    finally:
        proc.send_signal(signal.SIGINT)
        await asyncio.wait_for(proc.communicate(), 20)
    assert proc.returncode == 0


async def test_warning_level_logs_no_access_lines():
    port = free_port()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "stripe_emulator", "--port", str(port), "--log-level", "warning",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        await asyncio.wait_for(proc.stdout.readline(), 20)
        http_client = stripe.AIOHTTPClient()
        client = stripe.StripeClient("sk_test_cli", http_client=http_client,
                                     base_addresses={"api": f"http://127.0.0.1:{port}"})
        await client.v1.customers.list_async()
        await http_client.close_async()
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = await asyncio.wait_for(proc.communicate(), 20)
    assert "/v1/customers" not in out.decode()
