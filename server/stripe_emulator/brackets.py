"""Bracket paths, Stripe's way of naming a nested parameter: `a[b][0]` <-> ["a", "b", "0"].

Every layer uses them: the form decoder to build nested values, the param schemas and errors
to name the `param` that failed.
"""

from __future__ import annotations

from . import messages as M
from .errors import InvalidRequestError

# Stripe's deepest params nest six levels; Rack, which parses its forms, stops at 100.
MAX_DEPTH = 100


class FormError(InvalidRequestError):
    pass


def split_key(key: str) -> list[str]:
    """`a[b][0]` -> ["a", "b", "0"]; `a[]` -> ["a", ""]; a plain key -> [key]."""
    i = key.find("[")
    if i <= 0:
        return [key]
    parts = [key[:i]]
    rest = key[i:]
    while rest:
        if rest[0] != "[":
            raise FormError(M.INVALID_PARAM_NAME.format(key=key), param=key)
        j = rest.find("]")
        if j < 0:
            raise FormError(M.INVALID_PARAM_NAME.format(key=key), param=key)
        parts.append(rest[1:j])
        if len(parts) > MAX_DEPTH:
            raise FormError(M.PARAM_TOO_DEEP.format(key=parts[0], depth=MAX_DEPTH),
                            param=parts[0])
        rest = rest[j + 1 :]
    return parts


def bracket(parts: list[str] | tuple[str, ...]) -> str:
    """["a", "b", "0"] -> "a[b][0]": the form Stripe uses for `param` in errors."""
    if not parts:
        return ""
    return parts[0] + "".join(f"[{p}]" for p in parts[1:])
