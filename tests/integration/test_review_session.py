"""The supervisor's review on the Qt-free lane layer: officers close controls through their
LaneSession; a ReviewSession lists them oldest first with filters and the four-eyes reason,
opens the dossier (referral, findings with decisions, readings, plate read, result,
timeline), approves and returns with a comment, each recorded and audited; a return
without a comment is refused by the service."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.integration.test_lane_session import WAIT_S, Lane, Recorder
from tests.lane_fixtures import OFFICER_PASSWORD, referral_data
from workstation.config import WorkstationConfig
from workstation.db import models as m
from workstation.db.engine import Database
from workstation.formats.referrals import validate_referrals
from workstation.inference.boxes import Detection
from workstation.inference.runner import Analysis
from workstation.lane.events import OperationFailed
from workstation.lane.gateway import GatewayError
from workstation.lane.review import ReviewSession
from workstation.lane.review_events import (
    ControlReviewed,
    DossierOpened,
    ReviewFilter,
    ReviewQueueChanged,
)
from workstation.lane.session import LaneSession
from workstation.lane.types import PlateReading, ResultDraft, UserInfo
from workstation.services import audit, controls, findings, referrals, users


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
        for name, role in (("officer1", "officer"), ("officer2", "officer"),
                           ("super1", "supervisor")):
            users.add_user(s, name, role, OFFICER_PASSWORD, full_name=name.title(),
                           actor="test")
        referrals.import_referrals(s, validate_referrals(referral_data(), "test.json"),
                                   file="test.json", actor="test")
    db.dispose()
    return config


@pytest.fixture
def lane(config: WorkstationConfig) -> Iterator[Lane]:
    lane = Lane(config, devices=False)
    yield lane
    lane.close()


def _close_control(lane: Lane, session: LaneSession, referral_id: str | None, code: str,
                   *, finding: bool = False, reading: bool = False,
                   plate: bool = False) -> str:
    """An officer's control through their session: opened, evidence attached, resulted and
    closed; a model finding is rejected, so the dossier shows a decision."""
    control_id = session.open_control(referral_id, "NL-AB-123" if referral_id else "random"
                                      ).result(WAIT_S)
    assert control_id is not None
    gateway, user = lane.services.gateway, session.user
    if finding:
        analysis = Analysis("threat-model", "1.0", "ab" * 32,
                            [Detection("weapon", 0.82, (10.0, 20.0, 30.0, 40.0))], {},
                            (100, 100), 1, 5.0)
        [found] = lane.services.writer.run_now(
            lambda: gateway.add_model_findings(user, control_id, None, [analysis]))
        with lane.db.unit_of_work() as s:  # decided as the officer's window would
            findings.decide(s, uuid.UUID(found.key), "rejected",
                            users.get_user(s, user.username))
    if plate:
        lane.services.writer.run_now(lambda: gateway.attach_plate_read(
            user, control_id, PlateReading("plate", "NL-AB-128", 0.71, "lane-camera", True),
            corrected="NL-AB-123"))
    if reading:
        with lane.db.unit_of_work() as s:
            row = m.DeviceReading(device_kind="riid", device_name="riid-1",
                                  values={"dose_rate": {"value": 0.31, "unit": "uSv/h"}},
                                  alarms=["gamma"], raw_document=b"<RadInstrumentData/>",
                                  raw_media_type="application/xml")
            s.add(row)
            s.flush()  # the id the audit event names
            audit.record(s, user.username, "reading.store", "device_reading", row.id,
                         state=row)
            controls.attach_evidence(s, control_id, users.get_user(s, user.username),
                                     kind="reading", reading_id=row.id)
    draft = ResultDraft(control_id=control_id, control_types=["scan", "physical"], code=code,
                        remarks="checked", minutes_spent=12)
    assert session.save_result(draft).result(WAIT_S) is True
    return control_id


def _reviewer(lane: Lane, username: str) -> ReviewSession:
    user: UserInfo = lane.services.writer.run_now(
        lambda: lane.services.gateway.authenticate(username, OFFICER_PASSWORD))
    return ReviewSession(lane.services, user, lane.front)


def test_review_queue_dossier_and_sign_off(lane: Lane) -> None:
    officer = lane.login("officer1")
    first = _close_control(lane, officer, "NL-RMS-2026-000123", "B1", finding=True,
                           reading=True, plate=True)
    second = _close_control(lane, officer, None, "A1")
    third = _close_control(lane, officer, "NL-RMS-2026-000124", "A5")
    officer.close()
    other = lane.login("officer2")
    fourth = _close_control(lane, other, "NL-RMS-2026-000125", "A1")
    other.close()

    review = _reviewer(lane, "super1")
    front: Recorder = lane.front
    rows = review.refresh().result(WAIT_S)
    # Oldest closed first; every row says lane, officer, referral, channel, result.
    assert [r.control_id for r in rows] == [first, second, third, fourth]
    assert review.state().rows == rows
    top = rows[0]
    assert (top.lane, top.officer, top.referral_id, top.result_code, top.irregularity) == \
        ("L1", "officer1", "NL-RMS-2026-000123", "B1", True)
    assert top.channel and top.four_eyes is None and top.age_s >= 0
    assert rows[1].referral_id is None and rows[1].channel == ""
    assert front.wait_for(ReviewQueueChanged).rows == rows

    # Filters: officer, result code, irregular only, lane, period, returned.
    def ids(flt: ReviewFilter) -> list[str]:
        return [r.control_id for r in review.refresh(flt).result(WAIT_S)]

    assert ids(ReviewFilter(officer="officer2")) == [fourth]
    assert ids(ReviewFilter(result_code="A1")) == [second, fourth]
    assert ids(ReviewFilter(irregular_only=True)) == [first, third]
    assert ids(ReviewFilter(lane="L2")) == []
    assert ids(ReviewFilter(since=datetime.now(UTC) + timedelta(hours=1))) == []
    assert ids(ReviewFilter(since=datetime.now(UTC) - timedelta(hours=1),
                            until=datetime.now(UTC) + timedelta(hours=1))) == \
        [first, second, third, fourth]
    assert ids(ReviewFilter(returned_only=True)) == []
    review.refresh(ReviewFilter()).result(WAIT_S)

    # The dossier: referral, result, findings with the officer's decision, reading, plate
    # read with its correction, and the timeline from the audit trail.
    dossier = review.open_dossier(first).result(WAIT_S)
    assert front.wait_for(DossierOpened).dossier == dossier
    assert dossier.referral is not None and dossier.referral.referral_id == "NL-RMS-2026-000123"
    assert dossier.referral.risk_profiles and dossier.referral.goods
    assert (dossier.result_code, dossier.irregularity, dossier.minutes_spent) == ("B1", True, 12)
    assert dossier.result_label and dossier.control_types == ("scan", "physical")
    finding = next(f for f in dossier.findings if f.source == "model")
    assert all(f.decision != "pending" for f in dossier.findings)
    assert (finding.label, finding.decision) == ("weapon", "rejected")
    assert dossier.decided_by[finding.key] == "officer1"
    [reading] = dossier.readings
    assert reading.alarms == ("gamma",) and reading.values["dose_rate"]["unit"] == "uSv/h"
    plate = next(p for p in dossier.plates if p.kind == "plate")
    assert (plate.text, plate.corrected_text) == ("NL-AB-128", "NL-AB-123")
    actions = [t.action for t in dossier.timeline]
    for action in ("control.open", "finding.add", "evidence.attach", "reading.store",
                   "control.result", "control.close"):
        assert action in actions, action
    assert actions.index("control.open") < actions.index("control.close")
    assert dossier.four_eyes is None

    # Approve one; return another with a comment; a return without a comment is refused.
    review.approve(first).result(WAIT_S)
    assert front.wait_for(ControlReviewed, lambda e: e.control_id == first).approved
    with pytest.raises(GatewayError, match="say why"):
        review.return_control(third, "  ").result(WAIT_S)
    failed = front.wait_for(OperationFailed, lambda e: e.operation == "return-control")
    assert "say why" in failed.message
    review.return_control(third, "Seal numbers missing from the remarks.").result(WAIT_S)
    assert [r.control_id for r in review.state().rows] == [second, fourth]
    assert review.state().dossier is None or review.state().dossier.control_id != first

    with lane.db.unit_of_work() as s:
        approved = s.get(m.Control, uuid.UUID(first))
        returned = s.get(m.Control, uuid.UUID(third))
        assert approved is not None and approved.status == "approved"
        assert returned is not None and returned.status == "returned"
        assert returned.review_comment == "Seal numbers missing from the remarks."
        events = {(e.action, e.entity_id): e for e in s.scalars(
            select(m.AuditEvent).where(m.AuditEvent.action.in_(
                ("control.approve", "control.return"))))}
        assert events[("control.approve", first)].actor == "super1"
        assert events[("control.return", third)].details["comment"] == \
            "Seal numbers missing from the remarks."
        assert audit.verify(s).ok

    # The officer corrects and closes again: back in the queue, marked returned.
    officer = lane.login("officer1")
    officer.take_up(third).result(WAIT_S)
    draft = ResultDraft(control_id=third, control_types=["physical"], code="A5",
                        remarks="Seals 123, 124.", minutes_spent=3)
    assert officer.save_result(draft).result(WAIT_S) is True
    officer.close()
    again = review.refresh(ReviewFilter(returned_only=True)).result(WAIT_S)
    assert [(r.control_id, r.returned_before) for r in again] == [(third, True)]
    assert again[0].last_comment == "Seal numbers missing from the remarks."


def test_four_eyes_reason_for_a_promoted_officer(lane: Lane) -> None:
    officer = lane.login("officer1")
    own = _close_control(lane, officer, "NL-RMS-2026-000123", "A1")
    officer.close()
    other = lane.login("officer2")
    theirs = _close_control(lane, other, None, "A2")
    other.close()
    with lane.db.unit_of_work() as s:  # officer1 is promoted to supervisor
        users.get_user(s, "officer1").role = "supervisor"

    review = _reviewer(lane, "officer1")
    rows = {r.control_id: r for r in review.refresh().result(WAIT_S)}
    assert rows[own].four_eyes == "opened"
    assert rows[theirs].four_eyes is None
    assert review.open_dossier(own).result(WAIT_S).four_eyes == "opened"
    with pytest.raises(GatewayError, match="officer1 opened it"):
        review.approve(own).result(WAIT_S)
    review.approve(theirs).result(WAIT_S)
    with lane.db.unit_of_work() as s:
        assert s.get(m.Control, uuid.UUID(own)).status == "closed"  # type: ignore[union-attr]


def test_four_eyes_reason_is_one_rule() -> None:
    me, other = uuid.uuid4(), uuid.uuid4()
    assert controls.four_eyes_reason(me, opened_by=me, held_by=(), recorded_by=other) == \
        "opened"
    assert controls.four_eyes_reason(me, opened_by=other, held_by=[me], recorded_by=other) == \
        "held"
    assert controls.four_eyes_reason(me, opened_by=other, held_by=(), recorded_by=me) == \
        "recorded"
    assert controls.four_eyes_reason(me, opened_by=other, held_by=[other],
                                     recorded_by=None) is None
