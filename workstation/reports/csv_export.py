"""The performance figures as one CSV table: ``section,key,measure,value``.

Long form (one figure per line) so that every figure of :func:`workstation.reports.kpis.compute`
fits one table that a spreadsheet pivots as it likes: ``total`` lines for the post,
``by_lane`` / ``by_risk_profile`` / ... lines per group, ``control_minutes`` and
``waiting_minutes`` percentiles, ``per_day``, ``seizures_by_hs_chapter``,
``model_assistance`` (key ``model/label``) and ``reviews``. Empty value: not defined (a hit
rate without controls). Numbers use a full stop, whatever the locale.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from workstation.reports.kpis import Figures, Percentiles

HEADER = ("section", "key", "measure", "value")
_GROUP_MEASURES = ("controls", "with_irregularity", "hit_rate", "random", "with_scan",
                   "seizures", "seizure_value_eur", "referrals_received")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}" if abs(value) < 1e6 else f"{value:.2f}"
    return str(value)


def _percentiles(section: str, p: Percentiles) -> Iterator[tuple[str, str, str, Any]]:
    yield section, "", "p50", p.p50
    yield section, "", "p90", p.p90
    yield section, "", "count", p.count


def rows(figures: Figures) -> Iterator[tuple[str, str, str, Any]]:
    """Every figure as (section, key, measure, value)."""
    data = figures.to_json()
    period = data["period"]
    yield "period", "", "since", period["since"]
    yield "period", "", "until", period["until"]
    yield "period", "", "lane", period["lane"] or ""
    yield "period", "", "generated_at", data["generated_at"]
    for measure in ("referrals_received", "controls_closed", "random_controls",
                    "controls_with_irregularity", "hit_rate", "with_scan", "scan_share"):
        yield "total", "", measure, data[measure]
    yield "total", "", "seizures", data["seizures"]["count"]
    yield "total", "", "seizure_value_eur", data["seizures"]["value_eur"]
    yield "total", "", "deadline_with", figures.with_deadline
    yield "total", "", "deadline_met", figures.deadline_met
    yield "total", "", "deadline_compliance", figures.deadline_compliance
    for code, count in figures.by_result_code.items():
        yield "by_result_code", code, "controls", count
    for dimension, groups in figures.groups.items():
        for group in groups:
            values = group.to_json()
            for measure in _GROUP_MEASURES:
                if values[measure] is not None or measure != "referrals_received":
                    yield f"by_{dimension}", group.key or "", measure, values[measure]
    yield from _percentiles("control_minutes", figures.control_minutes)
    yield from _percentiles("waiting_minutes", figures.waiting_minutes)
    for start, count in figures.duration_histogram:
        yield "control_minutes_histogram", str(start), "controls", count
    for day in figures.per_day:
        yield "per_day", day.day.isoformat(), "controls", day.controls
        yield "per_day", day.day.isoformat(), "with_irregularity", day.with_irregularity
    for chapter in figures.seizures_by_chapter:
        yield "seizures_by_hs_chapter", chapter.chapter, "count", chapter.count
        yield "seizures_by_hs_chapter", chapter.chapter, "value_eur", round(chapter.value_eur, 2)
    for device in figures.device_availability:
        key = f"{device.lane}/{device.device}"
        for measure, value in device.to_json().items():
            if measure not in ("lane", "device"):
                yield "device_availability", key, measure, value
    for m in figures.model_assistance:
        key = f"{m.model}/{m.label}"
        yield "model_assistance", key, "shown", m.shown
        yield "model_assistance", key, "accepted", m.accepted
        yield "model_assistance", key, "rejected", m.rejected
    reviews = data["reviews"]
    for measure in ("approved_by_supervisor", "approved_by_policy", "awaiting", "returned",
                    "backlog_oldest_hours"):
        yield "reviews", "", measure, reviews[measure]
    yield from _percentiles("review_backlog_hours", figures.reviews.backlog_hours)


def to_csv(figures: Figures) -> str:
    """The CSV text (RFC 4180: CRLF line ends, quoted where needed)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for section, key, measure, value in rows(figures):
        writer.writerow((section, key, measure, _cell(value)))
    return out.getvalue()
