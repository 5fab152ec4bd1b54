"""Import marshmallow with its e-mail validator's patterns compiled on first use.

Importing marshmallow compiles `validate.Email`'s two Unicode-wide regular expressions in its
class body: ~28 ms, a tenth of this server's start-up, for a validator it never uses. While
marshmallow imports, patterns compiled by `marshmallow.validate` are handed out as proxies
that compile on first use, so that validator still works for anyone who calls it.
"""

from __future__ import annotations

import re
import sys
from typing import Any

_compile = re.compile


class LazyPattern:
    """A compiled pattern, compiled the first time it is used."""

    __slots__ = ("_args", "_pattern")

    def __init__(self, pattern: Any, flags: int) -> None:
        self._args = (pattern, flags)
        self._pattern: re.Pattern | None = None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # e.g. ABCMeta probing for __isabstractmethod__
            raise AttributeError(name)
        if self._pattern is None:
            self._pattern = _compile(*self._args)
        return getattr(self._pattern, name)


def _deferring_compile(pattern: Any, flags: int = 0) -> Any:
    if sys._getframe(1).f_globals.get("__name__") == "marshmallow.validate":
        return LazyPattern(pattern, flags)
    return _compile(pattern, flags)


if "marshmallow" not in sys.modules:
    re.compile = _deferring_compile
    try:
        import marshmallow  # noqa: F401
    finally:
        re.compile = _compile
