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
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import orjson

from ..store.memory import Account

log = logging.getLogger("stripe_emulator.webhooks")

DEFAULT_SCHEDULE = (5.0, 60.0, 600.0)  # seconds before each retry (Stripe: a few in test mode)
MAX_ATTEMPTS_LOGGED = 1_000  # per account


def signature_header(payload: str, secret: str, timestamp: int | None = None) -> str:
    """Stripe's scheme: `t=<ts>,v1=HMAC-SHA256(secret, "<ts>.<payload>")`."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


@dataclass
class Job:
    account: Account
    endpoint_id: str
    url: str
    secret: str
    event: dict
    payload: str
    attempt: int = 0


@dataclass
class Dispatcher:
    schedule: Sequence[float] = DEFAULT_SCHEDULE
    timeout: float = 10.0
    concurrency: int = 4  # deliveries in flight per endpoint
    max_queue: int = 1_000  # waiting deliveries per endpoint
    session: aiohttp.ClientSession | None = None
    queues: dict[str, asyncio.Queue] = field(default_factory=dict)
    workers: list[asyncio.Task] = field(default_factory=list)

    def enqueue(self, account: Account, endpoint: dict, secret: str, event: dict) -> bool:
        """Queue one delivery; False (and nothing queued) when the endpoint's queue is full."""
        queue = self.queues.get(endpoint["id"])
        if queue is None:
            queue = self.queues[endpoint["id"]] = asyncio.Queue(self.max_queue)
            self.workers += [asyncio.create_task(self._work(queue))
                             for _ in range(self.concurrency)]
        job = Job(account, endpoint["id"], endpoint["url"], secret, event,
                  orjson.dumps(event).decode())
        try:
            queue.put_nowait(job)
        except asyncio.QueueFull:
            self._log(job, None, "dropped: the endpoint's delivery queue is full")
            return False
        return True

    async def _work(self, queue: asyncio.Queue) -> None:
        while True:
            job = await queue.get()
            try:
                await self._attempt(job, queue)
            except Exception:  # a delivery must never take its worker down
                log.exception("webhook delivery to %s failed unexpectedly", job.url)

    async def _attempt(self, job: Job, queue: asyncio.Queue) -> None:
        job.attempt += 1
        status, error = None, None
        headers = {"Content-Type": "application/json; charset=utf-8",
                   "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
                   "Stripe-Signature": signature_header(job.payload, job.secret)}
        try:
            assert self.session is not None
            async with self.session.post(job.url, data=job.payload.encode(), headers=headers,
                                         timeout=aiohttp.ClientTimeout(total=self.timeout),
                                         allow_redirects=False) as response:
                status = response.status
                await response.read()
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            error = f"{type(exc).__name__}: {exc}"
        delivered = status is not None and 200 <= status < 300
        self._log(job, status, error)
        if delivered:
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

    async def start(self) -> None:
        self.session = aiohttp.ClientSession()

    async def stop(self) -> None:
        for task in self.workers:
            task.cancel()
        await asyncio.gather(*self.workers, return_exceptions=True)
        if self.session is not None:
            await self.session.close()


def matches(endpoint: dict, event_type: str) -> bool:
    enabled = endpoint["enabled_events"]
    return "*" in enabled or event_type in enabled


def deliver_to_endpoints(dispatcher: Dispatcher, account: Account, event: dict) -> None:
    """Hand an event to every enabled endpoint of the account that subscribes to its type."""
    endpoints: Any = account.collections.get("webhook_endpoint")
    if not endpoints or not len(endpoints):
        return
    for endpoint in endpoints.objects.values():
        if endpoint["status"] == "enabled" and matches(endpoint, event["type"]):
            secret = account.webhook_secrets[endpoint["id"]]
            if dispatcher.enqueue(account, endpoint, secret, event):
                event["pending_webhooks"] += 1
