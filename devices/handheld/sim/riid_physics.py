"""Simulated gamma physics for the RIID simulator: dose rate from a point source, a NaI-like
detector response, Poisson counting, and a simple peak-search identification (the
"firmware" of the simulated instrument).

* Dose rate from a point source: ``H = Γ · A / d²`` (µSv/h), Γ the dose-rate constant in
  µSv·m²/(MBq·h), A the activity in MBq, d the distance in m (no shielding, no air attenuation).
* Detector: count rate proportional to dose rate (``cps_per_usv_h``), split over the source's
  gamma lines by intensity × energy (dose ∝ energy fluence); each line gives a Gaussian
  photopeak (FWHM 7 % at 662 keV, ∝ √E) holding the photo-fraction, the rest a flat Compton
  continuum up to the Compton edge. Natural background: exponential continuum plus K-40.
* Counting: channel counts ~ Poisson(expected rate × live time).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

# (energy keV, emission probability) of the main gamma lines, and Γ (µSv·m²/(MBq·h)),
# rounded values from common dose-rate-constant tables.
NUCLIDES: dict[str, tuple[list[tuple[float, float]], float]] = {
    "Cs-137": ([(661.7, 0.851)], 0.092),
    "Co-60": ([(1173.2, 0.9985), (1332.5, 0.9998)], 0.351),
    "Am-241": ([(59.5, 0.359)], 0.0031),
    "Ba-133": ([(356.0, 0.62), (81.0, 0.33)], 0.075),
    "I-131": ([(364.5, 0.815)], 0.057),
    "K-40": ([(1460.8, 0.107)], 0.021),
}


@dataclass(frozen=True)
class DetectorModel:
    """A 2"×2" NaI-like detector: ``channels`` × ``kev_per_channel``, ``cps_per_usv_h`` sensitivity."""

    channels: int = 1024
    kev_per_channel: float = 3.0
    cps_per_usv_h: float = 800.0
    dead_time_s: float = 5e-6

    @property
    def calibration(self) -> list[float]:
        return [0.0, self.kev_per_channel]

    def fwhm_kev(self, energy_kev: float) -> float:
        return 0.07 * 661.7 * math.sqrt(energy_kev / 661.7)


def dose_rate_usv_h(nuclide: str, activity_mbq: float, distance_m: float) -> float:
    """Dose rate of a point source, µSv/h; 0 for no source."""
    if not nuclide or activity_mbq <= 0:
        return 0.0
    if distance_m <= 0:
        raise ValueError(f"source distance must be > 0 m, got {distance_m}")
    return NUCLIDES[nuclide][1] * activity_mbq / distance_m**2


def _line_shape(det: DetectorModel, energy: float) -> np.ndarray:
    """Response to one gamma line, normalised to 1 (photopeak + Compton continuum)."""
    e = (np.arange(det.channels) + 0.5) * det.kev_per_channel
    sigma = det.fwhm_kev(energy) / 2.355
    peak = np.exp(-0.5 * ((e - energy) / sigma) ** 2)
    edge = energy * (1 - 1 / (1 + 2 * energy / 511.0))
    compton = (e < edge).astype(float)
    photo_fraction = min(0.9, 0.45 * (energy / 661.7) ** -0.5)
    shape = np.zeros(det.channels)
    if peak.sum() > 0:
        shape += photo_fraction * peak / peak.sum()
    if compton.sum() > 0:
        shape += (1 - photo_fraction) * compton / compton.sum()
    return shape


def expected_rate(det: DetectorModel, nuclide: str, source_usv_h: float, background_usv_h: float) -> np.ndarray:
    """Expected counts per second in each channel."""
    e = (np.arange(det.channels) + 0.5) * det.kev_per_channel
    background = np.exp(-e / 300.0)
    background = 0.95 * background / background.sum() + 0.05 * _line_shape(det, 1460.8)
    rate = background * background_usv_h * det.cps_per_usv_h
    if nuclide and source_usv_h > 0:
        lines = NUCLIDES[nuclide][0]
        weights = np.array([p * en for en, p in lines])
        for (energy, _), w in zip(lines, weights / weights.sum(), strict=True):
            rate += _line_shape(det, energy) * w * source_usv_h * det.cps_per_usv_h
    return rate


def acquire(det: DetectorModel, rate: np.ndarray, real_time_s: float,
            rng: np.random.Generator) -> tuple[list[float], float]:
    """Counts per channel and live time for ``real_time_s`` (non-paralysable dead time)."""
    total = float(rate.sum())
    live = real_time_s / (1 + total * det.dead_time_s)
    counts = rng.poisson(rate * live)
    return counts.astype(float).tolist(), live


def identify(det: DetectorModel, counts: list[float], min_significance: float = 5.0) -> list[tuple[str, float]]:
    """Nuclides whose main lines all stand out of their side bands; (name, confidence 0..1)."""
    data = np.asarray(counts)
    found: list[tuple[str, float]] = []
    for name, (lines, _gamma) in NUCLIDES.items():
        significances = []
        for energy, probability in lines:
            if probability < 0.3:
                continue
            width = max(2, int(round(1.25 * det.fwhm_kev(energy) / det.kev_per_channel)))
            centre = int(energy / det.kev_per_channel)
            lo, hi = centre - width, centre + width + 1
            if lo - width < 0 or hi + width > len(data):
                significances.append(0.0)
                continue
            roi = data[lo:hi].sum()
            side = (data[lo - width:lo].sum() + data[hi:hi + width].sum()) * (hi - lo) / (2 * width)
            net = roi - side
            significances.append(net / math.sqrt(roi + side + 1.0))
        if significances and min(significances) >= min_significance:
            s = min(significances)
            found.append((name, round(min(0.99, s / (s + 5.0)), 2)))
    return found
