"""Retention of plate reads and frames: expired, unlinked data is purged and the purge audited."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from workstation.config import RetentionSection
from workstation.db.engine import Database
from workstation.db.models import AuditEvent, PlateRead
from workstation.services.privacy import purge, purge_after_for


def test_expired_unlinked_reads_and_frames_are_purged_and_logged(db: Database, tmp_path: Path) -> None:
    retention = RetentionSection(plate_reads_days=30, unlinked_frames_hours=24)
    now = datetime.now(UTC)
    old_at = now - timedelta(days=31)
    snap = tmp_path / "old.jpg"
    snap.write_bytes(b"jpeg")
    stray = tmp_path / "stray.jpg"
    stray.write_bytes(b"jpeg")
    fresh = tmp_path / "fresh.jpg"
    fresh.write_bytes(b"jpeg")
    two_days_ago = (now - timedelta(days=2)).timestamp()
    os.utime(stray, (two_days_ago, two_days_ago))
    keep_id = uuid.uuid4()
    with db.unit_of_work() as session:
        session.add(PlateRead(kind="plate", text="BA123CD", confidence=0.9, read_at=old_at,
                              purge_after=purge_after_for(old_at, retention), snapshot_path=str(snap)))
        session.add(PlateRead(id=keep_id, kind="plate", text="KE456AB", confidence=0.9, read_at=now,
                              purge_after=purge_after_for(now, retention)))
    with db.unit_of_work() as session:
        report = purge(session, retention, tmp_path, now)
    assert (report.plate_reads, report.frames) == (1, 2)
    assert not snap.exists() and not stray.exists() and fresh.exists()
    with db.unit_of_work() as session:
        assert [r.id for r in session.scalars(select(PlateRead))] == [keep_id]
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == "privacy.purge")).all()
        assert len(events) == 1 and events[0].details["plate_reads"] == 1
