"""The supervisor's window: the review queue, the dossier of one control, approve / return.

It binds to the supervisor's :class:`~workstation.lane.review.ReviewSession` (made at login
by :class:`ui.context.AppContext`) and keeps no review state of its own: it shows
``session.state()`` when it opens, sends commands (each returns at once; the answer comes
back as an event through the bridge) and words the session's events. The stored scans of a
control are shown in the officer's scan viewer, read-only: the officer's decisions on the
model findings are shown and cannot be changed here.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.i18n import LANGUAGES
from ui.shortcuts import ShortcutRegistry
from ui.widgets.device_status import DeviceStatusBar
from ui.widgets.finding_words import finding_label_text, reading_values_text, source_text
from ui.widgets.referral_queue import channel_text
from ui.widgets.result_form import code_label
from ui.widgets.scan_viewer import ScanViewer
from ui.widgets.spectrum_plot import SpectrumPlot
from ui.windows.office import LOGOUT_KEYS
from workstation.lane.events import OperationFailed, ScanOpened
from workstation.lane.review import ReviewSession
from workstation.lane.review_events import (
    ControlReviewed,
    DossierOpened,
    PlateFrameOpened,
    ReadingEvidence,
    ReviewDossier,
    ReviewFilter,
    ReviewQueueChanged,
    ReviewRow,
    SecondOpinionAdded,
)
from workstation.lane.types import ScanRecord


def _when(value: datetime | None) -> str:
    """A UTC time shown in local time, to the minute."""
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value is not None else "—"


class SupervisorWindow(QMainWindow):
    language_requested = Signal(str)
    logout_requested = Signal()
    queue_shown = Signal(int)  # rows shown
    dossier_shown = Signal(str)  # control id
    reviewed = Signal(str, bool)  # control id, approved
    refused = Signal(str)  # the service's message
    opinion_added = Signal(str)  # control id

    COLUMNS = 9

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        assert ctx.user is not None and ctx.review is not None
        self.ctx = ctx
        self.user = ctx.user
        self.session: ReviewSession = ctx.review
        self.rows: list[ReviewRow] = []
        self.dossier: ReviewDossier | None = None
        self._closed = False
        self.setObjectName("supervisorWindow")
        self.setWindowTitle(self.tr("Inspection Workstation — review — %1")
                            .replace("%1", self.user.full_name or self.user.username))

        # --- the queue and its filters ---
        self.lane_filter = QLineEdit()
        self.lane_filter.setPlaceholderText(self.tr("Lane"))
        self.lane_filter.setAccessibleName(self.tr("Lane filter"))
        self.officer_filter = QLineEdit()
        self.officer_filter.setPlaceholderText(self.tr("Officer"))
        self.officer_filter.setAccessibleName(self.tr("Officer filter"))
        self.period = QComboBox()
        self.period.setAccessibleName(self.tr("Period"))
        for label, days in ((self.tr("Any time"), 0), (self.tr("Last 24 hours"), 1),
                            (self.tr("Last 7 days"), 7), (self.tr("Last 30 days"), 30)):
            self.period.addItem(label, days)
        self.result_filter = QComboBox()
        self.result_filter.setAccessibleName(self.tr("Result code filter"))
        self.result_filter.addItem(self.tr("All results"), "")
        for code in ctx.gateway.result_codes():
            self.result_filter.addItem(code.code, code.code)
        self.irregular = QCheckBox(self.tr("Irregular only"))
        self.returned = QCheckBox(self.tr("Returned before"))
        apply = QPushButton(self.tr("Apply filters"))
        apply.clicked.connect(self.apply_filters)
        for edit in (self.lane_filter, self.officer_filter):
            edit.returnPressed.connect(self.apply_filters)
        for box in (self.period, self.result_filter):
            box.currentIndexChanged.connect(self.apply_filters)
        for check in (self.irregular, self.returned):
            check.toggled.connect(self.apply_filters)
        filters = QHBoxLayout()
        for w in (self.lane_filter, self.officer_filter, self.period, self.result_filter,
                  self.irregular, self.returned, apply):
            filters.addWidget(w)

        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setHorizontalHeaderLabels([
            self.tr("Closed"), self.tr("Waiting"), self.tr("Lane"), self.tr("Officer"),
            self.tr("Referral"), self.tr("Channel"), self.tr("Result"),
            self.tr("Irregularity"), self.tr("Four eyes")])
        self.table.setAccessibleName(self.tr("Controls awaiting review"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._row_chosen)
        self.count = QLabel()
        queue = QWidget()
        queue_layout = QVBoxLayout(queue)
        queue_layout.setContentsMargins(4, 4, 4, 4)
        heading = QLabel(self.tr("Controls awaiting review (oldest first)"))
        heading.setObjectName("heading")
        queue_layout.addWidget(heading)
        queue_layout.addLayout(filters)
        queue_layout.addWidget(self.table, 1)
        queue_layout.addWidget(self.count)

        # --- the dossier ---
        self.summary = QTextBrowser()
        self.summary.setAccessibleName(self.tr("Control dossier"))
        self.timeline = QTextBrowser()
        self.timeline.setAccessibleName(self.tr("Timeline"))
        self.scans = QListWidget()
        self.scans.setAccessibleName(self.tr("Scans of the control"))
        self.scans.itemActivated.connect(self._scan_chosen)
        self.scans.itemClicked.connect(self._scan_chosen)
        self.registry = ShortcutRegistry(self.user.username)
        self.viewer = ScanViewer(ctx.renderer, self.registry)
        self.viewer.set_read_only(True)
        scan_tab = QWidget()
        scan_layout = QVBoxLayout(scan_tab)
        scan_layout.setContentsMargins(0, 0, 0, 0)
        scan_layout.addWidget(self.scans)
        scan_layout.addWidget(self.viewer, 1)
        self.scans.setMaximumHeight(90)
        # Handheld readings (spectrum plots) and plate reads (with their frames), built per
        # dossier in a scroll area.
        self.evidence = QWidget()
        self.evidence_layout = QVBoxLayout(self.evidence)
        self.evidence_layout.setContentsMargins(6, 6, 6, 6)
        evidence_scroll = QScrollArea()
        evidence_scroll.setWidgetResizable(True)
        # Text wraps to the panel's width instead of running off to the right.
        evidence_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        evidence_scroll.setWidget(self.evidence)
        self.spectra: list[SpectrumPlot] = []
        self.frames: dict[str, QLabel] = {}
        self.tabs = QTabWidget()
        self.tabs.addTab(self.summary, self.tr("Dossier"))
        self.tabs.addTab(evidence_scroll, self.tr("Readings and plates"))
        self.tabs.addTab(scan_tab, self.tr("Scans"))
        self.tabs.addTab(self.timeline, self.tr("Timeline"))

        self.comment = QPlainTextEdit()
        self.comment.setPlaceholderText(self.tr("Comment for the officer (required to return "
                                                "the control)"))
        self.comment.setAccessibleName(self.tr("Review comment"))
        self.comment.setMaximumHeight(70)
        self.approve_button = QPushButton(self.tr("Approve"))
        self.approve_button.setObjectName("primary")
        self.approve_button.clicked.connect(self.approve)
        self.return_button = QPushButton(self.tr("Return with comment"))
        self.return_button.clicked.connect(self.return_control)
        self.four_eyes = QLabel()
        self.four_eyes.setWordWrap(True)
        self.four_eyes.setProperty("status", "warn")
        buttons = QHBoxLayout()
        buttons.addWidget(self.four_eyes, 1)
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.return_button)
        self.opinion = QLineEdit()
        self.opinion.setPlaceholderText(self.tr("Second opinion: recorded with the control and "
                                                "exported with its result"))
        self.opinion.setAccessibleName(self.tr("Second-opinion note"))
        self.opinion_button = QPushButton(self.tr("Add second opinion"))
        self.opinion_button.clicked.connect(self.add_second_opinion)
        self.opinion.returnPressed.connect(self.add_second_opinion)
        opinion_row = QHBoxLayout()
        opinion_row.addWidget(self.opinion, 1)
        opinion_row.addWidget(self.opinion_button)
        dossier = QWidget()
        dossier_layout = QVBoxLayout(dossier)
        dossier_layout.setContentsMargins(4, 4, 4, 4)
        dossier_layout.addWidget(self.tabs, 1)
        dossier_layout.addWidget(self.comment)
        dossier_layout.addLayout(buttons)
        dossier_layout.addLayout(opinion_row)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(queue)
        split.addWidget(dossier)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        # The dossier is what is read: it gets the larger half (German headers otherwise
        # widened the queue at its cost).
        split.setSizes([600, 800])
        # The post's performance figures beside the review (ui/windows/figures_view.py).
        from ui.windows.figures_view import FiguresView

        self.main_tabs = QTabWidget()
        self.main_tabs.addTab(split, self.tr("Review"))
        self.figures_view = FiguresView(ctx)
        self.main_tabs.addTab(self.figures_view, self.tr("Figures"))
        self.setCentralWidget(self.main_tabs)

        self.message = QLabel()
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.statusBar().addWidget(self.message, 1)
        self.devices = DeviceStatusBar()
        # A review desk usually has no devices: say nothing rather than "No devices
        # configured"; badges still appear for any device this workstation drives.
        self.devices.placeholder.hide()
        self.statusBar().addPermanentWidget(self.devices)
        for health in ctx.bridge.health.values():
            self.devices.update_health(health)
        ctx.bridge.device_health.connect(self.devices.update_health)
        ctx.bridge.lane_event.connect(self._on_event)
        self._menus()
        self.resize(1400, 860)

        state = self.session.state()
        self._show_rows(list(state.rows))
        self._show_dossier(state.dossier)
        self.session.refresh()

    def _menus(self) -> None:
        session = self.menuBar().addMenu(self.tr("&Session"))
        logout = QAction(self.tr("Log out"), self)
        logout.setShortcut(LOGOUT_KEYS)
        logout.triggered.connect(self.logout_requested)
        session.addAction(logout)
        self.logout_action = logout
        review = self.menuBar().addMenu(self.tr("&Review"))
        refresh = QAction(self.tr("Refresh the queue"), self)
        refresh.setShortcut("F5")
        refresh.triggered.connect(lambda: self.session.refresh())
        review.addAction(refresh)
        view = self.menuBar().addMenu(self.tr("&View"))
        languages = view.addMenu(self.tr("Language"))
        for code, name in LANGUAGES.items():
            action = QAction(name, self)
            action.triggered.connect(lambda _=False, c=code: self.language_requested.emit(c))
            languages.addAction(action)

    # --- words --------------------------------------------------------------------------------

    def four_eyes_text(self, reason: str | None) -> str:
        """Why this supervisor may not review a control, in words ("" when they may)."""
        if reason is None:
            return ""
        return {"opened": self.tr("You opened this control: another supervisor must "
                                  "review it."),
                "held": self.tr("This control was handed over to you: another supervisor "
                                "must review it."),
                "recorded": self.tr("You recorded this control's result: another supervisor "
                                    "must review it.")}.get(reason, reason)

    def _age(self, seconds: float) -> str:
        hours = int(seconds // 3600)
        if hours >= 48:
            return self.tr("%1 days").replace("%1", str(hours // 24))
        if hours >= 1:
            return self.tr("%1 h").replace("%1", str(hours))
        return self.tr("%1 min").replace("%1", str(int(seconds // 60)))

    def say(self, text: str, status: str = "") -> None:
        symbol = {"ok": "✔ ", "warn": "⚠ ", "alarm": "✖ "}.get(status, "")
        self.message.setText(symbol + text)

    # --- queue --------------------------------------------------------------------------------

    def current_filter(self) -> ReviewFilter:
        days = int(self.period.currentData() or 0)
        return ReviewFilter(
            lane=self.lane_filter.text().strip(), officer=self.officer_filter.text().strip(),
            since=datetime.now(UTC) - timedelta(days=days) if days else None,
            result_code=str(self.result_filter.currentData() or ""),
            irregular_only=self.irregular.isChecked(), returned_only=self.returned.isChecked())

    def apply_filters(self) -> None:
        self.session.refresh(self.current_filter())

    def _show_rows(self, rows: list[ReviewRow]) -> None:
        selected = self.dossier.control_id if self.dossier is not None else None
        self.rows = rows
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            cells = (
                _when(r.closed_at), self._age(r.age_s), r.lane, r.officer,
                r.referral_id or self.tr("random control"), channel_text(r.channel),
                r.result_code + (self.tr(" (returned before)") if r.returned_before else ""),
                self.tr("yes") if r.irregularity else self.tr("no"),
                self.four_eyes_text(r.four_eyes))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, r.control_id)
                if col == 8 and r.four_eyes:
                    item.setToolTip(text)
                self.table.setItem(i, col, item)
            if r.control_id == selected:
                self.table.selectRow(i)
        self.table.blockSignals(False)
        self.count.setText(self.tr("1 control awaiting review") if len(rows) == 1 else
                           self.tr("%1 controls awaiting review").replace("%1", str(len(rows))))
        self.queue_shown.emit(len(rows))

    def select_control(self, control_id: str) -> None:
        """Open the dossier of ``control_id`` (selecting its row when it is listed)."""
        for i, r in enumerate(self.rows):
            if r.control_id == control_id:
                self.table.blockSignals(True)
                self.table.selectRow(i)
                self.table.blockSignals(False)
        self.session.open_dossier(control_id)

    def _row_chosen(self) -> None:
        items = self.table.selectedItems()
        if items:
            self.session.open_dossier(str(items[0].data(Qt.ItemDataRole.UserRole)))

    # --- dossier ------------------------------------------------------------------------------

    def _show_dossier(self, dossier: ReviewDossier | None) -> None:
        self.dossier = dossier
        self.viewer.clear()
        self.scans.clear()
        self.comment.clear()
        self.opinion.clear()
        self._show_evidence(dossier)
        if dossier is None:
            self.summary.setHtml(html.escape(self.tr("Choose a control in the queue.")))
            self.timeline.clear()
            self.four_eyes.clear()
            self.approve_button.setEnabled(False)
            self.return_button.setEnabled(False)
            self.opinion_button.setEnabled(False)
            return
        self.opinion_button.setEnabled(dossier.status != "open")
        self.summary.setHtml(self._summary_html(dossier))
        self.timeline.setHtml(self._timeline_html(dossier))
        for i, scan in enumerate(dossier.scans, start=1):
            text = self.tr("Scan %1").replace("%1", str(i))
            if not scan.complete:
                text += " — " + self.tr("incomplete: %1").replace("%1", scan.incomplete_reason)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, i - 1)
            self.scans.addItem(item)
        self.viewer.set_findings([f for f in dossier.findings])
        reason = self.four_eyes_text(dossier.four_eyes)
        self.four_eyes.setText(reason)
        may = dossier.four_eyes is None and dossier.status == "closed"
        if dossier.status != "closed":
            self.four_eyes.setText(self.tr("This control is %1: only closed controls are "
                                           "reviewed.").replace("%1", dossier.status))
        self.approve_button.setEnabled(may)
        self.return_button.setEnabled(may)
        self.dossier_shown.emit(dossier.control_id)
        if dossier.scans:
            self.open_scan(dossier.scans[0])

    def _summary_html(self, d: ReviewDossier) -> str:
        e = html.escape
        w = {  # the words of the dossier (outside the f-strings, for lupdate)
            'Control %1': self.tr("Control %1"),
            'Lane': self.tr("Lane"),
            'Officer': self.tr("Officer"),
            'Opened': self.tr("Opened"),
            'Closed': self.tr("Closed"),
            'Referral': self.tr("Referral"),
            'Random control (no referral)': self.tr("Random control (no referral)"),
            'Deadline': self.tr("Deadline"),
            'Result': self.tr("Result"),
            'irregularity': self.tr("irregularity"),
            'Control types': self.tr("Control types"),
            'Minutes spent': self.tr("Minutes spent"),
            'Remarks': self.tr("Remarks"),
            'Seizures': self.tr("Seizures"),
            'Returned before with': self.tr("Returned before with"),
            'Findings': self.tr("Findings"),
            'None': self.tr("None"),
            'Readings': self.tr("Readings"),
            'alarms': self.tr("alarms"),
            'Plate and container reads': self.tr("Plate and container reads"),
        }
        parts = [f"<h3>{e(w['Control %1'].replace('%1', d.control_id[:8]))} — "
                 f"{e(d.subject)}</h3>",
                 f"<p>{e(w['Lane'])}: {e(d.lane)} · {e(w['Officer'])}: "
                 f"{e(d.officer)} · {e(w['Opened'])}: {e(_when(d.opened_at))} · "
                 f"{e(w['Closed'])}: {e(_when(d.closed_at))}</p>"]
        r = d.referral
        parts.append(f"<h4>{e(w['Referral'])}</h4>")
        if r is None:
            parts.append(f"<p>{e(w['Random control (no referral)'])}</p>")
        else:
            parts.append(
                f"<p>{e(r.referral_id)} · {e(channel_text(r.channel))} · "
                f"{e(w['Deadline'])}: {e(_when(r.deadline))}"
                + (f" · MRN {e(r.mrn)}" if r.mrn else "") + "</p>")
            for title, items in ((self.tr("Risk profiles"), r.risk_profiles),
                                 (self.tr("Instructions"), r.instructions),
                                 (self.tr("Goods"), r.goods)):
                if items:
                    parts.append(f"<p><b>{e(title)}</b></p><ul>"
                                 + "".join(f"<li>{e(x)}</li>" for x in items) + "</ul>")
        parts.append(f"<h4>{e(w['Result'])}</h4><p><b>{e(d.result_code)}</b> "
                     f"{e(code_label(d.result_label))}"
                     + (f" — <b>{e(w['irregularity'])}</b>" if d.irregularity else "")
                     + "</p>")
        types = ", ".join(self.control_type_text(t) for t in d.control_types)
        parts.append(f"<p>{e(w['Control types'])}: {e(types)} · "
                     f"{e(w['Minutes spent'])}: "
                     f"{e('—' if d.minutes_spent is None else f'{d.minutes_spent:g}')}</p>")
        if d.remarks:
            parts.append(f"<p>{e(w['Remarks'])}: {e(d.remarks)}</p>")
        if d.seizures:
            parts.append(f"<p><b>{e(w['Seizures'])}</b></p><ul>" + "".join(
                f"<li>{e(z.description)}: {z.quantity:g} {e(z.unit)}"
                + (f" · HS {e(z.hs_code)}" if z.hs_code else "")
                + (f" · {z.value_eur:.2f} EUR" if z.value_eur is not None else "") + "</li>"
                for z in d.seizures) + "</ul>")
        if d.review_comment:
            parts.append(f"<p>{e(w['Returned before with'])}: "
                         f"<i>{e(d.review_comment)}</i></p>")
        parts.append(self._policy_html(d))
        decisions = {"accepted": self.tr("accepted"), "rejected": self.tr("rejected"),
                     "pending": self.tr("undecided")}
        parts.append(f"<h4>{e(w['Findings'])}</h4>")
        if not d.findings:
            parts.append(f"<p>{e(w['None'])}</p>")
        else:
            parts.append("<ul>" + "".join(
                f"<li>{e(finding_label_text(f.label, f.source))} "
                f"({e(f.model_name if f.source == 'model' else source_text(f.source))}"
                + (f" {e(f.model_version)}" if f.model_version else "")
                + (f", {f.score:.0%}" if f.source == "model" else "") + "): "
                f"<b>{e(decisions.get(f.decision, f.decision))}</b>"
                + (f" — {e(d.decided_by[f.key])}" if f.key in d.decided_by else "")
                + (f"<br/>{e(f.description)}" if f.description else "") + "</li>"
                for f in d.findings) + "</ul>")
        parts.append(f"<h4>{e(w['Readings'])}</h4>")
        if not d.readings:
            parts.append(f"<p>{e(w['None'])}</p>")
        for reading in d.readings:
            values = reading_values_text(reading.values)
            alarms = (f" — <b>{e(w['alarms'])}: {e(', '.join(reading.alarms))}</b>"
                      if reading.alarms else "")
            parts.append(f"<p>{e(reading.device_name)} ({e(self.kind_text(reading.device_kind))}), "
                         f"{e(_when(reading.taken_at))}: {e(values)}{alarms}</p>")
        parts.append(f"<h4>{e(w['Plate and container reads'])}</h4>")
        if not d.plates:
            parts.append(f"<p>{e(w['None'])}</p>")
        for p in d.plates:
            line = (f"{e(self.read_kind_text(p.kind))}: {e(p.text)} "
                    f"({p.confidence:.0%}, {e(p.camera)})")
            if p.corrected_text is not None:
                line += " → " + e(self.tr("corrected by the officer to %1")
                                  .replace("%1", p.corrected_text))
            parts.append(f"<p>{line}</p>")
        return "".join(parts)

    def _policy_html(self, d: ReviewDossier) -> str:
        """What the review policy decided at the latest closing, and who approved."""
        e = html.escape
        review_title = self.tr("Review")
        not_recorded = self.tr("Closed before the review policy was recorded.")
        by_policy = self.tr("Approved by the policy (no supervisor)")
        by_supervisor = self.tr("Approved by %1")
        opinions_title = self.tr("Second opinions")
        parts = [f"<h4>{e(review_title)}</h4>"]
        reasons = {
            "irregular": self.tr("sent to review: the result is an irregularity"),
            "rejected-alarm": self.tr("sent to review: the officer rejected an alarm"),
            "returned-before": self.tr("sent to review: returned before, now corrected"),
            "all": self.tr("sent to review: the post reviews every control"),
            "random": self.tr("sent to review: drawn at random (%1 % of regular controls)"),
            "not-drawn": self.tr("approved by the post's review policy: not drawn for review "
                                 "(%1 % of regular controls are)"),
        }
        sel = d.selection
        if sel is None:
            parts.append(f"<p>{e(not_recorded)}</p>")
        else:
            words = reasons.get(sel.reason, sel.reason).replace(
                "%1", f"{sel.random_share * 100:g}")
            draw = (" · " + self.tr("draw %1").replace("%1", f"{sel.draw:.4f}")
                    if sel.draw is not None else "")
            parts.append(f"<p>{e(words)}{e(draw)}</p>")
        if d.reviewed_by == "policy":
            parts.append(f"<p><b>{e(by_policy)}</b></p>")
        elif d.reviewed_by:
            parts.append(f"<p><b>{e(by_supervisor.replace('%1', d.reviewed_by))}</b></p>")
        if d.second_opinions:
            parts.append(f"<p><b>{e(opinions_title)}</b></p><ul>" + "".join(
                f"<li>{e(n.author)}, {e(_when(n.written_at))}: {e(n.text)}</li>"
                for n in d.second_opinions) + "</ul>")
        return "".join(parts)

    # --- evidence -----------------------------------------------------------------------------

    def _show_evidence(self, d: ReviewDossier | None) -> None:
        """One block per plate read (text, correction, the frame it was read on; first, as it
        is short) and per handheld reading (values; the spectrum drawn with its nuclides)."""
        while self.evidence_layout.count():
            item = self.evidence_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.spectra = []
        self.frames = {}
        if d is None:
            return
        heading = QLabel(self.tr("Plate and container reads"))
        heading.setObjectName("heading")
        self.evidence_layout.addWidget(heading)
        if not d.plates:
            self.evidence_layout.addWidget(QLabel(self.tr("None")))
        for p in d.plates:
            line = f"{self.read_kind_text(p.kind)}: {p.text} ({p.confidence:.0%}, {p.camera})"
            if p.corrected_text is not None:
                line += " → " + self.tr("corrected by the officer to %1").replace(
                    "%1", p.corrected_text)
            text = QLabel(line)
            text.setWordWrap(True)
            self.evidence_layout.addWidget(text)
            frame = QLabel(self.tr("Loading the frame…") if p.has_frame
                           else self.tr("No frame stored (none taken, or purged by retention)"))
            frame.setAccessibleName(self.tr("Camera frame of the plate read"))
            frame.setMinimumHeight(60)
            self.evidence_layout.addWidget(frame)
            self.frames[p.plate_read_id] = frame
            if p.has_frame:
                self.session.open_plate_frame(p.plate_read_id)
        heading = QLabel(self.tr("Handheld readings"))
        heading.setObjectName("heading")
        self.evidence_layout.addWidget(heading)
        if not d.readings:
            self.evidence_layout.addWidget(QLabel(self.tr("None")))
        for reading in d.readings:
            self._reading_block(reading)
        self.evidence_layout.addStretch(1)

    def _reading_block(self, reading: ReadingEvidence) -> None:
        title = QLabel(f"<b>{html.escape(reading.device_name)}</b> "
                       f"({html.escape(self.kind_text(reading.device_kind))}), "
                       f"{html.escape(_when(reading.taken_at))}")
        self.evidence_layout.addWidget(title)
        values = reading_values_text({k: v for k, v in reading.values.items()
                                      if not k.startswith("nuclide:")})
        if values:
            label = QLabel(values)
            label.setWordWrap(True)
            self.evidence_layout.addWidget(label)
        if reading.alarms:
            alarm = QLabel("⚠ " + self.tr("Alarms: %1").replace("%1", ", ".join(reading.alarms)))
            alarm.setProperty("status", "alarm")
            alarm.setWordWrap(True)
            self.evidence_layout.addWidget(alarm)
        if reading.spectrum is not None:
            plot = SpectrumPlot()
            # A fixed height: left to grow, the plot pushed its energy axis below the
            # visible part of the panel (the nuclide line above it is part of the widget).
            plot.setFixedHeight(340)
            plot.show_trace(reading.spectrum, reading.nuclides)
            self.evidence_layout.addWidget(plot)
            self.spectra.append(plot)
        elif reading.spectrum_problem:
            problem = QLabel("✖ " + self.tr("The instrument's document cannot be drawn: %1")
                             .replace("%1", reading.spectrum_problem))
            problem.setWordWrap(True)
            problem.setProperty("status", "alarm")
            self.evidence_layout.addWidget(problem)

    def kind_text(self, kind: str) -> str:
        return {"riid": self.tr("radionuclide identifier"),
                "substance": self.tr("substance identifier"),
                "density": self.tr("density meter"), "barcode": self.tr("barcode reader")
                }.get(kind, kind)

    def read_kind_text(self, kind: str) -> str:
        return {"plate": self.tr("Number plate"),
                "container": self.tr("Container code")}.get(kind, kind)

    def control_type_text(self, kind: str) -> str:
        return {"documentary": self.tr("Documentary"), "physical": self.tr("Physical"),
                "scan": self.tr("Scan (NII)"), "radiation": self.tr("Radiation"),
                "sample": self.tr("Sample")}.get(kind, kind)

    def _show_frame(self, event: PlateFrameOpened) -> None:
        label = self.frames.get(event.plate_read_id)
        if label is None:
            return
        image = QImage.fromData(event.jpeg) if event.jpeg else QImage()
        if image.isNull():
            label.setText(self.tr("No frame stored (none taken, or purged by retention)"))
            return
        plate = next((p for p in self.dossier.plates if p.plate_read_id == event.plate_read_id),
                     None) if self.dossier is not None else None
        pixmap = QPixmap.fromImage(image)
        if plate is not None and plate.box and len(plate.box) == 4:
            # The read's box on the frame: where the camera saw the text.
            painter = QPainter(pixmap)
            painter.setPen(QPen(Qt.GlobalColor.yellow, max(2, pixmap.width() // 300)))
            x, y, w, h = plate.box
            painter.drawRect(x, y, w, h)
            painter.end()
        # 400 px wide at most: the plate stays readable and the spectrum below stays in view.
        label.setPixmap(pixmap.scaledToWidth(min(pixmap.width(), 400),
                                             Qt.TransformationMode.SmoothTransformation))
        label.setToolTip(self.tr("The camera frame this reading was made on"))

    def add_second_opinion(self) -> None:
        """Record the note typed (the service refuses an empty one, and says so)."""
        if self.dossier is not None:
            self.session.add_second_opinion(self.dossier.control_id, self.opinion.text())

    def _timeline_html(self, d: ReviewDossier) -> str:
        e = html.escape
        return "<table>" + "".join(
            f"<tr><td>{e(_when(t.when))}</td><td>{e(t.actor)}</td><td>{e(t.action)}</td>"
            f"<td>{e(str(t.details.get('comment') or t.details.get('label') or ''))}</td></tr>"
            for t in d.timeline) + "</table>"

    def _scan_chosen(self, item: QListWidgetItem) -> None:
        if self.dossier is not None:
            self.open_scan(self.dossier.scans[int(item.data(Qt.ItemDataRole.UserRole))])

    def open_scan(self, record: ScanRecord) -> None:
        self.viewer.status.setText(self.tr("Loading the stored scan…"))
        self.session.open_scan(record)

    # --- sign-off -----------------------------------------------------------------------------

    def approve(self) -> None:
        if self.dossier is not None:
            self.session.approve(self.dossier.control_id)

    def return_control(self) -> None:
        """Return with the comment typed (the service refuses an empty one, and says so)."""
        if self.dossier is not None:
            self.session.return_control(self.dossier.control_id, self.comment.toPlainText())

    # --- events -------------------------------------------------------------------------------

    def _on_event(self, event: object) -> None:
        if isinstance(event, ReviewQueueChanged):
            self._show_rows(list(event.rows))
        elif isinstance(event, DossierOpened):
            self._show_dossier(event.dossier)
        elif isinstance(event, ScanOpened):
            if self.dossier is not None and event.record in self.dossier.scans:
                header = event.header
                self.viewer.start_scan(header)
                self.viewer.add_lines(0, header.lines)
                self.viewer.finish_scan(event.record.complete, event.record.incomplete_reason)
                self.viewer.set_findings([f for f in self.dossier.findings])
        elif isinstance(event, PlateFrameOpened):
            self._show_frame(event)
        elif isinstance(event, SecondOpinionAdded):
            self.say(self.tr("Second opinion recorded"), "ok")
            self.opinion_added.emit(event.control_id)
        elif isinstance(event, ControlReviewed):
            if self.dossier is not None and self.dossier.control_id == event.control_id:
                self._show_dossier(None)
            self.say((self.tr("Control approved") if event.approved
                      else self.tr("Control returned to the officer")), "ok")
            self.reviewed.emit(event.control_id, event.approved)
        elif isinstance(event, OperationFailed):
            words = {"approve-control": self.tr("Not approved"),
                     "return-control": self.tr("Not returned"),
                     "review-queue": self.tr("Queue not loaded"),
                     "open-dossier": self.tr("Dossier not opened"),
                     "open-scan": self.tr("Scan not shown"),
                     "open-plate-frame": self.tr("Frame not shown"),
                     "second-opinion": self.tr("Second opinion not recorded")}
            self.say(f"{words.get(event.operation, event.operation)}: {event.message}",
                     "alarm")
            self.refused.emit(event.message)

    def closeEvent(self, event: QCloseEvent) -> None:
        # The session and the bridge outlive this window (language switch, logout): stop
        # taking their signals now, once, rather than at deletion.
        if not self._closed:
            self._closed = True
            self.ctx.bridge.lane_event.disconnect(self._on_event)
            self.ctx.bridge.device_health.disconnect(self.devices.update_health)
        super().closeEvent(event)
