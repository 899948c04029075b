"""The handheld panel's alarm box (officer guide: large, not by colour alone, stays until
acknowledged) for an identified nuclide and a dose rate over the threshold, taken and
live; a device that gives no reading says so in its row; a wrong password is refused
without a traceback in the log."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow
from pytestqt.qtbot import QtBot

from devices.handheld.readings import RiidReading
from standards.spectra.model import Measurement, Nuclide, SpectrumDocument
from tests.ui.conftest import OFFICER_PASSWORD
from ui.context import AppContext
from ui.login import LoginDialog
from ui.widgets.handheld_panel import HandheldPanel
from workstation.lane.devices import translate
from workstation.lane.events import HandheldReadingArrived, LaneEvent
from workstation.lane.types import HandheldReading
from workstation.services.readings import HandheldReadingEvent


def _via_lane(event: Any, kind: str = "riid") -> HandheldReading:
    """What the lane publishes for a host event (alarm rules applied, default thresholds)."""
    out: list[LaneEvent] = []

    class Sink:
        def publish(self, e: LaneEvent) -> None:
            out.append(e)

    translate(event, kind, Sink())
    [arrived] = out
    assert isinstance(arrived, HandheldReadingArrived)
    return arrived.reading


def _taken_n42(dose: float, nuclides: list[Nuclide]) -> HandheldReading:
    reading = RiidReading(document=SpectrumDocument(
        "n42-2012", measurements=[Measurement(real_time_s=30.0, dose_rate_usv_h=dose)],
        nuclides=nuclides))
    return _via_lane(HandheldReadingEvent(device="riid", values=reading.values(), raw=b"<n42/>",
                                          reading=reading))


def _live(dose: float, alarm: bool) -> HandheldReading:
    return HandheldReading("riid", "riid", {"dose_rate": (dose, "uSv/h")},
                           (f"dose rate {dose:g} µSv/h over 0.5 µSv/h",) if alarm else ())


@pytest.fixture
def panel(qtbot: QtBot) -> HandheldPanel:
    widget = HandheldPanel()
    qtbot.addWidget(widget)
    widget.show()
    widget.add_device("riid", "riid")
    return widget


def test_identified_nuclide_shows_the_alarm_box_until_acknowledged(qtbot: QtBot,
                                                                   panel: HandheldPanel) -> None:
    # The instrument raised no alarm of its own: the alarm rules' nuclide alarm shows.
    panel.show_reading(_taken_n42(0.1, [Nuclide("Cs-137", 0.8)]))
    assert panel.alarm.isVisible()
    text = panel.alarm.text.text()
    assert text.startswith("ALARM from riid") and "Cs-137 identified" in text  # words, not colour
    assert panel.alarm.text.font().bold() and panel.alarm.ack.shortcut().toString() == "Ctrl+K"
    for _ in range(3):  # later values without alarm do not take the alarm away
        panel.show_reading(_live(0.1, alarm=False))
    assert panel.alarm.isVisible()
    with qtbot.waitSignal(panel.alarm_acknowledged) as acknowledged:
        qtbot.mouseClick(panel.alarm.ack, Qt.MouseButton.LeftButton)
    assert acknowledged.args[0] == "riid" and "Cs-137 identified" in acknowledged.args[1][0]
    assert panel.alarm.isHidden()


def test_nuclide_below_the_confidence_threshold_raises_no_alarm(panel: HandheldPanel) -> None:
    panel.show_reading(_taken_n42(0.1, [Nuclide("Co-60", 0.2)]))
    assert panel.alarm.isHidden()
    assert "nuclide Co-60: 20 %" in panel.value_labels["riid"].text()


def test_dose_rate_over_the_threshold_alarms_live_and_taken(qtbot: QtBot,
                                                             panel: HandheldPanel) -> None:
    panel.show_reading(_taken_n42(0.9, []))  # taken reading: the dose-rate rule alarms
    assert panel.alarm.isVisible() and "dose rate 0.9" in panel.alarm.text.text()
    panel.alarm.ack.click()
    # Live samples: the first alarm shows; once acknowledged, the same lasting alarm (a
    # sample every 0.25 s) does not come back, but its row still says it.
    panel.show_reading(_live(0.8, alarm=True))
    assert panel.alarm.isHidden(), "acknowledged by the taken reading's box"
    panel.show_reading(_live(0.2, alarm=False))  # the alarm clears ...
    panel.show_reading(_live(0.7, alarm=True))  # ... and comes back: shown again
    assert panel.alarm.isVisible() and "0.7" in panel.alarm.text.text()
    panel.alarm.ack.click()
    panel.show_reading(_live(0.75, alarm=True))
    assert panel.alarm.isHidden()
    assert "⚠" in panel.value_labels["riid"].text()
    assert panel.value_labels["riid"].property("status") == "alarm"
    # A reading the officer takes always shows its alarm.
    panel.show_reading(_taken_n42(0.9, []))
    assert panel.alarm.isVisible()


def test_two_devices_in_alarm_are_both_listed_and_acknowledged(qtbot: QtBot,
                                                               panel: HandheldPanel) -> None:
    panel.show_reading(_live(0.8, alarm=True))
    panel.show_reading(HandheldReading("pager", "riid", {"dose_rate": (0.9, "uSv/h")},
                                       ("dose rate 0.9 µSv/h over 0.5 µSv/h",)))
    assert "ALARM from riid" in panel.alarm.text.text()
    assert "ALARM from pager" in panel.alarm.text.text()
    with qtbot.waitSignals([panel.alarm_acknowledged, panel.alarm_acknowledged]):
        panel.alarm.ack.click()
    assert panel.acknowledged == {"riid", "pager"}


def test_the_alarm_brings_a_closed_handheld_dock_back(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    handheld = HandheldPanel()
    dock = QDockWidget("Handheld devices")
    dock.setWidget(handheld)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    window.show()
    dock.close()
    handheld.show_reading(_live(0.8, alarm=True))
    assert dock.isVisible() and handheld.alarm.isVisible()


def test_a_device_without_reading_says_so_in_its_row(panel: HandheldPanel) -> None:
    panel.add_device("barcode", "barcode")
    panel.take_buttons["barcode"].setEnabled(True)
    panel.take_buttons["barcode"].click()
    assert "taking a reading" in panel.value_labels["barcode"].text()
    panel.show_reading(HandheldReading("barcode", "barcode", {},
                                       problem="barcode: the reader decoded no code"))
    row = panel.value_labels["barcode"]
    assert "No reading: barcode: the reader decoded no code" in row.text()
    assert row.property("status") == "warn"
    # RIID: live values keep coming, the failed reading stays said until the next one.
    panel.show_reading(HandheldReading("riid", "riid", {}, problem="riid: no answer within 33 s"))
    panel.show_reading(_live(0.1, alarm=False))
    assert "No reading: riid: no answer within 33 s" in panel.value_labels["riid"].text()
    assert "dose rate: 0.1 µSv/h" in panel.value_labels["riid"].text()
    panel.show_reading(_taken_n42(0.1, []))
    assert "No reading" not in panel.value_labels["riid"].text()
    # An answer without any value is said as well.
    panel.show_reading(HandheldReading("barcode", "barcode", {}, taken=True))
    assert "without any value" in panel.value_labels["barcode"].text()
    # A device that is lost says so, until it is back.
    panel.show_health("riid", "riid", "lost", "no answer; check cable and power")
    assert "Not connected: no answer; check cable and power" in panel.value_labels["riid"].text()
    panel.show_health("riid", "riid", "ok")
    assert "Not connected" not in panel.value_labels["riid"].text()


def test_wrong_password_is_refused_without_a_traceback(qtbot: QtBot, lane_ctx: AppContext,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    dialog = LoginDialog(lane_ctx.writer, lane_ctx.gateway, "L1", username="officer1")
    qtbot.addWidget(dialog)
    dialog.password.setText(OFFICER_PASSWORD + "-wrong")
    with qtbot.waitSignal(lane_ctx.writer.failed, timeout=30_000):
        dialog.attempt()
    qtbot.waitUntil(lambda: dialog.isEnabled())
    assert dialog.user is None and dialog.message.text() not in ("", "Checking…")
    assert "Traceback" not in dialog.message.text()
    assert [r for r in caplog.records if "login" in r.getMessage()], "the refusal is logged"
    assert not [r for r in caplog.records if r.exc_info], "no traceback for a wrong password"
