"""The Customers page (`/_emulator/dashboard`): in a browser (Debian's headless Chromium
through Playwright) add with the N key, filter, edit, select and delete, export; and over HTTP
the key rules, paging, exports and errors. The API sees every change."""

import csv
import io
import json

import aiohttp
import pytest
from playwright.async_api import async_playwright

from conftest import KEY
from test_browser import chromium_path

BOARD = "/_emulator/dashboard"


@pytest.fixture
async def page(base_url):
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium_path(),
                                          args=["--no-sandbox"])
        tab = await browser.new_page()
        await tab.goto(base_url + BOARD)
        await tab.fill("#key", KEY)  # the key field; the browser remembers it
        await tab.click("button[type=submit]")
        await tab.wait_for_url(f"**{BOARD}/customers")
        await tab.wait_for_load_state()
        yield tab
        await browser.close()


async def _rows(tab) -> list[str]:
    return [t.strip() for t in await tab.locator("#customers tr[data-id] td:nth-child(3)")
            .all_text_contents()]


async def test_add_with_the_n_key_edit_and_delete_in_a_browser(page, v1):
    await page.keyboard.press("n")
    await page.wait_for_url(f"**{BOARD}/customers/new")
    await page.fill("#field-name", "Grace Hopper")
    await page.fill("#field-email", "grace@example.com")
    await page.fill("#field-address-country", "US")
    await page.fill("#field-metadata-app_id", "42")
    await page.click("#new-customer button[type=submit]")
    await page.wait_for_selector("#customer-name")
    [made] = (await v1.customers.list_async()).data
    assert (made.name, made.email, made.address.country, made.metadata["app_id"]) == (
        "Grace Hopper", "grace@example.com", "US", "42")
    # a bad edit shows the API's message by its field and stores nothing
    await page.click("#actions summary")
    await page.fill("#field-email", "not-an-email")
    await page.click("#edit button[type=submit]")
    assert "email" in (await page.text_content("[data-for=email]")).lower()
    assert (await v1.customers.retrieve_async(made.id)).email == "grace@example.com"
    await page.fill("#field-email", "grace.hopper@example.com")
    await page.fill("#field-name", "Rear Admiral Grace Hopper")
    await page.click("#edit button[type=submit]")
    await page.wait_for_selector("text=Rear Admiral Grace Hopper")
    seen = await v1.customers.retrieve_async(made.id)
    assert (seen.email, seen.name) == ("grace.hopper@example.com", "Rear Admiral Grace Hopper")
    types = [e.type for e in (await v1.events.list_async()).data]
    assert types[:2] == ["customer.updated", "customer.created"]
    page.on("dialog", lambda dialog: dialog.accept())
    if not await page.is_visible("#delete"):
        await page.click("#actions summary")
    await page.click("#delete")
    await page.wait_for_url(f"**{BOARD}/customers")
    assert (await v1.customers.list_async()).data == []


async def test_filter_select_and_delete_and_export_in_a_browser(page, v1, base_url):
    for i in range(6):
        await v1.customers.create_async({"email": f"user{i}@example.com", "name": f"User {i}",
                                         "metadata": {"app_id": str(i % 2)}})
    await page.reload()
    assert len(await _rows(page)) == 6
    await page.fill("#filters input[name=metadata_key]", "app_id")
    await page.fill("#filters input[name=metadata_value]", "1")
    await page.click("#filters button")
    await page.wait_for_url("**metadata_value=1**")
    assert sorted(await _rows(page)) == ["user1@example.com", "user3@example.com",
                                         "user5@example.com"]
    await page.fill("#filters input[name=metadata_key]", "")
    await page.fill("#filters input[name=metadata_value]", "")
    await page.fill("#filters input[name=q]", "email:'user2@example.com' OR name~'User 4'")
    await page.click("#filters button")
    await page.wait_for_url("**q=**")
    assert sorted(await _rows(page)) == ["user2@example.com", "user4@example.com"]
    # export what is shown
    async with page.expect_download() as download:
        await page.click("#export-csv")
    path = await (await download.value).path()
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert sorted(r["Email"] for r in rows) == ["user2@example.com", "user4@example.com"]
    assert "app_id (metadata)" in rows[0]
    # select all shown and delete them
    page.on("dialog", lambda dialog: dialog.accept())
    await page.check("#select-all")
    await page.click("#delete-selected")
    await page.wait_for_url(f"**{BOARD}/customers")
    left = sorted(c.email for c in (await v1.customers.list_async()).data)
    assert left == ["user0@example.com", "user1@example.com", "user3@example.com",
                    "user5@example.com"]


async def _get(session, path, **kw):
    async with session.get(path, **kw) as resp:
        return resp.status, resp.headers.get("Content-Type", ""), await resp.text()


async def test_the_key_decides_the_account(base_url, v1, make_client):
    await v1.customers.create_async({"email": "mine@example.com"})
    other = make_client("sk_test_someone_else")
    await other.v1.customers.create_async({"email": "theirs@example.com"})
    async with aiohttp.ClientSession(base_url) as s:
        status, ctype, text = await _get(s, BOARD + "/customers")
        assert status == 401 and "text/html" in ctype and "API key" in text
        status, _, text = await _get(s, BOARD + "/customers",
                                     headers={"Authorization": f"Bearer {KEY}"})
        assert status == 200 and "mine@example.com" in text and "theirs" not in text
        # another account cannot be picked unless the server allows it
        status, _, text = await _get(s, BOARD + "/customers?account=sk_test_someone_else",
                                     headers={"Authorization": f"Bearer {KEY}"})
        assert "theirs@example.com" not in text
        async with s.post(BOARD + "/key", data={"key": "pk_test_nope"}) as resp:
            assert resp.status == 400


async def test_all_accounts_when_the_server_allows(aiohttp_server, make_client):
    from stripe_emulator.app import create_app
    from stripe_emulator.config import Config

    server = await aiohttp_server(create_app(Config(log_level="warning",
                                                    dashboard_all_accounts=True)))
    base = str(server.make_url("")).rstrip("/")
    await make_client("sk_test_a", base=base).v1.customers.create_async({"email": "a@x.io"})
    await make_client("sk_test_b", base=base).v1.customers.create_async({"email": "b@x.io"})
    async with aiohttp.ClientSession(base) as s:
        status, _, text = await _get(s, BOARD + "/customers?account=sk_test_b")
        assert status == 200 and "b@x.io" in text and "account-picker" in text


async def test_paging_and_exports_over_http(base_url, v1):
    auth = {"Authorization": f"Bearer {KEY}"}
    made = [await v1.customers.create_async({"email": f"p{i}@example.com",
                                             "metadata": {"app_id": str(i)}})
            for i in range(55)]
    async with aiohttp.ClientSession(base_url, headers=auth) as s:
        _, _, first = await _get(s, BOARD + "/customers")
        assert first.count('data-id="') == 50 and made[-1].id in first
        assert made[4].id not in first and 'id="older"' in first
        _, _, second = await _get(s, BOARD + f"/customers?starting_after={made[5].id}")
        assert second.count('data-id="') == 5 and 'id="newer"' in second
        status, ctype, body = await _get(s, BOARD + "/customers/export?format=csv")
        assert status == 200 and ctype.startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(body)))
        assert len(rows) == 55 and rows[0]["id"] == made[-1].id
        assert rows[0]["app_id (metadata)"] == "54"
        status, ctype, body = await _get(s, BOARD + "/customers/export?format=json&"
                                         "email=p7%40example.com")
        assert ctype.startswith("application/json")
        assert [c["id"] for c in json.loads(body)] == [made[7].id]
        status, ctype, _ = await _get(s, BOARD + "/customers/cus_missing")
        assert status == 404 and "text/html" in ctype
        status, _, text = await _get(s, BOARD + "/customers?q=nonsense~~")
        assert status == 200 and 'id="query-error"' in text
