"""The objects as Stripe shows them at endive: a subscription (periods on its items, flexible
billing mode), a subscription item with its price and the legacy plan mirror."""

from __future__ import annotations

from typing import Any

from ...api.metadata import merge_metadata
from ...store.memory import Account
from .declared import ITEM_KIND, items_list


def plan_of(price: dict) -> dict:
    """The legacy Plan mirror of a recurring price, as items still carry it."""
    recurring = price["recurring"]
    return {
        "id": price["id"], "object": "plan", "active": price["active"],
        "amount": price["unit_amount"], "amount_decimal": price["unit_amount_decimal"],
        "billing_scheme": price["billing_scheme"], "created": price["created"],
        "currency": price["currency"], "interval": recurring["interval"],
        "interval_count": recurring["interval_count"], "livemode": price["livemode"],
        "metadata": price["metadata"], "meter": None, "nickname": price["nickname"],
        "product": price["product"], "tiers_mode": price["tiers_mode"],
        "transform_usage": None, "trial_period_days": recurring["trial_period_days"],
        "usage_type": recurring["usage_type"],
    }


def item_object(account: Account, sub_id: str, price: dict, spec: dict, now: int,
                period: tuple[int, int], rates: list[dict]) -> dict:
    return {
        "id": account.new_id(ITEM_KIND, "si", 14),
        "object": "subscription_item",
        "billing_thresholds": None,
        "created": now,
        "current_period_end": period[1],
        "current_period_start": period[0],
        "current_trial": None,
        "discounts": [],
        "metadata": merge_metadata({}, spec["metadata"]) if spec.get("metadata") else {},
        "plan": plan_of(price),
        "price": price,
        "quantity": spec.get("quantity", 1),
        "subscription": sub_id,
        "tax_rates": rates,
    }


def subscription_object(account: Account, sub_id: str, p: dict[str, Any], customer: dict,
                        items: list[dict], now: int, anchor: int,
                        trial_end: int | None) -> dict:
    end_behavior = (p.get("trial_settings") or {}).get("end_behavior") or {}
    return {
        "id": sub_id,
        "object": "subscription",
        "application": None,
        "application_fee_percent": None,
        "automatic_tax": {"disabled_reason": None, "enabled": False, "liability": None},
        "billing_cycle_anchor": anchor,
        "billing_cycle_anchor_config": None,
        # API-made subscriptions default to flexible billing mode since 2025-09-30.clover.
        "billing_mode": {"flexible": {"proration_discounts": "included"}, "type": "flexible",
                         "updated_at": now},
        "billing_schedules": [],
        "billing_thresholds": None,
        "cancel_at": None,
        "cancel_at_period_end": False,
        "canceled_at": None,
        "cancellation_details": {"comment": None, "feedback": None, "feedback_option": None,
                                 "reason": None},
        "collection_method": p.get("collection_method", "charge_automatically"),
        "created": now,
        "currency": items[0]["price"]["currency"],
        "customer": customer["id"],
        "customer_account": None,
        "days_until_due": p.get("days_until_due"),
        "default_payment_method": p.get("default_payment_method"),
        "default_source": None,
        "default_tax_rates": [],
        "description": p.get("description"),
        "discounts": [],
        "ended_at": None,
        "invoice_settings": {"account_tax_ids": None, "custom_fields": None,
                             "description": None, "footer": None,
                             "issuer": {"type": "self"}},
        # The items as they stand, kept on the subscription whenever they change.
        "items": items_list(sub_id, items),
        "latest_invoice": None,
        "livemode": account.livemode,
        "managed_payments": None,
        "metadata": merge_metadata({}, p["metadata"]) if "metadata" in p else {},
        "next_pending_invoice_item_invoice": None,
        "on_behalf_of": None,
        "pause_collection": None,
        "payment_settings": {"payment_method_options": None, "payment_method_types": None,
                             "save_default_payment_method": "off"},
        "pending_invoice_item_interval": None,
        "pending_setup_intent": None,
        "pending_update": None,
        "schedule": None,
        "start_date": now,
        "status": "incomplete",
        "test_clock": customer.get("test_clock"),
        "transfer_data": None,
        "trial_end": trial_end,
        "trial_settings": {"end_behavior": {
            "billing_cycle_anchor": end_behavior.get("billing_cycle_anchor"),  # None: "now"
            "missing_payment_method": end_behavior.get("missing_payment_method",
                                                       "create_invoice")}},
        "trial_start": None if trial_end is None else now,
    }
