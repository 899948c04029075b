"""The technician's window on a lane with the simulated scanner (issue 13, acceptance 2):
the technician calibrates, runs the daily image-quality test, sees the result and the trend,
prints the certificate and takes the scanner out of service; the officer's lane then shows
the scanner OUT OF SERVICE and warns that its daily test failed."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ui.app import LaneApplication
from ui.context import AppContext
from ui.theme import apply_theme
from ui.windows.technician import TechnicianWindow
from workstation.config import DeviceConfig
from workstation.imaging.iq import score_test_piece
from workstation.lane.types import UserInfo
from workstation.services import users

WAIT_MS = 120_000
Shot = Callable[[QWidget, str], Path]


@pytest.fixture
def lane_devices() -> list[DeviceConfig]:
    return [DeviceConfig.model_validate({
        "name": "scanner", "kind": "xray", "driver": "xray-tcp", "simulated": True,
        "settings": {"integration_us": 200, "block_lines": 64, "reply_timeout_s": 60.0},
        "simulator": {"seed": 7, "scene": "parcel"}})]


def _technician(ctx: AppContext) -> UserInfo:
    with ctx.db.unit_of_work() as s:
        tech = users.add_user(s, "tess", "technician", "technician-pass", actor="test")
        return UserInfo(tech.id, tech.username, tech.full_name, tech.role)


def _shoot_tabs(window: TechnicianWindow, screenshot: Shot, qapp: QApplication) -> None:
    for theme in ("dark", "light"):
        apply_theme(qapp, theme)
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            screenshot(window, f"technician-{index}-{theme}")
    apply_theme(qapp, "dark")
    window.tabs.setCurrentIndex(0)


def test_technician_calibrates_tests_and_the_officer_is_warned(
        qtbot: QtBot, qapp: QApplication, lane_app: LaneApplication, lane_ctx: AppContext,
        officer: UserInfo, screenshot: Shot, tmp_path: Path) -> None:
    window = lane_app.open_window_for(_technician(lane_ctx))
    assert isinstance(window, TechnicianWindow)
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: window.device_table.rowCount() == 1
                    and "connected" in window.device_table.item(0, 3).text(), timeout=WAIT_MS)
    assert "serial SIM-000007, firmware" in window.device_table.item(0, 2).text()

    # guided calibration: three steps done, accepted, in force
    window.tabs.setCurrentIndex(1)
    window.calibrate_button.click()
    qtbot.waitUntil(lambda: "accepted" in window.cal_verdict.text(), timeout=WAIT_MS)
    assert all("done" in label.text() for label in window.step_labels.values())
    assert window.cal_table.rowCount() > 3

    # the daily test: scored on the corrected scan, every metric passes, a trend point
    window.tabs.setCurrentIndex(2)
    window.iq_button.click()
    qtbot.waitUntil(lambda: window.latest_iq is not None, timeout=WAIT_MS)
    result = window.latest_iq
    assert result is not None and result.passed, result
    assert window.iq_table.rowCount() == len(result.metrics) >= 4
    assert "PASSED" in window.iq_status.text()
    qtbot.waitUntil(lambda: window.trend_metric.count() >= 4, timeout=WAIT_MS)
    assert window.trend_plot.getPlotItem().listDataItems()  # the trend is drawn

    # a stricter wire limit than the scanner reaches: the same measurement fails it
    window.session.scorer = functools.partial(score_test_piece,
                                              limits={"wire_resolution": 0.01})
    window.iq_button.click()
    qtbot.waitUntil(lambda: window.latest_iq is not None and not window.latest_iq.passed,
                    timeout=WAIT_MS)
    assert "FAILED" in window.iq_status.text() and "wire resolution" in window.iq_status.text()
    qtbot.waitUntil(lambda: window.equivalence_table.rowCount() == 1, timeout=WAIT_MS)

    pdf = tmp_path / "certificate.pdf"
    window.save_certificate(str(pdf))
    qtbot.waitUntil(lambda: window.certificate_path == str(pdf), timeout=WAIT_MS)
    assert pdf.read_bytes().startswith(b"%PDF")

    # out of service: a reason is needed, then it is recorded
    window.tabs.setCurrentIndex(0)
    window.device_table.selectRow(0)
    window.out_button.click()
    qtbot.waitUntil(lambda: "reason" in window.message.text(), timeout=WAIT_MS)
    window.reason.setText("detector board 3 replaced, awaiting vendor")
    window.device_table.selectRow(0)
    window.out_button.click()
    qtbot.waitUntil(lambda: "OUT OF SERVICE" in window.device_table.item(0, 3).text(),
                    timeout=WAIT_MS)
    _shoot_tabs(window, screenshot, qapp)

    # the officer's lane: the scanner OUT OF SERVICE (not lost), the failed test warned
    window.close()
    lane_ctx.end_session()
    lane_app.window = None
    lane = lane_app.open_window_for(officer)
    badge = lane.devices.badges["scanner"]
    assert "OUT OF SERVICE" in badge.text.text()
    qtbot.waitUntil(lambda: lane.test_banner.isVisible(), timeout=WAIT_MS)
    assert "FAILED its daily image-quality test" in lane.test_banner.label.text()
    assert "wire resolution" in lane.test_banner.label.text()
    assert not lane.banner.isVisible()  # nothing says the scanner was lost
    lane.resize(1920, 1080)
    screenshot(lane, "officer-scanner-test-failed")  # closed by the lane_app fixture


LANE_FILE = """\
[lane]
lane_id = "L1"

[[devices]]  # the tunnel scanner
name = "scanner"
kind = "xray"
driver = "xray-tcp"
simulated = true
[devices.settings]
integration_us = 200   # fast for tests
block_lines = 64
reply_timeout_s = 60.0
[devices.simulator]
seed = 7
scene = "parcel"
"""


def _set_value(window: TechnicianWindow, table: str, key: str, value: str) -> None:
    keys = window.config_tab.keys
    for row in range(keys.rowCount()):
        if (keys.item(row, 0).text(), keys.item(row, 1).text()) == (table, key):
            keys.item(row, 2).setText(value)
            return
    raise AssertionError(f"no row {table}.{key}")


def _problem(window: TechnicianWindow, table: str, key: str) -> str:
    keys = window.config_tab.keys
    return next(keys.item(r, 4).text() for r in range(keys.rowCount())
                if (keys.item(r, 0).text(), keys.item(r, 1).text()) == (table, key))


def test_technician_edits_a_device_tests_the_connection_and_saves(
        qtbot: QtBot, qapp: QApplication, lane_app: LaneApplication, lane_ctx: AppContext,
        screenshot: Shot, tmp_path: Path) -> None:
    from sqlalchemy import select

    from workstation.config import load
    from workstation.db.models import AuditEvent

    lane_file = tmp_path / "lane.toml"
    lane_file.write_text(LANE_FILE, encoding="utf-8")
    lane_ctx.config.source = lane_file
    window = lane_app.open_window_for(_technician(lane_ctx))
    assert isinstance(window, TechnicianWindow)
    window.resize(1920, 1080)
    tab = window.config_tab
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.device_list.count() == 1, timeout=WAIT_MS)
    assert tab.name_edit.text() == "scanner" and str(lane_file) in tab.file_label.text()

    # a wrong type and an unknown key: named in their rows, nothing can be saved
    _set_value(window, "settings", "integration_us", "fast")
    tab.add_key()
    row = tab.keys.rowCount() - 1
    tab.keys.item(row, 1).setText("colour")
    tab.keys.item(row, 2).setText("blue")
    assert not tab.check()
    assert "integer" in _problem(window, "settings", "integration_us")
    assert "unknown key for driver xray-tcp" in _problem(window, "settings", "colour")
    assert "2 problem(s)" in tab.errors_label.text()
    assert not tab.save_button.isEnabled()
    for theme in ("dark", "light"):
        apply_theme(qapp, theme)
        screenshot(window, f"technician-configuration-errors-{theme}")
    apply_theme(qapp, "dark")
    refused = window.session.save_device(tab.form())  # the session refuses too
    qtbot.waitUntil(refused.done, timeout=WAIT_MS)
    assert "errors" in str(refused.exception())

    # corrected: tested (a second simulator, opened through the registry), then saved
    _set_value(window, "settings", "integration_us", "300")
    tab.keys.removeRow(row)
    assert tab.check()
    untested = window.session.save_device(tab.form())
    qtbot.waitUntil(untested.done, timeout=WAIT_MS)
    assert "test the connection" in str(untested.exception())
    tab.test_button.click()
    qtbot.waitUntil(lambda: "Connected to scanner" in tab.test_label.text(), timeout=WAIT_MS)
    assert "serial SIM-000007" in tab.test_label.text()
    assert tab.save_button.isEnabled()
    screenshot(window, "technician-configuration-tested-dark")
    tab.save_button.click()
    qtbot.waitUntil(lambda: "Saved scanner" in window.message.text(), timeout=WAIT_MS)
    assert "settings.integration_us 200 → 300" in window.message.text()

    text = lane_file.read_text(encoding="utf-8")
    assert "integration_us = 300   # fast for tests\n" in text
    assert "[[devices]]  # the tunnel scanner\n" in text
    assert load(lane_file).devices[0].settings["integration_us"] == 300
    with lane_ctx.db.unit_of_work() as s:
        event = s.scalars(select(AuditEvent).where(
            AuditEvent.action == "device.config_change")).one()
        assert event.actor == "tess" and event.entity_id == "L1/scanner"
        assert event.details["changes"] == [
            {"key": "settings.integration_us", "old": 200, "new": 300}]
        assert event.details["tested_identity"]["serial"] == "SIM-000007"
