"""Retention of personal data from cameras: plate reads and stored frames (snapshots).

* A plate read gets ``purge_after = read_at + retention.plate_reads_days`` when stored
  (:func:`purge_after_for`). :func:`purge` deletes reads past that date **unless** a control
  holds them as evidence (then the control's own retention applies), with their snapshot.
* Frames not linked to a control — snapshot files whose plate read is not evidence, and
  files no read refers to — are deleted once older than ``retention.unlinked_frames_hours``.
* Every purge run that deletes anything appends one audit event (``privacy.purge``) with
  the counts, in the same transaction as the deletions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.config import RetentionSection
from workstation.db.models import Evidence, PlateRead
from workstation.services import audit

FRAME_SUFFIXES = (".jpg", ".jpeg", ".png")


@dataclass(frozen=True)
class PurgeReport:
    plate_reads: int
    frames: int

    @property
    def anything(self) -> bool:
        return bool(self.plate_reads or self.frames)


def purge_after_for(read_at: datetime, retention: RetentionSection) -> datetime:
    return read_at + timedelta(days=retention.plate_reads_days)


def purge(session: Session, retention: RetentionSection, snapshot_dir: Path | None,
          now: datetime, actor: str = "system") -> PurgeReport:
    """Delete expired plate reads and unlinked frames; audit what was deleted."""
    linked = select(Evidence.plate_read_id).where(Evidence.plate_read_id.is_not(None))
    expired = session.scalars(
        select(PlateRead).where(PlateRead.purge_after.is_not(None), PlateRead.purge_after <= now,
                                PlateRead.id.not_in(linked))
    ).all()
    frames = 0
    for read in expired:
        if read.snapshot_path and _remove(Path(read.snapshot_path)):
            frames += 1
        session.delete(read)
    if snapshot_dir is not None and snapshot_dir.is_dir():
        keep = {Path(p).resolve() for p in session.scalars(
            select(PlateRead.snapshot_path).where(PlateRead.snapshot_path.is_not(None),
                                                  PlateRead.id.in_(linked))) if p is not None}
        cutoff = (now - timedelta(hours=retention.unlinked_frames_hours)).timestamp()
        removed: list[str] = []
        for file in snapshot_dir.rglob("*"):  # the snapshot store has one folder per hash prefix
            if (file.is_file() and file.suffix.lower() in FRAME_SUFFIXES
                    and file.resolve() not in keep and file.stat().st_mtime <= cutoff
                    and _remove(file)):
                frames += 1
                removed.append(str(file))
        # A read outlives its unlinked frame until its own retention ends: forget the file.
        for start in range(0, len(removed), 500):
            for read in session.scalars(select(PlateRead).where(
                    PlateRead.snapshot_path.in_(removed[start:start + 500]))):
                read.snapshot_path = None
                read.snapshot_sha256 = None
    report = PurgeReport(len(expired), frames)
    if report.anything:
        audit.record(session, actor, "privacy.purge", "plate_reads", "retention",
                     {"plate_reads": report.plate_reads, "frames": report.frames,
                      "plate_reads_days": retention.plate_reads_days,
                      "unlinked_frames_hours": retention.unlinked_frames_hours})
    return report


def _remove(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return False  # already gone: nothing to purge, not an error
    return True
