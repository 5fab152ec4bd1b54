"""Invoices (`/v1/invoices`, their lines and actions, `create_preview`) and invoice items
(`/v1/invoiceitems`). Every operation is listed here; the package's modules, a job each:
`declared` (the resources), `drafts` (create, update, list, search), `items`, `lines` (a
draft's lines), `rules` (lines and totals, the customer snapshot), `status` (the status
machine and its actions), `preview`, `automation` (what invoices do on their own in time).
"""

from __future__ import annotations

from typing import Any

from ...api.params import ListParams, Params, RetrieveParams
from ...api.resource import Operation
from ...store.memory import Account
from . import drafts, items, lines, preview, rules
from . import status as invoice_status
from .declared import INVOICE_ITEMS, INVOICES

__all__ = ["INVOICES", "INVOICE_ITEMS", "rules"]


def action(name: str, params: type[Params], act: Any, summary: str) -> Operation:
    """`POST /v1/invoices/{id}/<name>`: `act(account, invoice, params)` on the invoice."""
    def run(account: Account, p: dict, args: dict) -> dict:
        return act(account, INVOICES.find(account, args), p)

    return Operation(name, "POST", f"/v1/invoices/{{id}}/{name}", params, run, summary=summary)


def _edit(plan: Any) -> Any:
    return lambda account, invoice, p: lines.edit_lines(account, invoice, p, plan)


INVOICES.operations = [
    # A static path must be routed before `/v1/invoices/{id}` would take it.
    Operation("create_preview", "POST", "/v1/invoices/create_preview",
              preview.CreatePreviewParams, preview.create_preview,
              summary="Preview the customer's next invoice (not stored)"),
    INVOICES.search(drafts.SEARCH_FIELDS),
    INVOICES.create(drafts.InvoiceCreateParams, drafts.new_invoice, drafts.after_create),
    INVOICES.retrieve(),
    INVOICES.update(drafts.InvoiceUpdateParams, drafts.update_invoice),
    INVOICES.delete(drafts.before_delete),
    INVOICES.list(drafts.InvoiceListParams, drafts.narrow_list),
    action("finalize", drafts.FinalizeParams, drafts.finalize, "Finalize a draft invoice"),
    action("pay", drafts.PayParams, lambda a, inv, p: invoice_status.pay(a, inv, p),
           "Pay an invoice"),
    action("attach_payment", drafts.AttachPaymentParams, invoice_status.attach_payment,
           "Attach a PaymentIntent to an invoice as one of its payments"),
    action("void", RetrieveParams, lambda a, inv, p: invoice_status.void(a, inv),
           "Void an invoice"),
    action("mark_uncollectible", RetrieveParams,
           lambda a, inv, p: invoice_status.mark_uncollectible(a, inv),
           "Mark an invoice uncollectible"),
    action("send", RetrieveParams, lambda a, inv, p: invoice_status.send(a, inv),
           "Send an invoice"),
    Operation("lines", "GET", "/v1/invoices/{id}/lines", ListParams, lines.list_lines,
              returns="list", summary="List an invoice's line items", holds="line_item"),
    action("add_lines", lines.AddLinesParams, _edit(lines.plan_add), "Add lines to a draft"),
    action("update_lines", lines.UpdateLinesParams, _edit(lines.plan_update),
           "Update a draft's lines"),
    action("remove_lines", lines.RemoveLinesParams, _edit(lines.plan_remove),
           "Remove a draft's lines"),
    Operation("update_line", "POST", "/v1/invoices/{id}/lines/{line}",
              lines.LineItemUpdateParams, lines.update_line,
              summary="Update one line of a draft (returns the line item)", holds="line_item"),
]

INVOICE_ITEMS.operations = [
    INVOICE_ITEMS.create(items.InvoiceItemCreateParams, items.new_item, items.after_create),
    INVOICE_ITEMS.retrieve(),
    INVOICE_ITEMS.update(items.InvoiceItemUpdateParams, items.update_item, items.after_update),
    INVOICE_ITEMS.delete(items.editable, items.after_delete_refresh),
    INVOICE_ITEMS.list(items.InvoiceItemListParams, items.narrow_list),
]
