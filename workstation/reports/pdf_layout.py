"""Page furniture shared by the workstation's PDF documents (reportlab): a title page, a
footer with "page N of M", the house table style and paragraph styles.

Used by the performance report (:mod:`workstation.reports.pdf`) and meant for the other
printed records (a technician's calibration certificate): they look alike, and every page
says which document it belongs to and how many pages it has.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

PAGE = A4  # 210 x 297 mm, points
MARGIN = 18 * mm
FRAME_WIDTH = PAGE[0] - 2 * MARGIN
INK = colors.HexColor("#1f2933")
ACCENT = colors.HexColor("#1d4e89")
RULE = colors.HexColor("#9aa5b1")
ZEBRA = colors.HexColor("#eef2f6")


def styles() -> StyleSheet1:
    """reportlab's sample sheet with the house colours and a ``Small`` style for notes."""
    sheet = getSampleStyleSheet()
    for name in ("Title", "Heading1", "Heading2", "Heading3"):
        sheet[name].textColor = ACCENT
    sheet["BodyText"].textColor = INK
    sheet.add(ParagraphStyle("Small", parent=sheet["BodyText"], fontSize=8, leading=10,
                             textColor=INK))
    sheet.add(ParagraphStyle("TitleRow", parent=sheet["BodyText"], fontSize=12, leading=16))
    return sheet


def numbered_canvas(document: str) -> type[Canvas]:
    """A canvas class that writes ``document`` and "page N of M" at the foot of every page
    but the first (the title page). The total is known only at the end, so pages are kept
    and drawn when the document is saved."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # reportlab's page reset

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                if self.getPageNumber() > 1:
                    self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN, MARGIN - 4 * mm, PAGE[0] - MARGIN, MARGIN - 4 * mm)
            self.setFont("Helvetica", 8)
            self.setFillColor(INK)
            self.drawString(MARGIN, MARGIN - 8 * mm, document)
            self.drawRightString(PAGE[0] - MARGIN, MARGIN - 8 * mm,
                                 f"page {self.getPageNumber()} of {total}")
            self.restoreState()

    return NumberedCanvas


def title_page(title: str, rows: Sequence[tuple[str, str]], note: str = "") -> list[Flowable]:
    """The first page: the title, then a two-column table of what the document is about
    (post, period, author, generated at ...), an optional note, and a page break."""
    sheet = styles()
    story: list[Flowable] = [Spacer(1, 50 * mm), Paragraph(title, sheet["Title"]),
                             Spacer(1, 12 * mm)]
    cells = [[Paragraph(f"<b>{label}</b>", sheet["TitleRow"]), Paragraph(value, sheet["TitleRow"])]
             for label, value in rows]
    table = Table(cells, colWidths=[50 * mm, FRAME_WIDTH - 50 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    story.append(table)
    if note:
        story += [Spacer(1, 10 * mm), Paragraph(note, sheet["Small"])]
    story.append(PageBreak())
    return story


def data_table(header: Sequence[str], rows: Sequence[Sequence[Any]],
               col_widths: Sequence[float] | None = None,
               numeric: Sequence[int] = ()) -> Table:
    """A table in the house style: bold header repeated on every page, light zebra rows,
    the ``numeric`` columns right-aligned. Cells are text (``None`` shown as a dash)."""
    body = [[("—" if cell is None else str(cell)) for cell in row] for row in rows]
    table = Table([list(header), *body], colWidths=col_widths, repeatRows=1, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8.5),
        ("FONT", (0, 1), (-1, -1), "Helvetica", 8.5),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, -1), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    for column in numeric:
        commands.append(("ALIGN", (column, 0), (column, -1), "RIGHT"))
    for index in range(2, len(body) + 1, 2):
        commands.append(("BACKGROUND", (0, index), (-1, index), ZEBRA))
    table.setStyle(TableStyle(commands))
    return table


def build(story: list[Flowable], *, title: str, author: str, footer: str) -> bytes:
    """The PDF of ``story`` on A4 with the house margins; ``footer`` names the document at
    the foot of every page after the title page. Returns the file's bytes."""
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=MARGIN + 6 * mm, title=title,
                            author=author, creator="Inspection Workstation")
    doc.build(story, canvasmaker=numbered_canvas(footer))
    return out.getvalue()


def when(value: datetime) -> str:
    """A UTC time as printed in documents: ``2026-11-28 14:05 UTC``."""
    return value.strftime("%Y-%m-%d %H:%M UTC")
