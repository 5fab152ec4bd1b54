"""Tax IDs: the types Stripe knows, each type's country and value format, and verification.

Formats are derived from the examples Stripe documents for each type (`tax_id_formats`): a
digit stands for any digit, a letter for any letter or digit (examples' letters are often check
characters), and other characters must appear as written; a type's literal tokens (`GB` of
gb_vat, `RT` of ca_gst_hst…) must appear as written too. A value is valid when it has the shape
of one of its type's examples, in upper or lower case. EU VAT numbers follow each member
state's format; types Stripe documents no example for take any identifier-like value.
"""

from __future__ import annotations

import re
from typing import Any

from .. import messages as M
from ..clocks import now_for
from ..errors import InvalidRequestError
from ..store.memory import Account
from .tax_id_formats import EU_VAT, EU_VAT_EXAMPLES, EXAMPLES, LITERALS, UNDOCUMENTED

KIND = "tax_id"
MAX_PER_CUSTOMER = 25  # Stripe does not document its limit; 25 is the commonly cited one

EU_VAT_COUNTRY = {"EL": "GR", "XI": "GB"}  # prefixes that are not the ISO country code
# What a value of a type without a documented example must look like.
_ANY_ID = r"(?=(?:[^0-9]*[0-9]){4})[A-Z0-9][A-Z0-9 ./-]{3,24}"

# Types whose numbers Stripe checks against a government register, asynchronously.
VERIFIED_TYPES = frozenset({"eu_vat", "gb_vat", "au_abn"})
# Stripe's test-mode values: the number decides the verification's outcome.
TEST_OUTCOMES = (("000000000", "verified"), ("111111111", "unverified"),
                 ("222222222", "pending"))

_RUN = re.compile(r"\d+|[A-Za-z]+|.")


def _shape(example: str, literals: tuple[str, ...] = ()) -> str:
    parts = []
    for run in _RUN.findall(example):
        if run.isdigit():
            parts.append(rf"\d{{{len(run)}}}")
        elif run.isalpha():
            token = run.upper()
            literal = next((t for t in literals if token.startswith(t)), None)
            if literal:
                rest = token[len(literal):]
                parts.append(re.escape(literal) + (f"[A-Z0-9]{{{len(rest)}}}" if rest else ""))
            else:
                parts.append(f"[A-Z0-9]{{{len(run)}}}")
        else:
            parts.append(re.escape(run))
    return "".join(parts)


_PATTERNS: dict[str, re.Pattern] = {}


def _pattern(tax_type: str) -> re.Pattern:
    pattern = _PATTERNS.get(tax_type)
    if pattern is None:
        if tax_type == "eu_vat":
            source = "|".join(f"{prefix}(?:{number})" for prefix, number in EU_VAT.items())
        elif tax_type in UNDOCUMENTED:
            source = _ANY_ID
        else:
            literals = LITERALS.get(tax_type, ())
            source = "|".join(f"(?:{_shape(e, literals)})" for e in EXAMPLES[tax_type][1])
        pattern = _PATTERNS[tax_type] = re.compile(source, re.IGNORECASE)
    return pattern


TYPES: tuple[str, ...] = tuple(sorted({*EXAMPLES, *UNDOCUMENTED, "eu_vat"}))


def example_of(tax_type: str) -> str | None:
    """Stripe's documented example of a type (None where Stripe documents none)."""
    if tax_type == "eu_vat":
        return EU_VAT_EXAMPLES["DE"]
    entry = EXAMPLES.get(tax_type)
    return entry[1][0] if entry else None


def is_valid(tax_type: str, value: str) -> bool:
    return _pattern(tax_type).fullmatch(value) is not None


def country_of(tax_type: str, value: str) -> str | None:
    if tax_type == "eu_vat":
        prefix = value[:2].upper()
        return EU_VAT_COUNTRY.get(prefix, prefix)
    entry = EXAMPLES.get(tax_type)
    return entry[0] if entry else UNDOCUMENTED.get(tax_type)


def verification(tax_type: str, value: str) -> dict | None:
    """The verification Stripe starts for `value`; in test mode the number decides it."""
    if tax_type not in VERIFIED_TYPES:
        return None
    status = next((s for number, s in TEST_OUTCOMES if number in value), "pending")
    return {"status": status, "verified_address": None, "verified_name": None}


def new_tax_id(account: Account, tax_id: str, tax_type: str, value: str,
               owner_type: str, customer_id: str | None) -> dict[str, Any]:
    return {
        "id": tax_id,
        "object": "tax_id",
        "country": country_of(tax_type, value),
        "created": now_for(account, customer_id),
        "customer": customer_id,
        "customer_account": None,
        "livemode": account.livemode,
        # Stripe names only the owner there is: no `account` or `application` outside
        # Connect, no `customer` when the account itself owns the ID.
        "owner": {"customer": customer_id, "customer_account": None, "type": owner_type}
        if customer_id is not None else {"customer_account": None, "type": owner_type},
        "type": tax_type,
        "value": value,
        "verification": verification(tax_type, value),
    }


def check(tax_type: str, value: str, param: str) -> None:
    """Raise Stripe's tax_id_invalid for a value that does not have its type's format."""
    if not is_valid(tax_type, value):
        raise InvalidRequestError(M.TAX_ID_INVALID.format(type=tax_type), code="tax_id_invalid",
                                  param=param)


def check_room(have: int, adding: int = 1, param: str | None = None) -> None:
    if have + adding > MAX_PER_CUSTOMER:
        raise InvalidRequestError(
            M.TAX_ID_LIMIT.format(maximum=MAX_PER_CUSTOMER, count=have + adding),
            code="tax_id_limit_exceeded", param=param)


def check_tax_id_data(items: list[dict]) -> None:
    """`tax_id_data[]` of a customer create, checked before anything is stored."""
    check_room(0, len(items), "tax_id_data")
    for i, data in enumerate(items):
        check(data["type"], data["value"], f"tax_id_data[{i}][value]")


def create_for_customer(account: Account, customer: dict, items: list[dict]) -> None:
    for data in items:
        account.create(KIND, new_tax_id(account, account.new_id(KIND, "txi"), data["type"],
                                        data["value"], "customer", customer["id"]))
