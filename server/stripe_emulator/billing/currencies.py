"""The currencies Stripe accepts, and how many decimals each one's smallest unit has."""

from __future__ import annotations

# Stripe's supported presentment currencies (ISO 4217, lower case).
SUPPORTED = frozenset((
    "usd", "aed", "afn", "all", "amd", "ang", "aoa", "ars", "aud", "awg", "azn", "bam",
    "bbd", "bdt", "bgn", "bhd", "bif", "bmd", "bnd", "bob", "brl", "bsd", "bwp", "byn",
    "bzd", "cad", "cdf", "chf", "clp", "cny", "cop", "crc", "cve", "czk", "djf", "dkk",
    "dop", "dzd", "egp", "etb", "eur", "fjd", "fkp", "gbp", "gel", "gip", "gmd", "gnf",
    "gtq", "gyd", "hkd", "hnl", "htg", "huf", "idr", "ils", "inr", "isk", "jmd", "jod",
    "jpy", "kes", "kgs", "khr", "kmf", "krw", "kwd", "kyd", "kzt", "lak", "lbp", "lkr",
    "lrd", "lsl", "mad", "mdl", "mga", "mkd", "mmk", "mnt", "mop", "mur", "mvr", "mwk",
    "mxn", "myr", "mzn", "nad", "ngn", "nio", "nok", "npr", "nzd", "omr", "pab", "pen",
    "pgk", "php", "pkr", "pln", "pyg", "qar", "ron", "rsd", "rub", "rwf", "sar", "sbd",
    "scr", "sek", "sgd", "shp", "sle", "sos", "srd", "std", "szl", "thb", "tjs", "tnd",
    "top", "try", "ttd", "twd", "tzs", "uah", "ugx", "uyu", "uzs", "vnd", "vuv", "wst",
    "xaf", "xcd", "xof", "xpf", "yer", "zar", "zmw",
))

# Amounts in these are whole units: 500 JPY is `amount=500`, not 50000.
ZERO_DECIMAL = frozenset((
    "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd",
    "vuv", "xaf", "xof", "xpf",
))
# And in these the smallest unit is a thousandth.
THREE_DECIMAL = frozenset(["bhd", "jod", "kwd", "omr", "tnd"])

ACCOUNT_DEFAULT = "usd"  # the emulated account's default currency


def decimals(currency: str) -> int:
    """Digits after the decimal point in `currency`'s smallest unit (0, 2 or 3)."""
    if currency in ZERO_DECIMAL:
        return 0
    return 3 if currency in THREE_DECIMAL else 2


def is_zero_decimal(currency: str) -> bool:
    return currency in ZERO_DECIMAL


_SYMBOLS = {"usd": "$", "eur": "€", "gbp": "£", "jpy": "¥", "cad": "CA$", "aud": "A$"}


def display(amount: int, currency: str) -> str:
    """`1500 usd` -> `$15.00`, as Stripe writes amounts in line descriptions (`-$15.00` below
    zero: the sign before the symbol)."""
    places = decimals(currency)
    text = f"{abs(amount) / 10 ** places:,.{places}f}"
    sign = "-" if amount < 0 else ""
    symbol = _SYMBOLS.get(currency)
    return f"{sign}{symbol}{text}" if symbol else f"{sign}{text} {currency.upper()}"
