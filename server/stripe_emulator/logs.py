"""The server's log: Python logging to stderr, as text or one JSON object per line."""

from __future__ import annotations

import json
import logging
import sys
import time

from .config import Config

# An access-log flush writes thousands of lines within a few seconds: the last second
# formatted, and its text, and the milliseconds' texts, are kept.
_second = (-1, "")
_MILLIS = tuple(f".{ms:03d}Z" for ms in range(1000))


def iso(ts: float) -> str:
    """`2026-12-01T18:55:00.123Z`: UTC, to the millisecond."""
    global _second
    second, text = _second
    if int(ts) != second:
        second = int(ts)
        text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
        _second = (second, text)  # one assignment: a logging thread reads a consistent pair
    return text + _MILLIS[int(ts * 1000) % 1000]


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out = {"time": iso(record.created), "level": record.levelname.lower(),
               "logger": record.name, "message": record.getMessage()}
        out.update(getattr(record, "fields", {}))
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out)


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        text = f"{iso(record.created)} {record.levelname} {record.name}: {record.getMessage()}"
        if record.exc_info:
            text += "\n" + self.formatException(record.exc_info)
        return text


def configure(config: Config) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if config.log_format == "json" else TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(config.log_level.upper())
