from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.cli_helper import Cli
from workstation import config
from workstation.db.engine import Database
from workstation.db.models import AuditEvent, PlateRead


def test_privacy_purge_command_removes_expired_reads_and_old_frames(
        _isolated_home: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = config.load()
    cfg.storage.snapshots.mkdir(parents=True)
    old_frame = cfg.storage.snapshots / "old.jpg"
    old_frame.write_bytes(b"\xff\xd8 jpeg")
    stale = (datetime.now(UTC) - timedelta(days=2)).timestamp()
    os.utime(old_frame, (stale, stale))
    fresh_frame = cfg.storage.snapshots / "fresh.jpg"
    fresh_frame.write_bytes(b"\xff\xd8 jpeg")
    db = Database.from_config(cfg)
    db.upgrade()
    now = datetime.now(UTC)
    with db.unit_of_work() as session:
        session.add(PlateRead(kind="plate", text="PP587AO", confidence=0.9,
                              read_at=now - timedelta(days=40), purge_after=now - timedelta(days=10)))
        session.add(PlateRead(kind="plate", text="BA123CD", confidence=0.9,
                              read_at=now, purge_after=now + timedelta(days=30)))
    cli = Cli(capsys, monkeypatch)
    cli.add_user("sven", "supervisor")  # the administrator "ada" is made first
    code, _, err = cli.as_user("sven", "privacy", "purge")
    assert code == 2 and "needs the role admin" in err and old_frame.exists()
    code, out, _ = cli.as_user("ada", "privacy", "purge")
    assert code == 0 and "purged 1 plate reads" in out and "1 camera frames" in out
    assert not old_frame.exists() and fresh_frame.exists()
    with db.unit_of_work() as session:
        assert list(session.scalars(select(PlateRead.text))) == ["BA123CD"]
        assert session.scalar(select(func.count()).select_from(AuditEvent)
                              .where(AuditEvent.action == "privacy.purge")) == 1
    db.dispose()
