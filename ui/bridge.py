"""The Qt bridge: lane events from core threads become queued Qt signals.

The core (``workstation``, ``devices``) knows nothing of Qt: its hosts, queues and the lane
session publish typed events (:mod:`workstation.lane.events`) from their own threads to a
:class:`~workstation.lane.events.LaneEvents` sink. :class:`CoreBridge` is that sink for the
application: a ``QObject`` living on the main thread whose :meth:`CoreBridge.publish` only
*emits* a signal. Because the emitting thread is not the bridge's thread, Qt queues the
delivery, so slots always run on the main thread and never on a device host.

:class:`Worker` gives the Qt side of a core :class:`~workstation.lane.jobs.JobQueue`:
:meth:`Worker.submit` returns at once and the job's outcome comes back as the ``done`` /
``failed`` signals, its callbacks called on the main thread (and dropped when the widget
that asked was deleted). The render worker (scan views) is one; the login dialogs use the
lane's persistence writer through one.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from workstation.lane.events import (
    CameraFrame,
    CoreError,
    DeviceHealth,
    HandheldReadingArrived,
    LaneEvent,
    PlateRead,
    ScanAcquired,
    ScanFailed,
    ScanLines,
    ScanStarted,
)
from workstation.lane.jobs import JobQueue

log = logging.getLogger(__name__)

__all__ = ["CoreBridge", "DeviceHealth", "Worker"]


class CoreBridge(QObject):
    """Re-emits lane events as Qt signals; :meth:`publish` is thread-safe."""

    device_health = Signal(object)  # DeviceHealth
    camera_frame = Signal(object)  # QImage, latest frame only
    plate_read = Signal(object)  # workstation.lane.types.PlateReading
    scan_started = Signal(object)  # workstation.lane.types.ScanHeader
    scan_lines = Signal(int, object)  # first line index, numpy uint16 (lines, columns, 2)
    scan_acquired = Signal(object)  # workstation.lane.scanner.AcquiredScan (not yet stored)
    scan_failed = Signal(str)
    handheld_reading = Signal(object)  # workstation.lane.types.HandheldReading
    core_error = Signal(str)
    lane_event = Signal(object)  # every other LaneEvent (the session's)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Latest health per device, kept on the main thread, so a window opened later
        # (after login, after a language switch) shows the state at once.
        self.health: dict[str, DeviceHealth] = {}
        self.device_health.connect(self._remember_health)

    def _remember_health(self, health: DeviceHealth) -> None:
        self.health[health.name] = health

    def publish(self, event: LaneEvent) -> None:
        """Any thread: one signal per event, delivered on the main thread."""
        if isinstance(event, ScanLines):
            self.scan_lines.emit(event.first_line, event.block)
        elif isinstance(event, CameraFrame):
            from ui.widgets.camera_panel import frame_to_qimage

            # Made a QImage here, on the host thread: the main thread only shows it.
            self.camera_frame.emit(frame_to_qimage(event.image))
        elif isinstance(event, DeviceHealth):
            self.device_health.emit(event)
        elif isinstance(event, PlateRead):
            self.plate_read.emit(event.reading)
        elif isinstance(event, ScanStarted):
            self.scan_started.emit(event.header)
        elif isinstance(event, ScanAcquired):
            self.scan_acquired.emit(event.acquired)
        elif isinstance(event, ScanFailed):
            self.scan_failed.emit(event.reason)
        elif isinstance(event, HandheldReadingArrived):
            self.handheld_reading.emit(event.reading)
        elif isinstance(event, CoreError):
            self.core_error.emit(event.message)
        else:
            self.lane_event.emit(event)

    def on_error(self, message: str) -> None:
        self.publish(CoreError(message))


def expected_refusal(exc: BaseException) -> bool:
    """True for the refusals of the lane's rules and devices, which the user is shown and
    which need no traceback in the log: the gateway's and the services' refusals, a bad
    value or an unknown name (``ValueError``, ``LookupError``) and a device's answer
    (``DeviceError``, which includes a device that cannot be reached)."""
    from devices.base import DeviceError
    from workstation.lane.drafts import DraftError
    from workstation.lane.gateway import GatewayError
    from workstation.services.controls import ControlError
    from workstation.services.findings import FindingError
    from workstation.services.users import UserError

    return isinstance(exc, GatewayError | ValueError | LookupError | DeviceError | ControlError
                      | FindingError | UserError | DraftError)


@dataclass
class _Callbacks:
    on_done: Callable[[Any], None] | None
    on_failed: Callable[[str], None] | None
    owner: QObject | None

    def owner_alive(self) -> bool:
        """False once the widget that asked has been deleted: its callbacks are dropped."""
        return self.owner is None or shiboken6.isValid(self.owner)


class Worker(QObject):
    """A core job queue seen from Qt: outcomes come back as queued signals.

    ``done(ticket, name, result)`` and ``failed(ticket, name, message)`` are emitted from
    the worker thread and delivered on the main thread; per-job callbacks given to
    :meth:`submit` are invoked from those slots, i.e. on the main thread as well.
    """

    done = Signal(str, str, object)
    failed = Signal(str, str, str)

    def __init__(self, name: str, parent: QObject | None = None,
                 jobs: JobQueue | None = None) -> None:
        """``jobs``: the core queue to use (shared, not stopped here); a new one otherwise."""
        super().__init__(parent)
        self._name = name
        self._own = jobs is None
        self.jobs = jobs if jobs is not None else JobQueue(name)
        self._callbacks: dict[str, _Callbacks] = {}
        self._lock = threading.Lock()
        self.done.connect(self._dispatch_done)
        self.failed.connect(self._dispatch_failed)

    @property
    def pending(self) -> int:
        """Jobs submitted and not yet finished (on the shared queue: everyone's)."""
        return self.jobs.pending

    def submit(self, name: str, fn: Callable[[], Any], *,
               on_done: Callable[[Any], None] | None = None,
               on_failed: Callable[[str], None] | None = None,
               owner: QObject | None = None) -> str:
        """Queue ``fn`` (run on the worker thread); returns a ticket at once.

        ``owner``: the widget whose callbacks these are; if it is deleted before the job
        ends (window closed, language switched), the callbacks are not called.
        """
        ticket = uuid.uuid4().hex
        with self._lock:
            self._callbacks[ticket] = _Callbacks(on_done, on_failed, owner)
        future = self.jobs.submit(name, fn)
        future.add_done_callback(lambda f: self._finished(ticket, name, f))
        return ticket

    def _finished(self, ticket: str, name: str, future: Future[Any]) -> None:
        exc = future.exception()
        if exc is None:
            self.done.emit(ticket, name, future.result())
        elif expected_refusal(exc):
            # A refusal the user is told about (wrong password, a rule of the record, a
            # device that does not answer): one line, no traceback.
            log.warning("job %s refused: %s", name, exc)
            self.failed.emit(ticket, name, str(exc) or type(exc).__name__)
        else:
            log.error("job %s failed: %s", name, exc, exc_info=exc)
            self.failed.emit(ticket, name, str(exc) or type(exc).__name__)

    def run_now(self, fn: Callable[[], Any], timeout_s: float = 30.0) -> Any:
        """Run ``fn`` on the worker and wait for it: only for start-up and shutdown paths
        (login, final draft flush) where the officer is waiting for exactly this answer."""
        if self.jobs.on_thread():
            return fn()
        return self.jobs.submit("run-now", fn).result(timeout=timeout_s)

    def stop(self, timeout_s: float = 10.0) -> None:
        """Finish queued jobs, then end the thread, when the queue is this worker's own."""
        if self._own:
            self.jobs.stop(timeout_s)

    def _dispatch_done(self, ticket: str, _name: str, result: Any) -> None:
        with self._lock:
            job = self._callbacks.pop(ticket, None)
        if job is not None and job.on_done is not None and job.owner_alive():
            job.on_done(result)

    def _dispatch_failed(self, ticket: str, _name: str, message: str) -> None:
        with self._lock:
            job = self._callbacks.pop(ticket, None)
        if job is not None and job.on_failed is not None and job.owner_alive():
            job.on_failed(message)
