"""Which stored change makes which Stripe event: each resource declares its own names."""

from __future__ import annotations

# (stored kind, change) -> Stripe's event type; a change not listed has no event on Stripe.
NAMES: dict[tuple[str, str], str] = {}
# Creations, by the store's change name: `customer.created` -> its event type.
CREATED: dict[str, str] = {}


def register(kind: str, change: str, event_type: str) -> None:
    NAMES[(kind, change)] = event_type
    if change == "created":
        CREATED[f"{kind}.{change}"] = event_type
