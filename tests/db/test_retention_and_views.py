"""Personal data handled as promised (issue 17, item 5): retention from the configuration in
force at purge time, a retention rule for scans, content-addressed files kept while anything
kept refers to them, and every view of a scan, plate read or camera frame logged."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.db.helpers import make_users
from workstation.config import RetentionSection, StorageSection, WorkstationConfig
from workstation.db.engine import Database
from workstation.db.models import AuditEvent, PlateRead, Scan, User
from workstation.domain.result_codes import ResultCodes
from workstation.imaging.scan import DualEnergyScan
from workstation.lane.gateway import LaneGateway
from workstation.lane.types import UserInfo
from workstation.scans import ImageStore, save_scan
from workstation.scans.simulate import simulate_scan
from workstation.services import audit, controls, privacy
from workstation.services.plate_reads import PlateReadIn, record_plate_read

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
JPEG = b"\xff\xd8\xff\xe0 frame of a car \xff\xd9"


@pytest.fixture(scope="module")
def parcel() -> DualEnergyScan:
    return simulate_scan("parcel", 4, size=(64, 64))[0]


def _read(db: Database, tmp_path: Path, read_at: datetime, retention: RetentionSection,
          jpeg: bytes | None = JPEG) -> uuid.UUID:
    with db.unit_of_work() as s:
        row = record_plate_read(s, PlateReadIn("plate", "BA123CD", 0.9, camera="cam-1",
                                               snapshot_jpeg=jpeg),
                                snapshot_dir=tmp_path / "snapshots", retention=retention,
                                actor="lane", now=read_at)
        return row.id


def _purge(db: Database, retention: RetentionSection, tmp_path: Path,
           now: datetime = NOW) -> privacy.PurgeReport:
    with db.unit_of_work() as s:
        return privacy.purge(s, retention, tmp_path / "snapshots", now,
                             image_store=tmp_path / "images")


def _plate_read_ids(db: Database) -> set[uuid.UUID]:
    with db.unit_of_work() as s:
        return set(s.scalars(select(PlateRead.id)))


def test_retention_is_the_one_configured_at_purge_time(db: Database, tmp_path: Path) -> None:
    month = RetentionSection(plate_reads_days=30)
    stored_under_a_month = _read(db, tmp_path, NOW - timedelta(days=20), month, jpeg=None)
    # Shortened to 10 days: the 20-day-old read goes at the next run.
    assert _purge(db, RetentionSection(plate_reads_days=10), tmp_path).plate_reads == 1
    assert stored_under_a_month not in _plate_read_ids(db)
    # Lengthened to 30 days: a read stored while the period was 10 days is kept.
    stored_under_ten_days = _read(db, tmp_path, NOW - timedelta(days=20),
                                  RetentionSection(plate_reads_days=10), jpeg=None)
    assert _purge(db, month, tmp_path).plate_reads == 0
    assert stored_under_ten_days in _plate_read_ids(db)


def test_a_frame_shared_by_reads_stays_while_a_kept_read_refers_to_it(
        db: Database, tmp_path: Path) -> None:
    retention = RetentionSection(plate_reads_days=30, unlinked_frames_hours=24 * 365)
    officer, _supervisor, _other = make_users(db)
    old = _read(db, tmp_path, NOW - timedelta(days=40), retention)
    evidence = _read(db, tmp_path, NOW - timedelta(days=40), retention)
    recent = _read(db, tmp_path, NOW - timedelta(days=1), retention)
    with db.unit_of_work() as s:
        frame = Path(str(s.get(PlateRead, old).snapshot_path))  # type: ignore[union-attr]
        control = controls.open_control(s, s.merge(officer), post="P", lane="L1")
        controls.attach_evidence(s, control.id, s.merge(officer), kind="plate_read",
                                 plate_read_id=evidence)
    # Same bytes, one content-addressed file for all three reads.
    report = _purge(db, retention, tmp_path)
    assert (report.plate_reads, report.frames) == (1, 0)
    assert frame.exists() and _plate_read_ids(db) == {evidence, recent}
    # The recent read expires; the evidence read still refers to the file.
    report = _purge(db, retention, tmp_path, NOW + timedelta(days=40))
    assert (report.plate_reads, report.frames) == (1, 0) and frame.exists()


def _scan(db: Database, store: ImageStore, scan: DualEnergyScan, age_days: int) -> Scan:
    return save_scan(db, store, scan, kind="parcel", device="scanner-1",
                     acquired_at=NOW - timedelta(days=age_days))


def _approved_control(db: Database, officer: User, supervisor: User, scan_id: uuid.UUID) -> None:
    with db.unit_of_work() as s:
        control = controls.open_control(s, s.merge(officer), post="P", lane="L1")
        controls.attach_evidence(s, control.id, s.merge(officer), kind="scan", scan_id=scan_id)
        controls.record_result(s, control.id, s.merge(officer),
                               controls.ResultIn("A2", ["scan"], minutes_spent=5),
                               ResultCodes.load())
        controls.close_control(s, control.id, s.merge(officer))
        controls.review_control(s, control.id, s.merge(supervisor), approve=True)


def test_scans_have_a_retention_rule_and_a_control_under_review_keeps_its_scans(
        db: Database, tmp_path: Path, parcel: DualEnergyScan) -> None:
    store = ImageStore(tmp_path / "images")
    officer, supervisor, _other = make_users(db)
    under_work = _scan(db, store, parcel, 40)
    approved = _scan(db, store, parcel, 40)
    unlinked = _scan(db, store, parcel, 40)
    recent = _scan(db, store, parcel, 5)
    with db.unit_of_work() as s:
        # An old copy of the same file (imported twice): its row may go, the file may not.
        twin = Scan(id=uuid.uuid4(), sha256=under_work.sha256, path=under_work.path,
                    kind="parcel", rows=1, columns=1, energies=2, acquired_at=NOW - timedelta(days=40))
        s.add(twin)
        control = controls.open_control(s, s.merge(officer), post="P", lane="L1")
        controls.attach_evidence(s, control.id, s.merge(officer), kind="scan",
                                 scan_id=under_work.id)
    _approved_control(db, officer, supervisor, approved.id)

    retention = RetentionSection(scans_days=30)
    report = _purge(db, retention, tmp_path)
    assert (report.scans, report.scan_files) == (2, 2)  # unlinked + twin rows; 2 files
    with db.unit_of_work() as s:
        assert set(s.scalars(select(Scan.id))) == {under_work.id, approved.id, recent.id}
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "privacy.purge")).one()
        assert set(event.details["scan_ids"]) == {str(unlinked.id), str(twin.id), str(approved.id)}
        assert event.details["scan_images_removed"] == [str(approved.id)]
        # The rows went through the application: the audit trail expects them gone.
        assert [p.message for p in audit.verify(s, files=False).problems
                if str(unlinked.id) in p.message or str(twin.id) in p.message] == []
    assert Path(under_work.path).exists() and Path(recent.path).exists()
    assert not Path(unlinked.path).exists()
    assert not Path(approved.path).exists()  # the approved control keeps the row and hash
    assert not _purge(db, retention, tmp_path).anything  # nothing counted twice


def test_retention_scans_days_is_strict_configuration() -> None:
    with pytest.raises(ValueError, match="scans_days"):
        RetentionSection(scans_days=-1)
    with pytest.raises(ValueError, match="scan_days"):
        RetentionSection.model_validate({"scan_days": 30})


def _views(db: Database) -> list[tuple[str, str, str, str]]:
    with db.unit_of_work() as s:
        return [(e.actor, e.action, e.entity_id, e.details.get("how", "")) for e in s.scalars(
            select(AuditEvent).where(AuditEvent.action.like("view.%")).order_by(AuditEvent.seq))]


def test_viewing_a_scan_a_plate_read_or_a_frame_is_logged_with_who_and_when(
        db: Database, tmp_path: Path, parcel: DualEnergyScan) -> None:
    officer, _supervisor, _other = make_users(db)
    config = WorkstationConfig(storage=StorageSection(image_store=tmp_path / "images",
                                                      snapshots=tmp_path / "snapshots"))
    gateway = LaneGateway(config, db)
    who = UserInfo(officer.id, officer.username, "", officer.role)
    row = _scan(db, ImageStore(tmp_path / "images"), parcel, 0)
    with_frame = _read(db, tmp_path, NOW, RetentionSection())
    without_frame = _read(db, tmp_path, NOW, RetentionSection(), jpeg=None)

    assert gateway.open_stored_scan(who, row.id).lines == parcel.lines
    assert gateway.plate_frame(who, with_frame) == JPEG
    assert gateway.plate_frame(who, without_frame) is None
    assert _views(db) == [("olga", "view.scan", str(row.id), "window"),
                          ("olga", "view.camera_frame", str(with_frame), "window"),
                          ("olga", "view.plate_read", str(without_frame), "window")]
    with db.unit_of_work() as s:
        assert s.scalars(select(AuditEvent.occurred_at)
                         .where(AuditEvent.action == "view.scan")).one() is not None
        with pytest.raises(ValueError, match="view kind"):
            privacy.log_view(s, "olga", "everything", row.id)


def test_scan_show_and_export_on_the_command_line_are_logged(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        parcel: DualEnergyScan) -> None:
    from tests.cli_helper import Cli
    from workstation.scans.dicos import write_dicos

    cli = Cli(capsys, monkeypatch)
    cli.add_user("olga", "officer")
    cli.add_user("sven", "supervisor")
    source = tmp_path / "in.dcm"
    source.write_bytes(write_dicos(parcel, kind="parcel"))
    code, out, err = cli.as_user("olga", "scan", "import", str(source))
    assert code == 0, err
    scan_id = out.strip().splitlines()[-1]
    assert cli.as_user("sven", "scan", "show", scan_id, "--png", str(tmp_path / "a.png"))[0] == 0
    assert cli.as_user("olga", "scan", "export", scan_id, "--dicos", str(tmp_path / "out"))[0] == 0
    db = Database.from_config(WorkstationConfig())
    try:
        assert _views(db) == [("sven", "view.scan", scan_id, "show"),
                              ("olga", "view.scan", scan_id, "export")]
    finally:
        db.dispose()
