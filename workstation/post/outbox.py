"""The durable outbox between a lane's record and the post's image archive (decision 1300).

API (stable; the analyst's queue and ``bench post`` build on it):

* :func:`origin_for` ``(config) -> str | None`` — ``post/lane`` when the lane has an
  ``[archive]``, else None (then nothing is enqueued: the lane works as before).
* :func:`enqueue_scan` ``(session, scan_row, origin)`` and :func:`enqueue_dataset`
  ``(session, store, dataset, origin, ...)`` (a TDR) — add the object's outbox row **in the
  caller's transaction**: committed with the scan or TDR, or not at all. Enqueueing an object
  (SOP Instance UID) already in the outbox returns its row: never two rows for one object.
  :func:`enqueue_control_tdrs` enqueues a control's machine and operator TDRs.
* :class:`OutboxPusher` — a thread per lane process that pushes its ``origin``'s due rows
  to the archive after commit (woken by the commit of a unit of work that enqueued), one
  object at a time and outside any transaction, so a slow or dead archive never holds a lock
  the lane's writer needs. A failed push is tried again after ``retry_initial_s`` doubling
  up to ``retry_max_s`` (per row, and the whole pusher pauses as long while the archive is
  unreachable); a pushed row keeps the archive's instance id and the time, with an audit
  event ``archive.store``. :meth:`OutboxPusher.push_due` runs one pass in the caller's
  thread (tests, benchmarks).
* :func:`archived_scan` ``(session, scan_id) -> ArchivedObject | None`` — where the archive
  keeps a scan (instance id, SOP Instance UID, sha256), for workstations that do not have
  the file; :func:`pending_count`.

Idempotence: the archive stores an object once per SOP Instance UID (a second store is
answered ``AlreadyStored`` with the same id), so a push retried after a crash between the
archive's answer and our commit never makes a second copy.
"""

from __future__ import annotations

import io
import logging
import threading
import time
import uuid
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event as orm_events
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from workstation.config import WorkstationConfig
from workstation.db.engine import Database, DatabaseError
from workstation.db.models import ArchiveOutbox, Scan
from workstation.hosts.backoff import Backoff
from workstation.post.archive import (
    ArchiveError,
    ArchiveRefused,
    ArchiveUnavailable,
    OrthancArchive,
)
from workstation.scans.dicos import scan_instance_uid
from workstation.scans.store import ImageStore
from workstation.services import audit

log = logging.getLogger(__name__)

ACTOR = "archive"  # the audit trail's actor for pushes (a lane process, no user)
_ENQUEUED = "archive_outbox_enqueued"  # session.info key: wake the pushers after commit
_HASH_CHUNK = 1 << 20


def origin_for(config: WorkstationConfig) -> str | None:
    """``post/lane`` of this lane when it has an archive; None without one."""
    if config.archive.url is None:
        return None
    return f"{config.lane.post}/{config.lane.lane_id}"[:64]


# --- enqueueing (in the caller's transaction) -------------------------------------------------


def enqueue(session: Session, *, kind: str, sop_instance_uid: str, path: Path, sha256: str,
            size_bytes: int, origin: str, scan_id: uuid.UUID | None = None,
            control_id: uuid.UUID | None = None) -> ArchiveOutbox:
    """Add one object's outbox row to ``session``'s transaction (or return the row that
    object already has). ``kind``: ``scan`` or ``tdr``; ``path``: the file in the lane's
    image store, ``sha256`` its hash (hex), ``size_bytes`` its length."""
    if kind not in ("scan", "tdr"):
        raise ValueError(f"outbox kind {kind!r}: use scan or tdr")
    existing = session.scalar(select(ArchiveOutbox)
                              .where(ArchiveOutbox.sop_instance_uid == sop_instance_uid))
    if existing is not None:
        return existing
    now = datetime.now(UTC)
    row = ArchiveOutbox(id=uuid.uuid4(), kind=kind, sop_instance_uid=sop_instance_uid,
                        sha256=sha256, path=str(path), size_bytes=size_bytes, origin=origin,
                        scan_id=scan_id, control_id=control_id, created_at=now, attempts=0,
                        next_attempt_at=now, last_error="")
    session.add(row)
    session.info[_ENQUEUED] = True
    return row


def enqueue_scan(session: Session, scan: Scan, origin: str) -> ArchiveOutbox:
    """The stored scan ``scan`` (its DICOS file in the image store) for the archive."""
    path = Path(scan.path)
    return enqueue(session, kind="scan", sop_instance_uid=scan_instance_uid(str(scan.id)),
                   path=path, sha256=scan.sha256, size_bytes=path.stat().st_size,
                   origin=origin, scan_id=scan.id)


@dataclass(frozen=True)
class StoredTdr:
    """A TDR file written into the image store: SOP Instance UID, sha256 (hex), path and
    length (bytes), ready for :func:`enqueue_stored`."""

    sop_instance_uid: str
    sha256: str
    path: Path
    size_bytes: int


def write_dataset(store: ImageStore, dataset: Any) -> StoredTdr:
    """Encode a TDR (a pydicom dataset) and write it into the image store (``.dcs``,
    fsync'ed). No database work: callers do it *before* their transaction, so no lock is
    held during the file I/O; a transaction that then fails leaves only an unreferenced
    file in the content-addressed store."""
    buffer = io.BytesIO()
    dataset.save_as(buffer, enforce_file_format=True)
    data = buffer.getvalue()
    digest, path = store.put(data, ".dcs")
    return StoredTdr(str(dataset.SOPInstanceUID), digest, path, len(data))


def enqueue_stored(session: Session, stored: StoredTdr, origin: str, *,
                   scan_id: uuid.UUID | None = None,
                   control_id: uuid.UUID | None = None) -> ArchiveOutbox:
    """The outbox row of a TDR already in the image store (:func:`write_dataset`)."""
    return enqueue(session, kind="tdr", sop_instance_uid=stored.sop_instance_uid,
                   path=stored.path, sha256=stored.sha256, size_bytes=stored.size_bytes,
                   origin=origin, scan_id=scan_id, control_id=control_id)


def enqueue_dataset(session: Session, store: ImageStore, dataset: Any, origin: str, *,
                    scan_id: uuid.UUID | None = None,
                    control_id: uuid.UUID | None = None) -> ArchiveOutbox:
    """A TDR (a pydicom dataset): written into the image store (``.dcs``), then enqueued."""
    return enqueue_stored(session, write_dataset(store, dataset), origin, scan_id=scan_id,
                          control_id=control_id)


def enqueue_control_tdrs(session: Session, store: ImageStore, control_id: uuid.UUID,
                         origin: str) -> list[ArchiveOutbox]:
    """Every machine and operator TDR of a control's model findings (when it is closed)."""
    from workstation.services.findings import control_tdrs

    return [enqueue_dataset(session, store, ds, origin, scan_id=scan_id, control_id=control_id)
            for _name, scan_id, ds in control_tdrs(session, control_id)]


@orm_events.listens_for(Session, "after_commit")
def _wake_pushers(session: Session) -> None:
    """Pushed after commit: a unit of work that enqueued wakes this process's pushers."""
    if not session.info.pop(_ENQUEUED, False):
        return
    bind = session.get_bind()
    for pusher in list(_PUSHERS):
        if pusher.db.engine is bind:
            pusher.wake()


@orm_events.listens_for(Session, "after_soft_rollback")
def _forget_enqueued(session: Session, _previous: Any) -> None:
    session.info.pop(_ENQUEUED, None)


# --- reading the record --------------------------------------------------------------------


@dataclass(frozen=True)
class ArchivedObject:
    """Where the archive keeps one object: its instance id, SOP Instance UID and sha256."""

    instance_id: str
    sop_instance_uid: str
    sha256: str


def archived_scan(session: Session, scan_id: uuid.UUID) -> ArchivedObject | None:
    """The archive's copy of a scan, or None while it is not (yet) pushed."""
    row = session.scalar(select(ArchiveOutbox).where(ArchiveOutbox.scan_id == scan_id,
                                                     ArchiveOutbox.kind == "scan",
                                                     ArchiveOutbox.pushed_at.is_not(None)))
    if row is None or row.archive_instance_id is None:
        return None
    return ArchivedObject(row.archive_instance_id, row.sop_instance_uid, row.sha256)


def pending_count(session: Session, origin: str | None = None) -> int:
    """Objects not yet in the archive (of ``origin``, or of every lane)."""
    query = select(func.count()).select_from(ArchiveOutbox).where(
        ArchiveOutbox.pushed_at.is_(None))
    if origin is not None:
        query = query.where(ArchiveOutbox.origin == origin)
    return int(session.scalar(query) or 0)


# --- pushing -----------------------------------------------------------------------------------


@dataclass
class PushPass:
    """What one pass did: objects pushed, tries that failed, and when the next row is due
    (UTC; None: nothing pending)."""

    pushed: int = 0
    failed: int = 0
    next_due: datetime | None = None


_PUSHERS: weakref.WeakSet[OutboxPusher] = weakref.WeakSet()


class OutboxPusher:
    """Pushes one lane's (``origin``'s) outbox to the archive; see the module docstring.

    ``retry_initial_s`` / ``retry_max_s``: backoff of a failed push, seconds (doubling);
    ``recheck_s``: how often the thread looks for due rows without being woken (rows of
    this lane left by a process that ended, rows whose backoff ran out); ``batch``: rows
    read per pass. ``on_pushed(row)``: called after a row is marked pushed (benchmarks).
    """

    def __init__(self, db: Database, archive: OrthancArchive, origin: str, *,
                 retry_initial_s: float = 1.0, retry_max_s: float = 60.0,
                 recheck_s: float = 30.0, batch: int = 32,
                 on_pushed: Callable[[ArchiveOutbox], None] | None = None) -> None:
        self.db = db
        self.archive = archive
        self.origin = origin
        self.retry_initial_s = retry_initial_s
        self.retry_max_s = retry_max_s
        self.recheck_s = recheck_s
        self.batch = batch
        self.on_pushed = on_pushed
        self._pause = Backoff(retry_initial_s, 2.0, retry_max_s, jitter=0.1)
        self._down_until = 0.0  # monotonic: the archive was unreachable, wait until then
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_error = ""
        _PUSHERS.add(self)

    @classmethod
    def for_lane(cls, config: WorkstationConfig, db: Database, *,
                 recheck_s: float = 30.0) -> OutboxPusher | None:
        """The pusher of a lane with an ``[archive]``, not started; None without one."""
        origin = origin_for(config)
        archive = OrthancArchive.from_section(config.archive)
        if origin is None or archive is None:
            return None
        return cls(db, archive, origin, retry_initial_s=config.archive.retry_initial_s,
                   retry_max_s=config.archive.retry_max_s, recheck_s=recheck_s)

    # --- thread ---------------------------------------------------------------------------

    def start(self) -> OutboxPusher:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=f"archive-push-{self.origin}")
            self._thread.start()
        return self

    def wake(self) -> None:
        """Look for due rows now (called after a commit that enqueued)."""
        self._wake.set()

    def stop(self, timeout_s: float | None = None) -> None:
        """Stop after the push in progress (waits up to ``timeout_s``; default: the
        archive's request timeout plus a margin). Pending rows stay for the next start."""
        self._stopping.set()
        self._wake.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout_s if timeout_s is not None else self.archive.timeout_s + 10.0)
            self._thread = None

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.clear()
            delay = self.recheck_s
            try:
                done = self.push_due()
                if done.next_due is not None:
                    due_in = (done.next_due - datetime.now(UTC)).total_seconds()
                    delay = min(delay, max(due_in, 0.0))
            except (SQLAlchemyError, DatabaseError) as exc:
                # The record is unreachable: nothing is lost (rows stay pending); try later.
                self.last_error = f"database: {exc}"
                log.warning("archive outbox %s: %s", self.origin, self.last_error)
                delay = min(self.retry_max_s, self.recheck_s)
            down_for = self._down_until - time.monotonic()
            if down_for > 0:
                delay = max(delay, down_for)
            self._wake.wait(delay)

    # --- one pass ---------------------------------------------------------------------------

    def push_due(self) -> PushPass:
        """Push every due row of this origin, oldest first, until none is due or the archive
        is unreachable. Runs in the caller's thread."""
        done = PushPass()
        if time.monotonic() < self._down_until:
            done.next_due = datetime.now(UTC) + timedelta(
                seconds=self._down_until - time.monotonic())
            return done
        while not self._stopping.is_set():
            rows = self._due_rows()
            if not rows:
                break
            for row_id, path, sha256 in rows:
                if self._stopping.is_set():
                    break
                if self._push_one(row_id, Path(path), sha256):
                    done.pushed += 1
                else:
                    done.failed += 1
                    if time.monotonic() < self._down_until:
                        done.next_due = datetime.now(UTC) + timedelta(
                            seconds=self._down_until - time.monotonic())
                        return done
        done.next_due = self._next_due()
        return done

    def _due_rows(self) -> list[tuple[uuid.UUID, str, str]]:
        now = datetime.now(UTC)
        with self.db.unit_of_work() as s:
            return [(r.id, r.path, r.sha256) for r in s.execute(
                select(ArchiveOutbox.id, ArchiveOutbox.path, ArchiveOutbox.sha256)
                .where(ArchiveOutbox.origin == self.origin, ArchiveOutbox.pushed_at.is_(None),
                       ArchiveOutbox.next_attempt_at <= now)
                .order_by(ArchiveOutbox.created_at, ArchiveOutbox.id).limit(self.batch))]

    def _next_due(self) -> datetime | None:
        with self.db.unit_of_work() as s:
            return s.scalar(select(func.min(ArchiveOutbox.next_attempt_at))
                            .where(ArchiveOutbox.origin == self.origin,
                                   ArchiveOutbox.pushed_at.is_(None)))

    def _push_one(self, row_id: uuid.UUID, path: Path, sha256: str) -> bool:
        """Push one object (no transaction open meanwhile); record the outcome."""
        try:
            actual = _file_sha256(path)
            if actual != sha256:
                raise ArchiveRefused(f"{path}: the file hashes to {actual}, the outbox says "
                                     f"{sha256}: altered or damaged, not sent to the archive")
            stored = self.archive.store(path)
        except ArchiveUnavailable as exc:
            self._failed(row_id, str(exc), refused=False)
            self._down_until = time.monotonic() + self._pause.next_delay()
            return False
        except (ArchiveError, OSError) as exc:  # refused, or the file cannot be read
            message = str(exc) if isinstance(exc, ArchiveError) else \
                f"{path}: cannot read the object to archive: {exc.strerror}"
            self._failed(row_id, message, refused=True)
            return False
        self._pause.reset()
        self._down_until = 0.0
        self._mark_pushed(row_id, stored.instance_id, stored.status)
        return True

    def _mark_pushed(self, row_id: uuid.UUID, instance_id: str, status: str) -> None:
        with self.db.unit_of_work() as s:
            row = s.get(ArchiveOutbox, row_id, with_for_update=True)
            if row is None or row.pushed_at is not None:
                return  # another pusher of this lane got there first: the archive has it once
            row.pushed_at = datetime.now(UTC)
            row.archive_instance_id = instance_id
            row.attempts += 1
            row.last_error = ""
            audit.record(s, ACTOR, "archive.store", "archive_outbox", row.id, {
                "kind": row.kind, "sop_instance_uid": row.sop_instance_uid,
                "sha256": row.sha256, "archive_instance_id": instance_id,
                "scan_id": str(row.scan_id) if row.scan_id else None, "status": status,
                "attempts": row.attempts, "origin": row.origin})
        if self.on_pushed is not None:
            self.on_pushed(row)

    def _failed(self, row_id: uuid.UUID, message: str, *, refused: bool) -> None:
        """Count the try and set the row's next attempt; a refusal (the archive or the file
        says no: trying again will not help until someone acts) is audited the first time."""
        self.last_error = message
        log.warning("archive outbox %s: %s", self.origin, message)
        with self.db.unit_of_work() as s:
            row = s.get(ArchiveOutbox, row_id, with_for_update=True)
            if row is None or row.pushed_at is not None:
                return
            first_refusal = refused and not row.last_error.startswith("refused: ")
            row.attempts += 1
            wait = min(self.retry_max_s, self.retry_initial_s * 2 ** min(row.attempts - 1, 30))
            row.next_attempt_at = datetime.now(UTC) + timedelta(
                seconds=self.retry_max_s if refused else wait)
            row.last_error = (("refused: " if refused else "unavailable: ") + message)[:2000]
            if first_refusal:
                audit.record(s, ACTOR, "archive.refused", "archive_outbox", row.id, {
                    "kind": row.kind, "sop_instance_uid": row.sop_instance_uid,
                    "scan_id": str(row.scan_id) if row.scan_id else None, "error": message,
                    "origin": row.origin})


def _file_sha256(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()

