"""Parsing and validation of risk referrals (``referral/1`` JSON and its CSV form).

Specified field by field in ``docs/formats/referral.md``. Every problem in a file is
collected (not only the first), each as
``<file>: referral <index> (<referral_id>): <field>: <what is wrong>``, so a risk analyst
can correct the whole file in one go. Parsing has no side effects: the import service
writes nothing unless the whole file is valid.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import ErrorDetails

from standards.iso6346 import container_problem, normalise_container
from standards.mrn import mrn_problem, normalise_mrn
from workstation.domain.plates import normalise_plate, plate_problem
from workstation.domain.text_rules import text_problem
from workstation.domain.vocab import Channel, ControlType, ReferralSource, RiskArea

FORMAT_ID = "referral/1"
CSV_COLUMNS = (
    "referral_id", "source", "issued_at", "mrn", "declaration_type", "plates", "containers",
    "parcel_ids", "channel", "risk_profiles", "control_instructions", "priority", "deadline",
    "lane", "goods",
)

# The longest parcel id kept (characters): transport_identities.value is String(64).
PARCEL_ID_MAX = 64


class _Model(BaseModel):
    # allow_inf_nan=False: "nan", "inf" and JSON's 1e400 (read as infinity) are not amounts.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)

    @field_validator("*", mode="before")
    @classmethod
    def _text_rules(cls, value: Any) -> Any:
        """Every text of a referral (JSON or CSV) obeys :mod:`workstation.domain.text_rules`
        (no NUL or control characters) before anything else looks at it, so a file that
        PostgreSQL would refuse is refused on SQLite too, naming the field."""
        for text in value if isinstance(value, list) else (value,):
            if isinstance(text, str):
                wrong = text_problem(text)
                if wrong:
                    raise ValueError(wrong)
        return value


MAX_FILE_BYTES = 64 * 1024 * 1024  # a day's referrals of a large post are a few MiB
_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("time has no time zone: write it as UTC with a trailing Z")
    try:
        return value.astimezone(UTC)
    except OverflowError:  # 9999-12-31T23:59-01:00 lies past the last representable instant
        raise ValueError("time is out of range") from None


def _iso_time_text(value: Any) -> Any:
    """Times are ISO 8601 text: a number (which pydantic would read as Unix seconds) or any
    other text is refused before pydantic guesses."""
    if value is None:
        return None
    if not isinstance(value, str) or not _ISO_TIME.match(value.strip()):
        raise ValueError(f"not an ISO 8601 time such as 2026-11-26T08:15:00Z "
                         f"(got {_shown(value)})")
    return value


def _shown(value: Any, limit: int = 60) -> str:
    """``value`` for a message: its repr, cut to ``limit`` characters."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


def _checked(values: list[str], normalise: Callable[[str], str],
             problem: Callable[[str], str | None]) -> list[str]:
    """Normalise each identifier; the first that fails its check is the validation error."""
    out = []
    for raw in values:
        value = normalise(raw)
        wrong = problem(value)
        if wrong:
            raise ValueError(wrong)
        out.append(value)
    return out


class Transport(_Model):
    plates: list[str] = Field(default_factory=list)
    containers: list[str] = Field(default_factory=list)
    parcel_ids: list[str] = Field(default_factory=list)

    @field_validator("plates")
    @classmethod
    def _plates(cls, values: list[str]) -> list[str]:
        return _checked(values, normalise_plate, plate_problem)

    @field_validator("containers")
    @classmethod
    def _containers(cls, values: list[str]) -> list[str]:
        return _checked(values, normalise_container, container_problem)

    @field_validator("parcel_ids")
    @classmethod
    def _parcels(cls, values: list[str]) -> list[str]:
        out = [v.strip().upper() for v in values]
        if any(not v for v in out):
            raise ValueError("a parcel id is empty")
        for value in out:
            # Stored in transport_identities.value, String(64).
            wrong = text_problem(value, PARCEL_ID_MAX, multiline=False)
            if wrong:
                raise ValueError(f"parcel id {value[:20]!r}... {wrong}" if len(value) > 20
                                 else f"parcel id {value!r} {wrong}")
        return out


class RiskProfile(_Model):
    code: str = Field(min_length=1, max_length=64)
    description: str = ""
    risk_area: RiskArea


class Instruction(_Model):
    type: ControlType
    text: str = ""


class Goods(_Model):
    description: str = Field(min_length=1)
    hs_code: str | None = Field(None, pattern=r"^\d{4}(\d{2}){0,3}$")
    origin: str | None = Field(None, pattern=r"^[A-Z]{2}$")
    declared_value_eur: float | None = Field(None, ge=0)
    gross_mass_kg: float | None = Field(None, ge=0)


class ReferralIn(_Model):
    """One referral as the risk-management system sends it."""

    referral_id: str = Field(min_length=1, max_length=64)
    source: ReferralSource
    issued_at: datetime
    mrn: str | None = None
    declaration_type: str = Field(min_length=1, max_length=8)
    transport: Transport = Field(default_factory=Transport)
    channel: Channel
    risk_profiles: list[RiskProfile] = Field(min_length=1)
    control_instructions: list[Instruction] = Field(default_factory=list)
    priority: int = Field(ge=1, le=9)
    deadline: datetime | None = None
    lane: str | None = Field(None, min_length=1, max_length=32)
    goods: list[Goods] = Field(default_factory=list)

    @field_validator("issued_at", "deadline", mode="before")
    @classmethod
    def _time_text(cls, value: Any) -> Any:
        return _iso_time_text(value)

    @field_validator("issued_at", "deadline")
    @classmethod
    def _tz(cls, value: datetime | None) -> datetime | None:
        return None if value is None else _aware(value)

    @field_validator("mrn")
    @classmethod
    def _mrn(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        mrn = normalise_mrn(value)
        problem = mrn_problem(mrn)
        if problem:
            raise ValueError(problem)
        return mrn

    def content_sha256(self) -> str:
        """Hash of the normalised content: equal hashes mean an unchanged re-send."""
        # Field order is fixed by the model, so pydantic's own JSON is canonical enough.
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()


@dataclass(frozen=True)
class ReferralProblem:
    file: str
    index: int | None  # 1-based position in the file; None for a file-level problem
    referral_id: str
    field: str
    message: str
    line: int | None = None  # CSV: the line the referral's row starts on

    def __str__(self) -> str:
        if self.index is None:
            return f"{self.file}: {self.field}: {self.message}"
        where = f" (CSV line {self.line})" if self.line is not None else ""
        return (f"{self.file}: referral {self.index} ({self.referral_id}): "
                f"{self.field}: {self.message}{where}")


class ReferralFileError(Exception):
    """The file cannot be imported; ``problems`` lists every problem found."""

    def __init__(self, problems: list[ReferralProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def _field_path(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts[-1:] = [f"{parts[-1]}[{item}]"] if parts else [f"[{item}]"]
        else:
            parts.append(str(item))
    return ".".join(parts) or "(referral)"


def _message(error: ErrorDetails) -> str:
    msg = str(error["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    if error["type"] == "extra_forbidden":
        return "unknown field"
    if error["type"] == "missing":
        return "required field is missing"
    if error["type"] not in ("value_error",) and "input" in error:
        return f"{msg} (got {_shown(error['input'])})"
    return msg


def validate_referrals(items: Iterable[Any], file: str,
                       lines: list[int] | None = None) -> list[ReferralIn]:
    """Validate raw referral mappings; raise :class:`ReferralFileError` with every problem.

    ``lines``: for CSV, the line each referral's row starts on, named in its problems.
    """
    problems: list[ReferralProblem] = []
    valid: list[ReferralIn] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(items, start=1):
        rid = _rid(raw)
        if not isinstance(raw, dict):
            problems.append(ReferralProblem(file, index, rid, "(referral)", "is not an object"))
            continue
        try:
            referral = ReferralIn.model_validate(raw)
        except ValidationError as exc:
            line = lines[index - 1] if lines else None
            for error in exc.errors():
                problems.append(ReferralProblem(file, index, rid, _field_path(error["loc"]),
                                                _message(error), line))
            continue
        if referral.referral_id in seen:
            problems.append(ReferralProblem(
                file, index, rid, "referral_id",
                f"appears twice in the file (also referral {seen[referral.referral_id]})",
                lines[index - 1] if lines else None))
            continue
        seen[referral.referral_id] = index
        valid.append(referral)
    if problems:
        raise ReferralFileError(problems)
    return valid


def _rid(raw: Any) -> str:
    """The referral id as shown in a problem: printable, at most 64 characters."""
    value = raw.get("referral_id", "?") if isinstance(raw, dict) else "?"
    text = value if isinstance(value, str) else repr(value)
    if not text.isprintable():
        text = repr(text)[1:-1]
    return text if len(text) <= 64 else text[:61] + "..."


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _surrogates(value: Any, path: str) -> Iterable[str]:
    """Paths of texts holding a lone surrogate (a JSON escape such as \\ud800 that encodes
    no character): neither UTF-8 nor PostgreSQL can store them."""
    if isinstance(value, str):
        if any("\ud800" <= c <= "\udfff" for c in value):
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            name = key if key.isprintable() else repr(key)[1:-1]
            inner = f"{path}.{name}" if path else name
            if name != key and any("\ud800" <= c <= "\udfff" for c in key):
                yield inner
            yield from _surrogates(item, inner)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _surrogates(item, f"{path}[{i}]")


def parse_json(text: str, file: str) -> list[ReferralIn]:
    try:
        document = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise ReferralFileError([ReferralProblem(
            file, None, "", f"line {exc.lineno} column {exc.colno}", f"not valid JSON: {exc.msg}")]
        ) from None
    except RecursionError:
        raise ReferralFileError([ReferralProblem(
            file, None, "", "(document)", "nested too deeply to be a referral file")]) from None
    except ValueError as exc:  # NaN / Infinity, or an integer of more than 4,300 digits
        raise ReferralFileError([ReferralProblem(
            file, None, "", "(document)", f"not valid JSON: {str(exc)[:120]}")]) from None
    if not isinstance(document, dict):
        raise ReferralFileError([ReferralProblem(file, None, "", "(document)",
                                                 "must be an object with format and referrals")])
    if document.get("format") != FORMAT_ID:
        raise ReferralFileError([ReferralProblem(
            file, None, "", "format", f"must be {FORMAT_ID!r} (got {document.get('format')!r})")])
    extra = set(document) - {"format", "referrals"}
    if extra:
        raise ReferralFileError([ReferralProblem(
            file, None, "", ", ".join(sorted(extra)), "unknown field")])
    referrals = document.get("referrals")
    if not isinstance(referrals, list):
        raise ReferralFileError([ReferralProblem(file, None, "", "referrals",
                                                 "must be a list of referrals")])
    try:
        broken = [ReferralProblem(file, index, _rid(raw), path or "(referral)",
                                  "holds a lone surrogate escape (\\ud800-\\udfff), not a character")
                  for index, raw in enumerate(referrals, start=1) for path in _surrogates(raw, "")]
        if broken:
            raise ReferralFileError(broken)
        return validate_referrals(referrals, file)
    except RecursionError:  # lists in lists just under the JSON parser's own limit
        raise ReferralFileError([ReferralProblem(
            file, None, "", "(document)", "nested too deeply to be a referral file")]) from None


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split(";") if part.strip()]


def _parts(item: str, names: tuple[str, ...]) -> dict[str, str]:
    values = [v.strip() for v in item.split("|")]
    return {name: value for name, value in zip(names, values, strict=False) if value != ""}


def _csv_row_to_raw(row: dict[str, str]) -> dict[str, Any]:
    raw: dict[str, Any] = {
        key: value.strip() for key, value in row.items()
        if key in ("referral_id", "source", "issued_at", "declaration_type", "channel")
    }
    for key in ("mrn", "deadline", "lane"):
        if (row.get(key) or "").strip():
            raw[key] = row[key].strip()
    if (row.get("priority") or "").strip():
        raw["priority"] = row["priority"].strip()
    raw["transport"] = {k: _split(row.get(k)) for k in ("plates", "containers", "parcel_ids")}
    raw["risk_profiles"] = [
        _parts(item, ("code", "risk_area", "description")) for item in _split(row.get("risk_profiles"))
    ]
    raw["control_instructions"] = [
        _parts(item, ("type", "text")) for item in _split(row.get("control_instructions"))
    ]
    raw["goods"] = [
        _parts(item, ("description", "hs_code", "origin", "declared_value_eur", "gross_mass_kg"))
        for item in _split(row.get("goods"))
    ]
    return raw


def parse_csv(text: str, file: str) -> list[ReferralIn]:
    """The CSV form: a header row of known, distinct column names, then one row per referral
    with exactly one cell per column (a short or long row is a problem naming its line)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader, [])]
        rows: list[tuple[int, list[str]]] = []
        ended = reader.line_num
        for row in reader:
            if row:  # csv gives [] for a blank line; a row of empty cells is still a row
                rows.append((ended + 1, row))  # a quoted cell may span lines: its first
            ended = reader.line_num
    except csv.Error as exc:  # e.g. a cell over the csv module's 128 KiB field limit
        raise ReferralFileError([ReferralProblem(
            file, None, "", f"line {reader.line_num}", f"not readable CSV: {exc}")]) from None
    problems = []
    missing = [c for c in ("referral_id", "source", "issued_at", "declaration_type", "channel",
                           "risk_profiles", "priority") if c not in header]
    unknown = [c for c in header if c not in CSV_COLUMNS]
    twice = sorted({c for c in header if header.count(c) > 1})
    if missing:
        problems.append(ReferralProblem(file, None, "", "header",
                                        f"missing column(s): {', '.join(missing)}"))
    if unknown:
        problems.append(ReferralProblem(file, None, "", "header",
                                        f"unknown column(s): {', '.join(map(_shown, unknown))}"))
    if twice:
        problems.append(ReferralProblem(file, None, "", "header",
                                        f"column(s) named twice: {', '.join(twice)}"))
    if problems:
        raise ReferralFileError(problems)
    shaped: list[dict[str, str]] = []
    for index, (line, row) in enumerate(rows, start=1):
        if len(row) != len(header):
            what = "short" if len(row) < len(header) else "long"
            cells = dict(zip(header, row, strict=False))
            problems.append(ReferralProblem(
                file, index, _rid(cells), "(row)",
                f"row too {what}: {len(row)} cells, the header has {len(header)} columns", line))
            continue
        shaped.append(dict(zip(header, row, strict=True)))
    if problems:
        raise ReferralFileError(problems)
    return validate_referrals([_csv_row_to_raw(row) for row in shaped], file,
                              [line for line, _row in rows])


def parse_file(path: Path) -> list[ReferralIn]:
    """Read a ``.json`` or ``.csv`` referral file (by extension, else by content)."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ReferralFileError([ReferralProblem(
                name, None, "", "(file)", f"{size} bytes, more than the {MAX_FILE_BYTES}-byte limit")])
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ReferralFileError([ReferralProblem(name, None, "", "(file)", "not found")]) from None
    except UnicodeDecodeError as exc:
        raise ReferralFileError([ReferralProblem(
            name, None, "", f"byte {exc.start}", "not UTF-8 text")]) from None
    except OSError as exc:
        raise ReferralFileError([ReferralProblem(name, None, "", "(file)", str(exc.strerror))]) from None
    if path.suffix.lower() == ".csv" or (path.suffix.lower() != ".json" and not text.lstrip().startswith("{")):
        return parse_csv(text, name)
    return parse_json(text, name)
