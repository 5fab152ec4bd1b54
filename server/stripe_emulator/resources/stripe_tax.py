"""Stripe Tax is not emulated: `automatic_tax` is taken switched off only (subscriptions,
invoices), and shown as the object's own disabled state."""

from __future__ import annotations

from typing import Any

from .. import messages as M
from ..api.params import Bool, NotYet, Params
from ..errors import InvalidRequestError


class AutomaticTaxParams(Params):
    enabled = Bool(required=True)
    liability = NotYet()


def automatic_tax(p: dict[str, Any], current: dict) -> dict:
    """`automatic_tax` as `p` sets it: `enabled=true` is refused."""
    if p["enabled"]:
        raise InvalidRequestError(M.AUTOMATIC_TAX_NOT_EMULATED, code="parameter_unsupported",
                                  param="automatic_tax[enabled]")
    return dict(current)
