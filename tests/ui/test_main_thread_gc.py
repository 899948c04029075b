"""Reference cycles are collected on the main thread, never on a worker thread."""

from __future__ import annotations

import gc
import threading

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.main_thread_gc import MainThreadCollector


class _Node:
    """Part of a reference cycle; remembers the thread that freed it."""

    freed_on: list[str] = []

    def __init__(self) -> None:
        self.other: _Node | None = None

    def __del__(self) -> None:
        _Node.freed_on.append(threading.current_thread().name)


def _make_cycles(count: int) -> None:
    for _ in range(count):
        a, b = _Node(), _Node()
        a.other, b.other = b, a


def test_cycles_made_on_a_worker_thread_die_on_the_main_thread(qtbot: QtBot,
                                                               qapp: QApplication) -> None:
    was_enabled = gc.isenabled()  # the UI fixtures run a collector of their own
    collector = MainThreadCollector(qapp, interval_ms=20)
    collector.start()
    try:
        assert not gc.isenabled() and collector.active
        _Node.freed_on.clear()
        # Far more allocations than the youngest generation's threshold: CPython would
        # collect on this thread; with the collector it must not.
        worker = threading.Thread(target=_make_cycles, args=(5 * gc.get_threshold()[0],),
                                  name="device-host")
        worker.start()
        worker.join()
        assert "device-host" not in _Node.freed_on
        qtbot.waitUntil(lambda: len(_Node.freed_on) >= 2, timeout=5000)
        assert set(_Node.freed_on) == {threading.main_thread().name}
    finally:
        collector.stop()
        collector.deleteLater()
    assert gc.isenabled() == was_enabled  # handed back as it was


def test_stop_collects_what_is_left(qapp: QApplication) -> None:
    collector = MainThreadCollector(qapp, interval_ms=60_000)
    collector.start()
    _Node.freed_on.clear()
    _make_cycles(3)
    assert _Node.freed_on == []  # nothing collected automatically meanwhile
    collector.stop()
    collector.deleteLater()
    assert _Node.freed_on == [threading.main_thread().name] * 6
