"""The whole officer flow against the simulated lane, checked in the database and the audit
trail afterwards; device loss mid-flow; screenshots of each screen in both themes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ui.app import LaneApplication
from ui.context import AppContext
from ui.lane_types import UserInfo
from ui.theme import Theme, apply_theme
from ui.windows.officer import OfficerWindow
from workstation.db import models as m
from workstation.services import audit

WAIT_MS = 20000
Shot = Callable[[QWidget, str], Path]


def _both_themes(qapp: QApplication, widget: QWidget, name: str, screenshot: Shot) -> None:
    for theme in (Theme.DARK, Theme.LIGHT):
        apply_theme(qapp, theme)
        screenshot(widget, f"{name}-{theme.value}")
    apply_theme(qapp, Theme.DARK)


def _open_window(qtbot: QtBot, lane_app: LaneApplication, officer: UserInfo) -> OfficerWindow:
    window = lane_app.open_window_for(officer)
    assert isinstance(window, OfficerWindow)
    qtbot.waitUntil(lambda: window.queue.model.rowCount() == 4, timeout=WAIT_MS)
    return window


def _arrive_and_open(qtbot: QtBot, ctx: AppContext, window: OfficerWindow) -> str:
    assert ctx.sim is not None
    ctx.sim.vehicle_arrives("PP 587 AO")
    qtbot.waitUntil(lambda: window.camera.match is not None, timeout=WAIT_MS)
    assert window.camera.match is not None
    assert window.camera.match.referral_id == "NL-RMS-2026-000123"
    with qtbot.waitSignal(window.control_opened, timeout=WAIT_MS) as opened:
        window.camera.confirm.click()
    return str(opened.args[0])


def test_whole_officer_flow(qtbot: QtBot, qapp: QApplication, lane_app: LaneApplication,
                            lane_ctx: AppContext, officer: UserInfo, screenshot: Shot) -> None:
    window = _open_window(qtbot, lane_app, officer)
    _both_themes(qapp, window, "01-lane-queue", screenshot)
    sim = lane_ctx.sim
    assert sim is not None

    # Vehicle arrives, plate read and matched, control opened from the camera panel.
    sim.vehicle_arrives("PP 587 AO", confidence=0.71)
    qtbot.waitUntil(lambda: window.camera.match is not None, timeout=WAIT_MS)
    _both_themes(qapp, window, "02-vehicle-matched", screenshot)
    with qtbot.waitSignal(window.control_opened, timeout=WAIT_MS) as opened:
        window.camera.confirm.click()
    control_id = str(opened.args[0])

    # Scan streams in; the model's findings arrive and are attached.
    with qtbot.waitSignal(window.evidence_attached, timeout=WAIT_MS):
        sim.scan(rows=1400, columns=512)
    qtbot.waitUntil(lambda: window.viewer.rendered_to == 1400, timeout=WAIT_MS)
    assert len(window.viewer.findings) == 2
    _both_themes(qapp, window, "03-scan-findings", screenshot)
    window.viewer.set_view("material")
    qtbot.waitUntil(lambda: window.viewer.rendered_to == 1400, timeout=WAIT_MS)
    _both_themes(qapp, window.viewer, "04-scan-material", screenshot)
    window.viewer.help.toggle()
    _both_themes(qapp, window.viewer, "05-shortcut-help", screenshot)
    window.viewer.help.toggle()
    keys = list(window.viewer.findings)
    window.viewer.decide("accepted", keys[0])
    window.viewer.decide("rejected", keys[1])

    # RIID reading with an alarm; the alarm box shows; the reading is attached.
    sim.riid_alarm = True
    sim.riid_measure(2.4, "Cs-137")
    qtbot.waitUntil(lambda: "riid" in window.handheld.latest, timeout=WAIT_MS)
    assert window.handheld.alarm.isVisible()
    assert "riid" in window.handheld.alarm.text.text()
    _both_themes(qapp, window, "06-riid-alarm", screenshot)
    with qtbot.waitSignal(window.evidence_attached, timeout=WAIT_MS):
        window.handheld.take_buttons["riid"].click()
    window.handheld.alarm.ack.click()

    # Result form: an incomplete result is refused with the reasons named.
    window.form.save_button.click()
    assert "result code" in window.form.problems.text()
    for t in ("scan", "radiation", "physical"):
        window.form.type_boxes[t].setChecked(True)
    window.form.code.setCurrentIndex(window.form.code.findData("B1"))
    window.form.remarks.setPlainText("Steel block behind the pallets, not declared.")
    from ui.lane_types import Seizure

    window.form.add_seizure(Seizure("undeclared steel block", "7326", 1, "pieces", 900.0))
    window.form.minutes.setValue(25)
    _both_themes(qapp, window, "07-result-form", screenshot)
    with qtbot.waitSignal(window.result_saved, timeout=WAIT_MS):
        window.form.save_button.click()

    with lane_ctx.db.unit_of_work() as s:
        control = s.get(m.Control, __import__("uuid").UUID(control_id))
        assert control is not None and control.status == "closed"
        assert control.referral is not None and control.referral.referral_id == "NL-RMS-2026-000123"
        assert control.result is not None and control.result.code == "B1"
        assert sorted(control.result.control_types) == ["physical", "radiation", "scan"]
        assert [z.hs_code for z in control.result.seizures] == ["7326"]
        assert control.result.minutes_spent == 25
        kinds = sorted(e.kind for e in control.evidence)
        assert kinds == ["plate_read", "reading", "scan"] or kinds == ["plate_read", "reading"]
        model = {f.label: f.decision for f in control.findings if f.source == "model"}
        assert model == {"dense-object": "accepted", "concealment": "rejected"}
        reading = s.scalars(select(m.DeviceReading)).one()
        assert reading.alarms == ["gamma"] and b"N42" in (reading.raw_document or b"")
        plate = s.scalars(select(m.PlateRead)).one()
        assert plate.text == "PP 587 AO" and plate.confidence == 0.71
        report = audit.verify(s)
        assert report.ok, [str(p) for p in report.problems]
        actions = set(s.scalars(select(m.AuditEvent.action)
                                .where(m.AuditEvent.details["control_id"].as_string() == control_id)))
        assert {"finding.accept", "finding.reject", "result.record", "evidence.attach"} <= actions
    assert window.control_id is None
    _both_themes(qapp, window, "08-after-save", screenshot)


def test_device_loss_shows_a_banner_and_the_result_can_still_be_saved(
        qtbot: QtBot, qapp: QApplication, lane_app: LaneApplication, lane_ctx: AppContext,
        officer: UserInfo, screenshot: Shot) -> None:
    window = _open_window(qtbot, lane_app, officer)
    control_id = _arrive_and_open(qtbot, lane_ctx, window)
    sim = lane_ctx.sim
    assert sim is not None
    sim.pull("lane-camera")
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=WAIT_MS)
    assert "lane-camera" in window.banner.label.text()
    assert "DISCONNECTED" in window.devices.badges["lane-camera"].text.text()
    # The scanner drops mid-scan: the scan ends incomplete, with the reason shown.
    sim.block_lines = 32
    sim.line_rate_hz = 2000.0
    with qtbot.waitSignal(lane_ctx.bridge.scan_started, timeout=WAIT_MS):
        sim.scan(rows=4000, columns=256)
    qtbot.waitUntil(lambda: window.viewer.received > 0, timeout=WAIT_MS)
    with qtbot.waitSignal(lane_ctx.bridge.scan_failed, timeout=WAIT_MS):
        sim.pull("scanner")
    assert "scanner" in window.banner.label.text() or "lane-camera" in window.banner.label.text()
    assert "INCOMPLETE" in window.viewer.status.text()
    _both_themes(qapp, window, "09-device-lost", screenshot)
    window.form.type_boxes["documentary"].setChecked(True)
    window.form.code.setCurrentIndex(window.form.code.findData("A2"))
    window.form.minutes.setValue(5)
    with qtbot.waitSignal(window.result_saved, timeout=WAIT_MS):
        window.form.save_button.click()
    assert lane_ctx.writer.run_now(lambda: lane_ctx.gateway.control_status(control_id)) == "closed"
    sim.plug("lane-camera")
    qtbot.waitUntil(lambda: "connected" in window.devices.badges["lane-camera"].text.text(),
                    timeout=WAIT_MS)
