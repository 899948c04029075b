"""Device health, always visible: one badge per device (icon + text, never colour alone),
and a banner across the window when a device is lost or comes back."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QStyle,
    QToolButton,
    QWidget,
)

from ui.bridge import DeviceHealth

# state -> (status property for the style sheet, standard icon, symbol in text)
_LOOK: dict[str, tuple[str, QStyle.StandardPixmap, str]] = {
    "ok": ("ok", QStyle.StandardPixmap.SP_DialogApplyButton, "✔"),
    "connecting": ("warn", QStyle.StandardPixmap.SP_BrowserReload, "…"),
    "degraded": ("warn", QStyle.StandardPixmap.SP_MessageBoxWarning, "!"),
    "lost": ("alarm", QStyle.StandardPixmap.SP_MessageBoxCritical, "✖"),
    "disabled": ("", QStyle.StandardPixmap.SP_DialogCancelButton, "–"),
    # taken out of service by the technician: not a failure, but not to be used
    "out_of_service": ("warn", QStyle.StandardPixmap.SP_DialogNoButton, "⊘"),
}


def _restyle(widget: QWidget, status: str) -> None:
    widget.setProperty("status", status)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class DeviceBadge(QWidget):
    """Icon plus "name: state" text for one device; the tooltip carries the detail."""

    def __init__(self, health: DeviceHealth, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icon = QLabel()
        self.text = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.setSpacing(4)
        layout.addWidget(self.icon)
        layout.addWidget(self.text)
        self.update_health(health)

    def state_text(self, state: str) -> str:
        return {
            "ok": self.tr("connected"),
            "connecting": self.tr("connecting"),
            "degraded": self.tr("degraded"),
            "lost": self.tr("DISCONNECTED"),
            "disabled": self.tr("disabled"),
            "out_of_service": self.tr("OUT OF SERVICE"),
        }.get(state, state)

    def update_health(self, health: DeviceHealth) -> None:
        self.health = health
        status, pixmap, _symbol = _LOOK.get(health.state, _LOOK["degraded"])
        icon: QIcon = self.style().standardIcon(pixmap)
        self.icon.setPixmap(icon.pixmap(QSize(16, 16)))
        # The icon carries the symbol; the text names the state in words.
        self.text.setText(f"{health.name}: {self.state_text(health.state)}")
        _restyle(self.text, status)
        tip = f"{health.name} ({health.kind}): {self.state_text(health.state)}"
        if health.detail:
            tip += f"\n{health.detail}"
        self.setToolTip(tip)
        self.setAccessibleName(tip)


class DeviceStatusBar(QWidget):
    """Row of :class:`DeviceBadge`; emits ``lost`` / ``restored`` on state changes."""

    lost = Signal(object)  # DeviceHealth
    restored = Signal(object)  # DeviceHealth

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.badges: dict[str, DeviceBadge] = {}
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.placeholder = QLabel(self.tr("No devices configured"))
        self._layout.addWidget(self.placeholder)

    def update_health(self, health: DeviceHealth) -> None:
        badge = self.badges.get(health.name)
        previous = badge.health.state if badge else None
        if badge is None:
            self.placeholder.hide()
            badge = DeviceBadge(health, self)
            self.badges[health.name] = badge
            self._layout.addWidget(badge)
        else:
            badge.update_health(health)
        if health.state == "lost" and previous != "lost":
            self.lost.emit(health)
        elif health.state == "ok" and previous == "lost":
            self.restored.emit(health)


class Banner(QFrame):
    """A full-width message: red for a lost device (stays until dismissed or restored),
    green for a restored one (hides itself after ``auto_hide_ms``)."""

    def __init__(self, parent: QWidget | None = None, auto_hide_ms: int = 8000) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.icon = QLabel()
        self.label = QLabel()
        self.label.setWordWrap(True)
        font = self.label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.label.setFont(font)
        self.close_button = QToolButton()
        self.close_button.setIcon(self.style().standardIcon(
            QStyle.StandardPixmap.SP_TitleBarCloseButton))
        self.close_button.setAccessibleName(self.tr("Dismiss message"))
        self.close_button.setToolTip(self.tr("Dismiss message"))
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.addWidget(self.icon)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self._auto_hide_ms = auto_hide_ms
        self._lost: set[str] = set()
        self.hide()

    def show_lost(self, health: DeviceHealth) -> None:
        self._lost.add(health.name)
        self._timer.stop()
        self._set(
            "alarm", QStyle.StandardPixmap.SP_MessageBoxCritical,
            self.tr("DEVICE LOST: %1 (%2). Work continues without it; it reconnects by itself. %3")
            .replace("%1", health.name).replace("%2", health.kind)
            .replace("%3", health.detail))

    def show_restored(self, health: DeviceHealth) -> None:
        self._lost.discard(health.name)
        if self._lost:
            return  # another device is still lost: keep that warning up
        self._set("ok", QStyle.StandardPixmap.SP_DialogApplyButton,
                  self.tr("Device back: %1 is connected again.").replace("%1", health.name))
        self._timer.start(self._auto_hide_ms)

    def show_warning(self, text: str) -> None:
        """A yellow message that stays until dismissed (e.g. a recovered draft)."""
        self._timer.stop()
        self._set("warn", QStyle.StandardPixmap.SP_MessageBoxWarning, text)

    def _set(self, status: str, pixmap: QStyle.StandardPixmap, text: str) -> None:
        self.icon.setPixmap(self.style().standardIcon(pixmap).pixmap(QSize(24, 24)))
        self.label.setText(text)
        self.setAccessibleName(text)
        _restyle(self, status)
        self.show()
