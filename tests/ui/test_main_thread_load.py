"""Steady work the main thread no longer does (``bench ui``, issue 11): the idle lock sees
the officer's input at the top-level windows, not through an application-wide event filter
that would run Python (and take the GIL) for every event of every object while a scan
renders; camera frames are not scaled while the camera panel is hidden (a control open)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from ui.idle_lock import IdleWatcher
from ui.widgets.camera_panel import CameraPanel


class _CountingTimer:
    """Stands in for the watcher's QTimer: counts the restarts that input causes."""

    def __init__(self) -> None:
        self.starts = 0

    def isActive(self) -> bool:  # noqa: N802 - QTimer's name
        return True

    def start(self) -> None:
        self.starts += 1

    def stop(self) -> None:
        pass


def test_input_at_a_window_restarts_the_idle_timer_other_events_cost_nothing(
        qtbot: QtBot, qapp: QApplication) -> None:
    window = QWidget()
    field = QLineEdit(window)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    watcher = IdleWatcher(qapp, 10.0)
    watcher.timer.stop()
    counting = _CountingTimer()
    watcher.timer = counting  # type: ignore[assignment]
    try:
        handle = window.windowHandle()
        assert handle is not None
        # Input as the window system delivers it: to the window first, then its widget.
        QTest.keyClick(handle, Qt.Key.Key_A)
        after_key = counting.starts
        QTest.mouseClick(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(5, 5))
        assert after_key >= 1 and counting.starts > after_key
        # Events sent straight to an object (posted signals, timers, paints) do not pass
        # through the watcher: there is no application-wide filter.
        before = counting.starts
        for _ in range(10):
            QApplication.sendEvent(field, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_C,
                                                    Qt.KeyboardModifier.NoModifier, "c"))
            QApplication.sendEvent(field, QMouseEvent(
                QEvent.Type.MouseMove, QPointF(2, 2), QPointF(2, 2), Qt.MouseButton.NoButton,
                Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))
        assert field.text().endswith("c" * 10)  # delivered, yet not seen by the watcher
        assert counting.starts == before
    finally:
        watcher.stop()
        window.close()


def test_a_window_shown_later_is_watched_once_it_has_the_focus(
        qtbot: QtBot, qapp: QApplication) -> None:
    watcher = IdleWatcher(qapp, 10.0)
    watcher.timer.stop()
    counting = _CountingTimer()
    watcher.timer = counting  # type: ignore[assignment]
    later = QLineEdit()
    qtbot.addWidget(later)
    try:
        later.show()
        later.activateWindow()
        qtbot.waitExposed(later)
        handle = later.windowHandle()
        assert handle is not None
        qapp.focusWindowChanged.emit(handle)  # offscreen: focus moves only when told
        QTest.keyClick(handle, Qt.Key.Key_B)
        assert counting.starts >= 1
        assert later.text() == "b"  # the watcher only looks: the key still reaches the field
    finally:
        watcher.stop()
        later.close()


def test_a_hidden_camera_panel_keeps_the_latest_frame_and_shows_it_when_shown(
        qtbot: QtBot) -> None:
    panel = CameraPanel()
    qtbot.addWidget(panel)
    panel.resize(640, 480)
    panel.show()
    qtbot.waitExposed(panel)
    frame = np.zeros((54, 96, 3), np.uint8)
    frame[:, :48] = (255, 0, 0)  # left half red: the shown pixmap is this frame
    panel.show_frame(frame)
    shown = panel.frame.pixmap()
    assert not shown.isNull() and shown.width() > 96  # scaled up to the label
    panel.hide()
    panel.frame.clear()
    later = np.zeros((54, 96, 3), np.uint8)
    later[:, 48:] = (0, 0, 255)  # right half blue
    for _ in range(5):
        panel.show_frame(later)  # while hidden: kept, not scaled into the label
    assert panel.frame.pixmap().isNull()
    assert panel.latest is not None and panel.latest.width() == 96
    panel.show()
    qtbot.waitUntil(lambda: not panel.frame.pixmap().isNull(), timeout=30000)
    image = panel.frame.pixmap().toImage()
    right = image.pixelColor(image.width() - 2, image.height() // 2)
    assert (right.red(), right.blue()) == (0, 255)  # the latest frame, not the first
