"""The endpoints real clients call first: the key's own account, connected accounts, the
balance, a customer's sources (dj-stripe reads `/v1/account` before it stores anything)."""

import pytest
import stripe


async def test_the_keys_own_account(make_client):
    client = make_client("sk_test_account_a")
    account = await client.v1.accounts.retrieve_current_async()
    assert account.object == "account"
    assert account.id.startswith("acct_1") and len(account.id) == 21
    assert (account.country, account.default_currency, account.type) == ("US", "usd", "standard")
    assert account.charges_enabled and account.payouts_enabled and account.details_submitted
    assert account.email and "@" in account.email
    assert account.business_profile.name == "stripe-emulator"
    assert account.settings.dashboard.display_name == "stripe-emulator"
    assert account.capabilities.card_payments == "active"
    # Stable per key, and another key is another account.
    assert (await client.v1.accounts.retrieve_current_async()).id == account.id
    other = await make_client("sk_test_account_b").v1.accounts.retrieve_current_async()
    assert other.id != account.id


async def test_the_own_account_by_id(client):
    account = await client.v1.accounts.retrieve_current_async()
    assert (await client.v1.accounts.retrieve_async(account.id)).to_dict() == account.to_dict()
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await client.v1.accounts.retrieve_async("acct_1NotMineAtAll00")
    assert (exc.value.http_status, exc.value.code) == (404, "resource_missing")


async def test_invoices_name_the_account_as_issuer(client, customers):
    account = await client.v1.accounts.retrieve_current_async()
    customer = await customers.create_async()
    invoice = await client.v1.invoices.create_async({"customer": customer.id})
    assert invoice.account_country == account.country
    assert invoice.account_name == account.business_profile.name


async def test_a_platform_has_no_connected_accounts(client):
    accounts = await client.v1.accounts.list_async({"limit": 3})
    assert accounts.object == "list" and accounts.data == [] and accounts.has_more is False
    assert accounts.url == "/v1/accounts"


async def test_the_test_mode_balance(client):
    balance = await client.v1.balance.retrieve_async()
    assert balance.object == "balance" and balance.livemode is False
    assert [(f.amount, f.currency) for f in balance.available] == [(0, "usd")]
    assert [(f.amount, f.currency) for f in balance.pending] == [(0, "usd")]


async def test_a_customers_sources(client, customers):
    customer = await customers.create_async()
    sources = client.v1.customers.payment_sources
    listed = await sources.list_async(customer.id, {"object": "card", "limit": 5})
    assert listed.data == [] and listed.url == f"/v1/customers/{customer.id}/sources"
    assert (await sources.list_async(customer.id)).data == []
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await sources.list_async("cus_missing")
    assert (exc.value.http_status, exc.value.code, exc.value.param) == (
        404, "resource_missing", "customer")
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await sources.retrieve_async(customer.id, "card_missing")
    assert exc.value.http_status == 404
    assert exc.value.user_message == "No such source: 'card_missing'"
