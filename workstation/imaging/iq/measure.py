"""The measurements of a located test piece, on attenuation A = -ln T of its regions.

Every measurement works on differences of attenuation (feature minus its surroundings) and
on noise measured in the same image, so a uniform gain change of the scanner (A shifted by
-ln gain everywhere) leaves the resolution and penetration figures unchanged.

Conventions (see docs/decisions/1100-image-quality-scoring.md):

* contrast-to-noise (CNR) = feature contrast / standard deviation of single pixels of the
  background beside it: what an officer sees is one pixel's noise, whatever the averaging
  a statistic could do (the criterion of decision 0107 for the wires);
* a feature counts as seen at CNR >= :data:`~workstation.imaging.iq.limits.CNR_SEEN`;
  resolution and penetration figures are the finest / thickest feature of an unbroken run
  from the easiest one, so one lucky noisy feature cannot raise the figure.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from standards.test_pieces import BarGroup, Rect, TestPieceLayout, Wire
from workstation.imaging.iq.limits import CNR_SEEN, MIN_MODULATION
from workstation.imaging.iq.locate import Placement
from workstation.imaging.materials import MaterialCurve, classify

ToAttenuation = Callable[[np.ndarray], np.ndarray]


class Sampler:
    """Regions of a located piece's images as attenuation (via ``to_a`` of the raw values)."""

    def __init__(self, placement: Placement, high: np.ndarray, low: np.ndarray | None,
                 to_a: ToAttenuation) -> None:
        self.placement = placement
        self.layout: TestPieceLayout = placement.layout
        self._views = {"high": placement.view(high),
                       "low": placement.view(low) if low is not None else None}
        self._to_a = to_a

    @property
    def dual(self) -> bool:
        return self._views["low"] is not None

    def region(self, channel: str, rect: Rect, margin: float = 0.0) -> np.ndarray:
        view = self._views[channel]
        if view is None:
            raise ValueError("single-energy image: no low-energy channel")
        rows, cols = self.placement.roi(rect, margin)
        return self._to_a(view[rows, cols])

    def block(self, channel: str, rows: slice, cols: slice) -> np.ndarray:
        view = self._views[channel]
        if view is None:
            raise ValueError("single-energy image: no low-energy channel")
        if rows.start < 0 or cols.start < 0 or rows.stop > view.shape[0] or cols.stop > view.shape[1]:
            from workstation.imaging.iq.locate import TestPieceNotFound

            raise TestPieceNotFound(f"the {self.layout.kind} test piece is cut off at the image edge")
        return self._to_a(view[rows, cols])


def robust_sigma(values: np.ndarray) -> float:
    """Standard deviation from the median absolute deviation (immune to a few bad pixels)."""
    v = np.asarray(values).ravel()
    med = np.median(v)
    return float(1.4826 * np.median(np.abs(v - med)))


def _margin(rect: Rect) -> float:
    return 0.15 * min(rect.w, rect.h)


# --- wires --------------------------------------------------------------------------------

def wire_cnr(s: Sampler, wire: Wire, channel: str) -> float:
    """CNR of one wire: its mean profile along its length against single-pixel noise."""
    p = s.placement
    d_px = wire.diameter_mm / 10 * p.cols_per_cm
    half = max(2, int(math.ceil(d_px)) + 1)
    c = int(round(p.col(wire.y) - 0.5))
    length = wire.x1 - wire.x0
    rows = slice(int(math.ceil(p.row(wire.x0 + 0.05 * length))),
                 int(math.floor(p.row(wire.x1 - 0.05 * length))))
    a = s.block(channel, rows, slice(c - half - 6, c + half + 7))
    profile = a.mean(axis=0)
    background = np.concatenate((a[:, :5], a[:, -5:]), axis=1)
    contrast = float(profile[6:6 + 2 * half + 1].max() - background.mean())
    noise = float(background.std())
    return contrast / noise if noise > 0 else 0.0


def wire_resolution(s: Sampler) -> tuple[float, dict[str, float]]:
    """(diameter in mm of the thinnest wire seen in an unbroken run from the thickest, CNR
    per wire). Low energy when present: the wires' metal contrast is highest there."""
    channel = "low" if s.dual else "high"
    wires = sorted(s.layout.wires, key=lambda w: -w.diameter_mm)
    cnrs = {w.label: round(wire_cnr(s, w, channel), 2) for w in wires}
    finest = math.inf
    for w in wires:
        if cnrs[w.label] < CNR_SEEN:
            break
        finest = w.diameter_mm
    return finest, cnrs


# --- bar groups ---------------------------------------------------------------------------

def _reference_contrast(s: Sampler) -> float:
    """Attenuation of solid steel of the bars' thickness over the bare piece (high energy)."""
    ref = s.region("high", s.layout.bar_reference.rect, _margin(s.layout.bar_reference.rect))
    bare = s.region("high", s.layout.background, _margin(s.layout.background))
    return float(np.median(ref) - np.median(bare))


def bar_modulation(s: Sampler, group: BarGroup, full: float) -> tuple[float, float]:
    """(modulation relative to full contrast, CNR of its amplitude) of one bar group.

    The profile across the bars (mean along them) is fitted with the fundamental of the
    bars' period, phase free: a square wave of full contrast has a fundamental of amplitude
    (2 / pi) x contrast, which is modulation 1.
    """
    p = s.placement
    r = group.rect
    along_x = group.orient == "across"  # bars run along y: the profile runs along x
    keep = 0.15 * (r.h if along_x else r.w)  # off the bar ends
    if along_x:
        rows = slice(int(math.ceil(p.row(r.x))), int(math.floor(p.row(r.x + r.w))))
        cols = slice(int(math.ceil(p.col(r.y + keep))), int(math.floor(p.col(r.y + r.h - keep))))
        a = s.block("high", rows, cols)
        profile, n_avg, scale, start = a.mean(axis=1), a.shape[1], p.rows_per_cm, rows.start
        pixel_sigma = float(np.std(np.diff(a, axis=1))) / math.sqrt(2)
        origin = p.row0
    else:
        rows = slice(int(math.ceil(p.row(r.x + keep))), int(math.floor(p.row(r.x + r.w - keep))))
        cols = slice(int(math.ceil(p.col(r.y))), int(math.floor(p.col(r.y + r.h))))
        a = s.block("high", rows, cols)
        profile, n_avg, scale, start = a.mean(axis=0), a.shape[0], p.cols_per_cm, cols.start
        pixel_sigma = float(np.std(np.diff(a, axis=0))) / math.sqrt(2)
        origin = p.col0
    period_cm = 2 * group.width_mm / 10
    # Position of each profile sample on the piece (cm from the group's first bar edge).
    pos = (np.arange(profile.size) + start + 0.5 - origin) / scale - (r.x if along_x else r.y)
    phase = 2 * np.pi * pos / period_cm
    centred = profile - profile.mean()
    c = 2 * float(np.mean(centred * np.cos(phase)))
    sn = 2 * float(np.mean(centred * np.sin(phase)))
    amplitude = math.hypot(c, sn)
    sigma_amp = pixel_sigma / math.sqrt(n_avg) * math.sqrt(2 / profile.size)
    modulation = amplitude / (2 / math.pi * full) if full > 0 else 0.0
    return modulation, (amplitude / sigma_amp if sigma_amp > 0 else 0.0)


def spatial_resolution(s: Sampler) -> tuple[float, dict[str, float]]:
    """(finest bar width in mm resolved in both directions, modulation per group)."""
    full = _reference_contrast(s)
    detail: dict[str, float] = {}
    worst = 0.0
    for orient in ("across", "along"):
        groups = sorted((g for g in s.layout.bars if g.orient == orient), key=lambda g: -g.width_mm)
        finest = math.inf
        for g in groups:
            modulation, cnr = bar_modulation(s, g, full)
            detail[f"{orient}_{g.width_mm:g}mm"] = round(modulation, 3)
            if modulation < MIN_MODULATION or cnr < CNR_SEEN:
                break
            finest = g.width_mm
        worst = max(worst, finest)
    return worst, detail


# --- steps, uniform region, materials -----------------------------------------------------

def penetration(s: Sampler) -> tuple[float, dict[str, float]]:
    """(thickest steel step, cm, told from the next thinner one at CNR >= 3 in an unbroken
    run from the bare piece, CNR per step). High energy: the penetrating channel."""
    previous = float(np.median(s.region("high", s.layout.background, _margin(s.layout.background))))
    thickest = 0.0
    detail: dict[str, float] = {}
    seen = True
    for step in s.layout.penetration:
        a = s.region("high", step.rect, _margin(step.rect))
        level = float(np.median(a))
        sigma = robust_sigma(a)
        cnr = (level - previous) / sigma if sigma > 0 else 0.0
        detail[f"{step.thickness_cm:g}cm"] = round(cnr, 2)
        if seen and cnr >= CNR_SEEN:
            thickest = step.thickness_cm
        else:
            seen = False
        previous = level
    return thickest, detail


def noise(s: Sampler) -> tuple[float, dict[str, float]]:
    """Relative single-pixel noise in the uniform region, % (sigma of A ~ sigma_T / T), the
    worse channel. From differences of neighbouring lines: slow shading does not count.
    Infinite (failed) when the region is clipped at full scale: a gain so far above the
    calibration's hides the noise instead of measuring it."""
    rect = s.layout.uniform.rect
    detail = {}
    for channel in (("high", "low") if s.dual else ("high",)):
        a = s.region(channel, rect, _margin(rect))
        if float(np.mean(a <= 0.0)) > 0.01:
            detail[f"{channel}_clipped"] = 1.0
            return math.inf, detail
        detail[channel] = round(100 * robust_sigma(np.diff(a, axis=0)) / math.sqrt(2), 3)
    return max(detail.values()), detail


def uniformity(s: Sampler, tiles: int = 3) -> tuple[float, dict[str, float]]:
    """Spread of the mean transmission over tiles x tiles parts of the uniform region, %
    of the mean (max minus min), the worse channel."""
    rect = s.layout.uniform.rect
    detail = {}
    for channel in (("high", "low") if s.dual else ("high",)):
        a = s.region(channel, rect, _margin(rect))
        h, w = a.shape[0] // tiles, a.shape[1] // tiles
        means = [float(np.mean(a[i * h:(i + 1) * h, j * w:(j + 1) * w]))
                 for i in range(tiles) for j in range(tiles)]
        t = np.exp(-np.asarray(means))
        detail[channel] = round(100 * float(t.max() - t.min()) / float(t.mean()), 3)
    return max(detail.values()), detail


def material_discrimination(s: Sampler, energy_pair: str) -> tuple[float, dict[str, float]]:
    """(% of material patches shown in their class, 1/0 per patch) from the medians of both
    channels over each patch, with the workstation's material calibration."""
    curve = MaterialCurve.from_materials(energy_pair)
    names = ("none", "organic", "inorganic", "metal", "impenetrable")
    detail = {}
    for patch in s.layout.patches:
        rect = patch.step.rect
        a_low = np.float32(np.median(s.region("low", rect, _margin(rect))))
        a_high = np.float32(np.median(s.region("high", rect, _margin(rect))))
        got = names[int(classify(np.array([a_low]), np.array([a_high]), curve)[0])]
        detail[f"{patch.step.material}_{patch.step.thickness_cm:g}cm"] = \
            1.0 if got == patch.material_class else 0.0
    return 100 * sum(detail.values()) / len(detail), detail
