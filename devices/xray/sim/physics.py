"""Detector physics of a dual-energy line scanner: Beer–Lambert transmission to raw 16-bit counts.

For every detector pixel and line, per energy channel::

    A       = sum over layers of mu(material, E) * t          (t: thickness in cm, mu in 1/cm)
    photons = I0(E) * exp(-A)                                  (Beer–Lambert)
    counts  ~ Poisson(photons)                                 (quantum noise)
    raw     = offset[px] + gain[px] * counts + read noise      (ADU, clipped to 0..65535)

Dead pixels answer with their offset only, hot pixels sit at full scale. A degraded detector
(``blur_px``, ``noise_factor``) spreads the photons over neighbouring pixels before they are
counted (Gaussian line spread across the detector: scintillator crosstalk, a worn focal
spot) and multiplies every noise term; both are off by default. Noise is drawn from
a generator seeded by (seed, stream, line index), so a scan rendered in blocks of any size is
bit-identical to the same scan rendered in one go; that is what lets the simulator stream
blocks of lines.

For speed the Poisson draw uses the normal approximation N + sqrt(N)·z where the expected
count is at least 30 (error of the approximation well under the noise itself) and a true
Poisson draw for the few darker pixels, where the discreteness matters.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from devices.xray.materials import ENERGY_PAIRS, material
from devices.xray.sim.scenes import Scene

FULL_SCALE = 65535
_STREAM_SCENE, _STREAM_DARK, _STREAM_FLAT = 0, 1, 2
_NORMAL_MIN_COUNTS = 30.0


@dataclass(frozen=True, eq=False)
class DetectorModel:
    """Per-pixel response of the detector array (both channels), fixed for one detector.

    ``offset_*`` in ADU (dark level, ~900-1100), ``gain_*`` in ADU per photon (0.8-1.2,
    with steps between 64-pixel detector boards), ``i0_*`` unattenuated photons per pixel and
    line, ``read_noise`` in ADU (standard deviation), ``dead``/``hot`` boolean masks.
    """

    pixels: int
    energy_pair: str
    offset_low: np.ndarray
    offset_high: np.ndarray
    gain_low: np.ndarray
    gain_high: np.ndarray
    dead: np.ndarray
    hot: np.ndarray
    i0_low: float = 42000.0
    i0_high: float = 48000.0
    read_noise: float = 4.0
    full_scale: int = FULL_SCALE
    seed: int = 0
    board_pixels: int = field(default=64)
    blur_px: float = 0.0  # Gaussian sigma of the line spread across the detector, pixels
    noise_factor: float = 1.0  # quantum and read noise multiplied by this

    @classmethod
    def default(cls, pixels: int, seed: int = 0, *, energy_pair: str = "kev",
                n_dead: int | None = None, n_hot: int | None = None) -> DetectorModel:
        """A plausible detector: 5 % gain spread, ~1 in 400 pixels dead, ~1 in 1000 hot."""
        if pixels < 8:
            raise ValueError(f"detector needs at least 8 pixels, got {pixels}")
        if energy_pair not in ENERGY_PAIRS:
            raise ValueError(f"unknown energy pair {energy_pair!r}; known: {', '.join(ENERGY_PAIRS)}")
        rng = np.random.default_rng([seed, 7919])
        boards = -(-pixels // 64)

        def gain() -> np.ndarray:
            # Board-to-board steps (different ASIC batches) plus pixel-to-pixel spread.
            board = rng.normal(1.0, 0.04, boards).repeat(64)[:pixels]
            return np.clip(board * rng.normal(1.0, 0.025, pixels), 0.8, 1.2).astype(np.float32)

        def offset() -> np.ndarray:
            board = rng.normal(1000.0, 40.0, boards).repeat(64)[:pixels]
            return (board + rng.normal(0.0, 15.0, pixels)).astype(np.float32)

        n_dead = max(1, pixels // 400) if n_dead is None else n_dead
        n_hot = max(1, pixels // 1000) if n_hot is None else n_hot
        chosen = rng.choice(pixels, size=n_dead + n_hot, replace=False)
        dead = np.zeros(pixels, bool)
        hot = np.zeros(pixels, bool)
        dead[chosen[:n_dead]] = True
        hot[chosen[n_dead:]] = True
        return cls(pixels=pixels, energy_pair=energy_pair, offset_low=offset(), offset_high=offset(),
                   gain_low=gain(), gain_high=gain(), dead=dead, hot=hot, seed=seed)


def _check_range(scene_lines: int, start: int, stop: int | None) -> int:
    stop = scene_lines if stop is None else stop
    if not 0 <= start <= stop <= scene_lines:
        raise ValueError(f"line range {start}..{stop} outside the scene's 0..{scene_lines}")
    return stop


def attenuation(scene: Scene, start: int = 0, stop: int | None = None,
                pair: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Noise-free line integrals A = sum(mu * t) (dimensionless) at (low, high) energy."""
    stop = _check_range(scene.lines, start, stop)
    pair = pair or scene.energy_pair
    n = stop - start
    a_low = np.zeros((n, scene.pixels), np.float32)
    a_high = np.zeros((n, scene.pixels), np.float32)
    for layer in scene.layers:
        x0, x1 = max(start, layer.x), min(stop, layer.x + layer.w)
        if x0 >= x1:
            continue
        mu_low, mu_high = material(layer.material).mu(pair)
        t = layer.thickness[x0 - layer.x:x1 - layer.x] if layer.thickness.shape[0] > 1 \
            else layer.thickness
        t32 = t.astype(np.float32, copy=False)
        rows = slice(x0 - start, x1 - start)
        cols = slice(layer.y, layer.y + layer.h)
        a_low[rows, cols] += np.float32(mu_low) * t32
        a_high[rows, cols] += np.float32(mu_high) * t32
    return a_low, a_high


def _detect(photons: np.ndarray, offset: np.ndarray, gain: np.ndarray, detector: DetectorModel,
            rng: np.random.Generator) -> np.ndarray:
    """One line of one channel: expected photons -> raw uint16 ADU."""
    z = rng.standard_normal(photons.shape, dtype=np.float32)
    factor = detector.noise_factor
    counts = photons + np.sqrt(photons) * (z if factor == 1.0 else z * np.float32(factor))
    dim = photons < _NORMAL_MIN_COUNTS
    if dim.any():
        drawn = rng.poisson(photons[dim]).astype(np.float32)
        counts[dim] = drawn if factor == 1.0 else photons[dim] + (drawn - photons[dim]) * factor
    np.maximum(counts, 0.0, out=counts)
    raw = offset + gain * counts + (detector.read_noise * factor) * rng.standard_normal(
        photons.shape, dtype=np.float32)
    raw[detector.dead] = offset[detector.dead]
    raw[detector.hot] = detector.full_scale
    return np.clip(np.rint(raw), 0, detector.full_scale).astype(np.uint16)


def _expose(a_low: np.ndarray | None, a_high: np.ndarray | None, detector: DetectorModel,
            n_lines: int, first_line: int, seed: int, stream: int) -> tuple[np.ndarray, np.ndarray]:
    low = np.empty((n_lines, detector.pixels), np.uint16)
    high = np.empty((n_lines, detector.pixels), np.uint16)
    if a_low is not None and a_high is not None:
        p_low = np.float32(detector.i0_low) * np.exp(-a_low)
        p_high = np.float32(detector.i0_high) * np.exp(-a_high)
        if detector.blur_px > 0:
            # Across the detector only (within each line), so that blocks of lines rendered
            # apart still join bit-identically.
            k = 2 * int(np.ceil(3 * detector.blur_px)) + 1
            p_low = cv2.GaussianBlur(p_low, (k, 1), detector.blur_px)
            p_high = cv2.GaussianBlur(p_high, (k, 1), detector.blur_px)
    else:
        level = 0.0 if stream == _STREAM_DARK else 1.0
        p_low = np.full((n_lines, detector.pixels), detector.i0_low * level, np.float32)
        p_high = np.full((n_lines, detector.pixels), detector.i0_high * level, np.float32)
    for i in range(n_lines):
        rng = np.random.default_rng([seed, stream, first_line + i])
        low[i] = _detect(p_low[i], detector.offset_low, detector.gain_low, detector, rng)
        high[i] = _detect(p_high[i], detector.offset_high, detector.gain_high, detector, rng)
    return low, high


def render_lines(scene: Scene, detector: DetectorModel, *, seed: int, start: int = 0,
                 stop: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Raw (low, high) uint16 arrays of shape (stop - start, pixels) for lines start..stop.

    Deterministic for (scene, detector, seed); block boundaries do not change the result.
    """
    if detector.pixels != scene.pixels:
        raise ValueError(f"detector has {detector.pixels} pixels but the scene needs {scene.pixels}")
    stop = _check_range(scene.lines, start, stop)
    # The scene decides the physics (parcel keV tube or cargo MeV linac), whatever the
    # detector model was created with.
    a_low, a_high = attenuation(scene, start, stop, scene.energy_pair)
    return _expose(a_low, a_high, detector, stop - start, start, seed, _STREAM_SCENE)


def render_dark(detector: DetectorModel, n_lines: int, *, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Raw (low, high) lines with the source off: offset plus read noise (calibration input)."""
    return _expose(None, None, detector, n_lines, 0, seed, _STREAM_DARK)


def render_flat(detector: DetectorModel, n_lines: int, *, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Raw (low, high) lines with the source on and nothing in the tunnel (calibration input)."""
    return _expose(None, None, detector, n_lines, 0, seed, _STREAM_FLAT)
