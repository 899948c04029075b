"""The performance report as a PDF: title page, the key figures, charts (hit rate per risk
profile, controls per day, control durations) and the tables of every grouping.

Drawn with reportlab's own charts (``reportlab.graphics``): vector graphics in the PDF, no
plotting library or display needed, so the command line and the window make the same file.
Page furniture comes from :mod:`workstation.reports.pdf_layout`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from workstation.reports import pdf_layout as layout
from workstation.reports.kpis import Figures, GroupFigures, Percentiles

TITLE = "Performance figures"
DIMENSION_TITLES = {
    "post": "Per post", "lane": "Per lane", "officer": "Per officer", "channel": "Per channel",
    "control_type": "Per control type", "risk_area": "Per risk area",
    "risk_profile": "Per risk profile",
}
NO_KEY = {"channel": "(random control)", "risk_area": "(random control)",
          "risk_profile": "(random control)", "officer": "(unknown)"}
BAR = layout.ACCENT
ALARM = colors.HexColor("#b42318")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f} %"


def _num(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def _eur(value: float) -> str:
    return f"{value:,.2f} €"


def _period_text(figures: Figures) -> str:
    period = figures.period
    last = period.until - timedelta(microseconds=1)
    text = (f"{period.since.strftime('%Y-%m-%d %H:%M')} to {last.strftime('%Y-%m-%d %H:%M')} "
            "UTC")
    return text + (f", lane {period.lane}" if period.lane else ", all lanes")


def _percentiles_text(p: Percentiles, unit: str) -> str:
    return f"{_num(p.p50)} / {_num(p.p90)} {unit} (of {p.count})"


def _summary(figures: Figures) -> list[tuple[str, str]]:
    t = figures.totals
    r = figures.reviews
    return [
        ("Referrals received", f"{figures.referrals_received:,}"),
        ("Controls closed", f"{t.controls:,}"),
        ("of which random controls", f"{t.random:,}"),
        ("Controls with an irregularity", f"{t.with_irregularity:,}"),
        ("Hit rate", _pct(t.hit_rate)),
        ("Seizures", f"{t.seizures:,} items, {_eur(t.seizure_value_eur)}"),
        ("Deadline kept", f"{_pct(figures.deadline_compliance)} "
                          f"({figures.deadline_met:,} of {figures.with_deadline:,})"),
        ("Controls with a scan", f"{_pct(figures.scan_share)} ({t.with_scan:,})"),
        ("Control duration p50 / p90", _percentiles_text(figures.control_minutes, "min")),
        ("Waiting time p50 / p90", _percentiles_text(figures.waiting_minutes, "min")),
        ("Approved by a supervisor / by the policy",
         f"{r.approved_by_supervisor:,} / {r.approved_by_policy:,}"),
        ("Returned to the officer (at least once)", f"{r.returned:,}"),
        ("Awaiting review", f"{r.awaiting:,}, oldest {_num(r.backlog_oldest_hours)} h, "
                            f"p50 {_num(r.backlog_hours.p50)} h"),
    ]


def _chart_title(drawing: Drawing, text: str) -> None:
    drawing.add(String(0, drawing.height - 12, text, fontName="Helvetica-Bold", fontSize=10,
                       fillColor=layout.ACCENT))


def _empty(drawing: Drawing, text: str = "no controls in this period") -> Drawing:
    drawing.add(String(drawing.width / 2, drawing.height / 2, text, textAnchor="middle",
                       fontName="Helvetica-Oblique", fontSize=9, fillColor=layout.INK))
    return drawing


def hit_rate_chart(groups: Sequence[GroupFigures], width: float = layout.FRAME_WIDTH) -> Drawing:
    """Hit rate (percent) per risk profile, one horizontal bar each, with the controls."""
    shown = [g for g in groups if g.controls and g.key is not None][:14]
    height = 40 + 16 * max(len(shown), 3)
    drawing = Drawing(width, height)
    _chart_title(drawing, "Hit rate per risk profile (%)")
    if not shown:
        return _empty(drawing)
    shown = list(reversed(shown))  # the largest at the top
    chart = HorizontalBarChart()
    chart.x, chart.y = 120, 18
    chart.width, chart.height = int(width - 170), int(height - 42)
    chart.data = [[100 * (g.hit_rate or 0.0) for g in shown]]
    chart.categoryAxis.categoryNames = [f"{g.key} ({g.controls:,})" for g in shown]
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(10.0, min(100.0, 10 * (int(max(chart.data[0]) // 10) + 1)))
    chart.valueAxis.labels.fontSize = 7.5
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%.1f"
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def per_day_chart(figures: Figures, width: float = layout.FRAME_WIDTH,
                  height: float = 150) -> Drawing:
    """Controls closed per day (line) and those with an irregularity (red)."""
    drawing = Drawing(width, height)
    _chart_title(drawing, "Controls closed per day (red: with an irregularity)")
    days = figures.per_day
    if not days:
        return _empty(drawing)
    first = days[0].day.toordinal()
    plot = LinePlot()
    plot.x, plot.y = 40, 25
    plot.width, plot.height = int(width - 60), int(height - 50)
    plot.data = [[(d.day.toordinal() - first, d.controls) for d in days],
                 [(d.day.toordinal() - first, d.with_irregularity) for d in days]]
    plot.lines[0].strokeColor = BAR
    plot.lines[1].strokeColor = ALARM
    plot.lines[0].strokeWidth = plot.lines[1].strokeWidth = 1.2
    span = max(1, days[-1].day.toordinal() - first)
    plot.xValueAxis.valueMin = 0
    plot.xValueAxis.valueMax = span
    plot.xValueAxis.valueStep = max(1, span // 6)
    plot.xValueAxis.labelTextFormat = (
        lambda x: date.fromordinal(first + int(x)).strftime("%d %b"))
    plot.xValueAxis.labels.fontSize = 7.5
    plot.yValueAxis.valueMin = 0
    plot.yValueAxis.labels.fontSize = 7.5
    if len(days) == 1:  # a single point draws no line: mark it
        from reportlab.graphics.widgets.markers import makeMarker

        plot.lines[0].symbol = makeMarker("FilledCircle")
        plot.lines[1].symbol = makeMarker("FilledCircle")
    drawing.add(plot)
    return drawing


def duration_chart(figures: Figures, width: float = layout.FRAME_WIDTH,
                   height: float = 150) -> Drawing:
    """Controls per duration band (opened → first closed), 10-minute bands."""
    drawing = Drawing(width, height)
    _chart_title(drawing, "Control duration, opened to first closed (controls per band)")
    bins = dict(figures.duration_histogram)
    if not bins:
        return _empty(drawing)
    from workstation.reports.kpis import HISTOGRAM_BIN_MINUTES, HISTOGRAM_LAST_BIN

    starts = list(range(0, HISTOGRAM_LAST_BIN + 1, HISTOGRAM_BIN_MINUTES))
    chart = VerticalBarChart()
    chart.x, chart.y = 40, 30
    chart.width, chart.height = int(width - 60), int(height - 55)
    chart.data = [[bins.get(s, 0) for s in starts]]
    chart.categoryAxis.categoryNames = [
        f"{s}-{s + HISTOGRAM_BIN_MINUTES}" if s < HISTOGRAM_LAST_BIN else f"{s}+"
        for s in starts]
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 7.5
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    drawing.add(chart)
    drawing.add(String(width / 2, 4, "minutes", textAnchor="middle", fontSize=7.5,
                       fillColor=layout.INK))
    return drawing


def _group_table(dimension: str, groups: Sequence[GroupFigures]) -> Flowable:
    with_referrals = any(g.referrals_received is not None for g in groups)
    header = ["", *(["Referrals"] if with_referrals else []), "Controls", "Irregular",
              "Hit rate", "Random", "With scan", "Seizures", "Value (€)"]
    rows = []
    for g in groups:
        rows.append([NO_KEY.get(dimension, "—") if g.key is None else g.key,
                     *([f"{g.referrals_received or 0:,}"] if with_referrals else []),
                     f"{g.controls:,}", f"{g.with_irregularity:,}", _pct(g.hit_rate),
                     f"{g.random:,}", f"{g.with_scan:,}", f"{g.seizures:,}",
                     f"{g.seizure_value_eur:,.0f}"])
    first, value = 36 * mm, 30 * mm  # the group's name; the value, up to 999,999,999 €
    rest = (layout.FRAME_WIDTH - first - value) / (len(header) - 2)
    return layout.data_table(header, rows, [first, *[rest] * (len(header) - 2), value],
                             numeric=range(1, len(header)))


def story(figures: Figures, *, post: str, author: str) -> list[Flowable]:
    """The report's flowables (title page first)."""
    sheet = layout.styles()
    out: list[Flowable] = layout.title_page(TITLE, [
        ("Post", escape(post)),
        ("Period", escape(_period_text(figures))),
        ("Author", escape(author)),
        ("Generated at", layout.when(figures.generated_at)),
    ], note=("Controls count in the period of their (latest) closing; durations run from "
             "opening to the first closing; an irregularity is what the result code's "
             "reference data says. Figures per officer serve the quality of controls and "
             "are shown to supervisors and administrators only."))
    out.append(Paragraph("Key figures", sheet["Heading1"]))
    out.append(layout.data_table(["Figure", "Value"], _summary(figures),
                                 [85 * mm, layout.FRAME_WIDTH - 85 * mm]))
    out.append(Spacer(1, 6 * mm))
    out.append(KeepTogether([hit_rate_chart(figures.groups.get("risk_profile", []))]))
    out.append(Spacer(1, 6 * mm))
    out.append(KeepTogether([per_day_chart(figures)]))
    out.append(Spacer(1, 6 * mm))
    out.append(KeepTogether([duration_chart(figures)]))
    for dimension, title in DIMENSION_TITLES.items():
        groups = figures.groups.get(dimension)
        if groups is None:
            continue
        out.append(CondPageBreak(40 * mm))
        out.append(Paragraph(title, sheet["Heading2"]))
        if groups:
            out.append(_group_table(dimension, groups))
        else:
            out.append(Paragraph("none in this period", sheet["Small"]))
    out.append(CondPageBreak(40 * mm))
    out.append(Paragraph("Result codes", sheet["Heading2"]))
    out.append(layout.data_table(["Code", "Controls"],
                                 [[c, f"{n:,}"] for c, n in figures.by_result_code.items()]
                                 or [["—", "0"]], [40 * mm, 30 * mm], numeric=[1]))
    out.append(CondPageBreak(40 * mm))
    out.append(Paragraph("Seizures by HS chapter", sheet["Heading2"]))
    out.append(layout.data_table(
        ["Chapter", "Items", "Value (€)"],
        [[s.chapter or "(no HS code)", f"{s.count:,}", f"{s.value_eur:,.2f}"]
         for s in figures.seizures_by_chapter] or [["—", "0", "0.00"]],
        [40 * mm, 30 * mm, 40 * mm], numeric=[1, 2]))
    out.append(CondPageBreak(40 * mm))
    out.append(Paragraph("Model assistance", sheet["Heading2"]))
    out.append(layout.data_table(
        ["Model", "Label", "Shown", "Accepted", "Rejected", "Accepted share"],
        [[m.model or "—", m.label, f"{m.shown:,}", f"{m.accepted:,}", f"{m.rejected:,}",
          _pct(m.acceptance)] for m in figures.model_assistance] or [["—", "—", "0", "0", "0",
                                                                    "—"]],
        [45 * mm, 45 * mm, 20 * mm, 20 * mm, 20 * mm, layout.FRAME_WIDTH - 150 * mm],
        numeric=[2, 3, 4, 5]))
    out.append(CondPageBreak(40 * mm))
    out.append(Paragraph("Device availability", sheet["Heading2"]))
    out.append(layout.data_table(
        ["Lane", "Device", "Available", "Observed (h)", "Losses", "Errors"],
        [[d.lane, d.device, _pct(None if d.available_pct is None else d.available_pct / 100),
          f"{d.observed_s / 3600:,.1f}", f"{d.losses:,}", f"{d.errors:,}"]
         for d in figures.device_availability] or [["—", "—", "—", "0", "0", "0"]],
        [30 * mm, 45 * mm, 25 * mm, 30 * mm, 20 * mm, layout.FRAME_WIDTH - 150 * mm],
        numeric=[2, 3, 4, 5]))
    return out


def render_report(figures: Figures, *, post: str, author: str) -> bytes:
    """The PDF report of ``figures`` (bytes), naming ``post`` and ``author``."""
    footer = f"{TITLE} · {post} · {_period_text(figures)}"
    return layout.build(story(figures, post=post, author=author), title=f"{TITLE} {post}",
                        author=author, footer=footer)
