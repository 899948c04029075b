"""Idle lock: after the configured minutes without keyboard or mouse input the lane window
is hidden behind a lock dialog (a lane screen left alone shows plates, images and referral
data to whoever walks by). The session keeps the open control and its draft; the same
officer unlocks with their password, or logs out so another officer can log in (and take
over a control handed to them)."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton, QWidget

from ui.bridge import Worker
from ui.login import LoginDialog
from workstation.lane.gateway import LaneGateway

_INPUT = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
          QEvent.Type.Wheel, QEvent.Type.TouchBegin}


class IdleWatcher(QObject):
    """Emits ``idle`` once ``minutes`` pass without input anywhere in the application.

    Input is seen by an event filter on each top-level window (``QWindow``), not on the
    application: keys, clicks and moves reach the window before its widgets, and a window
    gets few other events. An application filter would run Python for every event of
    every object (hundreds a second while a scan renders), each time taking the GIL from
    whichever thread holds it: a sixth of the main thread's work in ``bench ui``, and
    stalls of 100 ms and more while another thread runs Python.
    """

    idle = Signal()

    def __init__(self, app: QApplication, minutes: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(1, round(minutes * 60_000)))
        self.timer.timeout.connect(self.idle)
        self.enabled = minutes > 0
        self._app = app
        self._watched: list[QWindow] = []
        if self.enabled:
            self._watch_windows()
            # A window shown later (a dialog, the second screen) is watched once it has
            # the focus, which it gets before any key reaches it.
            app.focusWindowChanged.connect(self._watch_windows)
            self.timer.start()

    def _watch_windows(self, *_: object) -> None:
        self._watched = [w for w in self._watched if shiboken6.isValid(w)]
        for window in self._app.topLevelWindows():
            if not any(window is w for w in self._watched):
                window.installEventFilter(self)
                self._watched.append(window)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in _INPUT and self.timer.isActive():
            self.timer.start()  # restart: the officer is there
        return False

    def resume(self) -> None:
        if self.enabled:
            self._watch_windows()
            self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        if self.enabled:
            self._app.focusWindowChanged.disconnect(self._watch_windows)
            for window in self._watched:
                if shiboken6.isValid(window):
                    window.removeEventFilter(self)
            self._watched = []
            self.enabled = False


class LockDialog(LoginDialog):
    """The login dialog for the officer who was working: their password unlocks; "Log out"
    ends their session (the control stays open, held by them, with its draft)."""

    def __init__(self, worker: Worker, gateway: LaneGateway, lane: str, username: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(worker, gateway, lane, parent, username=username)
        self.setWindowTitle(self.tr("Locked — lane %1").replace("%1", lane))
        self.username.setReadOnly(True)
        self.logged_out = False
        self.logout_button = QPushButton(self.tr("Log out (another officer)"))
        self.buttons.addButton(self.logout_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.logout_button.clicked.connect(self._log_out)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if cancel is not None:
            cancel.hide()  # a locked lane is unlocked or left, not dismissed

    def _log_out(self) -> None:
        self.logged_out = True
        self.reject()

    def reject(self) -> None:
        if not self.logged_out:
            return  # Esc does not unlock
        super().reject()
