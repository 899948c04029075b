"""The x-ray scanner as the lane window sees it: calibrated line blocks while a scan
streams, and the corrected scan when it ends.

The scanner's :class:`~workstation.hosts.host.DeviceHost` owns the driver and the line
buffer. :class:`LaneScan` is the host command: it places the scene (simulator only),
takes the dark and flat calibration lines once per detector set-up, then runs
:class:`~workstation.hosts.xray.ScanObject`. Every ``ScanProgress`` event arrives on the
host thread *between* two blocks, when the driver is not writing, so :class:`ScannerLink`
copies the new lines out of the host's buffer there, corrects them (offset / gain /
bad pixels, :mod:`workstation.imaging.correction`) into one (lines, pixels, 2) buffer that
the viewer shares (announced with the :class:`~ui.lane_types.ScanHeader`): rows once
written are final, so the main thread copies nothing. Block announcements are coalesced
to at most one per :data:`EMIT_INTERVAL_S` (the scanner sends 64-line blocks up to ~80 times
a second; the screen needs far fewer). At ``ScanComplete`` the corrected scan is already
whole (nothing is corrected twice) and goes to the bridge as an :class:`AcquiredScan`,
to be stored and analysed by the window's workers.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from devices.xray.interface import ArmParameters, LineBuffer
from ui.bridge import CoreBridge
from ui.lane_types import ScanHeader
from workstation.hosts import events as ev
from workstation.hosts.host import CommandContext, DeviceHost
from workstation.hosts.xray import InjectedFault, ScanObject
from workstation.imaging.calibration import Calibration
from workstation.imaging.correction import correct_channel
from workstation.imaging.scan import DualEnergyScan

log = logging.getLogger(__name__)
CALIBRATION_LINES = 128  # per dark / flat acquisition: noise of the means ~1/11 of one line
EMIT_INTERVAL_S = 0.03  # at most one scan_lines event per 30 ms: the viewer renders every 60 ms


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

    ``kind`` is the scene / scan kind (``parcel``, ``cargo-mixed`` ...); ``complete`` False
    with ``reason`` when the scanner stopped early (the lines received are kept).
    """

    scan_key: str
    kind: str
    scan: DualEnergyScan
    device: str
    complete: bool
    reason: str = ""
    warnings: tuple[str, ...] = ()


def scene_geometry(kind: str) -> tuple[str, float]:
    """(energy pair, pixel pitch in mm) of a scene kind; parcel-scanner values otherwise."""
    from devices.xray.scenes import KINDS

    if kind in KINDS:
        _, pixel_cm, pair = KINDS[kind]
        return pair, pixel_cm * 10.0
    return "kev", 0.7


@dataclass
class _Stream:
    key: str
    kind: str
    corrected: np.ndarray | None = None  # (lines, pixels, 2) uint16 transmission, low / high
    done: int = 0  # lines corrected
    announced: int = 0  # lines sent to the bridge
    announced_at: float = float("-inf")  # clock() of the last scan_lines event
    calibration: Calibration | None = None
    header_sent: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class LaneScan:
    """Host command: scene (simulator), calibration when missing, then one object scan."""

    link: ScannerLink
    kind: str
    seed: int
    params: ArmParameters | None = None
    fault: InjectedFault | None = None

    def execute(self, device: Any, ctx: CommandContext) -> Any:
        simulated = hasattr(device, "load_scene") and self.link.simulated
        if simulated:
            device.load_scene(self.kind, self.seed)
        calibration = self.link.calibrations.get(self.kind)
        if calibration is None:
            buffer = LineBuffer()
            dark = device.acquire_dark(CALIBRATION_LINES, buffer).detached()
            ctx.beat()
            flat = device.acquire_flat(CALIBRATION_LINES, buffer).detached()
            ctx.beat()
            if dark.complete and flat.complete:
                calibration = Calibration.from_frames(dark.low, dark.high, flat.low, flat.high)
                self.link.calibrations[self.kind] = calibration
            else:
                raise RuntimeError(f"calibration failed: {dark.incomplete_reason or flat.incomplete_reason}")
        self.link.begin(self.kind, calibration)
        return ScanObject(self.link.buffer, self.params, None, self.fault).execute(device, ctx)


class ScannerLink:
    """Turns one scanner host's events into bridge calls (see module docstring)."""

    def __init__(self, host: DeviceHost, bridge: CoreBridge, *, simulated: bool,
                 params: ArmParameters | None = None, emit_interval_s: float = EMIT_INTERVAL_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        """``emit_interval_s``: least time between two ``scan_lines`` events (the last
        lines of a scan are always sent); ``clock`` in seconds (tests pass a fake one)."""
        self.host = host
        self.emit_interval_s = emit_interval_s
        self.clock = clock
        self.bridge = bridge
        self.simulated = simulated
        self.params = params
        self.buffer = StreamingBuffer()
        self.calibrations: dict[str, Calibration] = {}
        self._stream: _Stream | None = None
        self._lock = threading.Lock()
        self._seed = 0
        host.subscribe(self._on_event)

    @property
    def name(self) -> str:
        return str(self.host.device.name)

    def scan(self, kind: str, seed: int | None = None,
             fault: InjectedFault | None = None) -> Future[Any]:
        """Queue a scan of scene ``kind`` (the simulator renders it; a real scanner scans
        whatever is in the tunnel); the outcome arrives as bridge events."""
        if seed is None:
            self._seed += 1
            seed = self._seed
        return self.host.submit(LaneScan(self, kind, seed, self.params, fault))

    # --- host thread ------------------------------------------------------------------

    def begin(self, kind: str, calibration: Calibration) -> None:
        with self._lock:
            self._stream = _Stream(uuid.uuid4().hex, kind, calibration=calibration)

    def _on_event(self, event: Any) -> None:
        if isinstance(event, ev.ScanProgress):
            self._progress(event)
        elif isinstance(event, ev.ScanComplete):
            self._complete(event)

    def _progress(self, event: ev.ScanProgress) -> None:
        stream, view = self._stream, self.buffer.view
        if stream is None or view is None or stream.calibration is None:
            return
        energies, lines, pixels = view.shape
        if stream.corrected is None:
            stream.corrected = np.zeros((lines, pixels, 2), np.uint16)
        if not stream.header_sent:
            pair, pixel_mm = scene_geometry(stream.kind)
            base = "cargo" if stream.kind.startswith("cargo") else stream.kind
            self.bridge.on_scan_started(ScanHeader(stream.key, base, lines, pixels, 2, pixel_mm,
                                                   self.name, lines=stream.corrected))
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
        """Send the corrected lines not yet announced, as a view of the shared buffer."""
        if stream.corrected is None or stream.done <= stream.announced:
            return
        first, stream.announced = stream.announced, stream.done
        stream.announced_at = self.clock()
        self.bridge.on_scan_lines(first, stream.corrected[first:stream.done])

    def _complete(self, event: ev.ScanComplete) -> None:
        with self._lock:
            stream, self._stream = self._stream, None
        if stream is None:
            return  # a calibration acquisition, not an object scan
        self._announce(stream)  # the last coalesced lines, before the scan is declared done
        n = stream.done
        corrected = stream.corrected
        if corrected is None or n == 0:
            self.bridge.on_scan_failed(f"{self.name}: no lines received ({event.reason or 'empty'})")
            return
        pair, pixel_mm = scene_geometry(stream.kind)
        result = event.result
        meta = {"scan_number": event.scan_id, "lines_expected": int(corrected.shape[0]),
                "warnings": list(getattr(result, "warnings", [])),
                "bad_blocks": list(getattr(result, "bad_blocks", [])), "calibrated": True}
        scan = DualEnergyScan(high=corrected[:n, :, 1].copy(), low=corrected[:n, :, 0].copy(),
                              energy_pair=pair, pixel_mm=pixel_mm, meta=meta)
        self.bridge.on_scan_acquired(AcquiredScan(
            stream.key, stream.kind, scan, f"{self.name} ({self.host.device.info.serial})",
            event.complete, event.reason, tuple(meta["warnings"])))
