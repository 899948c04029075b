"""Score a corrected test-piece scan: locate the piece, measure, judge against the limits."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from workstation.imaging.attenuation import t16_to_a
from workstation.imaging.iq import measure
from workstation.imaging.iq.limits import DEFAULTS, MetricRule
from workstation.imaging.iq.locate import Placement, locate
from workstation.imaging.iq.report import IqMetric, IqReport
from workstation.imaging.scan import DualEnergyScan

METRIC_NAMES = ("wire_resolution", "spatial_resolution", "penetration", "noise", "uniformity",
                "material_discrimination")
ENERGY_PAIR = {"parcel": "kev", "cargo": "mev"}  # the scanner class each piece is made for
_PITCH_TOLERANCE = 0.2  # stated vs measured pixel pitch


def _check_image(name: str, image: np.ndarray) -> None:
    if image.dtype != np.uint16 or image.ndim != 2:
        raise ValueError(f"{name} image must be 2-D uint16 transmission, got {image.ndim}-D "
                         f"{image.dtype}")


def measure_placed(sampler: measure.Sampler, rules: Mapping[str, MetricRule],
                   limits: Mapping[str, float] | None, energy_pair: str) -> tuple[IqMetric, ...]:
    """Every metric of a located piece, judged; the same for our scorer and the baseline."""
    found: dict[str, Callable[[], tuple[float, dict[str, float]]]] = {
        "wire_resolution": lambda: measure.wire_resolution(sampler),
        "spatial_resolution": lambda: measure.spatial_resolution(sampler),
        "penetration": lambda: measure.penetration(sampler),
        "noise": lambda: measure.noise(sampler),
        "uniformity": lambda: measure.uniformity(sampler),
        "material_discrimination": lambda: measure.material_discrimination(sampler, energy_pair),
    }
    metrics = []
    for name in METRIC_NAMES:
        if name == "material_discrimination" and not sampler.dual:
            continue
        rule = rules[name]
        value, detail = found[name]()
        limit = float(limits[name]) if limits and name in limits else rule.limit
        metrics.append(IqMetric.judged(name, value, rule.unit, limit,
                                       higher_is_better=rule.higher_is_better,
                                       standard=rule.standard, detail=detail))
    return tuple(metrics)


def _notes(placement: Placement, dual: bool, pixel_mm: float | None) -> tuple[str, ...]:
    notes = []
    if not dual:
        notes.append("single_energy")
    if pixel_mm and abs(placement.pixel_mm / pixel_mm - 1) > _PITCH_TOLERANCE:
        notes.append("pixel_pitch_mismatch")
    return tuple(notes)


def score_test_piece(*, high: np.ndarray, low: np.ndarray | None = None, kind: str | None = None,
                     pixel_mm: float | None = None,
                     limits: Mapping[str, float] | None = None) -> IqReport:
    """Locate the test piece in the corrected images and score it (see the package doc).

    Raises :class:`~workstation.imaging.iq.locate.TestPieceNotFound` when no piece is in the
    image or it is cut off; ValueError for arrays of the wrong type or shape, or an unknown
    metric name in ``limits``.
    """
    _check_image("high-energy", high)
    if low is not None:
        _check_image("low-energy", low)
        if low.shape != high.shape:
            raise ValueError(f"low-energy image {low.shape} does not match the high-energy "
                             f"image {high.shape}")
    if kind is not None and kind not in DEFAULTS:
        raise ValueError(f"unknown test piece {kind!r}; known: {', '.join(DEFAULTS)}")
    unknown = sorted(set(limits or {}) - set(METRIC_NAMES))
    if unknown:
        raise ValueError(f"unknown metric in limits: {', '.join(unknown)}; known: "
                         f"{', '.join(METRIC_NAMES)}")
    placement = locate(high, kind)
    found = placement.layout.kind
    lut = t16_to_a()
    sampler = measure.Sampler(placement, high, low, lambda t: lut[t])
    metrics = measure_placed(sampler, DEFAULTS[found], limits, ENERGY_PAIR[found])
    return IqReport.of(found, metrics, pixel_mm=placement.pixel_mm,
                       notes=_notes(placement, low is not None, pixel_mm))


def score_scan(scan: DualEnergyScan, *, kind: str | None = None,
               limits: Mapping[str, float] | None = None) -> IqReport:
    """:func:`score_test_piece` of a corrected scan (its pixel pitch checked)."""
    return score_test_piece(high=scan.high, low=scan.low, kind=kind, pixel_mm=scan.pixel_mm,
                            limits=limits)
