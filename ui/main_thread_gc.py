"""Python's cyclic garbage collector, run on the main (GUI) thread only.

CPython collects reference cycles in whichever thread happens to allocate when a
generation's threshold is crossed. The lane runs Python on several threads (device hosts,
job queues, the render worker), so a cycle holding a Qt object that belongs to the main
thread — a closed window, a dialog, a bridge of an ended session — can be destroyed on a
device host's thread. Qt forbids that (widgets and timers must die in their own thread) and
the result is an occasional segmentation fault, not an exception. So the application turns
the automatic collector off and runs it from a timer on the main thread instead, with the
same per-generation thresholds CPython would use. Reference counting, which frees almost
everything, is unaffected: only cycles wait for the next tick.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_INTERVAL_MS = 500  # how long a cycle may wait for collection, at most (ms)


class MainThreadCollector(QObject):
    """Owns the collector while started: automatic collection off, timed collection on."""

    def __init__(self, parent: QObject | None = None,
                 interval_ms: int = CHECK_INTERVAL_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_due)
        self._was_enabled = False

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        if self.active:
            return
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        """Collect everything now (main thread), then hand collection back to CPython."""
        if not self.active:
            return
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()

    def collect_due(self) -> int:
        """Collect the oldest generation whose threshold is crossed; returns the number of
        unreachable objects found (0 when nothing was due)."""
        counts = gc.get_count()
        thresholds = gc.get_threshold()
        due = -1
        for generation, (count, threshold) in enumerate(zip(counts, thresholds, strict=False)):
            if threshold and count > threshold:
                due = generation
        return gc.collect(due) if due >= 0 else 0


def collect_on_main_thread(parent: QObject) -> MainThreadCollector:
    """Start a :class:`MainThreadCollector` that lives as long as ``parent`` (the app)."""
    collector = MainThreadCollector(parent)
    collector.start()
    return collector
