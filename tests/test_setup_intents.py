"""SetupIntents through the SDK: a card saved to a customer, a decline, 3D Secure, cancel."""

import pytest
import stripe


async def test_confirming_a_setup_attaches_the_card_without_a_charge(v1):
    customer = await v1.customers.create_async({"email": "saver@example.com"})
    setup = await v1.setup_intents.create_async({"customer": customer.id,
                                                 "payment_method": "pm_card_visa",
                                                 "confirm": True})
    assert setup.id.startswith("seti_") and setup.client_secret.startswith(setup.id + "_secret_")
    assert (setup.status, setup.usage) == ("succeeded", "off_session")
    methods = await v1.customers.payment_methods.list_async(customer.id)
    assert [m.id for m in methods.data] == [setup.payment_method]
    assert (await v1.charges.list_async()).data == []  # "no charge is created"
    got = await v1.customers.retrieve_async(customer.id)
    assert got.invoice_settings.default_payment_method is None  # not made the default
    types = [e.type for e in (await v1.events.list_async()).data]
    assert "setup_intent.succeeded" in types and "payment_method.attached" in types
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.setup_intents.cancel_async(setup.id)
    assert exc.value.code == "setup_intent_unexpected_state"


async def test_a_declining_card_fails_the_setup(v1):
    customer = await v1.customers.create_async()
    setup = await v1.setup_intents.create_async({"customer": customer.id, "usage": "on_session"})
    assert (setup.status, setup.usage) == ("requires_payment_method", "on_session")
    with pytest.raises(stripe.CardError) as exc:
        await v1.setup_intents.confirm_async(setup.id, {
            "payment_method": "pm_card_visa_chargeDeclined"})
    assert (exc.value.code, exc.value.error.decline_code) == ("card_declined", "generic_decline")
    assert exc.value.error.setup_intent.status == "requires_payment_method"
    failed = await v1.setup_intents.retrieve_async(setup.id)
    assert failed.last_setup_error.code == "card_declined" and failed.payment_method is None
    ok = await v1.setup_intents.confirm_async(setup.id, {
        "payment_method": "pm_card_chargeCustomerFail"})  # it only fails charges
    assert ok.status == "succeeded"


async def test_three_d_secure_setup_and_cancel(v1, http):
    customer = await v1.customers.create_async()
    setup = await v1.setup_intents.create_async({
        "customer": customer.id, "payment_method": "pm_card_threeDSecure2Required",
        "confirm": True})
    assert setup.status == "requires_action" and setup.next_action.type == "use_stripe_sdk"
    assert (await v1.customers.payment_methods.list_async(customer.id)).data == []
    async with http.post(f"/_emulator/setup_intents/{setup.id}/authenticate") as resp:
        assert (await resp.json())["status"] == "succeeded"
    assert len((await v1.customers.payment_methods.list_async(customer.id)).data) == 1
    other = await v1.setup_intents.create_async({"customer": customer.id})
    canceled = await v1.setup_intents.cancel_async(other.id, {"cancellation_reason":
                                                              "abandoned"})
    assert (canceled.status, canceled.cancellation_reason) == ("canceled", "abandoned")
    listed = await v1.setup_intents.list_async({"customer": customer.id})
    assert [s.id for s in listed.data] == [other.id, setup.id]
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await v1.setup_intents.create_async({"payment_method_types": ["card"]})
    assert exc.value.code == "payment_method_types_no_longer_supported"
