"""Signed webhook delivery: never in the way of the API request that caused the event.

Each event bound for an endpoint is queued (the request only enqueues); a few workers per
endpoint POST it with a `Stripe-Signature` the official SDK verifies. A non-2xx answer, a
timeout or an unreachable endpoint is retried on a schedule; a full queue drops the newest
work rather than grow, so a dead endpoint cannot exhaust memory.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import time
from collections import deque
from collections.abc import Sequence
from typing import Any

import orjson

from ..store.memory import Account
from .http_client import Client, HTTPError

log = logging.getLogger("stripe_emulator.webhooks")

DEFAULT_SCHEDULE = (5.0, 60.0, 600.0)  # seconds before each retry (Stripe: a few in test mode)
MAX_ATTEMPTS_LOGGED = 1_000  # per account


def signature_header(payload: str, secret: str, timestamp: int | None = None) -> str:
    """Stripe's scheme: `t=<ts>,v1=HMAC-SHA256(secret, "<ts>.<payload>")`."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


class Job:
    __slots__ = ("account", "attempt", "endpoint_id", "event", "payload", "secret", "url")

    def __init__(self, account: Account, endpoint_id: str, url: str, secret: str, event: dict,
                 payload: str) -> None:
        self.account, self.endpoint_id, self.url = account, endpoint_id, url
        self.secret, self.event, self.payload = secret, event, payload
        self.attempt = 0


class Dispatcher:
    def __init__(self, schedule: Sequence[float] = DEFAULT_SCHEDULE, timeout: float = 10.0,
                 concurrency: int = 4, max_queue: int = 10_000) -> None:
        self.schedule = schedule
        self.timeout = timeout
        self.concurrency = concurrency  # deliveries in flight per endpoint
        self.max_queue = max_queue  # waiting deliveries per endpoint
        self.queues: dict[str, asyncio.Queue] = {}
        self.workers: list[asyncio.Task] = []

    def enqueue(self, account: Account, endpoint: dict, secret: str, event: dict) -> bool:
        """Queue one delivery; False (and nothing queued) when the endpoint's queue is full."""
        queue = self.queues.get(endpoint["id"])
        if queue is None:
            queue = self.queues[endpoint["id"]] = asyncio.Queue(self.max_queue)
            self.workers += [asyncio.create_task(self._work(queue, endpoint["url"]))
                             for _ in range(self.concurrency)]
        job = Job(account, endpoint["id"], endpoint["url"], secret, event,
                  orjson.dumps(event).decode())
        try:
            queue.put_nowait(job)
        except asyncio.QueueFull:
            self._log(job, None, "dropped: the endpoint's delivery queue is full")
            return False
        return True

    async def _work(self, queue: asyncio.Queue, url: str) -> None:
        client = Client(url)  # one kept-alive connection per worker
        while True:
            job = await queue.get()
            if job.url != client.url:
                client.close()
                client = Client(job.url)  # the endpoint's URL changed
            try:
                await self._attempt(job, queue, client)
            except Exception:  # a delivery must never take its worker down
                log.exception("webhook delivery to %s failed unexpectedly", job.url)

    async def _attempt(self, job: Job, queue: asyncio.Queue, client: Client) -> None:
        job.attempt += 1
        status, error = None, None
        headers = {"Content-Type": "application/json; charset=utf-8",
                   "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
                   "Stripe-Signature": signature_header(job.payload, job.secret)}
        try:
            status = await client.post(job.payload.encode(), headers, self.timeout)
        except (HTTPError, TimeoutError, OSError) as exc:
            client.close()
            error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        delivered = status is not None and 200 <= status < 300
        self._log(job, status, error)
        if delivered:
            # The one stored object changed in place: its count is the delivery's own state.
            job.event["pending_webhooks"] = max(0, job.event["pending_webhooks"] - 1)
            return
        if job.attempt <= len(self.schedule):
            delay = self.schedule[job.attempt - 1]
            asyncio.get_running_loop().call_later(delay, self._retry, queue, job)

    def _retry(self, queue: asyncio.Queue, job: Job) -> None:
        try:
            queue.put_nowait(job)
        except asyncio.QueueFull:
            self._log(job, None, "dropped: the endpoint's delivery queue is full")

    @staticmethod
    def _log(job: Job, status: int | None, error: str | None) -> None:
        attempts = job.account.delivery_attempts
        if attempts is None:
            attempts = job.account.delivery_attempts = deque(maxlen=MAX_ATTEMPTS_LOGGED)
        attempts.append({"event": job.event["id"], "type": job.event["type"],
                         "endpoint": job.endpoint_id, "url": job.url, "attempt": job.attempt,
                         "status": status, "error": error,
                         "delivered": status is not None and 200 <= status < 300,
                         "at": int(time.time())})

    async def stop(self) -> None:
        for task in self.workers:
            task.cancel()
        await asyncio.gather(*self.workers, return_exceptions=True)


def matches(endpoint: dict, event_type: str) -> bool:
    enabled = endpoint["enabled_events"]
    return "*" in enabled or event_type in enabled


def deliver_to_endpoints(dispatcher: Dispatcher, account: Account, event: dict) -> None:
    """Hand an event to every enabled endpoint of the account that subscribes to its type."""
    endpoints: Any = account.collections.get("webhook_endpoint")
    if not endpoints:  # none registered (an empty collection is falsy)
        return
    for endpoint in endpoints.objects.values():
        if endpoint["status"] == "enabled" and matches(endpoint, event["type"]):
            # Pending until delivered: one dropped from a full queue stays pending (and is
            # listed by delivery_success=false), so it can be resent.
            event["pending_webhooks"] += 1
            dispatcher.enqueue(account, endpoint, account.webhook_secrets[endpoint["id"]], event)
