"""Documents as PDF, with fpdf2: pure Python (no system libraries, so the wheel and the
Docker image need nothing more), a 10-line invoice in a few milliseconds, and fonts embedded
as subsets (a page of Latin text is ~20 KB). The fonts ship in `fonts/`: DejaVu Sans, and
IPAGothic for what it lacks (Japanese)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.fonts import SubsetMap

from .views import View

FONTS = Path(__file__).with_name("fonts")
MARGIN = 15
WIDTH = 210 - 2 * MARGIN  # A4


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


_PARSED: dict[str, Any] = {}  # fonts parsed once (~100 ms each), shared by every document


def _parsed() -> dict[str, Any]:
    if not _PARSED:
        template = FPDF()
        template.add_font("body", "", str(FONTS / "DejaVuSans.ttf"))
        template.add_font("body", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        template.add_font("cjk", "", str(FONTS / "ipag.ttf"))
        _PARSED.update(template.fonts)
    return _PARSED


def _fonts(text: str) -> dict[str, Any]:
    """The parsed fonts a document's `text` needs (IPAGothic only for what DejaVu lacks: each
    font embedded costs its subsetting), each document getting its own copy of what a
    document changes (the glyphs it uses), sharing the parsed tables."""
    parsed = _parsed()
    cmap = parsed["body"].cmap
    wanted = ["body", "bodyB"]
    if any(ord(c) not in cmap for c in set(text) if not c.isspace()):
        wanted.append("cjk")
    return {key: deepcopy_font(parsed[key]) for key in wanted}


def _text_of(view: View) -> str:
    parts = [view.title, view.number, view.status_label, view.headline, view.memo or "",
             view.footer or "", view.tax_note or "", view.lang["page_of"],
             *view.seller, *view.bill_to, *view.ship_to, *view.tax_ids,
             *(x for pair in view.facts for x in pair),
             *(x for pair in view.custom_fields for x in pair),
             *(x for row in view.rows for x in (row.description, row.quantity, row.unit,
                                                row.tax, row.amount)),
             *(x for label, value, _ in view.totals for x in (label, value)),
             *(view.lang[w] for w in ("bill_to", "ship_to", "description", "quantity",
                                      "unit_price", "tax", "amount"))]
    return "".join(parts) + (view.support_email or "")


def deepcopy_font(font: Any) -> Any:
    """A document's own copy of a parsed font: the tables shared, the glyphs it will use
    (its subset) its own."""
    clone = type(font).__new__(type(font))
    for name in type(font).__slots__:
        if hasattr(font, name):
            setattr(clone, name, getattr(font, name))
    clone.missing_glyphs = []
    clone.biggest_size_pt = 0
    clone.subset = SubsetMap(clone)
    return clone


# PDF's standard fonts need no embedding (a Latin document renders in a fraction of the time);
# they take WinAnsi text, so a document whose text is all WinAnsi uses them, any other the
# shipped TrueType fonts.
_WINANSI = str.maketrans({"\u202f": "\u00a0", "\u2212": "-", "\u2009": " "})


def _winansi(text: str) -> bool:
    try:
        text.translate(_WINANSI).encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def standard_fonts_will_do(view: View) -> bool:
    """Whether the document renders without embedded fonts (a few milliseconds)."""
    return _winansi(_text_of(view))


class _Document(FPDF):
    def __init__(self, view: View) -> None:
        super().__init__(format="A4")
        self.view = view
        self.set_margins(MARGIN, MARGIN)
        self.set_auto_page_break(True, 20)
        text = _text_of(view)
        self.core = _winansi(text)
        self.core_fonts_encoding = "windows-1252"
        if not self.core:
            self.fonts.update(_fonts(text))
            if "cjk" in self.fonts:
                self.set_fallback_fonts(["cjk"], exact_match=False)
        self.set_title(f"{view.title} {view.number}")
        self.set_creator("stripe-emulator")
        self.alias_nb_pages()

    def face(self, style: str, size: float) -> None:
        self.set_font("helvetica" if self.core else "body", style, size)

    def normalize_text(self, text: str) -> str:
        return super().normalize_text(text.translate(_WINANSI) if self.core else text)

    def footer(self) -> None:
        self.set_y(-14)
        self.face("", 8)
        self.set_text_color(120, 120, 120)
        page = self.view.lang["page_of"].format(page=self.page_no(), pages="{nb}")
        self.cell(0, 5, f"{self.view.number} · {page}", align="R")


def render(view: View) -> bytes:
    pdf = _Document(view)
    pdf.add_page()
    color = _rgb(view.color)
    if view.logo:
        try:
            pdf.image(io.BytesIO(view.logo), x=MARGIN, y=MARGIN, h=14)
            pdf.set_y(MARGIN + 16)
        except Exception:  # a logo it cannot read is left out, never a failed document
            pass
    pdf.face("B", 20)
    pdf.set_text_color(*color)
    pdf.cell(WIDTH / 2, 10, view.title)
    pdf.face("", 10)
    pdf.set_text_color(60, 60, 60)
    pdf.cell(WIDTH / 2, 10, view.status_label, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    top = pdf.get_y()
    pdf.face("", 9)
    for label, value in view.facts:
        pdf.face("B", 9)
        pdf.cell(40, 5, label)
        pdf.face("", 9)
        pdf.cell(60, 5, value, new_x="LMARGIN", new_y="NEXT")
    facts_end = pdf.get_y()
    pdf.set_xy(MARGIN + 110, top)
    for i, line in enumerate(view.seller + ([view.support_email] if view.support_email
                                            else [])):
        pdf.face("B" if i == 0 else "", 9)
        pdf.set_x(MARGIN + 110)
        pdf.cell(WIDTH - 110, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(facts_end, pdf.get_y()) + 6)
    block_top = bottom = pdf.get_y()
    for x, title, lines in ((MARGIN, view.lang["bill_to"], view.bill_to + view.tax_ids),
                            (MARGIN + 90, view.lang["ship_to"], view.ship_to)):
        if not lines:
            continue
        pdf.set_xy(x, block_top)
        pdf.face("B", 9)
        pdf.cell(85, 5, title, new_x="LMARGIN", new_y="NEXT")
        pdf.face("", 9)
        for line in lines:
            pdf.set_x(x)
            pdf.cell(85, 5, line, new_x="LMARGIN", new_y="NEXT")
        bottom = max(bottom, pdf.get_y())
    pdf.set_y(bottom + 4)
    if view.tax_note:
        pdf.face("B", 9)
        pdf.cell(0, 6, view.tax_note, new_x="LMARGIN", new_y="NEXT")
    if view.headline:
        pdf.face("B", 14)
        pdf.cell(0, 10, view.headline, new_x="LMARGIN", new_y="NEXT")
    if view.memo:
        pdf.face("", 9)
        pdf.multi_cell(0, 5, view.memo, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    widths = (82, 18, 30, 20, 30)
    lang = view.lang
    pdf.face("B", 9)
    pdf.set_draw_color(*color)
    for width, head, align in zip(widths, (lang["description"], lang["quantity"],
                                           lang["unit_price"], lang["tax"], lang["amount"]),
                                  ("L", "R", "R", "R", "R"), strict=True):
        pdf.cell(width, 7, head, border="B", align=align)
    pdf.ln()
    pdf.face("", 9)
    for row in view.rows:
        y = pdf.get_y()
        pdf.multi_cell(widths[0], 6, row.description, new_x="RIGHT", new_y="TOP")
        height = max(pdf.get_y(), y + 6) - y
        for width, value in zip(widths[1:], (row.quantity, row.unit, row.tax, row.amount),
                                strict=True):
            pdf.cell(width, 6, value, align="R")
        pdf.set_y(y + max(height, 6))
    pdf.ln(3)
    for label, value, strong in view.totals:
        pdf.face("B" if strong else "", 9)
        pdf.set_x(MARGIN + 70)
        pdf.cell(80, 6, label, align="R")
        pdf.cell(30, 6, value, align="R", new_x="LMARGIN", new_y="NEXT")
    if view.custom_fields or view.footer:
        pdf.ln(6)
        pdf.face("", 9)
        for name, value in view.custom_fields:
            pdf.cell(0, 5, f"{name}: {value}", new_x="LMARGIN", new_y="NEXT")
        if view.footer:
            pdf.ln(2)
            pdf.multi_cell(0, 5, view.footer, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
