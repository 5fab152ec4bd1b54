"""Invoice money math, as plain functions over integers in a currency's smallest unit.

Follows Stripe's tax-rates guide: exclusive tax is added on top of the taxable amount;
inclusive tax is carved out of the price (`amount - amount / (1 + rate)`); several inclusive
rates share one carved-out base; exclusive rates apply to the amount net of inclusive tax.
Taxes are rounded per line, half up (Stripe's "line item level" rounding, the default
assumed here). An `exempt` or `reverse` customer pays no tax: exclusive rates add nothing and
inclusive prices are charged net of the tax they contained.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

HUNDRED = Decimal(100)
# "The amount value supports up to eight digits" (Stripe's currencies guide), in any currency.
AMOUNT_MAX = 99_999_999


def round_half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def decimal_string(value: Decimal) -> str:
    """A decimal as Stripe writes it (`unit_amount_decimal`, `quantity_decimal`): no exponent,
    no trailing zeros."""
    return format(value.normalize(), "f")


def line_amount(unit_amount: Decimal, quantity: Decimal) -> int:
    """A line's amount: unit amount times quantity, rounded to the smallest unit."""
    return round_half_up(unit_amount * quantity)


class Rate(NamedTuple):
    id: str
    percentage: Decimal
    inclusive: bool


class LineTax(NamedTuple):
    rate_id: str
    inclusive: bool
    amount: int  # tax charged (0 when the customer is exempt)
    taxable_amount: int
    exempt_reason: str | None = None  # "customer_exempt" / "reverse_charge" when not charged


class LineTotals(NamedTuple):
    amount: int  # the line's price, tax included for inclusive rates
    net: int  # the price without any tax it contains
    exclusive_tax: int  # charged on top
    inclusive_tax: int  # charged within the price
    taxes: tuple[LineTax, ...] = ()

    @property
    def charged(self) -> int:
        """What the customer pays for this line."""
        return self.net + self.exclusive_tax + self.inclusive_tax


EXEMPT_REASONS = {"exempt": "customer_exempt", "reverse": "reverse_charge"}


def line_taxes(amount: int, rates: Sequence[Rate], tax_exempt: str = "none") -> LineTotals:
    """The taxes of one line of `amount` under `rates`, for a customer with `tax_exempt`."""
    inclusive = [r for r in rates if r.inclusive]
    exclusive = [r for r in rates if not r.inclusive]
    reason = EXEMPT_REASONS.get(tax_exempt)
    taxes: list[LineTax] = []
    carved = 0
    if inclusive:
        total_pct = sum((r.percentage for r in inclusive), Decimal(0))
        base = Decimal(amount) / (1 + total_pct / HUNDRED)
        parts = [round_half_up(base * r.percentage / HUNDRED) for r in inclusive]
        carved = sum(parts)
        taxable = amount - carved
        for rate, part in zip(inclusive, parts, strict=True):
            taxes.append(LineTax(rate.id, True, 0 if reason else part, taxable, reason))
    net = amount - carved
    exclusive_tax = 0
    for rate in exclusive:
        part = round_half_up(Decimal(net) * rate.percentage / HUNDRED)
        charged = 0 if reason else part
        exclusive_tax += charged
        taxes.append(LineTax(rate.id, False, charged, net, reason))
    inclusive_tax = 0 if reason else carved
    return LineTotals(amount, net, exclusive_tax, inclusive_tax, tuple(taxes))


class InvoiceTotals(NamedTuple):
    subtotal: int
    subtotal_excluding_tax: int
    total: int
    total_excluding_tax: int
    total_taxes: tuple[tuple[str, bool, int, int, str | None], ...]  # rate, inclusive, amount,
    # taxable amount, exempt reason; one per (rate, behaviour)


def invoice_totals(lines: Iterable[LineTotals],
                   undiscounted: Iterable[LineTotals] | None = None) -> InvoiceTotals:
    """Totals of taxed `lines` (taxed on what discounts left); `undiscounted`: the same lines
    before the invoice's discounts (after their own), which the subtotals show."""
    lines = list(lines)
    before = lines if undiscounted is None else list(undiscounted)
    subtotal = sum(line.amount for line in before)
    net_before = sum(line.net for line in before)
    net = sum(line.net for line in lines)
    total = sum(line.charged for line in lines)
    grouped: dict[tuple[str, bool], list[int]] = {}
    reasons: dict[tuple[str, bool], str | None] = {}
    for line in lines:
        for tax in line.taxes:
            key = (tax.rate_id, tax.inclusive)
            sums = grouped.setdefault(key, [0, 0])
            sums[0] += tax.amount
            sums[1] += tax.taxable_amount
            reasons[key] = tax.exempt_reason
    return InvoiceTotals(
        subtotal=subtotal,
        subtotal_excluding_tax=net_before,
        total=total,
        total_excluding_tax=net,
        total_taxes=tuple((rate, inc, s[0], s[1], reasons[(rate, inc)])
                          for (rate, inc), s in grouped.items()),
    )


class BalanceApplied(NamedTuple):
    starting_balance: int
    ending_balance: int
    amount_due: int


def apply_balance(total: int, balance: int) -> BalanceApplied:
    """The customer's balance (negative = credit) against an invoice of `total`.

    Credit covers as much of a positive total as it can; an amount owed (positive balance) is
    added to the invoice; a negative total becomes credit. `amount_due` is never negative and
    always `total + starting_balance - ending_balance`.
    """
    if total < 0:
        ending = balance + total
    elif balance < 0:
        ending = balance + min(-balance, total)
    else:
        ending = 0
    return BalanceApplied(balance, ending, total + balance - ending)
