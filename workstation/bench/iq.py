"""``workstation bench iq``: scoring a cargo test-piece scan against straightforward float64 numpy.

Input: the cargo test piece (IEC 62523 style) simulated at 4,096 lines x 2,048 pixels, dual
energy, corrected. Both implementations find the markers and make the same measurements
with the same code (:func:`workstation.imaging.iq.score.measure_placed`); they differ in how
pixels become attenuation. The baseline converts both whole images to float64 A = -ln T
first and thresholds that for the markers, as a first version would; ours thresholds the
16-bit transmission directly and converts only the measured regions, through the 65,536-entry
lookup table. The speed requirement is 1 s for ours on a lane PC (issue 13).
"""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np

from workstation.bench import BenchResult, median_time
from workstation.cli.context import CliContext
from workstation.imaging.iq import IqReport, score_test_piece
from workstation.imaging.iq.limits import DEFAULTS
from workstation.imaging.iq.locate import locate
from workstation.imaging.iq.measure import Sampler
from workstation.imaging.iq.report import IqReport as Report
from workstation.imaging.iq.score import ENERGY_PAIR, measure_placed
from workstation.imaging.scan import DualEnergyScan

BASELINE = "float64 numpy, whole images"
REQUIRED_S = 1.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--repeats", type=int, default=5, help="runs per case (median reported)")
    parser.add_argument("--lines", type=int, default=4096)
    parser.add_argument("--pixels", type=int, default=2048)


def make_input(lines: int, pixels: int, seed: int = 11) -> DualEnergyScan:
    from workstation.scans.simulate import simulate_scan

    return simulate_scan("cargo-test-piece", seed, size=(lines, pixels))[0]


def ours(scan: DualEnergyScan) -> IqReport:
    return score_test_piece(high=scan.high, low=scan.low, kind="cargo")


def baseline(scan: DualEnergyScan) -> IqReport:
    """The same measurements on whole float64 attenuation images."""
    assert scan.low is not None
    a_high = -np.log(np.maximum(scan.high.astype(np.float64), 0.5) / 65535.0)
    a_low = -np.log(np.maximum(scan.low.astype(np.float64), 0.5) / 65535.0)
    mask = ((a_high > 1.0) * 255).astype(np.uint8)
    placement = locate(scan.high, "cargo", mask=mask)
    sampler = Sampler(placement, a_high, a_low, lambda a: a)
    metrics = measure_placed(sampler, DEFAULTS["cargo"], None, ENERGY_PAIR["cargo"])
    return Report.of("cargo", metrics, pixel_mm=placement.pixel_mm)


def run(ctx: CliContext, args: argparse.Namespace) -> list[BenchResult]:
    scan = make_input(args.lines, args.pixels)
    mine, base = ours(scan), baseline(scan)  # warms the lookup table once
    agree = {m.name: m.value == base.metric(m.name).value for m in mine.metrics}
    t_ours = median_time(lambda: ours(scan), args.repeats)
    t_base = median_time(lambda: baseline(scan), args.repeats)
    extra: dict[str, Any] = {"lines": args.lines, "pixels": args.pixels, "energies": 2,
                             "metrics_equal_to_baseline": all(agree.values()),
                             "passed": mine.passed, "required_s": REQUIRED_S,
                             "within_requirement": t_ours <= REQUIRED_S,
                             "speedup": round(t_base / t_ours, 2) if t_ours > 0 else None}
    return [BenchResult("score cargo test piece (locate + 6 metrics)", t_ours, BASELINE, t_base,
                        extra)]
