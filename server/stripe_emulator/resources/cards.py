"""Cards: Stripe's test cards, their `pm_card_*` / `tok_*` names, and when each one fails.

A test card either works, declines when it is attached to a customer (Stripe's decline cards
"can't be attached to a Customer object") and whenever it is charged, or attaches fine and
declines when charged (`chargeCustomerFail`). Any other number that passes the Luhn check
works, with its brand read from its prefix.
"""

from __future__ import annotations

import hashlib
import re
from typing import NamedTuple

from .. import messages as M
from ..errors import CardError


class Decline(NamedTuple):
    code: str
    decline_code: str | None
    message: str

    def error(self, param: str | None = None) -> CardError:
        return CardError(self.message, code=self.code, param=param,
                         decline_code=self.decline_code)


DECLINED = Decline("card_declined", "generic_decline", M.CARD_DECLINED)
INSUFFICIENT = Decline("card_declined", "insufficient_funds", M.CARD_INSUFFICIENT_FUNDS)
LOST = Decline("card_declined", "lost_card", M.CARD_DECLINED)
STOLEN = Decline("card_declined", "stolen_card", M.CARD_DECLINED)
EXPIRED = Decline("expired_card", None, M.CARD_EXPIRED)
INCORRECT_CVC = Decline("incorrect_cvc", None, M.CARD_INCORRECT_CVC)
PROCESSING = Decline("processing_error", None, M.CARD_PROCESSING_ERROR)
VELOCITY = Decline("card_declined", "card_velocity_exceeded", M.CARD_VELOCITY_EXCEEDED)
INCORRECT_NUMBER = Decline("incorrect_number", None, M.CARD_INCORRECT_NUMBER)
AUTHENTICATION_REQUIRED = Decline("authentication_required", "authentication_required",
                                  M.CARD_AUTHENTICATION_REQUIRED)


class TestCard(NamedTuple):
    brand: str
    funding: str = "credit"
    country: str = "US"
    at_attach: Decline | None = None  # fails when attached (and whenever charged)
    at_charge: Decline | None = None  # attaches, fails when charged
    # When a payment needs 3D Secure first (`requires_action`): "always"; "unless_set_up"
    # (until a setup, itself authenticated, saved the card for later); "on_session" (off-session
    # payments pass as if set up); "" never. A setup authenticates whenever it is not "".
    authentication: str = ""
    after_authentication: Decline | None = None  # authenticates, then declines


CARDS: dict[str, TestCard] = {
    "4242424242424242": TestCard("visa"),
    "4000056655665556": TestCard("visa", "debit"),
    "5555555555554444": TestCard("mastercard"),
    "2223003122003222": TestCard("mastercard"),
    "5200828282828210": TestCard("mastercard", "debit"),
    "5105105105105100": TestCard("mastercard", "prepaid"),
    "378282246310005": TestCard("amex"),
    "371449635398431": TestCard("amex"),
    "6011111111111117": TestCard("discover"),
    "6011000990139424": TestCard("discover"),
    "6011981111111113": TestCard("discover", "debit"),
    "3056930009020004": TestCard("diners"),
    "36227206271667": TestCard("diners"),
    "3566002020360505": TestCard("jcb"),
    "6200000000000005": TestCard("unionpay"),
    "4000000000000002": TestCard("visa", at_attach=DECLINED),
    "4000000000009995": TestCard("visa", at_attach=INSUFFICIENT),
    "4000000000009987": TestCard("visa", at_attach=LOST),
    "4000000000009979": TestCard("visa", at_attach=STOLEN),
    "4000000000000069": TestCard("visa", at_attach=EXPIRED),
    "4000000000000127": TestCard("visa", at_attach=INCORRECT_CVC),
    "4000000000000119": TestCard("visa", at_attach=PROCESSING),
    "4000000000006975": TestCard("visa", at_attach=VELOCITY),
    "4000000000000341": TestCard("visa", at_charge=DECLINED),
    # 3D Secure (the Testing page's "Test 3D Secure authentication")
    "4000000000003220": TestCard("visa", country="IE", authentication="always"),
    "4000002760003184": TestCard("visa", country="DE", authentication="always"),
    "4000000000003055": TestCard("visa"),  # supported, not required: it just works
    "4000008400001629": TestCard("visa", authentication="always",
                                 after_authentication=DECLINED),
    "4000008400001280": TestCard("visa", at_charge=DECLINED),  # the 3DS lookup fails
    "4000002500003155": TestCard("visa", authentication="unless_set_up"),
    "4000003800000446": TestCard("visa", authentication="on_session"),
    "4000008260003178": TestCard("visa", country="DE", authentication="always",
                                 after_authentication=INSUFFICIENT),
}

# The names after `pm_card_` and `tok_`: each stands for one of the cards above.
NAMES: dict[str, str] = {
    "visa": "4242424242424242",
    "visa_debit": "4000056655665556",
    "mastercard": "5555555555554444",
    "mastercard_debit": "5200828282828210",
    "mastercard_prepaid": "5105105105105100",
    "amex": "371449635398431",
    "discover": "6011111111111117",
    "diners": "3056930009020004",
    "jcb": "3566002020360505",
    "unionpay": "6200000000000005",
    "visa_chargeDeclined": "4000000000000002",
    "visa_chargeDeclinedInsufficientFunds": "4000000000009995",
    "visa_chargeDeclinedLostCard": "4000000000009987",
    "visa_chargeDeclinedStolenCard": "4000000000009979",
    "chargeDeclinedExpiredCard": "4000000000000069",
    "chargeDeclinedIncorrectCvc": "4000000000000127",
    "chargeDeclinedProcessingError": "4000000000000119",
    "visa_chargeDeclinedVelocityLimitExceeded": "4000000000006975",
    "chargeCustomerFail": "4000000000000341",
    "threeDSecure2Required": "4000000000003220",
    "authenticationRequired": "4000002760003184",
    "threeDSecureOptional": "4000000000003055",
    "threeDSecureRequiredChargeDeclined": "4000008400001629",
    "threeDSecureRequiredProcessingError": "4000008400001280",
    "authenticationRequiredOnSetup": "4000002500003155",
    "authenticationRequiredSetupForOffSession": "4000003800000446",
    "authenticationRequiredChargeDeclinedInsufficientFunds": "4000008260003178",
    "amex_threeDSecureNotSupported": "378282246310005",
}
# Spellings integrations still use (without `visa_`, or with it where the page has none).
for _name in ("chargeDeclined", "chargeDeclinedInsufficientFunds", "chargeDeclinedLostCard",
              "chargeDeclinedStolenCard"):
    NAMES[_name] = NAMES["visa_" + _name]
for _name in ("chargeDeclinedExpiredCard", "chargeDeclinedIncorrectCvc",
              "chargeDeclinedProcessingError", "chargeCustomerFail"):
    NAMES["visa_" + _name] = NAMES[_name]

DISPLAY_BRAND = {"amex": "american_express", "diners": "diners_club", "unionpay": "union_pay"}

_BRAND_PREFIXES = (
    (r"4", "visa"), (r"5[1-5]|2(2[2-9]|[3-6]\d|7[01]|720)", "mastercard"), (r"3[47]", "amex"),
    (r"6011|65|64[4-9]", "discover"), (r"3(0[0-5]|[68])", "diners"), (r"35", "jcb"),
    (r"62", "unionpay"),
)


def luhn_ok(number: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def card_for(number: str) -> TestCard:
    """The test card behind `number`, or a working card of the brand its prefix names."""
    known = CARDS.get(number)
    if known is not None:
        return known
    if not (re.fullmatch(r"\d{12,19}", number) and luhn_ok(number)):
        raise INCORRECT_NUMBER.error("card[number]")
    brand = next((b for prefix, b in _BRAND_PREFIXES if re.match(prefix, number)), "unknown")
    return TestCard(brand)


def number_for_name(name: str) -> str | None:
    """`pm_card_visa` / `tok_visa` -> the card number it stands for."""
    for head in ("pm_card_", "tok_"):
        if name.startswith(head):
            return NAMES.get(name[len(head):])
    return None


def fingerprint(account_key: str, number: str) -> str:
    """The same card gives the same fingerprint within an account, as on Stripe."""
    return hashlib.sha256(f"{account_key}:{number}".encode()).hexdigest()[:16]
