"""What a document shows, as text in its language: one view of an invoice (or a credit note,
or a receipt) that the hosted page and the PDF both lay out."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..resources.invoices import rules
from ..store.memory import Account
from . import branding as branding_of
from .locales import Lang, choose

# How a tax ID's type is named on a document (the rest: its code in capitals).
TAX_ID_LABELS = {"eu_vat": "EU VAT", "gb_vat": "GB VAT", "us_ein": "US EIN",
                 "au_abn": "AU ABN", "ca_bn": "CA BN", "jp_cn": "JP CN", "br_cnpj": "BR CNPJ",
                 "ch_vat": "CH VAT", "no_vat": "NO VAT", "in_gst": "IN GST"}


@dataclass
class Row:
    description: str
    quantity: str = ""
    unit: str = ""
    tax: str = ""
    amount: str = ""


@dataclass
class View:
    kind: str  # "invoice" or "credit_note"
    lang: Lang
    title: str
    number: str
    status: str
    status_label: str
    seller: list[str]
    support_email: str | None
    color: str
    logo: bytes | None
    logo_url: str | None  # the logo as a data: URL, for a page's <img>
    bill_to: list[str]
    ship_to: list[str]
    tax_ids: list[str]
    tax_note: str | None
    facts: list[tuple[str, str]]  # (label, value): number, dates…
    rows: list[Row]
    totals: list[tuple[str, str, bool]]  # (label, value, emphasised)
    custom_fields: list[tuple[str, str]] = field(default_factory=list)
    footer: str | None = None
    memo: str | None = None
    headline: str = ""  # "$1,500.00 due December 1, 2026"


def address_lines(address: dict | None) -> list[str]:
    """An address as the lines a document prints (empty parts left out)."""
    if not address:
        return []
    city = " ".join(x for x in (address.get("postal_code"), address.get("city"),
                                address.get("state")) if x)
    return [x for x in (address.get("line1"), address.get("line2"), city,
                        address.get("country")) if x]


def _rates(account: Account) -> dict[str, dict]:
    return account.collections["tax_rate"].objects


def _rate_label(lang: Lang, rate: dict | None) -> str:
    if rate is None:
        return lang["tax"]
    suffix = f" ({lang.percent(rate['percentage'])}"
    suffix += ", incl.)" if rate["inclusive"] else ")"
    return rate["display_name"] + suffix


def _discount_names(account: Account, discount_ids: list[str]) -> dict[str, str]:
    """Discount id -> its coupon's name (or id), for the discounts a document shows."""
    names = {}
    coupons, discounts = account.collections["coupon"], account.collections["discount"]
    for discount_id in discount_ids:
        discount = discounts.objects.get(discount_id)
        if discount is None:
            continue
        coupon_id = discount["source"]["coupon"]
        coupon = coupons.objects.get(coupon_id) or account.record("_deleted_coupon", coupon_id)
        names[discount_id] = (coupon and coupon.get("name")) or coupon_id
    return names


def _customer_part(invoice: dict, lang: Lang) -> tuple[list[str], list[str], list[str],
                                                        str | None]:
    bill = [x for x in (invoice["customer_name"], *address_lines(invoice["customer_address"]),
                        invoice["customer_email"], invoice["customer_phone"]) if x]
    shipping = invoice["customer_shipping"]
    ship = [x for x in (shipping.get("name"), *address_lines(shipping.get("address")))
            if x] if shipping else []
    tax_ids = [f"{TAX_ID_LABELS.get(t['type'], t['type'].upper())} {t['value']}"
               for t in invoice["customer_tax_ids"] or ()]
    note = {"exempt": lang["tax_exempt"], "reverse": lang["reverse_charge"]}.get(
        invoice["customer_tax_exempt"] or "none")
    return bill, ship, tax_ids, note


def _seller(account: Account) -> tuple[branding_of.Branding, list[str]]:
    brand = branding_of.of(account)
    return brand, [brand.business_name, *address_lines(brand.address)]


def invoice_view(account: Account, invoice: dict) -> View:
    customer = account.collections["customer"].get(invoice["customer"]) or {}
    lang = choose(customer.get("preferred_locales"))
    money = lambda amount: lang.money(amount, invoice["currency"])  # noqa: E731
    rates = _rates(account)
    lines, _ = rules.lines_of(account, invoice)
    rows = []
    for line in lines:
        unit = line["pricing"]["unit_amount_decimal"] if line.get("pricing") else None
        tax = ", ".join(lang.percent(rates[t["tax_rate_details"]["tax_rate"]]["percentage"])
                        for t in line["taxes"] if t["tax_rate_details"]["tax_rate"] in rates)
        rows.append(Row(line["description"] or "", lang.number(line["quantity"] or 1),
                        money(Decimal(unit)) if unit is not None else "", tax,
                        money(line["amount"])))
    names = _discount_names(account, [d["discount"] for d in
                                      invoice["total_discount_amounts"] or ()])
    totals: list[tuple[str, str, bool]] = [(lang["subtotal"], money(invoice["subtotal"]),
                                            False)]
    for discount in invoice["total_discount_amounts"] or ():
        totals.append((f"{lang['discount']} ({names.get(discount['discount'], '')})",
                       "-" + money(discount["amount"]), False))
    if invoice["total_taxes"]:
        totals.append((lang["total_excluding_tax"], money(invoice["total_excluding_tax"]),
                       False))
    for tax in invoice["total_taxes"] or ():
        rate = rates.get(tax["tax_rate_details"]["tax_rate"])
        totals.append((_rate_label(lang, rate) + f" · {money(tax['taxable_amount'])}",
                       money(tax["amount"]), False))
    totals.append((lang["total"], money(invoice["total"]), True))
    applied = (invoice["starting_balance"] or 0) - (invoice["ending_balance"] or 0) \
        if invoice["ending_balance"] is not None else 0
    if applied:
        totals.append((lang["credit_applied"], "-" + money(applied), False))
    if invoice["pre_payment_credit_notes_amount"]:
        totals.append((lang["pre_payment_credit"],
                       "-" + money(invoice["pre_payment_credit_notes_amount"]), False))
    if invoice["amount_paid"]:
        totals.append((lang["amount_paid"], money(invoice["amount_paid"]), False))
    totals.append((lang["amount_due"], money(invoice["amount_remaining"]), True))
    issued = invoice["status_transitions"]["finalized_at"] or invoice["created"]
    facts = [(lang["number"], invoice["number"] or invoice["id"]),
             (lang["date_issued"], lang.date(issued))]
    if invoice["due_date"]:
        facts.append((lang["date_due"], lang.date(invoice["due_date"])))
    if invoice["status_transitions"]["paid_at"]:
        facts.append((lang["date_paid"], lang.date(invoice["status_transitions"]["paid_at"])))
    bill, ship, tax_ids, note = _customer_part(invoice, lang)
    brand, seller = _seller(account)
    headline = f"{money(invoice['amount_remaining'])}"
    if invoice["due_date"] and invoice["status"] == "open":
        headline += f" · {lang['date_due']} {lang.date(invoice['due_date'])}"
    return View("invoice", lang, lang["invoice"], invoice["number"] or invoice["id"],
                invoice["status"], lang["status_" + invoice["status"]], seller,
                brand.support_email, brand.primary_color, brand.logo_bytes(), brand.logo,
                bill, ship, tax_ids, note, facts, rows, totals,
                [(f["name"], f["value"]) for f in invoice["custom_fields"] or ()],
                invoice["footer"], invoice["description"], headline)


def credit_note_view(account: Account, note: dict, lines: list[dict]) -> View:
    invoice = account.collections[rules.KIND].objects[note["invoice"]]
    customer = account.collections["customer"].get(note["customer"]) or {}
    lang = choose(customer.get("preferred_locales"))
    money = lambda amount: lang.money(amount, note["currency"])  # noqa: E731
    rates = _rates(account)
    rows = [Row(line["description"] or "", lang.number(line["quantity"])
                if line["quantity"] is not None else "",
                money(line["unit_amount"]) if line["unit_amount"] is not None else "",
                ", ".join(lang.percent(r["percentage"]) for r in line["tax_rates"]),
                money(line["amount"])) for line in lines]
    totals: list[tuple[str, str, bool]] = [(lang["subtotal"], money(note["subtotal"]), False)]
    if note["discount_amount"]:
        totals.append((lang["discount"], "-" + money(note["discount_amount"]), False))
    for tax in note["total_taxes"] or ():
        rate = rates.get(tax["tax_rate_details"]["tax_rate"])
        totals.append((_rate_label(lang, rate), money(tax["amount"]), False))
    totals.append((lang["total"], money(note["total"]), True))
    refunded = sum(r["amount_refunded"] for r in note["refunds"])
    for label, amount in ((lang["refunded"], refunded),
                          (lang["credited"], note["total"] - refunded
                           - (note["out_of_band_amount"] or 0) - note["pre_payment_amount"]
                           if note["customer_balance_transaction"] else 0),
                          (lang["out_of_band"], note["out_of_band_amount"] or 0)):
        if amount:
            totals.append((label, money(amount), False))
    facts = [(lang["credit_note_number"], note["number"]),
             (lang["invoice_for"], invoice["number"] or invoice["id"]),
             (lang["date_issued"], lang.date(note["effective_at"] or note["created"]))]
    if note["reason"]:
        facts.append((lang["reason"], note["reason"].replace("_", " ")))
    bill, ship, tax_ids, tax_note = _customer_part(invoice, lang)
    brand, seller = _seller(account)
    return View("credit_note", lang, lang["credit_note"], note["number"], note["status"],
                lang["status_void"] if note["status"] == "void" else lang["status_issued"],
                seller, brand.support_email, brand.primary_color, brand.logo_bytes(),
                brand.logo, bill, ship, tax_ids, tax_note, facts, rows, totals,
                memo=note["memo"], headline=money(note["total"]))


def as_dict(view: View) -> dict[str, Any]:
    """For templates: the view's fields (and its words through `t`)."""
    return {**view.__dict__, "t": view.lang}
