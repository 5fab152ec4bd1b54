"""API keys: Bearer or HTTP Basic (key as the user name); each distinct key is an account."""

from __future__ import annotations

import base64
import binascii
import re

from .. import messages as M
from ..errors import AuthenticationError

KEY_RE = re.compile(r"(sk|rk)_(test|live)_[A-Za-z0-9_]+")


def mask(key: str) -> str:
    """`sk_test_abc…wxyz` -> `sk_test_*******wxyz`, as Stripe echoes a bad key."""
    m = re.match(r"[a-z]+_(test|live)_", key)
    head = m.group() if m else ""
    tail = key[len(head):]
    if len(tail) <= 4:
        return head + "*" * len(tail)
    return head + "*" * (len(tail) - 4) + tail[-4:]


def api_key(authorization: str | None) -> str:
    """The API key in an Authorization header, or the 401 Stripe answers."""
    if not authorization:
        raise AuthenticationError(M.NO_API_KEY, log_url=False)
    scheme, _, value = authorization.strip().partition(" ")
    scheme = scheme.lower()
    value = value.strip()
    if scheme == "bearer":
        key = value
    elif scheme == "basic":
        try:
            key = base64.b64decode(value, validate=True).decode("utf-8").partition(":")[0]
        except (binascii.Error, UnicodeDecodeError):
            raise AuthenticationError(
                M.INVALID_API_KEY.format(masked=mask(value)), log_url=False
            ) from None
    else:
        raise AuthenticationError(M.INVALID_API_KEY.format(masked=mask(authorization)),
                                  log_url=False)
    if not key:
        raise AuthenticationError(M.NO_API_KEY, log_url=False)
    if key.startswith("pk_"):
        raise AuthenticationError(M.PUBLISHABLE_KEY, log_url=False)
    if not KEY_RE.fullmatch(key):
        raise AuthenticationError(M.INVALID_API_KEY.format(masked=mask(key)), log_url=False)
    return key
