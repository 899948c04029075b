"""Bad-pixel map of a line detector and the fitness of a calibration, from dark and flat lines.

API (stable; the technician's calibration procedure calls these)::

    find_bad_pixels(dark, flat) -> BadPixelMap
        # dark, flat: raw uint16 lines, (energies, lines, pixels) as the driver's buffer
        # holds them, or (lines, pixels) for one energy
    BadPixelMap: dead, hot, noisy (bool, per pixel); dead_lines: tuple[int, ...];
        counts: {"dead", "hot", "noisy", "dead_lines", "bad"}; bad (property: any of them)
    judge_calibration(dark, flat, bad, limits=DEFAULT_LIMITS) -> CalibrationVerdict
    CalibrationVerdict: accepted; reasons (keys); values; limits  (both dicts of floats)
    CalibrationLimits: min_flat_signal, max_flat_level, max_dark_level, max_bad_fraction,
        max_dead_lines, max_adjacent_bad

Definitions (per pixel; an energy channel failing is enough):

* gain = mean flat - mean dark (ADU). *Dead*: gain below half the median of its
  neighbourhood (129 pixels: board-to-board gain steps of a few % do not matter).
  A *dead line* is a pixel with no x-ray response at all (gain below 5 % of the
  neighbourhood, or flat within 3 dark-noise sigmas of dark): in a line scanner every
  image is drawn line by line, so such a pixel is a streak across every scan. It is also
  counted dead.
* *Hot*: dark level more than 20 robust sigmas (MAD) above the median dark, or the flat
  reaching full scale.
* *Noisy*: temporal noise of its dark lines more than 8 times the median dark noise.

Reasons a calibration is refused (keys, in the order checked): ``flat_too_weak`` (median
gain below ``min_flat_signal`` ADU: the source was off or shuttered), ``flat_saturated``
(median flat above ``max_flat_level``), ``dark_too_high`` (median dark above
``max_dark_level``: light leak or the source on during the dark), ``too_many_bad_pixels``
(fraction above ``max_bad_fraction``), ``too_many_dead_lines``, ``bad_pixel_cluster`` (more
adjacent bad pixels than interpolation can repair, ``max_adjacent_bad``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

FULL_SCALE = 65535
_NEIGHBOURHOOD = 129  # pixels (odd): two detector boards of 64


@dataclass(frozen=True, eq=False)
class BadPixelMap:
    """Per-pixel defect masks (bool, length ``pixels``) and their counts."""

    dead: np.ndarray
    hot: np.ndarray
    noisy: np.ndarray
    dead_lines: tuple[int, ...]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def bad(self) -> np.ndarray:
        """Every pixel to repair by interpolation."""
        return np.asarray(self.dead | self.hot | self.noisy)

    @property
    def pixels(self) -> int:
        return int(self.dead.size)


@dataclass(frozen=True)
class CalibrationLimits:
    """When a calibration is refused; levels in ADU of the raw 16-bit data."""

    min_flat_signal: float = 5000.0  # median flat - dark
    max_flat_level: float = 0.95 * FULL_SCALE
    max_dark_level: float = 0.2 * FULL_SCALE
    max_bad_fraction: float = 0.01  # 1 % of the pixels
    max_dead_lines: int = 16
    max_adjacent_bad: int = 3  # longest run of neighbouring bad pixels

    def as_dict(self) -> dict[str, float]:
        return {k: float(v) for k, v in self.__dict__.items()}


DEFAULT_LIMITS = CalibrationLimits()


@dataclass(frozen=True)
class CalibrationVerdict:
    """``accepted`` when ``reasons`` is empty; ``values`` measured, ``limits`` applied."""

    accepted: bool
    reasons: tuple[str, ...]
    values: dict[str, float]
    limits: dict[str, float]


def _channels(name: str, frames: np.ndarray) -> np.ndarray:
    a = np.asarray(frames)
    if a.ndim == 2:
        a = a[None]
    if a.ndim != 3 or a.shape[1] < 2 or a.shape[2] < 8:
        raise ValueError(f"{name} frames: need (energies, lines, pixels) or (lines, pixels) with "
                         f"at least 2 lines and 8 pixels, got shape {np.asarray(frames).shape}")
    return a


def _local_median(values: np.ndarray) -> np.ndarray:
    """Running median over :data:`_NEIGHBOURHOOD` pixels (edges mirrored)."""
    half = _NEIGHBOURHOOD // 2
    padded = np.pad(values.astype(np.float32), half, mode="reflect")
    windows = np.lib.stride_tricks.sliding_window_view(padded, _NEIGHBOURHOOD)
    return np.asarray(np.median(windows, axis=1), np.float32)


def find_bad_pixels(dark_frames: np.ndarray, flat_frames: np.ndarray) -> BadPixelMap:
    """The bad-pixel map from raw dark (source off) and flat (open beam) lines."""
    dark = _channels("dark", dark_frames)
    flat = _channels("flat", flat_frames)
    if dark.shape[0] != flat.shape[0] or dark.shape[2] != flat.shape[2]:
        raise ValueError(f"dark frames {dark.shape} and flat frames {flat.shape} differ in "
                         "energies or pixels")
    pixels = dark.shape[2]
    dead = np.zeros(pixels, bool)
    hot = np.zeros(pixels, bool)
    noisy = np.zeros(pixels, bool)
    no_response = np.zeros(pixels, bool)
    for d, f in zip(dark, flat, strict=True):
        d_mean = d.mean(axis=0, dtype=np.float64).astype(np.float32)
        f_mean = f.mean(axis=0, dtype=np.float64).astype(np.float32)
        d_noise = d.std(axis=0, dtype=np.float64).astype(np.float32)
        gain = f_mean - d_mean
        local = np.maximum(_local_median(gain), 1.0)
        dead |= gain < 0.5 * local
        no_response |= (gain < 0.05 * local) | (gain < 3 * np.maximum(d_noise, 1.0))
        dark_med = float(np.median(d_mean))
        mad = float(np.median(np.abs(d_mean - dark_med))) + 1.0
        hot |= (d_mean - dark_med > 20 * 1.4826 * mad) | (f.max(axis=0) >= FULL_SCALE)
        noisy |= d_noise > 8 * (float(np.median(d_noise)) + 0.5)
    dead_lines = tuple(int(i) for i in np.flatnonzero(no_response & ~hot))
    dead |= no_response & ~hot
    noisy &= ~(dead | hot)  # one reason per pixel, the most severe
    bad = dead | hot | noisy
    counts = {"dead": int(dead.sum()), "hot": int(hot.sum()), "noisy": int(noisy.sum()),
              "dead_lines": len(dead_lines), "bad": int(bad.sum())}
    return BadPixelMap(dead, hot, noisy, dead_lines, counts)


def _longest_run(mask: np.ndarray) -> int:
    if not mask.any():
        return 0
    padded = np.r_[False, mask, False].astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return int((edges[1::2] - edges[::2]).max())


def judge_calibration(dark_frames: np.ndarray, flat_frames: np.ndarray, bad: BadPixelMap,
                      limits: CalibrationLimits = DEFAULT_LIMITS) -> CalibrationVerdict:
    """Whether dark and flat lines make a calibration fit to correct scans with."""
    dark = _channels("dark", dark_frames)
    flat = _channels("flat", flat_frames)
    dark_level = float(max(np.median(d) for d in dark))
    flat_level = float(max(np.median(f) for f in flat))
    signal = float(min(np.median(f.mean(axis=0) - d.mean(axis=0)) for d, f in zip(dark, flat,
                                                                                  strict=True)))
    values = {"flat_signal": round(signal, 1), "flat_level": round(flat_level, 1),
              "dark_level": round(dark_level, 1),
              "bad_fraction": round(bad.counts["bad"] / max(1, bad.pixels), 5),
              "dead_lines": float(len(bad.dead_lines)),
              "adjacent_bad": float(_longest_run(bad.bad)),
              **{f"{k}_pixels": float(v) for k, v in bad.counts.items()}}
    reasons = []
    if signal < limits.min_flat_signal:
        reasons.append("flat_too_weak")
    if flat_level > limits.max_flat_level:
        reasons.append("flat_saturated")
    if dark_level > limits.max_dark_level:
        reasons.append("dark_too_high")
    if values["bad_fraction"] > limits.max_bad_fraction:
        reasons.append("too_many_bad_pixels")
    if len(bad.dead_lines) > limits.max_dead_lines:
        reasons.append("too_many_dead_lines")
    if values["adjacent_bad"] > limits.max_adjacent_bad:
        reasons.append("bad_pixel_cluster")
    return CalibrationVerdict(not reasons, tuple(reasons), values, limits.as_dict())
