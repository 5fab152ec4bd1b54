"""The discount math alone (billing/discounts.py): own discounts before the invoice's, each
taking from what the previous left, amounts off shared in proportion and summing exactly."""

from decimal import Decimal

from stripe_emulator.billing import money
from stripe_emulator.billing.discounts import Discount, Line, apply, share, totals_by_discount


def pct(n: str, name: str = "p") -> Discount:
    return Discount(name, percent_off=Decimal(n))


def off(n: int, name: str = "a") -> Discount:
    return Discount(name, amount_off=n)


def test_order_matters_between_percent_and_amount():
    line = [Line(10000)]
    assert totals_by_discount(apply(line, [pct("20"), off(500)])) == [("p", 2000), ("a", 500)]
    assert totals_by_discount(apply(line, [off(500), pct("20")])) == [("a", 500), ("p", 1900)]


def test_amount_off_is_shared_in_proportion_and_capped():
    taken = apply([Line(3000), Line(2000)], [off(1000)])
    assert [t.shared for t in taken] == [(("a", 600),), (("a", 400),)]
    capped = apply([Line(3000), Line(2000)], [off(7000)])
    assert [t.total for t in capped] == [3000, 2000]


def test_shares_always_sum_to_the_amount():
    for amount in range(0, 200):
        parts = share(amount, [333, 333, 334])
        assert sum(parts) == amount and max(parts) - min(parts) <= 1
    assert share(1, [1, 1]) == [1, 0]  # a tie goes to the earlier line
    assert share(5, [0, 0]) == [0, 0]


def test_own_discounts_come_first_and_non_discountable_lines_are_left_alone():
    lines = [Line(3000, discounts=(pct("10", "own"),)), Line(2000, discountable=False)]
    taken = apply(lines, [pct("10", "inv")])
    assert taken[0].own == (("own", 300),) and taken[0].shared == (("inv", 270),)
    assert taken[1].total == 0


def test_a_coupon_for_some_products_only():
    gold = Discount("g", percent_off=Decimal(50), products=frozenset({"prod_gold"}))
    taken = apply([Line(1000, product="prod_gold"), Line(1000, product="prod_other")], [gold])
    assert [t.total for t in taken] == [500, 0]


def test_tax_is_on_the_discounted_amount():
    rate = money.Rate("txr", Decimal(20), False)
    [a, b] = apply([Line(3000), Line(2000)], [pct("10")])
    taxed = [money.line_taxes(3000 - a.total, [rate]), money.line_taxes(2000 - b.total, [rate])]
    totals = money.invoice_totals(taxed, [money.line_taxes(3000, [rate]),
                                          money.line_taxes(2000, [rate])])
    assert (totals.subtotal, totals.total_excluding_tax, totals.total) == (5000, 4500, 5400)
    assert totals.total_taxes == (("txr", False, 900, 4500, None),)


def test_settled_amounts_stand_and_the_invoice_discounts_pass_them_by():
    credit = Line(-500, False, fixed=(("p", -250),))
    own_settled = Line(1000, False, fixed=(("item", 100),))
    taken = apply([credit, own_settled, Line(2000)], [pct("50")])
    assert taken[0] == ((), (("p", -250),))  # the invoice's discount, as settled
    assert taken[1] == ((("item", 100),), ())  # an item's own, as settled
    assert taken[2].shared == (("p", 1000),)  # only the open line takes the percent
    assert totals_by_discount(taken) == [("p", 750), ("item", 100)]
