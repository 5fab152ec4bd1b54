"""Customers: `/v1/customers` at the 2026-10-28.endive shape."""

from __future__ import annotations

from typing import Any

from .. import clocks
from .. import messages as M
from ..api.expand import Include, Ref
from ..api.lists import list_object
from ..api.metadata import merge_metadata, updated
from ..api.params import (
    Amount,
    Created,
    Email,
    Enum,
    Expand,
    Int,
    List,
    ListParams,
    Metadata,
    Nested,
    NotYet,
    Params,
    Pattern,
    Str,
)
from ..api.resource import Resource, declare
from ..api.search import SearchField
from ..billing import credit_balance
from ..errors import InvalidRequestError, no_such
from ..events.names import FieldEvents
from ..store.indexes import MetadataIndex, ValueIndex
from ..store.memory import Account
from . import payment_method_rules as pm_rules
from . import tax_id_rules

# Params -----------------------------------------------------------------------------------


class AddressParams(Params):
    city = Str(max_length=5000)
    country = Str(max_length=5000)
    line1 = Str(max_length=5000)
    line2 = Str(max_length=5000)
    postal_code = Str(max_length=5000)
    state = Str(max_length=5000)


class ShippingParams(Params):
    address = Nested(AddressParams, required=True)
    name = Str(max_length=5000, required=True)
    phone = Str(max_length=5000)


class ShippingDetailsParams(ShippingParams):
    """Shipping with its carrier and tracking number (a PaymentIntent's, an invoice's)."""

    carrier = Str(max_length=5000)
    tracking_number = Str(max_length=5000)


class CustomFieldParams(Params):
    name = Str(max_length=40, required=True)
    value = Str(max_length=140, required=True)


class RenderingOptionsParams(Params):
    amount_tax_display = Enum("exclude_tax", "include_inclusive_tax", unsettable=True)
    template = NotYet()  # invoice rendering templates are not emulated


class InvoiceSettingsParams(Params):
    custom_fields = List(Nested(CustomFieldParams), max_items=4, unsettable=True)
    default_payment_method = Str(max_length=5000, unsettable=True)
    footer = Str(max_length=5000, unsettable=True)
    rendering_options = Nested(RenderingOptionsParams, unsettable=True)


# RFC 4646 language tags: a language, then subtags (script, region, variant).
LOCALE = r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*"


class CustomerParams(Params):
    """What create and update share. Nullable strings unset with an empty value."""

    address = Nested(AddressParams, unsettable=True)
    balance = Amount()
    business_name = Str(max_length=150, unsettable=True)
    cash_balance = NotYet()
    description = Str(max_length=5000, unsettable=True)
    email = Email(max_length=512, unsettable=True)
    expand = Expand()
    individual_name = Str(max_length=150, unsettable=True)
    invoice_prefix = Pattern(r"[A-Z0-9]{1,12}", M.INVALID_PREFIX)
    invoice_settings = Nested(InvoiceSettingsParams)
    metadata = Metadata()
    name = Str(max_length=256, unsettable=True)
    next_invoice_sequence = Int(minimum=1, maximum=1_000_000_000)
    phone = Str(max_length=20, unsettable=True)
    preferred_locales = List(Pattern(LOCALE, M.INVALID_LOCALE))
    shipping = Nested(ShippingParams, unsettable=True)
    source = NotYet()
    tax = NotYet()
    tax_exempt = Enum("none", "reverse", "exempt", unsettable=True)
    validate = NotYet()


class TaxIdDatumParams(Params):
    type = Enum(*tax_id_rules.TYPES, required=True)
    value = Str(max_length=5000, required=True)


class CustomerCreateParams(CustomerParams):
    payment_method = Str(max_length=5000)
    tax_id_data = List(Nested(TaxIdDatumParams))
    test_clock = Str(max_length=5000)


class CustomerUpdateParams(CustomerParams):
    default_source = NotYet()


class CustomerListParams(ListParams):
    created = Created()
    email = Str(max_length=512)
    test_clock = Str(max_length=5000)


# The object -------------------------------------------------------------------------------

ADDRESS_FIELDS = ("city", "country", "line1", "line2", "postal_code", "state")
SIMPLE_FIELDS = ("business_name", "description", "email", "individual_name", "name", "phone")
# Fields Stripe leaves out of the customer while they are unset (never sent as null).
ABSENT_WHEN_UNSET = ("business_name", "individual_name")


# A new customer, in Stripe's field order, before what its create request sets.
NEW_CUSTOMER: dict[str, Any] = {
    "id": None, "object": "customer", "address": None, "balance": 0, "business_name": None,
    "created": None, "currency": None, "default_source": None, "delinquent": False,
    "description": None, "discount": None, "email": None, "individual_name": None,
    "invoice_prefix": None, "invoice_settings": None, "livemode": False, "metadata": None,
    "name": None, "next_invoice_sequence": 1, "phone": None, "preferred_locales": None,
    "shipping": None, "tax_exempt": "none", "test_clock": None,
}
# What a create stores as sent (`name` too, which the business or individual name stands in
# for when it is not sent).
AS_SENT = frozenset({*SIMPLE_FIELDS, "next_invoice_sequence", "preferred_locales"})


def _drop_unset(customer: dict) -> dict:
    for name in ABSENT_WHEN_UNSET:
        if customer.get(name) is None:
            customer.pop(name, None)
    return customer


def _address(p: dict | None) -> dict | None:
    if p is None:
        return None
    return {f: p.get(f) for f in ADDRESS_FIELDS}


def shipping_of(p: dict | None) -> dict | None:
    """A shipping hash as Stripe shows it (a customer's, a PaymentIntent's and its charge's)."""
    if p is None:
        return None
    return {"address": _address(p["address"]), "carrier": p.get("carrier"), "name": p["name"],
            "phone": p.get("phone"), "tracking_number": p.get("tracking_number")}


def _invoice_settings(current: dict, p: dict | None) -> dict:
    """Invoice settings merge: each given sub-field replaces its own value only."""
    out = dict(current)
    if not p:
        return out
    if "custom_fields" in p:
        fields = p["custom_fields"]
        out["custom_fields"] = (
            None if fields is None else [{"name": f["name"], "value": f["value"]} for f in fields]
        )
    if "footer" in p:
        out["footer"] = p["footer"]
    if "default_payment_method" in p:
        out["default_payment_method"] = p["default_payment_method"]
    if "rendering_options" in p:
        opts = p["rendering_options"]
        out["rendering_options"] = None if opts is None else {
            "amount_tax_display": opts.get("amount_tax_display"), "template": None,
        }
    return out


EMPTY_SETTINGS = {"custom_fields": None, "default_payment_method": None, "footer": None,
                  "rendering_options": None}


def _reserve_prefix(account: Account, prefix: str | None) -> str:
    """An account-unique invoice prefix: none a customer has (an index) or once had (a record,
    kept for good: prefixes of deleted customers stay taken)."""
    in_use = account.collections["customer"].indexes["invoice_prefix"].table
    if prefix is None:
        # Stripe's generation rule is not published; its samples are 7-8 upper-case letters
        # and digits, which this matches.
        prefix = account.ids.token(8).upper()
        while prefix in in_use or account.is_reserved("invoice_prefix", prefix):
            prefix = account.ids.token(8).upper()
    elif prefix in in_use or account.is_reserved("invoice_prefix", prefix):
        raise InvalidRequestError(M.INVOICE_PREFIX_TAKEN.format(prefix=prefix),
                                  param="invoice_prefix")
    return prefix


DEFAULT_PM = "invoice_settings[default_payment_method]"


def _check_default_method(account: Account, customer_id: str, p: dict[str, Any],
                          attaching: str | None = None) -> None:
    pm_id = (p.get("invoice_settings") or {}).get("default_payment_method")
    if pm_id:
        pm_rules.check_default(account, pm_id, customer_id, DEFAULT_PM, attaching)


def new_customer(account: Account, p: dict[str, Any], _: None = None) -> dict:
    # The create path of every customer: checks run only for the params that need them.
    get = p.get
    if "tax_id_data" in p:
        tax_id_rules.check_tax_id_data(p["tax_id_data"] or [])
    attaching = get("payment_method")
    if attaching is not None:  # attached once the customer exists; checked now
        pm_rules.check_new_attachment(account, attaching, "payment_method")
    clock_id = get("test_clock")
    now = account.now() if clock_id is None else _clock_time(account, clock_id)
    customer_id = CUSTOMERS.new_id(account)
    settings = get("invoice_settings")
    if settings:
        # The method `payment_method` attaches may be named the default in the same request,
        # by the name sent (a test name such as pm_card_visa included: Stripe's own examples
        # create customers so, and the method it makes is then the default).
        _check_default_method(account, customer_id, p, attaching)
    customer = dict(NEW_CUSTOMER)  # (a copy, then what this request sets: every create)
    customer["id"] = customer_id
    customer["created"] = now
    for key in AS_SENT.intersection(p):
        customer[key] = p[key]
    if "name" not in p:  # since 2025-09-30, the business/individual name
        customer["name"] = get("business_name") or get("individual_name")
    _drop_unset(customer)
    if (address := get("address")) is not None:
        customer["address"] = _address(address)
    customer["invoice_prefix"] = _reserve_prefix(account, get("invoice_prefix"))
    customer["invoice_settings"] = _invoice_settings(EMPTY_SETTINGS, settings) if settings \
        else dict(EMPTY_SETTINGS)
    customer["livemode"] = account.livemode
    customer["metadata"] = merge_metadata({}, p["metadata"]) if "metadata" in p else {}
    if "preferred_locales" not in p:
        customer["preferred_locales"] = []
    if (shipping := get("shipping")) is not None:
        customer["shipping"] = shipping_of(shipping)
    if tax_exempt := get("tax_exempt"):
        customer["tax_exempt"] = tax_exempt
    customer["test_clock"] = clock_id
    if get("balance"):  # recorded as the customer's initial balance, in the default currency
        _, customer = credit_balance.record(account, customer, p["balance"], None, "initial")
    return customer


def _clock_time(account: Account, clock_id: str) -> int:
    """The frozen time of the clock a new customer is put on (which must have room)."""
    clock = account.record(clocks.KIND, clock_id)
    if clock is None:
        raise no_such("test clock", clock_id, "test_clock", 400)
    if len(account.collections["customer"].indexes["test_clock"].ids(clock_id)) >= \
            clocks.MAX_CUSTOMERS:
        raise InvalidRequestError(M.CLOCK_FULL.format(id=clock_id, maximum=clocks.MAX_CUSTOMERS),
                                  param="test_clock")
    return clock["frozen_time"]


def update_customer(account: Account, old: dict, p: dict[str, Any]) -> dict:
    _check_default_method(account, old["id"], p)
    new = _drop_unset(updated(old, p, (*SIMPLE_FIELDS, "next_invoice_sequence",
                                       "preferred_locales")))
    if "address" in p:  # an address is replaced whole (fields not sent become null)
        new["address"] = _address(p["address"])
    if "shipping" in p:
        new["shipping"] = shipping_of(p["shipping"])
    if "invoice_settings" in p:
        new["invoice_settings"] = _invoice_settings(old["invoice_settings"], p["invoice_settings"])
    if "tax_exempt" in p:
        new["tax_exempt"] = p["tax_exempt"] or "none"
    if p.get("invoice_prefix", old["invoice_prefix"]) != old["invoice_prefix"]:
        new["invoice_prefix"] = _reserve_prefix(account, p["invoice_prefix"])
        account.reserve("invoice_prefix", old["invoice_prefix"])  # its invoices keep it
    if p.get("balance", old["balance"]) != old["balance"]:
        # Setting the balance records an adjustment by the difference, as Stripe lists it.
        _, moved = credit_balance.record(account, new, p["balance"] - old["balance"], None)
        new["currency"], new["balance"] = moved["currency"], moved["balance"]
    return new


def after_create(account: Account, customer: dict, p: dict[str, Any]) -> dict:
    tax_id_rules.create_for_customer(account, customer, p.get("tax_id_data") or [])
    if "payment_method" in p:
        pm = pm_rules.attach_new(account, p["payment_method"], customer["id"])
        settings = customer["invoice_settings"]
        if settings["default_payment_method"] == p["payment_method"] != pm["id"]:
            customer = account.update("customer", customer, {
                **customer, "invoice_settings": {**settings, "default_payment_method": pm["id"]}})
    return customer


def before_delete(account: Account, customer: dict) -> None:
    """Nothing may point at a deleted customer: its tax IDs go, its payment methods are
    detached (for good, as any detached method); its invoice prefix stays taken."""
    account.reserve("invoice_prefix", customer["invoice_prefix"])
    for tax_id in account.collections[tax_id_rules.KIND].under(customer["id"]):
        account.delete(tax_id_rules.KIND, tax_id["id"],
                       {"id": tax_id["id"], "object": "tax_id", "deleted": True})
    for pm in account.collections[pm_rules.KIND].under(customer["id"]):
        pm_rules.detach(account, pm)


# Includable properties: embedded lists of what hangs off the customer (first 10, newest first).

def _sublist(name: str, kind: str | None = None, object_name: str | None = None,
             index: str = "parent", keep: Any = None) -> Include:
    """A customer's embedded list (`expand[]=tax_ids`…): its newest ten, from the objects of
    `kind` the customer owns (by the collection's `index`), those `keep` keeps."""
    def build(account: Account, customer: dict) -> dict:
        url = f"/v1/customers/{customer['id']}/{name}"
        if kind is None:  # not emulated yet: nothing can hang off the customer there
            return list_object(url, [], False)
        coll = account.collections[kind]
        found = [coll.objects[i] for i in reversed(coll.indexes[index].ids(customer["id"]))]
        if keep is not None:
            found = [obj for obj in found if keep(obj)]
        return list_object(url, found[:10], len(found) > 10)

    return Include(build, object=object_name, many=True)


def _tax(account: Account, customer: dict) -> dict:
    location = None
    for source, holder in (("shipping_destination", customer.get("shipping")),
                           ("billing_address", customer)):
        address = (holder or {}).get("address")
        if address and address.get("country"):
            location = {"country": address["country"], "source": source,
                        "state": address.get("state")}
            break
    return {"automatic_tax": "not_collecting" if location else "unrecognized_location",
            "ip_address": None, "location": location, "provider": "stripe"}


def _cash_balance(account: Account, customer: dict) -> dict:
    return {"object": "cash_balance", "available": None, "customer": customer["id"],
            "customer_account": None, "livemode": customer["livemode"],
            "settings": {"reconciliation_mode": "automatic", "using_merchant_default": True}}


def _email_key(obj: dict) -> str | None:
    email = obj.get("email")
    return email.lower() if email else None


CUSTOMERS = declare(Resource(
    object_name="customer",
    kind="customer",
    events={"created": "customer.created", "updated": "customer.updated",
            "deleted": "customer.deleted"},
    # a discount's change names its own events (customer.discount.*, of the discount)
    field_events=FieldEvents("discount", lambda old, new: ()),
    path="/v1/customers",
    prefix="cus",
    id_length=14,
    keep_deleted=True,
    indexes=lambda: {"email": ValueIndex(_email_key, ("email",)), "metadata": MetadataIndex(),
                     "invoice_prefix": ValueIndex.of("invoice_prefix"),
                     "test_clock": ValueIndex.of("test_clock")},
    expandable={
        "cash_balance": Include(_cash_balance),
        "default_source": Ref("source"),
        "discount": {"customer": Ref("customer"), "promotion_code": Ref("promotion_code"),
                     "source": {"coupon": Ref("coupon")}},
        "invoice_credit_balance": Include(credit_balance.invoice_credit_balance),
        "invoice_settings": {"default_payment_method": Ref("payment_method")},
        "sources": _sublist("sources", None, "source"),
        # (as the subscriptions list does by default: those not canceled)
        "subscriptions": _sublist("subscriptions", "subscription", "subscription", "customer",
                                  lambda s: s["status"] not in ("canceled",
                                                                "incomplete_expired")),
        "tax": Include(_tax),
        "tax_ids": _sublist("tax_ids", tax_id_rules.KIND, "tax_id"),
        "test_clock": Ref("test_helpers.test_clock"),
    },
))


def _narrow_list(account: Account, p: dict) -> tuple[Any, Any]:
    # Customers on a test clock are listed only when asked for by their clock (Stripe: "By
    # default the Customers list endpoint does not return objects attached to a test clock").
    clock = p.get("test_clock")
    email = p.get("email")
    indexes = CUSTOMERS.collection(account).indexes
    if clock is not None:
        ids = indexes["test_clock"].ids(clock)
        return ids, (None if email is None else lambda obj: obj["email"] == email)
    if email is None:
        return None, lambda obj: obj["test_clock"] is None
    # The index holds case-folded emails; the list filter itself is case-sensitive.
    ids = indexes["email"].ids(email.lower())
    return ids, lambda obj: obj["email"] == email and obj["test_clock"] is None


SEARCH_FIELDS = {
    "created": SearchField("numeric", lambda o: o["created"]),
    "email": SearchField("string", lambda o: o["email"], index="email"),
    "metadata": SearchField("token", lambda o: o["metadata"]),
    "name": SearchField("string", lambda o: o["name"]),
    "phone": SearchField("string", lambda o: o["phone"]),
}

CUSTOMERS.operations = [
    CUSTOMERS.search(SEARCH_FIELDS),  # before /{id}: a static route wins
    CUSTOMERS.create(CustomerCreateParams, new_customer, after_create),
    CUSTOMERS.retrieve(),
    CUSTOMERS.update(CustomerUpdateParams, update_customer),
    CUSTOMERS.delete(before_delete),
    CUSTOMERS.list(CustomerListParams, _narrow_list),
]
