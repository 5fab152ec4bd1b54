"""The Customers page at `/_emulator/dashboard`: list, filter, add, edit, delete and export an
account's customers in a browser. Every change runs the API's own operation (its validation,
its events and webhooks). The account is the one of the API key the browser remembers (a
cookie set from the key field) or that a script sends in `Authorization`; other accounts
can be picked only when the server was started with `--dashboard-all-accounts`."""

from __future__ import annotations

import csv
import functools
import io
import json
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any
from urllib.parse import quote, urlencode

from aiohttp import web
from jinja2 import Environment, PackageLoader, select_autoescape

from ..api.params import load
from ..billing.currencies import ACCOUNT_DEFAULT, display
from ..errors import StripeError
from ..http.auth import api_key
from ..http.forms import decode_form
from ..resources import payment_method_rules as pm_rules
from ..resources.customers import CUSTOMERS
from ..store.memory import Account, Store

PREFIX = "/_emulator/dashboard"
COOKIE = "stripe_emulator_key"
PAGE = 50
ENV = Environment(loader=PackageLoader("stripe_emulator.dashboard", "templates"),
                  autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
OPS = {op.name: op for op in CUSTOMERS.operations}
# The fields the add and edit forms take (the API's names).
FIELDS = ("name", "email", "phone", "description", "preferred_locales", "address[line1]",
          "address[line2]", "address[city]", "address[state]", "address[postal_code]",
          "address[country]", "metadata[app_id]")
# Stripe's customer export columns (those the emulator has), then one per metadata key.
EXPORT_COLUMNS = ("id", "Description", "Email", "Name", "Phone", "Created (UTC)", "Balance",
                  "Currency", "Delinquent", "Default Payment Method", "Preferred Locales",
                  "Tax Exempt", "Address Line1", "Address Line2", "Address City",
                  "Address State", "Address Postal Code", "Address Country")


Page = Callable[..., Awaitable[web.StreamResponse]]


def _keyed(page: Page) -> Page:
    """A page of an account's: it is given the account the key names, or the key page (401)
    answers instead."""

    @functools.wraps(page)
    async def handle(self: Dashboard, request: web.Request,
                     args: dict[str, str]) -> web.StreamResponse:
        account = self.account_of(request)
        if account is None:
            return self._no_key()
        return await page(self, request, args, account)

    return handle


def _not_found(customer_id: str) -> web.Response:
    return _html("error.html", status=404, message=f"No such customer: {customer_id}")


def _html(template: str, status: int = 200, **context: Any) -> web.Response:
    return web.Response(status=status, content_type="text/html",
                        text=ENV.get_template(template).render(prefix=PREFIX, **context))


def _date(ts: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.gmtime(ts))


def _money(amount: int, currency: str | None) -> str:
    return display(amount, currency or ACCOUNT_DEFAULT)


FILTERS = ("email", "name", "created_from", "created_to", "metadata_key", "metadata_value", "q")


def _filters(query: Any) -> dict[str, str]:
    """The list's filters a page's query string sets."""
    return {k: query[k] for k in FILTERS if query.get(k)}


def _query(filters: dict[str, str]) -> str | None:
    """The filters as one query of `/v1/customers/search`'s language (None: no filter)."""
    parts = []
    for field in ("email", "name"):
        if filters.get(field):
            parts.append(f"{field}~'{filters[field]}'" if field == "name"
                         else f"{field}:'{filters[field]}'")
    if filters.get("metadata_key"):
        parts.append(f"metadata['{filters['metadata_key']}']:'{filters.get('metadata_value', '')}'")
    for field, op in (("created_from", ">="), ("created_to", "<=")):
        if filters.get(field):
            try:
                day = time.strptime(filters[field], "%Y-%m-%d")
            except ValueError:
                continue
            ts = int(time.mktime(day) - time.timezone) + (86_399 if op == "<=" else 0)
            parts.append(f"created{op}{ts}")
    if filters.get("q"):
        parts.append(f"({filters['q']})" if parts else filters["q"])
    return " AND ".join(parts) if parts else None


class Dashboard:
    def __init__(self, store: Store, all_accounts: bool) -> None:
        self.store = store
        self.all_accounts = all_accounts

    # which account -----------------------------------------------------------------------

    def key_of(self, request: web.Request) -> str | None:
        header = request.headers.get("Authorization")
        if header:
            return api_key(header)
        chosen = request.query.get("account")
        if chosen and self.all_accounts:
            return chosen
        return request.cookies.get(COOKIE) or None

    def account_of(self, request: web.Request) -> Account | None:
        key = self.key_of(request)
        if key is None:
            return None
        try:
            api_key(f"Bearer {key}")
        except StripeError:
            return None
        return self.store.account(key)

    def _context(self, request: web.Request, account: Account) -> dict[str, Any]:
        key = account.key
        return {"key_hint": f"…{key[-4:]}", "all_accounts": self.all_accounts,
                "accounts": sorted(self.store.accounts) if self.all_accounts else [],
                "current_key": key}

    # pages -------------------------------------------------------------------------------

    async def home(self, request: web.Request, args: dict[str, str]) -> web.StreamResponse:
        return web.Response(status=303, headers={"Location": f"{PREFIX}/customers"})

    async def set_key(self, request: web.Request, args: dict[str, str]) -> web.Response:
        form = await request.post()
        key = str(form.get("key", "")).strip()
        response = web.Response(status=303, headers={"Location": f"{PREFIX}/customers"})
        try:
            api_key(f"Bearer {key}")
        except StripeError as err:
            return _html("key.html", status=400, error=err.message, key=key)
        response.set_cookie(COOKIE, key, httponly=True, samesite="Strict", path=PREFIX)
        return response

    def _no_key(self) -> web.Response:
        return _html("key.html", status=401, error=None, key="")

    def _run(self, account: Account, name: str, params: dict[str, Any],
             args: dict[str, str] | None = None) -> dict:
        op = OPS[name]
        with account.transaction():
            return op.run(account, load(op.params, params), args or {})

    def _page(self, account: Account, filters: dict[str, str], cursor: dict[str, str]
              ) -> tuple[list[dict], dict[str, str | None], str | None]:
        """One page of customers, newest first, and the links to the pages around it."""
        query = _query(filters)
        if query is None:
            params = {"limit": str(PAGE), **cursor}
            result = self._run(account, "list", params)
            data = result["data"]
            more = result["has_more"]
            going_back = "ending_before" in cursor
            older = data[-1]["id"] if data and (more or going_back) else None
            newer = data[0]["id"] if data and (cursor and (not going_back or more)) else None
            return data, {"starting_after": older, "ending_before": newer}, None
        params = {"query": query, "limit": str(PAGE)}
        if cursor.get("page"):
            params["page"] = cursor["page"]
        try:
            result = self._run(account, "search", params)
        except StripeError as err:
            return [], {}, err.message
        return result["data"], {"page": result["next_page"]}, None

    @_keyed
    async def customers(self, request: web.Request, args: dict[str, str],
                 account: Account) -> web.Response:
        q = request.query
        filters = _filters(q)
        cursor = {k: q[k] for k in ("starting_after", "ending_before", "page") if q.get(k)}
        data, links, error = self._page(account, filters, cursor)
        pms = account.collections[pm_rules.KIND].objects
        rows = []
        for c in data:
            default = pms.get(c["invoice_settings"]["default_payment_method"] or "")
            rows.append({"id": c["id"], "name": c["name"] or "", "email": c["email"] or "",
                         "created": _date(c["created"]), "currency": (c["currency"] or "").upper(),
                         "balance": _money(c["balance"], c["currency"]),
                         "payment_method": f"{default['card']['brand'].title()} •••• "
                         f"{default['card']['last4']}" if default else "",
                         "app_id": c["metadata"].get("app_id", "")})
        base = urlencode(filters)
        pages = {name: f"{PREFIX}/customers?{base}&{name}={quote(value)}"
                 for name, value in links.items() if value}
        return _html("customers.html", rows=rows, filters=filters, error=error, pages=pages,
                     export=f"{PREFIX}/customers/export?{base}",
                     **self._context(request, account))

    @_keyed
    async def customer(self, request: web.Request, args: dict[str, str],
                 account: Account) -> web.Response:
        c = account.collections["customer"].get(args["id"])
        if c is None:
            return _not_found(args["id"])
        return _html("customer.html", c=c, **self._details(account, c),
                     fields=self._values(c), errors={}, **self._context(request, account))

    def _details(self, account: Account, c: dict) -> dict[str, Any]:
        cols = account.collections
        invoices = [cols["invoice"].objects[i] for i in
                    reversed(cols["invoice"].indexes["customer"].ids(c["id"]))]
        subs = [cols["subscription"].objects[i] for i in
                reversed(cols["subscription"].indexes["customer"].ids(c["id"]))]
        return {"tax_ids": cols["tax_id"].under(c["id"]),
                "methods": cols[pm_rules.KIND].under(c["id"]),
                "invoices": invoices, "subscriptions": subs,
                "transactions": cols["customer_balance_transaction"].under(c["id"])[::-1],
                "money": _money, "date": _date}

    @staticmethod
    def _values(c: dict | None) -> dict[str, str]:
        if c is None:
            return {}
        address = c["address"] or {}
        out = {"name": c["name"] or "", "email": c["email"] or "", "phone": c["phone"] or "",
               "description": c["description"] or "",
               "preferred_locales": ", ".join(c["preferred_locales"] or []),
               "metadata[app_id]": c["metadata"].get("app_id", "")}
        for part in ("line1", "line2", "city", "state", "postal_code", "country"):
            out[f"address[{part}]"] = address.get(part) or ""
        return out

    @staticmethod
    def _params(form: dict[str, str], creating: bool) -> dict[str, Any]:
        """The form as the API's params (on create, empty fields are left out)."""
        body = {k: v.strip() for k, v in form.items() if k in FIELDS}
        if creating:
            body = {k: v for k, v in body.items() if v}
        elif not any(body.get(f"address[{p}]") for p in ("line1", "line2", "city", "state",
                                                           "postal_code", "country")):
            body = {k: v for k, v in body.items() if not k.startswith("address[")}
            body["address"] = ""  # every line emptied: no address
        else:  # an address's own lines cannot be unset one by one: empty ones are left
            body = {k: v for k, v in body.items() if v or not k.startswith("address[")}
        locales = body.pop("preferred_locales", None)
        text = "&".join(f"{quote(k)}={quote(v)}" for k, v in body.items())
        params = decode_form(text)
        chosen = [x.strip() for x in (locales or "").split(",") if x.strip()]
        if chosen:
            params["preferred_locales"] = chosen
        elif locales is not None and not creating:
            params["preferred_locales"] = []  # (an empty list: the API's way to clear them)
        return params

    @_keyed
    async def create(self, request: web.Request, args: dict[str, str],
                 account: Account) -> web.Response:
        form = {k: str(v) for k, v in (await request.post()).items()}
        try:
            made = self._run(account, "create", self._params(form, True))
        except StripeError as err:
            return _html("new.html", status=400, fields=form,
                         errors={err.param or "": err.message},
                         **self._context(request, account))
        return web.Response(status=303, headers={"Location": f"{PREFIX}/customers/{made['id']}"})

    @_keyed
    async def new(self, request: web.Request, args: dict[str, str],
                 account: Account) -> web.Response:
        return _html("new.html", fields={}, errors={}, **self._context(request, account))

    @_keyed
    async def update(self, request: web.Request, args: dict[str, str],
                 account: Account) -> web.Response:
        c = account.collections["customer"].get(args["id"])
        if c is None:
            return _not_found(args["id"])
        form = {k: str(v) for k, v in (await request.post()).items()}
        try:
            self._run(account, "update", self._params(form, False), {"id": c["id"]})
        except StripeError as err:
            return _html("customer.html", status=400, c=c, **self._details(account, c),
                         fields=form, errors={err.param or "": err.message}, editing=True,
                         **self._context(request, account))
        return web.Response(status=303, headers={"Location": f"{PREFIX}/customers/{c['id']}"})

    @_keyed
    async def delete(self, request: web.Request, args: dict[str, str],
                 account: Account) -> web.Response:
        """Delete the customers the form names (`id`, one or several)."""
        form = await request.post()
        ids = [str(v) for v in form.getall("id", [])]
        with account.transaction():
            for customer_id in ids:
                if customer_id in account.collections["customer"].objects:
                    OPS["delete"].run(account, {}, {"id": customer_id})
        return web.Response(status=303, headers={"Location": f"{PREFIX}/customers"})

    @_keyed
    async def export(self, request: web.Request, args: dict[str, str],
                 account: Account) -> web.StreamResponse:
        """The filtered list as CSV (`format=csv`, Stripe's export columns and one per
        metadata key) or JSON lines, streamed a chunk at a time."""
        q = request.query
        filters = _filters(q)
        fmt = q.get("format", "csv")
        response = web.StreamResponse(headers={
            "Content-Type": "text/csv; charset=utf-8" if fmt == "csv" else
            "application/json",
            "Content-Disposition": f'attachment; filename="customers.{fmt}"'})
        await response.prepare(request)
        if fmt == "csv":
            keys = sorted({k for c in self._matching(account, filters) for k in c["metadata"]})
            await response.write(_csv_row([*EXPORT_COLUMNS, *(f"{k} (metadata)"
                                                              for k in keys)]))
            chunk = []
            for c in self._matching(account, filters):
                chunk.append(_csv_row(self._export_row(account, c, keys)))
                if len(chunk) >= 500:
                    await response.write(b"".join(chunk))
                    chunk = []
            await response.write(b"".join(chunk))
        else:
            await response.write(b"[")
            first = True
            for c in self._matching(account, filters):
                await response.write((b"" if first else b",\n") + json.dumps(c).encode())
                first = False
            await response.write(b"]\n")
        await response.write_eof()
        return response

    def _matching(self, account: Account, filters: dict[str, str]) -> Iterator[dict]:
        """Every customer the filters keep, newest first, a page at a time."""
        query = _query(filters)
        if query is None:
            cursor: dict[str, str] = {}
            while True:
                page = self._run(account, "list", {"limit": "100", **cursor})
                yield from page["data"]
                if not page["has_more"]:
                    return
                cursor = {"starting_after": page["data"][-1]["id"]}
        params = {"query": query, "limit": "100"}
        while True:
            page = self._run(account, "search", params)
            yield from page["data"]
            if not page["next_page"]:
                return
            params = {**params, "page": page["next_page"]}

    @staticmethod
    def _export_row(account: Account, c: dict, keys: list[str]) -> list[str]:
        address = c["address"] or {}
        return [c["id"], c["description"] or "", c["email"] or "", c["name"] or "",
                c["phone"] or "", _date(c["created"]), str(c["balance"]),
                c["currency"] or "", str(c["delinquent"]).lower(),
                c["invoice_settings"]["default_payment_method"] or "",
                " ".join(c["preferred_locales"] or []), c["tax_exempt"] or "",
                address.get("line1") or "", address.get("line2") or "",
                address.get("city") or "", address.get("state") or "",
                address.get("postal_code") or "", address.get("country") or "",
                *(c["metadata"].get(k, "") for k in keys)]


def _csv_row(values: list[str]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerow(values)
    return out.getvalue().encode()


def add_dashboard_routes(router: Any, store: Store, all_accounts: bool = False) -> None:
    board = Dashboard(store, all_accounts)
    for method, path, handler in (
            ("GET", "", board.home), ("POST", "/key", board.set_key),
            ("GET", "/customers", board.customers), ("GET", "/customers/new", board.new),
            ("POST", "/customers", board.create),
            ("GET", "/customers/export", board.export),
            ("POST", "/customers/delete", board.delete),
            ("GET", "/customers/{id}", board.customer),
            ("POST", "/customers/{id}", board.update)):
        router.add(method, PREFIX + path, handler)
