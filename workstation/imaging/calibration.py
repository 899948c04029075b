"""Detector calibration maps: dark (offset), flat (gain) and the bad-pixel map.

A technician takes N dark lines (source off) and N flat lines (source on, empty tunnel) per
energy; the per-pixel means become the offset and gain maps. Bad pixels are found from the
same frames: dead (gain below half the median), hot (dark level far above the others, or a
flat at full scale) and noisy (dark noise many times the median). They are replaced by linear
interpolation between the nearest good neighbours on the same line.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FULL_SCALE = 65535


@dataclass(frozen=True, eq=False)
class Calibration:
    """Per-pixel maps, float32 of length ``pixels``; ``bad`` is boolean."""

    dark_low: np.ndarray
    dark_high: np.ndarray
    flat_low: np.ndarray
    flat_high: np.ndarray
    bad: np.ndarray

    @property
    def pixels(self) -> int:
        return int(self.bad.size)

    @classmethod
    def identity(cls, pixels: int) -> Calibration:
        """For data already corrected: zero offset, full-scale flat, no bad pixels."""
        zero = np.zeros(pixels, np.float32)
        full = np.full(pixels, FULL_SCALE, np.float32)
        return cls(zero, zero, full, full, np.zeros(pixels, bool))

    @classmethod
    def from_frames(cls, dark_low: np.ndarray, dark_high: np.ndarray, flat_low: np.ndarray,
                    flat_high: np.ndarray) -> Calibration:
        """Build the maps from raw uint16 dark and flat lines, each (n_lines, pixels)."""
        frames = {"dark_low": dark_low, "dark_high": dark_high, "flat_low": flat_low,
                  "flat_high": flat_high}
        widths = {name: a.shape[-1] for name, a in frames.items()}
        if len(set(widths.values())) != 1:
            raise ValueError(f"calibration frames differ in width: {widths}")
        for name, a in frames.items():
            if a.ndim != 2 or a.shape[0] < 2:
                raise ValueError(f"{name}: need at least 2 lines of (lines, pixels), got {a.shape}")
        means = {name: a.mean(axis=0, dtype=np.float64).astype(np.float32)
                 for name, a in frames.items()}
        bad = np.zeros(dark_low.shape[1], bool)
        for energy in ("low", "high"):
            dark, flat = means[f"dark_{energy}"], means[f"flat_{energy}"]
            gain = flat - dark
            bad |= gain < 0.5 * np.median(gain)  # dead or very weak
            bad |= frames[f"flat_{energy}"].max(axis=0) >= FULL_SCALE  # saturates in air
            mad = np.median(np.abs(dark - np.median(dark))) + 1.0
            bad |= np.abs(dark - np.median(dark)) > 20 * mad  # hot or offset far off
            noise = frames[f"dark_{energy}"].std(axis=0)
            bad |= noise > 8 * (np.median(noise) + 0.5)  # flickering
        return cls(means["dark_low"], means["dark_high"], means["flat_low"], means["flat_high"], bad)

    def interpolation(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(bad index, left good index, right good index, weight of right) for repairs."""
        bad_idx = np.flatnonzero(self.bad)
        good = np.flatnonzero(~self.bad)
        if good.size == 0:
            raise ValueError("calibration marks every pixel bad: repeat the dark and flat acquisition")
        pos = np.searchsorted(good, bad_idx)
        right = good[np.minimum(pos, good.size - 1)]
        left = good[np.maximum(pos - 1, 0)]
        span = (right - left).astype(np.float32)
        w = np.where(span > 0, (bad_idx - left) / np.maximum(span, 1), 0.0).astype(np.float32)
        return bad_idx, left, right, w
