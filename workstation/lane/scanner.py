"""The lane's x-ray scanner: calibrated line blocks while a scan streams, the corrected scan
when it ends — the one scan pipeline the application, the headless demo and tests share.

The scanner's :class:`~workstation.hosts.host.DeviceHost` owns the driver and the line
buffer. :class:`CorrectedScan` is the host command: it takes the dark and flat calibration
lines when the detector in front of it has none in force (calibrations are keyed by the
detector's identity and geometry, so another detector — a replaced board, another scanner
on the same address — is never corrected with the old maps), then runs
:class:`~workstation.hosts.xray.ScanObject`. The scanner's geometry (pixel pitch, energy
pair, scanner class) comes from the driver (its identity reply or its configuration),
never from a simulator's scene catalogue.

Every ``ScanProgress`` event arrives on the host thread *between* two blocks, when the
driver is not writing, so :class:`ScannerLink` copies the new lines out of the host's
buffer there, corrects them (offset / gain / bad pixels,
:mod:`workstation.imaging.correction`) into one (lines, pixels, 2) buffer that the viewer
shares (announced with the :class:`~workstation.lane.types.ScanHeader`): rows once written
are final, so a front end copies nothing. Block announcements are coalesced to at most one
per :data:`EMIT_INTERVAL_S`. At ``ScanComplete`` the corrected scan is already whole and
is published as an :class:`AcquiredScan` whose ``scan_id`` is the id the scan keeps from
the wire to the database row and its DICOS file.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np

from devices.base import DeviceError
from devices.xray.interface import ArmParameters, LineBuffer, ScannerGeometry
from workstation.hosts import events as ev
from workstation.hosts.host import CommandContext, DeviceHost
from workstation.hosts.xray import CalibrateDetector, DetectorCalibration, InjectedFault, ScanObject
from workstation.imaging.calibration import Calibration
from workstation.imaging.correction import correct_channel
from workstation.imaging.scan import DualEnergyScan
from workstation.lane.events import (
    LaneEvent,
    LaneEvents,
    ScanAcquired,
    ScanFailed,
    ScanLines,
    ScanStarted,
)
from workstation.lane.types import ScanHeader

log = logging.getLogger(__name__)
CALIBRATION_LINES = 128  # per dark / flat acquisition: noise of the means ~1/11 of one line
EMIT_INTERVAL_S = 0.03  # at most one ScanLines event per 30 ms: a viewer renders every 60 ms


class StreamingBuffer(LineBuffer):
    """A :class:`LineBuffer` that remembers the view it handed out last (the scan in progress)."""

    def __init__(self) -> None:
        super().__init__()
        self.view: np.ndarray | None = None

    def reserve(self, energies: int, lines: int, pixels: int) -> np.ndarray:
        self.view = super().reserve(energies, lines, pixels)
        return self.view


@dataclass(frozen=True)
class AcquiredScan:
    """A finished acquisition, corrected: what the lane stores and analyses.

    ``scan_id`` is the scan's id everywhere (database row, DICOS SOP instance, events);
    ``kind`` the scan kind of the scanner (``parcel``, ``cargo``); ``complete`` False with
    ``reason`` when the scanner stopped early (the lines received are kept).
    """

    scan_id: uuid.UUID
    kind: str
    scan: DualEnergyScan
    device: str
    complete: bool
    reason: str = ""
    warnings: tuple[str, ...] = ()

    @property
    def scan_key(self) -> str:
        return self.scan_id.hex


@dataclass(frozen=True)
class DetectorCalibrated(LaneEvent):
    """New calibration maps are in force for ``detector`` of scanner ``device``: the lane
    session records them as a device check (who, when, the values)."""

    device: str
    detector: str
    calibration: DetectorCalibration = field(repr=False)

    def measured(self) -> dict[str, Any]:
        cal = self.calibration.calibration
        return {**self.calibration.describe(), "detector": self.detector,
                "dark_low_mean": round(float(np.mean(cal.dark_low)), 2),
                "dark_high_mean": round(float(np.mean(cal.dark_high)), 2),
                "flat_low_mean": round(float(np.mean(cal.flat_low)), 2),
                "flat_high_mean": round(float(np.mean(cal.flat_high)), 2)}


def detector_key(device: Any) -> str:
    """Identity of the detector in front of the driver: vendor, model, serial, firmware and
    geometry. A change of any of them invalidates the calibration in force."""
    info = device.info
    geometry: ScannerGeometry = device.geometry
    return (f"{info.vendor}/{info.model}/{info.serial}/{info.firmware}/"
            f"{geometry.scanner_class}/{geometry.energy_pair}/{geometry.pixel_mm:g}mm")


@dataclass
class _Stream:
    scan_id: uuid.UUID
    geometry: ScannerGeometry
    calibration: Calibration
    calibration_summary: dict[str, Any]
    corrected: np.ndarray | None = None  # (lines, pixels, 2) uint16 transmission, low / high
    done: int = 0  # lines corrected
    announced: int = 0  # lines published
    announced_at: float = float("-inf")  # clock() of the last ScanLines event
    header_sent: bool = False


@dataclass
class CorrectedScan:
    """Host command: calibration when the detector has none in force, then one object scan."""

    link: ScannerLink
    params: ArmParameters | None = None
    fault: InjectedFault | None = None
    label: str = "a scan"

    def execute(self, device: Any, ctx: CommandContext) -> Any:
        key = detector_key(device)
        calibration = self.link.calibration_for(key)
        if calibration is None:
            try:
                calibration = CalibrateDetector(LineBuffer(), CALIBRATION_LINES,
                                                params=self.params).execute(device, ctx)
            except DeviceError as exc:
                raise RuntimeError(f"calibration failed: {exc}") from None
            self.link.calibrated(key, calibration)
        if self.fault is not None and not self.link.simulated:
            raise RuntimeError("faults can only be injected into a simulated scanner")
        self.link.begin(device.geometry, calibration)
        return ScanObject(self.link.buffer, self.params, None, self.fault).execute(device, ctx)


class ScannerLink:
    """Runs scans on one scanner host and publishes them as lane events (module docstring)."""

    def __init__(self, host: DeviceHost, sink: LaneEvents, *, simulated: bool,
                 params: ArmParameters | None = None, emit_interval_s: float = EMIT_INTERVAL_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        """``emit_interval_s``: least time between two ``ScanLines`` events (the last lines
        of a scan are always sent); ``clock`` in seconds (tests pass a fake one)."""
        self.host = host
        self.emit_interval_s = emit_interval_s
        self.clock = clock
        self.sink = sink
        self.simulated = simulated
        self.params = params
        self.buffer = StreamingBuffer()
        self._calibrations: dict[str, DetectorCalibration] = {}
        self._stream: _Stream | None = None
        self._lock = threading.Lock()
        host.subscribe(self._on_event)

    @property
    def name(self) -> str:
        return str(self.host.device.name)

    def scan(self, fault: InjectedFault | None = None,
             params: ArmParameters | None = None) -> Future[Any]:
        """Queue one scan of what is in the tunnel (a simulator renders the scene of its
        own settings); the outcome arrives as lane events, the future holds the driver's
        :class:`~devices.xray.interface.ScanResult`."""
        return self.host.submit(CorrectedScan(self, params or self.params, fault))

    def calibration_for(self, detector: str) -> DetectorCalibration | None:
        with self._lock:
            return self._calibrations.get(detector)

    def invalidate_calibration(self) -> None:
        """Forget every calibration in force (the technician recalibrates at the next scan)."""
        with self._lock:
            self._calibrations.clear()

    # --- host thread ------------------------------------------------------------------

    def calibrated(self, detector: str, taken: DetectorCalibration) -> None:
        with self._lock:
            # Only the detector now in front of the driver keeps maps: another one's are stale.
            self._calibrations = {detector: taken}
        self.sink.publish(DetectorCalibrated(self.name, detector, taken))

    def begin(self, geometry: ScannerGeometry, calibration: DetectorCalibration) -> None:
        with self._lock:
            self._stream = _Stream(uuid.uuid4(), geometry, calibration.calibration,
                                   calibration.describe())

    def _on_event(self, event: Any) -> None:
        if isinstance(event, ev.ScanProgress):
            self._progress(event)
        elif isinstance(event, ev.ScanComplete):
            self._complete(event)

    def _progress(self, event: ev.ScanProgress) -> None:
        stream, view = self._stream, self.buffer.view
        if stream is None or view is None:
            return
        energies, lines, pixels = view.shape
        if stream.corrected is None:
            stream.corrected = np.zeros((lines, pixels, 2), np.uint16)
        if not stream.header_sent:
            g = stream.geometry
            self.sink.publish(ScanStarted(ScanHeader(
                stream.scan_id.hex, g.scanner_class, lines, pixels, 2, g.pixel_mm, self.name,
                lines=stream.corrected)))
            stream.header_sent = True
        first, stop = stream.done, min(event.lines_done, lines)
        if stop <= first:
            return
        cal = stream.calibration
        stream.corrected[first:stop, :, 0] = correct_channel(view[0, first:stop], cal.dark_low,
                                                             cal.flat_low, cal)
        stream.corrected[first:stop, :, 1] = correct_channel(view[energies - 1, first:stop],
                                                             cal.dark_high, cal.flat_high, cal)
        stream.done = stop
        if self.clock() - stream.announced_at >= self.emit_interval_s or stop == lines:
            self._announce(stream)

    def _announce(self, stream: _Stream) -> None:
        """Publish the corrected lines not yet announced, as a view of the shared buffer."""
        if stream.corrected is None or stream.done <= stream.announced:
            return
        first, stream.announced = stream.announced, stream.done
        stream.announced_at = self.clock()
        self.sink.publish(ScanLines(first, stream.corrected[first:stream.done]))

    def _complete(self, event: ev.ScanComplete) -> None:
        with self._lock:
            stream, self._stream = self._stream, None
        if stream is None:
            return  # a calibration acquisition, not an object scan
        self._announce(stream)  # the last coalesced lines, before the scan is declared done
        n = stream.done
        corrected = stream.corrected
        if corrected is None or n == 0:
            self.sink.publish(ScanFailed(f"{self.name}: no lines received "
                                         f"({event.reason or 'empty'})"))
            return
        g = stream.geometry
        result = event.result
        info = self.host.device.info
        warnings = [str(w) for w in getattr(result, "warnings", [])]
        meta = {"scan_number": event.scan_id, "lines_expected": int(corrected.shape[0]),
                "warnings": warnings,
                "bad_blocks": list(getattr(result, "bad_blocks", [])), "calibrated": True,
                "calibration": stream.calibration_summary,
                "scanner_class": g.scanner_class, "detector": info.as_dict(),
                "acquired_at": datetime.now(UTC).isoformat(timespec="seconds")}
        scan = DualEnergyScan(high=corrected[:n, :, 1].copy(), low=corrected[:n, :, 0].copy(),
                              energy_pair=g.energy_pair, pixel_mm=g.pixel_mm, meta=meta)
        self.sink.publish(ScanAcquired(AcquiredScan(
            stream.scan_id, g.scanner_class, scan, f"{self.name} ({info.serial})",
            event.complete, event.reason, tuple(warnings))))
