"""Control results fed back to risk analysis (``control-results/1``), as JSON or CSV.

Specified in ``docs/formats/results.md``. CSV cells that a spreadsheet would read as a
formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) are prefixed
with an apostrophe, so an exported file cannot run anything when opened.

Both forms are always valid: a number that is not finite (a model score of NaN, say) is
written as null / an empty cell, and a lone surrogate in a text (which no UTF-8 file can
hold) as U+FFFD, the replacement character; the JSON writer is run with ``allow_nan=False``
so that nothing else can slip through.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable
from typing import Any

FORMAT_ID = "control-results/1"
CSV_COLUMNS = (
    "control_id", "referral_id", "mrn", "risk_profiles", "channel", "post", "lane", "random",
    "subject", "officer", "opened_at", "closed_at", "status", "reviewed_by", "reviewed_at",
    "control_types", "result_code", "irregularity", "minutes_spent", "findings", "seizures",
    "evidence", "review_reason", "second_opinions",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean(value: Any) -> Any:
    """``value`` with every non-finite float as None and every lone surrogate as U+FFFD,
    in nested dicts and lists too: what JSON and UTF-8 can hold."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {clean(k): clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean(v) for v in value]
    return value


def safe_cell(value: Any) -> str:
    """Text for one CSV cell that a spreadsheet shows as text, never evaluates."""
    value = clean(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_json(results: Iterable[dict[str, Any]]) -> str:
    return json.dumps({"format": FORMAT_ID, "results": [clean(r) for r in results]}, indent=2,
                      ensure_ascii=False, allow_nan=False) + "\n"


def _flat(result: dict[str, Any]) -> dict[str, str]:
    result = clean(result)
    row = dict(result)
    row["risk_profiles"] = ";".join(result["risk_profiles"])
    row["control_types"] = ";".join(result["control_types"])
    row["findings"] = ";".join(
        f"{f['label']}|{f['description']}|{f['source']}|{f['decision']}" for f in result["findings"])
    row["seizures"] = ";".join(
        "|".join(safe_cell(s[k]).replace("|", "/") for k in
                 ("description", "hs_code", "quantity", "unit", "value_eur"))
        for s in result["seizures"])
    row["evidence"] = ";".join(f"{e['kind']}|{e['ref']}" for e in result["evidence"])
    selection = result.get("review_selection")
    row["review_reason"] = selection["reason"] if selection else None
    row["second_opinions"] = ";".join(
        "|".join(safe_cell(n[k]).replace("|", "/") for k in ("by", "at", "text"))
        for n in result.get("second_opinions", ()))
    return {column: safe_cell(row.get(column)) for column in CSV_COLUMNS}


def to_csv(results: Iterable[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for result in results:
        writer.writerow(_flat(result))
    return buffer.getvalue()
