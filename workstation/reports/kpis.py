"""The performance figures of a post for a period (CUP-style), aggregated in SQL.

One computation for the supervisor's window, ``workstation report kpis`` and the PDF
report. Every figure is a ``GROUP BY`` (or a percentile) in the database over the
reporting facts the services keep (:mod:`workstation.services.control_facts`: one narrow
row per finished control, its many-valued keys, each referral's keys), read through
indexes on the closing (or issue) time; Python only reads back one row per group, never
one per control.

What counts:

- the **controls of the period** are the finished ones (closed or approved) whose latest
  closing time lies in ``[since, until)``; a control returned by a supervisor and not yet
  closed again is not finished and does not count until it is;
- a control **has an irregularity** when its result code's reference data says so
  (``irregularity`` in ``workstation/reference/result_codes.toml`` or the post's own file),
  as copied onto the result when it was recorded: a later change of the reference data
  does not rewrite history;
- the **hit rate** is controls with an irregularity / controls (0..1, None without
  controls);
- **control minutes** run from opening to the *first* closing: closing again after a
  return does not lengthen a control (the first closing is taken from the audit trail's
  ``control.close`` events; ``closed_at`` is cleared by a return and reset by the next
  closing);
- **waiting minutes** run from the referral's issue to the control's opening (referred
  controls only); the **deadline** is kept when the control was opened at or before the
  referral's deadline;
- percentiles are linear between closest ranks (PostgreSQL's ``percentile_cont``; on
  SQLite the same from the two neighbouring rows at rank ``p * (n - 1)``, read in value
  order from an index by ``LIMIT 2 OFFSET rank``);
- **referrals received** are referrals issued (the risk system's time) in the period.
"""


from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Integer,
    String,
    Table,
    and_,
    case,
    cast,
    column,
    exists,
    func,
    literal,
    select,
    text,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, FromClause

from workstation.db.models import (
    Finding,
    User,
    UtcDateTime,
    table_of,
    utcnow,
)
from workstation.domain.vocab import FindingSource
from workstation.reports.device_availability import DeviceAvailability, availability
from workstation.services import users
from workstation.services.control_facts import facts, keys, minutes_between, referral_keys

# The groupings of the figures, in the order reports show them.
DIMENSIONS = ("post", "lane", "officer", "channel", "control_type", "risk_area", "risk_profile")
PERCENTS = (50, 90)
HISTOGRAM_BIN_MINUTES = 10
HISTOGRAM_LAST_BIN = 120  # controls of 120 minutes and more share the last bin

_facts = facts
_keys = keys
_referral_keys = referral_keys
_f = table_of(Finding)
_u = table_of(User)


class ReportError(ValueError):
    """The figures cannot be computed as asked (bad period, not allowed); says why."""


@dataclass(frozen=True)
class Period:
    """``[since, until)`` in UTC, optionally one lane."""

    since: datetime
    until: datetime
    lane: str | None = None

    def __post_init__(self) -> None:
        for name, value in (("since", self.since), ("until", self.until)):
            if value.tzinfo is None:
                raise ReportError(f"period {name} {value.isoformat()} has no time zone")
        if self.until <= self.since:
            raise ReportError(f"period ends ({self.until.isoformat()}) before it starts "
                              f"({self.since.isoformat()})")


@dataclass(frozen=True)
class Percentiles:
    """Linear-interpolated percentiles of ``count`` values (minutes or hours as named)."""

    p50: float | None = None
    p90: float | None = None
    count: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"p50": _round(self.p50), "p90": _round(self.p90), "count": self.count}


@dataclass(frozen=True)
class GroupFigures:
    """The figures of one group (a lane, a risk profile, ...). ``key`` None: no value (a
    random control has no channel or risk profile). ``referrals_received`` None where the
    grouping does not apply to referrals (post, officer, control type)."""

    key: str | None
    controls: int = 0
    with_irregularity: int = 0
    random: int = 0
    with_scan: int = 0
    seizures: int = 0
    seizure_value_eur: float = 0.0
    referrals_received: int | None = None

    @property
    def hit_rate(self) -> float | None:
        return self.with_irregularity / self.controls if self.controls else None

    def to_json(self) -> dict[str, Any]:
        return {"code": self.key, "controls": self.controls,
                "with_irregularity": self.with_irregularity, "hit_rate": _round(self.hit_rate),
                "random": self.random, "with_scan": self.with_scan, "seizures": self.seizures,
                "seizure_value_eur": round(self.seizure_value_eur, 2),
                "referrals_received": self.referrals_received}


@dataclass(frozen=True)
class SeizureChapter:
    """Seized items under one HS chapter (first two digits; "" when no HS code was given)."""

    chapter: str
    count: int
    value_eur: float


@dataclass(frozen=True)
class DayFigures:
    day: date
    controls: int
    with_irregularity: int


@dataclass(frozen=True)
class ModelAssistance:
    """Model findings shown on the period's controls and what the officers decided."""

    model: str
    label: str
    shown: int
    accepted: int
    rejected: int

    @property
    def acceptance(self) -> float | None:
        decided = self.accepted + self.rejected
        return self.accepted / decided if decided else None


@dataclass(frozen=True)
class ReviewFigures:
    """Review outcomes of the period's controls; the backlog is those still awaiting a
    supervisor, aged from their closing to ``generated_at`` (hours)."""

    approved_by_supervisor: int = 0
    approved_by_policy: int = 0
    awaiting: int = 0
    returned: int = 0
    backlog_hours: Percentiles = field(default_factory=Percentiles)
    backlog_oldest_hours: float | None = None


@dataclass(frozen=True)
class Figures:
    """All figures of one period. ``groups`` maps a dimension (:data:`DIMENSIONS`) to its
    groups, largest first; ``officer`` is absent unless the viewer may see it."""

    period: Period
    generated_at: datetime
    referrals_received: int
    totals: GroupFigures
    by_result_code: dict[str, int]
    groups: dict[str, list[GroupFigures]]
    control_minutes: Percentiles
    waiting_minutes: Percentiles
    duration_histogram: list[tuple[int, int]]  # (bin start in minutes, controls)
    with_deadline: int
    deadline_met: int
    seizures_by_chapter: list[SeizureChapter]
    per_day: list[DayFigures]
    model_assistance: list[ModelAssistance]
    reviews: ReviewFigures
    per_officer_shown: bool
    device_availability: list[DeviceAvailability] = field(default_factory=list)

    @property
    def controls_closed(self) -> int:
        return self.totals.controls

    @property
    def hit_rate(self) -> float | None:
        return self.totals.hit_rate

    @property
    def deadline_compliance(self) -> float | None:
        return self.deadline_met / self.with_deadline if self.with_deadline else None

    @property
    def scan_share(self) -> float | None:
        t = self.totals
        return t.with_scan / t.controls if t.controls else None

    def to_json(self) -> dict[str, Any]:
        t = self.totals
        data: dict[str, Any] = {
            "format": "kpis/1",
            "period": {"since": self.period.since.isoformat(),
                       "until": self.period.until.isoformat(), "lane": self.period.lane},
            "generated_at": self.generated_at.isoformat(),
            "referrals_received": self.referrals_received,
            "controls_closed": t.controls,
            "random_controls": t.random,
            "controls_with_irregularity": t.with_irregularity,
            "hit_rate": _round(t.hit_rate),
            "by_result_code": dict(self.by_result_code),
            "control_minutes": self.control_minutes.to_json(),
            "waiting_minutes": self.waiting_minutes.to_json(),
            "duration_histogram": [{"from_minutes": b, "controls": n}
                                   for b, n in self.duration_histogram],
            "deadline": {"with_deadline": self.with_deadline, "met": self.deadline_met,
                         "compliance": _round(self.deadline_compliance)},
            "with_scan": t.with_scan,
            "scan_share": _round(self.scan_share),
            "seizures": {"count": t.seizures, "value_eur": round(t.seizure_value_eur, 2),
                         "by_hs_chapter": [{"chapter": s.chapter, "count": s.count,
                                            "value_eur": round(s.value_eur, 2)}
                                           for s in self.seizures_by_chapter]},
            "per_day": [{"day": d.day.isoformat(), "controls": d.controls,
                         "with_irregularity": d.with_irregularity} for d in self.per_day],
            "device_availability": [d.to_json() for d in self.device_availability],
            "model_assistance": [{"model": m.model, "label": m.label, "shown": m.shown,
                                  "accepted": m.accepted, "rejected": m.rejected,
                                  "acceptance": _round(m.acceptance)}
                                 for m in self.model_assistance],
            "reviews": {"approved_by_supervisor": self.reviews.approved_by_supervisor,
                        "approved_by_policy": self.reviews.approved_by_policy,
                        "awaiting": self.reviews.awaiting,
                        "returned": self.reviews.returned,
                        "backlog_hours": self.reviews.backlog_hours.to_json(),
                        "backlog_oldest_hours": _round(self.reviews.backlog_oldest_hours)},
            "per_officer_shown": self.per_officer_shown,
        }
        for dimension, rows in self.groups.items():
            data[f"by_{dimension}"] = [g.to_json() for g in rows]
        return data


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


# --- the controls of the period ---------------------------------------------------------------
#
# Every figure reads the reporting facts (one narrow row per finished control, written by
# the services when a control is closed, reviewed or returned; see
# workstation.services.control_facts) through the index on ``closed_at`` (``lane,
# closed_at`` for one lane); the many-valued groupings (control type, risk area and
# profile, HS chapter) read ``control_fact_keys`` alone.


# From this many facts in the period on, SQLite reads the key tables whole in their key
# order (no sort; a year of a busy post is most of them) instead of through ``closed_at``.
CLUSTERED_FROM = 20_000


def _source(dialect: str, table: Table, hint: str | None) -> FromClause:
    """``table``, on SQLite with an access path named (``INDEXED BY ...``/``NOT INDEXED``):
    its planner has no range statistics and would sort a year's rows that an index already
    holds in order. A flattened sub-select keeps the hint and the columns' types."""
    if dialect != "sqlite" or hint is None:
        return table
    return (text(f"SELECT * FROM {table.name} {hint}")
            .columns(*[column(c.name, c.type) for c in table.c]).subquery(table.name))


def _in_period(table: FromClause, period: Period, when: str = "closed_at"
               ) -> list[ColumnElement[bool]]:
    where = [table.c[when] >= period.since, table.c[when] < period.until]
    if period.lane:
        where.append(table.c.lane == period.lane)
    return where


def _counts(table: FromClause) -> list[Any]:
    return [func.count().label("controls"),
            func.coalesce(func.sum(table.c.irregular), 0).label("irregular"),
            func.coalesce(func.sum(table.c.random), 0).label("random"),
            func.coalesce(func.sum(table.c.with_scan), 0).label("with_scan"),
            func.coalesce(func.sum(table.c.seizures), 0).label("seizures"),
            func.coalesce(func.sum(table.c.seizure_value_eur), 0.0).label("seizure_value")]


def _group_row(key: Any, row: Any, referrals: int | None = None) -> GroupFigures:
    return GroupFigures(key=None if key is None else str(key), controls=int(row.controls),
                        with_irregularity=int(row.irregular), random=int(row.random),
                        with_scan=int(row.with_scan), seizures=int(row.seizures),
                        seizure_value_eur=float(row.seizure_value), referrals_received=referrals)


def _by_index(dialect: str, index: str, count: int) -> FromClause:
    """The facts read through the covering grouping index ``index`` (key first) on SQLite
    for a period of ``count`` facts from :data:`CLUSTERED_FROM` on: the groups come in key
    order from the index alone, no sort of the period's rows."""
    return _source(dialect, _facts, f"INDEXED BY {index}" if count >= CLUSTERED_FROM else None)


def _grouped(session: Session, period: Period, source: FromClause, key: str
             ) -> dict[str | None, GroupFigures]:
    """The facts of the period per value of ``key`` (a ``control_facts`` column of
    ``source``)."""
    k = source.c[key]
    query = (select(k.label("key"), *_counts(source)).where(*_in_period(source, period))
             .group_by(k))
    return {(None if row.key is None else str(row.key)): _group_row(row.key, row)
            for row in session.execute(query)}


# Few-valued columns grouped together in one pass over the period's facts (at most lanes x
# channels x result codes groups), then each regrouped from those few rows.
COMBINED = ("post", "lane", "channel", "code")


def _combined(session: Session, dialect: str, period: Period,
              count: int) -> dict[str, dict[str | None, GroupFigures]]:
    """The facts of the period per post, lane, channel and result code in one statement:
    one ``GROUP BY post, lane, channel, code`` of the facts (``count`` of them), regrouped
    per column."""
    f = _by_index(dialect, "ix_control_facts_combined", count)
    measures = ("controls", "irregular", "random", "with_scan", "seizures", "seizure_value")
    both = (select(*[f.c[c] for c in COMBINED], *_counts(f)).where(*_in_period(f, period))
            .group_by(*[f.c[c] for c in COMBINED]).cte("combined"))
    parts = [select(literal(c, String).label("dimension"), cast(both.c[c], String).label("key"),
                    *[func.sum(both.c[m]).label(m) for m in measures]).group_by(both.c[c])
             for c in COMBINED]
    out: dict[str, dict[str | None, GroupFigures]] = {c: {} for c in COMBINED}
    for row in session.execute(union_all(*parts)):
        out[str(row.dimension)][None if row.key is None else str(row.key)] = \
            _group_row(row.key, row)
    return out


def _by_officer(session: Session, dialect: str, period: Period,
                count: int) -> dict[str | None, GroupFigures]:
    """Per officer, by user name: grouped by id, the few names read afterwards."""
    by_id = _grouped(session, period, _by_index(dialect, "ix_control_facts_officer", count),
                     "officer_id")
    ids = [uuid.UUID(k) for k in by_id if k is not None]
    names = {str(i): n for i, n in session.execute(
        select(_u.c.id, _u.c.username).where(_u.c.id.in_(ids)))} if ids else {}
    out: dict[str | None, GroupFigures] = {}
    for key, row in by_id.items():
        name = names.get(key) if key is not None else None
        out[name] = replace(row, key=name)
    return out


def _key_hint(table: Table, count: int) -> str:
    return "NOT INDEXED" if count >= CLUSTERED_FROM else f"INDEXED BY ix_{table.name}_" + (
        "issued_at" if "issued_at" in table.c else "closed_at")


def _keyed(session: Session, dialect: str, period: Period, dimensions: Sequence[str],
           count: int) -> dict[str, dict[str | None, GroupFigures]]:
    """The many-valued groupings (``control_fact_keys``), all of them in one statement
    (``count``: the period's facts)."""
    k = _source(dialect, _keys, _key_hint(_keys, count))
    query = (select(k.c.dimension, k.c.key.label("key"), *_counts(k))
             .where(k.c.dimension.in_(dimensions), *_in_period(k, period))
             .group_by(k.c.dimension, k.c.key))
    out: dict[str, dict[str | None, GroupFigures]] = {d: {} for d in dimensions}
    for row in session.execute(query):
        out[str(row.dimension)][str(row.key)] = _group_row(row.key, row)
    return out


RECEIVED = ("lane", "channel", "risk_area", "risk_profile")


def _received(session: Session, dialect: str, period: Period,
              count: int) -> dict[str, dict[str | None, int]]:
    """Referrals issued in the period per lane, channel, risk area and risk profile
    (``referral_fact_keys``, one statement; ``count``: the period's facts, a measure of
    its size)."""
    r = _source(dialect, _referral_keys, _key_hint(_referral_keys, count))
    query = (select(r.c.dimension, r.c.key, func.count())
             .where(r.c.dimension.in_(RECEIVED), *_in_period(r, period, "issued_at"))
             .group_by(r.c.dimension, r.c.key))
    out: dict[str, dict[str | None, int]] = {d: {} for d in RECEIVED}
    for dimension, key, n in session.execute(query):
        # A referral naming no lane is under "" (a key cannot be NULL): no lane, None.
        out[str(dimension)][None if dimension == "lane" and key == "" else str(key)] = int(n)
    return out


def _merge(controls: dict[str | None, GroupFigures],
           referrals: dict[str | None, int] | None) -> list[GroupFigures]:
    """Groups with controls, plus groups that only received referrals; largest first."""
    keys = set(controls) | set(referrals or {})
    rows = []
    for key in keys:
        row = controls.get(key, GroupFigures(key=key))
        if referrals is not None:
            row = replace(row, referrals_received=referrals.get(key, 0))
        rows.append(row)
    return sorted(rows, key=lambda g: (-g.controls, -(g.referrals_received or 0),
                                       g.key is None, g.key or ""))


# --- percentiles ------------------------------------------------------------------------------


# A percentile over at least this many facts walks the value's index on SQLite (reading
# only the rows at the ranks wanted); fewer are sorted after the ``closed_at`` range.
WALK_INDEX_FROM = 5_000


def _ranked(session: Session, dialect: str, period: Period,
            value: Callable[[FromClause], ColumnElement[Any]], index: str, count: int, *,
            descending: bool = False) -> dict[int, Any]:
    """SQLite: the values of ``value`` at the ranks around each percentile's position
    ``p * (count - 1)`` among the period's facts (``count`` of them not NULL), each read by
    ``ORDER BY value LIMIT 2 OFFSET rank`` (ranks in integer arithmetic)."""
    at: dict[int, Any] = {}
    for p in PERCENTS:
        lo, rest = divmod(p * (count - 1), 100)
        source = _source(dialect, _facts, f"INDEXED BY {index}"
                         if count >= WALK_INDEX_FROM else None)
        v = value(source)
        query = (select(v).where(v.is_not(None), *_in_period(source, period))
                 .order_by(v.desc() if descending else v)
                 .limit(2 if rest else 1).offset(lo))
        for offset, found in enumerate(session.scalars(query)):
            at[lo + offset] = found
    return at


def _interpolated(at: dict[int, float], count: int) -> list[float]:
    """Linear between closest ranks, as PostgreSQL's ``percentile_cont``."""
    out = []
    for p in PERCENTS:
        lo, rest = divmod(p * (count - 1), 100)
        hi = lo + (1 if rest else 0)
        out.append(at[lo] + (at[hi] - at[lo]) * rest / 100)
    return out


def _minutes_percentiles(session: Session, dialect: str, period: Period, minutes: Any,
                         count: int) -> Percentiles:
    """p50/p90 of a minutes column of the period's facts (``count`` values not NULL)."""
    if count == 0:
        return Percentiles(count=0)
    if dialect == "postgresql":
        row = session.execute(
            select(*[func.percentile_cont(p / 100).within_group(minutes) for p in PERCENTS])
            .where(minutes.is_not(None), *_in_period(_facts, period))).one()
        p50, p90 = (None if v is None else float(v) for v in row)
        return Percentiles(p50=p50, p90=p90, count=count)
    at = _ranked(session, dialect, period, lambda source: source.c[minutes.name],
                 f"ix_control_facts_{minutes.name}", count)
    p50, p90 = _interpolated({i: float(v) for i, v in at.items()}, count)
    return Percentiles(p50=p50, p90=p90, count=count)


def _backlog_percentiles(session: Session, dialect: str, period: Period, now: datetime,
                         count: int) -> Percentiles:
    """p50/p90 of the hours the period's ``count`` controls awaiting review have waited
    since closing, at ``now``: the closing times in descending order are the ages in
    ascending order, so the ``(awaiting, closed_at)`` index serves both backends."""
    if count == 0:
        return Percentiles(count=0)
    awaiting = case((_facts.c.awaiting == 1, _facts.c.closed_at))
    if dialect == "postgresql":
        hours = minutes_between(dialect, awaiting, literal(now, _facts.c.closed_at.type)) / 60.0
        row = session.execute(
            select(*[func.percentile_cont(p / 100).within_group(hours) for p in PERCENTS])
            .where(_facts.c.awaiting == 1, *_in_period(_facts, period))).one()
        p50, p90 = (None if v is None else float(v) for v in row)
        return Percentiles(p50=p50, p90=p90, count=count)
    def closed(source: FromClause) -> ColumnElement[Any]:
        return type_coerce(case((source.c.awaiting == 1, source.c.closed_at)), UtcDateTime())

    at = _ranked(session, dialect, period, closed, "ix_control_facts_awaiting", count,
                 descending=True)
    ages = {i: (now - when).total_seconds() / 3600 for i, when in at.items()}
    p50, p90 = _interpolated(ages, count)
    return Percentiles(p50=p50, p90=p90, count=count)


# --- the whole computation --------------------------------------------------------------------


def may_see_officers(viewer: User) -> bool:
    """Whether ``viewer``'s role may see figures per officer (``reports.per_officer``)."""
    return viewer.role in users.PERMISSIONS["reports.per_officer"]


def compute(session: Session, period: Period, viewer: User, *,
            now: datetime | None = None) -> Figures:
    """The figures of ``period`` for ``viewer`` (who needs ``reports.read``; figures per
    officer only with ``reports.per_officer``). ``now``: the time the review backlog is
    aged to (default: now, UTC). Reads only; nothing of the record is written."""
    try:
        users.authorize(viewer, "reports.read")
    except users.UserError as exc:
        raise ReportError(str(exc)) from None
    now = now or utcnow()
    dialect = session.get_bind().dialect.name
    return _figures(session, dialect, period, now, may_see_officers(viewer))


_BINS = tuple(range(0, HISTOGRAM_LAST_BIN + 1, HISTOGRAM_BIN_MINUTES))


def _histogram_sums() -> list[Any]:
    """PostgreSQL: one ``sum`` per duration bin in the totals' single pass (there cheaper
    than a second statement; on SQLite the other way round, see :func:`_histogram`)."""
    # A millisecond up: a duration of exactly 60 min read back as 59.99999… stays in its bin.
    nudged = _facts.c.control_minutes + 1.0 / 60_000
    sums = []
    for start in _BINS:
        inside = (nudged >= start if start == HISTOGRAM_LAST_BIN
                  else and_(nudged >= start, nudged < start + HISTOGRAM_BIN_MINUTES))
        sums.append(func.coalesce(func.sum(case((inside, 1), else_=0)), 0).label(f"bin{start}"))
    return sums


def _histogram(session: Session, dialect: str, period: Period,
               count: int) -> list[tuple[int, int]]:
    """Controls per duration bin (minutes from opening to first closing, bins of
    :data:`HISTOGRAM_BIN_MINUTES` from 0, the last from :data:`HISTOGRAM_LAST_BIN` on): one
    ``GROUP BY`` of the bin's start over the ``control_minutes`` index (``count`` values not
    NULL), which holds the values without the rows: cheaper than a ``sum(CASE ...)`` per bin
    in the totals' pass (a year on SQLite: ~0.1 s against ~0.2 s)."""
    if count == 0:
        return []
    source = _source(dialect, _facts, "INDEXED BY ix_control_facts_control_minutes"
                     if count >= WALK_INDEX_FROM else None)
    # A millisecond up: a duration of exactly 60 min read back as 59.99999… stays in its bin.
    nudged = source.c.control_minutes + 1.0 / 60_000
    # CAST truncates on SQLite (floor for the non-negative values binned); PostgreSQL rounds.
    tens = (func.floor(nudged / HISTOGRAM_BIN_MINUTES) if dialect == "postgresql"
            else cast(nudged / HISTOGRAM_BIN_MINUTES, Integer))
    start = case((nudged >= HISTOGRAM_LAST_BIN, HISTOGRAM_LAST_BIN),
                 else_=cast(tens, Integer) * HISTOGRAM_BIN_MINUTES).label("bin")
    query = (select(start, func.count()).where(nudged >= 0, *_in_period(source, period))
             .group_by(start).order_by(start))
    return [(int(b), int(n)) for b, n in session.execute(query) if n]


def _model_findings(dialect: str, period: Period, count: int) -> Any:
    """Model findings on the period's ``count`` facts per model, label and decision. On
    SQLite, for a large period, each model finding is looked up among the facts by control
    (``EXISTS``, one primary-key probe per finding) rather than each fact among the
    findings: there are fewer findings than controls (a year: 0.2 s against 0.34 s)."""
    f = _facts
    grouping = (_f.c.model_name, _f.c.label, _f.c.decision)
    if dialect == "sqlite" and count >= CLUSTERED_FROM:
        in_period = exists().where(f.c.control_id == _f.c.control_id, *_in_period(f, period))
        return (select(*grouping, func.count())
                .where(_f.c.source == FindingSource.MODEL.value, in_period)
                .group_by(*grouping))
    return (select(*grouping, func.count())
            .select_from(f.join(_f, _f.c.control_id == f.c.control_id))
            .where(_f.c.source == FindingSource.MODEL.value, *_in_period(f, period))
            .group_by(*grouping))


def _figures(session: Session, dialect: str, period: Period, now: datetime,
             per_officer: bool) -> Figures:
    f = _facts
    oldest_closing = type_coerce(func.min(case((f.c.awaiting == 1, f.c.closed_at))),
                                 UtcDateTime())
    totals_row = session.execute(
        select(*_counts(f),
               func.coalesce(func.sum(f.c.approved_by_supervisor), 0).label("by_supervisor"),
               func.coalesce(func.sum(f.c.approved_by_policy), 0).label("by_policy"),
               func.coalesce(func.sum(f.c.awaiting), 0).label("awaiting"),
               func.coalesce(func.sum(f.c.returned), 0).label("returned"),
               func.coalesce(func.sum(f.c.deadline_set), 0).label("deadline_set"),
               func.coalesce(func.sum(f.c.deadline_met), 0).label("deadline_met"),
               func.count(f.c.control_minutes).label("durations"),
               func.count(f.c.waiting_minutes).label("waits"),
               oldest_closing.label("oldest"),
               *(_histogram_sums() if dialect == "postgresql" else []))
        .where(*_in_period(f, period))).one()
    totals = _group_row(None, totals_row)
    if dialect == "postgresql":
        histogram = [(b, int(totals_row._mapping[f"bin{b}"])) for b in _BINS
                     if totals_row._mapping[f"bin{b}"]]
    else:
        histogram = _histogram(session, dialect, period, int(totals_row.durations))

    combined = _combined(session, dialect, period, totals.controls)
    by_code = {str(code): g.controls for code, g in sorted(
        combined["code"].items(), key=lambda item: str(item[0]))}

    n = totals.controls
    keyed = _keyed(session, dialect, period,
                   ("control_type", "risk_area", "risk_profile", "hs_chapter"), n)
    received = _received(session, dialect, period, n)
    groups: dict[str, list[GroupFigures]] = {}
    for dimension in DIMENSIONS:
        if dimension == "officer" and not per_officer:
            continue
        referrals = received.get(dimension)
        if dimension == "officer":
            controls = _by_officer(session, dialect, period, n)
        elif dimension in keyed:
            controls = keyed[dimension]
        else:
            controls = combined[dimension]
        groups[dimension] = _merge(controls, referrals)
    referrals_received = sum(g.referrals_received or 0 for g in groups["channel"])

    control_minutes = _minutes_percentiles(session, dialect, period, f.c.control_minutes,
                                           int(totals_row.durations))
    waiting_minutes = _minutes_percentiles(session, dialect, period, f.c.waiting_minutes,
                                           int(totals_row.waits))
    chapters = sorted((SeizureChapter(str(g.key or ""), g.seizures, g.seizure_value_eur)
                       for g in keyed["hs_chapter"].values()), key=lambda s: s.chapter)

    d = _by_index(dialect, "ix_control_facts_day", n)
    per_day = [DayFigures(date.fromisoformat(str(day)), int(count), int(irr))
               for day, count, irr in session.execute(
                   select(d.c.day, func.count(), func.coalesce(func.sum(d.c.irregular), 0))
                   .where(*_in_period(d, period)).group_by(d.c.day).order_by(d.c.day))]

    model_rows: dict[tuple[str, str], dict[str, int]] = {}
    for model, label, decision, found in session.execute(_model_findings(dialect, period, n)):
        counts = model_rows.setdefault((model or "", str(label)), {})
        counts[str(decision)] = counts.get(str(decision), 0) + int(found)
    assistance = sorted((ModelAssistance(model, label, sum(d.values()), d.get("accepted", 0),
                                         d.get("rejected", 0))
                         for (model, label), d in model_rows.items()),
                        key=lambda m: (-m.shown, m.model, m.label))

    awaiting = int(totals_row.awaiting)
    oldest = totals_row.oldest
    reviews = ReviewFigures(
        approved_by_supervisor=int(totals_row.by_supervisor),
        approved_by_policy=int(totals_row.by_policy), awaiting=awaiting,
        returned=int(totals_row.returned),
        backlog_hours=_backlog_percentiles(session, dialect, period, now, awaiting),
        backlog_oldest_hours=None if oldest is None else (now - oldest).total_seconds() / 3600)

    return Figures(
        period=period, generated_at=now, referrals_received=referrals_received, totals=totals,
        by_result_code=by_code, groups=groups, control_minutes=control_minutes,
        waiting_minutes=waiting_minutes, duration_histogram=histogram,
        with_deadline=int(totals_row.deadline_set), deadline_met=int(totals_row.deadline_met),
        seizures_by_chapter=chapters, per_day=per_day, model_assistance=assistance,
        reviews=reviews, per_officer_shown=per_officer,
        device_availability=availability(session, period.since, period.until,
                                         lane=period.lane, now=now))


__all__ = ["DIMENSIONS", "DayFigures", "Figures", "GroupFigures", "ModelAssistance", "Percentiles",
           "Period", "ReportError", "ReviewFigures", "SeizureChapter", "compute",
           "may_see_officers"]
