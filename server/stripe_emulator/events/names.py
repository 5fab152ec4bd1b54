"""Which stored change makes which Stripe event: each resource declares its own names."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

# (stored kind, change) -> Stripe's event type; a change not listed has no event on Stripe.
NAMES: dict[tuple[str, str], str] = {}
# Creations, by the store's change name: `customer.created` -> its event type.
CREATED: dict[str, str] = {}


class FieldEvents(NamedTuple):
    """The events an update of one field makes instead of the kind's own update event: an
    invoice's `status` becoming `paid` is `invoice.paid` then `invoice.updated`; a payment
    method's `customer` set is `payment_method.attached`. `names` maps the new value (or
    `"old->new"`, looked up first) to the event types in order, or is a function of
    (old, new) giving them; None (or no entry) keeps the update's own event."""

    field: str
    names: dict[str, tuple[str, ...]] | Callable[[Any, Any], tuple[str, ...] | None]

    def lookup(self, old: Any, new: Any) -> tuple[str, ...] | None:
        if callable(self.names):
            return self.names(old, new)
        return self.names.get(f"{old}->{new}") or self.names.get(new)


# stored kind -> the fields whose change names its update's events (the first that changed)
FIELDS: dict[str, tuple[FieldEvents, ...]] = {}


def register(kind: str, change: str, event_type: str) -> None:
    NAMES[(kind, change)] = event_type
    if change == "created":
        CREATED[f"{kind}.{change}"] = event_type


def register_field(kind: str, rules: FieldEvents | tuple[FieldEvents, ...]) -> None:
    FIELDS[kind] = (rules,) if isinstance(rules, FieldEvents) else rules
