"""Handheld devices: connected instruments, live values, "take reading" to attach the
reading to the open control as evidence, and alarms that cannot be missed (a large red
box with text and an icon that stays until the officer acknowledges it)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from workstation.lane.types import HandheldReading


def _format_values(values: dict[str, tuple[object, str]]) -> str:
    parts = []
    for name, (value, unit) in values.items():
        shown = f"{value:.3g}" if isinstance(value, float) else str(value)
        parts.append(f"{name.replace('_', ' ')}: {shown} {unit}".strip())
    return "\n".join(parts)


class AlarmBox(QFrame):
    """The unmissable alarm: big text, icon, and an acknowledge button."""

    acknowledged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alarmBox")
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
        self.ack.clicked.connect(self._acknowledge)
        layout = QHBoxLayout(self)
        layout.addWidget(icon)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.ack)
        self.hide()

    def raise_alarm(self, device: str, alarms: tuple[str, ...]) -> None:
        message = self.tr("ALARM from %1: %2").replace("%1", device).replace("%2", ", ".join(alarms))
        self.text.setText(message)
        self.setAccessibleName(message)
        self.show()
        self.window().raise_()
        self.window().activateWindow()

    def _acknowledge(self) -> None:
        self.hide()
        self.acknowledged.emit()


class HandheldPanel(QWidget):
    """One row per device: name, live values, take-reading button."""

    take_requested = Signal(str)  # device name
    alarm_acknowledged = Signal(str)  # device name

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.latest: dict[str, HandheldReading] = {}
        self.value_labels: dict[str, QLabel] = {}
        self.take_buttons: dict[str, QPushButton] = {}
        self.alarm_device = ""
        heading = QLabel(self.tr("Handheld devices"))
        heading.setObjectName("heading")
        self.alarm = AlarmBox()
        self.alarm.acknowledged.connect(lambda: self.alarm_acknowledged.emit(self.alarm_device))
        self.grid = QGridLayout()
        self.empty = QLabel(self.tr("No handheld device connected"))
        self.grid.addWidget(self.empty, 0, 0)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.alarm)
        layout.addLayout(self.grid)
        layout.addStretch(1)
        self.set_control_open(False)

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
        title = QLabel(f"<b>{name}</b><br>{kind}")
        values = QLabel(self.tr("connected, no value yet"))
        values.setAccessibleName(self.tr("Live values of %1").replace("%1", name))
        take = QPushButton(self.tr("Take reading"))
        shortcut = f"Ctrl+{row + 1}" if row < 9 else ""
        take.setToolTip(self.tr("Attach a reading of %1 to the control (%2)")
                        .replace("%1", name).replace("%2", shortcut))
        take.setAccessibleName(self.tr("Take reading with %1").replace("%1", name))
        if shortcut:
            take.setShortcut(shortcut)
        take.setEnabled(self._control_open)
        take.clicked.connect(lambda _=False, n=name: self.take_requested.emit(n))
        self.grid.addWidget(title, row, 0)
        self.grid.addWidget(values, row, 1)
        self.grid.addWidget(take, row, 2)
        self.value_labels[name] = values
        self.take_buttons[name] = take

    def show_reading(self, reading: HandheldReading) -> None:
        name = reading.device_name
        self.add_device(name, reading.device_kind)
        self.latest[name] = reading
        text = _format_values(reading.values)
        if reading.alarms:
            text += "\n⚠ " + ", ".join(reading.alarms)
        label = self.value_labels[name]
        label.setText(text)
        label.setProperty("status", "alarm" if reading.alarms else "")
        label.style().unpolish(label)
        label.style().polish(label)
        if reading.alarms and (self.alarm.isHidden() or self.alarm_device != name):
            self.alarm_device = name
            self.alarm.raise_alarm(name, reading.alarms)
