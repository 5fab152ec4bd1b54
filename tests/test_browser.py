"""Browser tests: headless Chromium from Debian's packages (`chromium`), driven by Playwright
through its `executable_path` (no browser download). `.ci/run` installs the package."""

import shutil

import pytest
from playwright.async_api import async_playwright


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    assert path, "headless Chromium is needed: apt-get install chromium (see .ci/run)"
    return path


@pytest.fixture
async def browser():
    async with async_playwright() as p:
        # --no-sandbox: CI runs as root, where Chromium's sandbox cannot start
        b = await p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        yield b
        await b.close()


async def test_paying_an_open_invoice_on_its_hosted_page(v1, browser):
    customer = await v1.customers.create_async({"name": "Ada", "email": "ada@example.com"})
    await v1.invoice_items.create_async({"customer": customer.id, "amount": 4200,
                                         "currency": "eur", "description": "Consulting"})
    draft = await v1.invoices.create_async({
        "customer": customer.id, "pending_invoice_items_behavior": "include",
        "collection_method": "send_invoice", "days_until_due": 7})
    invoice = await v1.invoices.finalize_invoice_async(draft.id)
    page = await browser.new_page()
    await page.goto(invoice.hosted_invoice_url)
    assert (await page.text_content("#status")).strip() == "Open"
    assert "€42.00" in await page.text_content("#headline")
    # a declining card: its message, the invoice still open
    await page.fill("#card", "4000 0000 0000 0002")
    await page.click("#pay button")
    assert "Your card was declined." in await page.text_content("#message")
    assert (await v1.invoices.retrieve_async(invoice.id)).status == "open"
    # a good card pays it, through the API's own operation
    await page.fill("#card", "4242 4242 4242 4242")
    await page.click("#pay button")
    await page.wait_for_url("**?paid=1")
    assert (await page.text_content("#status")).strip() == "Paid"
    assert "This invoice has been paid." in await page.text_content("#message")
    assert await page.query_selector("#pay") is None
    paid = await v1.invoices.retrieve_async(invoice.id)
    assert (paid.status, paid.amount_paid) == ("paid", 4200)
    types = [e.type for e in (await v1.events.list_async({"limit": 20})).data]
    assert "invoice.payment_succeeded" in types
