"""The archive outbox against a real PostgreSQL and a real Orthanc: pushed after commit, each
object once in the archive however often a push is retried, and opened by id from the
archive (hash-checked, cached) on a workstation that does not have the file."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import select, update

from tests.post.conftest import ORIGIN, Condition, small_scan
from workstation.db.engine import Database
from workstation.db.models import ArchiveOutbox, AuditEvent
from workstation.post.archive import OrthancArchive
from workstation.post.orthanc_server import LocalOrthanc
from workstation.post.outbox import OutboxPusher, archived_scan, pending_count
from workstation.scans.dicos import scan_instance_uid
from workstation.scans.service import ScanNotFound, open_scan, save_scan
from workstation.scans.store import ImageStore, ScanIntegrityError

pytestmark = pytest.mark.postgres


class _Rollback(Exception):
    pass


def _pusher(db: Database, server: LocalOrthanc, pushed: list[ArchiveOutbox],
            woken: Condition) -> OutboxPusher:
    def record(row: ArchiveOutbox) -> None:
        pushed.append(row)
        woken.notify()

    # recheck_s is long: only the commit's wake-up can make the pusher look in time.
    return OutboxPusher(db, server.archive(), ORIGIN, retry_initial_s=0.05, retry_max_s=0.5,
                        recheck_s=3600.0, on_pushed=record)


def test_pushed_after_commit_and_never_for_a_rolled_back_scan(
        pg_db: Database, orthanc: LocalOrthanc, tmp_path: Path) -> None:
    store, archive = ImageStore(tmp_path / "images"), orthanc.archive()
    pushed: list[ArchiveOutbox] = []
    woken = Condition()
    pusher = _pusher(pg_db, orthanc, pushed, woken).start()
    try:
        with pg_db.unit_of_work() as s:
            row = save_scan(pg_db, store, small_scan(1), kind="parcel", session=s,
                            archive_origin=ORIGIN)
            uid = scan_instance_uid(str(row.id))
            s.flush()
            # Enqueued but not committed: the pusher was not woken and the archive lacks it.
            assert archive.find(uid) is None
            assert pushed == []
        woken.wait_for(lambda: len(pushed) == 1, "the committed scan pushed")
        with pg_db.unit_of_work() as s:
            archived = archived_scan(s, row.id)
        assert archived is not None and archived.instance_id == archive.find(uid)
        assert archived.sha256 == row.sha256

        with pytest.raises(_Rollback), pg_db.unit_of_work() as s:
            gone = save_scan(pg_db, store, small_scan(2), kind="parcel", session=s,
                             archive_origin=ORIGIN)
            raise _Rollback
        with pg_db.unit_of_work() as s:
            assert pending_count(s, ORIGIN) == 0
        assert archive.find(scan_instance_uid(str(gone.id))) is None
        assert archive.instance_ids() == [archived.instance_id]
    finally:
        pusher.stop()


def test_each_scan_once_in_the_archive_however_often_pushed(
        pg_db: Database, orthanc: LocalOrthanc, tmp_path: Path) -> None:
    store, archive = ImageStore(tmp_path / "images"), orthanc.archive()
    pusher = OutboxPusher(pg_db, archive, ORIGIN, retry_initial_s=0.05, retry_max_s=0.5)
    rows = [save_scan(pg_db, store, small_scan(seed), kind="parcel", archive_origin=ORIGIN)
            for seed in range(3)]
    with pg_db.unit_of_work() as s:  # enqueueing an object again is the same outbox row
        from workstation.post.outbox import enqueue_scan

        again = enqueue_scan(s, s.get(type(rows[0]), rows[0].id), ORIGIN)  # type: ignore[arg-type]
        assert s.scalar(select(ArchiveOutbox.id).where(
            ArchiveOutbox.scan_id == rows[0].id)) == again.id
    assert pusher.push_due().pushed == 3
    for _retry in range(3):
        # A crash after the archive answered and before our commit: the rows look unpushed.
        with pg_db.unit_of_work() as s:
            s.execute(update(ArchiveOutbox).values(pushed_at=None, archive_instance_id=None))
        assert pusher.push_due().pushed == 3
    for row in rows:
        assert archive.count(scan_instance_uid(str(row.id))) == 1
    assert len(archive.instance_ids()) == 3
    with pg_db.unit_of_work() as s:
        assert pending_count(s) == 0
        stores = s.scalars(select(AuditEvent).where(AuditEvent.action == "archive.store")).all()
    assert len(stores) == 3 * 4
    assert {e.details["status"] for e in stores} == {"Success", "AlreadyStored"}


def test_a_workstation_opens_a_scan_from_the_archive_checks_its_hash_and_caches_it(
        pg_db: Database, orthanc: LocalOrthanc, tmp_path: Path) -> None:
    lane_store = ImageStore(tmp_path / "lane-images")
    desk_store = ImageStore(tmp_path / "analyst-desk")  # another workstation of the post
    archive = orthanc.archive()
    pusher = OutboxPusher(pg_db, archive, ORIGIN)
    first = save_scan(pg_db, lane_store, small_scan(5), kind="parcel", archive_origin=ORIGIN)
    other = save_scan(pg_db, lane_store, small_scan(6), kind="parcel", archive_origin=ORIGIN)
    with pytest.raises(ScanNotFound, match="not yet in the post's archive"):
        _open_elsewhere(pg_db, desk_store, first.id, archive, tmp_path)
    assert pusher.push_due().pushed == 2

    row, scan = _open_elsewhere(pg_db, desk_store, first.id, archive, tmp_path)
    assert row.id == first.id and scan.high.shape == small_scan(5).high.shape
    assert desk_store.path_for(first.sha256).is_file()
    orthanc.kill()  # the cache serves it now, archive or not
    row, scan = open_scan(pg_db, desk_store, first.id, archive=archive)
    assert row.sha256 == first.sha256

    # The record pointing at another object of the archive: its hash is not the scan's.
    orthanc.restart()
    with pg_db.unit_of_work() as s:
        wrong = s.scalar(select(ArchiveOutbox.archive_instance_id)
                         .where(ArchiveOutbox.scan_id == other.id))
        s.execute(update(ArchiveOutbox).where(ArchiveOutbox.scan_id == first.id)
                  .values(archive_instance_id=wrong))
    desk_store.path_for(first.sha256).unlink()
    with pytest.raises(ScanIntegrityError, match="not the scan recorded"):
        _open_elsewhere(pg_db, desk_store, first.id, archive, tmp_path)
    assert not desk_store.path_for(first.sha256).exists()


def _open_elsewhere(db: Database, store: ImageStore, scan_id: uuid.UUID,
                    archive: OrthancArchive, tmp_path: Path) -> tuple:  # type: ignore[type-arg]
    """Open as a workstation without the lane's files: the lane's store is moved away."""
    lane, away = tmp_path / "lane-images", tmp_path / "lane-images-away"
    lane.rename(away)
    try:
        return open_scan(db, store, scan_id, archive=archive)
    finally:
        away.rename(lane)
