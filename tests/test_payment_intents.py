"""PaymentIntents and charges through the SDK: confirm with Stripe's test cards (success,
declines, 3D Secure), manual capture, cancel, the refusals of the status machine, lists and
search."""

import pytest
import stripe


async def _customer(v1, **params):
    return await v1.customers.create_async({"email": "payer@example.com", **params})


async def test_confirm_with_a_card_succeeds_with_its_charge(v1):
    customer = await _customer(v1)
    intent = await v1.payment_intents.create_async({
        "amount": 2000, "currency": "usd", "customer": customer.id,
        "metadata": {"order": "6735"}, "receipt_email": "payer@example.com"})
    assert intent.status == "requires_payment_method" and intent.latest_charge is None
    assert intent.client_secret.startswith(intent.id + "_secret_")
    assert intent.payment_method_types == ["card"]
    paid = await v1.payment_intents.confirm_async(intent.id, {"payment_method": "pm_card_visa"})
    assert (paid.status, paid.amount_received, paid.amount_capturable) == ("succeeded", 2000, 0)
    charge = await v1.charges.retrieve_async(paid.latest_charge)
    assert (charge.status, charge.paid, charge.captured, charge.amount_captured) == (
        "succeeded", True, True, 2000)
    assert charge.payment_intent == intent.id and charge.customer == customer.id
    assert charge.metadata.to_dict() == {"order": "6735"}
    assert charge.receipt_email == "payer@example.com"
    assert charge.outcome.type == "authorized" and charge.outcome.network_status == \
        "approved_by_network"
    assert charge.payment_method_details.card.last4 == "4242"
    assert charge.receipt_url and charge.receipt_number is None
    types = [e.type for e in (await v1.events.list_async()).data]
    assert types[:3] == ["payment_intent.succeeded", "charge.succeeded",
                         "payment_intent.created"]
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.payment_intents.confirm_async(intent.id)
    assert exc.value.code == "payment_intent_unexpected_state"
    assert "already succeeded" in exc.value.user_message


async def test_a_decline_is_402_and_the_intent_can_be_retried(v1):
    intent = await v1.payment_intents.create_async({"amount": 1500, "currency": "usd",
                                                    "payment_method": "pm_card_chargeDeclined"})
    assert intent.status == "requires_confirmation"
    with pytest.raises(stripe.CardError) as exc:
        await v1.payment_intents.confirm_async(intent.id)
    err = exc.value
    assert (err.http_status, err.code, err.error.decline_code) == (402, "card_declined",
                                                                   "generic_decline")
    assert err.error.payment_intent.id == intent.id
    assert err.error.payment_intent.status == "requires_payment_method"
    failed = await v1.payment_intents.retrieve_async(intent.id)
    assert failed.status == "requires_payment_method"
    assert failed.last_payment_error.code == "card_declined"
    assert failed.last_payment_error.charge == err.error.charge == failed.latest_charge
    charge = await v1.charges.retrieve_async(failed.latest_charge)
    assert (charge.status, charge.paid, charge.failure_code) == ("failed", False,
                                                                 "card_declined")
    assert charge.outcome.type == "issuer_declined"
    assert "payment_intent.payment_failed" in [e.type for e in (await v1.events.list_async()).data]
    retried = await v1.payment_intents.confirm_async(intent.id, {"payment_method":
                                                                 "pm_card_visa"})
    assert retried.status == "succeeded" and retried.last_payment_error is None
    both = await v1.charges.list_async({"payment_intent": intent.id})
    assert [c.status for c in both.data] == ["succeeded", "failed"]


async def test_manual_capture_full_and_partial(v1):
    intent = await v1.payment_intents.create_async({
        "amount": 5000, "currency": "usd", "payment_method": "pm_card_visa",
        "capture_method": "manual", "confirm": True})
    assert (intent.status, intent.amount_capturable, intent.amount_received) == (
        "requires_capture", 5000, 0)
    charge = await v1.charges.retrieve_async(intent.latest_charge)
    assert (charge.status, charge.paid, charge.captured) == ("succeeded", True, False)
    with pytest.raises(stripe.InvalidRequestError):
        await v1.payment_intents.capture_async(intent.id, {"amount_to_capture": 6000})
    captured = await v1.payment_intents.capture_async(intent.id, {"amount_to_capture": 3000})
    assert (captured.status, captured.amount_received, captured.amount_capturable) == (
        "succeeded", 3000, 0)
    charge = await v1.charges.retrieve_async(intent.latest_charge)
    assert (charge.captured, charge.amount_captured) == (True, 3000)
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.payment_intents.capture_async(intent.id)
    assert "already been captured" in exc.value.user_message
    types = [e.type for e in (await v1.events.list_async()).data]
    assert "payment_intent.amount_capturable_updated" in types and "charge.captured" in types


async def test_a_charge_captured_through_the_charges_endpoint(v1):
    intent = await v1.payment_intents.create_async({
        "amount": 5000, "currency": "usd", "payment_method": "pm_card_visa",
        "capture_method": "manual", "confirm": True})
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.charges.capture_async(intent.latest_charge, {"amount": 6000})
    assert exc.value.param == "amount"
    charge = await v1.charges.capture_async(intent.latest_charge, {
        "amount": 2000, "receipt_email": "paid@example.com"})
    assert (charge.object, charge.captured, charge.amount_captured) == ("charge", True, 2000)
    assert charge.receipt_email == "paid@example.com"
    after = await v1.payment_intents.retrieve_async(intent.id)
    assert (after.status, after.amount_received) == ("succeeded", 2000)
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.charges.capture_async(charge.id)
    assert exc.value.code == "charge_already_captured"
    assert exc.value.user_message == f"Charge {charge.id} has already been captured."
    released = await v1.payment_intents.create_async({
        "amount": 5000, "currency": "usd", "payment_method": "pm_card_visa",
        "capture_method": "manual", "confirm": True})
    await v1.payment_intents.cancel_async(released.id)
    # since 2025-03-31.basil a released authorization shows no refund on its charge
    charge = await v1.charges.retrieve_async(released.latest_charge)
    assert (charge.captured, charge.amount_captured) == (False, 0)
    assert (charge.refunded, charge.amount_refunded) == (False, 0)
    assert (await v1.refunds.list_async({"payment_intent": released.id})).data == []
    types = [e.type for e in (await v1.events.list_async({"limit": 5})).data]
    assert "payment_intent.canceled" in types and "charge.refunded" not in types
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.charges.capture_async(charge.id)
    assert "authorization" in exc.value.user_message
    automatic = await _paid(v1)  # captured with its payment
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.charges.capture_async(automatic.latest_charge)
    assert exc.value.code == "charge_already_captured"
    assert (await v1.payment_intents.retrieve_async(automatic.id)).amount_received == 3000


async def test_automatic_payment_methods_are_on_unless_told(v1):
    intent = await v1.payment_intents.create_async({"amount": 2000, "currency": "usd"})
    assert intent.automatic_payment_methods.to_dict() == {"allow_redirects": "always",
                                                          "enabled": True}
    config = intent.payment_method_configuration_details
    assert config.id.startswith("pmc_") and config.parent is None
    setup = await v1.setup_intents.create_async({})
    assert setup.automatic_payment_methods.enabled is True
    assert setup.payment_method_configuration_details.id == config.id  # the account's
    paid = await _paid(v1)  # a card confirmed on the server, as before
    assert paid.status == "succeeded"
    off = await v1.payment_intents.create_async({
        "amount": 2000, "currency": "usd",
        "automatic_payment_methods": {"enabled": True, "allow_redirects": "never"}})
    assert off.automatic_payment_methods.allow_redirects == "never"


async def test_an_expansion_through_a_charge_not_made_yet(v1):
    path = "latest_charge.refunds.data.balance_transaction"
    intent = await v1.payment_intents.create_async({"amount": 2900, "currency": "usd",
                                                    "expand": [path]})
    assert (intent.status, intent.latest_charge) == ("requires_payment_method", None)
    paid = await _paid(v1, expand=[path])
    assert paid.latest_charge.refunds.object == "list"
    with pytest.raises(stripe.InvalidRequestError) as exc:  # what isn't there still refused
        await v1.payment_intents.create_async({"amount": 2900, "currency": "usd",
                                               "expand": ["latest_charge.refunds.data.nope"]})
    assert exc.value.user_message == "This property cannot be expanded (nope)."


async def test_cancel_and_its_refusals(v1):
    intent = await v1.payment_intents.create_async({"amount": 900, "currency": "eur"})
    canceled = await v1.payment_intents.cancel_async(intent.id, {
        "cancellation_reason": "requested_by_customer"})
    assert (canceled.status, canceled.cancellation_reason) == ("canceled",
                                                               "requested_by_customer")
    assert canceled.canceled_at is not None
    done = await v1.payment_intents.create_async({"amount": 900, "currency": "eur",
                                                  "payment_method": "pm_card_visa",
                                                  "confirm": True})
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.payment_intents.cancel_async(done.id)
    assert exc.value.code == "payment_intent_unexpected_state"
    assert "Only a PaymentIntent with one of the following statuses may be canceled: " \
           "requires_payment_method, requires_capture" in exc.value.user_message
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.payment_intents.update_async(done.id, {"amount": 1000})
    assert exc.value.code == "payment_intent_unexpected_state"


async def test_three_d_secure_requires_action_until_authenticated(v1, http):
    intent = await v1.payment_intents.create_async({
        "amount": 2500, "currency": "eur", "payment_method": "pm_card_threeDSecure2Required",
        "confirm": True})
    assert intent.status == "requires_action" and intent.next_action.type == "use_stripe_sdk"
    assert intent.latest_charge is None
    async with http.post(f"/_emulator/payment_intents/{intent.id}/authenticate") as resp:
        assert resp.status == 200
        assert (await resp.json())["status"] == "succeeded"
    assert (await v1.payment_intents.retrieve_async(intent.id)).status == "succeeded"
    redirected = await v1.payment_intents.create_async({
        "amount": 2500, "currency": "eur", "payment_method": "pm_card_threeDSecure2Required",
        "confirm": True, "return_url": "https://shop.example/back"})
    assert redirected.next_action.type == "redirect_to_url"
    assert redirected.next_action.redirect_to_url.return_url == "https://shop.example/back"
    async with http.post(f"/_emulator/payment_intents/{redirected.id}/authenticate",
                         data={"outcome": "fail"}) as resp:
        assert resp.status == 200
    failed = await v1.payment_intents.retrieve_async(redirected.id)
    assert failed.status == "requires_payment_method"
    assert failed.last_payment_error.code == "payment_intent_authentication_failure"
    with pytest.raises(stripe.CardError) as exc:  # off session, nobody to authenticate
        await v1.payment_intents.create_async({
            "amount": 2500, "currency": "eur", "payment_method": "pm_card_authenticationRequired",
            "confirm": True, "off_session": True})
    assert exc.value.code == "authentication_required"
    types = [e.type for e in (await v1.events.list_async({"limit": 50})).data]
    assert "payment_intent.requires_action" in types


async def test_create_refusals(v1):
    cases = [
        ({"amount": 2000, "currency": "usd", "payment_method_types": ["card"]},
         "payment_method_types", "payment_method_types_no_longer_supported"),
        ({"amount": 10, "currency": "usd"}, "amount", "amount_too_small"),
        ({"amount": 2000, "currency": "usd", "return_url": "https://x.example"},
         "return_url", None),
    ]
    for params, param, code in cases:
        with pytest.raises(stripe.InvalidRequestError) as exc:
            await v1.payment_intents.create_async(params)
        assert (exc.value.param, exc.value.code) == (param, code), params
    with pytest.raises(stripe.InvalidRequestError) as exc:  # redirects possible, no return_url
        await v1.payment_intents.create_async({
            "amount": 2000, "currency": "usd", "payment_method": "pm_card_visa",
            "automatic_payment_methods": {"enabled": True}, "confirm": True})
    assert "return_url" in exc.value.user_message
    ok = await v1.payment_intents.create_async({
        "amount": 2000, "currency": "usd", "payment_method": "pm_card_visa",
        "automatic_payment_methods": {"enabled": True, "allow_redirects": "never"},
        "confirm": True})
    assert ok.status == "succeeded"
    assert (await v1.payment_intents.list_async({"limit": 100})).data[0].id == ok.id


async def test_setup_future_usage_saves_the_card_to_the_customer(v1):
    customer = await _customer(v1)
    intent = await v1.payment_intents.create_async({
        "amount": 2000, "currency": "usd", "customer": customer.id,
        "payment_method": "pm_card_visa", "setup_future_usage": "off_session", "confirm": True})
    methods = await v1.customers.payment_methods.list_async(customer.id)
    assert [m.id for m in methods.data] == [intent.payment_method]


async def test_lists_search_and_charge_update(v1):
    customer = await _customer(v1)
    first = await v1.payment_intents.create_async({
        "amount": 1200, "currency": "usd", "customer": customer.id, "confirm": True,
        "payment_method": "pm_card_visa", "metadata": {"order_id": "6735"}})
    await v1.payment_intents.create_async({"amount": 800, "currency": "usd"})
    listed = await v1.payment_intents.list_async({"customer": customer.id})
    assert [i.id for i in listed.data] == [first.id]
    found = await v1.payment_intents.search_async({
        "query": "status:'succeeded' AND metadata['order_id']:'6735'"})
    assert [i.id for i in found.data] == [first.id]
    charge = await v1.charges.update_async(first.latest_charge, {"metadata": {"note": "x"},
                                                                 "description": "Order 6735"})
    assert charge.metadata.to_dict() == {"order_id": "6735", "note": "x"}
    assert (await v1.charges.search_async({"query": "amount>999"})).data[0].id == charge.id
    assert [c.id for c in (await v1.charges.list_async({"customer": customer.id})).data] == [
        charge.id]
    assert "charge.updated" in [e.type for e in (await v1.events.list_async()).data]


async def _paid(v1, amount=3000, **params):
    return await v1.payment_intents.create_async({
        "amount": amount, "currency": "usd", "payment_method": "pm_card_visa",
        "confirm": True, **params})


async def test_refunds_full_and_partial_and_their_limits(v1):
    intent = await _paid(v1)
    first = await v1.refunds.create_async({"payment_intent": intent.id, "amount": 1000,
                                           "reason": "requested_by_customer"})
    assert first.id.startswith("re_") and first.status == "succeeded"
    assert (first.charge, first.payment_intent, first.amount) == (intent.latest_charge,
                                                                  intent.id, 1000)
    charge = await v1.charges.retrieve_async(intent.latest_charge)
    assert (charge.amount_refunded, charge.refunded) == (1000, False)  # partly refunded
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.refunds.create_async({"charge": charge.id, "amount": 2500})
    assert exc.value.param == "amount" and "($20.00)" in exc.value.user_message
    rest = await v1.refunds.create_async({"charge": charge.id})  # the rest
    assert rest.amount == 2000
    charge = await v1.charges.retrieve_async(charge.id, {"expand": ["refunds"]})
    assert (charge.amount_refunded, charge.refunded) == (3000, True)
    assert [r.id for r in charge.refunds.data] == [rest.id, first.id]
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.refunds.create_async({"charge": charge.id})
    assert exc.value.code == "charge_already_refunded"
    listed = await v1.refunds.list_async({"payment_intent": intent.id})
    assert [r.id for r in listed.data] == [rest.id, first.id]
    assert (await v1.payment_intents.retrieve_async(intent.id)).status == "succeeded"
    types = [e.type for e in (await v1.events.list_async()).data]
    assert types.count("charge.refunded") == 2 and types.count("refund.created") == 2
    updated = await v1.refunds.update_async(first.id, {"metadata": {"ticket": "42"}})
    assert updated.metadata.to_dict() == {"ticket": "42"}


async def test_refund_refusals(v1):
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.refunds.create_async({})
    assert "payment_intent or charge" in exc.value.user_message
    held = await _paid(v1, capture_method="manual")
    with pytest.raises(stripe.InvalidRequestError) as exc:  # cancel it instead
        await v1.refunds.create_async({"charge": held.latest_charge})
    assert "You must cancel the PaymentIntent" in exc.value.user_message
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.refunds.create_async({"charge": "ch_nope"})
    assert (exc.value.code, exc.value.param) == ("resource_missing", "charge")
    refund = await v1.refunds.create_async({"payment_intent": (await _paid(v1)).id})
    with pytest.raises(stripe.InvalidRequestError):  # a card refund never awaits action
        await v1.refunds.cancel_async(refund.id)


async def test_list_filters_combine(v1):
    customer = await _customer(v1)
    mine = await _paid(v1, customer=customer.id)
    other = await _paid(v1)
    listed = await v1.charges.list_async({"payment_intent": other.id, "customer": customer.id})
    assert listed.data == []  # both filters apply, not only the first
    listed = await v1.charges.list_async({"payment_intent": mine.id, "customer": customer.id})
    assert [c.id for c in listed.data] == [mine.latest_charge]


async def _authenticate(http, intent_id, kind="payment_intents"):
    async with http.post(f"/_emulator/{kind}/{intent_id}/authenticate") as resp:
        return resp.status, await resp.json()


async def test_cards_that_authenticate_then_decline(v1, http):
    for card, code in (("pm_card_threeDSecureRequiredChargeDeclined", "card_declined"),
                       ("pm_card_authenticationRequiredChargeDeclinedInsufficientFunds",
                        "card_declined")):
        intent = await v1.payment_intents.create_async({
            "amount": 2000, "currency": "eur", "payment_method": card, "confirm": True})
        assert intent.status == "requires_action"
        status, body = await _authenticate(http, intent.id)
        assert status == 402 and body["error"]["code"] == code
        failed = await v1.payment_intents.retrieve_async(intent.id)
        assert failed.status == "requires_payment_method"
        assert failed.last_payment_error.code == code
    insufficient = await v1.payment_intents.retrieve_async(intent.id)
    assert insufficient.last_payment_error.decline_code == "insufficient_funds"
    with pytest.raises(stripe.CardError) as exc:  # the 3DS lookup fails: declined at once
        await v1.payment_intents.create_async({
            "amount": 2000, "currency": "eur", "confirm": True,
            "payment_method": "pm_card_threeDSecureRequiredProcessingError"})
    assert exc.value.code == "card_declined"
    amex = await v1.payment_intents.create_async({
        "amount": 2000, "currency": "usd", "confirm": True,
        "payment_method": "pm_card_amex_threeDSecureNotSupported"})
    assert amex.status == "succeeded"


async def test_a_card_set_up_once_pays_off_session_without_a_challenge(v1, http):
    customer = await _customer(v1)
    setup = await v1.setup_intents.create_async({
        "customer": customer.id, "payment_method": "pm_card_authenticationRequiredOnSetup",
        "confirm": True})
    assert setup.status == "requires_action"
    status, body = await _authenticate(http, setup.id, "setup_intents")
    assert status == 200 and body["status"] == "succeeded"
    paid = await v1.payment_intents.create_async({
        "amount": 2000, "currency": "usd", "customer": customer.id,
        "payment_method": setup.payment_method, "confirm": True, "off_session": True})
    assert paid.status == "succeeded"
    unsaved = await v1.payment_intents.create_async({  # never set up: a challenge
        "amount": 2000, "currency": "usd", "confirm": True,
        "payment_method": "pm_card_authenticationRequiredOnSetup"})
    assert unsaved.status == "requires_action"


async def test_a_card_that_only_challenges_on_session(v1):
    on = await v1.payment_intents.create_async({
        "amount": 2000, "currency": "usd", "confirm": True,
        "payment_method": "pm_card_authenticationRequiredSetupForOffSession"})
    assert on.status == "requires_action"
    customer = await _customer(v1, payment_method=
                               "pm_card_authenticationRequiredSetupForOffSession")
    pm = (await v1.payment_methods.list_async({"customer": customer.id})).data[0]
    off = await v1.payment_intents.create_async({
        "amount": 2000, "currency": "usd", "customer": customer.id, "payment_method": pm.id,
        "confirm": True, "off_session": True})
    assert off.status == "succeeded"


async def test_shipping_is_kept_on_the_intent_and_its_charge(v1):
    ship = {"name": "Jenny Rosen", "phone": "+15555550100", "carrier": "UPS",
            "tracking_number": "1Z999", "address": {"line1": "510 Townsend St",
                                                    "city": "San Francisco", "state": "CA",
                                                    "postal_code": "94103", "country": "US"}}
    intent = await v1.payment_intents.create_async({
        "amount": 2000, "currency": "usd", "shipping": ship})
    assert (intent.shipping.name, intent.shipping.carrier, intent.shipping.address.city) == (
        "Jenny Rosen", "UPS", "San Francisco")
    assert intent.shipping.address.line2 is None
    moved = await v1.payment_intents.update_async(intent.id, {"shipping": {
        **ship, "name": "J. Rosen", "carrier": "FedEx"}})
    assert (moved.shipping.name, moved.shipping.carrier) == ("J. Rosen", "FedEx")
    paid = await v1.payment_intents.confirm_async(intent.id, {
        "payment_method": "pm_card_visa", "shipping": {**ship, "tracking_number": "1Z000"}})
    assert paid.status == "succeeded" and paid.shipping.tracking_number == "1Z000"
    charge = await v1.charges.retrieve_async(paid.latest_charge)
    assert charge.shipping.tracking_number == "1Z000" and charge.shipping.name == "Jenny Rosen"
    changed = await v1.charges.update_async(charge.id, {"shipping": {**ship, "name": "Jen"}})
    assert changed.shipping.name == "Jen"
    cleared = await v1.payment_intents.update_async(
        (await v1.payment_intents.create_async({"amount": 500, "currency": "usd",
                                                "shipping": ship})).id, {"shipping": ""})
    assert cleared.shipping is None
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.payment_intents.create_async({"amount": 500, "currency": "usd",
                                               "shipping": {"address": {"city": "x"}}})
    assert (exc.value.code, exc.value.param) == ("parameter_missing", "shipping[name]")


async def test_a_retrieve_may_name_the_client_secret_which_must_be_its_own(v1):
    intent = await v1.payment_intents.create_async({"amount": 1000, "currency": "usd"})
    again = await v1.payment_intents.retrieve_async(intent.id, {
        "client_secret": intent.client_secret})
    assert again.id == intent.id
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.payment_intents.retrieve_async(intent.id, {"client_secret": "pi_x_secret_y"})
    assert exc.value.param == "client_secret"
    setup = await v1.setup_intents.create_async()
    assert (await v1.setup_intents.retrieve_async(setup.id, {
        "client_secret": setup.client_secret})).id == setup.id
    with pytest.raises(stripe.InvalidRequestError):
        await v1.setup_intents.retrieve_async(setup.id, {"client_secret": "seti_x_secret_y"})
