"""Turn raw 16-bit scan lines into display pixels for each operator view.

The views are the image pipeline's (``workstation.imaging``); this module only picks the
pipeline function for a view, applies the officer's gamma / window-level, and lays the
result out for display (scan lines run left to right, detector pixels top to bottom).
Until the pipeline package is importable, a small numpy stand-in renders the same views
from transmission so the viewer stays usable; ``PIPELINE`` says which one is in use.

Every function works on a *strip* of lines, so a scan streaming in is rendered block by
block and never as a whole on the main thread.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

import numpy as np

from workstation.imaging.views import VIEWS as _PIPELINE_VIEWS

VIEWS: tuple[str, ...] = tuple(_PIPELINE_VIEWS)  # the pipeline's views, in its order
FULL_SCALE = 65535.0  # detector counts of an unattenuated, gain-corrected pixel


def _pipeline() -> ModuleType | None:
    try:
        module = importlib.import_module("workstation.imaging")
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("workstation.imaging"):
            return None
        raise
    return module if hasattr(module, "render_view") and hasattr(module, "DualEnergyScan") else None


PIPELINE = _pipeline()


@dataclass(frozen=True)
class DisplayParams:
    """Officer's display adjustments: ``gamma`` 0.2..5 (1 = linear); window ``level`` and
    ``width`` as fractions of the grey range 0..1 (level 0.5, width 1 = whole range)."""

    view: str = "grey"
    gamma: float = 1.0
    level: float = 0.5
    width: float = 1.0
    energy_pair: str = "kev"  # "kev" parcel scanner, "mev" cargo linac (pipeline calibration)

    @property
    def default_window(self) -> bool:
        return self.level == 0.5 and self.width == 1.0


ATTENUATION_RANGE = 10.0  # slider fraction 1.0 = this many attenuation units (A = -ln T)


def _transmission(raw: np.ndarray) -> np.ndarray:
    """Fraction of the beam that got through, 0..1, from the high-energy channel."""
    high = raw[..., -1] if raw.ndim == 3 else raw
    return np.clip(high.astype(np.float32) / FULL_SCALE, 1e-4, 1.0)


def _stand_in(raw: np.ndarray, view: str) -> np.ndarray:
    """Views computed from transmission when the pipeline is not installed: grey (float 0..1,
    dark = dense) or RGB float 0..1 for the colour views."""
    t = _transmission(raw)
    if view == "high-pen":
        return np.clip(np.log(t) / np.log(1e-4) * -1 + 1, 0, 1) ** 0.4  # lifts dense regions
    if view == "low-pen":
        return t ** 2.0
    if view == "invert":
        return 1.0 - t
    if view == "edge":
        gy, gx = np.gradient(t)
        return np.clip(t + 4.0 * np.hypot(gx, gy), 0, 1)
    if view in ("material", "organic-strip", "inorganic-strip"):
        low = _transmission(raw[..., 0]) if raw.ndim == 3 else t
        # Ratio of low- to high-energy attenuation grows with atomic number (Z).
        ratio = np.log(low) / np.minimum(np.log(t), -1e-3)
        organic = ratio < 1.25
        metal = ratio > 1.6
        rgb = np.empty(t.shape + (3,), np.float32)
        rgb[..., 0] = np.where(organic, 1.0, np.where(metal, 0.2, 0.3)) * t
        rgb[..., 1] = np.where(organic, 0.6, np.where(metal, 0.4, 0.9)) * t
        rgb[..., 2] = np.where(organic, 0.1, np.where(metal, 1.0, 0.3)) * t
        if view == "organic-strip":
            rgb[organic] = 1.0  # organic removed: shows what is left
        elif view == "inorganic-strip":
            rgb[~organic] = 1.0
        return rgb
    return t


def render_strip(raw: np.ndarray, params: DisplayParams) -> np.ndarray:
    """Display pixels for a strip of lines ``raw`` (lines x pixels [x energies], uint16).

    Returns uint8, shape (pixels, lines) for grey views or (pixels, lines, 3) for colour
    views: transposed so that scan lines run left to right on screen.
    """
    if params.view not in VIEWS:
        raise ValueError(f"unknown view {params.view!r}; one of {', '.join(VIEWS)}")
    if PIPELINE is not None:
        return _pipeline_strip(raw, params)
    value = _stand_in(raw, params.view)
    lo = params.level - params.width / 2
    value = np.clip((value - lo) / max(params.width, 1e-3), 0.0, 1.0)
    if params.gamma != 1.0:
        value = value ** (1.0 / params.gamma)
    out = (value * 255.0 + 0.5).astype(np.uint8)
    return np.ascontiguousarray(np.swapaxes(out, 0, 1))


def _pipeline_strip(raw: np.ndarray, params: DisplayParams) -> np.ndarray:
    """The pipeline's rendering of a strip; its window and level are attenuation units, so
    the officer's slider fractions are scaled by :data:`ATTENUATION_RANGE` (the sliders at
    their middle positions leave the pipeline's own default window per view)."""
    assert PIPELINE is not None
    dual = raw.ndim == 3 and raw.shape[2] >= 2
    high = np.ascontiguousarray(raw[..., -1] if raw.ndim == 3 else raw)
    low = np.ascontiguousarray(raw[..., 0]) if dual else None
    view = params.view
    if low is None and view in ("material", "organic-strip", "inorganic-strip"):
        view = "grey"  # single-energy scan: the colour views do not exist
    scan = PIPELINE.DualEnergyScan(high=high, low=low, energy_pair=params.energy_pair)
    window = level = None
    if not params.default_window:
        window = max(params.width, 0.01) * ATTENUATION_RANGE
        level = params.level * ATTENUATION_RANGE
    gamma = min(20.0, max(0.05, params.gamma))
    rgb = PIPELINE.render_view(scan, view, gamma=gamma, window=window, level=level)
    if view in ("material", "organic-strip", "inorganic-strip"):
        return np.ascontiguousarray(rgb)
    return np.ascontiguousarray(rgb[..., 0])  # grey views: one channel is enough to show
