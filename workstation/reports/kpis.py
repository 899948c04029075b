"""The performance figures of a post for a period (CUP-style), aggregated in SQL.

One computation for the supervisor's window, ``workstation report kpis`` and the PDF
report. Every figure is a ``GROUP BY`` (or a percentile) in the database; Python only
reads back one row per group, never one per control.

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
  SQLite the same from the two neighbouring rows of a ranking window);
- **referrals received** are referrals issued (the risk system's time) in the period.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Subquery,
    Table,
    Uuid,
    and_,
    case,
    cast,
    exists,
    func,
    insert,
    literal,
    null,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, Select

from workstation.db.models import (
    AuditEvent,
    Control,
    ControlResult,
    Evidence,
    Finding,
    Referral,
    ReferralRiskProfile,
    Seizure,
    User,
    UtcDateTime,
    table_of,
    utcnow,
)
from workstation.domain.vocab import ControlStatus, FindingSource
from workstation.services import users

FINISHED = (ControlStatus.CLOSED.value, ControlStatus.APPROVED.value)
# The groupings of the figures, in the order reports show them.
DIMENSIONS = ("post", "lane", "officer", "channel", "control_type", "risk_area", "risk_profile")
PERCENTS = (50, 90)
HISTOGRAM_BIN_MINUTES = 10
HISTOGRAM_LAST_BIN = 120  # controls of 120 minutes and more share the last bin

_c = table_of(Control)
_r = table_of(ControlResult)
_ref = table_of(Referral)
_rp = table_of(ReferralRiskProfile)
_s = table_of(Seizure)
_e = table_of(Evidence)
_f = table_of(Finding)
_a = table_of(AuditEvent)
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


# --- dialect differences (SQLite, PostgreSQL) -------------------------------------------------


def _minutes(dialect: str, start: Any, end: Any) -> ColumnElement[Any]:
    """``end - start`` in minutes (float)."""
    if dialect == "postgresql":
        return func.extract("epoch", end - start) / 60.0
    # SQLite keeps times as ISO text in UTC; julianday() reads them to ~10 µs.
    return (func.julianday(end) - func.julianday(start)) * 1440.0


def _id_text(dialect: str, column: Any) -> ColumnElement[str]:
    """A UUID column as the hyphenated text the audit trail names entities by."""
    if dialect == "postgresql":
        return cast(column, String)
    # SQLite stores a UUID as 32 hex digits.
    return func.lower(func.substr(column, 1, 8) + "-" + func.substr(column, 9, 4) + "-"
                      + func.substr(column, 13, 4) + "-" + func.substr(column, 17, 4) + "-"
                      + func.substr(column, 21, 12))


def _floor(dialect: str, value: Any) -> ColumnElement[Any]:
    """The integer at or below ``value`` (``value`` >= 0)."""
    if dialect == "postgresql":
        return cast(func.floor(value), Integer)  # a cast alone would round
    return cast(value, Integer)  # SQLite truncates towards zero


def _utc_day(dialect: str, column: Any) -> ColumnElement[Any]:
    """The UTC day of a time as ``YYYY-MM-DD`` text."""
    if dialect == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD")
    return func.date(column)


def _json_elements(dialect: str, column: Any) -> Any:
    """The elements of a JSON list column as a table with one ``value`` column."""
    if dialect == "postgresql":
        return func.json_array_elements_text(column).table_valued("value")
    return func.json_each(column).table_valued("value")


# --- the controls of the period ---------------------------------------------------------------


def _facts_table(name: str) -> Table:
    """One row per finished control of the period with every value a figure needs, filled
    once by :func:`_facts_select` (an ``INSERT ... SELECT``, all in the database); every
    figure is then a ``GROUP BY`` over this narrow table instead of re-joining controls,
    results, referrals, evidence, seizures and the audit trail each time."""
    return Table(
        name, MetaData(),
        Column("control_id", Uuid), Column("post", String(32)), Column("lane", String(32)),
        Column("officer_id", Uuid), Column("referral_pk", Uuid), Column("channel", String(8)),
        Column("code", String(8)), Column("control_types", JSON),
        Column("irregular", Integer), Column("random", Integer), Column("with_scan", Integer),
        Column("seized_n", Integer), Column("seized_value", Float),
        Column("approved_sup", Integer), Column("approved_policy", Integer),
        Column("awaiting", Integer), Column("opened_at", UtcDateTime()),
        Column("closed_at", UtcDateTime()), Column("first_closed_at", UtcDateTime()),
        Column("waiting_min", Float),
        Column("deadline_set", Integer), Column("deadline_met", Integer),
        Column("day", String(10)), Column("backlog_hours", Float),
        prefixes=["TEMPORARY"],
    )


def _facts_select(dialect: str, period: Period, now: datetime) -> Select[Any]:
    """The rows of :func:`_facts_table`, in its column order."""
    cid_text = _id_text(dialect, _c.c.id)
    reviewed = _c.c.reviewer_id.is_not(None)
    # Only a control a supervisor reviewed can have been returned and closed again: the
    # audit trail (indexed by entity id) is asked for those alone, once each. A control
    # closed only once has its ``control.close`` event written just after ``closed_at`` was
    # set, in the same transaction; one returned and closed again has its first closing
    # event before the return, so before its ``closed_at``: that is how a return shows.
    first_close = select(func.min(_a.c.occurred_at)).where(
        _a.c.entity_id == cid_text, _a.c.action == "control.close").scalar_subquery()
    with_scan = exists().where(_e.c.control_id == _c.c.id, _e.c.kind == "scan")
    seized = (select(_s.c.result_id, func.count().label("n"),
                     func.coalesce(func.sum(_s.c.value_eur), 0.0).label("value"))
              .group_by(_s.c.result_id).subquery("seized"))
    first_closed = case((reviewed, func.coalesce(first_close, _c.c.closed_at)),
                        else_=_c.c.closed_at)
    approved = _c.c.status == ControlStatus.APPROVED.value
    awaiting = _c.c.status == ControlStatus.CLOSED.value
    query = (
        select(
            _c.c.id, _c.c.post, _c.c.lane, _c.c.officer_id, _c.c.referral_pk, _ref.c.channel,
            _r.c.code, _r.c.control_types,
            cast(_r.c.irregularity, Integer), cast(_c.c.random, Integer),
            case((with_scan, 1), else_=0),
            func.coalesce(seized.c.n, 0), func.coalesce(seized.c.value, 0.0),
            case((and_(approved, reviewed), 1), else_=0),
            case((and_(approved, _c.c.reviewer_id.is_(None)), 1), else_=0),
            case((awaiting, 1), else_=0),
            _c.c.opened_at, _c.c.closed_at, first_closed,
            _minutes(dialect, _ref.c.issued_at, _c.c.opened_at),
            case((_ref.c.deadline.is_not(None), 1), else_=0),
            case((_c.c.opened_at <= _ref.c.deadline, 1), else_=0),
            _utc_day(dialect, _c.c.closed_at),
            case((awaiting, _minutes(dialect, _c.c.closed_at,
                                     literal(now, _c.c.closed_at.type)) / 60.0)),
        )
        .select_from(_c.join(_r, _r.c.control_id == _c.c.id)
                     .outerjoin(_ref, _ref.c.id == _c.c.referral_pk)
                     .outerjoin(seized, seized.c.result_id == _r.c.id))
        .where(_c.c.status.in_(FINISHED), _c.c.closed_at >= period.since,
               _c.c.closed_at < period.until)
    )
    if period.lane:
        query = query.where(_c.c.lane == period.lane)
    return query


def _counts(facts: Table) -> list[Any]:
    return [func.count().label("controls"),
            func.coalesce(func.sum(facts.c.irregular), 0).label("irregular"),
            func.coalesce(func.sum(facts.c.random), 0).label("random"),
            func.coalesce(func.sum(facts.c.with_scan), 0).label("with_scan"),
            func.coalesce(func.sum(facts.c.seized_n), 0).label("seizures"),
            func.coalesce(func.sum(facts.c.seized_value), 0.0).label("seizure_value")]


def _group_row(key: Any, row: Any, referrals: int | None = None) -> GroupFigures:
    return GroupFigures(key=None if key is None else str(key), controls=int(row.controls),
                        with_irregularity=int(row.irregular), random=int(row.random),
                        with_scan=int(row.with_scan), seizures=int(row.seizures),
                        seizure_value_eur=float(row.seizure_value), referrals_received=referrals)


def _profiles(column: Any, referral_pks: Any) -> Subquery:
    """Distinct (referral, ``column``) pairs of the referrals ``referral_pks`` selects: a
    control counts once per risk area even when two of its referral's profiles share it."""
    return (select(_rp.c.referral_pk, column.label("key"))
            .where(_rp.c.referral_pk.in_(referral_pks)).distinct().subquery())


def _grouped(session: Session, dialect: str, facts: Table,
             dimension: str) -> dict[str | None, GroupFigures]:
    key: Any
    source: Any = facts
    if dimension in ("post", "lane", "channel"):
        key = facts.c[dimension]
    elif dimension == "officer":
        key = _u.c.username
        source = facts.outerjoin(_u, _u.c.id == facts.c.officer_id)
    elif dimension == "control_type":
        elements = _json_elements(dialect, facts.c.control_types)
        key = elements.c.value
        source = facts.join(elements, true())
    else:
        pairs = _profiles(_rp.c.risk_area if dimension == "risk_area" else _rp.c.code,
                          select(facts.c.referral_pk).where(facts.c.referral_pk.is_not(None)))
        key = pairs.c.key
        source = facts.join(pairs, pairs.c.referral_pk == facts.c.referral_pk)
    query = select(key.label("key"), *_counts(facts)).select_from(source).group_by(key)
    return {(None if row.key is None else str(row.key)): _group_row(row.key, row)
            for row in session.execute(query)}


def _referrals(session: Session, period: Period, dimension: str) -> dict[str | None, int]:
    """Referrals issued in the period per lane, channel, risk area or risk profile."""
    where = [_ref.c.issued_at >= period.since, _ref.c.issued_at < period.until]
    if period.lane:
        where.append(_ref.c.lane == period.lane)
    if dimension in ("lane", "channel"):
        key = _ref.c[dimension]
        query = select(key, func.count()).where(*where).group_by(key)
    else:
        pairs = _profiles(_rp.c.risk_area if dimension == "risk_area" else _rp.c.code,
                          select(_ref.c.id).where(*where))
        query = select(pairs.c.key, func.count()).group_by(pairs.c.key)
    return {(None if k is None else str(k)): int(n) for k, n in session.execute(query)}


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


def percentiles(session: Session, values: Select[Any],
                percents: Sequence[int] = PERCENTS) -> dict[Any, list[float | None]]:
    """Percentiles (whole percents) of the ``v`` column of ``values`` per ``g`` column (one
    group, key None, when ``values`` has no ``g``), linear between closest ranks, as
    ``{group: [value per percent]}``; NULL values are left out.

    PostgreSQL: ``percentile_cont``. SQLite: each value ranked within its group by a window
    (``row_number``), and only the rows at the two ranks around each percentile's position
    ``p * (n - 1)`` read back; the interpolation between them is the same as PostgreSQL's.
    """
    sub = values.subquery("vals")
    grouped = "g" in sub.c
    group: ColumnElement[Any] = sub.c.g if grouped else null()
    partition = sub.c.g if grouped else None
    if session.get_bind().dialect.name == "postgresql":
        cols = [func.percentile_cont(p / 100).within_group(sub.c.v) for p in percents]
        query = select(group.label("g"), *cols).where(sub.c.v.is_not(None))
        out: dict[Any, list[float | None]] = {}
        for found in session.execute(query.group_by(sub.c.g) if grouped else query):
            vals = [None if v is None else float(v) for v in found[1:]]
            if any(v is not None for v in vals):
                out[found[0] if grouped else None] = vals
        return out
    ranked = select(
        group.label("g"), sub.c.v,
        (func.row_number().over(partition_by=partition, order_by=sub.c.v) - 1).label("i"),
        func.count().over(partition_by=partition).label("n"),
    ).where(sub.c.v.is_not(None)).subquery("ranked")
    # Integer arithmetic for the ranks: floor and ceiling of p * (n - 1) / 100.
    wanted = []
    for p in percents:
        wanted.append(ranked.c.i == (p * (ranked.c.n - 1)) // 100)
        wanted.append(ranked.c.i == (p * (ranked.c.n - 1) + 99) // 100)
    at: dict[Any, dict[int, float]] = {}
    sizes: dict[Any, int] = {}
    for g, v, i, n in session.execute(select(ranked.c.g, ranked.c.v, ranked.c.i, ranked.c.n)
                                      .where(or_(*wanted))):
        key = g if grouped else None
        at.setdefault(key, {})[int(i)] = float(v)
        sizes[key] = int(n)
    result: dict[Any, list[float | None]] = {}
    for key, ranks in at.items():
        n = sizes[key]
        interpolated: list[float | None] = []
        for p in percents:
            lo, rest = divmod(p * (n - 1), 100)
            hi = lo + (1 if rest else 0)
            interpolated.append(ranks[lo] + (ranks[hi] - ranks[lo]) * rest / 100)
        result[key] = interpolated
    return result


def _percentiles_of(session: Session, values: Select[Any], count: int) -> Percentiles:
    found = percentiles(session, values).get(None)
    if not found:
        return Percentiles(count=count)
    return Percentiles(p50=found[0], p90=found[1], count=count)


# --- the whole computation --------------------------------------------------------------------


def may_see_officers(viewer: User) -> bool:
    """Whether ``viewer``'s role may see figures per officer (``reports.per_officer``)."""
    return viewer.role in users.PERMISSIONS["reports.per_officer"]


def compute(session: Session, period: Period, viewer: User, *,
            now: datetime | None = None) -> Figures:
    """The figures of ``period`` for ``viewer`` (who needs ``reports.read``; figures per
    officer only with ``reports.per_officer``). ``now``: the time the review backlog is
    aged to (default: now, UTC).

    The period's controls are gathered once into a temporary table of the session's
    connection (dropped at the end; nothing of the record is written), then grouped.
    """
    try:
        users.authorize(viewer, "reports.read")
    except users.UserError as exc:
        raise ReportError(str(exc)) from None
    now = now or utcnow()
    dialect = session.get_bind().dialect.name
    facts = _facts_table(f"kpi_facts_{uuid.uuid4().hex[:12]}")
    connection = session.connection()
    # On an error the caller's transaction is rolled back, and the temporary table with it
    # (DDL is transactional on SQLite and PostgreSQL alike).
    facts.create(connection)
    connection.execute(insert(facts).from_select([c.name for c in facts.c],
                                                 _facts_select(dialect, period, now)))
    figures = _figures(session, dialect, facts, period, now, may_see_officers(viewer))
    facts.drop(connection)
    return figures


def _figures(session: Session, dialect: str, facts: Table, period: Period, now: datetime,
             per_officer: bool) -> Figures:
    totals_row = session.execute(
        select(*_counts(facts),
               func.coalesce(func.sum(facts.c.approved_sup), 0).label("by_supervisor"),
               func.coalesce(func.sum(facts.c.approved_policy), 0).label("by_policy"),
               func.coalesce(func.sum(facts.c.awaiting), 0).label("awaiting"),
               func.coalesce(func.sum(case((facts.c.first_closed_at < facts.c.closed_at, 1),
                                           else_=0)), 0).label("returned"),
               func.coalesce(func.sum(facts.c.deadline_set), 0).label("deadline_set"),
               func.coalesce(func.sum(facts.c.deadline_met), 0).label("deadline_met"),
               func.count(facts.c.opened_at).label("durations"),
               func.count(facts.c.waiting_min).label("waits"),
               func.max(facts.c.backlog_hours).label("oldest"))).one()
    totals = _group_row(None, totals_row)

    by_code = {str(code): int(n) for code, n in session.execute(
        select(facts.c.code, func.count()).group_by(facts.c.code).order_by(facts.c.code))}

    groups: dict[str, list[GroupFigures]] = {}
    for dimension in DIMENSIONS:
        if dimension == "officer" and not per_officer:
            continue
        referrals = (_referrals(session, period, dimension)
                     if dimension in ("lane", "channel", "risk_area", "risk_profile") else None)
        groups[dimension] = _merge(_grouped(session, dialect, facts, dimension), referrals)
    received = sum(g.referrals_received or 0 for g in groups["channel"])

    duration = _minutes(dialect, facts.c.opened_at, facts.c.first_closed_at)
    control_minutes = _percentiles_of(session, select(duration.label("v")),
                                      int(totals_row.durations))
    waiting_minutes = _percentiles_of(session, select(facts.c.waiting_min.label("v")),
                                      int(totals_row.waits))
    # A millisecond up: a duration of exactly 60 min read back as 59.99999… stays in its bin.
    nudged = duration + 1.0 / 60_000
    bin_of = case((nudged >= HISTOGRAM_LAST_BIN, HISTOGRAM_LAST_BIN),
                  else_=_floor(dialect, nudged / HISTOGRAM_BIN_MINUTES) * HISTOGRAM_BIN_MINUTES)
    binned = select(bin_of.label("k")).where(facts.c.opened_at.is_not(None)).subquery()
    histogram = sorted((int(b), int(n)) for b, n in session.execute(
        select(binned.c.k, func.count()).group_by(binned.c.k)) if b is not None)

    seized_items = (select(func.coalesce(func.substr(_s.c.hs_code, 1, 2), "").label("k"),
                           _s.c.value_eur)
                    .select_from(facts.join(_r, _r.c.control_id == facts.c.control_id)
                                 .join(_s, _s.c.result_id == _r.c.id)).subquery())
    chapters = [SeizureChapter(str(ch), int(n), float(v)) for ch, n, v in session.execute(
        select(seized_items.c.k, func.count(),
               func.coalesce(func.sum(seized_items.c.value_eur), 0.0))
        .group_by(seized_items.c.k).order_by(seized_items.c.k))]

    per_day = [DayFigures(date.fromisoformat(str(d)), int(n), int(irr))
               for d, n, irr in session.execute(
                   select(facts.c.day, func.count(),
                          func.coalesce(func.sum(facts.c.irregular), 0))
                   .group_by(facts.c.day).order_by(facts.c.day)) if d is not None]

    model_rows: dict[tuple[str, str], dict[str, int]] = {}
    for model, label, decision, n in session.execute(
            select(_f.c.model_name, _f.c.label, _f.c.decision, func.count())
            .select_from(facts.join(_f, _f.c.control_id == facts.c.control_id))
            .where(_f.c.source == FindingSource.MODEL.value)
            .group_by(_f.c.model_name, _f.c.label, _f.c.decision)):
        counts = model_rows.setdefault((model or "", str(label)), {})
        counts[str(decision)] = counts.get(str(decision), 0) + int(n)
    assistance = sorted((ModelAssistance(model, label, sum(d.values()), d.get("accepted", 0),
                                         d.get("rejected", 0))
                         for (model, label), d in model_rows.items()),
                        key=lambda m: (-m.shown, m.model, m.label))

    backlog = _percentiles_of(session, select(facts.c.backlog_hours.label("v")),
                              int(totals_row.awaiting))
    reviews = ReviewFigures(
        approved_by_supervisor=int(totals_row.by_supervisor),
        approved_by_policy=int(totals_row.by_policy), awaiting=int(totals_row.awaiting),
        returned=int(totals_row.returned), backlog_hours=backlog,
        backlog_oldest_hours=None if totals_row.oldest is None else float(totals_row.oldest))

    return Figures(
        period=period, generated_at=now, referrals_received=received, totals=totals,
        by_result_code=by_code, groups=groups, control_minutes=control_minutes,
        waiting_minutes=waiting_minutes, duration_histogram=histogram,
        with_deadline=int(totals_row.deadline_set), deadline_met=int(totals_row.deadline_met),
        seizures_by_chapter=chapters, per_day=per_day, model_assistance=assistance,
        reviews=reviews, per_officer_shown=per_officer)


__all__ = ["DIMENSIONS", "DayFigures", "Figures", "GroupFigures", "ModelAssistance", "Percentiles",
           "Period", "ReportError", "ReviewFigures", "SeizureChapter", "compute",
           "may_see_officers", "percentiles"]
