"""The whole officer flow against the real device simulators (x-ray simulator process over
TCP, lane camera MJPEG server, RIID on a pty), checked in the database and the audit trail
afterwards; simulators pulled away mid-flow; screenshots of each screen in both themes."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from tests.ui.conftest import first_vehicle_plate, simulated_lane_devices
from ui.app import LaneApplication
from ui.context import AppContext
from ui.theme import Theme, apply_theme
from ui.windows.officer import OfficerWindow
from workstation.config import DeviceConfig
from workstation.db import models as m
from workstation.lane.types import Seizure, UserInfo
from workstation.services import audit

WAIT_MS = 60000  # a generous bound only: every wait ends on its signal or condition
Shot = Callable[[QWidget, str], Path]


@pytest.fixture
def lane_devices() -> list[DeviceConfig]:
    return simulated_lane_devices()


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


def _arrive_and_open(qtbot: QtBot, window: OfficerWindow) -> str:
    """The camera simulator's vehicle is read by OCR, matched, and its control opened."""
    qtbot.waitUntil(lambda: window.camera.match is not None, timeout=WAIT_MS)
    assert window.camera.match is not None
    assert window.camera.match.referral_id == "NL-RMS-2026-000123"
    with qtbot.waitSignal(window.control_opened, timeout=WAIT_MS) as opened:
        window.camera.confirm.click()
    return str(opened.args[0])


def test_whole_officer_flow(qtbot: QtBot, qapp: QApplication, lane_app: LaneApplication,
                            lane_ctx: AppContext, officer: UserInfo, screenshot: Shot) -> None:
    window = _open_window(qtbot, lane_app, officer)
    assert lane_ctx.devices is not None and lane_ctx.devices.scanner is not None
    # Every simulated device connects through its real driver.
    qtbot.waitUntil(lambda: all(lane_ctx.bridge.health.get(n) is not None
                                and lane_ctx.bridge.health[n].state == "ok"
                                for n in ("scanner", "lane-camera", "riid")), timeout=WAIT_MS)
    _both_themes(qapp, window, "01-lane-queue", screenshot)

    # Vehicle arrives: the camera frame is read (OCR), matched, control opened.
    plate = first_vehicle_plate()
    qtbot.waitUntil(lambda: window.camera.match is not None, timeout=WAIT_MS)
    assert window.last_reading is not None and window.last_reading.text == plate
    _both_themes(qapp, window, "02-vehicle-matched", screenshot)
    with qtbot.waitSignal(window.control_opened, timeout=WAIT_MS) as opened:
        window.camera.confirm.click()
    control_id = str(opened.args[0])

    # Scan streams from the x-ray simulator, is corrected, stored and analysed.
    with qtbot.waitSignal(window.analysis_done, timeout=WAIT_MS) as analysed:
        window.start_scan()
    outcome = analysed.args[0]
    rows = window.viewer.header.rows if window.viewer.header else 0
    assert rows > 0 and window.viewer.received == rows
    qtbot.waitUntil(lambda: window.viewer.rendered_to == rows, timeout=WAIT_MS)
    model_findings = bool(outcome.analyses) and any(a.detections for a in outcome.analyses)
    if model_findings:
        qtbot.waitUntil(lambda: any(f.source == "model" for f in window.findings.values()),
                        timeout=WAIT_MS)
    else:
        assert "no model installed" in window.viewer.status.text().lower() or outcome.analyses
    _both_themes(qapp, window, "03-scan-findings", screenshot)
    window.viewer.set_view("material")
    qtbot.waitUntil(lambda: window.viewer.rendered_to == rows, timeout=WAIT_MS)
    _both_themes(qapp, window.viewer, "04-scan-material", screenshot)
    window.viewer.help.toggle()
    _both_themes(qapp, window.viewer, "05-shortcut-help", screenshot)
    window.viewer.help.toggle()

    # RIID reading taken through its driver: N42 document, alarm, rule findings.
    qtbot.waitUntil(lambda: "riid" in window.handheld.take_buttons, timeout=WAIT_MS)
    with qtbot.waitSignal(window.evidence_attached, timeout=WAIT_MS,
                          check_params_cb=lambda kind: kind == "reading"):
        window.handheld.take_buttons["riid"].click()
    assert window.handheld.alarm.isVisible()
    assert "riid" in window.handheld.alarm.text.text()
    # Attached to the control in the words the handheld panel and the dossier use.
    qtbot.waitUntil(lambda: "riid: dose rate" in window.readings_list.text(), timeout=WAIT_MS)
    assert "µSv/h" in window.readings_list.text().split("—")[0]
    _both_themes(qapp, window, "06-riid-alarm", screenshot)
    window.handheld.alarm.ack.click()

    # Findings: the model's when a model is installed, else the rules' from the RIID.
    keys = list(window.findings)
    assert len(keys) >= 2, window.findings
    window.viewer.decide("accepted", keys[0])
    for key in keys[1:]:
        window.viewer.decide("rejected", key)

    # Result form: an incomplete result is refused with the reasons named.
    window.form.save_button.click()
    assert "result code" in window.form.problems.text()
    for t in ("scan", "radiation", "physical"):
        window.form.type_boxes[t].setChecked(True)
    window.form.code.setCurrentIndex(window.form.code.findData("B1"))
    window.form.remarks.setPlainText("Radioactive source behind the load, not declared.")
    window.form.add_seizure(Seizure("Cs-137 sealed source", "2844", 1, "pieces", 900.0))
    window.form.minutes.setValue(25)
    _both_themes(qapp, window, "07-result-form", screenshot)
    with qtbot.waitSignal(window.result_saved, timeout=WAIT_MS):
        window.form.save_button.click()

    with lane_ctx.db.unit_of_work() as s:
        control = s.get(m.Control, uuid.UUID(control_id))
        assert control is not None and control.status == "closed"
        assert control.referral is not None and control.referral.referral_id == "NL-RMS-2026-000123"
        assert control.result is not None and control.result.code == "B1"
        assert sorted(control.result.control_types) == ["physical", "radiation", "scan"]
        assert [z.hs_code for z in control.result.seizures] == ["2844"]
        assert control.result.minutes_spent == 25
        kinds = [e.kind for e in control.evidence]
        assert sorted(set(kinds)) == ["plate_read", "reading", "scan"]
        assert kinds.count("scan") == 1 and kinds.count("reading") == 1
        scan = next(e.scan for e in control.evidence if e.kind == "scan")
        assert scan is not None and scan.complete and scan.rows == rows and len(scan.sha256) == 64
        decisions = {str(f.id): f.decision for f in control.findings}
        assert decisions[keys[0]] == "accepted"
        assert all(decisions[k] == "rejected" for k in keys[1:])
        assert {f.source for f in control.findings} >= ({"model"} if model_findings else {"rule"})
        reading = s.scalars(select(m.DeviceReading)).one()
        assert reading.alarms and b"N42" in (reading.raw_document or b"")
        assert reading.device_identity.get("serial") == "RS-0042"
        plate_row = s.scalars(select(m.PlateRead).where(m.PlateRead.kind == "plate")).one()
        containers = s.scalars(select(m.PlateRead).where(m.PlateRead.kind == "container")).all()
        assert all(c.valid and len(c.text) == 11 for c in containers)  # read on the same frame
        assert plate_row.text == plate and plate_row.camera == "lane-camera"
        # The frame it was read on is kept as evidence, content-addressed, with a purge date.
        assert plate_row.snapshot_path and Path(plate_row.snapshot_path).read_bytes()[:2] == \
            b"\xff\xd8"
        assert plate_row.purge_after is not None and plate_row.purge_after > plate_row.read_at
        report = audit.verify(s)
        assert report.ok, [str(p) for p in report.problems]
        actions = set(s.scalars(select(m.AuditEvent.action).where(
            (m.AuditEvent.details["control_id"].as_string() == control_id)
            | (m.AuditEvent.entity_id == control_id))))
        assert {"finding.accept", "finding.reject", "control.open", "control.result",
                "control.close", "evidence.attach"} <= actions
    assert window.control_id is None
    _both_themes(qapp, window, "08-after-save", screenshot)


def test_pulled_simulators_show_a_banner_and_the_result_can_still_be_saved(
        qtbot: QtBot, qapp: QApplication, lane_app: LaneApplication, lane_ctx: AppContext,
        officer: UserInfo, screenshot: Shot) -> None:
    window = _open_window(qtbot, lane_app, officer)
    control_id = _arrive_and_open(qtbot, window)
    devices = lane_ctx.devices
    assert devices is not None and devices.scanner is not None

    # The camera simulator goes away: its driver loses the stream, the banner says so.
    devices.pull("lane-camera")
    qtbot.waitUntil(lambda: window.banner.isVisible()
                    and "lane-camera" in window.banner.label.text(), timeout=WAIT_MS)
    assert "DISCONNECTED" in window.devices.badges["lane-camera"].text.text()

    # The scanner simulator process is stopped while a scan streams: the scan is kept,
    # marked incomplete with the reason, and the banner names the scanner.
    window.start_scan()
    qtbot.waitUntil(lambda: window.viewer.received > 0, timeout=WAIT_MS)
    with qtbot.waitSignal(window.evidence_attached, timeout=WAIT_MS,
                          check_params_cb=lambda kind: kind == "scan"):
        devices.pull("scanner")
    qtbot.waitUntil(lambda: "scanner" in window.banner.label.text()
                    or "DISCONNECTED" in window.devices.badges["scanner"].text.text(),
                    timeout=WAIT_MS)
    assert "INCOMPLETE" in window.viewer.status.text()
    _both_themes(qapp, window, "09-device-lost", screenshot)

    window.form.type_boxes["documentary"].setChecked(True)
    window.form.code.setCurrentIndex(window.form.code.findData("A2"))
    window.form.minutes.setValue(5)
    with qtbot.waitSignal(window.result_saved, timeout=WAIT_MS):
        window.form.save_button.click()
    with lane_ctx.db.unit_of_work() as s:
        control = s.get(m.Control, uuid.UUID(control_id))
        assert control is not None and control.status == "closed"
        scans = [e.scan for e in control.evidence if e.kind == "scan"]
        assert len(scans) == 1 and scans[0] is not None and not scans[0].complete
        assert scans[0].incomplete_reason
        assert audit.verify(s).ok
