"""Default limits of the image-quality metrics, per test piece, and where each comes from.

The pieces follow the test objects of ASTM F792 (parcel and baggage scanners) and IEC 62523
(cargo and vehicle scanners): the same kinds of features (wire display, steel step wedge,
bar groups, material patches, a uniform region). Each default below is the *test level* of
that feature which a healthy scanner of the class must reach; a post may set stricter
levels for its scanners (``Limits`` is a plain mapping, the technician's session passes its
own). See docs/decisions/1100-image-quality-scoring.md for the reasoning per limit.
"""

from __future__ import annotations

from dataclasses import dataclass

from standards.test_pieces import AWG_MM


@dataclass(frozen=True)
class MetricRule:
    """Limit, unit, direction and the test of the standard a metric follows."""

    limit: float
    unit: str
    higher_is_better: bool
    standard: str


# Minimum contrast-to-noise for a feature to count as seen: the Rose criterion (an edge or
# line stands out of the noise for a human observer at CNR 3 to 5; 3 is the usual floor).
CNR_SEEN = 3.0
# Minimum modulation of a bar group, relative to the full contrast of solid steel of the
# bars' thickness, for the bars to count as resolved (a 20 % CTF is the common limit of
# "visually separable" bars in radiographic resolution tests).
MIN_MODULATION = 0.2

PARCEL: dict[str, MetricRule] = {
    # Test level: AWG 36 (0.127 mm) copper unobscured; decision 0107 states it for this
    # detector model, with AWG 38 measured (one gauge of margin).
    "wire_resolution": MetricRule(AWG_MM[36], "mm", False, "ASTM F792 wire display (unobscured)"),
    # Test level: the 1.5 mm bar group (0.33 line pairs per mm) in both directions.
    "spatial_resolution": MetricRule(1.5, "mm", False, "ASTM F792 spatial resolution (bar groups)"),
    # Test level: every steel step of the piece (1.6 cm) told from the next thinner one.
    "penetration": MetricRule(1.6, "cm steel", True, "ASTM F792 simple penetration (steel steps)"),
    "noise": MetricRule(1.0, "%", False, "ASTM F792 uniform region: relative noise"),
    "uniformity": MetricRule(2.0, "%", False, "ASTM F792 uniform region: tile spread"),
    "material_discrimination": MetricRule(100.0, "%", True,
                                          "ASTM F792 organic/inorganic/metal step wedges"),
}

CARGO: dict[str, MetricRule] = {
    # Test level: 5 mm copper seen behind 10 cm of steel (the simulated healthy linac
    # scanner shows 4 mm: one wire of margin).
    "wire_resolution": MetricRule(5.0, "mm", False, "IEC 62523 wire behind steel (10 cm)"),
    # Test level: the 8 mm bar group (period 16 mm) in both directions.
    "spatial_resolution": MetricRule(8.0, "mm", False, "IEC 62523 spatial resolution (bar groups)"),
    # Test level: 25 cm of steel told from 20 cm.
    "penetration": MetricRule(25.0, "cm steel", True, "IEC 62523 steel penetration (step wedge)"),
    "noise": MetricRule(1.5, "%", False, "IEC 62523 uniform steel plate: relative noise"),
    "uniformity": MetricRule(3.0, "%", False, "IEC 62523 uniform steel plate: tile spread"),
    "material_discrimination": MetricRule(100.0, "%", True,
                                          "IEC 62523 organic/inorganic/metal patches"),
}

DEFAULTS: dict[str, dict[str, MetricRule]] = {"parcel": PARCEL, "cargo": CARGO}
