"""Issue 12, acceptance 1, through the windows: an officer records a control with a scan, a
model finding, a RIID reading (N42 spectrum) and a plate read with its frame; a second user,
a supervisor, opens the dossier and sees each piece of evidence (the spectrum plotted with
its nuclide, the finding and the officer's decision, the scan in the viewer, the frame),
returns it with a comment; the officer sees it "returned to you" with the comment and
corrects it; the supervisor approves; the database and the audit trail agree. Also: Log
out in every window ends the session and goes back to the login, and the administrator's
window manages users, lists the codes in force and verifies the audit trail in words.
Screenshots of queue, dossier and administration in both themes."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from tests.review_evidence import record_handheld_evidence
from tests.ui.conftest import OFFICER_PASSWORD
from tests.ui.scan_data import cargo_scene, render_lines
from ui.app import LaneApplication
from ui.context import AppContext
from ui.theme import apply_theme
from ui.windows.office import AdminWindow
from ui.windows.officer import OfficerWindow
from ui.windows.supervisor import SupervisorWindow
from workstation.db import models as m
from workstation.imaging.scan import DualEnergyScan
from workstation.inference.boxes import Detection
from workstation.inference.runner import Analysis
from workstation.lane.scanner import AcquiredScan
from workstation.lane.types import PlateReading, ResultDraft, UserInfo
from workstation.services import audit, findings, users

WAIT_MS = 60_000
Shot = Callable[[QWidget, str], Path]


def _frame_jpeg() -> bytes:
    """A 640x360 camera frame with a light plate-sized box (grey road, white plate)."""
    frame = np.full((360, 640, 3), 90, np.uint8)
    frame[200:240, 250:400] = 235
    cv2.putText(frame, "NL-AB-128", (258, 230), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (20, 20, 20), 2)
    ok, data = cv2.imencode(".jpg", frame)
    assert ok
    return bytes(data)


def _record_control(ctx: AppContext, officer: UserInfo) -> str:
    """The officer's control through the lane's gateway (the officer window's path): opened
    for a referral, a scan stored with a model finding the officer rejects, the RIID,
    substance and density readings (their rule findings accepted), the plate read with its
    frame corrected by the officer, the result recorded and the control closed."""
    gateway = ctx.gateway

    def work() -> str:
        control_id = gateway.open_control(officer, "NL-RMS-2026-000123", "NL-AB-123")
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
        [found] = gateway.add_model_findings(officer, control_id, record.scan_id, [analysis])
        gateway.attach_plate_read(officer, control_id, PlateReading(
            "plate", "NL-AB-128", 0.71, "lane-camera", True, box=(250, 200, 150, 40),
            snapshot=_frame_jpeg()), corrected="NL-AB-123")
        with ctx.db.unit_of_work() as s:
            row = users.get_user(s, officer.username)
            findings.decide(s, uuid.UUID(found.key), "rejected", row)
            for reading in record_handheld_evidence(s, control_id, row):
                for f in reading.findings:
                    findings.decide(s, f.id, "accepted", row)
        gateway.record_result(officer, ResultDraft(
            control_id=control_id, control_types=["scan", "radiation", "physical"], code="B1",
            remarks="Cs-137 gauge found behind the declared goods", minutes_spent=25))
        return control_id

    return str(ctx.writer.run_now(work))


def _supervisor(ctx: AppContext) -> UserInfo:
    with ctx.db.unit_of_work() as s:
        if s.scalar(select(m.User).where(m.User.username == "super1")) is None:
            users.add_user(s, "super1", "supervisor", OFFICER_PASSWORD,
                           full_name="Sara Supervisor", actor="test")
    return ctx.writer.run_now(lambda: ctx.gateway.authenticate("super1", OFFICER_PASSWORD))


def _close(lane_app: LaneApplication) -> None:
    """Close the window and end its session (what Log out does, without the login)."""
    if lane_app.window is not None:
        lane_app.window.close()
        lane_app.window = None
    lane_app.ctx.end_session()


def _open_dossier(qtbot: QtBot, window: SupervisorWindow, control_id: str) -> None:
    qtbot.waitUntil(lambda: any(r.control_id == control_id for r in window.rows),
                    timeout=WAIT_MS)
    with qtbot.waitSignal(window.dossier_shown, timeout=WAIT_MS):
        window.select_control(control_id)


def test_officer_and_supervisor_round_trip(qtbot: QtBot, lane_app: LaneApplication,
                                           lane_ctx: AppContext, officer: UserInfo,
                                           screenshot: Shot) -> None:
    control_id = _record_control(lane_ctx, officer)
    supervisor = _supervisor(lane_ctx)

    window = lane_app.open_window_for(supervisor)
    assert isinstance(window, SupervisorWindow)
    _open_dossier(qtbot, window, control_id)
    dossier = window.dossier
    assert dossier is not None
    summary = window.summary.toPlainText()
    assert "anomaly" in summary and "rejected" in summary  # the finding and the decision
    assert "irregularity" in summary and "sent to review" in summary
    # The spectrum is plotted, with the identified nuclide named.
    qtbot.waitUntil(lambda: len(window.spectra) == 1, timeout=WAIT_MS)
    assert window.spectra[0].points == 1024
    assert "Cs-137" in window.spectra[0].nuclides.text()
    # Substance and density values are shown.
    texts = " ".join(label.text() for label in window.evidence.findChildren(
        type(window.four_eyes)))
    assert "Cocaine HCl" in texts and "1.38 g/cm³" in texts
    # The plate read with its frame, and the officer's correction.
    [frame] = window.frames.values()
    qtbot.waitUntil(lambda: frame.pixmap() is not None and not frame.pixmap().isNull(),
                    timeout=WAIT_MS)
    assert "corrected by the officer to NL-AB-123" in texts
    # The scan opens in the read-only viewer with the finding on it.
    qtbot.waitUntil(lambda: window.viewer.header is not None, timeout=WAIT_MS)
    window.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: window.viewer.received == 240, timeout=WAIT_MS)
    assert window.viewer.findings and window.viewer.read_only

    window.opinion.setText("The gauge's licence should be checked with the importer.")
    with qtbot.waitSignal(window.opinion_added, timeout=WAIT_MS):
        window.opinion_button.click()
    qtbot.waitUntil(lambda: window.dossier is not None and bool(window.dossier.second_opinions),
                    timeout=WAIT_MS)
    window.comment.setPlainText("Attach the licence number to the remarks.")
    with qtbot.waitSignal(window.reviewed, timeout=WAIT_MS) as returned:
        window.return_button.click()
    assert returned.args == [control_id, False]
    _close(lane_app)

    # The officer sees it returned, with the comment, and corrects it.
    officer_window = lane_app.open_window_for(officer)
    assert isinstance(officer_window, OfficerWindow)
    held = officer_window.queue.held_list
    qtbot.waitUntil(lambda: held.count() == 1, timeout=WAIT_MS)
    assert "RETURNED to you" in held.item(0).text()
    assert "Attach the licence number" in held.item(0).text()
    session = lane_ctx.session
    assert session is not None
    assert session.take_up(control_id).result(WAIT_MS / 1000) == control_id
    corrected = ResultDraft(control_id=control_id, control_types=["scan", "radiation",
                                                                  "physical"],
                            code="B1", remarks="Cs-137 gauge, licence NL-RAD-4471",
                            minutes_spent=30)
    assert session.save_result(corrected).result(WAIT_MS / 1000) is True
    _close(lane_app)

    # The supervisor approves the corrected control.
    window = lane_app.open_window_for(supervisor)
    assert isinstance(window, SupervisorWindow)
    _open_dossier(qtbot, window, control_id)
    assert window.rows[0].returned_before
    again = window.summary.toPlainText()
    assert "Returned before with" in again and "Attach the licence number" in again
    assert "the result is an irregularity" in again  # irregular: reviewed whatever else
    with qtbot.waitSignal(window.reviewed, timeout=WAIT_MS) as approved:
        window.approve_button.click()
    assert approved.args == [control_id, True]
    _close(lane_app)

    with lane_ctx.db.unit_of_work() as s:
        control = s.get(m.Control, uuid.UUID(control_id))
        assert control is not None and control.status == "approved"
        assert control.result is not None and "NL-RAD-4471" in control.result.remarks
        reviewer = s.get(m.User, control.reviewer_id)
        assert reviewer is not None and reviewer.username == "super1"
        actions = [e.action for e in s.scalars(
            select(m.AuditEvent).where(m.AuditEvent.entity_id == control_id)
            .order_by(m.AuditEvent.seq))]
        report = audit.verify(s)
    for action in ("control.open", "control.result", "control.close", "control.return",
                   "control.second_opinion", "control.approve"):
        assert action in actions, action
    assert actions.count("control.close") == 2 and actions.index("control.return") < \
        actions.index("control.approve")
    assert report.ok, report.problems


@pytest.mark.parametrize("role", ["officer", "supervisor", "admin", "technician"])
def test_every_window_logs_out_to_the_login(qtbot: QtBot, lane_app: LaneApplication,
                                            lane_ctx: AppContext, role: str,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    with lane_ctx.db.unit_of_work() as s:
        row = users.add_user(s, f"u-{role}", role, OFFICER_PASSWORD, actor="test")
        user = UserInfo(row.id, row.username, row.full_name, row.role)
    shown: list[bool] = []
    monkeypatch.setattr(lane_app, "login", lambda: shown.append(True) or True)
    window = lane_app.open_window_for(user)
    action = next(a for a in window.findChildren(type(window.menuBar().actions()[0]))
                  if a.text() == "Log out")
    assert action.shortcut().toString() == "Ctrl+Shift+Q"
    action.trigger()
    assert shown == [True]  # back at the login dialog
    assert lane_ctx.user is None and lane_ctx.session is None and lane_ctx.review is None
    assert lane_app.window is None
    QApplication.processEvents()


def test_administration_in_the_window(qtbot: QtBot, lane_app: LaneApplication,
                                      lane_ctx: AppContext, officer: UserInfo,
                                      screenshot: Shot) -> None:
    with lane_ctx.db.unit_of_work() as s:
        admin = users.add_user(s, "ada", "admin", "admin-password", full_name="Ada Admin",
                               actor="test")
        info = UserInfo(admin.id, admin.username, admin.full_name, admin.role)
    window = lane_app.open_window_for(info)
    assert isinstance(window, AdminWindow)
    qtbot.waitUntil(lambda: window.table.rowCount() == 2, timeout=WAIT_MS)
    window.select_user("ada")
    assert not window.deactivate_button.isEnabled() and "This is you" in window.chosen.text()
    window.select_user("officer1")
    window.deactivate_button.click()
    qtbot.waitUntil(lambda: "deactivated" in window.message.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.rows[1].active, timeout=WAIT_MS)
    assert window.table.item(1, 3).text().startswith("no")
    with pytest.raises(Exception, match="wrong"):
        lane_ctx.writer.run_now(lambda: lane_ctx.gateway.authenticate("officer1",
                                                                      OFFICER_PASSWORD))
    window.select_user("officer1")
    window.reactivate_button.click()
    qtbot.waitUntil(lambda: window.rows[1].active, timeout=WAIT_MS)
    window.select_user("officer1")
    window.new_role.setCurrentIndex(window.new_role.findData("supervisor"))
    window.role_button.click()
    qtbot.waitUntil(lambda: window.rows[1].role == "supervisor", timeout=WAIT_MS)
    window.select_user("officer1")
    window.new_password.setText("fresh-password-9")
    window.new_repeat.setText("fresh-password-9")
    window.reset_button.click()
    qtbot.waitUntil(lambda: "Password of officer1 reset" in window.message.text(),
                    timeout=WAIT_MS)
    assert lane_ctx.writer.run_now(lambda: lane_ctx.gateway.authenticate(
        "officer1", "fresh-password-9")).role == "supervisor"

    codes = {window.codes_table.item(r, 0).text(): window.codes_table.item(r, 2).text()
             for r in range(window.codes_table.rowCount())}
    assert codes["A1"] == "no" and codes["B1"] == "yes"
    window.tabs.setCurrentIndex(2)
    window.verify_button.click()
    qtbot.waitUntil(lambda: "intact" in window.verdict.text(), timeout=WAIT_MS)
    _close(lane_app)


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_review_and_admin_screens(qtbot: QtBot, lane_app: LaneApplication, qapp: QApplication,
                                  lane_ctx: AppContext, officer: UserInfo, theme: str,
                                  screenshot: Shot) -> None:
    """Queue, dossier (spectrum, plate frame) and administration, to be looked at."""
    control_id = _record_control(lane_ctx, officer)
    supervisor = _supervisor(lane_ctx)
    try:
        window = lane_app.open_window_for(supervisor)
        apply_theme(qapp, theme)
        assert isinstance(window, SupervisorWindow)
        window.showNormal()
        window.resize(1920, 1040)
        _open_dossier(qtbot, window, control_id)
        screenshot(window, f"40-review-queue-{theme}")
        window.tabs.setCurrentIndex(1)
        qtbot.waitUntil(lambda: all(f.pixmap() is not None and not f.pixmap().isNull()
                                    for f in window.frames.values()), timeout=WAIT_MS)
        screenshot(window, f"41-review-evidence-{theme}")
        _close(lane_app)
        with lane_ctx.db.unit_of_work() as s:
            admin = users.add_user(s, "ada", "admin", "admin-password", full_name="Ada Admin",
                                   actor="test")
            info = UserInfo(admin.id, admin.username, admin.full_name, admin.role)
        admin_window = lane_app.open_window_for(info)
        apply_theme(qapp, theme)
        assert isinstance(admin_window, AdminWindow)
        admin_window.showNormal()
        admin_window.resize(1600, 900)
        qtbot.waitUntil(lambda: admin_window.table.rowCount() == 3, timeout=WAIT_MS)
        admin_window.select_user("officer1")
        screenshot(admin_window, f"42-admin-users-{theme}")
        admin_window.tabs.setCurrentIndex(2)
        admin_window.verify_button.click()
        qtbot.waitUntil(lambda: "intact" in admin_window.verdict.text(), timeout=WAIT_MS)
        screenshot(admin_window, f"43-admin-audit-{theme}")
        _close(lane_app)
    finally:
        apply_theme(qapp, "dark")


def test_dossier_and_figures_in_german(qtbot: QtBot, lane_app: LaneApplication,
                                       lane_ctx: AppContext, officer: UserInfo,
                                       screenshot: Shot) -> None:
    """The dossier, its evidence and the figures in German, to be looked at: no English
    word, no raw key, units as printed (µSv/h, g/cm³)."""
    control_id = _record_control(lane_ctx, officer)
    supervisor = _supervisor(lane_ctx)
    lane_app.open_window_for(supervisor)
    lane_app.switch_language("de")
    try:
        window = lane_app.window
        assert isinstance(window, SupervisorWindow)
        window.showNormal()
        window.resize(1920, 1040)
        _open_dossier(qtbot, window, control_id)
        summary = window.summary.toPlainText()
        assert "µSv/h" in summary and "g/cm³" in summary and "Nuklid Cs-137" in summary
        assert "nuclide:" not in summary and "dose_rate" not in summary
        assert window.count.text() == "1 Kontrolle wartet auf Prüfung"
        screenshot(window, "44-review-dossier-de")
        window.tabs.setCurrentIndex(1)
        qtbot.waitUntil(lambda: all(f.pixmap() is not None and not f.pixmap().isNull()
                                    for f in window.frames.values()), timeout=WAIT_MS)
        screenshot(window, "45-review-evidence-de")
        window.main_tabs.setCurrentIndex(1)
        with qtbot.waitSignal(window.figures_view.figures_shown, timeout=WAIT_MS):
            window.figures_view.refresh()
        screenshot(window, "46-figures-de")
    finally:
        lane_app.switch_language("en")
        _close(lane_app)
