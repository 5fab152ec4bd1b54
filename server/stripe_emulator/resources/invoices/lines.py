"""An invoice's lines: `/v1/invoices/{id}/lines`, and add / update / remove on a draft."""

from __future__ import annotations

from typing import Any

from ... import messages as M
from ...api.lists import page_in_order
from ...api.metadata import merge_metadata
from ...api.params import (
    Enum,
    Expand,
    List,
    Metadata,
    Nested,
    NotYet,
    Params,
    Str,
    within,
)
from ...errors import InvalidRequestError, no_such
from ...store.memory import Account
from . import items as invoice_items
from . import rules
from . import status as invoice_status
from .declared import INVOICE_ITEMS, INVOICES


def list_lines(account: Account, p: dict, args: dict) -> dict:
    invoice = INVOICES.find(account, args)
    lines, _ = rules.lines_of(account, invoice)
    return page_in_order(lines, p, f"/v1/invoices/{invoice['id']}/lines")


class LinePriceDataParams(invoice_items.ItemPriceDataParams):
    product_data = NotYet()  # a line's inline product: not emulated (name a `product`)


class LineEditParams(invoice_items.ItemFieldsParams):
    price_data = Nested(LinePriceDataParams)
    tax_amounts = NotYet()


class AddLineParams(LineEditParams):
    invoice_item = Str(max_length=5000)


class UpdateLineParams(LineEditParams):
    id = Str(required=True)


class RemoveLineParams(Params):
    id = Str(required=True)
    behavior = Enum("delete", "unassign", required=True)


class AddLinesParams(Params):
    lines = List(Nested(AddLineParams), required=True)
    invoice_metadata = Metadata()
    expand = Expand()


class UpdateLinesParams(AddLinesParams):
    lines = List(Nested(UpdateLineParams), required=True)


class RemoveLinesParams(AddLinesParams):
    lines = List(Nested(RemoveLineParams), required=True)


class LineItemUpdateParams(LineEditParams):
    expand = Expand()


def edit_lines(account: Account, invoice: dict, p: dict, plan: Any) -> dict:
    """Check every line's change first (all or nothing), then make them; return the invoice."""
    invoice_status.check_transition(invoice, "edit_lines")
    changes, named = [], set()
    for index, line in enumerate(p["lines"]):
        # Each change is planned against the invoice as it stands: a line (or an item) named
        # twice would be changed twice from the same state.
        key = "id" if "id" in line else "invoice_item"
        target = line.get(key)
        if target is not None:
            if target in named:
                raise InvalidRequestError(M.LINE_NAMED_TWICE.format(id=target),
                                          param=f"lines[{index}][{key}]")
            named.add(target)
        try:
            changes.append(plan(account, invoice, line))
        except InvalidRequestError as err:
            raise within(invoice_items.name_as_given(err, line), "lines", str(index)) from None
    for change in changes:
        change()
    current = account.collections[rules.KIND].objects[invoice["id"]]
    new = rules.refresh(account, current)
    if "invoice_metadata" in p:
        new["metadata"] = merge_metadata(new["metadata"], p["invoice_metadata"])
    return rules.save(account, current, new)


def plan_add(account: Account, invoice: dict, line: dict) -> Any:
    if "invoice_item" in line:
        others = sorted(set(line) - {"invoice_item"})
        if others:
            raise InvalidRequestError(
                M.EXCLUSIVE_PARAMS.format(params=", ".join(("invoice_item", others[0]))),
                code="parameters_exclusive", param=others[0])
        item = account.collections[rules.ITEM_KIND].get(line["invoice_item"])
        if item is None:
            raise no_such("invoiceitem", line["invoice_item"], "invoice_item", 400)
        if item["invoice"] is not None or item["customer"] != invoice["customer"] or \
                item["currency"] != invoice["currency"]:
            raise InvalidRequestError(M.LINE_ITEM_NOT_ADDABLE, param="invoice_item")

        def attach() -> None:
            account.update(rules.ITEM_KIND, item, {**item, "invoice": invoice["id"]})
            rules.add_lines(account, invoice["id"], [item["id"]])

        return attach
    both = [name for name in ("quantity", "quantity_decimal") if name in line]
    if "amount" in line and both:  # named as sent
        raise InvalidRequestError(M.EXCLUSIVE_PARAMS.format(params=f"amount, {both[0]}"),
                                  code="parameters_exclusive", param="amount")
    item = invoice_items.new_item(account, {
        **line, "customer": invoice["customer"], "currency": invoice["currency"],
        "invoice": invoice["id"]}, None)

    def create() -> None:
        account.create(rules.ITEM_KIND, item)
        rules.add_lines(account, invoice["id"], [item["id"]])

    return create


def plan_update(account: Account, invoice: dict, line: dict) -> Any:
    item = rules.item_of_line(account, invoice, line["id"], "id")
    fields = {k: v for k, v in line.items() if k != "id"}
    new = invoice_items.update_item(account, item, fields)
    return lambda: account.update(rules.ITEM_KIND, item, new)


def plan_remove(account: Account, invoice: dict, line: dict) -> Any:
    item = rules.item_of_line(account, invoice, line["id"], "id")

    def remove() -> None:
        rules.remove_line(account, invoice["id"], item["id"])
        if line["behavior"] == "delete":
            INVOICE_ITEMS.remove(account, item)
        else:  # back to pending, for the customer's next invoice
            account.update(rules.ITEM_KIND, item, {**item, "invoice": None})

    return remove


def update_line(account: Account, p: dict, args: dict) -> dict:
    invoice = INVOICES.find(account, args)
    edit_lines(account, invoice, {"lines": [{**p, "id": args["line"]}]}, plan_update)
    invoice = account.collections[rules.KIND].objects[invoice["id"]]
    lines, _ = rules.lines_of(account, invoice)
    return next(line for line in lines if line["id"] == args["line"])
