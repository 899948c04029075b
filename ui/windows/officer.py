"""The officer's lane window: queue, arriving vehicle, scan, handheld devices, result.

Layout: the scan viewer is the central widget (it can move to a second screen); the
queue, camera, handheld and result panels are docks whose arrangement is saved per user,
role and screen count. Every database operation is submitted to the persistence writer
and its answer arrives as a queued signal; nothing here blocks the main thread.
"""

from __future__ import annotations

import logging
import math
import re
import uuid
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui import drafts, settings
from ui.analysis import AnalysisOutcome
from ui.context import AppContext
from ui.i18n import LANGUAGES
from ui.lane_devices import HANDHELD_KINDS
from ui.lane_types import (
    HandheldReading,
    ModelFinding,
    PlateReading,
    ReferralRow,
    ResultDraft,
    ScanHeader,
    ScanRecord,
)
from ui.scanner_link import AcquiredScan
from ui.shortcuts import ShortcutEditor, ShortcutRegistry, ToolSpec
from ui.theme import Theme, apply_theme, current_theme
from ui.widgets.camera_panel import CameraPanel
from ui.widgets.device_status import Banner, DeviceStatusBar
from ui.widgets.handheld_panel import HandheldPanel
from ui.widgets.referral_queue import ReferralQueue
from ui.widgets.result_form import ResultForm
from ui.widgets.scan_viewer import ScanViewer

log = logging.getLogger(__name__)
DRAFT_DEBOUNCE_MS = 300


class OfficerWindow(QMainWindow):
    language_requested = Signal(str)
    logout_requested = Signal()
    result_saved = Signal(str)  # control id
    control_opened = Signal(str)  # control id
    evidence_attached = Signal(str)  # kind
    findings_added = Signal(int)  # how many findings (model or rule) were stored
    analysis_done = Signal(object)  # ui.analysis.AnalysisOutcome of the latest scan
    draft_written = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        assert ctx.user is not None
        self.ctx = ctx
        self.user = ctx.user
        self.control_id: str | None = None
        self.scan_record: ScanRecord | None = None
        self.findings: dict[str, ModelFinding] = {}  # of the open control: model + rule
        self.acquired: AcquiredScan | None = None  # latest scan, kept for analysis
        self.pending_analysis: AnalysisOutcome | None = None  # analysed before a control
        self.scan_attached = False
        self.last_reading: PlateReading | None = None
        self._elapsed = QElapsedTimer()
        self._minutes_touched = False
        self._auto_minutes = 0.0
        self.setWindowTitle(self.tr("Inspection Workstation — lane %1 — %2")
                            .replace("%1", ctx.config.lane.lane_id)
                            .replace("%2", self.user.full_name or self.user.username))
        self.setObjectName("officerWindow")
        self.registry = ShortcutRegistry(self.user.username)

        # --- widgets ---
        self.banner = Banner()
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
        self._dock("result", self.tr("Control result"), self.form,
                   Qt.DockWidgetArea.RightDockWidgetArea)
        self.statusBar().addWidget(self.message, 1)
        self.statusBar().addPermanentWidget(self.devices)

        self._menus()
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DEBOUNCE_MS)
        self._draft_timer.timeout.connect(self.write_draft)
        self._minute_timer = QTimer(self)
        self._minute_timer.setInterval(30_000)
        self._minute_timer.timeout.connect(self._update_minutes)

        # --- wiring ---
        b = ctx.bridge
        for health in b.health.values():
            self.devices.update_health(health)
        b.device_health.connect(self.devices.update_health)
        b.camera_frame.connect(self.camera.show_frame)
        b.plate_read.connect(self.on_plate_read)
        b.scan_started.connect(self.on_scan_started)
        b.scan_lines.connect(self.viewer.add_lines)
        b.scan_acquired.connect(self.on_scan_acquired)
        b.scan_failed.connect(lambda reason: self.say(self.tr("Scan failed: %1")
                                                      .replace("%1", reason), "alarm"))
        b.handheld_reading.connect(self.on_handheld_reading)
        b.device_health.connect(self._handheld_seen)
        for health in b.health.values():
            self._handheld_seen(health)
        b.core_error.connect(lambda text: self.say(text, "alarm"))
        self.devices.lost.connect(self.banner.show_lost)
        self.devices.restored.connect(self.banner.show_restored)
        self.queue.open_requested.connect(self.open_for_referral)
        self.queue.random_requested.connect(lambda: self.open_control(None, self.tr("random")))
        self.camera.confirm_requested.connect(self.on_confirm_vehicle)
        self.camera.text_corrected.connect(self._rematch)
        self.handheld.take_requested.connect(self.take_reading)
        self.viewer.decision_changed.connect(self.on_decision)
        self.form.changed.connect(self._draft_timer.start)
        self.form.save_requested.connect(self.save_result)

        self.resize(1500, 900)
        self.resizeDocks([self.docks["queue"], self.docks["result"]], [400, 460],
                         Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["queue"], self.docks["camera"]], [520, 330],
                         Qt.Orientation.Vertical)
        geometry, state = settings.load_layout(self.user.username, self.user.role)
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        self.refresh_queue()
        self.form.set_codes(ctx.gateway.result_codes())
        self._recover_draft()

    # --- construction helpers -------------------------------------------------------------

    def _dock(self, key: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> None:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{key}")  # saveState needs stable names
        dock.setWidget(widget)
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
            (ToolSpec("result", self.tr("Go to the result form"), "Ctrl+Shift+E"),
             lambda: self.form.code.setFocus()),
        ):
            lane.addAction(r.add(self, spec, slot))
        lane.addSeparator()
        logout = QAction(self.tr("Log out"), self)
        logout.triggered.connect(self.logout_requested)
        lane.addAction(logout)

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
        edit_keys = QAction(self.tr("Keyboard shortcuts…"), self)
        edit_keys.triggered.connect(lambda: ShortcutEditor(self.registry, self).exec())
        view.addAction(edit_keys)
        for dock in self.docks.values():
            view.addAction(dock.toggleViewAction())
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self.registry.actions["help"])

    # --- messages -------------------------------------------------------------------------

    def say(self, text: str, status: str = "") -> None:
        """Status line message; ``status`` (ok, warn, alarm) adds a symbol, not just colour."""
        symbol = {"ok": "✔ ", "warn": "⚠ ", "alarm": "✖ "}.get(status, "")
        self.message.setText(symbol + text)
        self.message.setProperty("status", status)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def _failed(self, what: str) -> object:
        return lambda message: self.say(f"{what}: {message}", "alarm")

    # --- queue and vehicle ----------------------------------------------------------------

    def refresh_queue(self) -> None:
        self.ctx.writer.submit("queue", self.ctx.gateway.referral_queue,
                               on_done=self.queue.set_rows,
                               on_failed=self._failed(self.tr("Queue not loaded")), owner=self)

    def on_plate_read(self, reading: PlateReading) -> None:
        if self.control_id is not None:
            return  # the vehicle in the lane is under control: later reads are other traffic
        self.last_reading = reading
        self.camera.show_reading(reading)
        self._rematch(reading.text, reading.kind, reading.containers)

    def _rematch(self, text: str, kind: str | None = None,
                 containers: tuple[str, ...] = ()) -> None:
        if kind is None:  # typed by hand: an ISO 6346 shape is a container code
            value = "".join(ch for ch in text.upper() if ch.isalnum())
            kind = "container" if re.fullmatch(r"[A-Z]{4}\d{7}", value) else "plate"
        gateway = self.ctx.gateway
        self.ctx.writer.submit("match", lambda: gateway.match_referral(text, kind, containers),
                               on_done=self._matched,
                               on_failed=self._failed(self.tr("Matching failed")), owner=self)

    def _matched(self, row: ReferralRow | None) -> None:
        self.camera.show_match(row)
        if row is not None:
            self.queue.select_referral(row.referral_id)

    def on_confirm_vehicle(self, text: str, match: ReferralRow | None) -> None:
        self.open_control(match.referral_id if match else None, text, plate_text=text)

    def open_for_referral(self, row: ReferralRow) -> None:
        subject = row.identities[0] if row.identities else (row.mrn or row.referral_id)
        self.open_control(row.referral_id, subject)

    def open_control(self, referral_id: str | None, subject: str,
                     plate_text: str | None = None) -> None:
        if self.control_id is not None:
            self.say(self.tr("Finish the open control first: a control cannot be left without "
                             "a result."), "warn")
            self.docks["result"].raise_()
            return
        reading = self.last_reading
        user = self.user

        def work() -> str:
            control_id = self.ctx.gateway.open_control(user, referral_id, subject)
            if reading is not None and plate_text is not None:
                corrected = plate_text if plate_text != reading.text else None
                self.ctx.gateway.attach_plate_read(user, control_id, reading, corrected)
            return control_id

        self.ctx.writer.submit("open-control", work,
                               on_done=lambda cid: self._control_opened(cid, referral_id, subject),
                               on_failed=self._failed(self.tr("Control not opened")), owner=self)

    def _control_opened(self, control_id: str, referral_id: str | None, subject: str) -> None:
        self.control_id = control_id
        self._elapsed.start()
        self._minutes_touched = False
        self._auto_minutes = 0.0
        self._minute_timer.start()
        self.form.load(ResultDraft(control_id=control_id, subject=subject,
                                   referral_id=referral_id or ""))
        self.handheld.set_control_open(True)
        self.camera.clear()
        self.findings = {}
        if self.ctx.devices is not None:
            self.ctx.devices.set_plate_reading(False)
        self.say(self.tr("Control opened for %1").replace("%1", subject), "ok")
        self.write_draft()
        self.refresh_queue()
        self.control_opened.emit(control_id)
        if self.scan_record is not None and not self.scan_attached:
            self._attach_earlier_scan(control_id, self.scan_record)

    # --- scan -----------------------------------------------------------------------------

    def start_scan(self) -> None:
        scanner = self.ctx.devices.scanner if self.ctx.devices is not None else None
        if scanner is None:
            self.say(self.tr("No scanner is configured: start the scan on the scanner console."),
                     "warn")
            return
        try:
            future = scanner.scan(self.ctx.scan_scene)
        except RuntimeError as exc:  # host stopped
            self.say(self.tr("Scan not started: %1").replace("%1", str(exc)), "alarm")
            return
        future.add_done_callback(lambda f: self._device_command_done("scan", f))
        self.say(self.tr("Scan requested from %1").replace("%1", scanner.name))

    def _device_command_done(self, what: str, future: Future[Any]) -> None:
        """Called on the host thread: a failed command becomes a bridge error event."""
        if not future.cancelled() and future.exception() is not None:
            self.ctx.bridge.on_error(f"{what}: {future.exception()}")

    def measure_riid(self) -> None:
        devices = self.ctx.devices
        names = [n for n, kind in devices.handhelds() if kind == "riid"] if devices else []
        if not names:
            self.say(self.tr("No RIID is connected"), "warn")
            return
        self.take_reading(names[0])

    def on_scan_started(self, header: ScanHeader) -> None:
        self.scan_record = None
        self.scan_attached = False
        self.viewer.start_scan(header)
        self._show_findings()
        self.say(self.tr("Scan arriving: %1 lines").replace("%1", str(header.rows)))

    def on_scan_acquired(self, acquired: AcquiredScan) -> None:
        """The scanner finished (complete or not): store, attach, then analyse."""
        self.acquired = acquired
        self.viewer.finish_scan(acquired.complete, acquired.reason)
        if not acquired.complete:
            self.say(self.tr("Scan incomplete (%1): it is kept; scan again or continue with "
                             "what is there.").replace("%1", acquired.reason), "warn")
        control_id, user = self.control_id, self.user
        self.ctx.writer.submit(
            "store-scan", lambda: self.ctx.gateway.store_scan(user, control_id, acquired),
            on_done=lambda record: self.on_scan_complete(record, control_id is not None),
            on_failed=self._failed(self.tr("Scan NOT stored")), owner=self)

    def on_scan_complete(self, record: ScanRecord, attached: bool = False) -> None:
        self.scan_record = record
        self.scan_attached = attached
        if attached:
            self.evidence_attached.emit("scan")
        acquired = self.acquired
        if acquired is None or not record.complete:
            return  # an incomplete scan is kept but not analysed: the image is cut short
        from workstation.scans.service import row_kind

        kind = row_kind(acquired.kind)
        analyser = self.ctx.analyser
        self.viewer.status.setText(self.tr("Analysing…"))
        self.ctx.analysis.submit(
            "analyse", lambda: analyser.analyse(acquired.scan, kind),
            on_done=lambda outcome: self.on_analysis(outcome, record),
            on_failed=self._failed(self.tr("Analysis failed")), owner=self)

    def on_analysis(self, outcome: AnalysisOutcome, record: ScanRecord) -> None:
        self.analysis_done.emit(outcome)
        if outcome.message:
            self.viewer.status.setText(self.tr("No model installed: %1").replace("%1", outcome.message))
            self.say(self.tr("Scan stored; %1").replace("%1", outcome.message), "warn")
            return
        self.viewer.status.setText(self.tr("Analysed by %1").replace("%1", ", ".join(outcome.models)))
        if self.control_id is None or record.scan_key != (self.scan_record.scan_key
                                                         if self.scan_record else None):
            self.pending_analysis = outcome
            return
        self._store_findings(self.control_id, record, outcome)

    def _store_findings(self, control_id: str, record: ScanRecord,
                        outcome: AnalysisOutcome) -> None:
        user = self.user
        self.ctx.writer.submit(
            "add-findings", lambda: self.ctx.gateway.add_model_findings(
                user, control_id, record.scan_id, outcome.analyses),
            on_done=self.add_findings,
            on_failed=self._failed(self.tr("Findings not stored")), owner=self)

    def _attach_earlier_scan(self, control_id: str, record: ScanRecord) -> None:
        """A scan taken before the control was opened joins it, with its analysis."""
        if record.scan_id is None:
            return
        user, outcome = self.user, self.pending_analysis
        self.scan_attached = True
        self.pending_analysis = None
        note = "" if record.complete else f"incomplete: {record.incomplete_reason}"
        self.ctx.writer.submit(
            "attach-scan", lambda: self.ctx.gateway.attach_scan(user, control_id, record.scan_id,
                                                                 note),
            on_done=lambda _: self.evidence_attached.emit("scan"),
            on_failed=self._failed(self.tr("Scan not attached")), owner=self)
        if outcome is not None and outcome.analyses:
            self._store_findings(control_id, record, outcome)

    def add_findings(self, found: list[ModelFinding]) -> None:
        """Stored findings (model or rule) of the open control: shown, to be decided."""
        for f in found:
            self.findings[f.key] = f
            self.form.draft.finding_decisions[f.key] = f.decision
        self._show_findings()
        if found:
            self.findings_added.emit(len(found))
        self.write_draft()

    def _show_findings(self) -> None:
        self.viewer.set_findings(list(self.findings.values()))

    def on_decision(self, key: str, decision: str) -> None:
        if key in self.form.draft.finding_decisions:
            self.form.draft.finding_decisions[key] = decision
            self._draft_timer.start()

    # --- handheld -------------------------------------------------------------------------

    def _handheld_seen(self, health: Any) -> None:
        if health.kind in HANDHELD_KINDS:
            self.handheld.add_device(health.name, health.kind)

    def take_reading(self, device: str) -> None:
        """Ask the device for a reading; it comes back as a taken reading (below)."""
        if self.control_id is None or self.ctx.devices is None:
            self.say(self.tr("Open a control before taking a reading"), "warn")
            return
        try:
            future = self.ctx.devices.take_reading(device)
        except (KeyError, RuntimeError) as exc:
            self.say(self.tr("Reading not taken: %1").replace("%1", str(exc)), "alarm")
            return
        future.add_done_callback(lambda f: self._device_command_done(device, f))
        self.say(self.tr("Measuring with %1…").replace("%1", device))

    def on_handheld_reading(self, reading: HandheldReading) -> None:
        self.handheld.show_reading(reading)
        if not reading.taken or self.control_id is None:
            return
        control_id, user, device = self.control_id, self.user, reading.device_name
        self.ctx.writer.submit(
            "record-reading", lambda: self.ctx.gateway.record_reading(user, control_id, reading),
            on_done=lambda found: self._reading_attached(device, found),
            on_failed=self._failed(self.tr("Reading not attached")), owner=self)

    def _reading_attached(self, device: str, found: list[ModelFinding]) -> None:
        self.say(self.tr("Reading of %1 attached to the control").replace("%1", device), "ok")
        self.add_findings(found)
        self.evidence_attached.emit("reading")

    # --- result ---------------------------------------------------------------------------

    def _update_minutes(self) -> None:
        """Keep "time spent" at the elapsed minutes until the officer types another value."""
        current = self.form.minutes.value()
        if current not in (0, self._auto_minutes):
            self._minutes_touched = True
        if self.control_id and not self._minutes_touched and self._elapsed.isValid():
            self._auto_minutes = max(1, math.ceil(self._elapsed.elapsed() / 60000))
            self.form.minutes.setValue(self._auto_minutes)

    def save_result(self) -> None:
        if self.control_id is None:
            return
        self._update_minutes()
        draft = self.form.current_draft()
        problems = self.ctx.gateway.validate(draft)  # pure checks, no database
        if problems:
            self.form.show_problems(problems)
            self.say(self.tr("The result is not complete yet"), "warn")
            return
        self.form.setEnabled(False)
        self.say(self.tr("Saving…"))
        user = self.user
        self.ctx.writer.submit("record-result",
                               lambda: self.ctx.gateway.record_result(user, draft),
                               on_done=lambda _: self._saved(draft.control_id),
                               on_failed=self._save_failed, owner=self)

    def _saved(self, control_id: str) -> None:
        username = self.user.username
        self.ctx.drafts.submit("discard-draft", lambda: drafts.discard_draft(username), owner=self)
        self.control_id = None
        self._minute_timer.stop()
        self.form.load(ResultDraft(control_id=""))
        self.handheld.set_control_open(False)
        self.findings = {}
        if self.ctx.devices is not None:
            self.ctx.devices.set_plate_reading(True)
        self.viewer.clear()
        self.say(self.tr("Result saved and control closed"), "ok")
        self.refresh_queue()
        self.result_saved.emit(control_id)

    def _save_failed(self, message: str) -> None:
        self.form.setEnabled(True)
        self.form.show_problems([message])
        self.say(self.tr("Result NOT saved: %1").replace("%1", message), "alarm")

    # --- drafts ---------------------------------------------------------------------------

    def write_draft(self) -> None:
        if self.control_id is None:
            return
        draft = ResultDraft.from_json(self.form.current_draft().to_json())  # a copy
        username = self.user.username
        self.ctx.drafts.submit("save-draft", lambda: drafts.save_draft(username, draft),
                               on_done=lambda _: self.draft_written.emit(),
                               on_failed=self._failed(self.tr("Draft not saved")), owner=self)

    def _recover_draft(self) -> None:
        username = self.user.username
        gateway = self.ctx.gateway

        def work() -> tuple[ResultDraft, str | None] | None:
            draft = drafts.load_draft(username)
            if draft is None or not draft.control_id:
                return None
            return draft, gateway.control_status(draft.control_id)

        self.ctx.writer.submit("recover-draft", work, on_done=self._draft_recovered,
                               on_failed=self._failed(self.tr("Draft not recovered")), owner=self)

    def _draft_recovered(self, found: tuple[ResultDraft, str | None] | None) -> None:
        if found is None:
            return
        draft, status = found
        if status not in ("open", "returned"):
            self.ctx.drafts.submit("discard-draft",
                                   lambda: drafts.discard_draft(self.user.username), owner=self)
            return
        self.control_id = draft.control_id
        self._elapsed.start()
        self._minutes_touched = True  # keep the minutes the officer had
        self.form.load(draft)
        self.handheld.set_control_open(True)
        self.banner.show_warning(self.tr("Recovered the unfinished result of the control of %1 from the "
                                 "last session. Check it and save it.")
                         .replace("%1", draft.subject or uuid.UUID(draft.control_id).hex[:8]))
        self.docks["result"].raise_()

    # --- look and layout ------------------------------------------------------------------

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
        if self.control_id is not None:
            # The control stays open in the database; its draft is on disk and is offered
            # at the next login, so closing loses nothing.
            draft = ResultDraft.from_json(self.form.current_draft().to_json())
            username = self.user.username
            self.ctx.drafts.run_now(lambda: drafts.save_draft(username, draft))
        if self.second_screen is not None:
            self.second_screen.close()
            self.second_screen.deleteLater()
            self.second_screen = None
        super().closeEvent(event)

