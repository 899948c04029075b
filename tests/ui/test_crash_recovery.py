"""Killing the application while a result is being typed, with findings still to decide,
loses nothing: what was saved is in the database, the draft is offered again at the next
start with every finding, and the control can be decided and saved."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OFFICER_PASSWORD
from ui.app import LaneApplication
from ui.context import AppContext
from ui.windows.officer import OfficerWindow
from workstation.lane.types import UserInfo

ROOT = Path(__file__).resolve().parents[2]


def test_sigkill_while_typing_a_result_keeps_the_draft(
        qtbot: QtBot, qapp: QApplication, lane_app: LaneApplication, lane_ctx: AppContext,
        officer: UserInfo, screenshot) -> None:
    url = lane_ctx.config.database.url
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.crash_child", url, OFFICER_PASSWORD], cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    try:
        line = child.stdout.readline() if child.stdout else ""  # blocks until READY or exit
        assert line.startswith("READY"), (line, child.stderr.read() if child.stderr else "")
        control_id = line.split()[1]
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(30)
        for stream in (child.stdout, child.stderr):
            if stream:
                stream.close()
    assert child.returncode == -signal.SIGKILL
    # What was committed is there: the control is open in the database.
    assert lane_ctx.writer.run_now(lambda: lane_ctx.gateway.control_status(control_id)) == "open"
    # Next start: the draft comes back into the form.
    window = lane_app.open_window_for(officer)
    assert isinstance(window, OfficerWindow)
    qtbot.waitUntil(lambda: window.control_id == control_id, timeout=20000)
    form = window.form
    assert form.code.currentData() == "A5"
    assert form.remarks.toPlainText() == "Invoice shows 40 cartons, 42 counted."
    assert form.minutes.value() == 17
    assert form.type_boxes["documentary"].isChecked()
    assert window.banner.isVisible() and "Recovered" in window.banner.label.text()
    # Every finding of the control is back in the list, still to decide, and blocks saving
    # with a reason the officer can act on.
    keys = list(window.findings)
    assert keys and all(f.decision == "pending" for f in window.findings.values())
    qtbot.waitUntil(lambda: window.viewer.finding_list.count() == len(keys), timeout=20000)
    assert "No handheld reading" not in window.readings_list.text()
    screenshot(window, "10-draft-recovered-dark")
    form.save_button.click()
    assert "findings" in form.problems.text()
    # Decided, it can be finished.
    for key in keys:
        window.viewer.decide("rejected", key)
    qtbot.waitUntil(lambda: all(f.decision == "rejected" for f in window.findings.values()),
                    timeout=20000)
    with qtbot.waitSignal(window.result_saved, timeout=20000):
        form.save_button.click()
    assert lane_ctx.writer.run_now(lambda: lane_ctx.gateway.control_status(control_id)) == "closed"
