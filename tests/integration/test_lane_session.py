"""The whole officer flow on the Qt-free lane layer: a LaneSession against the real device
simulators (x-ray simulator process over TCP, lane camera MJPEG server, RIID on a pty),
checked in the database and the audit trail; refusals and recovery without any window."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.lane_fixtures import (
    OFFICER_PASSWORD,
    first_vehicle_plate,
    referral_data,
    simulated_lane_devices,
)
from workstation.config import WorkstationConfig
from workstation.db import models as m
from workstation.db.engine import Database
from workstation.formats.referrals import validate_referrals
from workstation.lane.analysis import ScanAnalyser
from workstation.lane.devices import LaneDevices
from workstation.lane.events import (
    AnalysisDone,
    ControlRecovered,
    EvidenceAttached,
    FindingsChanged,
    LaneEvent,
    PlateRead,
    ReferralMatched,
    ResultRefused,
    ResultSaved,
    ScanStored,
)
from workstation.lane.gateway import LaneGateway
from workstation.lane.jobs import JobQueue
from workstation.lane.scanner import DetectorCalibrated
from workstation.lane.session import EventRouter, LaneServices, LaneSession
from workstation.lane.types import ResultDraft, Seizure
from workstation.services import audit, detector_checks, referrals, users

WAIT_S = 120.0  # a generous bound only: every wait ends on its event


class Recorder:
    """A front end that keeps every event and lets the test wait for one."""

    def __init__(self) -> None:
        self.events: list[LaneEvent] = []
        self._changed = threading.Condition()

    def publish(self, event: LaneEvent) -> None:
        with self._changed:
            self.events.append(event)
            self._changed.notify_all()

    def wait_for(self, kind: type[Any], where: Callable[[Any], bool] = lambda _e: True,
                 after: int = 0) -> Any:
        """The first event of ``kind`` (from index ``after``) for which ``where`` holds."""
        def found() -> Any:
            return next((e for e in self.events[after:] if isinstance(e, kind) and where(e)),
                        None)

        with self._changed:
            if not self._changed.wait_for(lambda: found() is not None, WAIT_S):
                raise AssertionError(f"no {kind.__name__} within {WAIT_S} s; got "
                                     f"{[type(e).__name__ for e in self.events[after:]]}")
            return found()


class Lane:
    """Services, devices and a session, as the application makes them (without Qt)."""

    def __init__(self, config: WorkstationConfig, devices: bool = True,
                 kinds: tuple[str, ...] = ("xray", "camera", "riid")) -> None:
        self.db = Database.from_config(config)
        self.db.upgrade()
        self.front = Recorder()
        router = EventRouter(self.front)
        self.services = LaneServices(
            gateway=LaneGateway(config, self.db), writer=JobQueue("t-writer"),
            drafts=JobQueue("t-drafts"), analysis=JobQueue("t-analysis"),
            analyser=ScanAnalyser(config), router=router)
        if devices:
            chosen = [d for d in simulated_lane_devices() if d.kind in kinds]
            self.services.devices = LaneDevices(chosen, router, riid_real_time_s=30.0)

    def login(self, username: str) -> LaneSession:
        user = self.services.writer.run_now(
            lambda: self.services.gateway.authenticate(username, OFFICER_PASSWORD))
        return LaneSession(self.services, user, self.front)

    def close(self) -> None:
        if self.services.devices is not None:
            self.services.devices.stop()
        self.services.analysis.run_now(self.services.analyser.close, timeout_s=60.0)
        for jobs in (self.services.analysis, self.services.drafts, self.services.writer):
            jobs.stop()
        self.db.dispose()


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WorkstationConfig:
    monkeypatch.setenv("WORKSTATION_HOME", str(tmp_path / "home"))
    config = WorkstationConfig()
    config.database.url = f"sqlite:///{tmp_path / 'lane.sqlite3'}"
    config.storage.image_store = tmp_path / "images"
    config.storage.snapshots = tmp_path / "snapshots"
    db = Database.from_config(config)
    db.upgrade()
    with db.unit_of_work() as s:
        users.add_user(s, "officer1", "officer", OFFICER_PASSWORD, full_name="Anna Officer",
                       actor="test")
        referrals.import_referrals(s, validate_referrals(referral_data(), "test.json"),
                                   file="test.json", actor="test")
    db.dispose()
    return config


@pytest.fixture
def lane(config: WorkstationConfig) -> Iterator[Lane]:
    lane = Lane(config)
    yield lane
    lane.close()


def test_whole_officer_flow_headless(lane: Lane) -> None:
    session = lane.login("officer1")
    front = lane.front
    assert lane.services.devices is not None
    lane.services.devices.start()
    assert len(session.refresh_queue().result(WAIT_S)) == 4

    # The camera's vehicle is read by OCR and matched to its referral.
    plate = first_vehicle_plate()
    read = front.wait_for(PlateRead)
    assert read.reading.text == plate
    matched = front.wait_for(ReferralMatched, lambda e: e.row is not None)
    assert matched.row.referral_id == "NL-RMS-2026-000123"
    control_id = session.confirm_vehicle(plate, matched.row).result(WAIT_S)
    assert control_id is not None and session.state().control is not None

    # A scan streams, is corrected with maps taken for this detector, stored and analysed.
    mark = len(front.events)
    result = session.start_scan().result(WAIT_S)  # type: ignore[union-attr]
    stored = front.wait_for(ScanStored, after=mark)
    assert stored.attached and stored.record.complete
    calibrated = front.wait_for(DetectorCalibrated, after=mark)
    front.wait_for(AnalysisDone, after=mark)
    assert result.complete

    # A RIID reading is attached with the alarm rules' findings.
    mark = len(front.events)
    assert session.take_reading("riid") is not None
    front.wait_for(EvidenceAttached, lambda e: e.kind == "reading", after=mark)
    front.wait_for(FindingsChanged, lambda e: any(f.source == "rule" for f in e.findings),
                   after=mark)
    lane.services.writer.submit("barrier", lambda: None).result(WAIT_S)
    control = session.state().control
    assert control is not None
    keys = [f.key for f in control.findings]
    assert len(keys) >= 1

    draft = ResultDraft(control_id=control_id, control_types=["scan", "radiation", "physical"],
                        code="B1", remarks="Radioactive source behind the load, not declared.",
                        seizures=[Seizure("Cs-137 sealed source", "2844", 1, "pieces", 900.0)],
                        minutes_spent=25)
    # Undecided findings: the session refuses and names them; nothing is recorded.
    mark = len(front.events)
    assert session.save_result(draft).result(WAIT_S) is False
    refused = front.wait_for(ResultRefused, after=mark)
    assert any("findings" in p for p in refused.problems)

    session.decide_finding(keys[0], "accepted").result(WAIT_S)
    for key in keys[1:]:
        session.decide_finding(key, "rejected").result(WAIT_S)
    with pytest.raises(LookupError):
        session.decide_finding(uuid.uuid4().hex, "accepted").result(WAIT_S)
    assert session.save_result(draft).result(WAIT_S) is True
    front.wait_for(ResultSaved, lambda e: e.control_id == control_id)
    assert session.state().control is None

    with lane.db.unit_of_work() as s:
        row = s.get(m.Control, uuid.UUID(control_id))
        assert row is not None and row.status == "closed"
        assert row.result is not None and row.result.code == "B1"
        kinds = [e.kind for e in row.evidence]
        assert sorted(set(kinds)) == ["plate_read", "reading", "scan"]
        assert kinds.count("scan") == 1 and kinds.count("reading") == 1
        # The plate, and every valid container code read on the same frame.
        reads = [e.plate_read for e in row.evidence if e.plate_read is not None]
        assert [r.kind for r in reads].count("plate") == 1
        assert all(r.kind == "container" and r.valid for r in reads if r.kind != "plate")
        scan = next(e.scan for e in row.evidence if e.kind == "scan")
        # One id from the wire to the database.
        assert scan is not None and scan.id == stored.record.scan_id
        assert scan.meta["calibration"]["dark_lines"] == 128
        assert scan.meta["detector"]["serial"]
        decisions = {str(f.id): f.decision for f in row.findings}
        assert decisions[keys[0]] == "accepted"
        assert all(decisions[k] == "rejected" for k in keys[1:])
        check = detector_checks.in_force(s, "scanner", calibrated.detector)
        assert check is not None and check.performed_by == session.user.id
        assert check.measured["dark_lines"] == 128 and "bad_pixels" in check.measured
        report = audit.verify(s)
        assert report.ok, [str(p) for p in report.problems]
        actions = set(s.scalars(select(m.AuditEvent.action)))
        assert {"control.open", "control.result", "control.close", "finding.accept",
                "evidence.attach", "device.calibrate"} <= actions
    session.close()


def test_a_typed_plate_is_kept_and_recorded_as_a_correction_with_its_frame(
        config: WorkstationConfig) -> None:
    lane = Lane(config, kinds=("camera",))
    try:
        session = lane.login("officer1")
        assert lane.services.devices is not None
        lane.services.devices.start()
        camera_read = lane.front.wait_for(PlateRead).reading
        assert camera_read.text == first_vehicle_plate()
        typed = "B-XY-1234"  # the officer reads the plate of referral ...124 by eye
        matched = session.correct_text(typed).result(WAIT_S)
        assert matched is not None and matched.referral_id == "NL-RMS-2026-000124"
        # The camera goes on reading its own plate: the typed text and its match stay.
        mark = len(lane.front.events)
        lane.services.router.publish(PlateRead(camera_read))  # type: ignore[union-attr]
        lane.front.wait_for(PlateRead, after=mark)
        lane.services.writer.submit("barrier", lambda: None).result(WAIT_S)
        state = session.state()
        assert state.typed == typed and state.match is not None
        assert state.match.referral_id == "NL-RMS-2026-000124"
        control_id = session.confirm_vehicle(typed, state.match).result(WAIT_S)
        assert control_id is not None
        with lane.db.unit_of_work() as s:
            row = s.get(m.Control, uuid.UUID(control_id))
            assert row is not None and row.referral is not None
            assert row.referral.referral_id == "NL-RMS-2026-000124"
            reads = [e.plate_read for e in row.evidence if e.kind == "plate_read"]
            identifying = next(r for r in reads if r is not None and r.corrected_text)
            assert identifying.corrected_text == typed
            assert identifying.text == camera_read.text  # what the camera said, kept beside
            assert identifying.confidence < 1.0  # not a 100 % camera read
            assert identifying.snapshot_path and \
                Path(identifying.snapshot_path).read_bytes()[:2] == b"\xff\xd8"
            actions = set(s.scalars(select(m.AuditEvent.action)))
            assert "plate_read.store" in actions
        session.close()
    finally:
        lane.close()


def test_a_new_session_takes_up_the_open_control_with_its_findings(
        config: WorkstationConfig) -> None:
    lane = Lane(config, devices=False)
    try:
        first = lane.login("officer1")
        control_id = first.open_control("NL-RMS-2026-000124", "B-XY-1234").result(WAIT_S)
        assert control_id is not None
        # A finding recorded against the control while the lane was down (as a reading's
        # alarm rule records one), then the lane restarts.
        with lane.db.unit_of_work() as s:
            finding = m.Finding(id=uuid.uuid4(), control_id=uuid.UUID(control_id), source="rule",
                                label="dose-rate-alarm", description="2.5 µSv/h", score=1.0)
            s.add(finding)
            key = str(finding.id)
        first.close()

        second = lane.login("officer1")
        assert second.recover().result(WAIT_S) == control_id
        control = second.state().control
        assert control is not None and [(f.key, f.decision) for f in control.findings] == \
            [(key, "pending")]
        second.decide_finding(key, "accepted").result(WAIT_S)
        second.update_draft(ResultDraft(control_id=control_id, code="A2",
                                        control_types=["radiation"],
                                        minutes_spent=7)).result(WAIT_S)
        lane.services.drafts.submit("barrier", lambda: None).result(WAIT_S)
        second.close()  # logout, language switch or crash: the draft is on disk

        third = lane.login("officer1")
        assert third.recover().result(WAIT_S) == control_id
        lane.front.wait_for(ControlRecovered, lambda e: e.control_id == control_id)
        control = third.state().control
        assert control is not None and control.subject == "B-XY-1234"
        assert [(f.key, f.decision) for f in control.findings] == [(key, "accepted")]
        assert control.draft.code == "A2" and control.draft.minutes_spent == 7
        assert control.referral is not None
        assert control.referral.referral_id == "NL-RMS-2026-000124"
        assert third.save_result().result(WAIT_S) is True
        with lane.db.unit_of_work() as s:
            row = s.get(m.Finding, uuid.UUID(key))
            assert row is not None and row.decision == "accepted"
        third.close()
    finally:
        lane.close()


def test_without_a_draft_the_record_still_gives_the_control_back(
        config: WorkstationConfig) -> None:
    lane = Lane(config, devices=False)
    try:
        first = lane.login("officer1")
        control_id = first.open_control(None, "random").result(WAIT_S)
        lane.services.drafts.submit("barrier", lambda: None).result(WAIT_S)
        first.close()
        from workstation.lane import drafts

        drafts.discard_draft("officer1")
        again = lane.login("officer1")
        assert again.recover().result(WAIT_S) == control_id
        assert again.state().control is not None
        again.close()
    finally:
        lane.close()


def test_commands_need_an_open_control_and_say_so(config: WorkstationConfig) -> None:
    lane = Lane(config, devices=False)
    try:
        session = lane.login("officer1")
        assert session.take_reading("riid") is None
        assert session.start_scan() is None
        assert session.save_result(ResultDraft(control_id="")).result(WAIT_S) is False
        whats = [getattr(e, "what", None) for e in lane.front.events]
        assert "open-control-first" in whats and "no-scanner" in whats
        session.close()
    finally:
        lane.close()


def test_the_lane_layer_imports_no_qt() -> None:
    import subprocess
    import sys

    code = ("import sys, workstation.lane.session, workstation.lane_demo; "
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'ui'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[2]).stdout
    assert out.strip() == "[]"


def _add_user(lane: Lane, username: str, role: str) -> None:
    from workstation.services import users as users_service

    with lane.db.unit_of_work() as s:
        users_service.add_user(s, username, role, OFFICER_PASSWORD, full_name=username,
                               actor="test")


def test_an_open_control_is_handed_over_at_shift_change_with_its_draft(
        config: WorkstationConfig) -> None:
    lane = Lane(config, devices=False)
    try:
        _add_user(lane, "officer2", "officer")
        first = lane.login("officer1")
        control_id = first.open_control("NL-RMS-2026-000125", "GD 77 KLM").result(WAIT_S)
        assert control_id is not None
        first.update_draft(ResultDraft(control_id=control_id, code="A2", remarks="seals ok",
                                       control_types=["documentary"])).result(WAIT_S)
        assert first.hand_over("officer2", "shift change").result(WAIT_S) is True
        assert first.state().control is None
        lane.services.drafts.submit("barrier", lambda: None).result(WAIT_S)
        # The first officer may no longer record on it; the second takes it up, draft and all.
        assert first.take_up(control_id).exception(WAIT_S) is not None
        first.close()
        second = lane.login("officer2")
        assert second.recover().result(WAIT_S) == control_id
        control = second.state().control
        assert control is not None and control.draft.remarks == "seals ok"
        draft = replace(control.draft, minutes_spent=6.0)
        assert second.save_result(draft).result(WAIT_S) is True
        with lane.db.unit_of_work() as s:
            row = s.get(m.Control, uuid.UUID(control_id))
            assert row is not None and row.status == "closed"
            assert row.result is not None and row.result.recorded_by == second.user.id
            handed = s.scalars(select(m.AuditEvent).where(
                m.AuditEvent.action == "control.handover")).one()
            assert handed.details["to"] == "officer2"
        second.close()
    finally:
        lane.close()


def test_a_returned_control_is_listed_with_the_comment_and_can_be_corrected(
        config: WorkstationConfig) -> None:
    from workstation.services import controls
    from workstation.services import users as users_service

    lane = Lane(config, devices=False)
    try:
        _add_user(lane, "sven", "supervisor")
        session = lane.login("officer1")
        control_id = session.open_control(None, "random").result(WAIT_S)
        assert control_id is not None
        session.save_result(ResultDraft(control_id=control_id, code="A2", minutes_spent=3,
                                        control_types=["documentary"])).result(WAIT_S)
        with lane.db.unit_of_work() as s:
            controls.review_control(s, control_id, users_service.get_user(s, "sven"),
                                    approve=False, comment="seizure value missing")
        session.refresh_queue().result(WAIT_S)
        held = session.state().held
        assert [(h.control_id, h.status, h.review_comment) for h in held] == \
            [(control_id, "returned", "seizure value missing")]
        assert session.take_up(control_id).result(WAIT_S) == control_id
        control = session.state().control
        assert control is not None and control.recovered
        corrected = ResultDraft(control_id=control_id, code="A2", minutes_spent=5,
                                control_types=["documentary"], remarks="value added")
        assert session.save_result(corrected).result(WAIT_S) is True
        with lane.db.unit_of_work() as s:
            row = s.get(m.Control, uuid.UUID(control_id))
            assert row is not None and row.status == "closed"
            assert row.result is not None and row.result.remarks == "value added"
        session.close()
    finally:
        lane.close()
