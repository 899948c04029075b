"""Typed interface of an x-ray line scanner, and the objects it hands over.

Units: ``integration_us`` microseconds per line; tube voltages in kV; pixel values raw
16-bit detector counts (ADU, 0..65535) before offset/gain correction.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np

from devices.base import Device, DeviceError
from devices.xray.protocol import AcquisitionMode, FaultKind

ProgressFn = Callable[[int, int], None]
"""``progress(lines_done, lines_total)``, called after every block."""

SCANNER_CLASSES = ("parcel", "cargo")
ENERGY_PAIR_KEYS = ("kev", "mev")  # keys of devices.xray.materials.ENERGY_PAIRS


@dataclass(frozen=True)
class ScannerGeometry:
    """What the image of one scanner means physically, whatever it scans.

    ``pixel_mm``: pixel pitch at the object in millimetres (across the detector and, at the
    armed line rate and belt speed, along the scan); ``energy_pair``: the attenuation
    coefficients that apply, ``"kev"`` (parcel/baggage scanner, ~160 kV tube) or ``"mev"``
    (cargo linac, 4/6 MV); ``scanner_class``: ``"parcel"`` or ``"cargo"``.

    It comes from the device (the x-ray protocol's IDENTITY reply) or from the driver's
    settings (``pixel_mm``, ``energy_pair``, ``scanner_class``, which override), never from
    what a simulator happens to render.
    """

    pixel_mm: float
    energy_pair: str
    scanner_class: str

    def __post_init__(self) -> None:
        if not self.pixel_mm > 0:
            raise ValueError(f"pixel_mm must be > 0, got {self.pixel_mm}")
        if self.energy_pair not in ENERGY_PAIR_KEYS:
            raise ValueError(f"energy_pair {self.energy_pair!r}: use one of "
                             f"{', '.join(ENERGY_PAIR_KEYS)}")
        if self.scanner_class not in SCANNER_CLASSES:
            raise ValueError(f"scanner_class {self.scanner_class!r}: use one of "
                             f"{', '.join(SCANNER_CLASSES)}")

    def as_dict(self) -> dict[str, float | str]:
        return {"pixel_mm": self.pixel_mm, "energy_pair": self.energy_pair,
                "scanner_class": self.scanner_class}


def resolve_geometry(device: str, configured: Mapping[str, Any],
                     reported: Mapping[str, Any] | None = None) -> ScannerGeometry:
    """The geometry of scanner ``device``: each of ``pixel_mm``, ``energy_pair`` and
    ``scanner_class`` from its settings (``configured``, None = not set) if given, else as
    the scanner reported it (``reported``, None or missing = not reported).

    Raises :class:`DeviceError` naming what neither gives, and :class:`ValueError`-derived
    :class:`DeviceError` for values out of range.
    """
    values: dict[str, Any] = {}
    missing: list[str] = []
    for key in ("pixel_mm", "energy_pair", "scanner_class"):
        value = configured.get(key)
        if value is None and reported is not None:
            value = reported.get(key) or None
        if value is None:
            missing.append(key)
        values[key] = value
    if missing:
        raise DeviceError(
            f"x-ray scanner {device!r}: geometry unknown ({', '.join(missing)} neither "
            "reported by the scanner nor set): set them in [devices.settings]")
    try:
        return ScannerGeometry(float(values["pixel_mm"]), str(values["energy_pair"]),
                               str(values["scanner_class"]))
    except ValueError as exc:
        raise DeviceError(f"x-ray scanner {device!r}: {exc}") from None


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

    @property
    def geometry(self) -> ScannerGeometry:
        """Pixel pitch, energy pair and scanner class of this scanner (from its identity or
        its settings); raises :class:`~devices.base.DeviceError` when neither says."""
        ...

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
    """Base of x-ray scanner drivers; each says its scanner's geometry."""

    kind = "xray"

    @property
    @abc.abstractmethod
    def geometry(self) -> ScannerGeometry:
        """See :attr:`XrayScanner.geometry`."""
