"""What a real scanner and its export chain do to an ideal projection (for training data).

The physics in :mod:`devices.xray.sim.physics` gives clean Beer-Lambert transmission with
quantum noise. Images from real scanners, and the crops people share of them, differ in
ways a detector trained only on clean renders never sees; :func:`scanner_effects` applies
them, each drawn at random within the range real single- and dual-energy line scanners
show:

- **beam hardening**: a polychromatic beam loses its soft photons first, so thick steel
  attenuates less than ``mu * t`` predicts: ``A' = A / (1 + h A)``, h 0..0.25;
- **scatter**: a smooth veil of scattered photons, a fraction (0..8 %) of a heavily
  blurred copy of the primary transmission, which lifts dark regions off black;
- **detector point spread**: Gaussian blur, sigma 0.3..1.6 pixels (scintillator light
  spread and the crop's resampling);
- **noise**: signal-dependent (photon-limited) Gaussian noise, 0.2..2.5 % at air;
- **display**: gain, offset and gamma of the export (air at 0.80..1.0), never above 1;
- **compression**: JPEG at quality 35..95 (most shared images are JPEG), or none.

All arrays are grey transmission 0..1, 1 = air. Deterministic for the generator passed in.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class Effects:
    """One draw of scanner and export parameters (ranges in the module docstring)."""

    hardening: float
    scatter: float
    psf_sigma: float
    noise: float
    air: float
    gamma: float
    jpeg_quality: int | None

    @classmethod
    def draw(cls, rng: np.random.Generator) -> Effects:
        return cls(hardening=float(rng.uniform(0.0, 0.25)),
                   scatter=float(rng.uniform(0.0, 0.08)),
                   psf_sigma=float(rng.uniform(0.3, 1.6)),
                   noise=float(rng.uniform(0.002, 0.025)),
                   air=float(rng.uniform(0.80, 1.0)),
                   gamma=float(rng.uniform(0.7, 1.5)),
                   jpeg_quality=int(rng.integers(35, 96)) if rng.random() < 0.7 else None)


def harden(attenuation: np.ndarray, hardening: float) -> np.ndarray:
    """Line integrals A (>= 0) after beam hardening: ``A / (1 + h A)``."""
    a = np.maximum(attenuation.astype(np.float32), 0.0)
    return a / (1.0 + np.float32(hardening) * a)


def scanner_effects(attenuation: np.ndarray, rng: np.random.Generator,
                    effects: Effects | None = None) -> np.ndarray:
    """Single-energy line integrals A (2-D, >= 0) -> grey 0..1 as a real scanner's export."""
    fx = effects or Effects.draw(rng)
    t = np.exp(-harden(attenuation, fx.hardening)).astype(np.float32)
    if fx.scatter > 0:
        sigma = max(4.0, 0.08 * max(t.shape))
        t = (1.0 - fx.scatter) * t + fx.scatter * cv2.GaussianBlur(t, (0, 0), sigma)
    t = cv2.GaussianBlur(t, (0, 0), fx.psf_sigma)
    t = t + fx.noise * np.sqrt(np.clip(t, 1e-4, 1.0)) * rng.standard_normal(t.shape, dtype=np.float32)
    grey = fx.air * np.clip(t, 0.0, 1.0) ** fx.gamma
    if fx.jpeg_quality is not None:
        ok, data = cv2.imencode(".jpg", np.clip(grey * 255 + 0.5, 0, 255).astype(np.uint8),
                                [cv2.IMWRITE_JPEG_QUALITY, fx.jpeg_quality])
        decoded = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE) if ok else None
        if decoded is not None:
            grey = decoded.astype(np.float32) / 255.0
    return np.clip(grey, 0.0, 1.0).astype(np.float32)


def single_energy(a_low: np.ndarray, a_high: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The one line integral a single-energy scanner (or an exported grey image) shows:
    the low or the high channel, or their mean (a dual-energy scanner's grey view)."""
    choice = int(rng.integers(3))
    if choice == 0:
        return a_low
    if choice == 1:
        return a_high
    return (a_low + a_high) / 2
