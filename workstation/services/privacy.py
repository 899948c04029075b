"""Retention of personal data: plate reads, camera frames (snapshots) and scans; views logged.

Retention is applied from the configuration **in force at purge time**: an item's age is
measured from its own time (``read_at``, ``acquired_at``) against the current
``[retention]`` periods, so shortening a period purges older items at the next run too.
(``PlateRead.purge_after`` and ``Scan.purge_after`` are only the date under the period in
force when the item was stored, shown for information; :func:`purge` does not read them.)

* Plate reads older than ``retention.plate_reads_days`` are deleted **unless** a control
  holds them as evidence (then the control's own retention applies), with their snapshot.
* Frames not linked to a control — snapshot files whose plate read is not evidence, and
  files no read refers to — are deleted once older than ``retention.unlinked_frames_hours``.
* Scans older than ``retention.scans_days`` are purged unless a control that is not yet
  approved (open, resulted, closed awaiting review, returned) holds them as evidence or
  through a finding. A scan no control refers to is deleted with its file; a scan of an
  approved control keeps its row (the record's hash of what was seen) and loses its file.
* A content-addressed file (snapshot, scan) is deleted only when nothing that is kept — an
  evidence read, another read, another scan — refers to it: equal content is one file.
* Every purge run that deletes anything appends one audit event (``privacy.purge``) with
  the counts and the scans whose image went (``scan_ids``; ``scan_images_removed``: those
  whose row stays), deleted scan rows as deleted states, in the same transaction as the
  deletions.
  Files are removed last, after the database work and its audit event.

Viewing personal data — a plate read, a camera frame, a scan — is logged with who and when
(Law Enforcement Directive, Art. 25): :func:`log_view` appends an audit event
``view.<kind>``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Select, select, union
from sqlalchemy.orm import Session

from workstation.config import RetentionSection
from workstation.db.models import Control, Evidence, Finding, PlateRead, Scan, User
from workstation.domain.vocab import ControlStatus
from workstation.services import audit

FRAME_SUFFIXES = (".jpg", ".jpeg", ".png")
VIEW_KINDS = ("scan", "plate_read", "camera_frame")
_CHUNK = 500


@dataclass(frozen=True)
class PurgeReport:
    """Counts of one purge run: rows deleted and files removed."""

    plate_reads: int
    frames: int
    scans: int = 0  # scan rows deleted
    scan_files: int = 0  # scan image files removed (with their row, or from an approved control)

    @property
    def anything(self) -> bool:
        return bool(self.plate_reads or self.frames or self.scans or self.scan_files)


def purge_after_for(read_at: datetime, retention: RetentionSection) -> datetime:
    """The purge date of an item read at ``read_at`` under ``retention`` as it is now
    (information only: :func:`purge` always measures against the settings it is given)."""
    return read_at + timedelta(days=retention.plate_reads_days)


def log_view(session: Session, user: User | str, kind: str, entity_id: uuid.UUID | str,
             *, how: str = "") -> None:
    """Record that ``user`` viewed personal data: ``kind`` one of :data:`VIEW_KINDS`
    (action ``view.<kind>``, the event's time is when), ``how`` the way it was shown or
    taken out (``"show"``, ``"export"``, ``"window"``). Call it in the transaction that
    reads the item, before the item is shown."""
    if kind not in VIEW_KINDS:
        raise ValueError(f"view kind {kind!r} is not one of {', '.join(VIEW_KINDS)}")
    actor = user if isinstance(user, str) else user.username
    audit.record(session, actor[:64], f"view.{kind}", kind, entity_id, {"how": how} if how else {})


@dataclass
class _Plan:
    """What one run deletes: rows are deleted in the transaction, files after it."""

    plate_reads: int = 0
    files: list[Path] = field(default_factory=list)
    scans: int = 0
    scan_files: list[Path] = field(default_factory=list)
    scan_ids: list[str] = field(default_factory=list)  # every scan this run purges
    images_only: list[str] = field(default_factory=list)  # of those, rows kept (approved)


def purge(session: Session, retention: RetentionSection, snapshot_dir: Path | None,
          now: datetime, actor: str = "system", *, image_store: Path | None = None) -> PurgeReport:
    """Delete what is past retention under ``retention`` as it is now; audit what went.

    ``image_store``: the scan store's folder; scans are purged only when it is given.
    """
    plan = _Plan()
    # The sweep first: a read whose frame it removes no longer names a file to plan for.
    frames = _sweep_frames(session, retention, snapshot_dir, now)
    _plan_plate_reads(session, retention, now, plan)
    if image_store is not None:
        _plan_scans(session, retention, now, plan)
    session.flush()
    report = PurgeReport(plan.plate_reads, len(plan.files) + len(frames), plan.scans,
                         len(plan.scan_files))
    if report.anything:
        audit.record(session, actor, "privacy.purge", "plate_reads", "retention",
                     {"plate_reads": report.plate_reads, "frames": report.frames,
                      "scans": report.scans, "scan_files": report.scan_files,
                      "scan_ids": plan.scan_ids, "scan_images_removed": plan.images_only,
                      "plate_reads_days": retention.plate_reads_days,
                      "unlinked_frames_hours": retention.unlinked_frames_hours,
                      "scans_days": retention.scans_days},
                     # Deleted scan rows are verified entities: say the application deleted
                     # them, so `audit verify` expects them gone.
                     states=[audit.deleted("scan", pk) for pk in plan.scan_ids
                             if pk not in plan.images_only])
    for path in (*plan.files, *plan.scan_files):
        _remove(path)
    return report


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start:start + _CHUNK]


def _plan_plate_reads(session: Session, retention: RetentionSection, now: datetime,
                      plan: _Plan) -> None:
    linked = select(Evidence.plate_read_id).where(Evidence.plate_read_id.is_not(None))
    cutoff = now - timedelta(days=retention.plate_reads_days)
    expired = session.scalars(
        select(PlateRead).where(PlateRead.read_at <= cutoff, PlateRead.id.not_in(linked))
    ).all()
    paths = sorted({r.snapshot_path for r in expired if r.snapshot_path})
    for read in expired:
        session.delete(read)
    session.flush()
    # Equal frames are one file: keep it while any remaining read (evidence or not yet
    # expired) refers to it.
    still: set[Path] = set()
    for chunk in _chunks(paths):
        still.update(Path(p).resolve() for p in session.scalars(
            select(PlateRead.snapshot_path).where(PlateRead.snapshot_path.in_(chunk)))
            if p is not None)
    plan.plate_reads = len(expired)
    plan.files += [Path(p) for p in paths if Path(p).resolve() not in still and Path(p).exists()]


def _sweep_frames(session: Session, retention: RetentionSection, snapshot_dir: Path | None,
                  now: datetime) -> list[str]:
    """Remove frames no evidence read refers to, once older than the unlinked-frame period;
    returns the files removed (already gone from disk when this returns)."""
    if snapshot_dir is None or not snapshot_dir.is_dir():
        return []
    linked = select(Evidence.plate_read_id).where(Evidence.plate_read_id.is_not(None))
    keep: set[Path] = set()
    keep_hashes: set[str] = set()
    for path, digest in session.execute(
            select(PlateRead.snapshot_path, PlateRead.snapshot_sha256)
            .where(PlateRead.snapshot_path.is_not(None), PlateRead.id.in_(linked))):
        if path is not None:
            keep.add(Path(path).resolve())
        if digest:
            keep_hashes.add(digest)
    cutoff = (now - timedelta(hours=retention.unlinked_frames_hours)).timestamp()
    removed: list[str] = []
    for file in snapshot_dir.rglob("*"):  # the snapshot store has one folder per hash prefix
        if (file.is_file() and file.suffix.lower() in FRAME_SUFFIXES
                and file.resolve() not in keep and file.stem not in keep_hashes
                and file.stat().st_mtime <= cutoff and _remove(file)):
            removed.append(str(file))
    # A read outlives its unlinked frame until its own retention ends: forget the file.
    for chunk in _chunks(removed):
        for read in session.scalars(select(PlateRead).where(PlateRead.snapshot_path.in_(chunk))):
            read.snapshot_path = None
            read.snapshot_sha256 = None
    return removed


def _scans_held_by(controls: Select[Any] | None) -> Select[Any]:
    """Ids of scans that are evidence of, or have findings in, ``controls`` (all when None)."""
    evidence = select(Evidence.scan_id).where(Evidence.scan_id.is_not(None))
    findings = select(Finding.scan_id).where(Finding.scan_id.is_not(None))
    if controls is not None:
        evidence = evidence.where(Evidence.control_id.in_(controls))
        findings = findings.where(Finding.control_id.in_(controls))
    return select(union(evidence, findings).subquery().c[0])


def _plan_scans(session: Session, retention: RetentionSection, now: datetime,
                plan: _Plan) -> None:
    cutoff = now - timedelta(days=retention.scans_days)
    unreviewed = select(Control.id).where(Control.status != ControlStatus.APPROVED)
    old = session.scalars(select(Scan).where(
        Scan.acquired_at <= cutoff, Scan.id.not_in(_scans_held_by(unreviewed)))).all()
    if not old:
        return
    referenced = set(session.scalars(_scans_held_by(None)))
    gone: set[uuid.UUID] = set()
    candidates: dict[Path, Scan] = {}
    for scan in old:
        if scan.id in referenced:
            # Evidence of an approved control: the row stays (and with it the sha256 of what
            # was seen); only the image goes, once.
            if not Path(scan.path).exists():
                continue
            plan.images_only.append(str(scan.id))
        else:
            session.delete(scan)
            plan.scans += 1
        gone.add(scan.id)
        candidates.setdefault(Path(scan.path).resolve(), scan)
        plan.scan_ids.append(str(scan.id))
    session.flush()
    # Equal scans are one file: keep it while any scan not purged here refers to it.
    digests = sorted({s.sha256 for s in candidates.values()})
    kept: set[Path] = set()
    for chunk in _chunks(digests):
        kept.update(Path(path).resolve() for pk, path in session.execute(
            select(Scan.id, Scan.path).where(Scan.sha256.in_(chunk))) if pk not in gone)
    plan.scan_files += [p for p in candidates if p not in kept and p.exists()]


def _remove(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return False  # already gone: nothing to purge, not an error
    return True
