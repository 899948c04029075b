"""The append-only, keyed, hash-chained audit trail, and its verification.

Each event stores ``hash = HMAC-SHA256(key, prev_hash + canonical JSON of the event)`` and
the id of the key (``key_id``); the key lives outside the database
(``workstation.db.audit_files``), so editing, inserting or deleting an event breaks the
chain from that point, and an event forged with this very code but without the key does not
verify. Events written before the chain was keyed (``key_id`` empty: plain sha256) are
accepted only as the chain's first events, and verification says so.

An event that changes verified rows (users, referrals and their status, controls, results,
findings with their decisions, evidence links, scans, device readings, device checks,
the review policy's selections, second opinions) lists
in ``details["states"]`` each row's ``[entity, id, sha256 of its content]`` after the change
(for users, findings, evidence and scans a fourth element: per-column digests, with a few
columns in clear, so verification can say *what* differs). A row altered, inserted or
deleted with plain SQL no longer matches its last audit event and :func:`verify` names it;
a deletion the application makes is recorded with :func:`deleted` (digest ``None``). A
referral's status is audited apart from its content (pseudo-entity ``referral_status``) so
that a control step need not re-read and re-hash the referral's goods and risk profiles.

After every commit that added events, the new chain head is appended to an anchor file
outside the database, so deleting the newest events with their rows is detected as well.

Writers call :func:`record` inside the same transaction as the change they describe.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import uuid
import weakref
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeAlias

import orjson
from sqlalchemy import Engine, Float, Select, inspect, select, text
from sqlalchemy import event as orm_events
from sqlalchemy.orm import Session, selectinload

from workstation import paths
from workstation.db import audit_files
from workstation.db.models import (
    AuditEvent,
    Base,
    Control,
    ControlResult,
    DeviceCheck,
    DeviceReading,
    Evidence,
    Finding,
    Referral,
    ReviewSelection,
    Scan,
    SecondOpinion,
    User,
    new_ids,
    utcnow,
)

log = logging.getLogger(__name__)

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


# Only these columns of a user are audited: a login's bookkeeping (failed attempts, lockout)
# may change without an event, a role, a password or the activation may not.
_INCLUDED: dict[type[Base], frozenset[str]] = {
    User: frozenset({"id", "username", "full_name", "role", "password_hash", "active",
                     "created_at", "password_changed_at"}),
}


def _columns(obj: Base) -> dict[str, Any]:
    data: dict[str, Any] = {}
    included = _INCLUDED.get(type(obj))
    for attr in inspect(obj).mapper.column_attrs:
        if included is not None and attr.key not in included:
            continue
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


# Entities whose states also carry per-column digests (what differs can be named), with the
# columns kept in clear: short values an auditor wants to read (a role, a decision, a hash).
_IN_CLEAR: dict[type[Base], frozenset[str]] = {
    User: frozenset({"username", "role", "active"}),
    Finding: frozenset({"label", "source", "decision"}),
    Evidence: frozenset({"kind"}),
    Scan: frozenset({"sha256", "complete"}),
}


def _field_digest(value: Any) -> str:
    return hashlib.sha256(canonical(value).encode()).hexdigest()[:16]


def fields_of(obj: Base) -> dict[str, Any]:
    """Per-column record of a detailed entity: the value for columns in clear, else 16 hex
    digits of its hash (``{"=": value}`` marks a clear value)."""
    clear = _IN_CLEAR.get(type(obj), frozenset())
    return {name: {"=": orjson.loads(canonical(value))} if name in clear
            else _field_digest(value) for name, value in snapshot(obj).items()}


def referral_status_hash(referral_pk: uuid.UUID, status: str) -> str:
    """State of the ``referral_status`` pseudo-entity: a referral's workflow status."""
    return content_hash({"id": referral_pk, "status": status})


# (entity, entity id, state sha256 or None for a row the application deleted[, fields]),
# as kept in details["states"]
State = tuple[Any, ...]
# The rows whose states audit events vouch for (see ``VERIFIED``).
Verified: TypeAlias = (Referral | Control | ControlResult | DeviceReading | DeviceCheck | User
                       | Finding | Evidence | Scan | ReviewSelection | SecondOpinion)


def state_of(obj: Verified) -> State:
    """The audited state of a verified row (see ``VERIFIED``)."""
    if type(obj) in _IN_CLEAR:
        return (_ENTITY_NAMES[type(obj)], str(obj.id), state_hash(obj), fields_of(obj))
    return (_ENTITY_NAMES[type(obj)], str(obj.id), state_hash(obj))


def deleted(entity: str, entity_id: str | uuid.UUID) -> State:
    """The state of a verified row the application deleted (retention, a replaced officer
    finding): verification then expects the row to be gone."""
    return (entity, str(entity_id), None)


def status_of(referral: Referral) -> State:
    return ("referral_status", str(referral.id), referral_status_hash(referral.id, referral.status))


def event_hash(prev_hash: str, seq: int, occurred_at: datetime, actor: str, action: str,
               entity: str, entity_id: str, details: dict[str, Any],
               key: bytes | None = None) -> str:
    """HMAC-SHA256 under ``key`` of ``prev_hash`` + the event's canonical JSON; plain sha256
    without a key (events written before the chain was keyed)."""
    body = canonical({
        "seq": seq, "occurred_at": occurred_at, "actor": actor, "action": action,
        "entity": entity, "entity_id": entity_id, "details": details,
    })
    message = (prev_hash + body).encode()
    if key is None:
        return hashlib.sha256(message).hexdigest()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def audit_dir_of(session: Session) -> Path:
    """The audit folder (key, anchors) of the Database that made ``session``."""
    folder = session.info.get("audit_dir")
    return Path(folder) if folder is not None else paths.audit_dir()


# Identity of the database behind an engine (for its anchor file), asked once per engine.
_IDENTITIES: weakref.WeakKeyDictionary[Engine, str | None] = weakref.WeakKeyDictionary()


def _identity(session: Session) -> str | None:
    engine = session.get_bind().engine
    if engine not in _IDENTITIES:
        _IDENTITIES[engine] = audit_files.database_identity(session)
    return _IDENTITIES[engine]


def anchor_of(session: Session) -> audit_files.HeadAnchor | None:
    """The chain-head anchor file for the database behind ``session`` (None: in-memory)."""
    identity = _identity(session)
    return None if identity is None else audit_files.anchor_for(audit_dir_of(session), identity)


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
    """Appends events to the chain within one transaction (reads the head once).

    At the first event of a transaction the lane's clock is checked against the post
    database's (``ClockGuard``: a lane whose clock is off records nothing) and the signing
    key loaded (created when absent). The events are *chained* (the chain locked, its head
    read, seq and HMAC given) only just before the commit (:meth:`chain_pending`, from the
    ``before_commit`` hook), so the post-wide chain lock is held for the inserts and the
    commit, not for the whole transaction (decision 1311). Bulk writers (:meth:`rows`) chain
    at once: their rows go in with a plain INSERT.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self._head: _ChainHead | None = None
        self._key: audit_files.AuditKey | None = None
        self._pending: list[AuditEvent] = []  # recorded, not yet chained (no seq, no hash)
        self.wrote = False

    @property
    def head(self) -> tuple[int, str] | None:
        """(seq, hash) of the newest event this transaction wrote; None when none."""
        return (self._head.seq, self._head.hash) if self.wrote and self._head else None

    def _prepare(self) -> audit_files.AuditKey:
        """Clock check, signing key and anchor identity, once per transaction (no lock)."""
        if self._key is None:
            self.session.flush()
            guard = self.session.info.get("clock_guard")
            if guard is not None:
                guard.check(self.session)
            self._key = audit_files.keyring(audit_dir_of(self.session)).signing_key()
            # The database's identity names its anchor file: asked now, inside the
            # transaction (once per engine), since after the commit no connection is at hand.
            self.session.info["audit_anchor"] = anchor_of(self.session)
        return self._key

    def _next(self, actor: str, action: str, entity: str, entity_id: str,
              details: dict[str, Any]) -> dict[str, Any]:
        """The chained columns of the next event (lock held): seq, time, prev_hash, HMAC."""
        assert self._head is not None and self._key is not None
        seq = self._head.seq + 1
        # Stamped under the lock, as the seq: times never run backwards along the chain.
        occurred_at = utcnow()
        digest = event_hash(self._head.hash, seq, occurred_at, actor, action, entity,
                            entity_id, details, self._key.secret)
        linked = {"seq": seq, "occurred_at": occurred_at, "prev_hash": self._head.hash,
                  "hash": digest, "key_id": self._key.key_id}
        self._head = _ChainHead(seq, digest)
        self.wrote = True
        return linked

    def _link(self, event: AuditEvent) -> None:
        for name, value in self._next(event.actor, event.action, event.entity,
                                      event.entity_id, event.details).items():
            setattr(event, name, value)

    def _lock(self) -> None:
        if self._head is None:
            self._prepare()
            self._head = _lock_and_read_head(self.session)

    def chain_pending(self) -> None:
        """Lock the chain, read its head and link the events recorded so far (in order);
        called just before the commit. Flushes first, so the transaction's own row
        writes (and their row locks) happen before the chain lock is taken."""
        if not self._pending:
            return
        self.session.flush()
        self._lock()
        pending, self._pending = self._pending, []
        for event in pending:
            self._link(event)
            self.session.add(event)

    def record(self, actor: str, action: str, entity: str, entity_id: str | uuid.UUID,
               details: dict[str, Any] | None = None, *, state: Verified | None = None,
               states: Sequence[Verified | State] = ()) -> AuditEvent:
        """Append one event vouching for the states of the rows it changed.

        ``state`` and ``states`` name verified rows (ORM objects, hashed here after a flush)
        or ready ``(entity, id, sha256)`` triples; they go into ``details["states"]``. The
        states are taken now (the rows this transaction changed are row-locked from the
        flush until the commit); seq and hash are given at the commit (see the class).
        """
        details = dict(details or {})
        wanted = ([state] if state is not None else []) + list(states)
        if wanted:
            self.session.flush()
            details["states"] = [list(w) if isinstance(w, tuple) else list(state_of(w))
                                 for w in wanted]
        self._prepare()
        # What the JSON column gives back on verification is what gets hashed.
        event = AuditEvent(id=uuid.uuid4(), actor=actor, action=action, entity=entity,
                           entity_id=str(entity_id), details=orjson.loads(canonical(details)))
        if self._head is not None:  # the chain is locked already (bulk rows): link now
            self._link(event)
            self.session.add(event)
        else:
            self._pending.append(event)
        return event

    def rows(self, entries: Sequence[tuple[str, str, str, str, dict[str, Any]]]
             ) -> list[dict[str, Any]]:
        """Chain many events for a bulk insert (the caller inserts the returned rows);
        takes the chain lock now, after linking the events recorded before.

        Bulk callers pass details made only of JSON values (str, numbers, None, lists, dicts).
        """
        self.chain_pending()
        self._lock()
        ids = new_ids(len(entries))
        return [{"id": event_id, "actor": actor, "action": action, "entity": entity,
                 "entity_id": entity_id, "details": details,
                 **self._next(actor, action, entity, entity_id, details)}
                for (actor, action, entity, entity_id, details), event_id
                in zip(entries, ids, strict=True)]


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


# --- the chain head, anchored outside the database after each commit ---------------------


@orm_events.listens_for(Session, "before_commit")
def _chain_before_commit(session: Session) -> None:
    """Link the transaction's events to the chain as the last step before the commit."""
    writer: AuditWriter | None = session.info.get("audit_writer")
    if writer is not None:
        writer.chain_pending()


@orm_events.listens_for(Session, "after_commit")
def _anchor_after_commit(session: Session) -> None:
    """Append the committed chain head to the anchor file (and any further anchors).

    After the commit, so the anchor is never ahead of the database. A failure here cannot
    undo the commit: it is logged, and verification later finds the anchor behind, which
    it accepts, so protection is weaker until the next commit, never a false alarm.
    """
    writer: AuditWriter | None = session.info.pop("audit_writer", None)
    anchor: audit_files.HeadAnchor | None = session.info.pop("audit_anchor", None)
    head = writer.head if writer is not None else None
    if head is None:
        return
    seq, digest = head
    at = utcnow()
    try:
        if anchor is not None:
            anchor.append(seq, digest, at)
        for extra in audit_files.EXTRA_ANCHORS:
            extra(anchor.identity if anchor else "", seq, digest, at)
    except OSError as exc:
        log.error("audit chain head %s (seq %d) could not be anchored: %s", digest, seq, exc)


@orm_events.listens_for(Session, "after_rollback")
def _forget_writer(session: Session) -> None:
    # A rolled-back transaction's events are gone: the next one reads the head again.
    session.info.pop("audit_writer", None)
    session.info.pop("audit_anchor", None)


# --- verification -------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditProblem:
    seq: int | None
    event_id: str | None
    message: str

    def __str__(self) -> str:
        if self.seq is None:
            where = "record"
        elif self.event_id is None:
            where = f"event {self.seq}"
        else:
            where = f"event {self.seq} ({self.event_id})"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class VerifyReport:
    """``problems``: what was found wrong (each names the event and the row); ``notes``:
    what verification could not prove, said plainly (not failures)."""

    events: int
    problems: list[AuditProblem]
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


VERIFIED: dict[str, type[Verified]] = {
    "user": User,
    "referral": Referral,
    "control": Control,
    "control_result": ControlResult,
    "finding": Finding,
    "evidence": Evidence,
    "scan": Scan,
    "device_reading": DeviceReading,
    "device_check": DeviceCheck,
    "review_selection": ReviewSelection,
    "second_opinion": SecondOpinion,
}
_ENTITY_NAMES: dict[type[Base], str] = {model: name for name, model in VERIFIED.items()}
# Covered since the chain was keyed (revision 0004): rows older than that get one baseline
# event at the upgrade (see ``baseline_uncovered``).
NEWLY_COVERED = ("user", "finding", "evidence", "scan")


@dataclass(frozen=True)
class _Recorded:
    seq: int
    event_id: str
    action: str
    digest: str | None
    fields: dict[str, Any] | None


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


def verify(session: Session, *, files: bool = True) -> VerifyReport:
    """Check the whole chain (links, keyed hashes), the head anchor, then every audited row
    against its last recorded state; with ``files``, each scan file against its hash.

    Every problem found is reported, not only the first: an event that fails its own check
    vouches for nothing (its states are not used), so the rows it claimed are checked
    against the last valid event instead.
    """
    problems: list[AuditProblem] = []
    notes: list[str] = []
    folder = audit_dir_of(session)
    ring = audit_files.keyring(folder)
    keys: dict[str, audit_files.AuditKey | None] = {}
    anchor = anchor_of(session)
    heads, bad_lines = anchor.tail() if anchor is not None else ([], [])
    anchored = {h.seq for h in heads}
    seen_hashes: dict[int, str] = {}
    prev_hash = GENESIS
    expected_seq = 1
    count = 0
    legacy = 0
    keyed_seen = False
    last_seq, last_hash = 0, GENESIS
    last_state: dict[tuple[str, str], _Recorded] = {}
    images_removed: set[str] = set()  # scans whose file retention removed, row kept
    for event in _iter_events(session):
        count += 1
        eid = str(event.id)
        what = f"{event.action} {event.entity} {event.entity_id}"
        valid = True
        if event.seq != expected_seq:
            problems.append(AuditProblem(
                event.seq, eid, f"sequence jumps from {expected_seq - 1} to {event.seq}: "
                f"events {expected_seq} to {event.seq - 1} were deleted"))
        elif event.prev_hash != prev_hash:
            valid = False
            problems.append(AuditProblem(event.seq, eid, f"does not link to the event before it "
                                         f"(prev_hash differs; {what})"))
        if event.key_id is None:
            if keyed_seen:
                valid = False
                problems.append(AuditProblem(
                    event.seq, eid, f"is not keyed (plain sha256) although keyed events precede "
                    f"it: written without the audit key, i.e. forged ({what})"))
            else:
                legacy += 1
            key_secret: bytes | None = None
        else:
            keyed_seen = True
            if event.key_id not in keys:
                keys[event.key_id] = ring.get(event.key_id)
            key = keys[event.key_id]
            if key is None:
                valid = False
                problems.append(AuditProblem(
                    event.seq, eid, f"is signed with audit key {event.key_id}, which this lane "
                    f"does not hold: copy that lane's hmac.key into {folder / 'keys'} (as "
                    f"<name>.key) to check it ({what})"))
            key_secret = key.secret if key is not None else None
        if event.key_id is None or key_secret is not None:
            digest = event_hash(event.prev_hash, event.seq, event.occurred_at, event.actor,
                                event.action, event.entity, event.entity_id, event.details,
                                key_secret)
            if digest != event.hash:
                valid = False
                signed = (f"its HMAC under key {event.key_id}" if key_secret is not None
                          else "its sha256")
                problems.append(AuditProblem(
                    event.seq, eid, f"content was altered or the event forged ({what}): "
                    f"{signed} does not verify"))
        if valid:
            for state in event.details.get("states", ()):
                entity, entity_id, digest_ = state[0], state[1], state[2]
                fields_ = state[3] if len(state) > 3 else None
                last_state[(entity, entity_id)] = _Recorded(event.seq, eid, event.action,
                                                            digest_, fields_)
            # Retention (privacy.purge) keeps the row of an approved control's scan and
            # removes its image: a file missing for these is no problem.
            images_removed.update(event.details.get("scan_images_removed", ()))
        if event.seq in anchored:
            seen_hashes[event.seq] = event.hash
        prev_hash = event.hash
        expected_seq = event.seq + 1
        last_seq, last_hash = event.seq, event.hash
    if legacy:
        notes.append(f"events 1 to {legacy} were written before the chain was keyed (plain "
                     "sha256): they show order and content, but anyone with this "
                     "application's code could have rewritten them; the keyed events after "
                     "them and the head anchor are what bind them")
    if anchor is not None:
        problems.extend(_verify_anchor(anchor, heads, bad_lines, seen_hashes, last_seq,
                                       last_hash, count, notes))
    problems.extend(_verify_states(session, last_state, files, images_removed))
    return VerifyReport(count, problems, notes)


def _verify_anchor(anchor: audit_files.HeadAnchor, heads: list[audit_files.AnchoredHead],
                   bad_lines: list[str], seen: dict[int, str], last_seq: int, last_hash: str,
                   count: int, notes: list[str]) -> list[AuditProblem]:
    problems: list[AuditProblem] = []
    for line in bad_lines[:5]:
        problems.append(AuditProblem(None, None, f"anchor file {anchor.path} has a line that is "
                                     f"not 'seq hash time': {line!r} (edited by hand?)"))
    if not heads:
        if count:
            notes.append(f"no chain-head anchor for this database at {anchor.path}: this lane "
                         "has not committed audit events to it, so deleting the newest "
                         "events cannot be checked here (check on a lane that records)")
        return problems
    newest = max(heads, key=lambda h: h.seq)
    if newest.seq > last_seq:
        problems.append(AuditProblem(
            newest.seq, None, f"is missing: the chain ends at event {last_seq} but the anchor "
            f"{anchor.path} recorded event {newest.seq} (hash {newest.hash[:16]}…) at "
            f"{newest.at}: the newest {newest.seq - last_seq} event(s) were deleted, with "
            "whatever rows they vouched for"))
    for head in sorted(heads, key=lambda h: h.seq):
        actual = seen.get(head.seq)
        if actual is not None and actual != head.hash:
            problems.append(AuditProblem(
                head.seq, None, f"hash {actual[:16]}… differs from the head anchored at "
                f"{head.at} ({head.hash[:16]}… in {anchor.path}): the chain was rewritten from "
                "here on"))
            break  # everything after a rewrite differs too: the first one is the finding
    return problems


def _label(obj: Verified) -> str:
    if isinstance(obj, User):
        return f"user {obj.username!r} ({obj.id})"
    return f"{_ENTITY_NAMES[type(obj)]} {obj.id}"


def _differences(obj: Verified, recorded: dict[str, Any]) -> str:
    """Which audited columns of ``obj`` differ from their recorded fields, in words."""
    now = fields_of(obj)
    said: list[str] = []
    for name in sorted(set(now) | set(recorded)):
        old, new = recorded.get(name), now.get(name)
        if old == new:
            continue
        if isinstance(old, dict) and isinstance(new, dict):
            said.append(f"{name}: audited {old.get('=')!r}, now {new.get('=')!r}")
        elif old is None or new is None:
            said.append(f"column {name} {'added' if old is None else 'removed'}")
        else:
            said.append(f"{name} changed")
    return "; ".join(said) or "content differs"


def _file_problem(scan: Scan, removed: bool = False) -> str | None:
    """Why the scan's file does not match its row, or None when it does (``removed``: an
    audited retention run removed the file on purpose)."""
    path = Path(scan.path)
    try:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except FileNotFoundError:
        if removed:
            return None
        return f"scan {scan.id}: file {path} is missing from the image store"
    except OSError as exc:
        return f"scan {scan.id}: file {path} cannot be read: {exc}"
    if digest.hexdigest() != scan.sha256:
        return (f"scan {scan.id}: file {path} has sha256 {digest.hexdigest()}, its row says "
                f"{scan.sha256}: the file was replaced or altered")
    return None


def _verify_states(session: Session, last_state: dict[tuple[str, str], _Recorded],
                   files: bool = True, images_removed: frozenset[str] | set[str] = frozenset()
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
            if files and isinstance(obj, Scan):
                trouble = _file_problem(obj, key in images_removed)
                if trouble is not None:
                    problems.append(AuditProblem(None, None, trouble))
            recorded = last_state.get((entity, key))
            if recorded is None:
                problems.append(AuditProblem(None, None,
                                             f"{_label(obj)} has no audit event: inserted "
                                             "outside the application"))
                continue
            if isinstance(obj, Referral):
                status = last_state.get(("referral_status", key))
                if status is None or referral_status_hash(obj.id, obj.status) != status.digest:
                    where = status or recorded
                    problems.append(AuditProblem(
                        where.seq, where.event_id, f"referral {key} status {obj.status!r} was "
                        "set outside the application"))
            if recorded.digest is None:
                problems.append(AuditProblem(
                    recorded.seq, recorded.event_id, f"{_label(obj)} was deleted by this event "
                    f"({recorded.action}) but is there again: re-inserted outside the "
                    "application"))
            elif state_hash(obj) != recorded.digest:
                what = (_differences(obj, recorded.fields) if recorded.fields is not None
                        else "its content no longer matches the audited state")
                problems.append(AuditProblem(
                    recorded.seq, recorded.event_id, f"{_label(obj)} was changed after this "
                    f"event ({recorded.action}) outside the application: {what}"))
        session.expunge_all()
        for (kind, key), recorded in last_state.items():
            if kind == entity and key not in seen and recorded.digest is not None:
                problems.append(AuditProblem(recorded.seq, recorded.event_id,
                                             f"{entity} {key} was deleted outside the "
                                             "application"))
    return problems


def baseline_uncovered(session: Session, actor: str = "system", batch: int = 1000) -> int:
    """Vouch, with ``audit.baseline`` events, for the users, findings, evidence links and
    scans that no event covers yet: rows written before these were audited (revision 0004).

    Run once by the upgrade that adds the audit key; returns how many rows it covered. What
    such a row was before the baseline cannot be proved; verification from here on holds.
    """
    covered: set[tuple[str, str]] = set()
    for event in _iter_events(session):
        for state in event.details.get("states", ()):
            if state[0] in NEWLY_COVERED:
                covered.add((state[0], state[1]))
    pending: list[Verified] = []
    total = 0
    for entity in NEWLY_COVERED:
        query: Select[Verified] = select(VERIFIED[entity])
        for obj in session.scalars(query):
            if (entity, str(obj.id)) not in covered:
                pending.append(obj)
            if len(pending) >= batch:
                total += _baseline_event(session, actor, pending)
                pending = []
    if pending:
        total += _baseline_event(session, actor, pending)
    return total


def _baseline_event(session: Session, actor: str, rows: list[Verified]) -> int:
    record(session, actor, "audit.baseline", "audit", "baseline",
           {"reason": "rows written before users, findings, evidence and scans were audited",
            "rows": len(rows)}, states=rows)
    return len(rows)
