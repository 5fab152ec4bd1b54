"""The key's own Stripe account: `GET /v1/account`, and `GET /v1/accounts` (its connected
accounts: none, since Connect is not emulated).

Every key is a standard account in the United States, charging in US dollars, fully enabled
(a test-mode account that has completed onboarding); invoices name it as their issuer.
"""

from __future__ import annotations

import hashlib

from ..api import expand as expansion
from ..api.params import Created, ListParams, RetrieveParams
from ..api.resource import Operation, Resource, declare
from ..billing.currencies import ACCOUNT_DEFAULT
from ..errors import no_such
from ..store.memory import Account

COUNTRY = "US"
NAME = "stripe-emulator"
EMAIL = "owner@stripe-emulator.test"
_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def account_id(key: str) -> str:
    """`acct_` and 16 characters, the same for a key on every run (never drawn from the
    account's id stream, so reading it moves no seeded id)."""
    number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:12], "big")
    chars = []
    for _ in range(16):
        number, digit = divmod(number, 62)
        chars.append(_BASE62[digit])
    return "acct_1" + "".join(chars[1:])


def _unset_requirements() -> dict:
    return {"alternatives": [], "current_deadline": None, "currently_due": [],
            "disabled_reason": None, "errors": [], "eventually_due": [], "past_due": [],
            "pending_verification": []}


def current(account: Account) -> dict:
    """The account object at the pinned version, as Stripe shows an account its own (its
    public details and colour as `/_emulator/branding` set them)."""
    from ..documents import branding  # (documents read resources; this one reads back)

    brand = branding.of(account)
    address = {k: brand.address.get(k) for k in branding.ADDRESS_FIELDS} \
        if any(brand.address.values()) else None
    obj = _current(account)
    obj["business_profile"] = {**obj["business_profile"], "name": brand.business_name,
                               "support_address": address,
                               "support_email": brand.support_email,
                               "support_phone": brand.support_phone}
    settings = obj["settings"]
    obj["settings"] = {**settings,
                       "branding": {**settings["branding"], "primary_color": brand.primary_color
                                    if brand.primary_color != branding.DEFAULT_COLOR else None},
                       "dashboard": {**settings["dashboard"], "display_name": brand.business_name}}
    return obj


def _current(account: Account) -> dict:
    return {
        "id": account_id(account.key),
        "object": "account",
        "business_profile": {
            "annual_revenue": None, "estimated_worker_count": None, "mcc": None,
            "minority_owned_business_designation": None, "name": NAME,
            "product_description": None, "specified_commercial_transactions_act_url": None,
            "support_address": None, "support_email": None, "support_phone": None,
            "support_url": None, "url": None,
        },
        "business_type": None,
        "capabilities": {"card_payments": "active", "transfers": "active"},
        "charges_enabled": True,
        "controller": {"type": "account"},
        "country": COUNTRY,
        "default_currency": ACCOUNT_DEFAULT,
        "details_submitted": True,
        "email": EMAIL,
        "future_requirements": _unset_requirements(),
        "metadata": {},
        "payouts_enabled": True,
        "requirements": _unset_requirements(),
        "settings": {
            "bacs_debit_payments": {"display_name": None, "service_user_number": None},
            "branding": {"icon": None, "logo": None, "primary_color": None,
                         "secondary_color": None},
            "card_issuing": {"tos_acceptance": {"date": None, "ip": None}},
            "card_payments": {"decline_on": {"avs_failure": False, "cvc_failure": False},
                              "statement_descriptor_prefix": None,
                              "statement_descriptor_prefix_kana": None,
                              "statement_descriptor_prefix_kanji": None},
            "dashboard": {"display_name": NAME, "timezone": "Etc/UTC"},
            "invoices": {"default_account_tax_ids": None, "hosted_payment_method_save": "offer"},
            "payments": {"statement_descriptor": NAME.upper(), "statement_descriptor_kana": None,
                         "statement_descriptor_kanji": None,
                         "statement_descriptor_prefix_kana": None,
                         "statement_descriptor_prefix_kanji": None},
            "payouts": {"debit_negative_balances": True,
                        "schedule": {"delay_days": 2, "interval": "daily"},
                        "statement_descriptor": None},
            "sepa_debit_payments": {},
        },
        "tos_acceptance": {"date": None, "ip": None, "user_agent": None},
        "type": "standard",
    }


class AccountListParams(ListParams):
    created = Created()


ACCOUNTS = declare(Resource(
    object_name="account",
    kind="account",
    path="/v1/accounts",
    prefix="acct",
))

def _own(account: Account, obj_id: str) -> dict | None:
    return current(account) if obj_id == account_id(account.key) else None


def _retrieve(account: Account, p: dict, args: dict) -> dict:
    """By id: the key's own account (there are no connected ones)."""
    found = _own(account, args["id"])
    if found is None:
        raise no_such("account", args["id"])
    return found


expansion.FETCH["account"] = _own  # an `account` reference to the key's own expands

ACCOUNTS.operations = [
    Operation("retrieve_current", "GET", "/v1/account", RetrieveParams,
              lambda account, p, args: current(account),
              summary="Retrieve the key's own account"),
    Operation("retrieve", "GET", "/v1/accounts/{id}", RetrieveParams, _retrieve,
              summary="Retrieve an account by id (the key's own)"),
    # Connected accounts: Connect is not emulated, so a platform has none to list.
    ACCOUNTS.list(AccountListParams),
]
