"""Unit tests of the currency table."""

from stripe_emulator.billing.currencies import SUPPORTED, decimals, display, is_zero_decimal


def test_decimals():
    assert decimals("usd") == 2 and decimals("eur") == 2
    assert decimals("jpy") == 0 and decimals("krw") == 0 and is_zero_decimal("clp")
    assert decimals("kwd") == 3 and decimals("bhd") == 3
    assert not is_zero_decimal("usd")


def test_table_is_lower_case_iso_codes():
    assert all(len(c) == 3 and c.islower() for c in SUPPORTED)
    assert {"usd", "eur", "gbp", "jpy", "cad", "aud"} <= SUPPORTED


def test_amounts_are_written_with_the_sign_before_the_symbol():
    assert display(20_500, "usd") == "$205.00"
    assert display(-20_500, "usd") == "-$205.00"
    assert display(-1500, "jpy") == "-¥1,500"
    assert display(-250, "chf") == "-2.50 CHF"
