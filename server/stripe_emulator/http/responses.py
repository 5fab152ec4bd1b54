"""JSON responses, encoded once with orjson (the hot path of every request)."""

from __future__ import annotations

from typing import Any

import orjson
from aiohttp import web

JSON = "application/json"


class JSONResponse(web.Response):
    """A JSON answer: a bytes body with its length known, no cookies, no compression, never
    a 204 or 304 (the express lane writes it without asking)."""


def json_response(obj: Any, status: int = 200) -> web.Response:
    return JSONResponse(body=orjson.dumps(obj), status=status, headers={"Content-Type": JSON})
