"""The append-only, hash-chained audit trail, and its verification.

Each event stores ``hash = sha256(prev_hash + canonical JSON of the event)``, so editing,
inserting or deleting an event breaks the chain from that point. Events about referrals,
controls and results also carry ``state_sha256``, the hash of the entity's content after
the change, so a row of those tables altered with plain SQL no longer matches its last
audit event and :func:`verify` names it.

Writers call :func:`record` inside the same transaction as the change they describe.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Float, inspect, select, text
from sqlalchemy.orm import Session, selectinload

from workstation.db.models import (
    AuditEvent,
    Base,
    Control,
    ControlResult,
    Referral,
    new_ids,
    utcnow,
)

GENESIS = "0" * 64
_PG_AUDIT_LOCK = 0x41554454  # "AUDT": one writer at a time extends the chain


def _default(value: Any) -> Any:
    """JSON form of the non-JSON values found in rows (called by json.dumps)."""
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, datetime):
        if value.tzinfo is not UTC:
            value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value.isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    raise TypeError(f"cannot put {type(value).__name__} into an audit record")


def canonical(value: Any) -> str:
    """Canonical JSON (sorted keys, no spaces; floats by repr, so exact across backends)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=_default)


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


def snapshot(obj: Base) -> dict[str, Any]:
    """The audited content of a referral, control or result, with its child rows."""
    data = _columns(obj)
    for name in _CHILDREN.get(type(obj), ()):
        children = sorted(getattr(obj, name), key=lambda c: c.position)
        data[name] = [_columns(c) for c in children]
    return data


def content_hash(data: dict[str, Any]) -> str:
    """sha256 of the canonical JSON of an entity snapshot (columns plus child rows)."""
    return hashlib.sha256(canonical(data).encode()).hexdigest()


def state_hash(obj: Base) -> str:
    return content_hash(snapshot(obj))


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
            details = json.loads(canonical(details))
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
               details: dict[str, Any] | None = None, *, state: Base | None = None) -> AuditEvent:
        """Append one event; ``state`` (an ORM object) adds its ``state_sha256``."""
        details = dict(details or {})
        if state is not None:
            self.session.flush()
            details["state_sha256"] = state_hash(state)
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
           details: dict[str, Any] | None = None, *, state: Base | None = None) -> AuditEvent:
    """Append one audit event in ``session``'s transaction (see :class:`AuditWriter`)."""
    writer: AuditWriter | None = session.info.get("audit_writer")
    if writer is None:
        writer = AuditWriter(session)
        session.info["audit_writer"] = writer
    return writer.record(actor, action, entity, entity_id, details, state=state)


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


_ENTITY_TYPES: dict[str, type[Base]] = {
    "referral": Referral,
    "control": Control,
    "control_result": ControlResult,
}


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
        if event.entity in _ENTITY_TYPES:
            last_state[(event.entity, event.entity_id)] = (
                event.seq, eid, event.details.get("state_sha256"))
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
    for entity, model in _ENTITY_TYPES.items():
        seen: set[str] = set()
        query = select(model).options(
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
            if expected is not None and state_hash(obj) != expected:
                problems.append(AuditProblem(
                    seq, eid, f"{entity} {key} was changed after this event outside the "
                              "application (its content no longer matches the audited state)"))
        session.expunge_all()
        for (kind, key), (seq, eid, _expected) in last_state.items():
            if kind == entity and key not in seen:
                problems.append(AuditProblem(seq, eid, f"{entity} {key} was deleted outside "
                                                       "the application"))
    return problems
