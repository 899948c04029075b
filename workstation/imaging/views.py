"""Operator renderings of a scan, from its 16-bit transmission data: one entry point.

``render_view(scan, view, gamma=..., window=..., level=...)`` returns uint8 RGB in display
order: shape (pixels, lines, 3), scan lines running left to right as the vehicle or parcel
passed. Window and level are in attenuation units (A = -ln T); the grey value falls with
log(1 + A) between ``level - window/2`` (white) and ``level + window/2`` (black), then
``gamma`` shapes it (below 1 brightens dense areas).

Every view is a lookup table on the 16-bit values (one table per energy, or one 1024 x 1024
table over the quantised attenuation pair for the material views), applied in strips of lines,
so the memory beyond the output image is a few megabytes whatever the scan size.
"""

from __future__ import annotations

from functools import lru_cache

import cv2
import numpy as np

from workstation.imaging.attenuation import Q, dequantise, t16_to_a, t16_to_q
from workstation.imaging.materials import (
    IMPENETRABLE,
    INORGANIC,
    METAL,
    NONE,
    ORGANIC,
    MaterialCurve,
    classify,
)
from workstation.imaging.scan import DualEnergyScan

VIEWS: dict[str, str] = {
    "grey": "grey levels from the high-energy attenuation",
    "material": "material colour: orange organic, green inorganic, blue metal, black impenetrable",
    "organic-strip": "material colour with organic material removed",
    "inorganic-strip": "material colour with inorganic material and metal removed",
    "edge": "grey with edge enhancement (unsharp mask)",
    "invert": "grey inverted (dense is bright)",
    "high-pen": "grey windowed on dense regions (high penetration)",
    "low-pen": "grey windowed on thin material (low penetration)",
}
DUAL_VIEWS = {"material", "organic-strip", "inorganic-strip"}
# Default (low, high) attenuation window per view and energy pair.
_WINDOWS = {
    "kev": {"default": (0.0, 6.0), "high-pen": (1.5, 10.0), "low-pen": (0.0, 1.2)},
    "mev": {"default": (0.0, 8.0), "high-pen": (2.5, 11.0), "low-pen": (0.0, 2.5)},
}
# Display colours (RGB, 0..1): the conventions officers are trained on.
HUES = {
    ORGANIC: (1.0, 0.55, 0.05),
    INORGANIC: (0.15, 0.75, 0.15),
    METAL: (0.1, 0.35, 1.0),
}
STRIP_LINES = 1024


def _brightness(a: np.ndarray, lo: float, hi: float, gamma: float) -> np.ndarray:
    """0..1 display brightness for attenuation ``a`` in the window (lo, hi)."""
    f = np.log1p(np.maximum(a, 0.0))
    f_lo, f_hi = np.log1p(lo), np.log1p(hi)
    v = 1.0 - np.clip((f - f_lo) / max(f_hi - f_lo, 1e-6), 0.0, 1.0)
    return v ** np.float32(gamma)


@lru_cache(maxsize=16)
def _grey_lut(lo: float, hi: float, gamma: float, invert: bool) -> np.ndarray:
    v = _brightness(t16_to_a(), lo, hi, gamma)
    if invert:
        v = 1.0 - v
    return np.rint(v * 255).astype(np.uint8)


@lru_cache(maxsize=16)
def _material_lut(pair: str, lo: float, hi: float, gamma: float, hide: frozenset[int]) -> np.ndarray:
    """(Q*Q,) uint32 packed RGBA over (low level, high level), classes in ``hide`` shown blank."""
    a = dequantise(np.arange(Q))
    a_low, a_high = np.meshgrid(a, a, indexing="ij")
    classes = classify(a_low, a_high, MaterialCurve.from_materials(pair))
    v = _brightness(a_high, lo, hi, gamma)[..., None]
    hue = np.ones(classes.shape + (3,), np.float32)
    for code, code_rgb in HUES.items():
        hue[classes == code] = code_rgb
    # Thin material is pale, thick is dark and saturated: white blended towards the hue.
    rgb = v * (v + (1.0 - v) * hue)
    rgb[classes == IMPENETRABLE] = 0.0
    for code in hide:
        rgb[classes == code] = 1.0
    rgba = np.zeros(classes.shape + (4,), np.uint8)
    rgba[..., :3] = np.rint(np.clip(rgb, 0, 1) * 255)
    rgba[..., 3] = 255
    return rgba.reshape(-1).view(np.uint32)


def _window(scan: DualEnergyScan, view: str, window: float | None, level: float | None
            ) -> tuple[float, float]:
    table = _WINDOWS.get(scan.energy_pair, _WINDOWS["kev"])
    lo, hi = table.get(view, table["default"])
    if window is not None or level is not None:
        w = window if window is not None else hi - lo
        c = level if level is not None else (lo + hi) / 2
        if w <= 0:
            raise ValueError(f"window must be positive (attenuation units), got {w}")
        lo, hi = max(0.0, c - w / 2), c + w / 2
    return float(lo), float(hi)


def material_classes(scan: DualEnergyScan) -> np.ndarray:
    """Material class per pixel (uint8, (lines, pixels)) through the quantised table."""
    if scan.low is None:
        raise ValueError("material classes need both energies; this scan has only one")
    table = _class_table(scan.energy_pair)
    q = t16_to_q()
    out = np.empty(scan.high.shape, np.uint8)
    for s in range(0, scan.lines, STRIP_LINES):
        idx = q[scan.low[s:s + STRIP_LINES]].astype(np.uint32) * Q + q[scan.high[s:s + STRIP_LINES]]
        out[s:s + STRIP_LINES] = table[idx]
    return out


@lru_cache(maxsize=4)
def _class_table(pair: str) -> np.ndarray:
    a = dequantise(np.arange(Q))
    a_low, a_high = np.meshgrid(a, a, indexing="ij")
    return classify(a_low, a_high, MaterialCurve.from_materials(pair)).reshape(-1)


def render_view(scan: DualEnergyScan, view: str, *, gamma: float = 1.0, window: float | None = None,
                level: float | None = None) -> np.ndarray:
    """Render ``view`` (a key of :data:`VIEWS`) as uint8 RGB of shape (pixels, lines, 3)."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; choose one of: {', '.join(VIEWS)}")
    if not 0.05 <= gamma <= 20:
        raise ValueError(f"gamma must be between 0.05 and 20, got {gamma}")
    if view in DUAL_VIEWS and scan.low is None:
        raise ValueError(f"view {view!r} needs both energies; this scan has only one "
                         f"(use grey, edge, invert, high-pen or low-pen)")
    lo, hi = _window(scan, view, window, level)
    if view in DUAL_VIEWS:
        out = np.empty((scan.pixels, scan.lines, 3), np.uint8)
        assert scan.low is not None
        hide = {"organic-strip": frozenset({ORGANIC}),
                "inorganic-strip": frozenset({INORGANIC, METAL}),
                "material": frozenset()}[view]
        lut = _material_lut(scan.energy_pair, lo, hi, float(gamma), hide)
        q = t16_to_q()
        # Gathers run in the scanner's (line, pixel) order, where memory is contiguous; only
        # the finished strip is transposed to display order (cv2.transpose, cache-blocked).
        q_low = np.empty((STRIP_LINES, scan.pixels), np.uint16)
        q_high = np.empty((STRIP_LINES, scan.pixels), np.uint16)
        idx = np.empty((STRIP_LINES, scan.pixels), np.uint32)
        rgba = np.empty((STRIP_LINES, scan.pixels), np.uint32)
        for s in range(0, scan.lines, STRIP_LINES):
            e = min(s + STRIP_LINES, scan.lines)
            n = e - s
            np.take(q, scan.low[s:e], out=q_low[:n])
            np.take(q, scan.high[s:e], out=q_high[:n])
            np.multiply(q_low[:n], Q, out=idx[:n], dtype=np.uint32)
            idx[:n] += q_high[:n]
            np.take(lut, idx[:n], out=rgba[:n])
            display = cv2.transpose(rgba[:n].view(np.int32))
            out[:, s:e] = cv2.cvtColor(display.view(np.uint8).reshape(scan.pixels, n, 4),
                                       cv2.COLOR_RGBA2RGB)
        return out
    grey = cv2.transpose(_grey_lut(lo, hi, float(gamma), view == "invert")[scan.high])
    if view == "edge":
        # Unsharp mask: add back 1.5x the difference from a 2-pixel blur; outlines of
        # wires and blades stand out without changing the overall grey levels.
        blur = cv2.GaussianBlur(grey, (0, 0), 2.0)
        grey = cv2.addWeighted(grey, 2.5, blur, -1.5, 0)
    return cv2.cvtColor(grey, cv2.COLOR_GRAY2RGB)


__all__ = ["DUAL_VIEWS", "NONE", "VIEWS", "material_classes", "render_view"]
