"""``workstation bench imaging``: the scan pipeline against straightforward numpy.

Input: a simulated dual-energy cargo scan of 4,096 lines x 2,048 pixels (raw uint16, with a
fresh dark/flat calibration and its bad pixels). Both implementations do the same steps:
offset/gain correction with bad-pixel interpolation, attenuation, dual-energy material
classes, material-colour rendering to RGB. The baseline is the obvious per-step float64
numpy code a first version would have; ours works in float32 strips and replaces the
logarithm, the ratio, the class rules and the colouring by lookup tables on 16-bit values.

If ``workstation.bench.xray_ingest`` (the device layer's line-ingestion bench) is present,
its results are appended.
"""

from __future__ import annotations

import argparse
import importlib.util
from typing import Any

import numpy as np

from workstation.bench import BenchResult, median_time
from workstation.cli.context import CliContext
from workstation.imaging.calibration import Calibration
from workstation.imaging.correction import correct_scan
from workstation.imaging.materials import (
    IMPENETRABLE,
    INORGANIC,
    METAL,
    NONE,
    ORGANIC,
    MaterialCurve,
)
from workstation.imaging.views import HUES, _window, material_classes, render_view

BASELINE = "float64 numpy, step by step"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--repeats", type=int, default=3, help="runs per case (median reported)")
    parser.add_argument("--lines", type=int, default=4096)
    parser.add_argument("--pixels", type=int, default=2048)
    parser.add_argument("--no-ingest", action="store_true", help="skip the line-ingestion bench")


def make_input(lines: int, pixels: int, seed: int = 11) -> tuple[np.ndarray, np.ndarray, Calibration, str]:
    from devices.registry import simulation

    sim = simulation("xray-tcp")  # the x-ray simulator's scenes and physics
    scene = sim.make_scene("cargo-mixed", seed, size=(lines, pixels))
    det = sim.DetectorModel.default(pixels, 3, energy_pair=scene.energy_pair)
    cal = Calibration.from_frames(*sim.render_dark(det, 32, seed=1),
                                  *sim.render_flat(det, 32, seed=2))
    low, high = sim.render_lines(scene, det, seed=seed)
    return low, high, cal, scene.energy_pair


def ours(low: np.ndarray, high: np.ndarray, cal: Calibration, pair: str) -> tuple[np.ndarray, np.ndarray]:
    scan = correct_scan(low, high, cal, energy_pair=pair)
    return material_classes(scan), render_view(scan, "material")


def baseline(low: np.ndarray, high: np.ndarray, cal: Calibration, pair: str
             ) -> tuple[np.ndarray, np.ndarray]:
    """The same steps written the obvious way: float64 arrays, one numpy call per step."""
    curve = MaterialCurve.from_materials(pair)
    bad, left, right, w = cal.interpolation()
    atten = []
    for raw, dark, flat in ((low, cal.dark_low, cal.flat_low), (high, cal.dark_high, cal.flat_high)):
        t = (raw.astype(np.float64) - dark.astype(np.float64)) / np.maximum(
            flat.astype(np.float64) - dark.astype(np.float64), 1.0)
        for b, lft, rgt, wt in zip(bad, left, right, w, strict=True):
            t[:, b] = t[:, lft] + (t[:, rgt] - t[:, lft]) * wt
        t = np.clip(t, 0.0, 1.0)
        t = np.round(t * 65535) / 65535  # the same 16-bit storage step ours has
        atten.append(-np.log(np.maximum(t, 0.5 / 65535)))
    a_low, a_high = atten
    ratio = a_low / np.maximum(a_high, 1e-6)
    classes = np.asarray(curve.classes)[np.searchsorted(np.asarray(curve.boundaries), ratio)]
    starved = a_low >= curve.a_low_max
    if curve.classes[-1] == METAL:
        classes = np.where(starved & (ratio >= curve.boundaries[-1]), METAL,
                           np.where(starved, IMPENETRABLE, classes))
    else:
        classes = np.where(starved, IMPENETRABLE, classes)
    classes = np.where(a_high >= curve.a_high_max, IMPENETRABLE, classes)
    classes = np.where(a_high < curve.a_air, NONE, classes)
    lo, hi = _window_for(pair)
    v = 1.0 - np.clip((np.log1p(a_high) - np.log1p(lo)) / (np.log1p(hi) - np.log1p(lo)), 0.0, 1.0)
    hue = np.ones(classes.shape + (3,))
    for code in (ORGANIC, INORGANIC, METAL):
        hue[classes == code] = HUES[code]
    rgb = v[..., None] * (v[..., None] + (1.0 - v[..., None]) * hue)
    rgb[classes == IMPENETRABLE] = 0.0
    image = np.round(np.clip(rgb, 0, 1) * 255).astype(np.uint8).transpose(1, 0, 2)
    return classes.astype(np.uint8), image


def _window_for(pair: str) -> tuple[float, float]:
    from workstation.imaging.scan import DualEnergyScan

    probe = DualEnergyScan(high=np.zeros((1, 1), np.uint16), energy_pair=pair)
    return _window(probe, "material", None, None)


def run(ctx: CliContext, args: argparse.Namespace) -> list[BenchResult]:
    low, high, cal, pair = make_input(args.lines, args.pixels)
    ours_classes, ours_rgb = ours(low, high, cal, pair)  # warm the lookup tables once
    base_classes, base_rgb = baseline(low, high, cal, pair)
    agree = float((ours_classes == base_classes).mean())
    colour_diff = float(np.abs(ours_rgb.astype(np.int16) - base_rgb).mean())
    t_ours = median_time(lambda: ours(low, high, cal, pair), args.repeats)
    t_base = median_time(lambda: baseline(low, high, cal, pair), args.repeats)
    extra: dict[str, Any] = {"lines": args.lines, "pixels": args.pixels, "energies": 2,
                             "class_agreement_with_baseline": round(agree, 5),
                             "mean_rgb_difference": round(colour_diff, 3),
                             "speedup": round(t_base / t_ours, 2) if t_ours > 0 else None}
    results = [BenchResult("imaging pipeline (correct+classes+material RGB)", t_ours, BASELINE,
                           t_base, extra)]
    if not args.no_ingest and importlib.util.find_spec("workstation.bench.xray_ingest") is not None:
        from workstation.bench import xray_ingest

        results.extend(xray_ingest.ingest_results(args.repeats))
    return results
