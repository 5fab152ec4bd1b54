"""Tax rates: `/v1/tax_rates`. Percentage and inclusiveness are fixed once created."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .. import messages as M
from ..api.metadata import merge_metadata, updated
from ..api.params import Bool, Created, Enum, Expand, ListParams, Metadata, Number, Params, Str
from ..api.resource import Resource, declare
from ..errors import InvalidRequestError
from ..store.memory import Account

TAX_TYPES = (
    "amusement_tax", "communications_tax", "gst", "hst", "igst", "jct", "lease_tax", "pst",
    "qst", "retail_delivery_fee", "rst", "sales_tax", "service_tax", "vat", "admissions_tax",
    "attendance_tax", "digital_excise_tax", "entertainment_tax", "get_fund",
    "gross_receipts_tax", "hospitality_tax", "luxury_tax", "mass_transit_parking_tax", "nhil",
    "parking_tax", "resort_tax", "tourism_tax", "utility_users_tax",
)


class TaxRateUpdateParams(Params):
    active = Bool()
    country = Str(max_length=5000)
    description = Str(max_length=5000)
    display_name = Str(max_length=50)
    jurisdiction = Str(max_length=50)
    metadata = Metadata()
    state = Str(max_length=5000)
    tax_type = Enum(*TAX_TYPES)
    expand = Expand()


class TaxRateCreateParams(TaxRateUpdateParams):
    display_name = Str(max_length=50, required=True)
    inclusive = Bool(required=True)
    percentage = Number(minimum=0, maximum=100, places=4, required=True)


class TaxRateListParams(ListParams):
    active = Bool()
    inclusive = Bool()
    created = Created()


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def new_tax_rate(account: Account, p: dict[str, Any], _: dict | None) -> dict:
    percentage = _json_number(p["percentage"])
    return {
        "id": TAX_RATES.new_id(account),
        "object": "tax_rate",
        "active": p.get("active", True),
        "country": p.get("country"),
        "created": account.now(),
        "description": p.get("description"),
        "display_name": p["display_name"],
        # Stripe Tax's notion; for a manual rate it reads as the percentage itself.
        "effective_percentage": percentage,
        "flat_amount": None,
        "inclusive": p["inclusive"],
        "jurisdiction": p.get("jurisdiction"),
        "jurisdiction_level": None,
        "livemode": account.livemode,
        "metadata": merge_metadata({}, p["metadata"]) if "metadata" in p else {},
        "percentage": percentage,
        "rate_type": None,
        "state": p.get("state"),
        "tax_type": p.get("tax_type"),
    }


def update_tax_rate(account: Account, old: dict, p: dict[str, Any]) -> dict:
    return updated(old, p, ("active", "country", "description", "display_name", "jurisdiction",
                            "state", "tax_type"))


def narrow_list(account: Account, p: dict) -> tuple[Any, Any]:
    active, inclusive = p.get("active"), p.get("inclusive")
    if active is None and inclusive is None:
        return None, None
    return None, lambda r: ((active is None or r["active"] is active)
                            and (inclusive is None or r["inclusive"] is inclusive))


def resolve(account: Account, ids: list[str], param: str) -> list[dict]:
    """The full tax rates `ids` name, for a new item or invoice: each must exist and be active."""
    rates = []
    for i, rate_id in enumerate(ids):
        rate = TAX_RATES.get(account, rate_id, f"{param}[{i}]")
        if not rate["active"]:
            raise InvalidRequestError(M.TAX_RATE_ARCHIVED.format(id=rate_id),
                                      param=f"{param}[{i}]")
        rates.append(rate)
    return rates


TAX_RATES = declare(Resource(
    object_name="tax_rate",
    kind="tax_rate",
    events={"created": "tax_rate.created", "updated": "tax_rate.updated"},
    path="/v1/tax_rates",
    prefix="txr",
    example={"display_name": "VAT", "inclusive": "false", "percentage": "16"},
))
TAX_RATES.operations = [
    TAX_RATES.create(TaxRateCreateParams, new_tax_rate),
    TAX_RATES.retrieve(),
    TAX_RATES.update(TaxRateUpdateParams, update_tax_rate),
    TAX_RATES.list(TaxRateListParams, narrow_list),
]
