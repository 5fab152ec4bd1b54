"""Card payment methods through the SDK: test cards, attach / detach, declines, defaults."""

import re

import pytest
import stripe

SHAPE = {"id", "object", "allow_redisplay", "billing_details", "card", "created", "customer",
         "customer_account", "livemode", "metadata", "type"}
CARD_SHAPE = {"brand", "checks", "country", "display_brand", "exp_month", "exp_year",
              "fingerprint", "funding", "generated_from", "last4", "networks",
              "regulated_status", "three_d_secure_usage", "wallet"}


@pytest.fixture
def pms(client):
    return client.v1.payment_methods


async def test_create_from_a_card_number(pms):
    pm = await pms.create_async({"type": "card", "card": {
        "number": "4242424242424242", "exp_month": 12, "exp_year": 2034, "cvc": "123"},
        "billing_details": {"name": "Jenny Rosen", "address": {"country": "US"}},
        "metadata": {"k": "v"}})
    assert set(pm.to_dict()) == SHAPE and set(pm.card.to_dict()) == CARD_SHAPE
    assert re.fullmatch(r"pm_[A-Za-z0-9]{24}", pm.id)
    assert (pm.type, pm.customer, pm.allow_redisplay) == ("card", None, "unspecified")
    c = pm.card
    assert (c.brand, c.last4, c.exp_month, c.exp_year, c.funding, c.country) == (
        "visa", "4242", 12, 2034, "credit", "US")
    assert c.checks.cvc_check == "pass" and c.display_brand == "visa"
    assert c.networks.available == ["visa"]
    assert pm.billing_details.name == "Jenny Rosen"
    assert pm.billing_details.address.to_dict() == {
        "city": None, "country": "US", "line1": None, "line2": None, "postal_code": None,
        "state": None}
    assert pm.metadata.to_dict() == {"k": "v"}
    assert "number" not in str(pm.to_dict())
    assert (await pms.retrieve_async(pm.id)).to_dict() == pm.to_dict()


@pytest.mark.parametrize(("token", "brand", "last4", "funding", "display"), [
    ("tok_visa", "visa", "4242", "credit", "visa"),
    ("tok_visa_debit", "visa", "5556", "debit", "visa"),
    ("tok_mastercard", "mastercard", "4444", "credit", "mastercard"),
    ("tok_mastercard_prepaid", "mastercard", "5100", "prepaid", "mastercard"),
    ("tok_amex", "amex", "8431", "credit", "american_express"),
    ("tok_discover", "discover", "1117", "credit", "discover"),
    ("tok_diners", "diners", "0004", "credit", "diners_club"),
    ("tok_jcb", "jcb", "0505", "credit", "jcb"),
    ("tok_unionpay", "unionpay", "0005", "credit", "union_pay"),
])
async def test_create_from_test_tokens(pms, token, brand, last4, funding, display):
    pm = await pms.create_async({"type": "card", "card": {"token": token}})
    assert (pm.card.brand, pm.card.last4, pm.card.funding, pm.card.display_brand) == (
        brand, last4, funding, display)


async def test_same_card_same_fingerprint(pms):
    a = await pms.create_async({"type": "card", "card": {"token": "tok_visa"}})
    b = await pms.create_async({"type": "card", "card": {
        "number": "4242424242424242", "exp_month": 1, "exp_year": 2040}})
    m = await pms.create_async({"type": "card", "card": {"token": "tok_mastercard"}})
    assert a.card.fingerprint == b.card.fingerprint != m.card.fingerprint


@pytest.mark.parametrize(("card", "status", "code", "param"), [
    ({"number": "4242424242424241", "exp_month": 1, "exp_year": 2040}, 402, "incorrect_number",
     "card[number]"),
    ({"number": "4242424242424242", "exp_month": 13, "exp_year": 2040}, 402,
     "invalid_expiry_month", "card[exp_month]"),
    ({"number": "4242424242424242", "exp_month": 1, "exp_year": 2001}, 402,
     "invalid_expiry_year", "card[exp_year]"),
    ({"number": "4242424242424242", "exp_month": 1, "exp_year": 2040, "cvc": "12"}, 402,
     "invalid_cvc", "card[cvc]"),
    ({"number": "4242424242424242", "exp_month": 1}, 400, "parameter_missing",
     "card[exp_year]"),
    ({"token": "tok_nonsense"}, 400, "resource_missing", "card[token]"),
])
async def test_bad_card_details(pms, card, status, code, param):
    with pytest.raises(stripe.StripeError) as exc:
        await pms.create_async({"type": "card", "card": card})
    assert (exc.value.http_status, exc.value.code, exc.value.param) == (status, code, param)
    assert (await pms.list_async()).data == []


async def test_only_cards_are_emulated(pms):
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await pms.create_async({"type": "sepa_debit"})
    assert exc.value.code == "parameter_unsupported" and exc.value.param == "type"
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await pms.create_async({"type": "card", "sepa_debit": {"iban": "DE89"}})
    assert exc.value.code == "parameter_unsupported" and exc.value.param == "sepa_debit"


async def test_attach_a_test_payment_method_makes_a_new_one(customers, pms):
    c = await customers.create_async()
    pm = await pms.attach_async("pm_card_visa", {"customer": c.id})
    assert pm.id != "pm_card_visa" and pm.id.startswith("pm_")
    assert pm.customer == c.id and pm.card.last4 == "4242"
    again = await pms.attach_async("pm_card_visa", {"customer": c.id})
    assert again.id != pm.id
    listed = await client_list(customers, c.id)
    assert listed == [again.id, pm.id]


async def client_list(customers, customer_id):
    return [pm.id for pm in (await customers.payment_methods.list_async(customer_id)).data]


async def test_attach_detach_and_the_customers_methods(customers, client, pms):
    c = await customers.create_async()
    pm = await pms.create_async({"type": "card", "card": {"token": "tok_mastercard"}})
    attached = await pms.attach_async(pm.id, {"customer": c.id})
    assert attached.customer == c.id
    got = await client.v1.customers.payment_methods.retrieve_async(c.id, pm.id)
    assert got.id == pm.id
    page = await client.v1.customers.payment_methods.list_async(c.id, {"type": "card"})
    assert [x.id for x in page.data] == [pm.id]
    assert page.url == f"/v1/customers/{c.id}/payment_methods"
    assert [x.id for x in (await pms.list_async({"customer": c.id})).data] == [pm.id]
    detached = await pms.detach_async(pm.id)
    assert detached.customer is None
    assert await client_list(customers, c.id) == []
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await client.v1.customers.payment_methods.retrieve_async(c.id, pm.id)
    assert exc.value.http_status == 404


async def test_attach_refusals(customers, pms):
    a, b = await customers.create_async(), await customers.create_async()
    pm = await pms.attach_async("pm_card_visa", {"customer": a.id})
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await pms.attach_async(pm.id, {"customer": b.id})
    assert exc.value.user_message == (
        "The payment method you provided has already been attached to a customer.")
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await pms.attach_async("pm_nope", {"customer": a.id})
    # as recorded (2025-10-29.clover)
    assert (exc.value.http_status, exc.value.param) == (404, "payment_method")
    assert exc.value.user_message == (
        "No such PaymentMethod: 'pm_nope'; It's possible this PaymentMethod exists on one of "
        "your connected accounts, in which case you should retry this request on that "
        "connected account. Learn more at https://stripe.com/docs/connect/authentication")
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await pms.attach_async("pm_card_visa", {"customer": "cus_nope"})
    assert exc.value.param == "customer" and exc.value.code == "resource_missing"
    assert (await pms.retrieve_async(pm.id)).customer == a.id


async def test_detached_methods_cannot_be_used_again(customers, pms):
    c = await customers.create_async()
    pm = await pms.attach_async("pm_card_visa", {"customer": c.id})
    await pms.detach_async(pm.id)
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await pms.attach_async(pm.id, {"customer": c.id})
    assert "may not be used again" in exc.value.user_message
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await pms.detach_async(pm.id)
    assert "not attached to a customer" in exc.value.user_message


@pytest.mark.parametrize(("name", "code", "decline_code", "message"), [
    ("pm_card_visa_chargeDeclined", "card_declined", "generic_decline",
     "Your card was declined."),
    ("pm_card_chargeDeclined", "card_declined", "generic_decline", "Your card was declined."),
    ("pm_card_visa_chargeDeclinedInsufficientFunds", "card_declined", "insufficient_funds",
     "Your card has insufficient funds."),
    ("pm_card_visa_chargeDeclinedLostCard", "card_declined", "lost_card",
     "Your card was declined."),
    ("pm_card_visa_chargeDeclinedStolenCard", "card_declined", "stolen_card",
     "Your card was declined."),
    ("pm_card_chargeDeclinedExpiredCard", "expired_card", None, "Your card has expired."),
    ("pm_card_chargeDeclinedIncorrectCvc", "incorrect_cvc", None,
     "Your card's security code is incorrect."),
    ("pm_card_chargeDeclinedProcessingError", "processing_error", None,
     "An error occurred while processing your card. Try again in a little bit."),
    ("pm_card_visa_chargeDeclinedVelocityLimitExceeded", "card_declined",
     "card_velocity_exceeded", None),
])
async def test_decline_cards_fail_at_attach(customers, name, code, decline_code, message, pms):
    c = await customers.create_async()
    with pytest.raises(stripe.CardError) as exc:
        await pms.attach_async(name, {"customer": c.id})
    err = exc.value
    assert err.http_status == 402 and err.error.type == "card_error"
    assert err.code == code and err.error.decline_code == decline_code
    if message:
        assert err.user_message == message
    assert await client_list(customers, c.id) == []


async def test_a_raw_decline_card_number_creates_but_does_not_attach(customers, pms):
    c = await customers.create_async()
    pm = await pms.create_async({"type": "card", "card": {
        "number": "4000000000009995", "exp_month": 1, "exp_year": 2040}})
    with pytest.raises(stripe.CardError) as exc:
        await pms.attach_async(pm.id, {"customer": c.id})
    assert exc.value.error.decline_code == "insufficient_funds"
    assert (await pms.retrieve_async(pm.id)).customer is None


async def test_charge_customer_fail_card_attaches(customers, pms):
    c = await customers.create_async()
    pm = await pms.attach_async("pm_card_chargeCustomerFail", {"customer": c.id})
    assert pm.customer == c.id and pm.card.last4 == "0341"


async def test_update_billing_details_expiry_and_metadata(pms):
    pm = await pms.create_async({"type": "card", "card": {"token": "tok_visa"}})
    u = await pms.update_async(pm.id, {"billing_details": {"email": "a@b.co"},
                                       "card": {"exp_month": 3, "exp_year": 2041},
                                       "metadata": {"x": "1"}, "allow_redisplay": "always"})
    assert u.billing_details.email == "a@b.co" and u.billing_details.name is None
    assert (u.card.exp_month, u.card.exp_year) == (3, 2041)
    assert u.metadata.to_dict() == {"x": "1"} and u.allow_redisplay == "always"
    with pytest.raises(stripe.CardError) as exc:
        await pms.update_async(pm.id, {"card": {"exp_month": 13}})
    assert exc.value.code == "invalid_expiry_month"
    assert (await pms.retrieve_async(pm.id)).card.exp_month == 3


async def test_default_payment_method_must_be_attached_to_the_customer(customers, pms):
    a, b = await customers.create_async(), await customers.create_async()
    pm = await pms.attach_async("pm_card_visa", {"customer": a.id})
    u = await customers.update_async(a.id, {"invoice_settings": {"default_payment_method": pm.id}})
    assert u.invoice_settings.default_payment_method == pm.id
    expanded = await customers.retrieve_async(
        a.id, {"expand": ["invoice_settings.default_payment_method"]})
    assert expanded.invoice_settings.default_payment_method.card.last4 == "4242"
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await customers.update_async(b.id, {"invoice_settings": {"default_payment_method": pm.id}})
    assert exc.value.param == "invoice_settings[default_payment_method]"
    assert exc.value.user_message == (
        f"The customer does not have a payment method with the ID {pm.id}. The payment method "
        "must be attached to the customer.")
    with pytest.raises(stripe.InvalidRequestError) as exc:  # the literal test name is no method
        await customers.update_async(a.id, {"invoice_settings": {
            "default_payment_method": "pm_card_visa"}})
    assert exc.value.param == "invoice_settings[default_payment_method]"
    assert (await customers.retrieve_async(b.id)).invoice_settings.default_payment_method is None
    u = await customers.update_async(a.id, {"invoice_settings": {"default_payment_method": ""}})
    assert u.invoice_settings.default_payment_method is None


async def test_detaching_the_default_method_clears_it(customers, pms):
    c = await customers.create_async()
    pm = await pms.attach_async("pm_card_visa", {"customer": c.id})
    await customers.update_async(c.id, {"invoice_settings": {"default_payment_method": pm.id}})
    await pms.detach_async(pm.id)
    assert (await customers.retrieve_async(c.id)).invoice_settings.default_payment_method is None


async def test_payment_method_on_customer_create(customers, pms):
    pm = await pms.create_async({"type": "card", "card": {"token": "tok_amex"}})
    c = await customers.create_async({"payment_method": pm.id, "invoice_settings": {
        "default_payment_method": pm.id}})
    assert await client_list(customers, c.id) == [pm.id]
    assert c.invoice_settings.default_payment_method == pm.id
    d = await customers.create_async({"payment_method": "pm_card_visa"})
    [made] = (await customers.payment_methods.list_async(d.id)).data
    assert made.card.last4 == "4242" and made.id != "pm_card_visa"
    assert d.invoice_settings.default_payment_method is None  # attaching sets no default
    # Named the default by the same test name in the same request (as Stripe's own examples
    # do): the default is the method the name made.
    e = await customers.create_async({"payment_method": "pm_card_visa", "invoice_settings": {
        "default_payment_method": "pm_card_visa"}})
    [made] = (await customers.payment_methods.list_async(e.id)).data
    assert e.invoice_settings.default_payment_method == made.id != "pm_card_visa"


async def test_payment_method_on_customer_create_refusals(customers, pms):
    with pytest.raises(stripe.CardError):
        await customers.create_async({"payment_method": "pm_card_visa_chargeDeclined"})
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await customers.create_async({"payment_method": "pm_nope"})
    assert exc.value.param == "payment_method" and exc.value.code == "resource_missing"
    assert (await customers.list_async()).data == []
    assert (await pms.list_async()).data == []  # nothing was made on the way


async def test_deleting_the_customer_detaches_its_methods(customers, pms):
    c = await customers.create_async()
    pm = await pms.attach_async("pm_card_visa", {"customer": c.id})
    await customers.delete_async(c.id)
    assert (await pms.retrieve_async(pm.id)).customer is None


async def test_list_filters(customers, pms):
    a = await pms.create_async({"type": "card", "card": {"token": "tok_visa"}})
    b = await pms.create_async({"type": "card", "card": {"token": "tok_visa"},
                                "allow_redisplay": "always"})
    assert [x.id for x in (await pms.list_async()).data] == [b.id, a.id]
    assert [x.id for x in (await pms.list_async({"allow_redisplay": "always"})).data] == [b.id]
    assert (await pms.list_async({"type": "sepa_debit"})).data == []
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await pms.list_async({"customer": "cus_nope"})
    assert exc.value.param == "customer"


async def test_retrieving_a_test_name_makes_a_method(pms):
    pm = await pms.retrieve_async("pm_card_mastercard")
    assert pm.id.startswith("pm_") and pm.id != "pm_card_mastercard"
    assert pm.card.brand == "mastercard" and pm.customer is None
    assert (await pms.retrieve_async(pm.id)).id == pm.id
