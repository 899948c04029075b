"""A lane and an analyst on one post database, headless (issue 16): the lane sends its
scan to remote analysis, the analyst's session claims it, marks a region and decides, and
the decision reaches the lane's open control through LISTEN/NOTIFY, its region a pending
finding the officer decides; a referral another lane takes is announced with who has it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import pg_problem, pg_url
from tests.integration.test_lane_session import WAIT_S, Lane
from tests.lane_fixtures import OFFICER_PASSWORD, referral_data
from tests.post.conftest import small_scan
from workstation.config import WorkstationConfig
from workstation.db.engine import Database, make_engine
from workstation.formats.referrals import validate_referrals
from workstation.lane.analysis_desk import (
    AnalysisQueueChanged,
    AnalystSession,
    ClaimEnded,
    DeskRow,
    ScanClaimed,
)
from workstation.lane.events import (
    AnalystDecisionArrived,
    FindingsChanged,
    ReferralTaken,
    ScanAcquired,
    ScanOpened,
)
from workstation.lane.post_listener import PostListener
from workstation.lane.scanner import AcquiredScan
from workstation.services import controls, referrals, users

pytestmark = pytest.mark.postgres


@pytest.fixture
def post_config(tmp_path: Path) -> Iterator[WorkstationConfig]:
    """A lane configuration on a scratch schema of the test PostgreSQL, remote = all."""
    problem = pg_problem()
    if problem:
        pytest.skip(f"PostgreSQL not reachable at {pg_url()} ({problem})")
    schema = f"scratch_{uuid.uuid4().hex[:12]}"
    admin = make_engine(pg_url())
    with admin.begin() as conn:
        conn.execute(text(f'create schema "{schema}"'))
    config = WorkstationConfig()
    from sqlalchemy.engine import make_url

    config.database.url = make_url(pg_url()).update_query_dict(
        {"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    config.storage.image_store = tmp_path / "images"
    config.storage.snapshots = tmp_path / "snapshots"
    config.analysis.remote = "all"
    db = Database.from_config(config)
    db.upgrade()
    with db.unit_of_work() as s:
        for name, role in (("officer1", "officer"), ("officer2", "officer"),
                           ("analyst1", "analyst")):
            users.add_user(s, name, role, OFFICER_PASSWORD, actor="test")
        referrals.import_referrals(s, validate_referrals(referral_data(), "test.json"),
                                   file="test.json", actor="test")
    db.dispose()
    try:
        yield config
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'drop schema "{schema}" cascade'))
        admin.dispose()


@pytest.fixture
def post_lane(post_config: WorkstationConfig) -> Iterator[Lane]:
    lane = Lane(post_config, devices=False)
    listener = PostListener(lane.db)
    assert listener.wait_ready()
    lane.services.extra["post_listener"] = listener
    yield lane
    listener.stop()
    lane.close()


def test_an_analysts_decision_reaches_the_lanes_open_control(post_lane: Lane) -> None:
    lane, front = post_lane, post_lane.front
    officer = lane.login("officer1")
    control_id = officer.open_control("NL-RMS-2026-000123", "NL-AB-123").result(WAIT_S)
    assert control_id is not None
    scan_id = uuid.uuid4()
    officer.publish(ScanAcquired(AcquiredScan(scan_id, "parcel", small_scan(3), "scanner",
                                              True)))
    analyst_user = lane.services.writer.run_now(
        lambda: lane.services.gateway.authenticate("analyst1", OFFICER_PASSWORD))
    desk = AnalystSession(lane.services, analyst_user, front)
    try:
        front.wait_for(AnalysisQueueChanged, lambda e: any(
            r.scan_key == scan_id.hex for r in e.rows)) if desk.refresh() else None
        item = desk.claim_next().result(WAIT_S)
        assert item is not None and item.scan.scan_id == scan_id and item.lane == "L1"
        assert item.referral is not None and item.referral.referral_id == "NL-RMS-2026-000123"
        assert [g.description for g in item.goods] == ["cotton shirts"]
        front.wait_for(ScanClaimed)
        front.wait_for(ScanOpened, lambda e: e.record.scan_id == scan_id)
        desk.mark_region("drug-package", (10, 12, 20, 16), "dense block").result(WAIT_S)
        mark = len(front.events)
        assert desk.send_suspect("look behind the seats").result(WAIT_S) == "decided"
        arrived = front.wait_for(AnalystDecisionArrived, after=mark)
        assert arrived.control_id == control_id
        assert (arrived.decision.analyst, arrived.decision.outcome,
                arrived.decision.note) == ("analyst1", "suspect", "look behind the seats")
        assert [(r.category, r.box) for r in arrived.decision.regions] == [
            ("drug-package", (10, 12, 20, 16))]
        changed = front.wait_for(FindingsChanged, lambda e: any(
            f.source == "analyst" for f in e.findings), after=mark)
        [finding] = [f for f in changed.findings if f.source == "analyst"]
        assert finding.decision == "pending" and finding.region == (10, 12, 20, 16)
        front.wait_for(ClaimEnded, lambda e: e.how == "decided")
        control = officer.state().control
        assert control is not None and control.analyst[0].outcome == "suspect"
        # The parcel model may have findings of its own on the scan: the officer decides
        # those first, so that only the analyst's finding is left waiting.
        for other in control.undecided():
            if other.key != finding.key:
                officer.decide_finding(other.key, "rejected").result(WAIT_S)
        now = officer.state().control
        assert now is not None and [f.key for f in now.undecided()] == [finding.key]
        # The officer decides: the result cannot be saved while the analyst's finding waits.
        assert any(p.startswith("findings:") for p in officer.problems())
        officer.decide_finding(finding.key, "accepted").result(WAIT_S)
        assert not any(p.startswith("findings:") for p in officer.problems())
    finally:
        desk.close()
        officer.close()


def test_a_referral_taken_at_another_lane_is_announced_with_who(post_lane: Lane) -> None:
    lane, front = post_lane, post_lane.front
    officer = lane.login("officer1")
    rows = officer.refresh_queue().result(WAIT_S)
    wanted = rows[0].referral_id
    with lane.db.unit_of_work() as s:  # another lane, another process in real life
        controls.open_control(s, users.get_user(s, "officer2"), post="P", lane="L2",
                              referral_id=wanted)
    taken = front.wait_for(ReferralTaken)
    assert (taken.referral_id, taken.lane, taken.officer) == (wanted, "L2", "officer2")
    officer.refresh_queue().result(WAIT_S)  # the queue is read again; the referral is gone
    assert wanted not in [r.referral_id for r in officer.state().queue]
    failed = officer.open_control(wanted, "NL-AB-123")
    with pytest.raises(Exception, match="officer2 at lane L2"):
        failed.result(WAIT_S)
    officer.close()


def test_the_desk_reads_its_queue_again_only_for_what_concerns_it(
        post_lane: Lane, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every lane's control steps are notified post-wide; the desk re-reads its queue for
    changes of the analysis queue, a new connection, and the closing of a control it shows
    (decision 1311), not for the rest."""
    lane = post_lane
    analyst_user = lane.services.writer.run_now(
        lambda: lane.services.gateway.authenticate("analyst1", OFFICER_PASSWORD))
    desk = AnalystSession(lane.services, analyst_user, lane.front)
    reads: list[str] = []
    monkeypatch.setattr(desk, "_refresh_soon", lambda: reads.append("read"))
    shown = str(uuid.uuid4())
    desk._set(rows=(DeskRow("r1", "L1", "ab", "all", "red", None, datetime.now(UTC), 0.0,
                            control_id=shown),))
    try:
        ignored = [("controls", {"control_id": str(uuid.uuid4()), "lane": "L2",
                                 "status": "closed"}),
                   ("controls", {"control_id": shown, "lane": "L1", "status": "open"}),
                   ("decision", {"control_id": shown, "lane": "L1"}),
                   ("referrals", {"referral_pk": str(uuid.uuid4()), "lane": "L2"})]
        for topic, payload in ignored:
            desk._on_post_event(topic, payload)
        assert reads == []
        for topic, payload in [("analysis", {"lane": "L3"}), ("resync", {}),
                               ("controls", {"control_id": shown, "lane": "L1",
                                             "status": "closed"})]:
            desk._on_post_event(topic, payload)
        assert reads == ["read"] * 3
    finally:
        desk.close()
