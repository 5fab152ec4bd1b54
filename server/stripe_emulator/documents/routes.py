"""The routes of documents a person opens without the key (the link names the account by its
public token): the hosted invoice page and its pay form, the invoice and credit note PDFs,
receipts; and `/_emulator/branding` (keyed) for what they show of the account. Errors here
are HTML pages, not JSON."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from aiohttp import web

from ..errors import CardError, InvalidRequestError, StripeError
from ..http.auth import api_key
from ..http.responses import json_response
from ..http.router import Router
from ..resources import payment_method_rules as pm_rules
from ..resources.credit_notes import compute as credit_notes
from ..resources.invoices import status as invoice_status
from ..resources.payments import charges
from ..store.memory import Account, Store
from . import branding, html, pdf, receipt, views
from .locales import choose

PREFIX = "/_emulator"
_DIGITS = re.compile(r"[\d ]{12,23}")
# Rendering runs on the loop: past this many lines a document is made in a thread instead, so
# no request waits behind it.
THREAD_PDF_LINES = 40
_RENDERER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="documents")


class NotFound(Exception):
    pass


def _error_page(status: int, lang_tags: list[str] | None = None) -> web.Response:
    lang = choose(lang_tags)
    return web.Response(status=status, content_type="text/html", text=html.page(
        "error.html", heading=lang["not_found"], text=lang["not_found_text"],
        lang_tag=lang.tag))


def add_document_routes(router: Router, store: Store) -> None:
    def account_of(args: dict[str, str]) -> Account:
        account = store.by_token(args["token"])
        if account is None:
            raise NotFound
        return account

    def html_errors(handler: Callable[..., Awaitable[web.StreamResponse]]) -> Any:
        async def run(request: web.Request, args: dict[str, str]) -> web.StreamResponse:
            try:
                return await handler(request, args)
            except NotFound:
                return _error_page(404)

        return run

    def finalized(account: Account, invoice_id: str) -> dict:
        invoice = account.collections["invoice"].get(invoice_id)
        if invoice is None or invoice["status"] == "draft":  # a draft has no hosted page
            raise NotFound
        return invoice

    def _page(account: Account, invoice: dict, args: dict[str, str],
              message: str | None = None, paid: bool = False, status: int = 200
              ) -> web.Response:
        """The hosted page; `message` an error to show, or `paid` the paid notice."""
        view = views.invoice_view(account, invoice)
        ok = paid
        if paid:
            message = view.lang["paid_message"]
        base = f"{PREFIX}/invoices/{args['token']}/{invoice['id']}"
        text = html.page("invoice.html", **views.as_dict(view), lang_tag=view.lang.tag,
                         message=message, ok=ok, pay_url=f"{base}/pay", pdf_url=f"{base}/pdf",
                         amount_due=view.lang.money(invoice["amount_remaining"],
                                                    invoice["currency"]))
        return web.Response(status=status, content_type="text/html", text=text)

    @html_errors
    async def hosted_invoice(request: web.Request, args: dict[str, str]) -> web.Response:
        account = account_of(args)
        invoice = finalized(account, args["id"])
        return _page(account, invoice, args,
                     paid=request.query.get("paid") == "1" and invoice["status"] == "paid")

    @html_errors
    async def pay(request: web.Request, args: dict[str, str]) -> web.StreamResponse:
        """The pay form: a test card number or a `pm_card_*` name, paid through the API's own
        operation (events fire); a decline shows its message and leaves the invoice open."""
        account = account_of(args)
        form = await request.post()
        card = str(form.get("card", "")).strip()
        invoice = finalized(account, args["id"])
        try:
            with account.transaction():
                invoice = account.collections["invoice"].objects[invoice["id"]]
                pm = _method(account, card)
                if pm["customer"] is None:
                    pm_rules.check_attachable(account, pm, "card")
                    pm = pm_rules.attach(account, pm, invoice["customer"])
                invoice_status.pay(account, invoice, {"payment_method": pm["id"]})
        except StripeError as err:
            invoice = account.collections["invoice"].objects[invoice["id"]]
            return _page(account, invoice, args, err.message,
                         status=402 if isinstance(err, CardError) else 400)
        # (a response, not aiohttp's HTTPSeeOther: the pipeline answers exceptions as errors)
        return web.Response(status=303, headers={
            "Location": f"{PREFIX}/invoices/{args['token']}/{invoice['id']}?paid=1"})

    def _method(account: Account, card: str) -> dict:
        if card.startswith(("pm_", "tok_")):
            return pm_rules.resolve(account, card, "card")
        if not _DIGITS.fullmatch(card):
            raise InvalidRequestError("Enter a card number (4242 4242 4242 4242) or a test "
                                      "card name (pm_card_visa).", param="card")
        number = card.replace(" ", "")
        year = time.gmtime(account.now()).tm_year + 2
        return pm_rules.store(account, pm_rules.new_card_method(
            account, number, 12, year, True, {}), number)

    async def _pdf(view: views.View, name: str) -> web.Response:
        # A document needing embedded fonts (Japanese) or many lines takes longer than a
        # request may hold the loop: it renders on the one document thread instead (one, so
        # the parsed fonts it shares are never read by two renders at once).
        if len(view.rows) > THREAD_PDF_LINES or not pdf.standard_fonts_will_do(view):
            body = await asyncio.get_running_loop().run_in_executor(_RENDERER, pdf.render,
                                                                    view)
        else:
            body = pdf.render(view)
        return web.Response(body=body, content_type="application/pdf", headers={
            "Content-Disposition": f'inline; filename="{name}.pdf"'})

    @html_errors
    async def invoice_pdf(request: web.Request, args: dict[str, str]) -> web.Response:
        account = account_of(args)
        invoice = finalized(account, args["id"])
        return await _pdf(views.invoice_view(account, invoice),
                          f"Invoice-{invoice['number'] or invoice['id']}")

    @html_errors
    async def credit_note_pdf(request: web.Request, args: dict[str, str]) -> web.Response:
        account = account_of(args)
        note = account.collections["credit_note"].get(args["id"])
        if note is None:
            raise NotFound
        view = views.credit_note_view(account, note, credit_notes.lines_of(account, note["id"]))
        return await _pdf(view, f"CreditNote-{note['number']}")

    @html_errors
    async def receipt_page(request: web.Request, args: dict[str, str]) -> web.Response:
        account = account_of(args)
        try:
            charge, invoice, refunds = charges.receipt_parts(account, args["id"])
        except StripeError:
            raise NotFound from None
        customer = account.collections["customer"].get(charge["customer"] or "")
        page = receipt.render(charge, branding.of(account), invoice, refunds, customer)
        return web.Response(text=page, content_type="text/html")

    async def branding_route(request: web.Request, args: dict[str, str]) -> web.Response:
        """The caller's branding (`GET`), or changed (`POST`)."""
        account = store.account(api_key(request.headers.get("Authorization")))
        if request.method == "POST":
            form = {k: str(v) for k, v in (await request.post()).items()}
            with account.transaction():
                branding.update(account, form)
        return json_response(branding.of(account).public())

    for method, path, handler in (
            ("GET", "/invoices/{token}/{id}", hosted_invoice),
            ("POST", "/invoices/{token}/{id}/pay", pay),
            ("GET", "/invoices/{token}/{id}/pdf", invoice_pdf),
            ("GET", "/credit_notes/{token}/{id}/pdf", credit_note_pdf),
            ("GET", "/receipts/{token}/{id}", receipt_page),
            ("GET", "/branding", branding_route), ("POST", "/branding", branding_route)):
        router.add(method, PREFIX + path, handler)
