"""Unit tests of the invoice money math against hand-computed figures."""

from decimal import Decimal

from stripe_emulator.billing.money import (
    Rate,
    apply_balance,
    invoice_totals,
    line_amount,
    line_taxes,
    round_half_up,
)

EXCL_25 = Rate("txr_ex25", Decimal(25), False)
INCL_25 = Rate("txr_in25", Decimal(25), True)
INCL_10 = Rate("txr_in10", Decimal(10), True)


def test_round_half_up():
    assert round_half_up(Decimal("4.5")) == 5 and round_half_up(Decimal("4.4999")) == 4
    assert round_half_up(Decimal("-4.5")) == -5


def test_line_amount_with_decimal_unit_price():
    assert line_amount(Decimal("1099"), Decimal(3)) == 3297
    assert line_amount(Decimal("0.5"), Decimal(3)) == 2  # 1.5 rounds up
    assert line_amount(Decimal("33.333"), Decimal(3)) == 100


def test_exclusive_rate_adds_on_top():  # Stripe's guide: 5.00 at 25% exclusive
    line = line_taxes(500, [EXCL_25])
    assert (line.net, line.exclusive_tax, line.inclusive_tax, line.charged) == (500, 125, 0, 625)
    totals = invoice_totals([line])
    assert (totals.subtotal, totals.subtotal_excluding_tax, totals.total,
            totals.total_excluding_tax) == (500, 500, 625, 500)
    assert totals.total_taxes == (("txr_ex25", False, 125, 500, None),)


def test_inclusive_rate_is_carved_out():  # 5.00 at 25% inclusive: 1.00 of it is tax
    line = line_taxes(500, [INCL_25])
    assert (line.net, line.inclusive_tax, line.charged) == (400, 100, 500)
    totals = invoice_totals([line])
    assert (totals.subtotal, totals.subtotal_excluding_tax, totals.total,
            totals.total_excluding_tax) == (500, 400, 500, 400)
    assert totals.total_taxes == (("txr_in25", True, 100, 400, None),)


def test_inclusive_rounding_per_line():  # 22% inclusive on 25.00 -> 4.51 tax
    assert line_taxes(2500, [Rate("t", Decimal(22), True)]).inclusive_tax == 451
    # 10% inclusive on 1000.00 and 50.00: 90.91 + 4.55 (line-level rounding)
    a, b = line_taxes(100000, [INCL_10]), line_taxes(5000, [INCL_10])
    assert (a.inclusive_tax, b.inclusive_tax) == (9091, 455)


def test_two_lines_two_exclusive_rates():  # guide: 5.00 @5% + 10.00 @10% = 16.25
    lines = [line_taxes(500, [Rate("a", Decimal(5), False)]),
             line_taxes(1000, [Rate("b", Decimal(10), False)])]
    totals = invoice_totals(lines)
    assert (totals.subtotal, totals.total) == (1500, 1625)


def test_inclusive_and_exclusive_on_one_line():
    line = line_taxes(1100, [INCL_10, Rate("ex5", Decimal(5), False)])
    assert (line.net, line.inclusive_tax, line.exclusive_tax, line.charged) == (1000, 100, 50,
                                                                                 1150)


def test_exempt_customer_pays_no_tax():
    ex = line_taxes(500, [EXCL_25], "exempt")
    assert (ex.exclusive_tax, ex.charged) == (0, 500)
    assert ex.taxes[0].exempt_reason == "customer_exempt" and ex.taxes[0].amount == 0
    inc = line_taxes(10000, [INCL_10], "reverse")  # 100.00 at 10% inclusive -> pays 90.91
    assert (inc.net, inc.inclusive_tax, inc.charged) == (9091, 0, 9091)
    totals = invoice_totals([inc])
    assert (totals.subtotal, totals.total, totals.total_excluding_tax) == (10000, 9091, 9091)
    assert totals.total_taxes[0][4] == "reverse_charge"


def test_zero_decimal_amounts_are_whole_units():  # 1000 JPY at 10% exclusive
    line = line_taxes(1000, [Rate("jp", Decimal(10), False)])
    assert line.charged == 1100
    assert line_taxes(999, [Rate("jp", Decimal(10), False)]).exclusive_tax == 100  # 99.9


def test_apply_balance():
    assert apply_balance(1200, -300) == (-300, 0, 900)  # partial credit
    assert apply_balance(1200, -5000) == (-5000, -3800, 0)  # credit covers it all
    assert apply_balance(1200, 0) == (0, 0, 1200)
    assert apply_balance(1200, 250) == (250, 0, 1450)  # amount owed is added
    assert apply_balance(-400, -100) == (-100, -500, 0)  # a negative total becomes credit
    for total, balance in ((1200, -300), (1200, -5000), (1200, 250), (-400, -100), (0, -50)):
        r = apply_balance(total, balance)
        assert r.amount_due == total + r.starting_balance - r.ending_balance >= 0
