"""Signed webhook delivery: never in the way of the API request that caused the event.

Each event bound for an endpoint is queued (the request only enqueues); a few workers per
endpoint POST it with a `Stripe-Signature` the official SDK verifies. A non-2xx answer, a
timeout or an unreachable endpoint is retried on a schedule; a full queue drops the newest
work rather than grow, so a dead endpoint cannot exhaust memory.
"""

from __future__ import annotations

import asyncio
import contextvars
import hashlib
import hmac
import logging
import time
from collections.abc import Iterable, Sequence
from typing import Any

import orjson

from ..context import current
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


PENDING = "_delivery"  # a delivery not yet made: (event, endpoint), its attempts so far
ATTEMPTS = "_delivery_attempt"  # the log of attempts, newest last
SECRETS = "_webhook_secret"  # endpoint id -> its signing secret


class Job:
    __slots__ = ("account", "attempt", "endpoint_id", "event_id", "event_type", "payload",
                 "secret", "url")

    def __init__(self, account: Account, endpoint: dict, event: dict, attempt: int = 0,
                 payload: str | None = None) -> None:
        self.account, self.endpoint_id, self.url = account, endpoint["id"], endpoint["url"]
        self.secret = secret_of(account, endpoint["id"])
        self.event_id, self.event_type = event["id"], event["type"]
        self.payload = payload or orjson.dumps(event).decode()
        self.attempt = attempt


def secret_of(account: Account, endpoint_id: str) -> str:
    record = account.record(SECRETS, endpoint_id)
    return record["secret"] if record is not None else ""


class Dispatcher:
    def __init__(self, schedule: Sequence[float] = DEFAULT_SCHEDULE, timeout: float = 10.0,
                 concurrency: int = 4, max_queue: int = 10_000) -> None:
        self.schedule = schedule
        self.timeout = timeout
        self.concurrency = concurrency  # deliveries in flight per endpoint
        self.max_queue = max_queue  # waiting deliveries per endpoint
        self.queues: dict[str, asyncio.Queue] = {}
        self.workers: dict[str, list[asyncio.Task]] = {}
        # retries waiting, per endpoint: cancelled with it, so nothing holds a reset account
        self.timers: dict[str, dict[Job, asyncio.TimerHandle]] = {}

    def enqueue(self, job: Job) -> bool:
        """Queue one delivery; False (and nothing queued) when the endpoint's queue is full."""
        queue = self.queues.get(job.endpoint_id)
        if queue is None:
            queue = self.queues[job.endpoint_id] = asyncio.Queue(self.max_queue)
            # A context of their own: a worker started by a request must not see its context.
            self.workers[job.endpoint_id] = [
                asyncio.create_task(self._work(queue, job.url), context=contextvars.Context())
                for _ in range(self.concurrency)]
        try:
            queue.put_nowait(job)
        except asyncio.QueueFull:
            self._log(job, None, "dropped: the endpoint's delivery queue is full")
            log.warning("webhook delivery dropped: %s to %s (endpoint %s): its queue is full",
                        job.event_type, job.url, job.endpoint_id)
            return False
        return True

    async def _work(self, queue: asyncio.Queue, url: str) -> None:
        client = Client(url)  # one kept-alive connection per worker
        while True:
            job = await queue.get()
            if not self._still_wanted(job):
                continue
            if job.url != client.url:
                client.close()
                client = Client(job.url)  # the endpoint's URL changed
            try:
                await self._attempt(job, queue, client)
            except Exception:  # a delivery must never take its worker down
                log.exception("webhook delivery to %s failed unexpectedly", job.url)

    @staticmethod
    def _still_wanted(job: Job) -> bool:
        """Not once its account was reset, nor its endpoint deleted or disabled."""
        if job.account.closed:
            return False
        endpoint = job.account.record("webhook_endpoint", job.endpoint_id)
        return endpoint is not None and endpoint["status"] == "enabled"

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
        if job.account.closed:
            return
        delivered = status is not None and 200 <= status < 300
        self._log(job, status, error, delivered)
        if delivered:
            return
        last = job.attempt > len(self.schedule)
        delay = None if last else self.schedule[job.attempt - 1]
        outcome = error or f"HTTP {status}"
        log.warning("webhook delivery failed: %s to %s (endpoint %s), attempt %d: %s; %s",
                    job.event_type, job.url, job.endpoint_id, job.attempt, outcome,
                    "no more attempts" if last else f"next attempt in {delay:g}s",
                    extra={"fields": {"event": job.event_id, "event_type": job.event_type,
                                      "endpoint": job.endpoint_id, "url": job.url,
                                      "attempt": job.attempt, "status": status,
                                      "error": error, "next_attempt_in": delay}})
        if last:
            return
        self.timers.setdefault(job.endpoint_id, {})[job] = asyncio.get_running_loop().call_later(
            delay, self._retry, queue, job)

    def _retry(self, queue: asyncio.Queue, job: Job) -> None:
        self.timers.get(job.endpoint_id, {}).pop(job, None)
        try:
            queue.put_nowait(job)
        except asyncio.QueueFull:
            self._log(job, None, "dropped: the endpoint's delivery queue is full")

    @staticmethod
    def _log(job: Job, status: int | None, error: str | None, delivered: bool = False) -> None:
        """Record the attempt, and what it did to the delivery (one transaction: a restart
        resumes exactly the deliveries still pending)."""
        account = job.account
        with account.transaction():
            attempts = account.collection(ATTEMPTS)
            account.put(ATTEMPTS, {
                "id": str(len(attempts.order)),  # a position: drawing an id would break seeding
                "event": job.event_id, "type": job.event_type, "endpoint": job.endpoint_id,
                "url": job.url, "attempt": job.attempt, "status": status, "error": error,
                "delivered": delivered, "at": int(time.time())})
            if len(attempts) > MAX_ATTEMPTS_LOGGED:
                account.drop_oldest(ATTEMPTS)
            pending_id = f"{job.event_id}/{job.endpoint_id}"
            pending = account.record(PENDING, pending_id)
            if pending is None:
                return
            if not delivered:
                account.put(PENDING, {**pending, "attempt": job.attempt})
                return
            account.drop(PENDING, pending_id)
            event = account.record("event", job.event_id)
            if event is not None:
                account.put("event", {**event,
                                      "pending_webhooks": max(0, event["pending_webhooks"] - 1)})

    def forget(self, endpoint_ids: Iterable[str]) -> None:
        """Stop the workers of endpoints that are gone (their account was reset)."""
        for endpoint_id in endpoint_ids:
            self.queues.pop(endpoint_id, None)
            for task in self.workers.pop(endpoint_id, ()):
                task.cancel()
            for timer in self.timers.pop(endpoint_id, {}).values():
                timer.cancel()

    def resume(self, account: Account) -> None:
        """Queue again every delivery an account still had pending (after a restart)."""
        pending = account.collections.get(PENDING)
        if not pending:
            return
        events, endpoints = account.collection("event"), account.collection("webhook_endpoint")
        for record in list(pending.objects.values()):
            event, endpoint = events.get(record["event"]), endpoints.get(record["endpoint"])
            if event is not None and endpoint is not None:
                self.enqueue(Job(account, endpoint, event, record["attempt"]))

    async def stop(self) -> None:
        tasks = [task for tasks in self.workers.values() for task in tasks]
        for timers in self.timers.values():
            for timer in timers.values():
                timer.cancel()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def matches(endpoint: dict, event_type: str) -> bool:
    enabled = endpoint["enabled_events"]
    return "*" in enabled or event_type in enabled


def deliver_to_endpoints(dispatcher: Dispatcher, account: Account, event: dict) -> int:
    """Hand an event to every enabled endpoint of the account that subscribes to its type;
    the number of deliveries it now has pending that it had not before. Inside a transaction:
    deliveries are queued once it commits."""
    endpoints: Any = account.collections.get("webhook_endpoint")
    if not endpoints:  # none registered (an empty collection is falsy)
        return 0
    targets, added = [], 0
    for endpoint in endpoints.objects.values():
        if endpoint["status"] == "enabled" and matches(endpoint, event["type"]):
            # Pending until delivered: one dropped from a full queue stays pending (and is
            # listed by delivery_success=false), so it can be resent.
            pending_id = f"{event['id']}/{endpoint['id']}"
            if account.record(PENDING, pending_id) is None:
                account.put(PENDING, {"id": pending_id, "event": event["id"],
                                      "endpoint": endpoint["id"], "attempt": 0})
                added += 1
            targets.append(endpoint)
    if not targets:
        return 0
    if added:
        event = account.put("event", {**event,
                                      "pending_webhooks": event["pending_webhooks"] + added})
    payload = orjson.dumps(event).decode()
    tx = current().transaction
    assert tx is not None
    for endpoint in targets:
        job = Job(account, endpoint, event, payload=payload)
        tx.after.append(lambda job=job: dispatcher.enqueue(job))
    return added
