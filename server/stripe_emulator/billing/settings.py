"""An account's Billing settings: what the Dashboard's subscription settings decide on Stripe
(the retry schedule after a failed renewal, what then becomes of the subscription, how early
`invoice.upcoming` goes out). Kept per account, so parallel tests each set their own.

Defaults (Stripe's own are a Dashboard choice): retries 3, 5 and 7 days after the first failed
attempt (four attempts within two weeks, as Smart Retries' "8 tries within 2 weeks" is
shortened), then the subscription is canceled (Stripe's default) and the invoice left open;
upcoming-renewal events 7 days ahead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

from ..store.memory import Account

KIND = "_billing_settings"
AFTER_RETRIES = ("cancel", "unpaid", "past_due")  # what a subscription becomes once they fail
MAX_RETRIES = 8
MAX_RETRY_DAYS = 60  # Stripe's longest retry window is two months


@dataclass(frozen=True)
class BillingSettings:
    retry_days: tuple[int, ...] = (3, 5, 7)  # days after the first failed attempt
    after_retries: str = "cancel"
    upcoming_days: int = 7

    def public(self) -> dict:
        return {"object": "emulator.billing_settings", **asdict(self),
                "retry_days": list(self.retry_days)}


DEFAULT = BillingSettings()


def settings_of(account: Account) -> BillingSettings:
    record = account.record(KIND, "settings")
    if record is None:
        return DEFAULT
    return BillingSettings(retry_days=tuple(record["retry_days"]),
                           after_retries=record["after_retries"],
                           upcoming_days=record["upcoming_days"])


# Told when an account's settings change (subscriptions reschedule what the settings time).
CHANGED: list[Callable[[Account], None]] = []


def save(account: Account, settings: BillingSettings) -> None:
    account.put(KIND, {"id": "settings", "retry_days": list(settings.retry_days),
                       "after_retries": settings.after_retries,
                       "upcoming_days": settings.upcoming_days})
    for hook in CHANGED:
        hook(account)
