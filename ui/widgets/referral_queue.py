"""The lane's referral queue: priority, deadline, channel, risk profiles, instructions;
filter by channel, free-text search, and the two ways to start: open the selected referral's
control, or a random control without referral."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.vocab import CHANNELS
from workstation.lane.types import HeldControl, ReferralRow

_Index = QModelIndex | QPersistentModelIndex
_CHANNEL_SHAPE = {"red": "■", "yellow": "▲", "green": "●", "blue": "◆"}


def channel_text(channel: str) -> str:
    """A risk channel as shape and word (never by colour alone), in the officer's language."""
    words = {"red": QCoreApplication.translate("Channel", "RED"),
             "yellow": QCoreApplication.translate("Channel", "YELLOW"),
             "green": QCoreApplication.translate("Channel", "GREEN"),
             "blue": QCoreApplication.translate("Channel", "BLUE")}
    return f"{_CHANNEL_SHAPE.get(channel, '')} {words.get(channel, channel)}".strip()


class ReferralModel(QAbstractTableModel):
    COLUMNS = ("priority", "deadline", "channel", "referral", "identity", "risk profiles")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ReferralRow] = []

    def set_rows(self, rows: list[ReferralRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return [self.tr("P"), self.tr("Deadline"), self.tr("Channel"),
                self.tr("Referral"), self.tr("Plate / container"),
                self.tr("Risk profiles")][section]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.UserRole:
            return row
        if role == Qt.ItemDataRole.UserRole + 1:  # sort key
            return [row.priority, row.deadline.timestamp() if row.deadline else 1e12,
                    CHANNELS.index(row.channel) if row.channel in CHANNELS else 9,
                    row.referral_id, " ".join(row.identities), ""][col]
        if role == Qt.ItemDataRole.UserRole + 2:  # search text
            return " ".join([row.referral_id, row.mrn or "", row.channel, *row.identities,
                             *row.risk_profiles, *row.instructions, *row.goods]).lower()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return str(row.priority)
            if col == 1:
                return _deadline_text(row.deadline)
            if col == 2:
                return channel_text(row.channel)
            if col == 3:
                return row.referral_id
            if col == 4:
                return ", ".join(row.identities)
            return "; ".join(p.split(" (")[0].split(":")[0] for p in row.risk_profiles)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join([*row.risk_profiles, *row.instructions])
        return None


def _deadline_text(deadline: datetime | None) -> str:
    if deadline is None:
        return "—"
    local = deadline.astimezone()
    minutes = int((deadline - datetime.now(UTC)).total_seconds() // 60)
    late = " ⚠ overdue" if minutes < 0 else f" (in {minutes // 60} h {minutes % 60:02d} min)"
    return local.strftime("%H:%M") + late


class _QueueFilter(QSortFilterProxyModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.channel = ""
        self.text = ""
        self.setSortRole(Qt.ItemDataRole.UserRole + 1)

    def set_filter(self, channel: str, text: str) -> None:
        self.channel, self.text = channel, text.strip().lower()
        self.invalidate()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        row: ReferralRow = model.data(index, Qt.ItemDataRole.UserRole)
        if self.channel and row.channel != self.channel:
            return False
        haystack: str = model.data(index, Qt.ItemDataRole.UserRole + 2)
        return all(word in haystack for word in self.text.split())


class ReferralQueue(QWidget):
    """Queue table with filters and details; emits the officer's choice to start a control."""

    open_requested = Signal(object)  # ReferralRow
    take_up_requested = Signal(str)  # id of a control returned to / handed to this officer
    random_requested = Signal()
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ReferralModel(self)
        self.proxy = _QueueFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        # What the officer needs at a glance comes first, so a 430-pixel dock shows it
        # without scrolling: priority, channel, plate / container, referral, risk; the
        # deadline (also in the details below) last. Only the view order changes.
        header = self.table.horizontalHeader()
        for visual, logical in enumerate((0, 2, 4, 3, 5, 1)):
            header.moveSection(header.visualIndex(logical), visual)
        self.table.setAccessibleName(self.tr("Referral queue"))
        self.table.doubleClicked.connect(lambda _i: self._open())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_details())

        self.channel = QComboBox()
        self.channel.addItem(self.tr("All channels"), "")
        for c in CHANNELS:
            self.channel.addItem(channel_text(c), c)
        self.channel.setAccessibleName(self.tr("Channel filter"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search plate, MRN, profile, goods…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search the queue"))
        self.channel.currentIndexChanged.connect(self._refilter)
        self.search.textChanged.connect(self._refilter)

        self.details = QTextBrowser()
        self.details.setAccessibleName(self.tr("Referral details"))
        self.details.setMaximumHeight(150)
        self.open_button = QPushButton(self.tr("Open control"))
        self.open_button.setToolTip(self.tr("Open a control for the selected referral (Ctrl+O)"))
        self.open_button.setShortcut("Ctrl+O")
        self.open_button.clicked.connect(self._open)
        self.random_button = QPushButton(self.tr("Random control"))
        self.random_button.setToolTip(self.tr("Open a control without referral (Ctrl+Shift+O)"))
        self.random_button.setShortcut("Ctrl+Shift+O")
        self.random_button.clicked.connect(self.random_requested)
        self.count = QLabel()

        # Controls this officer must come back to: returned by a supervisor (with the
        # comment) or handed over at shift change. Shown above the queue, only when any.
        self.held_title = QLabel()
        self.held_title.setProperty("status", "warn")
        self.held_list = QListWidget()
        self.held_list.setWordWrap(True)
        self.held_list.setMaximumHeight(120)
        self.held_list.setAccessibleName(self.tr("Controls returned or handed to you"))
        self.held_list.itemActivated.connect(
            lambda item: self.take_up_requested.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.held_title.hide()
        self.held_list.hide()

        heading = QLabel(self.tr("Referral queue"))
        heading.setObjectName("heading")
        filters = QHBoxLayout()
        filters.addWidget(self.channel)
        filters.addWidget(self.search, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count, 1)
        buttons.addWidget(self.random_button)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.held_title)
        layout.addWidget(self.held_list)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addLayout(buttons)
        self._update_count()

    def set_rows(self, rows: list[ReferralRow]) -> None:
        self.model.set_rows(rows)
        self._update_count()
        if self.proxy.rowCount():
            self.table.selectRow(0)

    def set_held(self, held: list[HeldControl]) -> None:
        """Controls returned to this officer (with the supervisor's comment) or handed over
        to them; activating one (double-click, Enter) takes it up."""
        self.held_list.clear()
        for h in held:
            if h.status == "returned":
                text = self.tr("RETURNED to you: %1 — %2").replace("%1", h.subject or h.control_id[:8])\
                    .replace("%2", h.review_comment or self.tr("no comment"))
            else:
                text = self.tr("Handed over to you: %1").replace("%1", h.subject or h.control_id[:8])
            item = QListWidgetItem(("↩ " if h.status == "returned" else "⇄ ") + text)
            item.setData(Qt.ItemDataRole.UserRole, h.control_id)
            item.setToolTip(self.tr("Double-click to work on this control"))
            self.held_list.addItem(item)
        self.held_title.setText(self.tr("%1 control(s) to finish — double-click to take up")
                                .replace("%1", str(len(held))))
        self.held_title.setVisible(bool(held))
        self.held_list.setVisible(bool(held))

    def selected(self) -> ReferralRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.proxy.data(rows[0], Qt.ItemDataRole.UserRole)

    def select_referral(self, referral_id: str) -> bool:
        for r in range(self.proxy.rowCount()):
            row: ReferralRow = self.proxy.data(self.proxy.index(r, 0), Qt.ItemDataRole.UserRole)
            if row.referral_id == referral_id:
                self.table.selectRow(r)
                return True
        return False

    def _refilter(self) -> None:
        self.proxy.set_filter(self.channel.currentData() or "", self.search.text())
        self._update_count()

    def _update_count(self) -> None:
        self.count.setText(self.tr("%1 of %2 referrals shown")
                           .replace("%1", str(self.proxy.rowCount()))
                           .replace("%2", str(self.model.rowCount())))

    def _show_details(self) -> None:
        row = self.selected()
        if row is None:
            self.details.clear()
            return
        esc = html.escape
        parts = [f"<b>{esc(row.referral_id)}</b> — {channel_text(row.channel)}"
                 f" — MRN {esc(row.mrn or '—')}"]
        parts.append("<b>" + self.tr("Risk profiles") + ":</b> "
                     + esc("; ".join(row.risk_profiles)))
        parts.append("<b>" + self.tr("Instructions") + ":</b> " + esc("; ".join(row.instructions)))
        if row.goods:
            parts.append("<b>" + self.tr("Goods") + ":</b> " + esc("; ".join(row.goods)))
        # The deadline column is the last one, often scrolled out of a narrow dock: here too.
        deadline = self.model.headerData(1, Qt.Orientation.Horizontal)  # "Deadline", translated
        parts.append(f"<b>{esc(deadline)}:</b> " + esc(_deadline_text(row.deadline)))
        self.details.setHtml("<br>".join(parts))

    def _open(self) -> None:
        row = self.selected()
        if row is not None:
            self.open_requested.emit(row)
