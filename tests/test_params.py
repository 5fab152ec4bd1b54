"""Bad input gets Stripe's 400: type, code, param in bracket form, a clear message; no change."""

import pytest
import stripe


async def refused(call, status=400):
    with pytest.raises(stripe.StripeError) as exc:
        await call
    assert exc.value.http_status == status
    assert exc.value.error.type == "invalid_request_error"
    return exc.value


async def count(customers) -> int:
    return len((await customers.list_async({"limit": 100})).data)


async def test_unknown_parameter(customers):
    err = await refused(customers.create_async({"coupon": "X"}))
    assert err.code == "parameter_unknown" and err.param == "coupon"
    assert err.user_message == "Received unknown parameter: coupon"
    assert await count(customers) == 0


async def test_several_unknown_parameters(customers):
    err = await refused(customers.create_async({"currency": "usd", "coupon": "X"}))
    assert err.user_message == "Received unknown parameters: currency, coupon"
    assert err.param == "currency"


async def test_unknown_nested_parameter_in_bracket_form(customers):
    err = await refused(customers.create_async({"address": {"city": "X", "planet": "Mars"}}))
    assert err.code == "parameter_unknown" and err.param == "address[planet]"


async def test_missing_required_nested_param(customers):
    err = await refused(customers.create_async({"shipping": {"address": {"city": "X"}}}))
    assert err.code == "parameter_missing" and err.param == "shipping[name]"
    assert err.user_message == "Missing required param: shipping[name]."


async def test_missing_required_param_inside_an_array(customers):
    err = await refused(customers.create_async(
        {"invoice_settings": {"custom_fields": [{"name": "a", "value": "1"}, {"name": "b"}]}}))
    assert err.param == "invoice_settings[custom_fields][1][value]"
    assert err.code == "parameter_missing"


async def test_invalid_integer(customers):
    err = await refused(customers.create_async({"next_invoice_sequence": "1.5"}))
    assert err.code == "parameter_invalid_integer" and err.param == "next_invoice_sequence"
    assert err.user_message == "Invalid integer: 1.5"


async def test_out_of_range_integer(customers):
    err = await refused(customers.create_async({"next_invoice_sequence": 0}))
    assert err.code == "parameter_invalid_integer" and err.param == "next_invoice_sequence"


async def test_unknown_enum_value(customers):
    err = await refused(customers.create_async({"tax_exempt": "sometimes"}))
    assert err.param == "tax_exempt"
    assert err.user_message == "Invalid tax_exempt: must be one of none, reverse, or exempt"


async def test_nested_enum_names_the_full_param(customers):
    err = await refused(customers.create_async(
        {"invoice_settings": {"rendering_options": {"amount_tax_display": "nope"}}}))
    assert err.param == "invoice_settings[rendering_options][amount_tax_display]"
    assert "must be one of exclude_tax or include_inclusive_tax" in err.user_message


async def test_empty_string_on_a_param_that_cannot_be_unset(customers):
    c = await customers.create_async({"invoice_prefix": "KEEP"})
    err = await refused(customers.update_async(c.id, {"invoice_prefix": ""}))
    assert err.code == "parameter_invalid_empty" and err.param == "invoice_prefix"
    assert "cannot be unset" in err.user_message
    err = await refused(customers.create_async({"shipping": {"name": "", "address": {}}}))
    assert err.param == "shipping[name]" and err.code == "parameter_invalid_empty"
    assert (await customers.retrieve_async(c.id)).invoice_prefix == "KEEP"


async def test_string_too_long(customers):
    err = await refused(customers.create_async({"phone": "1" * 21}))
    assert err.param == "phone"
    assert err.user_message == (
        "Invalid string: 1111111111...1111111111; must be at most 20 characters")
    err = await refused(customers.create_async(
        {"invoice_settings": {"custom_fields": [{"name": "n" * 41, "value": "v"}]}}))
    assert err.param == "invoice_settings[custom_fields][0][name]"


async def test_invalid_email(customers):
    # the last one has a full-width at sign
    for bad in ("otameshi@com", "odatakeryu", " k.shimizu@gmail.com", "a\uff20b.jp"):
        err = await refused(customers.create_async({"email": bad}))
        assert err.code == "email_invalid" and err.param == "email"
        assert err.user_message == f"Invalid email address: {bad}"
    assert await count(customers) == 0


async def test_too_many_custom_fields(customers):
    fields = [{"name": f"n{i}", "value": "v"} for i in range(5)]
    err = await refused(customers.create_async({"invoice_settings": {"custom_fields": fields}}))
    assert err.param == "invoice_settings[custom_fields]"


async def test_invoice_prefix_format(customers):
    for bad in ("lower", "WAY2LONGPREFIX", "A-B"):
        err = await refused(customers.create_async({"invoice_prefix": bad}))
        assert err.param == "invoice_prefix"


async def test_preferred_locales_must_be_language_tags(customers):
    err = await refused(customers.create_async({"preferred_locales": ["en", "not a locale"]}))
    assert err.param == "preferred_locales[1]"


async def test_params_of_later_work_are_refused_not_ignored(customers):
    for params in ({"source": "tok_visa"}, {"cash_balance": {"settings": {
                       "reconciliation_mode": "manual"}}},
                   {"tax": {"ip_address": "1.2.3.4"}}):
        err = await refused(customers.create_async(params))
        assert err.code == "parameter_unsupported"
        assert "does not emulate" in err.user_message
        assert err.param.split("[")[0] in params
    assert await count(customers) == 0


async def test_list_param_errors(customers):
    err = await refused(customers.list_async({"limit": "ten"}))
    assert err.code == "parameter_invalid_integer" and err.param == "limit"
    err = await refused(customers.list_async({"created": {"gt": "soon"}}))
    assert err.param == "created[gt]"
    err = await refused(customers.list_async({"created": {"after": 1}}))
    assert err.param == "created[after]" and err.code == "parameter_unknown"
    err = await refused(customers.list_async({"bogus": 1}))
    assert err.param == "bogus"


async def test_hash_where_a_string_belongs_and_scalar_where_a_hash_belongs(http):
    async with http.post("/v1/customers", data={"name[first]": "x"}) as r:
        body = await r.json()
        assert r.status == 400 and body["error"]["param"] == "name"
    async with http.post("/v1/customers", data={"address": "Main St"}) as r:
        body = await r.json()
        assert r.status == 400 and body["error"]["param"] == "address"
        assert body["error"]["message"] == "Invalid hash"
    async with http.post("/v1/customers", data={"preferred_locales[x]": "en"}) as r:
        body = await r.json()
        assert r.status == 400 and body["error"]["message"] == "Invalid array"


async def test_bracket_append_arrays_are_accepted(http):
    body = "preferred_locales[]=fr&preferred_locales[]=en&expand[]=tax"
    async with http.post("/v1/customers", data=body,
                         headers={"Content-Type": "application/x-www-form-urlencoded"}) as r:
        obj = await r.json()
        assert r.status == 200
        assert obj["preferred_locales"] == ["fr", "en"]
        assert obj["tax"]["automatic_tax"] == "unrecognized_location"
