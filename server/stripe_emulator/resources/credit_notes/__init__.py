"""Credit notes: `/v1/credit_notes` create, retrieve, update (memo, metadata), void, list,
`preview`, `{id}/lines` and `preview/lines`. Every operation is listed here. Modules:
`declared`, `params`, `compute` (a credit note from its params: lines, taxes, totals, the
pre/post-payment split), `issue` (what issuing and voiding do to the invoice and customer)."""

from __future__ import annotations

from ...api.params import ListParams, RetrieveParams
from ...api.resource import Operation
from . import issue
from .declared import CREDIT_NOTES
from .params import (
    CreditNoteListParams,
    CreditNoteParams,
    CreditNoteUpdateParams,
    PreviewLinesParams,
)

__all__ = ["CREDIT_NOTES"]

CREDIT_NOTES.operations = [
    # Static paths are routed before `/v1/credit_notes/{id}` would take them.
    Operation("preview", "GET", "/v1/credit_notes/preview", CreditNoteParams, issue.preview,
              summary="Preview a credit note (not stored)"),
    Operation("preview_lines", "GET", "/v1/credit_notes/preview/lines", PreviewLinesParams,
              issue.preview_lines, returns="list", holds="credit_note_line_item",
              summary="List the lines of a credit note preview"),
    CREDIT_NOTES.create(CreditNoteParams, issue.new_credit_note, issue.after_create),
    CREDIT_NOTES.retrieve(),
    CREDIT_NOTES.update(CreditNoteUpdateParams, issue.update_credit_note),
    CREDIT_NOTES.list(CreditNoteListParams, issue.narrow_list),
    Operation("void", "POST", "/v1/credit_notes/{id}/void", RetrieveParams, issue.void,
              summary="Void a credit note"),
    Operation("lines", "GET", "/v1/credit_notes/{id}/lines", ListParams, issue.list_lines,
              returns="list", holds="credit_note_line_item",
              summary="List a credit note's lines"),
]
