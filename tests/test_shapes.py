"""Every response against Stripe's own declarations: absent is not null.

stripe-node's TypeScript declarations (npm `stripe`, the same API version as this server) say
per field what the JSON may do: `field: T` and `field: T | null` are always present,
`field?: T` may be left out but is never null, only `| null` may be null. tools/stripe_types.py
turns them into tests/shapes/<Object>.json; each test here makes rich objects through the
server (with and without optional inputs) and checks their raw JSON against those tables,
recursively: required fields present, null only where declared, no undeclared fields, values
of the declared kind and literal values among the declared ones. An absent `?` field is always
fine. Each test fails once, listing every mismatch as `Object: path: problem`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import stripe

from stripe_emulator import API_VERSION
from stripe_emulator.resources import RESOURCES

SHAPES = Path(__file__).parent / "shapes"
TABLES: dict[str, dict[str, Any]] = {
    path.stem: json.loads(path.read_text()) for path in sorted(SHAPES.glob("*.json"))}

# Fields the server sends that the declarations do not have, each with its reason.
UNDECLARED_ALLOWED = {
    ("Invoice", "lines.total_count"):
        "Stripe's invoice embeds its lines with their total count (API reference: 'a lines "
        "property containing the total count of line items'); ApiList<T> omits it",
    ("Subscription", "items.total_count"):
        "recorded basil payloads embed the items list with its total_count; ApiList<T> omits it",
}
DECIMAL = re.compile(r"-?\d+(\.\d+)?")


def _children(fields: dict[str, dict]) -> dict[str, dict[str, dict]]:
    """Field path -> {name: entry} of the object at that path ("" the root, "a[]" elements)."""
    out: dict[str, dict[str, dict]] = {}
    for path, entry in fields.items():
        if path.endswith(("[]", ".*")):
            continue  # an array element or a map value: not a named field
        parent, _, name = path.rpartition(".")
        out.setdefault(parent, {})[name] = entry
    return out


CHILDREN = {name: _children(table["fields"]) for name, table in TABLES.items()}


def _declared(name: str, entry: dict) -> str:
    return f"`{name}{'?' if entry['optional'] else ''}: {entry['declared']}`"


class Checker:
    """Collects mismatches (deduplicated by table and path) with where each was seen."""

    def __init__(self) -> None:
        self.found: dict[str, set[str]] = {}
        self.label = ""

    def problem(self, table: str, path: str, text: str) -> None:
        self.found.setdefault(f"{table}: {path or '(root)'}: {text}", set()).add(self.label)

    def check(self, table: str, obj: Any, label: str) -> None:
        """`obj`, a response's raw JSON, against tests/shapes/<table>.json."""
        self.label = label
        if not isinstance(obj, dict):
            self.problem(table, "", f"not an object: {obj!r}")
            return
        self.check_object(table, "", obj)
        if table == "Event" and isinstance(obj.get("data"), dict):
            self.check_event_data(obj)

    def check_object(self, table: str, path: str, obj: dict) -> None:
        declared = CHILDREN[table].get(path, {})
        for name, entry in declared.items():
            if not entry["optional"] and name not in obj:
                self.problem(table, _join(path, name),
                             f"missing, but declared {_declared(name, entry)} (always sent)")
        for name, value in obj.items():
            child = _join(path, name)
            entry = declared.get(name)
            if entry is None:
                if (table, child) not in UNDECLARED_ALLOWED:
                    self.problem(table, child, f"sent ({_brief(value)}) but not declared")
                continue
            self.check_value(table, child, name, entry, value)

    def check_value(self, table: str, path: str, name: str, entry: dict, value: Any) -> None:
        kinds = set(entry["kind"])
        if value is None:
            if not entry["nullable"]:
                hint = " (optional: leave it out instead)" if entry["optional"] else ""
                self.problem(table, path,
                             f"null, but declared {_declared(name, entry)} without `| null`"
                             + hint)
            return
        if "any" in kinds:
            return
        if "void" in kinds:
            self.problem(table, path, f"sent ({_brief(value)}), but declared `void`: never sent")
            return
        literals = entry.get("literals", [])
        if isinstance(value, bool):
            ok = "boolean" in kinds or any(v is value for v in literals)
        elif isinstance(value, int | float):
            ok = "number" in kinds
        elif isinstance(value, str):
            ok = "string" in kinds  # an expandable's id is its `string` alternative
            if not ok and "literal" in kinds:
                if value not in literals:
                    shown = ", ".join(map(repr, literals[:8])) + (", …" if len(literals) > 8
                                                                  else "")
                    self.problem(table, path, f"{value!r} is none of the declared values "
                                              f"({shown})")
                return
            if not ok and "decimal" in kinds:
                ok = DECIMAL.fullmatch(value) is not None
        elif isinstance(value, list):
            ok = "array" in kinds
            if ok:
                element = entry_at(table, path + "[]")
                for item in value:
                    if element is not None:
                        self.check_value(table, path + "[]", name + "[]", element, item)
        elif isinstance(value, dict):
            ok = bool(kinds & {"object", "map", "resource"})
            # `{}` (open_object) admits any object: an event's `data.object` is checked
            # against its own table by check_event_data
            if "object" in kinds and not entry.get("open_object"):
                self.check_object(table, path, value)
            elif "map" in kinds:
                inner = entry_at(table, path + ".*")
                for key, item in value.items():
                    if inner is not None:
                        self.check_value(table, path + ".*", key, inner, item)
            elif "resource" in kinds:
                self.check_embedded(entry["resources"], value, table, path)
        else:
            ok = False
        if not ok:
            self.problem(table, path, f"{_brief(value)} does not match {_declared(name, entry)}")

    def check_embedded(self, names: list[str], value: dict, table: str, path: str) -> None:
        """An object of its own inside another (expanded, or an invoice's lines): checked
        against its own table when there is one."""
        found = table_for(names, value)
        if found is None:
            if "object" not in value:
                self.problem(table, path, "an embedded object without its `object`")
            return
        self.check_object(found, "", value)

    def check_event_data(self, event: dict) -> None:
        """`data.object` is the resource the event type declares; `previous_attributes` holds
        earlier values of its top-level fields."""
        declared = TABLES["Event"]["event_types"].get(event.get("type"), [])
        data = event["data"]
        obj = data.get("object")
        found = table_for(declared, obj) if isinstance(obj, dict) else None
        if found is None:
            if declared and any(n in TABLES for n in declared):
                self.problem("Event", "data.object",
                             f"{_brief(obj)} is not the {' or '.join(declared)} that "
                             f"{event.get('type')} declares")
            return
        self.check_object(found, "", obj)
        previous = data.get("previous_attributes")
        if isinstance(previous, dict):
            for key in previous:
                if key not in CHILDREN[found].get("", {}):
                    self.problem("Event", f"data.previous_attributes.{key}",
                                 f"not a field of {found}")

    def report(self) -> str:
        return "\n".join(f"{problem}  [seen in: {'; '.join(sorted(labels))}]"
                         for problem, labels in sorted(self.found.items()))

    def assert_clean(self) -> None:
        if self.found:
            pytest.fail(f"{len(self.found)} mismatches with stripe-node's declarations "
                        f"(tests/shapes):\n{self.report()}", pytrace=False)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _brief(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) <= 40 else text[:37] + "…"


def entry_at(table: str, path: str) -> dict | None:
    return TABLES[table]["fields"].get(path)


def table_for(names: list[str], value: Any) -> str | None:
    """Of the declared objects, the table `value` is an instance of (by `object`, `deleted`)."""
    if not isinstance(value, dict):
        return None
    for name in names:
        table = TABLES.get(name)
        if (table is not None and table["object"] == value.get("object")
                and table["deleted"] == bool(value.get("deleted"))):
            return name
    return None


def raw(obj: stripe.StripeObject) -> dict:
    """The JSON the server sent for a call the SDK made."""
    assert obj.last_response is not None
    return json.loads(obj.last_response.body)


@pytest.fixture
def shapes() -> Iterator[Checker]:
    yield Checker()


@pytest.fixture
def v1(client):
    return client.v1


def check_list(shapes: Checker, item: str, listing: stripe.StripeObject, label: str,
               envelope: str = "ApiList") -> None:
    body = raw(listing)
    shapes.check(envelope, body, label)
    for obj in body.get("data", []):
        shapes.check(item, obj, label)


# The tables themselves ------------------------------------------------------------------------


def test_tables_are_for_the_servers_api_version():
    assert TABLES, "no tables: run tools/stripe_types.py (see its docstring)"
    assert {t["api_version"] for t in TABLES.values()} == {API_VERSION}
    assert len({t["package_version"] for t in TABLES.values()}) == 1


def test_every_object_the_server_serves_has_a_table():
    served = {r.object_name for r in RESOURCES}
    tabled = {t["object"] for t in TABLES.values()}
    assert served - tabled == set()


def test_the_checker_reports_each_kind_of_mismatch():
    shapes = Checker()
    shapes.check("TaxRate", {"object": "tax_rate", "id": "txr_1", "active": "yes",
                             "country": None, "flat_amount": None, "jurisdiction_level": "moon",
                             "percentage": 5, "extra": 1, "metadata": {"k": 1}}, "synthetic")
    found = "\n".join(shapes.found)
    assert "TaxRate: created: missing, but declared `created: number`" in found
    assert "TaxRate: active: \"yes\" does not match `active: boolean`" in found
    assert "TaxRate: jurisdiction_level: 'moon' is none of the declared values" in found
    assert "TaxRate: extra: sent (1) but not declared" in found
    assert "TaxRate: metadata.*: 1 does not match" in found
    assert "TaxRate: country:" not in found  # `country: string | null`: null is fine
    shapes = Checker()
    shapes.check("Customer", {"business_name": None, "deleted": True}, "synthetic")
    found = "\n".join(shapes.found)
    assert ("Customer: business_name: null, but declared `business_name?: string` without "
            "`| null` (optional: leave it out instead)") in found
    assert "Customer: deleted: sent (true), but declared `void`: never sent" in found
    assert "Customer: invoice_settings: missing" in found
    shapes = Checker()  # nested objects, embedded objects and an event's object
    shapes.check("Customer", {"invoice_settings": {"footer": None}}, "synthetic")
    shapes.check("Invoice", {"lines": {"object": "list", "data": [{"object": "line_item"}],
                                       "has_more": False, "url": "/v1/invoices/in_1/lines",
                                       "total_count": 1}}, "synthetic")
    shapes.check("Event", {"type": "customer.created", "data": {
        "object": {"object": "customer", "balance": "0"},
        "previous_attributes": {"nope": 1}}}, "synthetic")
    found = "\n".join(shapes.found)
    assert "Customer: invoice_settings.custom_fields: missing" in found
    assert "Customer: invoice_settings.footer:" not in found  # `footer: string | null`
    assert "InvoiceLineItem: amount: missing" in found
    assert "Invoice: lines.total_count" not in found  # allowed, with its reason
    assert "Customer: balance: \"0\" does not match `balance: number`" in found
    assert "Event: data.previous_attributes.nope: not a field of Customer" in found


# Customers ------------------------------------------------------------------------------------

RICH_CUSTOMER = {
    "email": "ops@acme.test", "name": "Acme", "phone": "+14155550100",
    "description": "Key account", "metadata": {"app_id": "42"},
    "business_name": "Acme Inc.", "individual_name": "Wile E. Coyote",
    "address": {"line1": "1 Main St", "city": "Berlin", "postal_code": "10115",
                "country": "DE"},
    "shipping": {"name": "Acme Dock", "phone": "+14155550111",
                 "address": {"line1": "2 Dock Rd", "country": "DE"}},
    "preferred_locales": ["de", "en"],
    "invoice_settings": {"custom_fields": [{"name": "PO", "value": "123"}],
                         "footer": "Thanks", "rendering_options": {
                             "amount_tax_display": "include_inclusive_tax"}},
    "invoice_prefix": "ACME", "next_invoice_sequence": 7, "tax_exempt": "reverse",
    "tax_id_data": [{"type": "eu_vat", "value": "DE123456789"}],
    "payment_method": "pm_card_visa", "balance": -500,
}
EVERY_INCLUDABLE = ["cash_balance", "invoice_credit_balance", "sources", "subscriptions", "tax",
                    "tax_ids", "invoice_settings.default_payment_method"]


async def test_customer_shapes(v1, shapes):
    plain = await v1.customers.create_async()
    shapes.check("Customer", raw(plain), "customer with nothing")
    rich = await v1.customers.create_async(RICH_CUSTOMER)
    shapes.check("Customer", raw(rich), "customer with everything")
    methods = await v1.customers.payment_methods.list_async(rich.id)
    rich = await v1.customers.update_async(rich.id, {"invoice_settings": {
        "default_payment_method": methods.data[0].id}})
    shapes.check("Customer", raw(rich), "customer with a default method")
    for customer, label in ((plain, "customer with nothing"), (rich, "customer with everything")):
        expanded = await v1.customers.retrieve_async(customer.id, {"expand": EVERY_INCLUDABLE})
        shapes.check("Customer", raw(expanded), f"{label}, every includable expanded")
    unset = await v1.customers.update_async(rich.id, {
        "address": "", "shipping": "", "business_name": "", "individual_name": "",
        "name": "", "phone": "", "email": "", "description": "", "tax_exempt": "",
        "invoice_settings": {"custom_fields": "", "footer": "", "rendering_options": "",
                             "default_payment_method": ""}})
    shapes.check("Customer", raw(unset), "customer with everything unset")
    check_list(shapes, "Customer", await v1.customers.list_async(), "customer list")
    check_list(shapes, "Customer", await v1.customers.search_async(
        {"query": "metadata['app_id']:'42'", "expand": ["total_count"]}), "customer search",
        "ApiSearchResult")
    check_list(shapes, "Customer", await v1.customers.list_async({
        "expand": ["data.tax_ids", "data.invoice_settings.default_payment_method"]}),
        "customer list, expanded")
    deleted = await v1.customers.delete_async(plain.id)
    shapes.check("DeletedCustomer", raw(deleted), "customer delete")
    stub = await v1.customers.retrieve_async(plain.id)
    shapes.check("DeletedCustomer", raw(stub), "deleted customer retrieve")
    shapes.assert_clean()


async def test_customer_balance_transaction_shapes(v1, shapes):
    customer = await v1.customers.create_async({"balance": 1000})
    bts = v1.customers.balance_transactions
    plain = await bts.create_async(customer.id, {"amount": -300, "currency": "usd"})
    shapes.check("CustomerBalanceTransaction", raw(plain), "balance transaction, no options")
    rich = await bts.create_async(customer.id, {"amount": 200, "currency": "usd",
                                                "description": "Goodwill",
                                                "metadata": {"k": "v"}})
    shapes.check("CustomerBalanceTransaction", raw(rich), "balance transaction, described")
    updated = await bts.update_async(customer.id, rich.id, {"description": "Changed"})
    shapes.check("CustomerBalanceTransaction", raw(updated), "balance transaction update")
    again = await bts.retrieve_async(customer.id, plain.id, {"expand": ["customer"]})
    shapes.check("CustomerBalanceTransaction", raw(again), "balance transaction, expanded")
    check_list(shapes, "CustomerBalanceTransaction", await bts.list_async(customer.id),
               "balance transaction list")
    shapes.assert_clean()


# Tax IDs and tax rates ------------------------------------------------------------------------


async def test_tax_id_shapes(v1, shapes):
    customer = await v1.customers.create_async({"name": "Owner"})
    tax_ids = v1.customers.tax_ids
    verified = await tax_ids.create_async(customer.id, {"type": "eu_vat",
                                                        "value": "DE000000000"})
    shapes.check("TaxId", raw(verified), "customer's eu_vat (verified)")
    for value, outcome in (("DE111111111", "unverified"), ("DE222222222", "pending")):
        shapes.check("TaxId", raw(await tax_ids.create_async(
            customer.id, {"type": "eu_vat", "value": value})), f"customer's eu_vat ({outcome})")
    plain = await tax_ids.create_async(customer.id, {"type": "us_ein", "value": "12-3456789"})
    shapes.check("TaxId", raw(plain), "customer's us_ein (no verification)")
    expanded = await tax_ids.retrieve_async(customer.id, plain.id,
                                            {"expand": ["customer", "owner.customer"]})
    shapes.check("TaxId", raw(expanded), "customer's tax ID, expanded")
    own = await v1.tax_ids.create_async({"type": "gb_vat", "value": "GB123456789"})
    shapes.check("TaxId", raw(own), "account's own tax ID (owner self)")
    owned = await v1.tax_ids.create_async({"type": "au_abn", "value": "12345678912",
                                           "owner": {"type": "customer",
                                                     "customer": customer.id}})
    shapes.check("TaxId", raw(owned), "top-level tax ID owned by a customer")
    check_list(shapes, "TaxId", await tax_ids.list_async(customer.id), "customer's tax IDs")
    check_list(shapes, "TaxId", await v1.tax_ids.list_async(), "account's tax IDs")
    shapes.check("DeletedTaxId", raw(await tax_ids.delete_async(customer.id, plain.id)),
                 "customer's tax ID delete")
    shapes.check("DeletedTaxId", raw(await v1.tax_ids.delete_async(own.id)),
                 "account's tax ID delete")
    shapes.assert_clean()


async def test_tax_rate_shapes(v1, shapes):
    plain = await v1.tax_rates.create_async({"display_name": "VAT", "percentage": 19,
                                             "inclusive": False})
    shapes.check("TaxRate", raw(plain), "tax rate, no options")
    rich = await v1.tax_rates.create_async({
        "display_name": "Sales tax", "percentage": 7.25, "inclusive": True,
        "country": "US", "state": "CA", "jurisdiction": "California",
        "description": "CA sales tax", "tax_type": "sales_tax", "metadata": {"k": "v"}})
    shapes.check("TaxRate", raw(rich), "tax rate with everything")
    archived = await v1.tax_rates.update_async(rich.id, {"active": False})
    shapes.check("TaxRate", raw(archived), "tax rate archived")
    check_list(shapes, "TaxRate", await v1.tax_rates.list_async(), "tax rate list")
    shapes.assert_clean()


# Payment methods ------------------------------------------------------------------------------


async def test_payment_method_shapes(v1, shapes):
    pms = v1.payment_methods
    plain = await pms.create_async({"type": "card", "card": {"token": "tok_visa"}})
    shapes.check("PaymentMethod", raw(plain), "card from a token")
    rich = await pms.create_async({
        "type": "card", "card": {"number": "4000002760000016", "exp_month": 12,
                                 "exp_year": 2034, "cvc": "123"},
        "billing_details": {"name": "Jenny Rosen", "email": "jenny@example.com",
                            "phone": "+14155550100",
                            "address": {"line1": "1 Main St", "country": "US"}},
        "allow_redisplay": "always", "metadata": {"k": "v"}})
    shapes.check("PaymentMethod", raw(rich), "card with billing details")
    customer = await v1.customers.create_async()
    attached = await pms.attach_async(rich.id, {"customer": customer.id,
                                                "expand": ["customer"]})
    shapes.check("PaymentMethod", raw(attached), "attached card, customer expanded")
    updated = await pms.update_async(rich.id, {"card": {"exp_month": 1},
                                               "billing_details": {"name": ""}})
    shapes.check("PaymentMethod", raw(updated), "card updated")
    check_list(shapes, "PaymentMethod",
               await v1.customers.payment_methods.list_async(customer.id),
               "customer's payment methods")
    check_list(shapes, "PaymentMethod", await pms.list_async({"customer": customer.id}),
               "payment method list")
    shapes.check("PaymentMethod", raw(await v1.customers.payment_methods.retrieve_async(
        customer.id, rich.id)), "customer's payment method retrieve")
    shapes.check("PaymentMethod", raw(await pms.detach_async(rich.id)), "card detached")
    shapes.assert_clean()


# Invoice items and invoices -------------------------------------------------------------------


async def invoicing_world(v1) -> tuple[Any, Any, Any]:
    """A customer with a card, an exclusive and an inclusive rate."""
    customer = await v1.customers.create_async({
        "email": "billing@acme.test", "name": "Acme", "payment_method": "pm_card_visa",
        "address": {"country": "US", "state": "CA"},
        "invoice_settings": {"footer": "Thanks", "custom_fields": [{"name": "PO",
                                                                    "value": "1"}]},
        "tax_id_data": [{"type": "us_ein", "value": "12-3456789"}]})
    methods = await v1.customers.payment_methods.list_async(customer.id)
    await v1.customers.update_async(customer.id, {"invoice_settings": {
        "default_payment_method": methods.data[0].id}})
    excl = await v1.tax_rates.create_async({"display_name": "VAT", "percentage": 20,
                                            "inclusive": False})
    incl = await v1.tax_rates.create_async({"display_name": "GST", "percentage": 10,
                                            "inclusive": True})
    return customer, excl, incl


async def test_invoice_item_shapes(v1, shapes):
    customer, excl, incl = await invoicing_world(v1)
    items = v1.invoice_items
    plain = await items.create_async({"customer": customer.id, "amount": 1000,
                                      "currency": "usd"})
    shapes.check("InvoiceItem", raw(plain), "pending item, amount only")
    rich = await items.create_async({
        "customer": customer.id, "currency": "usd", "unit_amount_decimal": "250.5",
        "quantity": 3, "description": "Seats", "discountable": False,
        "period": {"start": 1_700_000_000, "end": 1_700_086_400},
        "tax_rates": [excl.id, incl.id], "metadata": {"k": "v"}})
    shapes.check("InvoiceItem", raw(rich), "pending item with everything")
    updated = await items.update_async(rich.id, {"quantity_decimal": "1.5",
                                                 "description": ""})
    shapes.check("InvoiceItem", raw(updated), "item updated")
    expanded = await items.retrieve_async(plain.id, {"expand": ["customer"]})
    shapes.check("InvoiceItem", raw(expanded), "item, customer expanded")
    invoice = await v1.invoices.create_async({"customer": customer.id,
                                              "pending_invoice_items_behavior": "include"})
    swept = await items.retrieve_async(plain.id, {"expand": ["invoice"]})
    shapes.check("InvoiceItem", raw(swept), "item on a draft, invoice expanded")
    await v1.invoices.finalize_invoice_async(invoice.id)
    frozen = await items.retrieve_async(rich.id)
    shapes.check("InvoiceItem", raw(frozen), "item on a finalized invoice")
    check_list(shapes, "InvoiceItem", await items.list_async(), "item list")
    loose = await items.create_async({"customer": customer.id, "amount": 5, "currency": "usd"})
    shapes.check("DeletedInvoiceItem", raw(await items.delete_async(loose.id)), "item delete")
    shapes.assert_clean()


async def test_invoice_shapes(v1, shapes):
    customer, excl, incl = await invoicing_world(v1)
    invoices = v1.invoices
    empty = await invoices.create_async({"customer": customer.id})
    shapes.check("Invoice", raw(empty), "draft, no lines")
    for amount, rate in ((1000, excl), (2000, incl)):
        await v1.invoice_items.create_async({"customer": customer.id, "amount": amount,
                                             "currency": "usd", "tax_rates": [rate.id]})
    draft = await invoices.create_async({
        "customer": customer.id, "pending_invoice_items_behavior": "include",
        "collection_method": "send_invoice", "days_until_due": 30,
        "description": "Services", "footer": "Own footer", "statement_descriptor": "ACME",
        "custom_fields": [{"name": "Ref", "value": "X"}], "default_tax_rates": [excl.id],
        "metadata": {"k": "v"}, "auto_advance": True})
    shapes.check("Invoice", raw(draft), "draft with lines and everything")
    expanded = await invoices.retrieve_async(draft.id, {
        "expand": ["customer", "default_payment_method"]})
    shapes.check("Invoice", raw(expanded), "draft, expanded")
    lines = await invoices.line_items.list_async(draft.id)
    check_list(shapes, "InvoiceLineItem", lines, "invoice lines")
    line = await invoices.line_items.update_async(draft.id, lines.data[0].id,
                                                  {"description": "Changed"})
    shapes.check("InvoiceLineItem", raw(line), "line update")
    added = await invoices.add_lines_async(draft.id, {"lines": [
        {"amount": 250, "description": "Extra", "period": {"start": 1_700_000_000,
                                                            "end": 1_700_086_400}}]})
    shapes.check("Invoice", raw(added), "lines added")
    extra = next(x for x in added.lines.data if x.description == "Extra")
    shapes.check("Invoice", raw(await invoices.update_lines_async(draft.id, {"lines": [
        {"id": extra.id, "amount": 300, "tax_rates": [incl.id]}]})), "lines updated")
    shapes.check("Invoice", raw(await invoices.remove_lines_async(draft.id, {"lines": [
        {"id": extra.id, "behavior": "delete"}]})), "line removed")
    open_ = await invoices.finalize_invoice_async(draft.id)
    shapes.check("Invoice", raw(open_), "finalized (open)")
    shapes.check("Invoice", raw(await invoices.send_invoice_async(draft.id)), "sent")
    paid = await invoices.pay_async(draft.id, {"paid_out_of_band": True})
    shapes.check("Invoice", raw(paid), "paid out of band")
    await v1.customers.balance_transactions.create_async(customer.id, {"amount": -200,
                                                                       "currency": "usd"})
    await v1.invoice_items.create_async({"customer": customer.id, "amount": 700,
                                         "currency": "usd"})
    charged = await invoices.create_async({"customer": customer.id,
                                           "pending_invoice_items_behavior": "include"})
    charged = await invoices.pay_async(charged.id)
    shapes.check("Invoice", raw(charged), "paid with the customer's card and credit")
    check_list(shapes, "CustomerBalanceTransaction",
               await v1.customers.balance_transactions.list_async(customer.id),
               "balance transactions applied to an invoice")
    failing = await v1.customers.create_async({"payment_method": "pm_card_chargeCustomerFail"})
    await v1.invoice_items.create_async({"customer": failing.id, "amount": 900,
                                         "currency": "usd"})
    declined = await invoices.create_async({"customer": failing.id,
                                            "pending_invoice_items_behavior": "include"})
    method = (await v1.customers.payment_methods.list_async(failing.id)).data[0]
    with pytest.raises(stripe.CardError):
        await invoices.pay_async(declined.id, {"payment_method": method.id})
    shapes.check("Invoice", raw(await invoices.retrieve_async(declined.id)),
                 "open after a declined payment")
    for exempt in ("exempt", "reverse"):
        taxed = await v1.customers.create_async({"tax_exempt": exempt,
                                                 "address": {"country": "DE"}})
        await v1.invoice_items.create_async({"customer": taxed.id, "amount": 1000,
                                             "currency": "eur", "tax_rates": [excl.id]})
        inv = await invoices.create_async({"customer": taxed.id,
                                           "pending_invoice_items_behavior": "include"})
        shapes.check("Invoice", raw(await invoices.finalize_invoice_async(inv.id)),
                     f"finalized for a tax_exempt={exempt} customer")
    for action, label in ((invoices.void_invoice_async, "voided"),
                          (invoices.mark_uncollectible_async, "marked uncollectible")):
        await v1.invoice_items.create_async({"customer": customer.id, "amount": 300,
                                             "currency": "usd"})
        inv = await invoices.create_async({"customer": customer.id,
                                           "collection_method": "send_invoice",
                                           "days_until_due": 7,
                                           "pending_invoice_items_behavior": "include"})
        await invoices.finalize_invoice_async(inv.id)
        shapes.check("Invoice", raw(await action(inv.id)), label)
    check_list(shapes, "CustomerBalanceTransaction",
               await v1.customers.balance_transactions.list_async(customer.id),
               "balance transactions after a void")
    await v1.invoice_items.create_async({"customer": customer.id, "amount": 100,
                                         "currency": "usd"})
    preview = await invoices.create_preview_async({"customer": customer.id, "invoice_items": [
        {"amount": 500, "description": "Add-on", "tax_rates": [excl.id]}]})
    shapes.check("Invoice", raw(preview), "preview")
    check_list(shapes, "Invoice", await invoices.list_async(), "invoice list")
    check_list(shapes, "Invoice", await invoices.search_async({"query": "status:'paid'"}),
               "invoice search", "ApiSearchResult")
    shapes.check("DeletedInvoice", raw(await invoices.delete_async(empty.id)), "draft delete")
    shapes.assert_clean()


# Events and webhook endpoints -----------------------------------------------------------------


async def test_event_shapes(v1, shapes):
    customer = await v1.customers.create_async({"email": "a@b.co"})
    await v1.customers.update_async(customer.id, {"name": "Ann", "metadata": {"k": "v"},
                                                  "invoice_settings": {"footer": "Hi"}})
    tax_id = await v1.customers.tax_ids.create_async(customer.id, {"type": "us_ein",
                                                                   "value": "12-3456789"})
    await v1.customers.tax_ids.delete_async(customer.id, tax_id.id)
    pm = await v1.payment_methods.create_async({"type": "card", "card": {"token": "tok_visa"}})
    await v1.payment_methods.attach_async(pm.id, {"customer": customer.id})
    await v1.payment_methods.update_async(pm.id, {"metadata": {"k": "v"}})
    await v1.payment_methods.detach_async(pm.id)
    rate = await v1.tax_rates.create_async({"display_name": "VAT", "percentage": 20,
                                            "inclusive": False})
    await v1.tax_rates.update_async(rate.id, {"active": False})
    item = await v1.invoice_items.create_async({"customer": customer.id, "amount": 100,
                                                "currency": "usd"})
    await v1.invoice_items.delete_async(item.id)
    await v1.invoice_items.create_async({"customer": customer.id, "amount": 100,
                                         "currency": "usd"})
    invoice = await v1.invoices.create_async({"customer": customer.id,
                                              "pending_invoice_items_behavior": "include"})
    await v1.invoices.finalize_invoice_async(invoice.id)
    await v1.invoices.pay_async(invoice.id, {"paid_out_of_band": True})
    draft = await v1.invoices.create_async({"customer": customer.id})
    await v1.invoices.delete_async(draft.id)
    await v1.customers.delete_async(customer.id)
    seen = set()
    async for event in (await v1.events.list_async({"limit": 100})).auto_paging_iter():
        seen.add(event.type)
    listing = await v1.events.list_async({"limit": 100})
    check_list(shapes, "Event", listing, "event list")
    for event in raw(listing)["data"]:
        one = await v1.events.retrieve_async(event["id"])
        shapes.check("Event", raw(one), event["type"])
    assert {"customer.created", "customer.updated", "customer.deleted", "invoice.paid",
            "customer.tax_id.deleted", "invoiceitem.deleted", "invoice.deleted"} <= seen
    shapes.assert_clean()


async def test_webhook_endpoint_shapes(v1, shapes):
    endpoints = v1.webhook_endpoints
    plain = await endpoints.create_async({"url": "https://example.com/a",
                                          "enabled_events": ["*"]})
    shapes.check("WebhookEndpoint", raw(plain), "endpoint create (with secret)")
    rich = await endpoints.create_async({
        "url": "https://example.com/b", "enabled_events": ["customer.created"],
        "description": "Hooks", "metadata": {"k": "v"}, "api_version": API_VERSION})
    shapes.check("WebhookEndpoint", raw(rich), "endpoint with everything")
    shapes.check("WebhookEndpoint", raw(await endpoints.retrieve_async(plain.id)),
                 "endpoint retrieve")
    shapes.check("WebhookEndpoint", raw(await endpoints.update_async(
        rich.id, {"disabled": True, "description": ""})), "endpoint disabled")
    check_list(shapes, "WebhookEndpoint", await endpoints.list_async(), "endpoint list")
    shapes.check("DeletedWebhookEndpoint", raw(await endpoints.delete_async(plain.id)),
                 "endpoint delete")
    shapes.assert_clean()


# The account, its balance, a customer's sources ---------------------------------------------


async def test_account_balance_and_source_shapes(v1, shapes):
    shapes.check("Account", raw(await v1.accounts.retrieve_current_async()), "own account")
    check_list(shapes, "Account", await v1.accounts.list_async(), "connected accounts")
    shapes.check("Balance", raw(await v1.balance.retrieve_async()), "balance")
    customer = await v1.customers.create_async()
    check_list(shapes, "Source", await v1.customers.payment_sources.list_async(customer.id),
               "customer's sources")
    shapes.assert_clean()


# Products and prices --------------------------------------------------------------------------


async def test_product_and_price_shapes(v1, shapes):
    plain = await v1.products.create_async({"name": "Plain"})
    shapes.check("Product", raw(plain), "product, name only")
    rich = await v1.products.create_async({
        "name": "Rich", "description": "d", "type": "good", "images": ["https://x.test/a.png"],
        "marketing_features": [{"name": "Fast"}], "metadata": {"k": "v"},
        "package_dimensions": {"height": 1, "length": 2, "weight": 3.5, "width": 4},
        "shippable": True, "statement_descriptor": "RICH", "tax_code": "txcd_10000000",
        "url": "https://x.test", "default_price_data": {
            "currency": "usd", "unit_amount": 900, "recurring": {"interval": "month"}}})
    shapes.check("Product", raw(rich), "product with everything")
    shapes.check("Product", raw(await v1.products.retrieve_async(
        rich.id, {"expand": ["default_price"]})), "product, default price expanded")
    once = await v1.prices.create_async({"currency": "usd", "unit_amount": 100,
                                         "product": plain.id, "lookup_key": "once"})
    shapes.check("Price", raw(once), "one-off price")
    decimal = await v1.prices.create_async({
        "currency": "eur", "unit_amount_decimal": "12.5", "product": plain.id,
        "recurring": {"interval": "week", "interval_count": 2, "trial_period_days": 7},
        "tax_behavior": "inclusive", "nickname": "n",
        "transform_quantity": {"divide_by": 10, "round": "up"}})
    shapes.check("Price", raw(decimal), "recurring decimal price")
    tiered = await v1.prices.create_async({
        "currency": "usd", "product": plain.id, "billing_scheme": "tiered",
        "tiers_mode": "volume", "recurring": {"interval": "month"},
        "tiers": [{"up_to": 5, "unit_amount": 10}, {"up_to": "inf", "flat_amount": 3}]})
    shapes.check("Price", raw(await v1.prices.retrieve_async(
        tiered.id, {"expand": ["tiers", "currency_options", "product"]})), "tiered, expanded")
    check_list(shapes, "Price", await v1.prices.list_async(), "price list")
    check_list(shapes, "Product", await v1.products.list_async(), "product list")
    customer = await v1.customers.create_async()
    item = await v1.invoice_items.create_async({"customer": customer.id,
                                                "pricing": {"price": once.id}})
    shapes.check("InvoiceItem", raw(item), "invoice item at a price")
    invoice = await v1.invoices.create_async({"customer": customer.id,
                                              "pending_invoice_items_behavior": "include"})
    shapes.check("Invoice", raw(invoice), "invoice with a priced line")
    empty = await v1.products.create_async({"name": "Gone"})
    shapes.check("DeletedProduct", raw(await v1.products.delete_async(empty.id)),
                 "deleted product")
    shapes.assert_clean()


# Test clocks ----------------------------------------------------------------------------------


async def test_test_clock_shapes(v1, shapes):
    clocks = v1.test_helpers.test_clocks
    clock = await clocks.create_async({"frozen_time": 1_767_225_600})
    shapes.check("TestClock", raw(clock), "test clock")
    shapes.check("TestClock", raw(await clocks.advance_async(
        clock.id, {"frozen_time": 1_767_312_000})), "test clock advancing")
    check_list(shapes, "TestClock", await clocks.list_async(), "test clock list")
    customer = await v1.customers.create_async({"test_clock": clock.id})
    shapes.check("Customer", raw(customer), "customer on a clock")
    shapes.check("DeletedTestClock", raw(await clocks.delete_async(clock.id)), "deleted clock")
    shapes.assert_clean()


# Subscriptions --------------------------------------------------------------------------------


async def test_subscription_shapes(v1, shapes):
    product = await v1.products.create_async({"name": "Plan"})
    price = await v1.prices.create_async({"currency": "usd", "unit_amount": 1000,
                                          "product": product.id,
                                          "recurring": {"interval": "month"}})
    customer = await v1.customers.create_async({"payment_method": "pm_card_visa"})
    pm = (await v1.payment_methods.list_async({"customer": customer.id})).data[0]
    sub = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": price.id, "quantity": 3}],
        "default_payment_method": pm.id, "metadata": {"k": "v"}, "description": "d"})
    shapes.check("Subscription", raw(sub), "active subscription")
    shapes.check("SubscriptionItem", raw(await v1.subscription_items.retrieve_async(
        sub["items"].data[0].id)), "subscription item")
    invoice = await v1.invoices.retrieve_async(sub.latest_invoice)
    shapes.check("Invoice", raw(invoice), "subscription_create invoice")
    sent = await v1.subscriptions.create_async({
        "customer": customer.id, "items": [{"price": (await v1.prices.create_async({
            "currency": "usd", "unit_amount": 5, "product": product.id,
            "recurring": {"interval": "year"}})).id}],
        "collection_method": "send_invoice", "days_until_due": 3})
    shapes.check("Subscription", raw(sent), "send_invoice subscription")
    shapes.check("Subscription", raw(await v1.subscriptions.cancel_async(sub.id)), "canceled")
    check_list(shapes, "Subscription", await v1.subscriptions.list_async({"status": "all"}),
               "subscription list")
    check_list(shapes, "SubscriptionItem", await v1.subscription_items.list_async(
        {"subscription": sent.id}), "subscription item list")
    events = raw(await v1.events.list_async({"limit": 100}))["data"]
    for event in events:
        if event["type"].startswith("customer.subscription."):
            shapes.check("Event", event, event["type"])
    shapes.assert_clean()


async def test_subscription_change_shapes(v1, shapes):
    """Prorations (items and lines with what they credit), a pending update, an added and a
    removed item, a preview, pause and the events of each."""
    clocks = v1.test_helpers.test_clocks
    clock = await clocks.create_async({"frozen_time": 1_775_001_600})
    customer = await v1.customers.create_async({
        "test_clock": clock.id, "payment_method": "pm_card_visa",
        "invoice_settings": {"default_payment_method": "pm_card_visa"}})
    product = await v1.products.create_async({"name": "Plan"})
    price, seats = [await v1.prices.create_async({
        "currency": "usd", "unit_amount": amount, "product": product.id,
        "recurring": {"interval": "month"}}) for amount in (1000, 300)]
    coupon = await v1.coupons.create_async({"percent_off": 10, "duration": "forever"})
    sub = await v1.subscriptions.create_async({"customer": customer.id,
                                               "items": [{"price": price.id}],
                                               "discounts": [{"coupon": coupon.id}]})
    await clocks.advance_async(clock.id, {"frozen_time": 1_776_297_600})
    item = sub["items"].data[0]
    preview = await v1.invoices.create_preview_async({
        "subscription": sub.id, "subscription_details": {
            "items": [{"id": item.id, "quantity": 2}]}})
    shapes.check("Invoice", raw(preview), "subscription change preview")
    changed = await v1.subscriptions.update_async(sub.id, {
        "items": [{"id": item.id, "quantity": 2}], "proration_behavior": "always_invoice",
        "add_invoice_items": [{"price_data": {"currency": "usd", "product": product.id,
                                              "unit_amount": 250}}]})
    shapes.check("Subscription", raw(changed), "changed subscription")
    invoice = await v1.invoices.retrieve_async(changed.latest_invoice)
    shapes.check("Invoice", raw(invoice), "proration invoice with a one-off item")
    check_list(shapes, "InvoiceItem", await v1.invoice_items.list_async(
        {"customer": customer.id}), "proration items")
    added = await v1.subscription_items.create_async({"subscription": sub.id,
                                                      "price": seats.id, "quantity": 2})
    shapes.check("SubscriptionItem", raw(added), "added item")
    shapes.check("DeletedSubscriptionItem", raw(await v1.subscription_items.delete_async(
        added.id)), "removed item")
    bad = await v1.payment_methods.attach_async("pm_card_chargeCustomerFail",
                                                {"customer": customer.id})
    await v1.customers.update_async(customer.id, {
        "invoice_settings": {"default_payment_method": bad.id}})
    held = await v1.subscriptions.update_async(sub.id, {
        "items": [{"id": item.id, "quantity": 5}], "proration_behavior": "always_invoice",
        "payment_behavior": "pending_if_incomplete"})
    assert held.pending_update is not None
    shapes.check("Subscription", raw(held), "subscription with a pending update")
    paused = await v1.subscriptions.pause_async(sub.id)
    shapes.check("Subscription", raw(paused), "paused subscription")
    events = raw(await v1.events.list_async({"limit": 100}))["data"]
    for event in events:
        shapes.check("Event", event, event["type"])
    shapes.assert_clean()


# Payments -------------------------------------------------------------------------------------


async def test_payment_intent_and_charge_shapes(v1, shapes):
    customer = await v1.customers.create_async({"email": "p@example.com"})
    fresh = await v1.payment_intents.create_async({"amount": 2000, "currency": "usd",
                                                   "customer": customer.id})
    shapes.check("PaymentIntent", raw(fresh), "new payment intent")
    paid = await v1.payment_intents.confirm_async(fresh.id, {"payment_method": "pm_card_visa"})
    shapes.check("PaymentIntent", raw(paid), "succeeded payment intent")
    shapes.check("Charge", raw(await v1.charges.retrieve_async(paid.latest_charge)), "charge")
    declined = await v1.payment_intents.create_async({
        "amount": 2000, "currency": "usd", "payment_method": "pm_card_chargeDeclined"})
    with pytest.raises(stripe.CardError):
        await v1.payment_intents.confirm_async(declined.id)
    failed = await v1.payment_intents.retrieve_async(declined.id)
    shapes.check("PaymentIntent", raw(failed), "declined payment intent")
    shapes.check("Charge", raw(await v1.charges.retrieve_async(failed.latest_charge)),
                 "failed charge")
    action = await v1.payment_intents.create_async({
        "amount": 2000, "currency": "eur", "confirm": True, "return_url": "https://x.example",
        "payment_method": "pm_card_threeDSecure2Required"})
    shapes.check("PaymentIntent", raw(action), "requires_action payment intent")
    shapes.check("PaymentIntent", raw(await v1.payment_intents.cancel_async(action.id)),
                 "canceled payment intent")
    check_list(shapes, "PaymentIntent", await v1.payment_intents.list_async(), "intent list")
    check_list(shapes, "Charge", await v1.charges.list_async(), "charge list")
    refund = await v1.refunds.create_async({"payment_intent": paid.id, "amount": 500})
    shapes.check("Refund", raw(refund), "refund")
    shapes.check("Charge", raw(await v1.charges.retrieve_async(
        paid.latest_charge, {"expand": ["refunds"]})), "refunded charge")
    check_list(shapes, "Refund", await v1.refunds.list_async(), "refund list")
    setup = await v1.setup_intents.create_async({"customer": customer.id,
                                                 "payment_method": "pm_card_visa",
                                                 "confirm": True})
    shapes.check("SetupIntent", raw(setup), "succeeded setup intent")
    with pytest.raises(stripe.CardError):
        await v1.setup_intents.create_async({"payment_method": "pm_card_visa_chargeDeclined",
                                             "confirm": True})
    check_list(shapes, "SetupIntent", await v1.setup_intents.list_async(), "setup list")
    for event in raw(await v1.events.list_async({"limit": 100}))["data"]:
        shapes.check("Event", event, event["type"])
    shapes.assert_clean()


async def test_invoice_payment_shapes(v1, shapes):
    customer = await v1.customers.create_async({
        "email": "p@example.com", "payment_method": "pm_card_visa",
        "invoice_settings": {"default_payment_method": "pm_card_visa"}})
    await v1.invoice_items.create_async({"customer": customer.id, "amount": 2000,
                                         "currency": "usd"})
    draft = await v1.invoices.create_async({"customer": customer.id,
                                            "pending_invoice_items_behavior": "include"})
    open_ = await v1.invoices.finalize_invoice_async(draft.id, {
        "expand": ["payments", "confirmation_secret"]})
    shapes.check("Invoice", raw(open_), "open, payments and confirmation_secret expanded")
    paid = await v1.invoices.pay_async(draft.id, {"expand": ["payments"]})
    shapes.check("Invoice", raw(paid), "paid through its payment intent")
    check_list(shapes, "InvoicePayment", await v1.invoice_payments.list_async(),
               "invoice payments")
    intent = await v1.payment_intents.retrieve_async(
        paid.payments.data[0].payment.payment_intent)
    shapes.check("PaymentIntent", raw(intent), "an invoice's payment intent")
    for event in raw(await v1.events.list_async({"limit": 100}))["data"]:
        shapes.check("Event", event, event["type"])
    shapes.assert_clean()


async def test_coupon_promotion_code_discount_and_credit_note_shapes(v1, http, shapes):
    percent = await v1.coupons.create_async({"percent_off": 10, "duration": "repeating",
                                             "duration_in_months": 2})
    shapes.check("Coupon", raw(percent), "percent coupon")
    amount = await v1.coupons.create_async({
        "amount_off": 500, "currency": "usd", "currency_options": {"eur": {"amount_off": 450}},
        "applies_to": {"products": ["prod_x"]}, "max_redemptions": 3,
        "redeem_by": 1_900_000_000, "name": "Five"})
    shapes.check("Coupon", raw(await v1.coupons.retrieve_async(amount.id)), "amount coupon")
    check_list(shapes, "Coupon", await v1.coupons.list_async(), "coupon list")
    code = await v1.promotion_codes.create_async({
        "promotion": {"type": "coupon", "coupon": percent.id}, "code": "SHAPE",
        "restrictions": {"minimum_amount": 1000, "minimum_amount_currency": "usd",
                         "currency_options": {"eur": {"minimum_amount": 900}}}})
    shapes.check("PromotionCode", raw(code), "promotion code")
    check_list(shapes, "PromotionCode", await v1.promotion_codes.list_async(), "codes")
    customer = await v1.customers.create_async({
        "email": "s@example.com", "payment_method": "pm_card_visa",
        "invoice_settings": {"default_payment_method": "pm_card_visa"}})
    async with http.post(f"/_emulator/customers/{customer.id}/discount",
                         data={"coupon": percent.id}) as resp:
        assert resp.status == 200
    shapes.check("Customer", raw(await v1.customers.retrieve_async(customer.id)),
                 "customer with a discount")
    rate = await v1.tax_rates.create_async({"display_name": "VAT", "percentage": 20,
                                            "inclusive": False})
    await v1.invoice_items.create_async({"customer": customer.id, "amount": 3000,
                                         "currency": "usd", "tax_rates": [rate.id],
                                         "discounts": [{"coupon": amount.id}]})
    draft = await v1.invoices.create_async({
        "customer": customer.id, "pending_invoice_items_behavior": "include",
        "discounts": [{"promotion_code": code.id}]})
    shapes.check("Invoice", raw(draft), "draft with discounts")
    expanded = await v1.invoices.retrieve_async(draft.id, {
        "expand": ["discounts", "lines.data.discounts"]})
    shapes.check("Invoice", raw(expanded), "discounts expanded")
    for discount in raw(expanded)["discounts"]:
        shapes.check("Discount", discount, "an invoice's discount")
    check_list(shapes, "InvoiceLineItem", await v1.invoices.line_items.list_async(draft.id),
               "discounted lines")
    shapes.check("DeletedDiscount", raw(await v1.customers.delete_discount_async(customer.id)),
                 "deleted discount")
    invoice = await v1.invoices.finalize_invoice_async(draft.id)
    line = invoice.lines.data[0]
    note = await v1.credit_notes.create_async({"invoice": invoice.id, "lines": [
        {"type": "invoice_line_item", "invoice_line_item": line.id, "amount": 1000},
        {"type": "custom_line_item", "unit_amount": 100, "description": "Goodwill",
         "tax_rates": [rate.id]}]})
    shapes.check("CreditNote", raw(note), "pre-payment credit note")
    check_list(shapes, "CreditNoteLineItem",
               await v1.credit_notes.line_items.list_async(note.id), "credit note lines")
    shapes.check("CreditNote", raw(await v1.credit_notes.preview_async(
        {"invoice": invoice.id, "amount": 100})), "preview")
    shapes.check("CreditNote", raw(await v1.credit_notes.void_credit_note_async(note.id)),
                 "void")
    await v1.invoices.pay_async(invoice.id)
    post = await v1.credit_notes.create_async({"invoice": invoice.id, "amount": 200,
                                               "refund_amount": 100, "credit_amount": 100})
    shapes.check("CreditNote", raw(post), "post-payment credit note")
    check_list(shapes, "CreditNote", await v1.credit_notes.list_async(), "credit notes")
    shapes.check("DeletedCoupon", raw(await v1.coupons.delete_async(percent.id)),
                 "deleted coupon")
    for event in raw(await v1.events.list_async({"limit": 100}))["data"]:
        shapes.check("Event", event, event["type"])
    shapes.assert_clean()
