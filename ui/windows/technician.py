"""The technician's window: binds to a :class:`~workstation.lane.technician.TechnicianSession`.

Tabs: devices (identity, health now and per day, last problem, reconnect, out of / back in
service), calibration (the guided steps and the verdict with the change from the previous
run), image quality (the daily test, its metrics, the trend chart, the certificate),
equivalence of the post's scanners, handheld and camera checks, the checks on record, and
the configuration of the lane's devices (:mod:`ui.windows.device_config_form`).
The window keeps nothing but what it shows: every value comes from the session's events.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QEvent
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.widgets.finding_words import iq_metric_text
from ui.windows.device_config_form import DeviceConfigTab
from ui.windows.office import _fill, _OfficeWindow, _table
from workstation.lane.events import OperationFailed
from workstation.lane.office import CheckRow
from workstation.lane.technician import TechnicianSession
from workstation.lane.technician_events import (
    CalibrationDone,
    CalibrationStep,
    CameraCheckDone,
    CertificateWritten,
    CheckSourceDone,
    ConnectionTested,
    DeviceConfigChecked,
    DeviceConfigLoaded,
    DeviceConfigSaved,
    DeviceRow,
    DevicesChanged,
    EquivalenceChanged,
    IqTestDone,
    IqTrendChanged,
)
from workstation.services.iq_tests import IqResult


def _when(moment: datetime | None) -> str:
    return f"{moment.astimezone():%Y-%m-%d %H:%M}" if moment is not None else "—"


def _num(value: Any) -> str:
    if value is None:
        return "—"
    value = float(value)
    return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"


class TechnicianWindow(_OfficeWindow):
    """Devices, calibration, image quality, equivalence, handheld and camera checks."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, self.tr("Technician"))
        assert ctx.technician is not None
        self.session: TechnicianSession = ctx.technician
        self.rows: tuple[DeviceRow, ...] = ()
        self.latest_iq: IqResult | None = None
        self.certificate_path = ""
        self.tabs = QTabWidget()
        self.tabs.addTab(self._devices_tab(), self.tr("Devices"))
        self.tabs.addTab(self._calibration_tab(), self.tr("Calibration"))
        self.tabs.addTab(self._iq_tab(), self.tr("Image quality"))
        self.tabs.addTab(self._equivalence_tab(), self.tr("Equivalence"))
        self.tabs.addTab(self._checks_tab(), self.tr("Handheld and camera"))
        self.tabs.addTab(self._record_tab(), self.tr("On record"))
        self.config_tab = DeviceConfigTab(self.session, self.say)
        self.tabs.addTab(self.config_tab, self.tr("Configuration"))
        self.setCentralWidget(self.tabs)
        ctx.bridge.lane_event.connect(self._on_event)
        ctx.bridge.device_health.connect(self._on_device_health)
        self.session.refresh()
        self.session.equivalence()
        self.session.load_device_config()
        self.refresh_record()
        self.resize(1500, 900)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """A theme switch repaints the charts too (pyqtgraph keeps its own background)."""
        if event.type() == QEvent.Type.PaletteChange:
            for plot in (self.trend_plot, self.spectrum_plot):
                plot.setBackground(self.palette().color(QPalette.ColorRole.Base))
        super().changeEvent(event)

    # --- devices ----------------------------------------------------------------------------

    def _devices_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.device_table = _table([self.tr("Device"), self.tr("Kind"), self.tr("Identity"),
                                    self.tr("State"), self.tr("Available today"),
                                    self.tr("Last problem")])
        self.device_table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.device_table.itemSelectionChanged.connect(self._show_history)
        layout.addWidget(self.device_table, 2)
        actions = QHBoxLayout()
        self.reconnect_button = QPushButton(self.tr("Reconnect"))
        self.reconnect_button.clicked.connect(self.reconnect)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Reason for taking the device out of service"))
        self.out_button = QPushButton(self.tr("Take out of service"))
        self.out_button.clicked.connect(lambda: self.set_in_service(False))
        self.back_button = QPushButton(self.tr("Back in service"))
        self.back_button.clicked.connect(lambda: self.set_in_service(True))
        for w in (self.reconnect_button, self.reason, self.out_button, self.back_button):
            actions.addWidget(w, 1 if w is self.reason else 0)
        layout.addLayout(actions)
        heading = QLabel(self.tr("Health per day (UTC) of the selected device"))
        heading.setObjectName("heading")
        layout.addWidget(heading)
        self.history_table = _table([self.tr("Day"), self.tr("Connects"), self.tr("Losses"),
                                     self.tr("Errors"), self.tr("Available")])
        layout.addWidget(self.history_table, 1)
        return page

    def _state_text(self, row: DeviceRow) -> str:
        if row.out_of_service is not None:
            return self.tr("OUT OF SERVICE: %1").replace("%1", row.out_of_service)
        words = {"ok": self.tr("connected"), "connecting": self.tr("connecting"),
                 "degraded": self.tr("degraded"), "lost": self.tr("DISCONNECTED"),
                 "disabled": self.tr("disabled"), "unknown": self.tr("not reported yet")}
        text = words.get(row.state, row.state)
        return f"{text} — {row.detail}" if row.detail else text

    def _show_devices(self, rows: tuple[DeviceRow, ...]) -> None:
        self.rows = rows
        selected = self._selected_name()
        table = []
        for r in rows:
            ident = r.identity
            who = (f"{ident.get('vendor', '')} {ident.get('model', '')}, "
                   + self.tr("serial %1, firmware %2").replace("%1", ident.get("serial", ""))
                   .replace("%2", ident.get("firmware", "")) + f", {r.driver}") \
                if ident else r.driver + (self.tr(" (simulated)") if r.simulated else "")
            today = r.days[-1] if r.days else None
            pct = today.available_pct if today is not None else None
            problem = f"{_when(r.last_problem[0])}: {r.last_problem[1]}" \
                if r.last_problem else "—"
            table.append([r.name, r.kind, who, self._state_text(r),
                          "—" if pct is None else f"{pct:.0f} %", problem])
        _fill(self.device_table, table)
        names = [r.name for r in rows]
        if selected in names:
            self.device_table.selectRow(names.index(selected))
        elif rows:
            self.device_table.selectRow(0)
        self._show_history()
        self._fill_device_choices(rows)

    def _selected_name(self) -> str | None:
        items = self.device_table.selectedItems()
        if not items:
            return None
        item = self.device_table.item(items[0].row(), 0)
        return item.text() if item is not None else None

    def _show_history(self) -> None:
        name = self._selected_name()
        row = next((r for r in self.rows if r.name == name), None)
        if row is None:
            _fill(self.history_table, [])
            return
        _fill(self.history_table, [
            [f"{d.day:%Y-%m-%d}", str(d.connects), str(d.losses), str(d.errors),
             "—" if d.available_pct is None else
             f"{d.available_pct:.0f} % ({d.available_s / 3600:.1f} h)"]
            for d in reversed(row.days)])

    def reconnect(self) -> None:
        name = self._selected_name()
        if name:
            self.session.reconnect(name)
            self.say(self.tr("Reconnecting %1").replace("%1", name))

    def set_in_service(self, in_service: bool) -> None:
        name = self._selected_name()
        if not name:
            self.say(self.tr("Select a device first."), "alarm")
            return
        self.session.set_in_service(name, in_service, self.reason.text())
        if not in_service:
            self.reason.clear()

    # --- calibration ------------------------------------------------------------------------

    def _calibration_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Scanner")))
        self.cal_scanner = QComboBox()
        top.addWidget(self.cal_scanner)
        self.calibrate_button = QPushButton(self.tr("Start calibration"))
        self.calibrate_button.clicked.connect(self.calibrate)
        top.addWidget(self.calibrate_button)
        top.addStretch(1)
        layout.addLayout(top)
        steps = QGroupBox(self.tr("Steps"))
        grid = QGridLayout(steps)
        self.step_labels: dict[str, QLabel] = {}
        texts = {
            "dark": self.tr("1. Dark: beam off, the detector's offset is measured."),
            "flat": self.tr("2. Flat: tunnel empty, open beam: the detector's gain is measured."),
            "bad-pixels": self.tr("3. Bad pixels: dead, hot and noisy pixels and dead lines "
                                  "are found; the run is judged against its limits."),
        }
        for i, (key, text) in enumerate(texts.items()):
            grid.addWidget(QLabel(text), i, 0)
            state = QLabel(self.tr("waiting"))
            self.step_labels[key] = state
            grid.addWidget(state, i, 1)
        layout.addWidget(steps)
        self.cal_verdict = QLabel()
        self.cal_verdict.setObjectName("heading")
        self.cal_verdict.setWordWrap(True)
        layout.addWidget(self.cal_verdict)
        self.cal_table = _table([self.tr("Value"), self.tr("Measured"), self.tr("Limit"),
                                 self.tr("Change from previous run")])
        layout.addWidget(self.cal_table, 1)
        return page

    def _fill_device_choices(self, rows: tuple[DeviceRow, ...]) -> None:
        for combo, kinds in ((self.cal_scanner, ("xray",)), (self.iq_scanner, ("xray",)),
                             (self.riid_choice, ("riid",)), (self.camera_choice, ("camera",))):
            wanted = [r.name for r in rows if r.kind in kinds]
            if [combo.itemText(i) for i in range(combo.count())] != wanted:
                current = combo.currentText()
                combo.clear()
                combo.addItems(wanted)
                if current in wanted:
                    combo.setCurrentText(current)
        for combo, button, label, text in (
                (self.riid_choice, self.riid_button, self.riid_result,
                 self.tr("This lane has no RIID.")),
                (self.camera_choice, self.camera_button, self.camera_result,
                 self.tr("This lane has no camera."))):
            button.setEnabled(combo.count() > 0)
            if combo.count() == 0:
                label.setText(text)
        if self.iq_scanner.currentText() and self.session.state().trend is None:
            self.session.trend(self.iq_scanner.currentText())

    def calibrate(self) -> None:
        device = self.cal_scanner.currentText()
        if not device:
            self.say(self.tr("This lane has no x-ray scanner."), "alarm")
            return
        for label in self.step_labels.values():
            label.setText(self.tr("waiting"))
        self.cal_verdict.setText(self.tr("Calibrating %1 …").replace("%1", device))
        self.calibrate_button.setEnabled(False)
        future = self.session.calibrate(device)
        future.add_done_callback(lambda _f: None)

    def _show_step(self, event: CalibrationStep) -> None:
        label = self.step_labels.get(event.step)
        if label is not None:
            label.setText(self.tr("running …") if event.state == "running" else self.tr("✔ done"))

    def _show_calibration(self, event: CalibrationDone) -> None:
        o = event.outcome
        self.calibrate_button.setEnabled(True)
        if o.accepted:
            self.cal_verdict.setText(self.tr("✔ Calibration accepted and in force (%1)")
                                     .replace("%1", _when(o.performed_at)))
            self.say(self.cal_verdict.text(), "ok")
        else:
            words = {"flat_too_weak": self.tr("flat too weak (beam on? shutter open?)"),
                     "flat_saturated": self.tr("flat saturated"),
                     "dark_too_high": self.tr("dark too high (light leak?)"),
                     "too_many_bad_pixels": self.tr("too many bad pixels"),
                     "too_many_dead_lines": self.tr("too many dead detector lines"),
                     "bad_pixel_cluster": self.tr("too many neighbouring bad pixels to "
                                                  "repair")}
            self.cal_verdict.setText(self.tr("✖ Calibration REFUSED: %1. The previous "
                                             "calibration stays in force.")
                                     .replace("%1", "; ".join(words.get(r, r)
                                                              for r in o.reasons)))
            self.say(self.cal_verdict.text(), "alarm")
        _fill(self.cal_table, [[k.replace("_", " "), _num(v), _num(o.limits.get(k)),
                                "—" if k not in o.changes else f"{o.changes[k]:+g}"]
                               for k, v in o.values.items()])

    # --- image quality ----------------------------------------------------------------------

    def _iq_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Scanner")))
        self.iq_scanner = QComboBox()
        self.iq_scanner.currentTextChanged.connect(
            lambda name: name and self.session.trend(name))
        top.addWidget(self.iq_scanner)
        self.iq_button = QPushButton(self.tr("Run the daily test"))
        self.iq_button.clicked.connect(self.run_iq_test)
        top.addWidget(self.iq_button)
        self.certificate_button = QPushButton(self.tr("Certificate (PDF) …"))
        self.certificate_button.setEnabled(False)
        self.certificate_button.clicked.connect(self.save_certificate)
        top.addWidget(self.certificate_button)
        top.addStretch(1)
        layout.addLayout(top)
        self.iq_status = QLabel(self.tr("No test on record yet."))
        self.iq_status.setObjectName("heading")
        self.iq_status.setWordWrap(True)
        layout.addWidget(self.iq_status)
        body = QHBoxLayout()
        self.iq_table = _table([self.tr("Metric"), self.tr("Value"), self.tr("Unit"),
                                self.tr("Limit"), self.tr("Result")])
        body.addWidget(self.iq_table, 1)
        chart = QVBoxLayout()
        pick = QHBoxLayout()
        pick.addWidget(QLabel(self.tr("Trend of")))
        self.trend_metric = QComboBox()
        self.trend_metric.currentTextChanged.connect(lambda _t: self._draw_trend())
        pick.addWidget(self.trend_metric, 1)
        chart.addLayout(pick)
        self.trend_plot = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem()})
        self.trend_plot.showGrid(x=True, y=True, alpha=0.3)
        self.trend_plot.setBackground(self.palette().color(QPalette.ColorRole.Base))
        self.trend_plot.setMinimumHeight(320)
        self.trend_plot.getAxis("left").enableAutoSIPrefix(False)  # "mm", never "mmm"
        chart.addWidget(self.trend_plot, 1)
        body.addLayout(chart, 1)
        layout.addLayout(body, 1)
        return page

    def run_iq_test(self) -> None:
        device = self.iq_scanner.currentText()
        if not device:
            self.say(self.tr("This lane has no x-ray scanner."), "alarm")
            return
        self.iq_button.setEnabled(False)
        self.iq_status.setText(self.tr("Scanning the test piece on %1 …").replace("%1", device))
        self.session.iq_test(device)

    def _metric_name(self, name: str) -> str:
        return iq_metric_text(name)

    def _show_iq(self, result: IqResult) -> None:
        self.latest_iq = result
        self.iq_button.setEnabled(True)
        self.certificate_button.setEnabled(True)
        failed = [self._metric_name(m["name"]) for m in result.metrics if not m["passed"]]
        if result.passed:
            self.iq_status.setText(self.tr("✔ %1 PASSED the image-quality test of %2")
                                   .replace("%1", result.device)
                                   .replace("%2", _when(result.performed_at)))
        else:
            self.iq_status.setText(self.tr("✖ %1 FAILED the image-quality test of %2: %3")
                                   .replace("%1", result.device)
                                   .replace("%2", _when(result.performed_at))
                                   .replace("%3", ", ".join(failed)))
        passed, fail = self.tr("pass"), self.tr("FAIL")
        _fill(self.iq_table, [
            [self._metric_name(m["name"]), _num(m["value"]), m.get("unit", ""),
             ("≥ " if m.get("higher_is_better", True) else "≤ ") + _num(m.get("limit"))
             if m.get("limit") is not None else "—", passed if m["passed"] else fail]
            for m in result.metrics])

    def _show_trend(self, event: IqTrendChanged) -> None:
        if event.trend.device != self.iq_scanner.currentText():
            return
        names = event.trend.metric_names()
        current = self.trend_metric.currentText()
        self.trend_metric.blockSignals(True)
        self.trend_metric.clear()
        for name in names:
            self.trend_metric.addItem(self._metric_name(name), name)
        if current:
            index = self.trend_metric.findText(current)
            self.trend_metric.setCurrentIndex(max(index, 0))
        self.trend_metric.blockSignals(False)
        if event.trend.results and self.latest_iq is None:
            self._show_iq(event.trend.results[-1])
        status = event.status
        if status.state == "missing":
            self.iq_status.setText(self.tr("No image-quality test of %1 in the last 24 hours.")
                                   .replace("%1", status.device))
        self._draw_trend()

    def _draw_trend(self) -> None:
        trend = self.session.state().trend
        plot = self.trend_plot
        plot.clear()
        name = self.trend_metric.currentData()
        if trend is None or not name:
            return
        series = trend.series(str(name))
        if not series:
            return
        xs = [when.timestamp() for when, _v, _p in series]
        ys = [v for _w, v, _p in series]
        plot.plot(xs, ys, pen=pg.mkPen(width=2), symbol="o", symbolSize=8)
        middle, half = (min(xs) + max(xs)) / 2, max((max(xs) - min(xs)) / 2 * 1.1, 1800.0)
        plot.setXRange(middle - half, middle + half, padding=0)  # tests seconds apart: an hour
        failed = [(x, y) for x, y, (_w, _v, ok) in zip(xs, ys, series, strict=True) if not ok]
        if failed:  # shape as well as colour: failures are crosses
            plot.plot([x for x, _ in failed], [y for _, y in failed], pen=None, symbol="x",
                      symbolSize=16, symbolBrush="r", symbolPen="r")
        limit = next((r.metric(str(name)) for r in reversed(trend.results)
                      if r.metric(str(name)) is not None), None)
        if limit is not None and limit.get("limit") is not None:
            plot.addItem(pg.InfiniteLine(float(limit["limit"]), angle=0,
                                         pen=pg.mkPen(style=pg.QtCore.Qt.PenStyle.DashLine),
                                         label=self.tr("limit"),
                                         labelOpts={"position": 0.05}))
        plot.setLabel("left", self.trend_metric.currentText(),
                      units=str(series and (trend.results[-1].metric(str(name)) or {})
                                .get("unit", "")))

    def save_certificate(self, path: str | None = None) -> None:
        result = self.latest_iq
        if result is None:
            return
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save certificate"),
                str(Path.home() / f"iq-{result.device}-{result.performed_at:%Y%m%d}.pdf"),
                "PDF (*.pdf)")
        if not path:
            return
        self.session.certificate(result.id, path)  # CertificateWritten, or OperationFailed

    # --- equivalence ------------------------------------------------------------------------

    def _equivalence_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        note = QLabel(self.tr("Latest test of every scanner in the record. A scanner falls "
                              "behind on a metric it fails, or where its margin over the "
                              "limit is below 80 % of the median of the other scanners of "
                              "its class."))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.equivalence_table = _table([self.tr("Lane"), self.tr("Scanner"),
                                         self.tr("Class"), self.tr("Tested"),
                                         self.tr("Result"), self.tr("Falls behind on")])
        layout.addWidget(self.equivalence_table, 1)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.session.equivalence)
        layout.addWidget(refresh)
        return page

    def _show_equivalence(self, event: EquivalenceChanged) -> None:
        rows = []
        for row in event.rows:
            r = row.latest
            behind = [self._metric_name(n) + (self.tr(" (failed)") if why == "failed" else "")
                      for n, why in row.behind.items()]
            if row.stale:
                behind.insert(0, self.tr("no test in the last 24 hours"))
            rows.append([r.lane, r.device, r.scanner_class, _when(r.performed_at),
                         self.tr("passed") if r.passed else self.tr("FAILED"),
                         ("⚠ " + ", ".join(behind)) if behind else "—"])
        _fill(self.equivalence_table, rows)

    # --- handheld and camera ----------------------------------------------------------------

    def _checks_tab(self) -> QWidget:
        page = QWidget()
        layout = QHBoxLayout(page)
        riid = QGroupBox(self.tr("RIID check source"))
        rl = QVBoxLayout(riid)
        rl.addWidget(QLabel(self.tr("Place the check source at its marked position in front "
                                    "of the instrument, then start the measurement.")))
        row = QHBoxLayout()
        self.riid_choice = QComboBox()
        row.addWidget(self.riid_choice, 1)
        self.riid_button = QPushButton(self.tr("Measure the check source"))
        self.riid_button.clicked.connect(self.check_source)
        row.addWidget(self.riid_button)
        rl.addLayout(row)
        self.riid_result = QLabel()
        self.riid_result.setWordWrap(True)
        rl.addWidget(self.riid_result)
        self.spectrum_plot = pg.PlotWidget()
        self.spectrum_plot.setBackground(self.palette().color(QPalette.ColorRole.Base))
        self.spectrum_plot.setLabel("left", self.tr("counts"))
        self.spectrum_plot.setVisible(False)  # drawn once a measurement came
        rl.addWidget(self.spectrum_plot, 100)
        rl.addStretch(1)  # keeps the instructions at the top while no spectrum is drawn
        layout.addWidget(riid, 3)
        camera = QGroupBox(self.tr("Lane camera"))
        cl = QVBoxLayout(camera)
        row2 = QHBoxLayout()
        self.camera_choice = QComboBox()
        row2.addWidget(self.camera_choice, 1)
        self.camera_button = QPushButton(self.tr("Check the camera"))
        self.camera_button.clicked.connect(self.camera_check)
        row2.addWidget(self.camera_button)
        cl.addLayout(row2)
        self.camera_result = QLabel()
        self.camera_result.setWordWrap(True)
        cl.addWidget(self.camera_result)
        self.camera_table = _table([self.tr("Value"), self.tr("Measured"), self.tr("Limit")])
        cl.addWidget(self.camera_table, 1)
        layout.addWidget(camera, 2)
        return page

    def check_source(self) -> None:
        device = self.riid_choice.currentText()
        if device:
            self.riid_button.setEnabled(False)
            self.riid_result.setText(self.tr("Measuring …"))
            self.session.check_source(device)

    def _show_check_source(self, event: CheckSourceDone) -> None:
        self.riid_button.setEnabled(True)
        expected = event.expected_nuclide or self.tr("(none)")
        found = ", ".join(event.identified) or self.tr("none")
        verdict = self.tr("✔ PASSED") if event.passed else self.tr("✖ FAILED")
        self.riid_result.setText(
            self.tr("%1 — expected nuclide %2, identified %3. %4")
            .replace("%1", verdict).replace("%2", expected).replace("%3", found)
            .replace("%4", event.reason))
        self.spectrum_plot.clear()
        self.spectrum_plot.setVisible(bool(event.counts))
        if event.counts:
            xs = list(event.energy_kev) if event.energy_kev else list(range(len(event.counts)))
            self.spectrum_plot.plot(xs, list(event.counts), stepMode=None,
                                    pen=pg.mkPen(width=1))
            self.spectrum_plot.setLabel("bottom", self.tr("energy (keV)") if event.energy_kev
                                        else self.tr("channel"))

    def camera_check(self) -> None:
        device = self.camera_choice.currentText()
        if device:
            self.session.camera_check(device)

    def _show_camera(self, event: CameraCheckDone) -> None:
        verdict = self.tr("✔ PASSED") if event.passed else self.tr("✖ FAILED")
        self.camera_result.setText(verdict + ("" if event.passed else
                                              ": " + "; ".join(event.reasons)))
        v, lim = event.values, event.limits
        rate = v.get("read_rate_pct")
        _fill(self.camera_table, [
            [self.tr("focus (variance of the Laplacian)"), _num(v.get("focus")),
             "≥ " + _num(lim.get("focus_min"))],
            [self.tr("exposure (mean grey)"), _num(v.get("exposure_mean")),
             "–".join(_num(x) for x in lim.get("exposure_range", []))],
            [self.tr("clipped pixels (%)"), _num(v.get("clipped_pct")),
             "≤ " + _num(lim.get("clipped_max_pct"))],
            [self.tr("plate reads successful (%)"),
             "—" if rate is None else f"{_num(rate)} ({v.get('reads', 0)})",
             "≥ " + _num(lim.get("read_rate_min_pct"))]])

    # --- record -----------------------------------------------------------------------------

    def _record_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.check_table = _table([self.tr("When"), self.tr("Device"), self.tr("Check"),
                                   self.tr("Result"), self.tr("Technician"),
                                   self.tr("Details")])
        layout.addWidget(self.check_table, 1)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh_record)
        layout.addWidget(refresh)
        return page

    def refresh_record(self) -> None:
        user = self.user
        self.ctx.writer.submit("checks", lambda: self.office.device_checks(user),
                               on_done=self._show_record,
                               on_failed=lambda m: self.say(m, "alarm"), owner=self)

    def _show_record(self, rows: list[CheckRow]) -> None:
        passed, failed = self.tr("passed"), self.tr("FAILED")
        _fill(self.check_table, [[_when(r.performed_at), r.device, r.kind,
                                  passed if r.passed else failed, r.technician, r.summary]
                                 for r in rows])

    # --- events -----------------------------------------------------------------------------

    def _on_device_health(self, _health: object) -> None:
        # A bound method, not a lambda: Qt drops the connection when this window is deleted.
        self.session.refresh()

    def _on_event(self, event: object) -> None:
        if isinstance(event, DevicesChanged):
            self._show_devices(event.rows)
        elif isinstance(event, CalibrationStep):
            self._show_step(event)
        elif isinstance(event, CalibrationDone):
            self._show_calibration(event)
            self.refresh_record()
        elif isinstance(event, IqTestDone):
            self._show_iq(event.result)
            self.say(self.iq_status.text(), "ok" if event.result.passed else "alarm")
            self.session.equivalence()
            self.refresh_record()
        elif isinstance(event, IqTrendChanged):
            self._show_trend(event)
        elif isinstance(event, EquivalenceChanged):
            self._show_equivalence(event)
        elif isinstance(event, CheckSourceDone):
            self._show_check_source(event)
            self.refresh_record()
        elif isinstance(event, CameraCheckDone):
            self._show_camera(event)
            self.refresh_record()
        elif isinstance(event, CertificateWritten):
            self.certificate_path = event.path
            self.say(self.tr("Certificate written to %1").replace("%1", event.path), "ok")
        elif isinstance(event, DeviceConfigLoaded):
            self.config_tab.show_loaded(event)
        elif isinstance(event, DeviceConfigChecked):
            self.config_tab.show_checked(event)
        elif isinstance(event, ConnectionTested):
            self.config_tab.show_tested(event)
        elif isinstance(event, DeviceConfigSaved):
            self.config_tab.show_saved(event)
        elif isinstance(event, OperationFailed):
            self.config_tab.failed(event.operation, event.message)
            self.calibrate_button.setEnabled(True)
            self.iq_button.setEnabled(True)
            self.riid_button.setEnabled(True)
            if event.operation == "calibrate":
                self.cal_verdict.setText(self.tr("✖ Calibration failed: %1")
                                         .replace("%1", event.message))
            elif event.operation == "iq-test":
                self.iq_status.setText(self.tr("✖ The test could not run: %1")
                                       .replace("%1", event.message))
            self.say(event.message, "alarm")


__all__ = ["TechnicianWindow"]
