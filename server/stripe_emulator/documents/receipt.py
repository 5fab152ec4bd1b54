"""A charge's receipt as an HTML page (what `receipt_url` shows): kept up to date with the
charge, refunds included; an invoice's payment is styled as the invoice's receipt."""

from __future__ import annotations

import time
from html import escape

from ..billing.currencies import display

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


def _date(ts: int) -> str:
    t = time.gmtime(ts)
    return f"{time.strftime('%B', t)} {t.tm_mday}, {t.tm_year}"


def _row(label: str, value: str, cls: str = "") -> str:
    return (f'<tr class="{cls}"><td>{escape(label)}</td>'
            f'<td class="r">{escape(value)}</td></tr>')


def render(charge: dict, merchant: str, invoice: dict | None, refunds: list[dict]) -> str:
    """The receipt page of `charge` (its `refunds`, newest first; the `invoice` it paid)."""
    currency = charge["currency"]
    card = charge["payment_method_details"]["card"]
    rows = [_row("Date paid" if charge["paid"] else "Date", _date(charge["created"])),
            _row("Payment method", f"{card['brand'].title()} •••• {card['last4']}")]
    if charge["receipt_number"]:
        rows.insert(0, _row("Receipt number", charge["receipt_number"]))
    title = f"Receipt from {merchant}"
    if invoice is not None:
        title = f"Receipt from {merchant}, invoice {invoice['number'] or invoice['id']}"
        rows.insert(0, _row("Invoice number", invoice["number"] or invoice["id"]))
        for line in invoice["lines"]["data"]:
            rows.append(_row(line["description"] or "", display(line["amount"], currency)))
    elif charge["description"]:
        rows.append(_row(charge["description"], display(charge["amount"], currency)))
    for refund in refunds:
        rows.append(_row(f"Refund, {_date(refund['created'])}",
                         f"\u2212{display(refund['amount'], currency)}", "refund"))
    rows.append(_row("Amount paid" if charge["paid"] else "Amount",
                     display(charge["amount"] - charge["amount_refunded"], currency)))
    status = "" if charge["paid"] else (
        f'<p class="failed">Payment failed: {escape(charge["failure_message"] or "")}</p>')
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8>"
            f"<meta name=viewport content='width=device-width'>"
            f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body><main>"
            f"<h1>{escape(title)}</h1><p class=muted>{escape(charge['id'])}</p>"
            f"<p class=amount>{escape(display(charge['amount'], currency))}</p>{status}"
            f"<table>{''.join(rows)}</table></main></body></html>")
