"""Device hosts of the lane, as typed lane events.

For each configured device the registry makes the driver and, when ``simulated``, starts
its simulator at the far end of the real transport (a process on TCP for the scanner, an
HTTP MJPEG server for the camera, ptys for the handhelds); a ``DeviceHost`` owns the
driver on its own thread. The simulator handle is kept here (the registry's
``create_with_simulator``, the same path as ``create_device``) so a test, the bench
or a demonstration can pull a simulator away (:meth:`LaneDevices.pull`) mid-flow.

Per kind: the camera host captures continuously (``capture_idle``) and a
:class:`~workstation.lane.plate_reader.PlateReader` reads its latest frame; the scanner gets a
:class:`~workstation.lane.scanner.ScannerLink`; the RIID streams dose-rate samples; every handheld
answers ``TakeReading``. Host events arrive here on host threads and are only translated
and forwarded to the bridge's thread-safe ``on_*`` callables, which queue them to the Qt
main thread.

Alarms: every handheld value the officer sees carries the alarms of the lane's alarm rules
(:mod:`workstation.services.alarm_rules`, thresholds of ``[alarms]`` under the device's
``[devices.alarm_rules]``) besides the instrument's own, so a nuclide identified with
enough confidence or a dose rate over the threshold raises the alarm box whatever the
instrument's own alarm level; a reading that could not be taken comes as a
:class:`~workstation.lane.types.HandheldReading` with ``problem`` set, for the device's row.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

import numpy as np

from workstation.config import DeviceConfig
from workstation.lane.events import (
    CameraFrame,
    CoreError,
    DeviceHealth,
    HandheldReadingArrived,
    LaneEvents,
    PlateRead,
)
from workstation.lane.plate_reader import PlateReader
from workstation.lane.scanner import ScannerLink
from workstation.lane.types import HandheldReading

if TYPE_CHECKING:
    from workstation.services.alarm_rules import AlarmThresholds

log = logging.getLogger(__name__)
HANDHELD_KINDS = ("riid", "substance", "density", "barcode")
DISPLAY_WIDTH = 480  # camera frames are shown small: halve a 960-pixel frame on the host thread


def display_frame(image: np.ndarray) -> np.ndarray:
    """A BGR camera frame as a small RGB copy for the panel (the host keeps the original)."""
    step = max(1, image.shape[1] // DISPLAY_WIDTH)
    small = image[::step, ::step]
    return np.ascontiguousarray(small[..., ::-1] if small.ndim == 3 else small)


def _pairs(values: dict[str, Any]) -> dict[str, tuple[Any, str]]:
    """``{name: {"value", "unit"}}`` (driver readings) -> ``{name: (value, unit)}``."""
    out: dict[str, tuple[Any, str]] = {}
    for name, quantity in values.items():
        if isinstance(quantity, dict):
            out[name] = (quantity.get("value"), str(quantity.get("unit", "")))
        else:
            out[name] = (quantity, "")
    return out


def _rule_alarms(kind: str, values: dict[str, Any], own: tuple[str, ...] = (),
                 thresholds: AlarmThresholds | None = None) -> tuple[str, ...]:
    """The instrument's ``own`` alarms, then those of the lane's alarm rules for ``values``
    (``{name: {"value", "unit"}}``) that it did not raise itself, in that order."""
    from workstation.services.alarm_rules import evaluate

    rules = tuple(s.description for s in evaluate(kind, values, thresholds))
    return tuple(dict.fromkeys((*own, *rules)))


def translate(event: Any, kind: str, sink: LaneEvents,
              thresholds: AlarmThresholds | None = None) -> None:
    """Publish one host event (``workstation.hosts.events``) as a lane event; handheld
    values get the alarm rules' alarms by ``thresholds`` (the defaults when None)."""
    from workstation.hosts import events as ev
    from workstation.services.readings import DoseRateEvent, HandheldReadingEvent

    name = event.device
    if isinstance(event, ev.Connected):
        info = event.info
        sink.publish(DeviceHealth(name, kind, "ok", f"{info.vendor} {info.model}"))
    elif isinstance(event, ev.Lost):
        sink.publish(DeviceHealth(
            name, kind, "lost", f"{event.reason}; retry in {event.retry_in_s:.0f} s"))
    elif isinstance(event, ev.HealthChanged):
        state = {"ok": "ok", "degraded": "degraded"}.get(
            getattr(event.health.state, "value", str(event.health.state)), "lost")
        sink.publish(DeviceHealth(name, kind, state, event.health.text))
    elif isinstance(event, ev.Stalled):
        sink.publish(DeviceHealth(
            name, kind, "degraded", f"{event.command} stalled for {event.seconds:.0f} s"))
    elif isinstance(event, ev.Frame):
        # Shrunk here, on the host thread: the front end only shows it.
        sink.publish(CameraFrame(name, display_frame(event.image)))
    elif isinstance(event, DoseRateEvent):  # live value, before the taken-reading case
        # The stream's alarm is judged on the peak of every sample since the last event
        # (by the same thresholds, given to its idle task), not only on the newest value.
        sink.publish(HandheldReadingArrived(HandheldReading(
            name, kind, _pairs(event.values), (event.alarm,) if event.alarm else (), event.raw)))
    elif isinstance(event, HandheldReadingEvent):
        typed = event.reading
        sink.publish(HandheldReadingArrived(HandheldReading(
            name, typed.kind, _pairs(event.values),
            _rule_alarms(typed.kind, event.values, tuple(typed.alarms()), thresholds), typed.raw,
            typed.media_type, taken=True, event=event)))
    elif isinstance(event, ev.Reading):
        sink.publish(HandheldReadingArrived(HandheldReading(
            name, kind, _pairs(event.values), _rule_alarms(kind, event.values, thresholds=thresholds),
            event.raw)))
    elif isinstance(event, ev.CommandFailed):
        sink.publish(CoreError(f"{name}: {event.command} failed: {event.reason}"))


class LaneDevices:
    """Starts a host per enabled device and stops them all, in reverse order."""

    def __init__(self, configs: list[DeviceConfig], sink: LaneEvents, *,
                 riid_real_time_s: float = 30.0, read_plates: bool = True,
                 model_trust: Any = None, alarms: AlarmThresholds | None = None) -> None:
        """``model_trust``: the keys the plate readers' OCR manifest may be signed by
        (``workstation.inference.settings.trust_for`` of the lane's ``[models]``);
        ``alarms``: the lane-wide alarm thresholds (``[alarms]``; the defaults when None),
        which each device's ``[devices.alarm_rules]`` overrides."""
        self.configs = [c for c in configs if c.enabled]
        self.alarms = alarms
        self.thresholds: dict[str, AlarmThresholds] = {}  # per started device
        self.model_trust = model_trust
        self.sink = sink
        self.riid_real_time_s = riid_real_time_s
        self.read_plates = read_plates
        self.hosts: dict[str, Any] = {}
        self.kinds: dict[str, str] = {}
        self.simulators: dict[str, Any] = {}
        self.scanner: ScannerLink | None = None
        self.plate_readers: list[PlateReader] = []
        self.problems: list[str] = []

    def start(self) -> None:
        from workstation.hosts.host import DeviceHost
        from workstation.services.alarm_rules import AlarmThresholds

        for config in self.configs:
            self.kinds[config.name] = config.kind
            try:
                thresholds = AlarmThresholds.for_device(config.name, config.model_dump(), self.alarms)
                device = self._make(config)
            except (OSError, ValueError, RuntimeError) as exc:  # a refused device: shown, others go on
                self._refused(config, exc)
                continue
            idle: Callable[[Any, Any], None] | None = None
            interval = 0.05
            if config.kind == "camera":
                from devices.camera.driver import capture_idle

                idle, interval = capture_idle, 0.005
            elif config.kind in HANDHELD_KINDS:
                from workstation.services.readings import idle_task_for

                idle = idle_task_for(device, thresholds)
            self.thresholds[config.name] = thresholds
            host = DeviceHost(device, open_timeout_s=10.0, idle_task=idle, idle_interval_s=interval)
            host.subscribe(functools.partial(translate, kind=config.kind, sink=self.sink,
                                             thresholds=thresholds))
            if config.kind == "xray" and self.scanner is None:
                self.scanner = ScannerLink(host, self.sink, simulated=config.simulated)
            self.sink.publish(DeviceHealth(config.name, config.kind, "connecting"))
            host.start()
            self.hosts[config.name] = host
            if config.kind == "camera" and self.read_plates:
                reader = PlateReader(
                    config.name, device.latest,
                    lambda reading: self.sink.publish(PlateRead(reading)),
                    on_error=lambda message: self.sink.publish(CoreError(message)),
                    trust=self.model_trust)
                reader.start()
                self.plate_readers.append(reader)

    def _make(self, config: DeviceConfig) -> Any:
        """The driver, with its simulator started first when ``simulated`` (kept in
        :attr:`simulators` and stopped by the device's ``dispose``)."""
        from devices.registry import RegistryError, create_with_simulator

        try:
            device, handle = create_with_simulator(config)
        except RegistryError as exc:
            raise ValueError(str(exc)) from None
        if handle is not None:
            self.simulators[config.name] = handle
        return device

    def _refused(self, config: DeviceConfig, exc: BaseException) -> None:
        self.problems.append(f"{config.name}: {exc}")
        log.error("device %s not started: %s", config.name, exc)
        self.sink.publish(DeviceHealth(config.name, config.kind, "lost", str(exc)))

    # --- commands (any thread; enqueue only) -----------------------------------------------

    def handhelds(self) -> list[tuple[str, str]]:
        """(name, kind) of every started handheld device."""
        return [(n, self.kinds[n]) for n in self.hosts if self.kinds[n] in HANDHELD_KINDS]

    def take_reading(self, name: str) -> Future[Any]:
        """Ask handheld ``name`` for one reading; it arrives as a *taken* reading event."""
        from workstation.services.readings import TakeReading

        host = self.hosts.get(name)
        if host is None:
            raise KeyError(f"no handheld device {name!r} is running")
        future: Future[Any] = host.submit(TakeReading(real_time_s=self.riid_real_time_s))
        future.add_done_callback(lambda f: self._no_reading(name, f))
        return future

    def _no_reading(self, name: str, future: Future[Any]) -> None:
        """A reading that failed (no answer in time, NOREAD, device lost, host stopped) is
        published for the device's row as a reading with ``problem``; the host has put
        the failure in the status line already (``CommandFailed``)."""
        if future.cancelled():
            return
        exc = future.exception()
        if exc is not None:
            self.sink.publish(HandheldReadingArrived(HandheldReading(
                name, self.kinds.get(name, ""), {}, problem=str(exc) or type(exc).__name__)))

    def camera_snapshot(self) -> tuple[str, bytes | None]:
        """(camera name, latest frame as JPEG) of the lane camera, now; ("", None) when the
        lane has no camera or it has no frame yet. Any thread (the frame is kept by the
        camera's host; encoding it takes a few milliseconds)."""
        from workstation.lane.plate_reader import jpeg_of

        for name, host in self.hosts.items():
            if self.kinds.get(name) == "camera":
                frame = host.device.latest()
                return name, (jpeg_of(frame.image) if frame is not None else None)
        return "", None

    def set_plate_reading(self, active: bool) -> None:
        """Pause / resume plate reading (paused while a control is open)."""
        for reader in self.plate_readers:
            reader.set_active(active)

    def pull(self, name: str) -> None:
        """Take device ``name``'s simulator away (as if the cable were pulled): the driver
        loses its far end and the host reports the loss and keeps retrying."""
        handle = self.simulators.get(name)
        if handle is None:
            raise KeyError(f"device {name!r} has no simulator to pull")
        handle.close()

    def stop(self) -> None:
        for reader in self.plate_readers:
            reader.stop()
        self.plate_readers.clear()
        for host in reversed(list(self.hosts.values())):
            try:
                host.stop()
            except RuntimeError as exc:
                log.error("%s", exc)
            host.device.dispose()
        self.hosts.clear()
