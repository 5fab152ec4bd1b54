"""A charge's receipt as an HTML page (what `receipt_url` shows): kept up to date with the
charge, refunds included; an invoice's payment is styled as the invoice's receipt. In the
customer's language, with the billing address."""

from __future__ import annotations

from html import escape

from .branding import Branding
from .locales import choose
from .views import address_lines

_STYLE = """
body{font-family:-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;background:#f6f9fc;
color:#1a1f36;margin:0;padding:40px 16px}
main{max-width:480px;margin:auto;background:#fff;border-radius:8px;padding:32px;
box-shadow:0 2px 8px rgba(50,50,93,.12)}
h1{font-size:20px;margin:0 0 4px}.muted{color:#697386;font-size:14px}
.amount{font-size:32px;font-weight:600;margin:16px 0}
table{width:100%;border-collapse:collapse;font-size:14px;margin-top:16px}
td{padding:8px 0;border-top:1px solid #e3e8ee}td.r{text-align:right}
.failed{color:#df1b41}.refund{color:#697386}
"""


def _row(label: str, value: str, cls: str = "") -> str:
    return (f'<tr class="{cls}"><td>{escape(label)}</td>'
            f'<td class="r">{escape(value)}</td></tr>')


def _address(charge: dict, customer: dict | None) -> list[str]:
    details = charge["billing_details"] or {}
    address = details.get("address") or {}
    if not any(address.values()):  # the card had none: the customer's
        address = (customer or {}).get("address") or {}
    name = details.get("name") or (customer or {}).get("name")
    return [x for x in (name, *address_lines(address)) if x]


def render(charge: dict, brand: Branding, invoice: dict | None, refunds: list[dict],
           customer: dict | None = None) -> str:
    """The receipt page of `charge` (its `refunds`, newest first; the `invoice` it paid)."""
    lang = choose((customer or {}).get("preferred_locales"))
    currency = charge["currency"]
    money = lambda amount: lang.money(amount, currency)  # noqa: E731
    card = charge["payment_method_details"]["card"]
    rows = [_row(lang["date_paid"] if charge["paid"] else lang["date_issued"],
                 lang.date(charge["created"])),
            _row(lang["payment_method"], f"{card['brand'].title()} •••• {card['last4']}")]
    if charge["receipt_number"]:
        rows.insert(0, _row(lang["receipt_number"], charge["receipt_number"]))
    title = f"{lang['receipt']} · {brand.business_name}"
    if invoice is not None:
        title = f"{lang['receipt']} · {brand.business_name}, {lang['invoice']} " \
                f"{invoice['number'] or invoice['id']}"
        rows.insert(0, _row(lang["number"], invoice["number"] or invoice["id"]))
        for line in invoice["lines"]["data"]:
            rows.append(_row(line["description"] or "", money(line["amount"])))
    elif charge["description"]:
        rows.append(_row(charge["description"], money(charge["amount"])))
    for refund in refunds:
        rows.append(_row(f"{lang['refunded']}, {lang.date(refund['created'])}",
                         "\u2212" + money(refund["amount"]), "refund"))
    rows.append(_row(lang["amount_paid"],
                     money(charge["amount"] - charge["amount_refunded"])))
    status = "" if charge["paid"] else (
        f'<p class="failed">{escape(charge["failure_message"] or "")}</p>')
    billed = "".join(f"{escape(line)}<br>" for line in _address(charge, customer))
    return (f"<!doctype html><html lang={escape(lang.tag)}><head><meta charset=utf-8>"
            f"<meta name=viewport content='width=device-width'>"
            f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body><main>"
            f"<h1>{escape(title)}</h1><p class=muted>{escape(charge['id'])}</p>"
            f"<p class=amount>{escape(money(charge['amount']))}</p>{status}"
            f"<p class=muted id=billing>{billed}</p>"
            f"<table>{''.join(rows)}</table></main></body></html>")
