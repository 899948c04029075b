"""The printable certificate of one daily image-quality test (PDF, A4, reportlab).

One page: post, lane, scanner and detector, when and by whom, the verdict in words, and
each metric with its value, unit, limit and pass / fail — from the stored result only, so
a certificate printed later says exactly what was recorded. Plain reportlab (no shared
layout module existed when this was written).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from workstation.services.iq_tests import IqResult


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"


def write_certificate(result: IqResult, path: str | Path, *, post: str = "") -> Path:
    """Write the certificate of ``result`` to ``path`` (parent folder must exist)."""
    target = Path(path)
    styles = getSampleStyleSheet()
    verdict = "PASSED" if result.passed else "FAILED"
    when = result.performed_at.strftime("%Y-%m-%d %H:%M UTC")
    story = [
        Paragraph("Image-quality test certificate", styles["Title"]),
        Paragraph(f"Verdict: <b>{verdict}</b>", styles["Heading2"]),
        Spacer(1, 4 * mm),
    ]
    facts = [["Border post", post or "—"], ["Lane", result.lane or "—"],
             ["Scanner", result.device], ["Scanner class", result.scanner_class or "—"],
             ["Detector", result.detector or "—"], ["Tested", when],
             ["Technician", result.technician or "—"], ["Record id", result.id]]
    table = Table(facts, colWidths=[40 * mm, 130 * mm])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (0, -1), "Helvetica-Bold"),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    story += [table, Spacer(1, 6 * mm), Paragraph("Metrics", styles["Heading2"])]
    rows = [["Metric", "Value", "Unit", "Limit", "Result"]]
    for m in result.metrics:
        bound = ("≥ " if m.get("higher_is_better", True) else "≤ ") + _number(m.get("limit")) \
            if m.get("limit") is not None else "—"
        value = m.get("value")
        rows.append([str(m["name"]).replace("_", " "),
                     _number(None if value is None else float(value)),
                     str(m.get("unit", "")), bound, "pass" if m["passed"] else "FAIL"])
    metrics = Table(rows, colWidths=[62 * mm, 28 * mm, 22 * mm, 30 * mm, 24 * mm],
                    repeatRows=1)
    style: list[Any] = [("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
             ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
             ("ALIGN", (1, 1), (1, -1), "RIGHT"),
             ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f0f0f0")])]
    for i, m in enumerate(result.metrics, start=1):
        if not m["passed"]:
            style.append(("FONTNAME", (0, i), (-1, i), "Helvetica-Bold"))
    metrics.setStyle(TableStyle(style))
    story += [metrics, Spacer(1, 8 * mm),
              Paragraph("Scored automatically from the test-piece scan as the officer sees it "
                        "(calibrated and corrected). Limits: the standard's test levels "
                        "(ASTM F792 for parcel and baggage scanners, IEC 62523 for cargo).",
                        styles["Normal"]),
              Spacer(1, 14 * mm),
              Paragraph("Signature: ______________________________", styles["Normal"])]
    doc = SimpleDocTemplate(str(target), pagesize=A4, title="Image-quality test certificate",
                            author=result.technician or "Inspection Workstation",
                            leftMargin=20 * mm, rightMargin=20 * mm)
    doc.build(story)
    return target
