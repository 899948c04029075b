"""The officer's lane window: queue, arriving vehicle, scan, handheld devices, result.

Layout: the scan viewer is the central widget (it can move to a second screen); the
queue, camera, handheld and result panels are docks whose arrangement is saved per user,
role and screen count. Every database operation is submitted to the persistence writer
and its answer arrives as a queued signal; nothing here blocks the main thread.
"""

from __future__ import annotations

import html
import logging
import math
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui import settings
from ui.context import AppContext
from ui.i18n import LANGUAGES
from ui.shortcuts import ShortcutEditor, ShortcutRegistry, ToolSpec
from ui.theme import Theme, apply_theme, current_theme
from ui.widgets.camera_panel import CameraPanel
from ui.widgets.device_status import Banner, DeviceStatusBar
from ui.widgets.finding_words import iq_metric_text, reading_values_text
from ui.widgets.handheld_panel import HandheldPanel
from ui.widgets.portal_profile import open_portal_profile
from ui.widgets.referral_queue import ReferralQueue, channel_text
from ui.widgets.result_form import ResultForm
from ui.widgets.scan_viewer import ScanViewer
from workstation.lane.analysis import AnalysisOutcome
from workstation.lane.devices import HANDHELD_KINDS
from workstation.lane.events import (
    AnalysisDone,
    AnalystDecision,
    AnalystDecisionArrived,
    ControlHandedOver,
    ControlOpened,
    ControlRecovered,
    DraftWritten,
    EvidenceAttached,
    FindingsChanged,
    Notice,
    OperationFailed,
    QueueChanged,
    ReferralMatched,
    ReferralTaken,
    ResultRefused,
    ResultSaved,
    ScannerTestStatus,
    ScanOpened,
    ScanStored,
)
from workstation.lane.scanner import AcquiredScan
from workstation.lane.session import LaneSession, LaneState, OpenControl
from workstation.lane.types import (
    HandheldReading,
    ModelFinding,
    PlateReading,
    ReferralRow,
    ResultDraft,
    ScanHeader,
)

log = logging.getLogger(__name__)
DRAFT_DEBOUNCE_MS = 300
QUEUE_REFRESH_MS = 30_000


class OfficerWindow(QMainWindow):
    language_requested = Signal(str)
    logout_requested = Signal()
    result_saved = Signal(str)  # control id
    control_opened = Signal(str)  # control id
    evidence_attached = Signal(str)  # kind
    findings_added = Signal(int)  # how many findings (model or rule) were stored
    analysis_done = Signal(object)  # workstation.lane.analysis.AnalysisOutcome of the latest scan
    draft_written = Signal()
    analyst_decision_shown = Signal(str)  # clear | suspect: a remote analyst's decision

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        assert ctx.user is not None and ctx.session is not None
        self.ctx = ctx
        self.user = ctx.user
        self.session: LaneSession = ctx.session
        self._elapsed_from: datetime | None = None  # when the open control was opened (UTC)
        self._minutes_touched = False
        self._auto_minutes = 0.0
        self.setWindowTitle(self.tr("Inspection Workstation — lane %1 — %2")
                            .replace("%1", ctx.config.lane.lane_id)
                            .replace("%2", self.user.full_name or self.user.username))
        self.setObjectName("officerWindow")
        self.registry = ShortcutRegistry(self.user.username)

        # --- widgets ---
        self.banner = Banner()
        self.test_banner = Banner()  # the scanner's daily image-quality test, kept apart
        self.viewer = ScanViewer(ctx.renderer, self.registry)
        self.queue = ReferralQueue()
        self.camera = CameraPanel()
        self.handheld = HandheldPanel()
        self.form = ResultForm()
        self.devices = DeviceStatusBar()
        self.message = QLabel()
        self.message.setAccessibleName(self.tr("Last message"))
        # A long message must not widen the window (it would push the docks off screen).
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(4, 4, 4, 4)
        central_layout.addWidget(self.banner)
        central_layout.addWidget(self.test_banner)
        self.scan_button = QPushButton(self.tr("Start scan"))
        self.scan_button.setObjectName("primary")
        self.scan_button.setToolTip(self.tr("Scan the vehicle in the tunnel (Ctrl+Shift+S)"))
        self.scan_button.clicked.connect(self.start_scan)
        self.image_only = QPushButton(self.tr("Image only"))
        self.image_only.setCheckable(True)
        self.image_only.setToolTip(self.tr("Hide the side panels to give the scan the whole "
                                           "window (Ctrl+Shift+F)"))
        self.image_only.toggled.connect(self.set_image_only)
        scan_bar = QHBoxLayout()
        scan_bar.addWidget(self.scan_button)
        scan_bar.addStretch(1)
        scan_bar.addWidget(self.image_only)
        central_layout.addLayout(scan_bar)
        self.viewer_holder = QVBoxLayout()
        self.viewer_holder.addWidget(self.viewer)
        central_layout.addLayout(self.viewer_holder, 1)
        self.setCentralWidget(central)
        self.second_screen: QWidget | None = None

        self.docks: dict[str, QDockWidget] = {}
        self._dock("queue", self.tr("Referral queue"), self.queue, Qt.DockWidgetArea.LeftDockWidgetArea)
        self._dock("camera", self.tr("Arriving vehicle"), self.camera,
                   Qt.DockWidgetArea.LeftDockWidgetArea)
        self._dock("handheld", self.tr("Handheld devices"), self.handheld,
                   Qt.DockWidgetArea.RightDockWidgetArea)
        self.brief = QLabel()
        self.brief.setObjectName("brief")
        self.brief.setWordWrap(True)
        self.brief.setTextFormat(Qt.TextFormat.RichText)
        self.brief.setAccessibleName(self.tr("The open control's referral"))
        self.readings_list = QLabel()
        self.readings_list.setWordWrap(True)
        self.readings_list.setAccessibleName(self.tr("Readings attached to the control"))
        control_panel = QWidget()
        control_layout = QVBoxLayout(control_panel)
        control_layout.setContentsMargins(0, 0, 0, 0)
        control_layout.addWidget(self.form.header)
        control_layout.addWidget(self.brief)
        control_layout.addWidget(self.readings_list)
        control_layout.addWidget(self.form, 1)
        self._dock("result", self.tr("Control result"), control_panel,
                   Qt.DockWidgetArea.RightDockWidgetArea)
        self.statusBar().addWidget(self.message, 1)
        self.statusBar().addPermanentWidget(self.devices)

        self._menus()
        self._adopt_panel_keys()
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DEBOUNCE_MS)
        self._draft_timer.timeout.connect(self.write_draft)
        # Referrals arrive from the risk system while the officer works: the queue follows.
        self._queue_timer = QTimer(self)
        self._queue_timer.setInterval(QUEUE_REFRESH_MS)
        self._queue_timer.timeout.connect(self.refresh_queue)
        self._queue_timer.start()
        self._minute_timer = QTimer(self)
        self._minute_timer.setInterval(30_000)
        self._minute_timer.timeout.connect(self._update_minutes)

        # --- wiring ---
        b = ctx.bridge
        for health in b.health.values():
            self.devices.update_health(health)
        b.device_health.connect(self.devices.update_health)
        b.camera_frame.connect(self.camera.show_frame)
        b.lane_event.connect(self._on_lane_event)
        self.session.check_scanner_test()  # warned while the daily test is missing or failed
        b.plate_read.connect(self.on_plate_read)
        b.scan_started.connect(self.on_scan_started)
        b.scan_lines.connect(self.viewer.add_lines)
        b.scan_acquired.connect(self.on_scan_acquired)
        # Bound methods, not lambdas: Qt drops the connection when this window is deleted.
        b.scan_failed.connect(self._on_scan_failed)
        b.handheld_reading.connect(self.on_handheld_reading)
        b.device_health.connect(self._handheld_seen)
        for health in b.health.values():
            self._handheld_seen(health)
        b.core_error.connect(self._on_core_error)
        self.devices.lost.connect(self.banner.show_lost)
        self.devices.restored.connect(self.banner.show_restored)
        self.queue.open_requested.connect(self.open_for_referral)
        self.queue.take_up_requested.connect(self.session.take_up)
        # A random control has no subject until the officer identifies the vehicle.
        self.queue.random_requested.connect(lambda: self.open_control(None, ""))
        self.camera.confirm_requested.connect(self.on_confirm_vehicle)
        self.camera.text_corrected.connect(lambda text, *_: self._rematch(text))
        self.handheld.take_requested.connect(self.take_reading)
        self.handheld.alarm_acknowledged.connect(self.session.acknowledge_alarm)
        self.viewer.decision_changed.connect(self.on_decision)
        self.form.changed.connect(self._draft_timer.start)
        self.form.save_requested.connect(self.save_result)

        # Sized for a 1920 x 1080 lane screen (the window opens maximised): the scan gets
        # everything the two side columns do not need.
        self.resize(1920, 1040)
        self.resizeDocks([self.docks["queue"], self.docks["result"]], [540, 440],
                         Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["queue"], self.docks["camera"]], [560, 400],
                         Qt.Orientation.Vertical)
        self.resizeDocks([self.docks["handheld"], self.docks["result"]], [400, 580],
                         Qt.Orientation.Vertical)
        geometry, state = settings.load_layout(self.user.username, self.user.role)
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        self.form.set_codes(ctx.gateway.result_codes())
        self._show_brief(None)
        self._show_state(self.session.state())
        self.refresh_queue()

    # --- construction helpers -------------------------------------------------------------

    def _dock(self, key: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> None:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{key}")  # saveState needs stable names
        dock.setWidget(widget)
        # Each panel shows its own large heading: a dock title bar would say it twice.
        dock.setTitleBarWidget(QWidget())
        self.addDockWidget(area, dock)
        self.docks[key] = dock

    def _menus(self) -> None:
        r = self.registry
        lane = self.menuBar().addMenu(self.tr("&Lane"))
        for spec, slot in (
            (ToolSpec("refresh", self.tr("Refresh referral queue"), "F5"), self.refresh_queue),
            (ToolSpec("scan", self.tr("Start scan"), "Ctrl+Shift+S"), self.start_scan),
            (ToolSpec("riid", self.tr("Measure with the RIID"), "Ctrl+Shift+R"), self.measure_riid),
            (ToolSpec("correct", self.tr("Correct the plate reading"), "Ctrl+L"),
             self.camera.read_text.setFocus),
            (ToolSpec("handover", self.tr("Hand over the open control…"), "Ctrl+Shift+H"),
             self.hand_over),
            (ToolSpec("portal", self.tr("Open a portal-monitor file…"), "Ctrl+Shift+P"),
             self.open_portal_file),
            (ToolSpec("result", self.tr("Go to the result form"), "Ctrl+Shift+E"),
             lambda: self.form.code.setFocus()),
        ):
            lane.addAction(r.add(self, spec, slot))
        lane.addSeparator()
        lane.addAction(r.add(self, ToolSpec("logout", self.tr("Log out"), "Ctrl+Shift+Q"),
                             self.logout_requested.emit))

        view = self.menuBar().addMenu(self.tr("&View"))
        themes = QActionGroup(self)
        for theme, label in ((Theme.DARK, self.tr("Dark theme")), (Theme.LIGHT, self.tr("Light theme"))):
            action = QAction(label, self, checkable=True)
            action.setChecked(current_theme(QApplication.instance()) is theme)  # type: ignore[arg-type]
            action.triggered.connect(lambda _=False, t=theme: self.set_theme(t))
            themes.addAction(action)
            view.addAction(action)
        view.addSeparator()
        languages = view.addMenu(self.tr("Language"))
        for code, name in LANGUAGES.items():
            action = QAction(name, self)
            action.triggered.connect(lambda _=False, c=code: self.language_requested.emit(c))
            languages.addAction(action)
        view.addSeparator()
        second = r.add(self, ToolSpec("second_screen", self.tr("Scan image on second screen"),
                                      "Ctrl+Shift+2"), self.toggle_second_screen)
        view.addAction(second)
        view.addAction(r.add(self, ToolSpec("image_only", self.tr("Image only (hide the side "
                                                                   "panels)"), "Ctrl+Shift+F"),
                             self.image_only.toggle))
        edit_keys = QAction(self.tr("Keyboard shortcuts…"), self)
        edit_keys.triggered.connect(lambda: ShortcutEditor(self.registry, self).exec())
        view.addAction(edit_keys)
        for dock in self.docks.values():
            view.addAction(dock.toggleViewAction())
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self.registry.actions["help"])

    # --- messages -------------------------------------------------------------------------

    def analyst_text(self, decision: AnalystDecision) -> str:
        """A remote analyst's decision in words: cleared, or suspect with its regions (to
        accept or reject in the findings list; the officer decides)."""
        if decision.outcome == "clear":
            text = self.tr("Remote analysis by %1: scan cleared").replace("%1", decision.analyst)
        else:
            text = (self.tr("Remote analysis by %1: suspect, %2 region(s) marked: accept or "
                            "reject each in the findings").replace("%1", decision.analyst)
                    .replace("%2", str(len(decision.regions))))
        return text + (f" — {decision.note}" if decision.note else "")

    def _on_scan_failed(self, reason: str) -> None:
        self.say(self.tr("Scan failed: %1").replace("%1", reason), "alarm")

    def _on_core_error(self, text: str) -> None:
        self.say(text, "alarm")

    def say(self, text: str, status: str = "") -> None:
        """Status line message; ``status`` (ok, warn, alarm) adds a symbol, not just colour."""
        symbol = {"ok": "✔ ", "warn": "⚠ ", "alarm": "✖ "}.get(status, "")
        self.message.setText(symbol + text)
        self.message.setProperty("status", status)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def _operation_words(self) -> dict[str, str]:
        return {
            "queue": self.tr("Queue not loaded"), "match": self.tr("Matching failed"),
            "open-control": self.tr("Control not opened"),
            "store-scan": self.tr("Scan NOT stored"), "analysis": self.tr("Analysis failed"),
            "record-reading": self.tr("Reading not attached"),
            "take-reading": self.tr("Reading not taken"),
            "start-scan": self.tr("Scan not started"),
            "save-draft": self.tr("Draft not saved"),
            "recover-draft": self.tr("Draft not recovered"),
            "decide-finding": self.tr("Decision not kept"),
            "record-calibration": self.tr("Calibration not recorded"),
            "open-scan": self.tr("Scan not shown"),
            "acknowledge-alarm": self.tr("Acknowledgement not recorded"),
            "hand-over": self.tr("Control not handed over"),
            "take-up": self.tr("Control not taken up"),
        }

    def _notice(self, event: Notice) -> None:
        words = {
            "control-already-open": (self.tr("Finish the open control first: a control cannot "
                                             "be left without a result."), "warn"),
            "no-scanner": (self.tr("No scanner is configured: start the scan on the scanner "
                                   "console."), "warn"),
            "scan-requested": (self.tr("Scan requested from %1"), ""),
            "open-control-first": (self.tr("Open a control before taking a reading"), "warn"),
            "no-riid": (self.tr("No RIID is connected"), "warn"),
            "measuring": (self.tr("Measuring with %1…"), ""),
            "detector-calibrated": (self.tr("Detector of %1 calibrated (recorded)"), "ok"),
        }
        text, status = words.get(event.what, (event.what, ""))
        self.say(text.replace("%1", event.detail), status)
        if event.what == "control-already-open":
            self.docks["result"].raise_()

    # --- the session's state, shown (the window keeps none of its own) ---------------------

    @property
    def control_id(self) -> str | None:
        control = self.session.state().control
        return control.control_id if control is not None else None

    @property
    def findings(self) -> dict[str, ModelFinding]:
        control = self.session.state().control
        return {f.key: f for f in control.findings} if control is not None else {}

    @property
    def last_reading(self) -> PlateReading | None:
        return self.session.state().last_reading

    def _show_state(self, state: LaneState) -> None:
        """Show what the session holds (a new window, after a language switch or logout)."""
        if state.queue:
            self.queue.set_rows(list(state.queue))
        control = state.control
        if control is None:
            if state.last_reading is not None:
                self.camera.show_reading(state.last_reading)
                self.camera.show_match(state.match)
            return
        self._show_control(control)

    def _show_brief(self, control: OpenControl | None) -> None:
        """What the referral asks of this control, kept in view while it is open."""
        self.brief.setVisible(control is not None)
        self.readings_list.setVisible(control is not None)
        if control is None:
            self.brief.clear()
            self.readings_list.clear()
            return
        r = control.referral
        if r is None:
            self.brief.setText(self.tr("<b>Random control</b> (no referral)"))
        else:
            lines = [f"<b>{r.referral_id}</b> — {channel_text(r.channel)} — P{r.priority}"]
            instruction, risk, goods = self.tr("Instruction"), self.tr("Risk"), self.tr("Goods")
            lines += [f"<b>{instruction}:</b> {html.escape(i)}" for i in r.instructions]
            lines += [f"<b>{risk}:</b> {html.escape(p)}" for p in r.risk_profiles]
            if r.goods:
                lines.append(f"<b>{goods}:</b> " + html.escape("; ".join(r.goods)))
            self.brief.setText("<br>".join(lines))
        self._show_readings(control)

    def _show_readings(self, control: OpenControl) -> None:
        if not control.readings:
            self.readings_list.setText(self.tr("No handheld reading attached yet"))
            return
        rows = []
        for reading in control.readings:
            # Worded as the supervisor's dossier words them (µSv/h, German quantities).
            values = reading_values_text(dict(list(reading.values.items())[:2]), separator=", ")
            alarm = (" — ⚠ " + "; ".join(reading.alarms[:2])) if reading.alarms else ""
            rows.append(f"{reading.taken_at.astimezone():%H:%M} {reading.device_name}: "
                        f"{values}{alarm}")
        self.readings_list.setText(self.tr("Readings attached:") + "\n" + "\n".join(rows))

    def _arrival_panels(self, visible: bool) -> None:
        """The queue and the arriving vehicle are what the officer needs between controls;
        while a control is open the scan takes their place (View menu brings them back)."""
        if self.image_only.isChecked():
            return
        for key in ("queue", "camera"):
            self.docks[key].setVisible(visible)

    def _show_control(self, control: OpenControl) -> None:
        """The open control as the session holds it (opened earlier, or taken up again)."""
        self._arrival_panels(False)
        self._show_brief(control)
        if control.scans:  # the image comes back too, not only the form
            self.session.open_scan(control.scans[-1])
        self._elapsed_from = control.opened_at
        self._minutes_touched = control.draft.minutes_spent is not None
        self._minute_timer.start()
        self.form.load(control.draft)
        self.handheld.set_control_open(True)
        self._show_findings()
        if control.recovered:
            self.banner.show_warning(
                self.tr("Recovered the unfinished result of the control of %1 from the last "
                        "session. Check it and save it.")
                .replace("%1", control.subject or uuid.UUID(control.control_id).hex[:8]))
            self.docks["result"].raise_()

    def _on_lane_event(self, event: object) -> None:
        """Session events (queued to the main thread by the bridge)."""
        if isinstance(event, QueueChanged):
            self.queue.set_rows(list(event.rows))
            self.queue.set_held(list(event.held))
        elif isinstance(event, ReferralMatched):
            self.camera.show_match(event.row)
            if event.row is not None:
                self.queue.select_referral(event.row.referral_id)
        elif isinstance(event, ControlOpened):
            self._control_opened(event)
        elif isinstance(event, ControlRecovered):
            self._control_recovered(event)
        elif isinstance(event, ScanStored):
            if event.attached:
                self.evidence_attached.emit("scan")
            self.say(self.tr("Scan stored") if event.record.complete else
                     self.tr("Incomplete scan stored: %1").replace(
                         "%1", event.record.incomplete_reason), "ok" if event.record.complete
                     else "warn")
            if event.record.complete:
                self.viewer.status.setText(self.tr("Analysing…"))
        elif isinstance(event, AnalysisDone):
            self._analysed(event)
        elif isinstance(event, ScanOpened):
            header = event.header
            self.viewer.start_scan(header)
            self.viewer.add_lines(0, header.lines)
            self.viewer.finish_scan(event.record.complete, event.record.incomplete_reason)
            self._show_findings()
        elif isinstance(event, FindingsChanged):
            self._show_findings()
            if event.added:
                self.findings_added.emit(event.added)
        elif isinstance(event, AnalystDecisionArrived):
            self.say(self.analyst_text(event.decision),
                     "alarm" if event.decision.outcome == "suspect" else "ok")
            self.analyst_decision_shown.emit(event.decision.outcome)
        elif isinstance(event, ReferralTaken):
            self.say(self.tr("Referral %1 was taken by %2 at lane %3").replace(
                "%1", event.referral_id).replace("%2", event.officer or "?").replace(
                "%3", event.lane), "warn")
        elif isinstance(event, EvidenceAttached):
            if event.kind == "reading":
                self.say(self.tr("Reading of %1 attached to the control")
                         .replace("%1", event.device), "ok")
                control = self.session.state().control
                if control is not None:
                    self._show_readings(control)
            if event.kind != "scan":  # scans: announced with ScanStored
                self.evidence_attached.emit(event.kind)
            elif not event.device:  # a scan taken before the control joined it
                self.evidence_attached.emit("scan")
        elif isinstance(event, DraftWritten):
            self.draft_written.emit()
        elif isinstance(event, ResultRefused):
            self.form.setEnabled(True)
            self.form.show_problems(list(event.problems))
            self.say(self.tr("The result is not complete yet"), "warn")
        elif isinstance(event, ResultSaved):
            self._saved(event.control_id)
        elif isinstance(event, ControlHandedOver):
            self._control_left()
            self.say(self.tr("Control handed over to %1 (recorded)").replace(
                "%1", event.to_username), "ok")
        elif isinstance(event, OperationFailed):
            self._failed(event)
        elif isinstance(event, Notice):
            self._notice(event)
        elif isinstance(event, ScannerTestStatus):
            self._scanner_test(event)

    def _scanner_test(self, event: ScannerTestStatus) -> None:
        """Warn while the scanner's daily image-quality test is missing or failed."""
        if event.state == "failed":
            self.test_banner.show_warning(
                self.tr("Scanner %1 FAILED its daily image-quality test (%2). Call the "
                        "technician; scans may not show what the standard requires.")
                .replace("%1", event.device)
                .replace("%2", ", ".join(iq_metric_text(m) for m in event.failed_metrics)))
        elif event.state == "missing":
            self.test_banner.show_warning(
                self.tr("Scanner %1 has no image-quality test in the last 24 hours. Call the "
                        "technician for the daily test.").replace("%1", event.device))
        else:
            self.test_banner.hide()

    def _failed(self, event: OperationFailed) -> None:
        if event.operation == "record-result":
            self.form.setEnabled(True)
            self.form.show_problems([event.message])
            self.say(self.tr("Result NOT saved: %1").replace("%1", event.message), "alarm")
            return
        what = self._operation_words().get(event.operation, event.operation)
        self.say(f"{what}: {event.message}", "alarm")

    # --- queue and vehicle ----------------------------------------------------------------

    def refresh_queue(self) -> None:
        self.session.refresh_queue()

    def on_plate_read(self, reading: PlateReading) -> None:
        """A read the session passed on (it passes none while a control is open)."""
        self.camera.show_reading(reading)

    def _rematch(self, text: str) -> None:
        self.session.correct_text(text)

    def on_confirm_vehicle(self, text: str, match: ReferralRow | None) -> None:
        self.session.confirm_vehicle(text, match)

    def open_for_referral(self, row: ReferralRow) -> None:
        self.session.open_for_referral(row)

    def open_control(self, referral_id: str | None, subject: str) -> None:
        self.session.open_control(referral_id, subject)

    def _control_opened(self, event: ControlOpened) -> None:
        self._elapsed_from = datetime.now(UTC)
        self._minutes_touched = False
        self._auto_minutes = 0.0
        self._minute_timer.start()
        control = self.session.state().control
        draft = control.draft if control is not None else ResultDraft(
            control_id=event.control_id, subject=event.subject,
            referral_id=event.referral_id or "")
        self.form.load(draft)
        self.handheld.set_control_open(True)
        self.camera.clear()
        self._arrival_panels(False)
        self._show_brief(control)
        self._show_findings()
        self.say(self.tr("Control opened for %1").replace("%1", event.subject), "ok")
        self.control_opened.emit(event.control_id)

    def _control_recovered(self, event: ControlRecovered) -> None:
        control = self.session.state().control
        if control is not None and control.control_id == event.control_id:
            self._show_control(control)

    # --- scan -----------------------------------------------------------------------------

    def start_scan(self) -> None:
        self.session.start_scan()

    def measure_riid(self) -> None:
        self.session.measure_riid()

    def on_scan_started(self, header: ScanHeader) -> None:
        self.viewer.start_scan(header)
        self._show_findings()
        self.say(self.tr("Scan arriving: %1 lines").replace("%1", str(header.rows)))

    def on_scan_acquired(self, acquired: AcquiredScan) -> None:
        """The scanner finished (complete or not); the session stores and analyses it."""
        self.viewer.finish_scan(acquired.complete, acquired.reason)
        if not acquired.complete:
            self.say(self.tr("Scan incomplete (%1): it is kept; scan again or continue with "
                             "what is there.").replace("%1", acquired.reason), "warn")

    def _analysed(self, event: AnalysisDone) -> None:
        outcome: AnalysisOutcome = event.outcome
        self.analysis_done.emit(outcome)
        if outcome.error:  # a model failed verification: an alarm, never "nothing found"
            self.viewer.status.setText(self.tr("Models refused: %1").replace("%1", outcome.message))
            self.say(self.tr("Scan stored, NOT analysed; %1").replace("%1", outcome.message), "alarm")
            return
        if outcome.message:
            self.viewer.status.setText(self.tr("No model installed: %1")
                                       .replace("%1", outcome.message))
            self.say(self.tr("Scan stored; %1").replace("%1", outcome.message), "warn")
            return
        self.viewer.status.setText(self.tr("Analysed by %1")
                                   .replace("%1", ", ".join(outcome.models)))

    def _show_findings(self) -> None:
        self.viewer.set_findings(list(self.findings.values()))

    def on_decision(self, key: str, decision: str) -> None:
        if key in self.findings:
            self.session.decide_finding(key, decision)

    # --- handheld -------------------------------------------------------------------------

    def _adopt_panel_keys(self) -> None:
        """The panels' own button keys join the registry (F1, shortcut editor)."""
        r = self.registry
        for spec, button in (
            (ToolSpec("save_result", self.tr("Save result and close control"), "Ctrl+Return"),
             self.form.save_button),
            (ToolSpec("ack_alarm", self.tr("Acknowledge alarm"), "Ctrl+K"), self.handheld.alarm.ack),
            (ToolSpec("open_referral", self.tr("Open a control for the selected referral"),
                      "Ctrl+O"), self.queue.open_button),
            (ToolSpec("random_control", self.tr("Open a random control"), "Ctrl+Shift+O"),
             self.queue.random_button),
            (ToolSpec("confirm_vehicle", self.tr("Confirm the vehicle and open its control"),
                      "Ctrl+Shift+M"), self.camera.confirm),
        ):
            r.adopt(self, spec, button)

    def _handheld_seen(self, health: Any) -> None:
        if health.kind in HANDHELD_KINDS:
            self.handheld.show_health(health.name, health.kind, health.state, health.detail)
            key = f"take_{health.name}"
            button = self.handheld.take_buttons.get(health.name)
            if button is not None and key not in self.registry.actions:
                default = button.shortcut().toString() or ""
                self.registry.adopt(self, ToolSpec(key, self.tr("Take a reading with %1")
                                                   .replace("%1", health.name), default), button)

    def take_reading(self, device: str) -> None:
        """Ask the device for a reading; it comes back as a taken reading, attached."""
        self.session.take_reading(device)

    def on_handheld_reading(self, reading: HandheldReading) -> None:
        self.handheld.show_reading(reading)

    # --- result ---------------------------------------------------------------------------

    def _update_minutes(self) -> None:
        """Keep "time spent" at the elapsed minutes until the officer types another value."""
        current = self.form.minutes.value()
        if current not in (0, self._auto_minutes):
            self._minutes_touched = True
        if self.control_id and not self._minutes_touched and self._elapsed_from is not None:
            elapsed_s = (datetime.now(UTC) - self._elapsed_from).total_seconds()
            self._auto_minutes = max(1, math.ceil(elapsed_s / 60))
            self.form.minutes.setValue(self._auto_minutes)

    def save_result(self) -> None:
        if self.control_id is None:
            return
        self._update_minutes()
        draft = self.form.current_draft()
        problems = self.session.problems(draft)  # said at once; the session checks again
        if problems:
            self.form.show_problems(problems)
            self.say(self.tr("The result is not complete yet"), "warn")
            return
        self.form.setEnabled(False)
        self.say(self.tr("Saving…"))
        self.session.save_result(draft)

    def _control_left(self) -> None:
        """No control is open any more (saved, or handed over): the lane is free."""
        self._minute_timer.stop()
        self.form.setEnabled(True)
        self.form.load(ResultDraft(control_id=""))
        self.handheld.set_control_open(False)
        self.viewer.clear()
        self._show_brief(None)
        self.banner.hide()
        self._arrival_panels(True)

    def _saved(self, control_id: str) -> None:
        self._control_left()
        self.say(self.tr("Result saved and control closed"), "ok")
        self.result_saved.emit(control_id)

    def open_portal_file(self) -> None:
        """A radiation portal monitor's pass (N42 file): detectors, gross-count profile of the
        pass and its alarm. Read on the render worker: a pass has ~1,000 spectra."""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Portal-monitor file"), "",
                                              self.tr("N42 files (*.n42 *.xml)"))
        if not path:
            return
        from standards.spectra import read_file

        name = Path(path).name
        self.say(self.tr("Reading %1…").replace("%1", name))
        self.ctx.renderer.submit(
            "portal-file", lambda: read_file(path),
            on_done=lambda doc: open_portal_profile(doc, self, name),
            on_failed=lambda why: self.say(self.tr("%1 not read: %2").replace("%1", name)
                                           .replace("%2", why), "alarm"), owner=self)

    def hand_over(self) -> None:
        """Shift change: choose the officer who takes the open control over."""
        if self.control_id is None:
            self.say(self.tr("No control is open to hand over"), "warn")
            return
        me = self.user.username
        self.ctx.writer.submit("officers", self.ctx.gateway.officers,
                               on_done=lambda names: self._choose_recipient(
                                   [n for n in names if n != me]),
                               on_failed=lambda why: self.say(why, "alarm"), owner=self)

    def _choose_recipient(self, names: list[str]) -> None:
        if not names:
            self.say(self.tr("There is no other officer to hand the control over to"), "warn")
            return
        name, ok = QInputDialog.getItem(self, self.tr("Hand over the control"),
                                        self.tr("Officer who takes over:"), names, 0, False)
        if ok and name:
            self.write_draft()
            self.session.hand_over(name, "shift change")

    # --- drafts ---------------------------------------------------------------------------

    def write_draft(self) -> None:
        """The form's content goes to the session, which keeps it and writes it to disk."""
        if self.control_id is None:
            return
        self.session.update_draft(ResultDraft.from_json(self.form.current_draft().to_json()))

    # --- look and layout ------------------------------------------------------------------

    def set_image_only(self, on: bool) -> None:
        """Give the scan the whole window (side panels hidden) or bring the panels back."""
        for dock in self.docks.values():
            dock.setVisible(not on)
        if self.image_only.isChecked() != on:
            self.image_only.setChecked(on)

    def set_theme(self, theme: Theme) -> None:
        apply_theme(QApplication.instance(), theme)  # type: ignore[arg-type]
        settings.set_user_value(self.user.username, "theme", theme.value)

    def toggle_second_screen(self) -> None:
        screens = QGuiApplication.screens()
        if self.second_screen is None:
            window = QWidget(None, Qt.WindowType.Window)
            window.setWindowTitle(self.tr("Scan image"))
            layout = QVBoxLayout(window)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(self.viewer)
            for action in self.registry.actions.values():
                window.addAction(action)
            target = screens[1] if len(screens) > 1 else screens[0]
            window.setGeometry(target.availableGeometry())
            window.show()
            self.second_screen = window
        else:
            self.viewer_holder.addWidget(self.viewer)
            self.second_screen.close()
            self.second_screen.deleteLater()
            self.second_screen = None

    def closeEvent(self, event: QCloseEvent) -> None:
        settings.save_layout(self.user.username, self.user.role, self.saveGeometry(),
                             self.saveState())
        if self.control_id is not None and self._draft_timer.isActive():
            # The session keeps the control and its draft; the last keystrokes go to it.
            self._draft_timer.stop()
            self.write_draft()
        if self.second_screen is not None:
            self.second_screen.close()
            self.second_screen.deleteLater()
            self.second_screen = None
        super().closeEvent(event)

