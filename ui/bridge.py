"""The Qt bridge: core events from worker and host threads become queued Qt signals.

The core (``workstation``, ``devices``) knows nothing of Qt: it calls plain callables from
its own threads. :class:`CoreBridge` is a ``QObject`` living on the main thread; each of
its ``on_*`` methods is such a callable and only *emits* a signal. Because the emitting
thread is not the bridge's thread, Qt queues the delivery (``Qt.QueuedConnection``
semantics of ``AutoConnection``), so slots always run on the main thread and never on a
device host.

Commands go the other way and are enqueue-only: :class:`Worker` owns one thread and one
queue; :meth:`Worker.submit` returns at once and the job's outcome comes back as the
``done`` / ``failed`` signals. The persistence writer (the only thread that touches the
database while the application runs) and the render worker (scan views) are workers.
"""

from __future__ import annotations

import logging
import queue
import threading
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeviceHealth:
    """One device's state as shown in the status bar.

    ``state`` is one of ``ok``, ``connecting``, ``degraded``, ``lost``, ``disabled``;
    ``detail`` is human text ("reconnecting in 4 s", "check cable and power").
    """

    name: str
    kind: str
    state: str
    detail: str = ""


class CoreBridge(QObject):
    """Re-emits core callbacks as Qt signals; every ``on_*`` method is thread-safe."""

    device_health = Signal(object)  # DeviceHealth
    camera_frame = Signal(object)  # QImage (or numpy uint8 H x W [x 3]), latest frame only
    plate_read = Signal(object)  # ui.lane.PlateReading
    scan_started = Signal(object)  # ui.lane.ScanHeader
    scan_lines = Signal(int, object)  # first line index, numpy uint16 array (lines, columns[, 2])
    scan_acquired = Signal(object)  # ui.scanner_link.AcquiredScan (corrected, not yet stored)
    scan_complete = Signal(object)  # ui.lane.ScanRecord
    scan_failed = Signal(str)
    findings = Signal(object)  # list[ui.lane.ModelFinding]
    handheld_reading = Signal(object)  # ui.lane.HandheldReading
    core_error = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Latest health per device, kept on the main thread, so a window opened later
        # (after login, after a language switch) shows the state at once.
        self.health: dict[str, DeviceHealth] = {}
        self.device_health.connect(self._remember_health)

    def _remember_health(self, health: DeviceHealth) -> None:
        self.health[health.name] = health

    def on_device_health(self, health: DeviceHealth) -> None:
        self.device_health.emit(health)

    def on_camera_frame(self, frame: Any) -> None:
        self.camera_frame.emit(frame)

    def on_plate_read(self, reading: Any) -> None:
        self.plate_read.emit(reading)

    def on_scan_started(self, header: Any) -> None:
        self.scan_started.emit(header)

    def on_scan_lines(self, first_line: int, block: Any) -> None:
        self.scan_lines.emit(first_line, block)

    def on_scan_acquired(self, scan: Any) -> None:
        self.scan_acquired.emit(scan)

    def on_scan_complete(self, record: Any) -> None:
        self.scan_complete.emit(record)

    def on_scan_failed(self, reason: str) -> None:
        self.scan_failed.emit(reason)

    def on_findings(self, findings: Any) -> None:
        self.findings.emit(findings)

    def on_handheld_reading(self, reading: Any) -> None:
        self.handheld_reading.emit(reading)

    def on_error(self, message: str) -> None:
        self.core_error.emit(message)


@dataclass
class _Job:
    ticket: str
    name: str
    fn: Callable[[], Any]
    on_done: Callable[[Any], None] | None = None
    on_failed: Callable[[str], None] | None = None
    owner: QObject | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def owner_alive(self) -> bool:
        """False once the widget that asked has been deleted: its callbacks are dropped."""
        return self.owner is None or shiboken6.isValid(self.owner)


class Worker(QObject):
    """One thread, one FIFO queue of jobs; results come back as queued signals.

    ``done(ticket, name, result)`` and ``failed(ticket, name, message)`` are emitted from
    the worker thread and delivered on the main thread. Per-job callbacks given to
    :meth:`submit` are invoked from those slots, i.e. on the main thread as well.
    """

    done = Signal(str, str, object)
    failed = Signal(str, str, str)
    idle = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._callbacks: dict[str, _Job] = {}
        self._pending = 0
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._loop, name=f"ui-{name}", daemon=False)
        self._stopped = False
        self.done.connect(self._dispatch_done)
        self.failed.connect(self._dispatch_failed)
        self._thread.start()

    @property
    def pending(self) -> int:
        """Jobs submitted and not yet finished."""
        with self._lock:
            return self._pending

    def submit(self, name: str, fn: Callable[[], Any], *,
               on_done: Callable[[Any], None] | None = None,
               on_failed: Callable[[str], None] | None = None,
               owner: QObject | None = None) -> str:
        """Queue ``fn`` (run on the worker thread); returns a ticket at once.

        ``owner``: the widget whose callbacks these are; if it is deleted before the job
        ends (window closed, language switched), the callbacks are not called.
        """
        if self._stopped:
            raise RuntimeError(f"worker {self._name} is stopped; cannot run {name}")
        job = _Job(uuid.uuid4().hex, name, fn, on_done, on_failed, owner)
        with self._lock:
            self._pending += 1
        self._callbacks[job.ticket] = job
        self._queue.put(job)
        return job.ticket

    def run_now(self, fn: Callable[[], Any], timeout_s: float = 30.0) -> Any:
        """Run ``fn`` on the worker and wait for it: only for start-up and shutdown paths
        (login, final draft flush) where the officer is waiting for exactly this answer."""
        box: dict[str, Any] = {}
        finished = threading.Event()

        def wrapped() -> None:
            try:
                box["result"] = fn()
            except BaseException as exc:  # noqa: BLE001 - handed back to the caller below
                box["error"] = exc
            finally:
                finished.set()

        self._queue.put(_Job("sync", "sync", wrapped))
        if not finished.wait(timeout_s):
            raise TimeoutError(f"worker {self._name} did not answer within {timeout_s} s")
        if "error" in box:
            raise box["error"]
        return box.get("result")

    def stop(self, timeout_s: float = 10.0) -> None:
        """Finish queued jobs, then end the thread (idempotent)."""
        if self._stopped:
            return
        self._stopped = True
        self._queue.put(None)
        self._thread.join(timeout_s)
        if self._thread.is_alive():
            log.error("worker %s did not stop within %s s", self._name, timeout_s)

    def _loop(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            if job.ticket == "sync":
                job.fn()
                continue
            try:
                result = job.fn()
            except Exception as exc:  # noqa: BLE001 - every failure becomes a failed event
                log.error("job %s failed:\n%s", job.name, traceback.format_exc())
                self.failed.emit(job.ticket, job.name, str(exc) or type(exc).__name__)
            else:
                self.done.emit(job.ticket, job.name, result)
            finally:
                with self._lock:
                    self._pending -= 1
                    empty = self._pending == 0
                if empty:
                    self.idle.emit()

    def _dispatch_done(self, ticket: str, _name: str, result: Any) -> None:
        job = self._callbacks.pop(ticket, None)
        if job is not None and job.on_done is not None and job.owner_alive():
            job.on_done(result)

    def _dispatch_failed(self, ticket: str, _name: str, message: str) -> None:
        job = self._callbacks.pop(ticket, None)
        if job is not None and job.on_failed is not None and job.owner_alive():
            job.on_failed(message)
