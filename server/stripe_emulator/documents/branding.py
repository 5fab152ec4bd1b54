"""The account's public face on its documents: business name, address, support email,
primary colour and logo (the Dashboard's Branding and Public details settings on Stripe;
here `GET /_emulator/branding` reads them and `POST` sets them, per key; the account object
shows what Stripe's shows of them)."""

from __future__ import annotations

import base64
import re
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from .. import messages as M
from ..errors import InvalidRequestError
from ..store.memory import Account

RECORD = "_branding"
DEFAULT_NAME = "stripe-emulator"
DEFAULT_COLOR = "#635bff"
ADDRESS_FIELDS = ("line1", "line2", "city", "state", "postal_code", "country")
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_LOGO = re.compile(r"data:image/(png|jpeg);base64,([A-Za-z0-9+/=\s]+)")
MAX_LOGO = 512 * 1024


@dataclass(frozen=True)
class Branding:
    business_name: str = DEFAULT_NAME
    support_email: str | None = None
    support_phone: str | None = None
    address: dict[str, str | None] = field(default_factory=dict)
    primary_color: str = DEFAULT_COLOR
    logo: str | None = None  # a data: URL (PNG or JPEG)

    def public(self) -> dict[str, Any]:
        return {"object": "emulator.branding", **asdict(self)}

    def logo_bytes(self) -> bytes | None:
        match = _LOGO.fullmatch(self.logo or "")
        return base64.b64decode(match.group(2)) if match else None


def of(account: Account) -> Branding:
    record = account.record(RECORD, "branding")
    if record is None:
        return Branding()
    return Branding(**{k: v for k, v in record.items() if k != "id"})


def update(account: Account, form: dict[str, str]) -> Branding:
    """Set what the form names (`business_name`, `support_email`, `support_phone`,
    `primary_color=#rrggbb`, `logo=data:image/png;base64,…`, `address[line1]`…); an empty
    value clears it."""
    current = of(account)
    changes: dict[str, Any] = {}
    address = dict(current.address)
    for key, value in form.items():
        inner = re.fullmatch(r"address\[(\w+)\]", key)
        if inner and inner.group(1) in ADDRESS_FIELDS:
            address[inner.group(1)] = value or None
        elif key in ("business_name", "support_email", "support_phone"):
            changes[key] = value or (DEFAULT_NAME if key == "business_name" else None)
        elif key == "primary_color":
            if value and not _COLOR.fullmatch(value):
                raise InvalidRequestError(M.BRANDING_COLOR, param=key)
            changes[key] = value or DEFAULT_COLOR
        elif key == "logo":
            if value and (not _LOGO.fullmatch(value) or len(value) > MAX_LOGO):
                raise InvalidRequestError(M.BRANDING_LOGO.format(most=MAX_LOGO), param=key)
            changes[key] = value or None
        else:
            raise InvalidRequestError(M.UNKNOWN_PARAM.format(param=key),
                                      code="parameter_unknown", param=key)
    new = replace(current, **changes, address=address)
    account.put(RECORD, {"id": "branding", **asdict(new)})
    return new
