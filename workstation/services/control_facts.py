"""The reporting facts of finished controls and received referrals.

The performance figures (:mod:`workstation.reports.kpis`) group a year of controls in well
under a second only if they need not join controls, results, referrals, evidence,
seizures and the audit trail each time. So each finished control (closed or approved) has
one narrow row with every value a figure needs, written here in the same transaction as
the change that finishes, approves or returns it; a returned control loses its row until
it is closed again. One derivation (:func:`_insert`) serves the services (a few controls),
the bulk logging of a lane's offline controls, the migration's backfill and the bench
(:func:`rebuild`).
The referrals received are grouped from ``referral_fact_keys`` (each referral's lane,
channel, risk areas and profiles), written when a referral is imported or amended.

What the derivation decides:

- *first closing*: a return clears ``closed_at`` and the next closing sets it again, so
  the first closing is the earliest ``control.close`` event of the audit trail when that
  is earlier than ``closed_at`` (a return shows as ``first_closed_at < closed_at``);
  the event is written microseconds after ``closed_at`` is set, so a control closed once
  keeps ``closed_at`` itself;
- the referral's channel and risk profiles as they are when the control closes;
- *irregularity* as copied onto the result when it was recorded.

The tables are derived, not evidence: ``audit verify`` does not cover them, and
:func:`rebuild` writes them again from the record.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    Connection,
    String,
    and_,
    case,
    cast,
    delete,
    exists,
    func,
    insert,
    literal,
    select,
    true,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from workstation.db.models import (
    AuditEvent,
    Control,
    ControlFact,
    ControlFactKey,
    ControlResult,
    Evidence,
    Referral,
    ReferralFactKey,
    ReferralRiskProfile,
    Seizure,
    table_of,
)
from workstation.domain.vocab import ControlStatus

FINISHED = (ControlStatus.CLOSED.value, ControlStatus.APPROVED.value)
# Controls per statement when refreshing by id (bounded IN lists on every backend).
BATCH = 500

_c = table_of(Control)
_r = table_of(ControlResult)
_ref = table_of(Referral)
_rp = table_of(ReferralRiskProfile)
_s = table_of(Seizure)
_e = table_of(Evidence)
_a = table_of(AuditEvent)
facts = table_of(ControlFact)
keys = table_of(ControlFactKey)
referral_keys = table_of(ReferralFactKey)


# --- dialect differences (SQLite, PostgreSQL) -------------------------------------------------


def minutes_between(dialect: str, start: Any, end: Any) -> ColumnElement[Any]:
    """``end - start`` in minutes (float)."""
    if dialect == "postgresql":
        return func.extract("epoch", end - start) / 60.0
    # SQLite keeps times as ISO text in UTC; julianday() reads them to ~10 µs.
    return (func.julianday(end) - func.julianday(start)) * 1440.0


def id_text(dialect: str, column: Any) -> ColumnElement[str]:
    """A UUID column as the hyphenated text the audit trail names entities by."""
    if dialect == "postgresql":
        return cast(column, String)
    # SQLite stores a UUID as 32 hex digits.
    return func.lower(func.substr(column, 1, 8) + "-" + func.substr(column, 9, 4) + "-"
                      + func.substr(column, 13, 4) + "-" + func.substr(column, 17, 4) + "-"
                      + func.substr(column, 21, 12))


def utc_day(dialect: str, column: Any) -> ColumnElement[Any]:
    """The UTC day of a time as ``YYYY-MM-DD`` text."""
    if dialect == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD")
    return func.date(column)


def json_elements(dialect: str, column: Any) -> Any:
    """The elements of a JSON list column as a table with one ``value`` column."""
    if dialect == "postgresql":
        return func.json_array_elements_text(column).table_valued("value")
    return func.json_each(column).table_valued("value")


def _flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return case((condition, 1), else_=0)


# --- the derivation ---------------------------------------------------------------------------


def _facts_select(dialect: str, control_ids: Sequence[uuid.UUID] | None) -> Any:
    """The ``control_facts`` rows of the finished controls (``control_ids`` only, or all)."""
    first_close = (select(func.min(_a.c.occurred_at))
                   .where(_a.c.entity_id == id_text(dialect, _c.c.id),
                          _a.c.action == "control.close").scalar_subquery())
    # Only a control a supervisor returned can have closed before its ``closed_at``; the
    # policy's approval at the second closing clears ``reviewer_id``, so ``reviewed_at``
    # (kept) is what marks a control that came back.
    logged = func.coalesce(first_close, _c.c.closed_at)
    first_closed = case((and_(_c.c.reviewed_at.is_not(None), logged < _c.c.closed_at), logged),
                        else_=_c.c.closed_at)
    seized = (select(_s.c.result_id, func.count().label("n"),
                     func.coalesce(func.sum(_s.c.value_eur), 0.0).label("value"))
              .group_by(_s.c.result_id).subquery("seized"))
    approved = _c.c.status == ControlStatus.APPROVED.value
    query = (
        select(
            _c.c.id, _c.c.post, _c.c.lane, _c.c.officer_id, _c.c.referral_pk, _ref.c.channel,
            _r.c.code, _flag(_r.c.irregularity.is_(True)), _flag(_c.c.random.is_(True)),
            _flag(exists().where(_e.c.control_id == _c.c.id, _e.c.kind == "scan")),
            func.coalesce(seized.c.n, 0), func.coalesce(seized.c.value, 0.0),
            _flag(and_(approved, _c.c.reviewer_id.is_not(None))),
            _flag(and_(approved, _c.c.reviewer_id.is_(None))),
            _flag(_c.c.status == ControlStatus.CLOSED.value),
            _flag(first_closed < _c.c.closed_at),
            _flag(_ref.c.deadline.is_not(None)), _flag(_c.c.opened_at <= _ref.c.deadline),
            _c.c.opened_at, _c.c.closed_at, first_closed, utc_day(dialect, _c.c.closed_at),
            minutes_between(dialect, _c.c.opened_at, first_closed),
            minutes_between(dialect, _ref.c.issued_at, _c.c.opened_at),
        )
        .select_from(_c.join(_r, _r.c.control_id == _c.c.id)
                     .outerjoin(_ref, _ref.c.id == _c.c.referral_pk)
                     .outerjoin(seized, seized.c.result_id == _r.c.id))
        .where(_c.c.status.in_(FINISHED), _c.c.closed_at.is_not(None))
    )
    if control_ids is not None:
        query = query.where(_c.c.id.in_(control_ids))
    return query


FACT_COLUMNS = ("control_id", "post", "lane", "officer_id", "referral_pk", "channel", "code",
                "irregular", "random", "with_scan", "seizures", "seizure_value_eur",
                "approved_by_supervisor", "approved_by_policy", "awaiting", "returned",
                "deadline_set", "deadline_met", "opened_at", "closed_at", "first_closed_at",
                "day", "control_minutes", "waiting_minutes")
KEY_COLUMNS = ("control_id", "dimension", "key", "lane", "closed_at", "irregular", "random",
               "with_scan", "seizures", "seizure_value_eur")


def _keys_selects(dialect: str, control_ids: Sequence[uuid.UUID] | None) -> list[Any]:
    """The ``control_fact_keys`` rows of the facts (``control_ids`` only, or all)."""
    f = facts

    def rows(dimension: str, key: Any, source: Any, *, seized: bool = False) -> Any:
        copied = [f.c.lane, f.c.closed_at, f.c.irregular, f.c.random, f.c.with_scan]
        head = [f.c.control_id, literal(dimension, String), key, *copied]
        if seized:  # that chapter's items only
            query = (select(*head, func.count(), func.coalesce(func.sum(_s.c.value_eur), 0.0))
                     .select_from(source).group_by(f.c.control_id, key, *copied))
        else:
            query = (select(*head, f.c.seizures, f.c.seizure_value_eur)
                     .select_from(source).distinct())
        if control_ids is not None:
            query = query.where(f.c.control_id.in_(control_ids))
        return query

    types = json_elements(dialect, _r.c.control_types)
    with_result = f.join(_r, _r.c.control_id == f.c.control_id)
    profiles = f.join(_rp, _rp.c.referral_pk == f.c.referral_pk)
    return [
        rows("control_type", types.c.value, with_result.join(types, true())),
        rows("risk_area", _rp.c.risk_area, profiles),
        rows("risk_profile", _rp.c.code, profiles),
        rows("hs_chapter", func.coalesce(func.substr(_s.c.hs_code, 1, 2), ""),
             with_result.join(_s, _s.c.result_id == _r.c.id), seized=True),
    ]


def _insert(connection: Connection, control_ids: Sequence[uuid.UUID] | None) -> None:
    dialect = connection.dialect.name
    connection.execute(insert(facts).from_select(FACT_COLUMNS,
                                                 _facts_select(dialect, control_ids)))
    for query in _keys_selects(dialect, control_ids):
        connection.execute(insert(keys).from_select(KEY_COLUMNS, query))


def _batches(ids: Iterable[uuid.UUID]) -> Iterable[list[uuid.UUID]]:
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), BATCH):
        yield unique[start:start + BATCH]


def refresh(session: Session, control_ids: Iterable[uuid.UUID]) -> None:
    """Write the facts of ``control_ids`` again from the record, in ``session``'s
    transaction: a finished control gets its row (and keys), any other loses them.
    Flushes first, so the caller's pending changes and audit events count."""
    session.flush()
    connection = session.connection()
    for chunk in _batches(control_ids):
        connection.execute(delete(keys).where(keys.c.control_id.in_(chunk)))
        connection.execute(delete(facts).where(facts.c.control_id.in_(chunk)))
        _insert(connection, chunk)


REFERRAL_KEY_COLUMNS = ("referral_pk", "dimension", "key", "lane", "issued_at")


def _insert_referral_keys(connection: Connection, pks: Sequence[uuid.UUID] | None) -> None:
    """The ``referral_fact_keys`` rows of the referrals ``pks`` (or all)."""
    lane = func.coalesce(_ref.c.lane, "")
    with_profiles = _ref.join(_rp, _rp.c.referral_pk == _ref.c.id)
    for dimension, key, source in (("lane", lane, _ref), ("channel", _ref.c.channel, _ref),
                                   ("risk_area", _rp.c.risk_area, with_profiles),
                                   ("risk_profile", _rp.c.code, with_profiles)):
        query = (select(_ref.c.id, literal(dimension, String), key, lane, _ref.c.issued_at)
                 .select_from(source).distinct())
        if pks is not None:
            query = query.where(_ref.c.id.in_(pks))
        connection.execute(insert(referral_keys).from_select(REFERRAL_KEY_COLUMNS, query))


def refresh_referrals(session: Session, referral_pks: Iterable[uuid.UUID]) -> None:
    """Write the received-referral keys of ``referral_pks`` again (imported or amended in
    ``session``'s transaction; flushed first)."""
    session.flush()
    connection = session.connection()
    for chunk in _batches(referral_pks):
        connection.execute(delete(referral_keys).where(referral_keys.c.referral_pk.in_(chunk)))
        _insert_referral_keys(connection, chunk)


def rebuild(connection: Connection) -> int:
    """Write the three tables again for every finished control and every referral (the
    migration's backfill, the bench after seeding, a repair); returns the number of
    control facts written."""
    connection.execute(delete(keys))
    connection.execute(delete(facts))
    connection.execute(delete(referral_keys))
    _insert(connection, None)
    _insert_referral_keys(connection, None)
    return int(connection.execute(select(func.count()).select_from(facts)).scalar_one())


__all__ = ["FINISHED", "facts", "id_text", "json_elements", "keys", "minutes_between",
           "rebuild", "referral_keys", "refresh", "refresh_referrals", "utc_day"]
