"""Routing: (method, path) -> the handler and its path arguments.

One table for the API and the emulator's own routes, read by the pipeline (the application
itself has a single catch-all route: aiohttp's own dispatch over ~100 routes and its
middleware wrapper cost every request more than this lookup). A static path wins over a
parameter path (`/v1/customers/search` never reaches `/v1/customers/{id}`); parameter paths
are tried in the order they were added, among those sharing the path's first two segments.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from aiohttp import web

Handler = Callable[[web.Request, dict[str, str]], Awaitable[web.StreamResponse]]
_PARAM = re.compile(r"{(\w+)}")


def _family(path: str) -> str:
    """`/v1/customers/cus_1/tax_ids` -> `/v1/customers`: the routes a path can match."""
    parts = path.split("/", 3)
    return "/".join(parts[:3])


class Router:
    def __init__(self) -> None:
        self.routes: list[tuple[str, str]] = []  # (method, path template), as added
        self._static: dict[tuple[str, str], Handler] = {}
        self._dynamic: dict[tuple[str, str], list[tuple[re.Pattern, Handler]]] = {}

    def add(self, method: str, path: str, handler: Handler) -> None:
        self.routes.append((method, path))
        if "{" not in path:
            self._static[(method, path)] = handler
            return
        pattern = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>[^{{}}/]+)"
                          for i, part in enumerate(_PARAM.split(path)))
        self._dynamic.setdefault((method, _family(path)), []).append(
            (re.compile(pattern + r"\Z"), handler))

    def resolve(self, method: str, path: str) -> tuple[Handler, dict[str, str]] | None:
        handler = self._static.get((method, path))
        if handler is not None:
            return handler, {}
        for pattern, handler in self._dynamic.get((method, _family(path)), ()):
            match = pattern.match(path)
            if match is not None:
                return handler, match.groupdict()
        return None
