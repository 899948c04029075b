"""The portal pass dialog: alarm in words, pass figures, and a plot that draws each detector."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from standards.spectra import Alarm, Detector, Measurement, Spectrum, SpectrumDocument, read_file
from ui.theme import Theme, apply_theme
from ui.widgets.portal_profile import PortalProfileView, open_portal_profile

Shot = Callable[[QWidget, str], Path]


def _pass(alarm: bool) -> SpectrumDocument:
    """Two detectors (B1 half of A1), 20 slices of 0.5 s, counts peaking in slice 10."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    measurements = [
        Measurement(measurement_class="Foreground", start_time=start + timedelta(seconds=0.5 * i),
                    real_time_s=0.5, occupied=5 <= i <= 15,
                    spectra=[Spectrum(counts=[scale * (100.0 + 50 * (10 - abs(10 - i))), 0.0], detector_id=d,
                                      real_time_s=0.5)
                             for d, scale in (("A1", 1.0), ("B1", 0.5))])
        for i in range(20)]
    return SpectrumDocument(format="n42-2012", detectors=[Detector("A1", "Gamma"), Detector("B1", "Gamma")],
                            measurements=measurements,
                            alarms=[Alarm("Gamma", "gross count over threshold", "Red")] if alarm else [])


def _pixels_of(widget: QWidget, colour: str) -> int:
    image = widget.grab().toImage()
    target = QColor(colour).rgb()
    return sum(1 for y in range(image.height()) for x in range(image.width()) if image.pixel(x, y) == target)


def test_alarm_in_words_and_each_detector_drawn(qtbot: QtBot, qapp: QApplication) -> None:
    apply_theme(qapp, Theme.DARK)
    view = PortalProfileView(_pass(alarm=True))
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    qtbot.waitExposed(view)
    assert "ALARM" in view.alarm.text() and "gross count over threshold" in view.alarm.text()
    assert "20 time slices of 2 detectors (40 spectra)" in view.figures.text()
    assert view.profile.peak_slice() == 10
    # Both detectors' lines are on screen in their own colours (first two of the palette).
    assert _pixels_of(view.plot, "#0072B2") > 20
    assert _pixels_of(view.plot, "#E69F00") > 20


def test_no_alarm_says_so(qtbot: QtBot, qapp: QApplication) -> None:
    view = PortalProfileView(_pass(alarm=False))
    qtbot.addWidget(view)
    assert view.alarm.text() == "No alarm in the file"


def test_real_portal_pass_dialog(qtbot: QtBot, qapp: QApplication, shared_data: Path, screenshot: Shot) -> None:
    doc = read_file(shared_data / "spectra" / "portal" / "passthrough.n42")
    apply_theme(qapp, Theme.DARK)
    dialog = open_portal_profile(doc, title="passthrough.n42")
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    view = dialog.property("portal_view")
    assert isinstance(view, PortalProfileView)
    assert "133 time slices of 8 detectors (1,064 spectra), 600,266 gamma counts" in view.figures.text()
    assert view.profile.detectors == ["A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4"]
    path = screenshot(dialog, "13-portal-profile-dark")
    assert path.stat().st_size > 10_000
    # The dialog deletes itself when closed; qtbot closes it at teardown, and a close here
    # would leave qtbot a deleted object whenever the deferred delete ran first.
