"""A credit note as its params make it, before anything is stored (create and preview both
start here): its lines (credits of invoice lines, by quantity or amount, or custom lines),
their discounts and taxes, its totals, and its split into what reduces the invoice's amount
due (pre-payment) and what was already paid (post-payment: refunded, credited to the
customer's balance or settled outside Stripe, which must add up to it exactly)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ... import messages as M
from ...billing import money
from ...billing.money import round_half_up
from ...errors import InvalidRequestError, no_such
from ...store.memory import Account
from .. import tax_rates
from ..invoices import rules
from .declared import CREDIT_NOTES, KIND, LINES

CREDITABLE = ("open", "paid", "uncollectible")


def issued_of(account: Account, invoice_id: str) -> list[dict]:
    """The invoice's credit notes (void ones too), oldest first."""
    coll = account.collections[KIND]
    return [coll.objects[i] for i in coll.indexes["invoice"].ids(invoice_id)]


def lines_of(account: Account, credit_note_id: str) -> list[dict]:
    record = account.record(LINES, credit_note_id)
    return record["lines"] if record is not None else []


def _credited(account: Account, invoice_id: str) -> dict[str, tuple[int, int]]:
    """Per invoice line: (quantity, amount) already credited by issued credit notes."""
    out: dict[str, tuple[int, int]] = {}
    for note in issued_of(account, invoice_id):
        if note["status"] == "void":
            continue
        for line in lines_of(account, note["id"]):
            if line["type"] == "invoice_line_item":
                q, a = out.get(line["invoice_line_item"], (0, 0))
                out[line["invoice_line_item"]] = (q + (line["quantity"] or 0),
                                                  a + line["amount"])
    return out


def _rates_of(account: Account, line: dict) -> list[dict]:
    coll = account.collections["tax_rate"]
    ids = dict.fromkeys(t["tax_rate_details"]["tax_rate"] for t in line["taxes"])
    return [coll.objects[i] for i in ids if i in coll.objects]


def _as_money_rates(rates: list[dict]) -> list[money.Rate]:
    return [money.Rate(r["id"], Decimal(str(r["percentage"])), r["inclusive"]) for r in rates]


class _Line:
    """A credit note line being worked out: its gross amount, discounts and taxes."""

    def __init__(self, spec: dict, amount: int, rates: list[dict], exempt: str,
                 discounts: list[tuple[str, int]], quantity: int | None,
                 unit: Decimal | None, description: str | None) -> None:
        self.spec, self.amount, self.rates, self.quantity, self.unit = \
            spec, amount, rates, quantity, unit
        self.description = description
        self.discounts = discounts
        self.discount = sum(a for _, a in discounts)
        self.taxed = money.line_taxes(amount - self.discount, _as_money_rates(rates), exempt)
        self.before = money.line_taxes(amount, _as_money_rates(rates), exempt)

    def obj(self, account: Account) -> dict:
        spec = self.spec
        out = {
            "id": account.new_id(LINES, "cnli"),
            "object": "credit_note_line_item",
            "amount": self.amount,
            "description": self.description,
            "discount_amount": self.discount,
            "discount_amounts": [{"amount": a, "discount": d} for d, a in self.discounts],
            "livemode": account.livemode,
            "metadata": {k: v for k, v in spec.get("metadata", {}).items() if v is not None},
            "pretax_credit_amounts": [{"amount": a, "discount": d, "type": "discount"}
                                      for d, a in self.discounts],
            "quantity": self.quantity,
            "tax_rates": self.rates,
            "taxes": rules.tax_entries(self.taxed.taxes),
            "type": spec["type"],
            "unit_amount": None if self.unit is None or self.unit != int(self.unit)
            else int(self.unit),
            "unit_amount_decimal": None if self.unit is None else money.decimal_string(
                self.unit),
        }
        if spec["type"] == "invoice_line_item":
            out["invoice_line_item"] = spec["invoice_line_item"]
        return out


def _invoice_line(account: Account, invoice: dict, by_id: dict[str, dict],
                  credited: dict[str, tuple[int, int]], spec: dict, at: str) -> _Line:
    if "invoice_line_item" not in spec:
        raise InvalidRequestError(M.MISSING_PARAM.format(param=f"{at}[invoice_line_item]"),
                                  code="parameter_missing", param=f"{at}[invoice_line_item]")
    line = by_id.get(spec["invoice_line_item"])
    if line is None:
        raise no_such("line item", spec["invoice_line_item"], f"{at}[invoice_line_item]", 400)
    if "quantity" in spec and "amount" in spec:
        raise InvalidRequestError(M.EXCLUSIVE_PARAMS.format(params="quantity, amount"),
                                  code="parameters_exclusive", param=f"{at}[amount]")
    done_q, done_a = credited.get(line["id"], (0, 0))
    unit = Decimal(line["pricing"]["unit_amount_decimal"]) if line.get("pricing") else None
    if "quantity" in spec:
        quantity = spec["quantity"]
        if quantity > (line["quantity"] or 0) - done_q:
            raise InvalidRequestError(M.CREDIT_NOTE_QUANTITY.format(
                line=line["id"], left=(line["quantity"] or 0) - done_q), param=f"{at}[quantity]")
        amount = money.line_amount(unit, Decimal(quantity)) if unit is not None else \
            round_half_up(Decimal(line["amount"]) * quantity / max(line["quantity"] or 1, 1))
    elif "amount" in spec:
        quantity, unit = None, None
        amount = spec["amount"]
        if abs(amount) > abs(line["amount"] - done_a):
            raise InvalidRequestError(M.CREDIT_NOTE_LINE_AMOUNT.format(
                line=line["id"], left=line["amount"] - done_a), param=f"{at}[amount]")
    else:
        raise InvalidRequestError(M.CREDIT_NOTE_QUANTITY_OR_AMOUNT, param=at)
    # the line's discounts are credited in proportion ("the credit note line's discount")
    discounts = [(d["discount"], round_half_up(Decimal(d["amount"]) * amount / line["amount"]))
                 for d in line["discount_amounts"]] if line["amount"] else []
    return _Line(spec, amount, _rates_of(account, line),
                 invoice["customer_tax_exempt"] or "none", discounts, quantity, unit,
                 line["description"])


def _custom_line(account: Account, invoice: dict, spec: dict, at: str) -> _Line:
    if "amount" in spec:
        raise InvalidRequestError(M.CREDIT_NOTE_CUSTOM_AMOUNT, param=f"{at}[amount]")
    if "unit_amount" in spec and "unit_amount_decimal" in spec:
        raise InvalidRequestError(M.EXCLUSIVE_PARAMS.format(
            params="unit_amount, unit_amount_decimal"), code="parameters_exclusive",
            param=f"{at}[unit_amount_decimal]")
    if "unit_amount" not in spec and "unit_amount_decimal" not in spec:
        raise InvalidRequestError(M.MISSING_PARAM.format(param=f"{at}[unit_amount]"),
                                  code="parameter_missing", param=f"{at}[unit_amount]")
    unit = Decimal(spec["unit_amount"]) if "unit_amount" in spec else spec[
        "unit_amount_decimal"]
    quantity = spec.get("quantity", 1)
    rates = tax_rates.resolve(account, spec.get("tax_rates") or [], f"{at}[tax_rates]")
    return _Line(spec, money.line_amount(unit, Decimal(quantity)), rates,
                 invoice["customer_tax_exempt"] or "none", [], quantity, unit,
                 spec.get("description"))


def invoice_of(account: Account, invoice_id: str) -> dict:
    invoice = account.collections[rules.KIND].get(invoice_id)
    if invoice is None:
        raise no_such("invoice", invoice_id, "invoice", 400)
    if invoice["status"] not in CREDITABLE:
        raise InvalidRequestError(M.CREDIT_NOTE_INVOICE_STATE.format(
            id=invoice_id, status=invoice["status"]), param="invoice")
    return invoice


def plan(account: Account, p: dict[str, Any], now: int) -> tuple[dict, list[dict], dict]:
    """The credit note `p` describes (not stored), its lines, and its invoice."""
    invoice = invoice_of(account, p["invoice"])
    if "lines" not in p and "amount" not in p:
        raise InvalidRequestError(M.CREDIT_NOTE_NEEDS_AMOUNT)
    worked: list[_Line] = []
    if p.get("lines"):
        by_id = {line["id"]: line for line in rules.lines_of(account, invoice)[0]}
        credited = _credited(account, invoice["id"])
        for i, spec in enumerate(p["lines"]):
            at = f"lines[{i}]"
            worked.append(_invoice_line(account, invoice, by_id, credited, spec, at)
                          if spec["type"] == "invoice_line_item"
                          else _custom_line(account, invoice, spec, at))
    if worked:
        totals = money.invoice_totals([w.taxed for w in worked], [w.before for w in worked])
        subtotal, total = totals.subtotal, totals.total
        subtotal_ex, total_ex = totals.subtotal_excluding_tax, totals.total_excluding_tax
        total_taxes = rules.tax_entries(totals.total_taxes)
        if "amount" in p and p["amount"] != total:
            raise InvalidRequestError(M.CREDIT_NOTE_AMOUNT_MISMATCH.format(total=total),
                                      param="amount")
    else:
        subtotal = total = subtotal_ex = total_ex = p["amount"]
        total_taxes = []
    if total <= 0:
        raise InvalidRequestError(M.CREDIT_NOTE_NOT_POSITIVE, param="lines")
    already = sum(n["total"] for n in issued_of(account, invoice["id"])
                  if n["status"] != "void")
    if total > invoice["total"] - already:
        raise InvalidRequestError(M.CREDIT_NOTE_TOO_MUCH.format(
            left=invoice["total"] - already), param="amount" if not worked else "lines")
    pre = min(total, invoice["amount_remaining"]) if invoice["status"] != "paid" else 0
    post = total - pre
    linked = [{"amount_refunded": r["amount_refunded"], "refund": r["refund"],
               "payment_record_refund": None, "type": "refund"}
              for r in p.get("refunds", ())]
    covered = sum(p.get(k, 0) for k in ("refund_amount", "credit_amount",
                                        "out_of_band_amount")) \
        + sum(r["amount_refunded"] for r in linked)
    if covered != post:
        raise InvalidRequestError(M.CREDIT_NOTE_POST_SUM.format(post=post, covered=covered),
                                  param="refund_amount" if post else "amount")
    lines = [w.obj(account) for w in worked]
    discount_amounts = rules.sum_by_discount(d for line in lines for d in line["discount_amounts"])
    note_id = CREDIT_NOTES.new_id(account)
    sequence = len(issued_of(account, invoice["id"])) + 1
    note = {
        "id": note_id,
        "object": "credit_note",
        "amount": total,
        "amount_shipping": 0,
        "created": now,
        "currency": invoice["currency"],
        "customer": invoice["customer"],
        "customer_account": None,
        "customer_balance_transaction": None,
        "discount_amount": sum(d["amount"] for d in discount_amounts),
        "discount_amounts": discount_amounts,
        "effective_at": p.get("effective_at", now),
        "invoice": invoice["id"],
        "lines": {"object": "list", "data": lines[:rules.LINES_SHOWN],
                  "has_more": len(lines) > rules.LINES_SHOWN,
                  "url": f"/v1/credit_notes/{note_id}/lines"},
        "livemode": account.livemode,
        "memo": p.get("memo"),
        "metadata": {k: v for k, v in p.get("metadata", {}).items() if v is not None},
        "number": f"{invoice['number']}-CN-{sequence:02d}",
        "out_of_band_amount": p.get("out_of_band_amount"),
        "pdf": "",  # set by the caller (a URL on this server)
        "post_payment_amount": post,
        "pre_payment_amount": pre,
        "pretax_credit_amounts": [{"amount": d["amount"], "discount": d["discount"],
                                   "type": "discount"} for d in discount_amounts],
        "reason": p.get("reason"),
        "refunds": linked,
        "shipping_cost": None,
        "status": "issued",
        "subtotal": subtotal,
        "subtotal_excluding_tax": subtotal_ex,
        "total": total,
        "total_excluding_tax": total_ex,
        "total_taxes": total_taxes,
        "type": "mixed" if pre and post else ("post_payment" if post else "pre_payment"),
        "voided_at": None,
    }
    return note, lines, invoice
