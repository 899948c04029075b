"""Typed interface of an x-ray line scanner, and the objects it hands over.

Units: ``integration_us`` microseconds per line; tube voltages in kV; pixel values raw
16-bit detector counts (ADU, 0..65535) before offset/gain correction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np

from devices.base import Device
from devices.xray.protocol import AcquisitionMode, FaultKind

ProgressFn = Callable[[int, int], None]
"""``progress(lines_done, lines_total)``, called after every block."""


@dataclass(frozen=True)
class ArmParameters:
    """Acquisition parameters sent with ARM.

    ``max_lines``: the scan ends when the object has passed or after this many lines
    (1..1,000,000); ``block_lines``: lines per data block (1..65535); ``integration_us``:
    time per line (the line rate is 1e6 / integration_us lines per second).
    """

    max_lines: int = 8192
    integration_us: int = 2000
    block_lines: int = 64
    kv_low: int = 140
    kv_high: int = 450

    @property
    def line_rate_hz(self) -> float:
        return 1e6 / self.integration_us


class LineBuffer:
    """Host-owned storage the driver receives lines into: grows, never shrinks.

    ``reserve`` returns a C-contiguous (energies, lines, pixels) uint16 view; the previous
    view becomes invalid, so copy a result before the next acquisition if you keep it.
    """

    def __init__(self, initial_bytes: int = 0) -> None:
        self._storage = np.empty(initial_bytes // 2, np.uint16)

    def reserve(self, energies: int, lines: int, pixels: int) -> np.ndarray:
        need = energies * lines * pixels
        if need > self._storage.size:
            self._storage = np.empty(need, np.uint16)
        return self._storage[:need].reshape(energies, lines, pixels)


@dataclass
class ScanResult:
    """One acquisition as received. ``data`` is (energies, lines_expected, pixels); only
    the first ``lines_received`` lines are valid. A scan is kept even when incomplete:
    ``incomplete_reason`` says why, in words the officer can act on."""

    scan_id: int
    mode: AcquisitionMode
    data: np.ndarray
    lines_expected: int
    lines_received: int
    incomplete_reason: str = ""
    warnings: list[str] = field(default_factory=list)
    bad_blocks: list[int] = field(default_factory=list)
    bytes_received: int = 0
    duration_s: float = 0.0
    faults_seen: list[FaultKind] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.incomplete_reason

    @property
    def low(self) -> np.ndarray:
        """Low-energy lines received, (lines_received, pixels) uint16."""
        return self.data[0, :self.lines_received]

    @property
    def high(self) -> np.ndarray:
        """High-energy lines received, (lines_received, pixels) uint16."""
        return self.data[-1, :self.lines_received]

    def detached(self) -> ScanResult:
        """A copy whose arrays no longer share the host's line buffer."""
        copy = ScanResult(**{**self.__dict__})
        copy.data = self.data[:, :self.lines_received].copy()
        copy.warnings = list(self.warnings)
        copy.bad_blocks = list(self.bad_blocks)
        copy.faults_seen = list(self.faults_seen)
        return copy


@runtime_checkable
class XrayScanner(Protocol):
    """What the lane needs from a line scanner (driver or simulator-backed driver)."""

    def arm(self, params: ArmParameters) -> None:
        """Send acquisition parameters; raises DeviceError when refused."""
        ...

    def scan(self, buffer: LineBuffer, progress: ProgressFn | None = None) -> ScanResult:
        """Acquire one object scan into ``buffer``; never raises for a broken stream:
        the result is returned incomplete with the reason."""
        ...

    def acquire_dark(self, lines: int, buffer: LineBuffer) -> ScanResult:
        """X-rays off: ``lines`` lines of offset (calibration)."""
        ...

    def acquire_flat(self, lines: int, buffer: LineBuffer) -> ScanResult:
        """X-rays on, empty tunnel: ``lines`` lines of gain reference (calibration)."""
        ...

    def abort(self) -> None:
        """Stop the running acquisition (thread-safe); the result says "aborted"."""
        ...


class XrayDevice(Device, XrayScanner):
    """Marker base for x-ray scanner drivers."""

    kind = "xray"
