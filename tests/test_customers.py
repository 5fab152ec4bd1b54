"""Customers through the official SDK: shape, create/retrieve/update/delete, and refusals."""

import re

import pytest
import stripe

S = stripe.Customer  # the SDK's declared fields are the truth for the shape

# Every field the SDK declares that a default customer response carries (the includable
# ones, cash_balance … tax_ids, appear only when expanded, and `deleted` only on stubs).
INCLUDABLE = {"cash_balance", "invoice_credit_balance", "sources", "subscriptions", "tax",
              "tax_ids"}
# Declared by the SDK, left out by Stripe while unset (and Customer Accounts are not emulated).
ABSENT_WHEN_UNSET = {"business_name", "individual_name", "customer_account"}


def declared_fields():
    return {n for n in S.__annotations__ if n.islower() and not n.startswith("_")} - {"deleted"}


async def test_fresh_customer_has_every_declared_field_with_stripe_defaults(customers):
    c = await customers.create_async({"email": "jenny@example.com", "name": "Jenny Rosen"})
    assert set(c.to_dict()) == declared_fields() - INCLUDABLE - ABSENT_WHEN_UNSET
    assert re.fullmatch(r"cus_[A-Za-z0-9]{14}", c.id)
    assert c.object == "customer"
    assert c.email == "jenny@example.com" and c.name == "Jenny Rosen"
    assert c.balance == 0
    assert c.currency is None
    assert c.tax_exempt == "none"
    assert c.preferred_locales == []
    assert c.next_invoice_sequence == 1
    assert c.livemode is False
    assert c.delinquent is False
    assert c.metadata.to_dict() == {}
    assert c.address is None and c.shipping is None and c.phone is None
    assert c.description is None and c.discount is None and c.test_clock is None
    assert c.default_source is None
    assert re.fullmatch(r"[0-9A-Z]{8}", c.invoice_prefix)
    assert c.invoice_settings.to_dict() == {
        "custom_fields": None, "default_payment_method": None, "footer": None,
        "rendering_options": None,
    }
    assert isinstance(c.created, int)


async def test_business_and_individual_names_are_absent_until_set(customers):
    c = await customers.create_async({"business_name": "Acme"})
    assert c.business_name == "Acme" and "individual_name" not in c
    c = await customers.update_async(c.id, {"business_name": "", "individual_name": "Jo"})
    assert "business_name" not in c and c.individual_name == "Jo"


async def test_empty_create_makes_an_empty_customer(customers):
    c = await customers.create_async()
    assert c.email is None and c.name is None


async def test_create_with_every_contact_and_invoice_param(customers):
    c = await customers.create_async({
        "email": "ops@acme.test",
        "name": "Acme",
        "phone": "+14155550100",
        "description": "Key account",
        "metadata": {"app_id": "42", "tier": "gold"},
        "address": {"line1": "1 Main St", "city": "Springfield", "postal_code": "12345",
                    "state": "IL", "country": "US"},
        "shipping": {"name": "Acme Dock", "phone": "+14155550111",
                     "address": {"line1": "2 Dock Rd", "country": "US"}},
        "preferred_locales": ["fr-CA", "en", "es-419"],
        "invoice_settings": {
            "custom_fields": [{"name": "PO", "value": "123"}, {"name": "Dept", "value": "R&D"}],
            "footer": "Thanks!",
            "rendering_options": {"amount_tax_display": "include_inclusive_tax"},
        },
        "invoice_prefix": "ACME1",
        "next_invoice_sequence": 7,
        "tax_exempt": "reverse",
    })
    assert c.address.to_dict() == {"city": "Springfield", "country": "US", "line1": "1 Main St",
                                   "line2": None, "postal_code": "12345", "state": "IL"}
    assert c.shipping.to_dict() == {
        "address": {"city": None, "country": "US", "line1": "2 Dock Rd", "line2": None,
                    "postal_code": None, "state": None},
        "carrier": None, "name": "Acme Dock", "phone": "+14155550111", "tracking_number": None,
    }
    assert c.preferred_locales == ["fr-CA", "en", "es-419"]  # order kept
    assert c.metadata.to_dict() == {"app_id": "42", "tier": "gold"}
    assert [f.to_dict() for f in c.invoice_settings.custom_fields] == [
        {"name": "PO", "value": "123"}, {"name": "Dept", "value": "R&D"}]
    assert c.invoice_settings.footer == "Thanks!"
    assert c.invoice_settings.rendering_options.to_dict() == {
        "amount_tax_display": "include_inclusive_tax", "template": None}
    assert c.invoice_prefix == "ACME1"
    assert c.next_invoice_sequence == 7
    assert c.tax_exempt == "reverse"
    assert c.phone == "+14155550100" and c.description == "Key account"


async def test_name_defaults_to_business_then_individual_name(customers):
    c = await customers.create_async({"business_name": "Acme Inc"})
    assert c.name == "Acme Inc" and c.business_name == "Acme Inc"
    c = await customers.create_async({"individual_name": "Ann Lee"})
    assert c.name == "Ann Lee" and c.individual_name == "Ann Lee"


async def test_retrieve_returns_the_stored_customer(customers):
    made = await customers.create_async({"email": "a@b.co"})
    got = await customers.retrieve_async(made.id)
    assert got.to_dict() == made.to_dict()


async def test_retrieve_unknown_id_is_a_404_resource_missing(customers):
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await customers.retrieve_async("cus_doesnotexist")
    err = exc.value
    assert err.http_status == 404
    assert err.code == "resource_missing"
    assert err.param == "id"
    assert err.user_message == "No such customer: 'cus_doesnotexist'"
    assert err.error.type == "invalid_request_error"
    assert err.request_id.startswith("req_")


async def test_update_changes_only_what_is_sent(customers):
    c = await customers.create_async({"email": "a@b.co", "name": "A", "phone": "1"})
    u = await customers.update_async(c.id, {"name": "B"})
    assert u.name == "B" and u.email == "a@b.co" and u.phone == "1"
    assert (await customers.retrieve_async(c.id)).name == "B"


async def test_update_with_empty_strings_unsets_nullable_fields(customers):
    c = await customers.create_async({
        "email": "a@b.co", "name": "A", "phone": "1", "description": "d",
        "address": {"city": "X"}, "shipping": {"name": "S", "address": {"city": "Y"}},
        "tax_exempt": "exempt",
    })
    u = await customers.update_async(c.id, {
        "email": "", "name": "", "phone": "", "description": "", "address": "",
        "shipping": "", "tax_exempt": "",
    })
    assert u.email is None and u.name is None and u.phone is None and u.description is None
    assert u.address is None and u.shipping is None
    assert u.tax_exempt == "none"


async def test_update_replaces_an_address_whole(customers):
    c = await customers.create_async({"address": {"city": "X", "line1": "L"}})
    u = await customers.update_async(c.id, {"address": {"city": "Y"}})
    assert u.address.city == "Y" and u.address.line1 is None


async def test_invoice_settings_update_merges_sub_fields(customers):
    c = await customers.create_async({"invoice_settings": {
        "footer": "F", "custom_fields": [{"name": "a", "value": "1"}]}})
    u = await customers.update_async(c.id, {"invoice_settings": {"footer": "G"}})
    assert u.invoice_settings.footer == "G"
    assert u.invoice_settings.custom_fields[0].name == "a"
    u = await customers.update_async(c.id, {"invoice_settings": {"custom_fields": ""}})
    assert u.invoice_settings.custom_fields is None and u.invoice_settings.footer == "G"
    u = await customers.update_async(c.id, {"invoice_settings": {
        "rendering_options": {"amount_tax_display": "exclude_tax"}}})
    assert u.invoice_settings.rendering_options.amount_tax_display == "exclude_tax"
    u = await customers.update_async(c.id, {"invoice_settings": {"rendering_options": ""}})
    assert u.invoice_settings.rendering_options is None


async def test_update_locales_sequence_and_prefix(customers):
    c = await customers.create_async({"preferred_locales": ["de"]})
    u = await customers.update_async(c.id, {
        "preferred_locales": ["en-GB", "fr"], "next_invoice_sequence": 12,
        "invoice_prefix": "NEWPFX"})
    assert u.preferred_locales == ["en-GB", "fr"]
    assert u.next_invoice_sequence == 12
    assert u.invoice_prefix == "NEWPFX"


async def test_delete_then_retrieve_returns_the_deleted_stub(customers):
    c = await customers.create_async({"email": "gone@x.io"})
    deleted = await customers.delete_async(c.id)
    assert deleted.to_dict() == {"id": c.id, "object": "customer", "deleted": True}
    again = await customers.retrieve_async(c.id)
    assert again.to_dict() == {"id": c.id, "object": "customer", "deleted": True}


async def test_a_deleted_customer_cannot_be_updated_or_deleted_again(customers):
    c = await customers.create_async()
    await customers.delete_async(c.id)
    for call in (customers.update_async(c.id, {"name": "x"}), customers.delete_async(c.id)):
        with pytest.raises(stripe.InvalidRequestError) as exc:
            await call
        assert exc.value.http_status == 404 and exc.value.code == "resource_missing"


async def test_a_deleted_customer_leaves_lists(customers):
    keep = await customers.create_async({"email": "keep@x.io"})
    gone = await customers.create_async({"email": "gone@x.io"})
    await customers.delete_async(gone.id)
    ids = [c.id for c in (await customers.list_async()).data]
    assert ids == [keep.id]
    assert (await customers.list_async({"email": "gone@x.io"})).data == []


async def test_delete_unknown_is_404(customers):
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await customers.delete_async("cus_nope")
    assert exc.value.http_status == 404


async def test_invoice_prefix_must_be_unique_even_after_delete(customers):
    a = await customers.create_async({"invoice_prefix": "ONLY1"})
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await customers.create_async({"invoice_prefix": "ONLY1"})
    assert exc.value.param == "invoice_prefix"
    await customers.delete_async(a.id)
    with pytest.raises(stripe.InvalidRequestError):
        await customers.create_async({"invoice_prefix": "ONLY1"})
    b = await customers.create_async()
    with pytest.raises(stripe.InvalidRequestError):
        await customers.update_async(b.id, {"invoice_prefix": "ONLY1"})
    assert (await customers.retrieve_async(b.id)).invoice_prefix != "ONLY1"


async def test_generated_invoice_prefixes_are_unique(customers):
    prefixes = {(await customers.create_async()).invoice_prefix for _ in range(30)}
    assert len(prefixes) == 30
