"""The supervisor's window: a supervisor logs in, sees the closed controls awaiting review,
opens a dossier (with its stored scan in the read-only viewer), approves one, and returns
another with a comment; a return without a comment is refused with the service's reason."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OFFICER_PASSWORD
from tests.ui.scan_data import cargo_scene, render_lines
from ui.app import LaneApplication
from ui.context import AppContext
from ui.windows.supervisor import SupervisorWindow
from workstation.db import models as m
from workstation.imaging.scan import DualEnergyScan
from workstation.inference.boxes import Detection
from workstation.inference.runner import Analysis
from workstation.lane.scanner import AcquiredScan
from workstation.lane.types import ResultDraft, UserInfo
from workstation.services import findings, users

WAIT_MS = 60_000
Shot = Callable[[QWidget, str], Path]


def _closed_control(ctx: AppContext, officer: UserInfo, referral_id: str | None, code: str,
                    *, scan: bool = False) -> str:
    """A control opened, resulted and closed by ``officer`` through the lane's gateway (with
    a stored scan and a rejected model finding on it when ``scan``)."""
    gateway = ctx.gateway

    def work() -> str:
        control_id = gateway.open_control(officer, referral_id, "NL-AB-123")
        if scan:
            scene = cargo_scene(240, 128)
            lines = render_lines(scene, 0, scene.rows)
            image = DualEnergyScan(high=np.ascontiguousarray(lines[..., 1]),
                                   low=np.ascontiguousarray(lines[..., 0]), pixel_mm=5.0)
            record = gateway.store_scan(officer, control_id, AcquiredScan(
                uuid.uuid4(), "cargo", image, "xray-sim", True))
            x, y, w, h = scene.hidden_block
            analysis = Analysis("threat-model", "1.0", "ab" * 32,
                                [Detection("anomaly", 0.77, (float(x), float(y), float(w),
                                                             float(h)))], {},
                                (scene.rows, scene.columns), 1, 5.0)
            [found] = gateway.add_model_findings(officer, control_id, record.scan_id,
                                                 [analysis])
            with ctx.db.unit_of_work() as s:
                findings.decide(s, uuid.UUID(found.key), "rejected",
                                users.get_user(s, officer.username))
        gateway.record_result(officer, ResultDraft(
            control_id=control_id, control_types=["scan", "physical"], code=code,
            remarks="", minutes_spent=10))
        return control_id

    return str(ctx.writer.run_now(work))


def test_supervisor_reviews_in_the_window(qtbot: QtBot, lane_app: LaneApplication,
                                          lane_ctx: AppContext, officer: UserInfo,
                                          screenshot: Shot) -> None:
    with lane_ctx.db.unit_of_work() as s:
        users.add_user(s, "super1", "supervisor", OFFICER_PASSWORD, full_name="Sara Supervisor",
                       actor="test")
    first = _closed_control(lane_ctx, officer, "NL-RMS-2026-000123", "B1", scan=True)
    second = _closed_control(lane_ctx, officer, None, "A1")
    supervisor = lane_ctx.writer.run_now(
        lambda: lane_ctx.gateway.authenticate("super1", OFFICER_PASSWORD))

    window = lane_app.open_window_for(supervisor)
    assert isinstance(window, SupervisorWindow)
    qtbot.waitUntil(lambda: window.table.rowCount() == 2, timeout=WAIT_MS)
    assert [r.control_id for r in window.rows] == [first, second]  # oldest first
    assert window.table.item(0, 3).text() == "officer1"
    assert window.table.item(0, 8).text() == ""  # no four-eyes objection

    with qtbot.waitSignal(window.dossier_shown, timeout=WAIT_MS):
        window.table.selectRow(0)
    assert window.dossier is not None and window.dossier.control_id == first
    assert "NL-RMS-2026-000123" in window.summary.toPlainText()
    assert window.approve_button.isEnabled() and window.viewer.read_only
    qtbot.waitUntil(lambda: window.viewer.header is not None, timeout=WAIT_MS)
    assert window.viewer.findings and not window.viewer.accept_button.isVisible()
    window.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: window.viewer.received == 240, timeout=WAIT_MS)
    screenshot(window, "14-supervisor-dark")
    window.tabs.setCurrentIndex(0)

    with qtbot.waitSignal(window.reviewed, timeout=WAIT_MS) as approved:
        window.approve_button.click()
    assert approved.args == [first, True]
    qtbot.waitUntil(lambda: window.table.rowCount() == 1, timeout=WAIT_MS)

    with qtbot.waitSignal(window.dossier_shown, timeout=WAIT_MS):
        window.select_control(second)
    with qtbot.waitSignal(window.refused, timeout=WAIT_MS) as refused:
        window.return_button.click()  # no comment yet
    assert "say why" in refused.args[0]
    window.comment.setPlainText("Time spent looks too short; check the seals again.")
    with qtbot.waitSignal(window.reviewed, timeout=WAIT_MS) as returned:
        window.return_button.click()
    assert returned.args == [second, False]
    qtbot.waitUntil(lambda: window.table.rowCount() == 0, timeout=WAIT_MS)

    with lane_ctx.db.unit_of_work() as s:
        assert s.get(m.Control, uuid.UUID(first)).status == "approved"  # type: ignore[union-attr]
        back = s.get(m.Control, uuid.UUID(second))
        assert back is not None and back.status == "returned"
        assert back.review_comment == "Time spent looks too short; check the seals again."


def test_four_eyes_reason_is_shown_in_words(qtbot: QtBot, lane_app: LaneApplication,
                                            lane_ctx: AppContext, officer: UserInfo) -> None:
    own = _closed_control(lane_ctx, officer, None, "A1")
    with lane_ctx.db.unit_of_work() as s:  # the officer is promoted
        users.get_user(s, "officer1").role = "supervisor"
    promoted = UserInfo(officer.id, officer.username, officer.full_name, "supervisor")
    window = lane_app.open_window_for(promoted)
    assert isinstance(window, SupervisorWindow)
    qtbot.waitUntil(lambda: window.table.rowCount() == 1, timeout=WAIT_MS)
    assert "You opened this control" in window.table.item(0, 8).text()
    with qtbot.waitSignal(window.dossier_shown, timeout=WAIT_MS):
        window.select_control(own)
    assert not window.approve_button.isEnabled()
    assert "another supervisor" in window.four_eyes.text()


def test_language_switch_keeps_the_review(qtbot: QtBot, lane_app: LaneApplication,
                                          lane_ctx: AppContext, officer: UserInfo) -> None:
    _closed_control(lane_ctx, officer, None, "A1")
    supervisor = UserInfo(uuid.uuid4(), "sup", "", "supervisor")
    window = lane_app.open_window_for(supervisor)
    assert isinstance(window, SupervisorWindow)
    qtbot.waitUntil(lambda: window.table.rowCount() == 1, timeout=WAIT_MS)
    review = lane_ctx.review
    lane_app.switch_language("de")
    try:
        german = lane_app.window
        assert isinstance(german, SupervisorWindow) and german is not window
        assert lane_ctx.review is review  # the same session, bound again
        assert german.approve_button.text() == "Genehmigen"
        qtbot.waitUntil(lambda: german.table.rowCount() == 1, timeout=WAIT_MS)
    finally:
        lane_app.switch_language("en")
