"""Offset/gain correction with bad-pixel repair, in strips of lines (bounded memory).

    T = (raw - dark) / (flat - dark)        per pixel and energy, 0..~1 (transmission)

stored as uint16 with 65535 = 1.0. Working memory is one float32 strip per energy
(``strip_lines`` x pixels), however long the scan.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from workstation.imaging.calibration import Calibration
from workstation.imaging.scan import FULL_SCALE, DualEnergyScan

DEFAULT_STRIP_LINES = 512


class _Corrector:
    """Precomputed per-pixel factors for one energy channel."""

    def __init__(self, dark: np.ndarray, flat: np.ndarray, calibration: Calibration) -> None:
        span = np.maximum(flat - dark, 1.0)
        self.dark = dark.astype(np.float32)
        self.scale = (FULL_SCALE / span).astype(np.float32)  # folds the x65535 into the gain
        self.bad, self.left, self.right, self.w = calibration.interpolation()

    def strip(self, raw: np.ndarray, work: np.ndarray, out: np.ndarray) -> None:
        n = raw.shape[0]
        buf = work[:n]
        np.subtract(raw, self.dark, out=buf, dtype=np.float32)
        buf *= self.scale
        if self.bad.size:
            a, b = buf[:, self.left], buf[:, self.right]
            buf[:, self.bad] = a + (b - a) * self.w
        np.clip(buf, 0.0, FULL_SCALE, out=buf)
        np.rint(buf, out=buf)
        out[:] = buf  # float32 -> uint16, one pass


def correct_channel(raw: np.ndarray, dark: np.ndarray, flat: np.ndarray, calibration: Calibration,
                    *, strip_lines: int = DEFAULT_STRIP_LINES) -> np.ndarray:
    """Correct one energy channel of raw uint16 (lines, pixels) to uint16 transmission."""
    if raw.ndim != 2 or raw.shape[1] != calibration.pixels:
        raise ValueError(f"raw image {raw.shape} does not fit a calibration of "
                         f"{calibration.pixels} pixels")
    corrector = _Corrector(dark, flat, calibration)
    out = np.empty(raw.shape, np.uint16)
    work = np.empty((min(strip_lines, raw.shape[0]), raw.shape[1]), np.float32)
    for s in range(0, raw.shape[0], strip_lines):
        corrector.strip(raw[s:s + strip_lines], work, out[s:s + strip_lines])
    return out


def correct_scan(raw_low: np.ndarray | None, raw_high: np.ndarray, calibration: Calibration, *,
                 energy_pair: str = "kev", pixel_mm: float = 1.0, meta: dict[str, Any] | None = None,
                 strip_lines: int = DEFAULT_STRIP_LINES) -> DualEnergyScan:
    """Raw detector data of both energies -> a corrected :class:`DualEnergyScan`."""
    high = correct_channel(raw_high, calibration.dark_high, calibration.flat_high, calibration,
                           strip_lines=strip_lines)
    low = None
    if raw_low is not None:
        low = correct_channel(raw_low, calibration.dark_low, calibration.flat_low, calibration,
                              strip_lines=strip_lines)
    return DualEnergyScan(high=high, low=low, energy_pair=energy_pair, pixel_mm=pixel_mm,
                          meta=dict(meta or {}))
