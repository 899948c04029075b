from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from workstation.config import RetentionSection
from workstation.db.engine import Database
from workstation.db.models import PlateRead
from workstation.services import audit, plate_reads, privacy

JPEG = b"\xff\xd8\xff\xe0 a frame \xff\xd9"


def test_read_and_unlinked_frame_follow_their_retention(db: Database, tmp_path: Path) -> None:
    import os

    retention = RetentionSection(plate_reads_days=30, unlinked_frames_hours=24)
    read_at = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    with db.unit_of_work() as session:
        row = plate_reads.record_plate_read(
            session, plate_reads.PlateReadIn("plate", "PP587AO", 0.93, "lane-camera",
                                             box=(10, 20, 120, 30), snapshot_jpeg=JPEG),
            snapshot_dir=tmp_path, retention=retention, actor="olga", now=read_at)
        snapshot = Path(row.snapshot_path or "")
    assert snapshot.read_bytes() == JPEG and snapshot.parent.parent == tmp_path
    os.utime(snapshot, (read_at.timestamp(), read_at.timestamp()))
    with db.unit_of_work() as session:
        stored = session.scalars(select(PlateRead)).one()
        assert stored.purge_after == read_at + timedelta(days=30)
        assert privacy.purge(session, retention, tmp_path,
                             read_at + timedelta(hours=23)).frames == 0
    assert snapshot.exists()
    with db.unit_of_work() as session:  # not linked to a control: the frame goes after 24 h
        report = privacy.purge(session, retention, tmp_path, read_at + timedelta(days=29))
    assert (report.plate_reads, report.frames) == (0, 1) and not snapshot.exists()
    with db.unit_of_work() as session:
        report = privacy.purge(session, retention, tmp_path, read_at + timedelta(days=31))
    assert (report.plate_reads, report.frames) == (1, 0)
    with db.unit_of_work() as session:
        assert session.scalars(select(PlateRead)).all() == []
        assert audit.verify(session).ok


def test_unlinked_frame_goes_after_its_hours_while_the_read_stays(db: Database,
                                                                  tmp_path: Path) -> None:
    import os

    retention = RetentionSection(plate_reads_days=30, unlinked_frames_hours=24)
    read_at = datetime.now(UTC) - timedelta(days=2)
    with db.unit_of_work() as session:
        row = plate_reads.record_plate_read(
            session, plate_reads.PlateReadIn("plate", "BA123CD", 0.9, snapshot_jpeg=JPEG),
            snapshot_dir=tmp_path, retention=retention, actor="olga", now=read_at)
        snapshot = Path(row.snapshot_path or "")
    old = read_at.timestamp()
    os.utime(snapshot, (old, old))
    with db.unit_of_work() as session:
        report = privacy.purge(session, retention, tmp_path, datetime.now(UTC))
    assert (report.plate_reads, report.frames) == (0, 1) and not snapshot.exists()
    with db.unit_of_work() as session:
        kept = session.scalars(select(PlateRead)).one()
        assert kept.text == "BA123CD" and kept.snapshot_path is None
