"""The remote image analyst's window: the post's analysis queue, the claimed scan in the
officer's scan viewer, what the lane knows beside it, suspect regions marked on the image.

It binds to the analyst's :class:`~workstation.lane.analysis_desk.AnalystSession` (made at
login by :class:`ui.context.AppContext`) and keeps no state of its own: it shows
``session.state()`` when it opens, sends commands and words the session's events. Regions
are drawn with the mouse on the image while "Mark region" is on (scan pixels, shown in
the viewer's findings overlay beside the models' findings, which are shown read-only: the
officer decides on them), each with the category and note chosen beside the image.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QLocale, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QColor, QMouseEvent, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGraphicsRectItem,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.i18n import LANGUAGES
from ui.shortcuts import ShortcutRegistry
from ui.widgets.finding_words import category_text, finding_label_text
from ui.widgets.referral_queue import channel_text
from ui.widgets.scan_viewer import ScanViewer
from ui.windows.office import LOGOUT_KEYS
from workstation.domain.vocab import ANALYST_CATEGORIES
from workstation.lane.analysis_desk import (
    AnalysisQueueChanged,
    AnalystSession,
    ClaimedScan,
    ClaimEnded,
    DeskRow,
    RegionsChanged,
    ScanClaimed,
)
from workstation.lane.events import AnalystRegion, OperationFailed, ScanOpened
from workstation.lane.types import ModelFinding


def _whole(value: float) -> str:
    """A mass or value rounded to a whole number, grouped as the language groups digits
    (12,500 / 12.500)."""
    return QLocale().toString(round(value))


class AnalystWindow(QMainWindow):
    language_requested = Signal(str)
    logout_requested = Signal()
    queue_shown = Signal(int)  # rows shown
    claimed = Signal(str)  # request id
    decided = Signal(str, str)  # request id, how the claim ended (decided, withdrawn, ...)
    refused = Signal(str)

    COLUMNS = 6

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        assert ctx.user is not None and ctx.analyst is not None
        self.ctx = ctx
        self.user = ctx.user
        self.session: AnalystSession = ctx.analyst
        self.rows: list[DeskRow] = []
        self.item: ClaimedScan | None = None
        self.regions: tuple[AnalystRegion, ...] = ()
        self._drag_from: QPointF | None = None
        self._drag_rect: QGraphicsRectItem | None = None
        self._closed = False
        self.setObjectName("analystWindow")
        self.setWindowTitle(self.tr("Inspection Workstation — remote image analysis — %1")
                            .replace("%1", self.user.full_name or self.user.username))

        # --- the queue ---
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setHorizontalHeaderLabels([
            self.tr("Waiting"), self.tr("Lane"), self.tr("Referral"), self.tr("Channel"),
            self.tr("Sent because"), self.tr("Analyst")])
        self.table.setAccessibleName(self.tr("Scans awaiting analysis"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The referral takes what is left (elided in a narrow pane) rather than the queue
        # scrolling sideways and cutting the last columns off (German headers are longer).
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setWordWrap(False)
        self.table.itemActivated.connect(self._row_activated)
        self.claim_button = QPushButton(self.tr("Claim the oldest scan"))
        self.claim_button.setObjectName("primary")
        self.claim_button.clicked.connect(self.claim_next)
        self.count = QLabel()
        queue = QWidget()
        queue_layout = QVBoxLayout(queue)
        queue_layout.setContentsMargins(4, 4, 4, 4)
        heading = QLabel(self.tr("Scans awaiting analysis, all lanes (oldest first)"))
        heading.setObjectName("heading")
        heading.setWordWrap(True)
        queue_layout.addWidget(heading)
        queue_layout.addWidget(self.table, 1)
        queue_layout.addWidget(self.count)
        queue_layout.addWidget(self.claim_button)

        # --- the scan ---
        self.registry = ShortcutRegistry(self.user.username)
        self.viewer = ScanViewer(ctx.renderer, self.registry)
        self.viewer.set_read_only(True)  # the models' findings are the officer's to decide
        self.viewer.findings_heading.setText(self.tr("Model findings and your regions"))
        self.viewer.view.viewport().installEventFilter(self)

        # --- what the lane knows, the regions, the decision ---
        self.details = QTextBrowser()
        self.details.setAccessibleName(self.tr("Referral, declared goods and model findings"))
        self.category = QComboBox()
        self.category.setAccessibleName(self.tr("Category of the region"))
        for word in ANALYST_CATEGORIES:
            self.category.addItem(self.category_text(word), word)
        self.region_note = QLineEdit()
        self.region_note.setPlaceholderText(self.tr("Note on the region"))
        self.region_note.setAccessibleName(self.tr("Note on the region"))
        self.mark_button = QPushButton(self.tr("Mark region (drag on the image)"))
        self.mark_button.setCheckable(True)
        self.mark_button.setShortcut("R")
        self.region_list = QListWidget()
        self.region_list.setAccessibleName(self.tr("Suspect regions marked"))
        self.region_list.setMaximumHeight(130)
        self.remove_button = QPushButton(self.tr("Remove region"))
        self.remove_button.clicked.connect(self.remove_region)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Note for the officer"))
        self.note.setAccessibleName(self.tr("Note for the officer"))
        self.clear_button = QPushButton(self.tr("Clear scan"))
        self.clear_button.clicked.connect(self.clear_scan)
        self.suspect_button = QPushButton(self.tr("Send suspect regions"))
        self.suspect_button.setObjectName("primary")
        self.suspect_button.clicked.connect(self.send_suspect)
        self.release_button = QPushButton(self.tr("Give back to the queue"))
        self.release_button.clicked.connect(lambda: self.session.release())
        self.claim_label = QLabel()
        self.claim_label.setWordWrap(True)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(4, 4, 4, 4)
        side_layout.addWidget(self.claim_label)
        side_layout.addWidget(self.details, 1)
        mark_row = QHBoxLayout()
        mark_row.addWidget(self.category, 1)
        mark_row.addWidget(self.mark_button)
        side_layout.addLayout(mark_row)
        side_layout.addWidget(self.region_note)
        side_layout.addWidget(self.region_list)
        side_layout.addWidget(self.remove_button)
        side_layout.addWidget(self.note)
        buttons = QHBoxLayout()
        # The two decisions side by side, equally wide: clearing is as much a decision.
        buttons.addWidget(self.clear_button, 1)
        buttons.addWidget(self.suspect_button, 1)
        side_layout.addLayout(buttons)
        side_layout.addWidget(self.release_button)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(queue)
        split.addWidget(self.viewer)
        split.addWidget(side)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        split.setStretchFactor(2, 2)
        # The queue wide enough for its six columns (no sideways scrolling at 1920 px).
        split.setSizes([660, 820, 440])
        self.setCentralWidget(split)

        self.message = QLabel()
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.statusBar().addWidget(self.message, 1)
        ctx.bridge.lane_event.connect(self._on_event)
        self._menus()
        self.resize(1400, 860)

        state = self.session.state()
        self._show_rows(list(state.rows))
        self._show_item(state.item)
        self._show_regions(state.regions)
        if state.item is not None and state.item.scan.scan_id is not None:
            self.session.claim_next(state.item.request_id)  # renews, reopens the scan
        self.session.refresh()

    def _menus(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Session"))
        logout = QAction(self.tr("Log out"), self)
        logout.setShortcut(LOGOUT_KEYS)
        logout.triggered.connect(self.logout_requested)
        menu.addAction(logout)
        analysis = self.menuBar().addMenu(self.tr("&Analysis"))
        refresh = QAction(self.tr("Refresh the queue"), self)
        refresh.setShortcut("F5")
        refresh.triggered.connect(lambda: self.session.refresh())
        analysis.addAction(refresh)
        view = self.menuBar().addMenu(self.tr("&View"))
        languages = view.addMenu(self.tr("Language"))
        for code, name in LANGUAGES.items():
            action = QAction(name, self)
            action.triggered.connect(lambda _=False, c=code: self.language_requested.emit(c))
            languages.addAction(action)

    # --- words ----------------------------------------------------------------------------------

    def category_text(self, word: str) -> str:
        """The category in words (shared with the officer's and supervisor's viewers)."""
        return category_text(word)

    def reason_text(self, reason: str) -> str:
        return {"all": self.tr("every scan"), "red": self.tr("red channel"),
                "alarm": self.tr("model alarm")}.get(reason, reason)

    def _age(self, seconds: float) -> str:
        if seconds >= 3600:
            return self.tr("%1 h").replace("%1", str(int(seconds // 3600)))
        if seconds >= 60:
            return self.tr("%1 min").replace("%1", str(int(seconds // 60)))
        return self.tr("%1 s").replace("%1", str(int(seconds)))

    def say(self, text: str, status: str = "") -> None:
        symbol = {"ok": "✔ ", "warn": "⚠ ", "alarm": "✖ "}.get(status, "")
        self.message.setText(symbol + text)

    # --- queue ------------------------------------------------------------------------------

    def _show_rows(self, rows: list[DeskRow]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            cells = (self._age(r.age_s), r.lane, r.referral_id or self.tr("random control"),
                     channel_text(r.channel), self.reason_text(r.reason),
                     r.claimed_by or self.tr("waiting"))
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, r.request_id)
                self.table.setItem(i, col, cell)
        waiting = sum(1 for r in rows if not r.claimed_by)
        count = (self.tr("1 waiting, %2 being analysed") if waiting == 1
                 else self.tr("%1 waiting, %2 being analysed"))
        self.count.setText(count.replace("%1", str(waiting)).replace(
            "%2", str(len(rows) - waiting)))
        self.queue_shown.emit(len(rows))

    def claim_next(self) -> None:
        self.session.claim_next()

    def _row_activated(self, cell: QTableWidgetItem) -> None:
        self.session.claim_next(str(cell.data(Qt.ItemDataRole.UserRole)))

    # --- the claimed scan -------------------------------------------------------------------

    def _show_item(self, item: ClaimedScan | None) -> None:
        self.item = item
        for w in (self.mark_button, self.clear_button, self.suspect_button,
                  self.release_button, self.remove_button):
            w.setEnabled(item is not None)
        if item is None:
            self.claim_label.setText(self.tr("No scan claimed: claim the oldest scan of the "
                                             "queue"))
            self.details.setHtml("")
            self.viewer.clear()
            return
        self.claim_label.setText(self.tr("Lane %1, %2 — yours until %3").replace(
            "%1", item.lane).replace("%2", item.subject).replace(
            "%3", item.lease_until.astimezone().strftime("%H:%M") if item.lease_until else "—"))
        self.details.setHtml(self._details_html(item))

    def _details_html(self, item: ClaimedScan) -> str:
        e = html.escape
        words = {"referral": self.tr("Referral"), "channel": self.tr("Channel"),
                 "profiles": self.tr("Risk profiles"),
                 "instructions": self.tr("Control instructions"),
                 "random": self.tr("Random control"), "goods": self.tr("Declared goods"),
                 "no goods": self.tr("none declared"), "findings": self.tr("Model findings"),
                 "none": self.tr("none")}
        heads = (self.tr("Description"), self.tr("HS code"), self.tr("Origin"),
                 self.tr("Gross mass"), self.tr("Value"))
        w = {k: e(v) for k, v in words.items()}
        parts = []
        ref = item.referral
        if ref is not None:
            parts.append(f"<h3>{w['referral']} {e(ref.referral_id)}</h3>")
            parts.append(f"<p>{w['channel']}: {e(channel_text(ref.channel))}"
                         + (f" — MRN {e(ref.mrn)}" if ref.mrn else "") + "</p>")
            if ref.risk_profiles:
                parts.append(f"<p><b>{w['profiles']}</b><br>"
                             + "<br>".join(e(p) for p in ref.risk_profiles) + "</p>")
            if ref.instructions:
                parts.append(f"<p><b>{w['instructions']}</b><br>"
                             + "<br>".join(e(i) for i in ref.instructions) + "</p>")
        else:
            parts.append(f"<h3>{w['random']}</h3>")
        parts.append(f"<p><b>{w['goods']}</b></p>")
        if item.goods:
            rows = "".join(
                f"<tr><td>{e(g.description)}</td><td>{e(g.hs_code or '—')}</td>"
                f"<td>{e(g.origin or '—')}</td>"
                f"<td>{'—' if g.mass_kg is None else _whole(g.mass_kg) + ' kg'}</td>"
                f"<td>{'—' if g.value_eur is None else _whole(g.value_eur) + ' EUR'}</td></tr>"
                for g in item.goods)
            head = "".join(f"<th>{e(h)}</th>" for h in heads)
            parts.append(f"<table cellpadding='3'><tr>{head}</tr>{rows}</table>")
        else:
            parts.append(f"<p>{w['no goods']}</p>")
        parts.append(f"<p><b>{w['findings']}</b><br>")
        if item.findings:
            parts.append("<br>".join(f"{e(finding_label_text(f.label, f.model_name))} "
                                     f"{f.score * 100:.0f} % ({e(f.model_name)})"
                                     for f in item.findings))
        else:
            parts.append(w["none"])
        parts.append("</p>")
        return "".join(parts)

    def _overlay(self) -> None:
        """The models' findings and the regions marked, in the viewer's overlay."""
        shown: list[ModelFinding] = list(self.item.findings) if self.item else []
        for i, r in enumerate(self.regions):
            # The key stays in the record; the viewer words analyst categories itself.
            shown.append(ModelFinding(f"region-{i}", r.category, 1.0, r.box, source="analyst",
                                      description=r.note))
        self.viewer.set_findings(shown)

    # --- regions ----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """While "Mark region" is on, a drag on the image marks a region."""
        if not self.mark_button.isChecked() or self.item is None:
            return super().eventFilter(watched, event)
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            self._drag_from = self.viewer.view.mapToScene(event.position().toPoint())
            pen = QPen(QColor(0, 200, 255), 2)
            pen.setCosmetic(True)
            self._drag_rect = self.viewer.scene.addRect(QRectF(self._drag_from, self._drag_from),
                                                        pen)
            self._drag_rect.setZValue(20)
            return True
        if kind == QEvent.Type.MouseMove and isinstance(event, QMouseEvent) and \
                self._drag_from is not None and self._drag_rect is not None:
            to = self.viewer.view.mapToScene(event.position().toPoint())
            self._drag_rect.setRect(QRectF(self._drag_from, to).normalized())
            return True
        if kind == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent) and \
                self._drag_from is not None:
            to = self.viewer.view.mapToScene(event.position().toPoint())
            rect = QRectF(self._drag_from, to).normalized()
            self._drag_from = None
            if self._drag_rect is not None:
                self.viewer.scene.removeItem(self._drag_rect)
                self._drag_rect = None
            self.mark_rect(rect)
            return True
        return super().eventFilter(watched, event)

    def mark_rect(self, rect: QRectF) -> None:
        """Mark ``rect`` (scene = scan pixels, clipped to the image) with the chosen
        category and note."""
        header = self.viewer.header
        if header is not None:
            rect = rect.intersected(QRectF(0, 0, header.rows, header.columns))
        if rect.width() < 2 or rect.height() < 2:
            self.say(self.tr("Drag a larger box on the image to mark a region"), "warn")
            return
        self.session.mark_region(str(self.category.currentData()),
                                 (round(rect.x()), round(rect.y()), round(rect.width()),
                                  round(rect.height())), self.region_note.text().strip())
        self.region_note.clear()

    def remove_region(self) -> None:
        row = self.region_list.currentRow()
        if row >= 0:
            self.session.remove_region(row)

    def _show_regions(self, regions: tuple[AnalystRegion, ...]) -> None:
        self.regions = regions
        self.region_list.clear()
        for i, r in enumerate(regions, start=1):
            x, y, w, h = r.box
            self.region_list.addItem(f"{i}. {self.category_text(r.category)} ({x}, {y}, "
                                     f"{w} × {h})" + (f" — {r.note}" if r.note else ""))
        self.suspect_button.setEnabled(self.item is not None and bool(regions))
        self._overlay()

    # --- decision ---------------------------------------------------------------------------

    def clear_scan(self) -> None:
        self.session.clear_scan(self.note.text().strip())

    def send_suspect(self) -> None:
        self.session.send_suspect(self.note.text().strip())

    # --- events -----------------------------------------------------------------------------

    def _on_event(self, event: object) -> None:
        if self._closed:
            return
        if isinstance(event, AnalysisQueueChanged):
            self._show_rows(list(event.rows))
        elif isinstance(event, ScanClaimed):
            self._show_item(event.item)
            self.say(self.tr("Scan of lane %1 claimed").replace("%1", event.item.lane), "ok")
            self.claimed.emit(event.item.request_id)
        elif isinstance(event, ScanOpened):
            if self.item is None or event.record.scan_id != self.item.scan.scan_id:
                return
            header = event.header
            self.viewer.start_scan(header)
            self.viewer.add_lines(0, header.lines)
            self.viewer.finish_scan(event.record.complete, event.record.incomplete_reason)
            self._overlay()
        elif isinstance(event, RegionsChanged):
            self._show_regions(event.regions)
        elif isinstance(event, ClaimEnded):
            words = {"decided": (self.tr("Decision sent to the lane"), "ok"),
                     "withdrawn": (self.tr("The lane closed the control before your decision: "
                                           "not recorded"), "warn"),
                     "lost": (self.tr("Your claim ran out and another analyst took the "
                                      "scan"), "warn"),
                     "released": (self.tr("Scan given back to the queue"), "")}
            text, status = words.get(event.how, (event.how, ""))
            if self.item is not None and self.item.request_id == event.request_id:
                self._show_item(None)
                self.note.clear()
            self.say(text, status)
            self.decided.emit(event.request_id, event.how)
        elif isinstance(event, OperationFailed):
            if event.operation in ("claim-scan", "decide-scan", "mark-region", "remove-region",
                                   "release-scan", "renew-claim"):
                self.say(event.message, "alarm")
                self.refused.emit(event.message)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closed = True
        super().closeEvent(event)
