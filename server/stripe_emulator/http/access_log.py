"""The access log: one line per request, to stdout.

    2026-12-01T18:55:00.123Z POST /v1/customers 200 3.2ms req_abc key=…4242
    2026-12-01T18:55:00.456Z GET /v1/customers/cus_x 404 0.4ms req_def key=…4242 code=…
    2026-12-01T18:55:01.789Z POST /v1/customers 200 0.2ms req_ghi key=…4242 replayed

(time, method, path and query, status, milliseconds, request id, the key's last four
characters, Stripe's error code on an error, a mark on an idempotent replay), or the same as
one JSON object a line with `--log-format json`. A request only appends a tuple; lines are
formatted and written twice a second, in one write, so they still show up promptly in a
terminal or `docker logs` while costing the request next to nothing.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator
from typing import TextIO

from aiohttp import web

from ..logs import iso

# time, method, path and query, status, seconds, request id, key's last 4, error code, replayed
Entry = tuple[float, str, str, int, float, str, "str | None", "str | None", bool]


def text_line(entry: Entry) -> str:
    at, method, path, status, seconds, rid, key, code, replayed = entry
    line = f"{iso(at)} {method} {path} {status} {seconds * 1000:.1f}ms {rid}"
    if key is not None:
        line += f" key=…{key}"
    if code is not None:
        line += f" code={code}"
    if replayed:
        line += " replayed"
    return line + "\n"


def json_line(entry: Entry) -> str:
    at, method, path, status, seconds, rid, key, code, replayed = entry
    return json.dumps({"time": iso(at), "method": method, "path": path, "status": status,
                       "ms": round(seconds * 1000, 1), "request_id": rid, "key": key,
                       "code": code, "replayed": replayed}) + "\n"


class AccessLog:
    def __init__(self, stream: TextIO | None = None, fmt: str = "text",
                 debug: bool = False) -> None:
        self.stream = stream
        self.entries: list[Entry] = []
        self.note = self.entries.append
        self.line = json_line if fmt == "json" else text_line
        self.debug = debug  # health checks are logged too

    def flush(self) -> None:
        stream = self.stream or sys.stdout
        if self.entries:
            entries = self.entries[:]
            del self.entries[:]  # in place: `note` stays bound to the same list
            stream.write("".join(self.line(entry) for entry in entries))
        stream.flush()

    async def run(self, app: web.Application) -> AsyncIterator[None]:
        """The app's cleanup context: flush twice a second while it runs, and once at the end."""

        async def loop() -> None:
            while True:
                await asyncio.sleep(0.5)
                self.flush()

        task = asyncio.create_task(loop())
        yield
        task.cancel()
        self.flush()
