"""The append-only, hash-chained audit trail, and its verification.

Each event stores ``hash = sha256(prev_hash + canonical JSON of the event)``, so editing,
inserting or deleting an event breaks the chain from that point. An event that changes
verified rows (referrals, their status, controls, results, device readings, device checks)
lists in ``details["states"]`` each row's ``[entity, id, sha256 of its content]`` after the
change, so a row altered, inserted or deleted with plain SQL no longer matches its last
audit event and :func:`verify` names it. A referral's status is audited apart from its
content (pseudo-entity ``referral_status``) so that a control step need not re-read and
re-hash the referral's goods and risk profiles.

Writers call :func:`record` inside the same transaction as the change they describe.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeAlias

import orjson
from sqlalchemy import Float, Select, inspect, select, text
from sqlalchemy.orm import Session, selectinload

from workstation.db.models import (
    AuditEvent,
    Base,
    Control,
    ControlResult,
    DeviceCheck,
    DeviceReading,
    Referral,
    new_ids,
    utcnow,
)

GENESIS = "0" * 64
_PG_AUDIT_LOCK = 0x41554454  # "AUDT": one writer at a time extends the chain


def _default(value: Any) -> Any:
    """JSON form of the values orjson does not serialise itself."""
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot put {type(value).__name__} into an audit record")


_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_NAIVE_UTC


def canonical(value: Any) -> str:
    """Canonical JSON: sorted keys, no spaces, UUIDs with hyphens, times as ISO 8601 UTC
    (naive ones taken as UTC), floats in their shortest exact form, bytes as their sha256.

    orjson, because every audited write hashes whole rows: it is several times faster
    than ``json.dumps`` with a ``default`` hook and gives the same text on every backend.
    """
    return orjson.dumps(value, option=_OPTIONS, default=_default).decode()


def _columns(obj: Base) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for attr in inspect(obj).mapper.column_attrs:
        value = getattr(obj, attr.key)
        # An int given for a Float column reads back as a float: hash what the database keeps.
        if value is not None and isinstance(attr.columns[0].type, Float):
            value = float(value)
        data[attr.key] = value
    return data


# Child collections that belong to an entity's audited content.
_CHILDREN: dict[type[Base], tuple[str, ...]] = {
    Referral: ("risk_profiles", "instructions", "transport_ids", "goods"),
    ControlResult: ("seizures",),
    Control: (),
}


# Columns audited as a state of their own: a referral's status changes with every control
# step, while its content (and its child rows) only changes when the risk system amends it.
_EXCLUDED: dict[type[Base], frozenset[str]] = {Referral: frozenset({"status"})}


def snapshot(obj: Base) -> dict[str, Any]:
    """The audited content of a referral, control or result, with its child rows."""
    data = _columns(obj)
    for name in _EXCLUDED.get(type(obj), ()):
        del data[name]
    for name in _CHILDREN.get(type(obj), ()):
        children = sorted(getattr(obj, name), key=lambda c: c.position)
        data[name] = [_columns(c) for c in children]
    return data


def content_hash(data: dict[str, Any]) -> str:
    """sha256 of the canonical JSON of an entity snapshot (columns plus child rows)."""
    return hashlib.sha256(canonical(data).encode()).hexdigest()


def state_hash(obj: Base) -> str:
    return content_hash(snapshot(obj))


def referral_status_hash(referral_pk: uuid.UUID, status: str) -> str:
    """State of the ``referral_status`` pseudo-entity: a referral's workflow status."""
    return content_hash({"id": referral_pk, "status": status})


State = tuple[str, str, str]  # (entity, entity id, state sha256), as kept in details["states"]
# The rows whose states audit events vouch for (see ``VERIFIED``).
Verified: TypeAlias = Referral | Control | ControlResult | DeviceReading | DeviceCheck


def state_of(obj: Verified) -> State:
    """The audited state of a verified row (see ``VERIFIED``)."""
    return (_ENTITY_NAMES[type(obj)], str(obj.id), state_hash(obj))


def status_of(referral: Referral) -> State:
    return ("referral_status", str(referral.id), referral_status_hash(referral.id, referral.status))


def event_hash(prev_hash: str, seq: int, occurred_at: datetime, actor: str, action: str,
               entity: str, entity_id: str, details: dict[str, Any]) -> str:
    body = canonical({
        "seq": seq, "occurred_at": occurred_at, "actor": actor, "action": action,
        "entity": entity, "entity_id": entity_id, "details": details,
    })
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


@dataclass
class _ChainHead:
    seq: int
    hash: str


def _lock_and_read_head(session: Session) -> _ChainHead:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("select pg_advisory_xact_lock(:k)"), {"k": _PG_AUDIT_LOCK})
    # SQLite: BEGIN IMMEDIATE already serialises writers.
    row = session.execute(
        select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    return _ChainHead(0, GENESIS) if row is None else _ChainHead(row.seq, row.hash)


class AuditWriter:
    """Appends events to the chain within one transaction (reads the head once)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._head: _ChainHead | None = None

    def _event(self, actor: str, action: str, entity: str, entity_id: str,
               details: dict[str, Any], event_id: uuid.UUID | None = None,
               normalise: bool = True) -> dict[str, Any]:
        if self._head is None:
            self.session.flush()
            self._head = _lock_and_read_head(self.session)
        seq = self._head.seq + 1
        occurred_at = utcnow()
        if normalise:
            # What the JSON column gives back on verification is what gets hashed now.
            details = orjson.loads(canonical(details))
        digest = event_hash(self._head.hash, seq, occurred_at, actor, action, entity, entity_id,
                            details)
        row = {
            "id": event_id or uuid.uuid4(), "seq": seq, "occurred_at": occurred_at, "actor": actor,
            "action": action, "entity": entity, "entity_id": entity_id, "details": details,
            "prev_hash": self._head.hash, "hash": digest,
        }
        self._head = _ChainHead(seq, digest)
        return row

    def record(self, actor: str, action: str, entity: str, entity_id: str | uuid.UUID,
               details: dict[str, Any] | None = None, *, state: Verified | None = None,
               states: Sequence[Verified | State] = ()) -> AuditEvent:
        """Append one event vouching for the states of the rows it changed.

        ``state`` and ``states`` name verified rows (ORM objects, hashed here after a flush)
        or ready ``(entity, id, sha256)`` triples; they go into ``details["states"]``.
        """
        details = dict(details or {})
        wanted = ([state] if state is not None else []) + list(states)
        if wanted:
            self.session.flush()
            details["states"] = [list(w) if isinstance(w, tuple) else list(state_of(w))
                                 for w in wanted]
        row = self._event(actor, action, entity, str(entity_id), details)
        event = AuditEvent(**row)
        self.session.add(event)
        return event

    def rows(self, entries: Sequence[tuple[str, str, str, str, dict[str, Any]]]
             ) -> list[dict[str, Any]]:
        """Chain many events for a bulk insert (the caller inserts the returned rows).

        Bulk callers pass details made only of JSON values (str, numbers, None, lists, dicts).
        """
        ids = new_ids(len(entries))
        return [self._event(*entry, event_id=event_id, normalise=False)
                for entry, event_id in zip(entries, ids, strict=True)]


def record(session: Session, actor: str, action: str, entity: str, entity_id: str | uuid.UUID,
           details: dict[str, Any] | None = None, *, state: Verified | None = None,
           states: Sequence[Verified | State] = ()) -> AuditEvent:
    """Append one audit event in ``session``'s transaction (see :meth:`AuditWriter.record`)."""
    return writer_for(session).record(actor, action, entity, entity_id, details, state=state,
                                      states=states)


def writer_for(session: Session) -> AuditWriter:
    writer: AuditWriter | None = session.info.get("audit_writer")
    if writer is None:
        writer = AuditWriter(session)
        session.info["audit_writer"] = writer
    return writer


# --- verification -------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditProblem:
    seq: int | None
    event_id: str | None
    message: str

    def __str__(self) -> str:
        where = f"event {self.seq} ({self.event_id})" if self.seq is not None else "record"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class VerifyReport:
    events: int
    problems: list[AuditProblem]

    @property
    def ok(self) -> bool:
        return not self.problems


VERIFIED: dict[str, type[Verified]] = {
    "referral": Referral,
    "control": Control,
    "control_result": ControlResult,
    "device_reading": DeviceReading,
    "device_check": DeviceCheck,
}
_ENTITY_NAMES: dict[type[Base], str] = {model: name for name, model in VERIFIED.items()}


def _iter_events(session: Session, batch: int = 5000) -> Iterator[AuditEvent]:
    last = 0
    while True:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.seq > last).order_by(AuditEvent.seq).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].seq
        session.expunge_all()


def verify(session: Session) -> VerifyReport:
    """Check the whole chain, then every audited row against its last recorded state."""
    problems: list[AuditProblem] = []
    prev_hash = GENESIS
    expected_seq = 1
    count = 0
    last_state: dict[tuple[str, str], tuple[int, str, str | None]] = {}
    for event in _iter_events(session):
        count += 1
        eid = str(event.id)
        if event.seq != expected_seq:
            problems.append(AuditProblem(event.seq, eid,
                                         f"sequence jumps from {expected_seq - 1} to {event.seq}: "
                                         "events were deleted"))
            break
        if event.prev_hash != prev_hash:
            problems.append(AuditProblem(event.seq, eid,
                                         "does not link to the event before it (prev_hash differs)"))
            break
        digest = event_hash(event.prev_hash, event.seq, event.occurred_at, event.actor,
                            event.action, event.entity, event.entity_id, event.details)
        if digest != event.hash:
            problems.append(AuditProblem(event.seq, eid,
                                         f"content was altered ({event.action} {event.entity} "
                                         f"{event.entity_id}): hash does not verify"))
            break
        for entity, entity_id, digest_ in event.details.get("states", ()):
            last_state[(entity, entity_id)] = (event.seq, eid, digest_)
        prev_hash = event.hash
        expected_seq += 1
    if problems:
        return VerifyReport(count, problems)
    problems.extend(_verify_states(session, last_state))
    return VerifyReport(count, problems)


def _verify_states(session: Session,
                   last_state: dict[tuple[str, str], tuple[int, str, str | None]]
                   ) -> list[AuditProblem]:
    problems: list[AuditProblem] = []
    for entity, model in VERIFIED.items():
        seen: set[str] = set()
        query: Select[Verified] = select(model)
        query = query.options(
            *(selectinload(getattr(model, name)) for name in _CHILDREN.get(model, ())))
        for obj in session.scalars(query).unique():
            key = str(obj.id)
            seen.add(key)
            recorded = last_state.get((entity, key))
            if recorded is None:
                problems.append(AuditProblem(None, None,
                                             f"{entity} {key} has no audit event: inserted "
                                             "outside the application"))
                continue
            seq, eid, expected = recorded
            if isinstance(obj, Referral):
                status = last_state.get(("referral_status", key))
                if status is None or referral_status_hash(obj.id, obj.status) != status[2]:
                    where = status or recorded
                    problems.append(AuditProblem(
                        where[0], where[1], f"referral {key} status {obj.status!r} was set "
                        "outside the application"))
            if state_hash(obj) != expected:
                problems.append(AuditProblem(
                    seq, eid, f"{entity} {key} was changed after this event outside the "
                              "application (its content no longer matches the audited state)"))
        session.expunge_all()
        for (kind, key), (seq, eid, _expected) in last_state.items():
            if kind == entity and key not in seen:
                problems.append(AuditProblem(seq, eid, f"{entity} {key} was deleted outside "
                                                       "the application"))
    return problems
