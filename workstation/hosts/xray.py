"""Commands for an x-ray scanner host; the host owns the line buffer the driver fills.

    host = DeviceHost(create_device(cfg))
    buffers = LineBuffer()
    result = host.submit(ScanObject(buffers, scene=("parcel", 7))).result(timeout=60)

Each command publishes :class:`ScanProgress` per block (and beats the watchdog) and one
:class:`ScanComplete` per acquisition. :class:`CalibrateDetector` acquires dark and flat
lines through the protocol and returns the offset/gain/bad-pixel maps that every scan is
corrected with before it is stored (docs/decisions/0105-store-corrected-scans.md). The result handed back is detached from the buffer (a copy), so
the caller may keep it while the next scan reuses the buffer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from devices.base import DeviceError
from devices.xray.driver import XrayScannerDriver
from devices.xray.interface import ArmParameters, LineBuffer, ScanResult
from devices.xray.protocol import FaultKind
from workstation.hosts.events import ScanComplete, ScanProgress
from workstation.hosts.host import CommandContext
from workstation.imaging.calibration import Calibration


@dataclass(frozen=True)
class InjectedFault:
    """Simulator fault for the next acquisition: ``param`` is ms (stall), bytes/s (slow)
    or a byte count (garbage)."""

    kind: FaultKind
    after_block: int = 2
    param: int = 0


def _progress(ctx: CommandContext, scan_id: int):  # type: ignore[no-untyped-def]
    def report(done: int, total: int) -> None:
        ctx.beat()
        ctx.emit(ScanProgress(device=ctx.device_name, scan_id=scan_id, lines_done=done,
                              lines_total=total))
    return report


def _finish(ctx: CommandContext, result: ScanResult) -> ScanResult:
    kept = result.detached()
    ctx.emit(ScanComplete(device=ctx.device_name, scan_id=kept.scan_id, complete=kept.complete,
                          reason=kept.incomplete_reason, result=kept))
    return kept


@dataclass
class ScanObject:
    """Scan what is in the tunnel. ``scene``/``fault`` only work with the simulator."""

    buffer: LineBuffer
    params: ArmParameters | None = None
    scene: tuple[str, int] | None = None
    fault: InjectedFault | None = None

    def execute(self, device: XrayScannerDriver, ctx: CommandContext) -> ScanResult:
        if self.scene is not None:
            device.load_scene(*self.scene)
        if self.fault is not None:
            device.inject_fault(self.fault.kind, self.fault.after_block, self.fault.param)
        device.arm(self.params)
        ctx.beat()
        result = device.scan(self.buffer, _progress(ctx, 0))
        return _finish(ctx, result)


@dataclass
class AcquireCalibration:
    """Dark (X-rays off) or flat (empty tunnel) lines for offset/gain calibration."""

    buffer: LineBuffer
    flat: bool
    lines: int = 128

    def execute(self, device: XrayScannerDriver, ctx: CommandContext) -> ScanResult:
        ctx.beat()
        if self.flat:
            result = device.acquire_flat(self.lines, self.buffer)
        else:
            result = device.acquire_dark(self.lines, self.buffer)
        return _finish(ctx, result)


@dataclass(frozen=True)
class DetectorCalibration:
    """Offset/gain maps acquired from the scanner, and when and how they were taken."""

    calibration: Calibration
    taken_at: datetime
    dark_lines: int
    flat_lines: int

    def describe(self) -> dict[str, Any]:
        """JSON-ready summary kept with every scan corrected by these maps."""
        return {"taken_at": self.taken_at.isoformat(timespec="seconds"),
                "dark_lines": self.dark_lines, "flat_lines": self.flat_lines,
                "pixels": self.calibration.pixels,
                "bad_pixels": int(self.calibration.bad.sum())}


@dataclass
class CalibrateDetector:
    """The technician's detector calibration through the protocol: ``lines`` dark lines
    (X-rays off) then ``lines`` flat lines (empty tunnel), both energies, turned into
    offset, gain and bad-pixel maps. ``scene`` (simulator only) picks the detector
    geometry to calibrate; a real scanner has one.

    Raises :class:`~devices.base.DeviceError` when either acquisition is incomplete: maps
    from a partial acquisition would miscorrect every scan after them.
    """

    buffer: LineBuffer
    lines: int = 128
    scene: tuple[str, int] | None = None
    params: ArmParameters | None = None

    def execute(self, device: XrayScannerDriver, ctx: CommandContext) -> DetectorCalibration:
        if self.lines < 2:
            raise ValueError(f"calibration needs at least 2 lines per map, got {self.lines}")
        if self.scene is not None:
            device.load_scene(*self.scene)
        device.arm(self.params)
        frames: dict[str, ScanResult] = {}
        for name, acquire in (("dark", device.acquire_dark), ("flat", device.acquire_flat)):
            ctx.beat()
            result = _finish(ctx, acquire(self.lines, self.buffer))
            if not result.complete:
                raise DeviceError(f"{ctx.device_name}: {name} acquisition for calibration "
                                  f"incomplete ({result.incomplete_reason}); calibrate again")
            frames[name] = result
        dark, flat = frames["dark"], frames["flat"]
        calibration = Calibration.from_frames(dark.low, dark.high, flat.low, flat.high)
        return DetectorCalibration(calibration, datetime.now(UTC), dark.lines_received,
                                   flat.lines_received)
