"""One host thread per device: connect with backoff, run commands, probe, watch for stalls.

Usage::

    host = DeviceHost(device, probe_interval_s=2.0, watchdog_s=10.0)
    unsubscribe = host.subscribe(print)        # called on the host thread
    host.start()
    future = host.submit(MyCommand(...))       # enqueue only; never blocks the caller
    result = future.result(timeout=30)
    host.stop()                                # ordered: interrupt, close, join; no thread left

Commands are typed objects with ``execute(device, ctx) -> result`` (see :class:`Command`);
there is no string dispatch. Exceptions from a command reach the caller through its future
and are also published as :class:`~workstation.hosts.events.CommandFailed`.

Threads: the host thread owns the driver. A second, small watchdog thread only reads the
time of the last progress beat and, when a command stalls for ``watchdog_s``, publishes
:class:`~workstation.hosts.events.Stalled` (from the watchdog thread) and calls
``device.interrupt()`` so the blocked call returns. Every other event is published from
the host thread.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, Protocol

from devices.base import Device, DeviceError, DeviceUnavailable, Health, HealthState
from workstation.hosts.backoff import Backoff
from workstation.hosts.events import (
    CommandFailed,
    Connected,
    DeviceEvent,
    Frame,
    HealthChanged,
    HostStopped,
    Lost,
    Stalled,
)

log = logging.getLogger(__name__)

Subscriber = Callable[[DeviceEvent], None]


class HostStoppedError(RuntimeError):
    """The host was stopped before the command could run."""


class CommandContext:
    """Handed to a running command: publish events, beat the watchdog, see cancellation."""

    def __init__(self, host: DeviceHost) -> None:
        self._host = host

    @property
    def device_name(self) -> str:
        return self._host.device.name

    def emit(self, event: DeviceEvent) -> None:
        self._host._publish(event)

    @staticmethod
    def frame_event(*, device: str, image: Any, sequence: int) -> Frame:
        """The host's event for a new camera frame, for drivers' idle tasks (the camera's
        ``capture_idle``): drivers know no workstation types, the host hands its own."""
        return Frame(device=device, image=image, sequence=sequence)

    def beat(self) -> None:
        """Tell the watchdog the command is making progress (call at least every watchdog_s)."""
        self._host._last_beat = time.monotonic()

    @property
    def stopping(self) -> bool:
        """True once :meth:`DeviceHost.stop` was called; long commands should end early."""
        return self._host._stopping.is_set()


class Command(Protocol):
    """Work for the device, run on the host thread."""

    def execute(self, device: Any, ctx: CommandContext) -> Any:
        """Do the work with the (open) device; return the result for the caller's future."""
        ...


@dataclass
class _Job:
    command: Command
    future: Future[Any]


_STOP = object()

IdleTask = Callable[[Any, CommandContext], None]


class DeviceHost:
    """Owns one device on its own thread.

    ``open_timeout_s`` bounds each connection attempt; ``probe_interval_s`` is how often an
    idle device is probed; ``watchdog_s`` is how long a command may go without a progress
    beat before it counts as stalled; ``backoff`` paces reconnection attempts.
    ``idle_task`` (optional) runs every ``idle_interval_s`` while no command is queued
    (continuous capture, polling a handheld); it should return quickly.
    """

    def __init__(
        self,
        device: Device,
        *,
        open_timeout_s: float = 5.0,
        probe_interval_s: float = 2.0,
        watchdog_s: float = 10.0,
        backoff: Backoff | None = None,
        idle_task: IdleTask | None = None,
        idle_interval_s: float = 0.05,
    ) -> None:
        if probe_interval_s <= 0 or watchdog_s <= 0 or open_timeout_s <= 0:
            raise ValueError("host intervals must be > 0 s")
        self.device = device
        self.open_timeout_s = open_timeout_s
        self.probe_interval_s = probe_interval_s
        self.watchdog_s = watchdog_s
        self.backoff = backoff or Backoff()
        self.idle_task = idle_task
        self.idle_interval_s = idle_interval_s
        self._queue: queue.Queue[Any] = queue.Queue()
        self._subscribers: list[Subscriber] = []
        self._sub_lock = threading.Lock()
        self._stopping = threading.Event()
        self._connected = threading.Event()
        self._current: str | None = None
        self._last_beat = time.monotonic()
        self._stall_reported = False
        self._health: Health | None = None
        self._ctx = CommandContext(self)
        self._thread = threading.Thread(target=self._run, name=f"host-{device.name}")
        self._watchdog = threading.Thread(target=self._watch, name=f"watchdog-{device.name}")
        self._started = False

    # -- public API (any thread) ---------------------------------------------------------
    def subscribe(self, fn: Subscriber) -> Callable[[], None]:
        """Call ``fn(event)`` for every event; returns a function that unsubscribes."""
        with self._sub_lock:
            self._subscribers.append(fn)

        def unsubscribe() -> None:
            with self._sub_lock:
                if fn in self._subscribers:
                    self._subscribers.remove(fn)

        return unsubscribe

    def start(self) -> None:
        if self._started:
            raise RuntimeError(f"host {self.device.name}: already started")
        self._started = True
        self._thread.start()
        self._watchdog.start()

    def submit(self, command: Command) -> Future[Any]:
        """Queue ``command``; its future gets the result or the exception."""
        if self._stopping.is_set():
            raise HostStoppedError(f"host {self.device.name} is stopped")
        future: Future[Any] = Future()
        self._queue.put(_Job(command, future))
        return future

    def wait_connected(self, timeout_s: float) -> bool:
        """Block until connected (True) or ``timeout_s`` passes (False)."""
        return self._connected.wait(timeout_s)

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    @property
    def health(self) -> Health | None:
        return self._health

    def stop(self, timeout_s: float = 10.0) -> None:
        """Ordered shutdown: refuse new commands, interrupt the running one, fail the
        queued ones, dispose the device, join both threads. Idempotent."""
        self._stopping.set()
        self._queue.put(_STOP)
        if self._current is not None:
            self.device.interrupt()
        if self._started:
            self._thread.join(timeout_s)
            self._watchdog.join(timeout_s)
            if self._thread.is_alive():
                raise RuntimeError(
                    f"host {self.device.name}: thread did not stop within {timeout_s} s"
                )

    # -- host thread ---------------------------------------------------------------------
    def _publish(self, event: DeviceEvent) -> None:
        with self._sub_lock:
            subscribers = list(self._subscribers)
        for fn in subscribers:
            try:
                fn(event)
            except Exception:  # noqa: BLE001 - a faulty subscriber must not kill the host; logged
                log.exception("%s: subscriber %r failed on %r", self.device.name, fn, event)

    def _set_health(self, health: Health) -> None:
        previous = self._health
        self._health = health
        if previous is None or (previous.state, previous.detail) != (health.state, health.detail):
            self._publish(HealthChanged(device=self.device.name, health=health))

    def _run(self) -> None:
        name = self.device.name
        try:
            next_probe = 0.0
            while not self._stopping.is_set():
                if not self.device.is_open and not self._connect():
                    continue
                now = time.monotonic()
                wait = max(0.0, next_probe - now)
                if self.idle_task is not None:
                    wait = min(wait, self.idle_interval_s)
                try:
                    item = self._queue.get(timeout=wait)
                except queue.Empty:
                    item = None
                if item is _STOP:
                    break
                if isinstance(item, _Job):
                    self._execute(item)
                elif self.idle_task is not None:
                    self._run_idle()
                if self.device.is_open and time.monotonic() >= next_probe:
                    self._probe()
                    next_probe = time.monotonic() + self.probe_interval_s
        finally:
            self._connected.clear()
            self._fail_pending(HostStoppedError(f"host {name} stopped"))
            self.device.dispose()
            self._set_health(Health.offline("stopped"))
            self._publish(HostStopped(device=name))

    def _connect(self) -> bool:
        name = self.device.name
        try:
            self.device.open(self.open_timeout_s)
        except Exception as exc:  # noqa: BLE001 - see below
            # A DeviceError is the expected "not there"; anything else is a driver bug or an
            # OS error the driver did not wrap. Either way the host must live on, report the
            # device offline and retry, never die silently with the lane still running.
            if not isinstance(exc, DeviceError):
                log.exception("%s: unexpected error while opening", name)
                exc = DeviceError(f"{type(exc).__name__} while opening: {exc}")
            delay = self.backoff.next_delay()
            self._connected.clear()
            self._publish(Lost(device=name, reason=str(exc), retry_in_s=delay))
            self._set_health(Health.offline(str(exc)))
            self._wait_refusing_commands(delay, str(exc))
            return False
        self.backoff.reset()
        self._connected.set()
        self._publish(Connected(device=name, info=self.device.info))
        return True

    def _wait_refusing_commands(self, delay_s: float, reason: str) -> None:
        """Wait out a backoff delay; commands arriving meanwhile fail at once (offline)."""
        deadline = time.monotonic() + delay_s
        while not self._stopping.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            try:
                item = self._queue.get(timeout=remaining)
            except queue.Empty:
                return
            if item is _STOP:
                self._queue.put(_STOP)  # seen again by the main loop, which then exits
                return
            if isinstance(item, _Job):
                item.future.set_exception(
                    DeviceUnavailable(f"{self.device.name} is offline ({reason})", "retrying")
                )

    def _execute(self, job: _Job) -> None:
        name = self.device.name
        # What the officer reads in "connection lost during …": the command's own words
        # (``label``, e.g. "a scan") where it has them, else its class name.
        label = str(getattr(job.command, "label", "") or type(job.command).__name__)
        if not job.future.set_running_or_notify_cancel():
            return
        self._current = label
        self._stall_reported = False
        self._last_beat = time.monotonic()
        if self._stopping.is_set():
            # stop() may have looked at _current just before we set it: never start work
            # after stop, so that it needs no interrupt to finish.
            self._current = None
            job.future.set_exception(HostStoppedError(f"host {name} stopped"))
            return
        try:
            result = job.command.execute(self.device, self._ctx)
        except DeviceUnavailable as exc:
            job.future.set_exception(exc)
            self._publish(CommandFailed(device=name, command=label, reason=str(exc)))
            self.device.mark_lost()
        except DeviceError as exc:
            job.future.set_exception(exc)
            self._publish(CommandFailed(device=name, command=label, reason=str(exc)))
        except Exception as exc:  # noqa: BLE001 - a command bug reaches its caller via the future
            log.exception("%s: command %s raised", name, label)
            job.future.set_exception(exc)
            self._publish(CommandFailed(device=name, command=label, reason=repr(exc)))
        else:
            job.future.set_result(result)
        finally:
            self._current = None
        if not self.device.is_open:
            self._connected.clear()
            self._publish(Lost(device=name, reason=f"connection lost during {label}",
                               retry_in_s=0.0))
            self._set_health(Health.offline(f"connection lost during {label}"))

    def _run_idle(self) -> None:
        assert self.idle_task is not None
        job = _Job(_IdleCommand(self.idle_task), Future())
        self._execute(job)
        exc = job.future.exception()
        if exc is not None and not isinstance(exc, DeviceError):
            log.warning("%s: idle task failed: %r", self.device.name, exc)

    def _probe(self) -> None:
        try:
            health = self.device.probe()
        except DeviceUnavailable as exc:
            self.device.mark_lost()
            self._connected.clear()
            self._publish(Lost(device=self.device.name, reason=str(exc), retry_in_s=0.0))
            self._set_health(Health.offline(str(exc)))
            return
        except DeviceError as exc:
            health = Health(HealthState.DEGRADED, f"probe failed: {exc}")
        self._set_health(health)

    def _fail_pending(self, exc: Exception) -> None:
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if isinstance(item, _Job) and item.future.set_running_or_notify_cancel():
                item.future.set_exception(exc)

    # -- watchdog thread -----------------------------------------------------------------
    def _watch(self) -> None:
        period = min(self.watchdog_s / 4, 0.5)
        while not self._stopping.wait(period):
            label = self._current
            if label is None or self._stall_reported:
                continue
            idle = time.monotonic() - self._last_beat
            if idle >= self.watchdog_s:
                self._stall_reported = True
                self._publish(Stalled(device=self.device.name, command=label, seconds=idle))
                self.device.interrupt()


@dataclass
class _IdleCommand:
    fn: IdleTask

    def execute(self, device: Any, ctx: CommandContext) -> None:
        self.fn(device, ctx)
