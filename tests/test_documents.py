"""Documents a person reads: the hosted invoice page (and its pay form), the invoice and credit
note PDFs (their text, through pypdf), receipts, in several languages, with the account's
branding."""

import io
from urllib.parse import urlparse

import aiohttp
import pytest
from pypdf import PdfReader


async def _invoice(v1, *, locale="en", exempt="none", currency="usd", pay=False, unit=1500,
                   card=True, **customer):
    params = {"name": "Camille Martin", "email": "camille@example.com",
              "preferred_locales": [locale], "tax_exempt": exempt,
              "address": {"line1": "8 rue de Rivoli", "city": "Paris", "postal_code": "75004",
                          "country": "FR"},
              "shipping": {"name": "Entrepôt", "address": {"line1": "2 quai de Seine",
                                                           "city": "Rouen", "country": "FR"}},
              "tax_id_data": [{"type": "eu_vat", "value": "FR12345678901"}],
              "invoice_settings": {"custom_fields": [{"name": "PO", "value": "PO-4471"}],
                                   "footer": "Thank you for your business."}, **customer}
    if card:
        params["payment_method"] = "pm_card_visa"
        params["invoice_settings"]["default_payment_method"] = "pm_card_visa"
    cus = await v1.customers.create_async(params)
    rate = await v1.tax_rates.create_async({"display_name": "VAT", "percentage": 20,
                                            "inclusive": False})
    await v1.invoice_items.create_async({"customer": cus.id, "currency": currency,
                                         "unit_amount_decimal": str(unit), "quantity": 2,
                                         "description": "Brass desk lamp",
                                         "tax_rates": [rate.id]})
    draft = await v1.invoices.create_async({
        "customer": cus.id, "pending_invoice_items_behavior": "include",
        "collection_method": "send_invoice", "days_until_due": 30})
    invoice = await v1.invoices.finalize_invoice_async(draft.id)
    if pay:
        invoice = await v1.invoices.pay_async(invoice.id, {"paid_out_of_band": True})
    return cus, invoice


async def _get(url: str) -> tuple[int, str, bytes]:
    async with aiohttp.ClientSession() as s, s.get(url) as resp:  # a browser: no key
        return resp.status, resp.content_type, await resp.read()


def _pdf_text(body: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


async def test_the_hosted_page_shows_everything_an_invoice_says(v1):
    _, invoice = await _invoice(v1)
    status, ctype, body = await _get(invoice.hosted_invoice_url)
    page = body.decode()
    assert (status, ctype) == (200, "text/html")
    for text in ("Invoice " + invoice.number, "Camille Martin", "8 rue de Rivoli",
                 "Entrepôt", "EU VAT FR12345678901", "Brass desk lamp", "$15.00", "$30.00",
                 "Subtotal", "$6.00", "Total", "$36.00", "Amount due", "PO: PO-4471",
                 "Thank you for your business.", "Open", "December", "Date due"):
        assert text in page, text
    assert 'id="pay"' in page


async def test_reverse_charge_and_exempt_notes(v1):
    _, reverse = await _invoice(v1, exempt="reverse")
    page = (await _get(reverse.hosted_invoice_url))[2].decode()
    assert "Tax to be paid on reverse charge basis" in page
    _, exempt = await _invoice(v1, exempt="exempt", locale="de")
    assert "Steuerbefreit" in (await _get(exempt.hosted_invoice_url))[2].decode()


@pytest.mark.parametrize("locale, words", [
    ("fr", ["Facture", "Montant dû", "36,00\u00a0$US", "décembre"]),
    ("fr-CA", ["Facture", "36,00\u00a0$\u00a0US", "décembre"]),
    ("de", ["Rechnung", "Fälliger Betrag", "36,00\u00a0$", "Dezember"]),
    ("es", ["Factura", "Importe adeudado", "diciembre"]),
    ("it", ["Fattura", "Importo dovuto", "dicembre"]),
    ("nl", ["Factuur", "Verschuldigd bedrag", "december"]),
    ("ja", ["請求書", "支払金額", "$36.00", "12月"]),
    ("pt-BR", ["Fatura", "Valor devido", "US$\u00a036,00", "dezembro"]),
    ("zz-ZZ", ["Invoice", "Amount due", "$36.00", "December"]),  # unsupported: English
])
async def test_the_page_and_the_pdf_in_the_customers_language(v1, locale, words):
    _, invoice = await _invoice(v1, locale=locale)
    page = (await _get(invoice.hosted_invoice_url))[2].decode()
    status, ctype, body = await _get(invoice.invoice_pdf)
    assert (status, ctype) == (200, "application/pdf") and body.startswith(b"%PDF")
    text = _pdf_text(body)
    for word in words:
        assert word in page, (word, "page")
        assert word.replace("\u00a0", " ") in text.replace("\u00a0", " "), (word, "pdf")


async def test_the_pdf_says_what_the_invoice_says(v1):
    _, invoice = await _invoice(v1, exempt="reverse")
    text = _pdf_text((await _get(invoice.invoice_pdf))[2])
    for word in ("Invoice", invoice.number, "Bill to", "EU VAT FR12345678901", "Ship to",
                 "Tax to be paid on reverse charge basis", "Brass desk lamp", "Subtotal",
                 "$30.00", "Total", "Amount due", "PO: PO-4471", "Thank you for your business.",
                 "Date of issue", "Date due"):
        assert word in text, word


async def test_zero_and_three_decimal_currencies(v1):
    _, yen = await _invoice(v1, currency="jpy", unit=1500, locale="ja")
    assert "￥3,000" in (await _get(yen.hosted_invoice_url))[2].decode()
    _, dinar = await _invoice(v1, currency="kwd", unit=1500)
    page = (await _get(dinar.hosted_invoice_url))[2].decode()
    assert "KWD" in page and "3.000" in page and "1.500" in page


async def test_every_status_and_the_refusals(v1, base_url):
    _, paid = await _invoice(v1, pay=True)
    page = (await _get(paid.hosted_invoice_url))[2].decode()
    assert "Paid" in page and 'id="pay"' not in page and "Amount paid" in page
    _, voided = await _invoice(v1)
    await v1.invoices.void_invoice_async(voided.id)
    assert "Void" in (await _get(voided.hosted_invoice_url))[2].decode()
    _, bad = await _invoice(v1)
    await v1.invoices.mark_uncollectible_async(bad.id)
    assert "Uncollectible" in (await _get(bad.hosted_invoice_url))[2].decode()
    for invoice, label in ((paid, "Paid"), (voided, "Void"), (bad, "Uncollectible")):
        assert label in _pdf_text((await _get(invoice.invoice_pdf))[2])
    customer = await v1.customers.create_async()
    draft = await v1.invoices.create_async({"customer": customer.id})
    assert draft.hosted_invoice_url is None
    token = urlparse(paid.hosted_invoice_url).path.split("/")[3]
    for path in (f"/_emulator/invoices/{token}/{draft.id}",
                 f"/_emulator/invoices/{token}/{draft.id}/pdf",
                 f"/_emulator/invoices/{'0' * len(token)}/{paid.id}",
                 f"/_emulator/invoices/{token}/in_missing"):
        status, ctype, body = await _get(base_url + path)
        assert (status, ctype) == (404, "text/html") and b"Not found" in body


async def test_paying_on_the_hosted_page(v1):
    _, invoice = await _invoice(v1, card=False)
    url = invoice.hosted_invoice_url
    async with aiohttp.ClientSession() as s:
        async with s.post(url + "/pay", data={"card": "pm_card_chargeDeclined"}) as resp:
            assert resp.status == 402
            assert "Your card was declined." in await resp.text()
        assert (await v1.invoices.retrieve_async(invoice.id)).status == "open"
        async with s.post(url + "/pay", data={"card": "not a card"}) as resp:
            assert resp.status == 400 and "Enter a card number" in await resp.text()
        async with s.post(url + "/pay", data={"card": "4242 4242 4242 4242"}) as resp:
            assert resp.status == 200 and str(resp.url).endswith("?paid=1")
            assert "This invoice has been paid." in await resp.text()
    paid = await v1.invoices.retrieve_async(invoice.id)
    assert (paid.status, paid.amount_paid) == ("paid", 3600)
    types = [e.type for e in (await v1.events.list_async({"limit": 20})).data]
    assert "invoice.paid" in types and "payment_intent.succeeded" in types


async def test_the_credit_note_pdf(v1):
    _, invoice = await _invoice(v1, locale="fr")
    note = await v1.credit_notes.create_async({"invoice": invoice.id, "lines": [
        {"type": "invoice_line_item", "invoice_line_item": invoice.lines.data[0].id,
         "quantity": 1}], "reason": "product_unsatisfactory", "memo": "Lampe rayée"})
    status, ctype, body = await _get(note.pdf)
    assert (status, ctype) == (200, "application/pdf")
    text = _pdf_text(body)
    for word in ("Avoir", note.number, invoice.number, "EU VAT FR12345678901",
                 "Lampe rayée", "Brass desk lamp", "18,00", "product unsatisfactory"):
        assert word in text, word


async def test_the_receipt_shows_the_billing_address(v1):
    _, invoice = await _invoice(v1, card=True)
    paid = await v1.invoices.pay_async(invoice.id, {
        "expand": ["payments.data.payment.payment_intent"]})
    charge = await v1.charges.retrieve_async(
        paid.payments.data[0].payment.payment_intent.latest_charge)
    page = (await _get(charge.receipt_url))[2].decode()
    assert "Camille Martin" in page and "8 rue de Rivoli" in page and "Receipt" in page


async def test_branding_shows_on_documents_and_the_account(v1, http):
    async with http.post("/_emulator/branding", data={
            "business_name": "Atelier Lumière", "support_email": "help@atelier.example",
            "address[line1]": "12 rue des Arts", "address[city]": "Lyon",
            "address[country]": "FR", "primary_color": "#c2410c",
            "logo": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlE"
                    "QVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="}) as resp:
        assert resp.status == 200 and (await resp.json())["business_name"] == "Atelier Lumière"
    async with http.post("/_emulator/branding", data={"primary_color": "red"}) as resp:
        assert resp.status == 400 and (await resp.json())["error"]["param"] == "primary_color"
    _, invoice = await _invoice(v1)
    page = (await _get(invoice.hosted_invoice_url))[2].decode()
    assert "Atelier Lumière" in page and "#c2410c" in page and "help@atelier.example" in page
    text = _pdf_text((await _get(invoice.invoice_pdf))[2])
    assert "Atelier Lumière" in text and "12 rue des Arts" in text
    async with http.get("/v1/account") as resp:
        own = await resp.json()
    assert own["business_profile"]["name"] == "Atelier Lumière"
    assert own["business_profile"]["support_email"] == "help@atelier.example"
    assert own["settings"]["branding"]["primary_color"] == "#c2410c"
