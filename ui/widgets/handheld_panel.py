"""Handheld devices: connected instruments, live values, "take reading" to attach the
reading to the open control as evidence, and alarms that cannot be missed (a large red
box with text and an icon that stays until the officer acknowledges it).

Alarms come with each value (:attr:`HandheldReading.alarms`: the instrument's own and the
lane's alarm rules': an identified nuclide, a dose rate over the threshold, ...). The box
lists every device in alarm not yet acknowledged. Once acknowledged, a device's live
stream (the RIID's dose rate, several samples a second) does not raise the box again
while its alarm lasts; it does again when the alarm has cleared and comes back, and for
every reading the officer takes. A device that gives no reading when asked says why in
its own row, until the next reading.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.finding_words import quantity_text, value_text
from workstation.lane.types import HandheldReading

log = logging.getLogger(__name__)


def _format_values(values: dict[str, tuple[object, str]]) -> str:
    return "\n".join(f"{quantity_text(name)}: {value_text({'value': value, 'unit': unit})}"
                     for name, (value, unit) in values.items())


class AlarmBox(QFrame):
    """The unmissable alarm: big text, icon, the word ALARM (not colour alone) and an
    acknowledge button; one line per device in alarm, until acknowledged."""

    acknowledged = Signal(object)  # {device: alarms} acknowledged together

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alarmBox")
        self.pending: dict[str, tuple[str, ...]] = {}  # device -> alarms, not acknowledged
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(QSize(48, 48)))
        self.text = QLabel()
        self.text.setWordWrap(True)
        font = self.text.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.text.setFont(font)
        self.ack = QPushButton(self.tr("Acknowledge alarm"))
        self.ack.setToolTip(self.tr("Acknowledge the alarm (Ctrl+K)"))
        self.ack.setShortcut("Ctrl+K")
        self.ack.setMinimumHeight(48)
        self.ack.clicked.connect(self._acknowledge)
        layout = QHBoxLayout(self)
        layout.addWidget(icon)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.ack)
        self.hide()

    def raise_alarm(self, device: str, alarms: tuple[str, ...]) -> None:
        """Show (or update) ``device``'s line; the box stays until acknowledged."""
        # Brought forward only when it appears or a device joins: the RIID's updates of a
        # pending alarm (4 a second) only change the text, they do not steal the focus.
        new = not self.isVisible() or device not in self.pending
        self.pending[device] = alarms
        message = "\n".join(
            self.tr("ALARM from %1: %2").replace("%1", name).replace("%2", ", ".join(texts))
            for name, texts in self.pending.items())
        self.text.setText(message)
        self.setAccessibleName(message)
        if new:
            self.show()
            self._bring_into_view()

    def _bring_into_view(self) -> None:
        # A closed or tabbed-away handheld dock would hide the box: show and raise it.
        widget = self.parentWidget()
        while widget is not None:
            if isinstance(widget, QDockWidget):
                if widget.isHidden():
                    widget.show()
                widget.raise_()
                break
            widget = widget.parentWidget()
        self.window().raise_()
        self.window().activateWindow()

    def _acknowledge(self) -> None:
        done, self.pending = self.pending, {}
        self.hide()
        self.acknowledged.emit(done)


class HandheldPanel(QWidget):
    """One row per device: name, live values (or why there is no reading), take-reading
    button; the alarm box above the rows."""

    take_requested = Signal(str)  # device name
    alarm_acknowledged = Signal(str, object)  # device name, its alarms (tuple[str, ...])

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.latest: dict[str, HandheldReading] = {}
        self.value_labels: dict[str, QLabel] = {}
        self.take_buttons: dict[str, QPushButton] = {}
        self.notes: dict[str, str] = {}  # device -> why it gave no reading / taking one
        self.lost: dict[str, str] = {}  # device -> why it is not connected
        self.acknowledged: set[str] = set()  # devices whose lasting alarm was acknowledged
        heading = QLabel(self.tr("Handheld devices"))
        heading.setObjectName("heading")
        self.alarm = AlarmBox()
        self.alarm.acknowledged.connect(self._acknowledged)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(1, 1)
        self.empty = QLabel(self.tr("No handheld device connected"))
        self.grid.addWidget(self.empty, 0, 0)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.alarm)
        layout.addLayout(self.grid)
        layout.addStretch(1)
        self.set_control_open(False)

    @property
    def alarm_device(self) -> str:
        """The first device in the alarm box ("" when none)."""
        return next(iter(self.alarm.pending), "")

    def set_control_open(self, is_open: bool) -> None:
        self._control_open = is_open
        for button in self.take_buttons.values():
            button.setEnabled(is_open)

    def add_device(self, name: str, kind: str) -> None:
        """A row for a connected device (before its first value), with its take button."""
        if name in self.value_labels:
            return
        self.empty.hide()
        row = len(self.value_labels)
        title = QLabel(f"<b>{name}</b><br>{kind}" if kind != name else f"<b>{name}</b>")
        values = QLabel(self.tr("connected, no value yet"))
        values.setWordWrap(True)
        # Room for a value, an alarm and a note without clipping: a wrapped label's height in
        # a grid is otherwise taken from its one-line size.
        values.setMinimumHeight(values.fontMetrics().lineSpacing() * 4)
        values.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        values.setAccessibleName(self.tr("Live values of %1").replace("%1", name))
        take = QPushButton(self.tr("Take reading"))
        shortcut = f"Ctrl+{row + 1}" if row < 9 else ""
        take.setToolTip(self.tr("Attach a reading of %1 to the control (%2)")
                        .replace("%1", name).replace("%2", shortcut))
        take.setAccessibleName(self.tr("Take reading with %1").replace("%1", name))
        if shortcut:
            take.setShortcut(shortcut)
        take.setEnabled(self._control_open)
        take.clicked.connect(lambda _=False, n=name: self._take(n))
        self.grid.addWidget(title, row, 0)
        self.grid.addWidget(values, row, 1)
        self.grid.addWidget(take, row, 2)
        self.value_labels[name] = values
        self.take_buttons[name] = take

    def _take(self, name: str) -> None:
        self.notes[name] = "… " + self.tr("taking a reading")
        self._show_row(name)
        self.take_requested.emit(name)

    def show_health(self, name: str, kind: str, state: str, detail: str = "") -> None:
        """A device's connection state (``state``: connecting, ok, degraded, lost); a lost
        device says so in its row, in words, until it is back."""
        self.add_device(name, kind)
        if state == "lost":
            self.lost[name] = "✖ " + self.tr("Not connected: %1").replace("%1", detail or "-")
        else:
            self.lost.pop(name, None)
        self._show_row(name)

    def show_reading(self, reading: HandheldReading) -> None:
        name = reading.device_name
        self.add_device(name, reading.device_kind)
        if reading.problem is not None:
            self.notes[name] = "✖ " + self.tr("No reading: %1").replace("%1", reading.problem)
            self._show_row(name)
            return
        if reading.taken:
            self.notes.pop(name, None)
            if not reading.values:
                self.notes[name] = "✖ " + self.tr("The device answered without any value")
        self.latest[name] = reading
        self._show_row(name)
        if not reading.alarms:
            self.acknowledged.discard(name)  # the alarm has cleared: the next one shows
            return
        if reading.taken or name not in self.acknowledged or name in self.alarm.pending:
            self.acknowledged.discard(name)
            self.alarm.raise_alarm(name, reading.alarms)

    def _show_row(self, name: str) -> None:
        reading = self.latest.get(name)
        lines = [n[name] for n in (self.lost, self.notes) if name in n]
        if reading is not None:
            lines.append(_format_values(reading.values))
            if reading.alarms:
                lines.append("⚠ " + ", ".join(reading.alarms))
        elif not lines:
            lines.append(self.tr("connected, no value yet"))
        label = self.value_labels[name]
        label.setText("\n".join(line for line in lines if line))
        status = "alarm" if reading is not None and reading.alarms else (
            "warn" if any(n.get(name, "").startswith("✖") for n in (self.lost, self.notes)) else "")
        label.setProperty("status", status)
        label.style().unpolish(label)
        label.style().polish(label)

    def _acknowledged(self, done: dict[str, tuple[str, ...]]) -> None:
        for name, alarms in done.items():
            self.acknowledged.add(name)
            log.info("alarm of %s acknowledged: %s", name, "; ".join(alarms))
            self.alarm_acknowledged.emit(name, alarms)
