"""Faults of the post's archive and lanes (issue 16): the archive killed mid-push, stopped
under load and restarted; a lane process killed mid-shift. Every acknowledged scan arrives
in the archive exactly once, and storing a scan never waits for the archive."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select, text

from tests.post.conftest import ORIGIN, Condition, small_scan
from workstation.db.engine import Database
from workstation.db.models import ArchiveOutbox, Scan
from workstation.post.orthanc_server import LocalOrthanc
from workstation.post.outbox import OutboxPusher, pending_count
from workstation.scans.dicos import scan_instance_uid
from workstation.scans.service import save_scan
from workstation.scans.store import ImageStore

pytestmark = pytest.mark.postgres
REPO = Path(__file__).resolve().parents[2]


def _all_once(db: Database, server: LocalOrthanc, scan_ids: list[uuid.UUID]) -> None:
    """Every scan is in the archive exactly once, under the id the record keeps."""
    archive = server.archive()
    with db.unit_of_work() as s:
        rows = {r.scan_id: r for r in s.scalars(select(ArchiveOutbox))}
    assert set(scan_ids) <= set(rows)
    for scan_id in scan_ids:
        uid = scan_instance_uid(str(scan_id))
        assert archive.count(uid) == 1, f"scan {scan_id} in the archive {archive.count(uid)} times"
        assert rows[scan_id].archive_instance_id == archive.find(uid)
    assert len(archive.instance_ids()) == len(rows)


def _pushing(db: Database, server: LocalOrthanc, woken: Condition,
             pushed: list[uuid.UUID]) -> OutboxPusher:
    def record(row: ArchiveOutbox) -> None:
        pushed.append(row.id)
        woken.notify()

    # A short request timeout: the stopped archive's tries fail fast and back off.
    archive = server.archive(timeout_s=2.0)
    return OutboxPusher(db, archive, ORIGIN, retry_initial_s=0.05, retry_max_s=0.3,
                        recheck_s=0.5, on_pushed=record).start()


def _pending(db: Database) -> int:
    with db.unit_of_work() as s:
        return pending_count(s, ORIGIN)


@pytest.mark.parametrize("how", ["killed mid-push", "stopped under load"])
def test_every_scan_arrives_once_when_the_archive_fails_and_comes_back(
        how: str, pg_db: Database, orthanc: LocalOrthanc, tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "images")
    woken, pushed = Condition(), []  # type: ignore[var-annotated]
    pusher = _pushing(pg_db, orthanc, woken, pushed)
    scan_ids: list[uuid.UUID] = []
    try:
        for seed in range(8):  # load: scans keep coming while the first ones are pushed
            scan_ids.append(save_scan(pg_db, store, small_scan(seed), kind="parcel",
                                      archive_origin=ORIGIN).id)
        woken.wait_for(lambda: len(pushed) >= 2, "the first scans pushed")
        if how == "killed mid-push":
            orthanc.kill()  # SIGKILL while the next pushes are under way
        else:
            orthanc.stop()
        assert not orthanc.running
        # The lane goes on: each scan is stored (committed, acknowledged) with the archive down.
        for seed in range(8, 16):
            scan_ids.append(save_scan(pg_db, store, small_scan(seed), kind="parcel",
                                      archive_origin=ORIGIN).id)
        assert not orthanc.running
        with pg_db.unit_of_work() as s:
            assert s.scalar(select(text("count(*)")).select_from(Scan)) == 16
        assert _pending(pg_db) > 0
        orthanc.restart()
        woken.wait_for(lambda: _pending(pg_db) == 0, "every scan pushed after the restart")
    finally:
        pusher.stop()
    _all_once(pg_db, orthanc, scan_ids)


def test_a_lane_killed_mid_shift_loses_no_acknowledged_scan(
        pg_db: Database, orthanc: LocalOrthanc, tmp_path: Path) -> None:
    with pg_db.unit_of_work() as s:
        schema = s.scalar(text("select current_schema()"))
    url = pg_db.engine.url.render_as_string(hide_password=False)
    lane = subprocess.Popen(
        [sys.executable, "-m", "tests.post.lane_worker", url, str(schema),
         str(tmp_path / "images"), orthanc.url, orthanc.username, orthanc.password],
        cwd=REPO, stdout=subprocess.PIPE, text=True, env={**os.environ})
    acknowledged: list[uuid.UUID] = []
    try:
        assert lane.stdout is not None
        for line in lane.stdout:  # each line: a scan whose transaction committed
            acknowledged.append(uuid.UUID(line.strip()))
            if len(acknowledged) == 6:
                lane.send_signal(signal.SIGKILL)  # mid-shift: a scan may be half-stored
                break
    finally:
        lane.kill()
        lane.wait()
    # The lane starts again: its pusher takes up whatever the killed process left.
    woken, pushed = Condition(), []  # type: ignore[var-annotated]
    pusher = _pushing(pg_db, orthanc, woken, pushed)
    try:
        woken.wait_for(lambda: _pending(pg_db) == 0, "the killed lane's outbox pushed")
    finally:
        pusher.stop()
    with pg_db.unit_of_work() as s:
        stored = set(s.scalars(select(Scan.id)))
    assert set(acknowledged) <= stored
    _all_once(pg_db, orthanc, acknowledged)
