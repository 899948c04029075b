"""Geometry of the image-quality test pieces: what is where on the piece, in cm.

One definition shared by the x-ray simulator (which builds the pieces) and the workstation's
scorer (which finds and measures them): both read this module, neither knows the other.

Two pieces:

* ``parcel`` — in the style of ASTM F792 (security x-ray screening systems, baggage and
  parcels): copper wire display AWG 24-40 unobscured, steel / aluminium / polyethylene step
  wedges, steel bar groups for spatial resolution, an acrylic carrier plate whose bare part
  is the uniform region.
* ``cargo`` — in the style of IEC 62523 (cargo/vehicle radiographic inspection systems):
  a steel step wedge for penetration, copper wires behind steel, steel bar groups, organic /
  inorganic / metal material patches and a uniform steel plate.

Coordinates: ``x`` along the direction of travel (scan lines), ``y`` across the detector,
origin at the piece's corner. Each piece carries three square steel fiducial markers at the
corners of a right triangle with legs 4 : 3 (``fiducials[1]`` is the right-angle corner,
``fiducials[0]`` ends the long leg along x, ``fiducials[2]`` the short leg along y), so a
scorer finds the piece's position, scale and orientation in an image from the markers alone.
"""

from __future__ import annotations

from dataclasses import dataclass

# American Wire Gauge -> copper diameter in mm (ASTM F792 wire display uses AWG 24-40).
AWG_MM: dict[int, float] = {24: 0.511, 26: 0.405, 28: 0.321, 30: 0.255, 32: 0.202,
                            34: 0.160, 36: 0.127, 38: 0.101, 40: 0.0799}


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle on the piece: corner (x, y) and size (w along x, h along y), cm."""

    x: float
    y: float
    w: float
    h: float

    def shrunk(self, margin: float) -> Rect:
        """The rectangle with ``margin`` cm taken off every side (never below zero size)."""
        m = min(margin, self.w / 2, self.h / 2)
        return Rect(self.x + m, self.y + m, self.w - 2 * m, self.h - 2 * m)


@dataclass(frozen=True)
class Wire:
    """A copper wire running along x at ``y`` (cm) from ``x0`` to ``x1``; ``diameter_mm``."""

    label: str
    diameter_mm: float
    y: float
    x0: float
    x1: float


@dataclass(frozen=True)
class BarGroup:
    """Five steel bars of ``width_mm`` with equal gaps (period 2 x width) over ``rect``.

    ``orient`` "across": bars run along y, so the profile along x measures resolution in the
    direction of travel; "along": bars run along x, resolution across the detector.
    """

    width_mm: float
    orient: str
    rect: Rect


@dataclass(frozen=True)
class Step:
    """One step of a wedge: ``material`` (simulator key) of ``thickness_cm`` over ``rect``."""

    material: str
    thickness_cm: float
    rect: Rect


@dataclass(frozen=True)
class Patch:
    """A material patch: ``material_class`` (organic, inorganic, metal) it must be shown as."""

    material_class: str
    step: Step


@dataclass(frozen=True)
class TestPieceLayout:
    """Everything a scorer needs about one piece; all lengths in cm unless named _mm."""

    kind: str  # "parcel" | "cargo"
    style: str  # the standard whose test object it follows
    size: tuple[float, float]  # (along x, along y)
    fiducials: tuple[tuple[float, float], tuple[float, float], tuple[float, float]]
    fiducial_side: float
    fiducial_steel_cm: float
    carrier_plastic_cm: float  # acrylic carrier plate under everything (0: none)
    wire_steel_cm: float  # steel plate the wires lie behind (0: unobscured)
    wire_plate: Rect | None
    wires: tuple[Wire, ...]
    bars: tuple[BarGroup, ...]
    bar_steel_cm: float
    bar_reference: Step  # solid steel of the bars' thickness: the full-contrast reference
    penetration: tuple[Step, ...]  # steel steps, thinnest first
    patches: tuple[Patch, ...]
    uniform: Step  # the uniform region (its material over ``rect``)
    background: Rect  # bare piece (carrier plate only, or air): zero of the contrasts
    # Steps of the wedges that carry no measurement of their own but are part of the piece.
    other_steps: tuple[Step, ...] = ()

    @property
    def long_leg(self) -> float:
        """Distance fiducial 0 -> fiducial 1 (cm), along x."""
        return abs(self.fiducials[1][0] - self.fiducials[0][0])

    @property
    def short_leg(self) -> float:
        """Distance fiducial 1 -> fiducial 2 (cm), along y."""
        return abs(self.fiducials[2][1] - self.fiducials[1][1])


def _bar_groups(x_start: float, y_top: float, widths_mm: tuple[float, ...], orient: str,
                length: float, gap: float) -> tuple[BarGroup, ...]:
    groups = []
    x = x_start
    for w_mm in widths_mm:
        span = 9 * w_mm / 10  # five bars and four gaps
        size_x, size_y = (span, length) if orient == "across" else (length, span)
        groups.append(BarGroup(w_mm, orient, Rect(x, y_top, size_x, size_y)))
        x += size_x + gap
    return tuple(groups)


def _parcel() -> TestPieceLayout:
    steps: list[Step] = []
    for material, thicknesses, y0 in (("steel", (0.05, 0.1, 0.2, 0.4, 0.8, 1.6), 4.0),
                                      ("aluminium", (0.25, 0.5, 1.0, 2.0, 4.0, 8.0), 15.0),
                                      ("plastic", (1.0, 2.0, 4.0, 8.0, 16.0, 24.0), 26.0)):
        for i, t in enumerate(thicknesses):
            steps.append(Step(material, t, Rect(5.0 + 5 * i, y0, 5.0, 9.0)))
    by = {(s.material, s.thickness_cm): s for s in steps}
    patches = tuple(Patch(cls, by[key]) for cls, key in (
        ("organic", ("plastic", 2.0)), ("organic", ("plastic", 4.0)), ("organic", ("plastic", 8.0)),
        ("inorganic", ("aluminium", 0.5)), ("inorganic", ("aluminium", 1.0)),
        ("inorganic", ("aluminium", 2.0)),
        ("metal", ("steel", 0.1)), ("metal", ("steel", 0.2)), ("metal", ("steel", 0.4))))
    widths = (3.0, 2.0, 1.5, 1.0, 0.7)
    bars = (_bar_groups(38.0, 24.0, widths, "across", 8.0, 1.2)
            + _bar_groups(38.0, 37.0, widths, "along", 3.0, 1.2))
    wires = tuple(Wire(f"awg{awg}", d, 5.0 + 2.0 * i, 38.0, 66.0)
                  for i, (awg, d) in enumerate(AWG_MM.items()))
    return TestPieceLayout(
        kind="parcel", style="ASTM F792", size=(70.0, 56.0),
        fiducials=((5.0, 3.0), (65.0, 3.0), (65.0, 48.0)), fiducial_side=1.5,
        fiducial_steel_cm=1.0, carrier_plastic_cm=0.6, wire_steel_cm=0.0, wire_plate=None,
        wires=wires, bars=bars, bar_steel_cm=0.2, bar_reference=by[("steel", 0.2)],
        penetration=tuple(s for s in steps if s.material == "steel"), patches=patches,
        uniform=Step("plastic", 0.6, Rect(6.0, 38.0, 28.0, 14.0)),
        background=Rect(6.0, 38.0, 28.0, 14.0),
        other_steps=tuple(s for s in steps if s.material != "steel"))


def _cargo() -> TestPieceLayout:
    penetration = tuple(Step("steel", float(t), Rect(40.0 + 25.0 * i, 40.0, 25.0, 40.0))
                        for i, t in enumerate(range(5, 45, 5)))
    wire_mm = (8.0, 6.0, 5.0, 4.0, 3.0, 2.5, 2.0, 1.6, 1.0)
    wires = tuple(Wire(f"cu{d:g}mm", d, 100.0 + 10.0 * i, 50.0, 230.0)
                  for i, d in enumerate(wire_mm))
    widths = (12.0, 8.0, 6.0, 5.0, 4.0)
    bars = (_bar_groups(40.0, 195.0, widths, "across", 25.0, 3.0)
            + _bar_groups(160.0, 195.0, widths, "along", 25.0, 3.0))
    patches = (Patch("organic", Step("plastic", 20.0, Rect(40.0, 228.0, 30.0, 30.0))),
               Patch("inorganic", Step("aluminium", 10.0, Rect(80.0, 228.0, 30.0, 30.0))),
               Patch("metal", Step("steel", 5.0, Rect(120.0, 228.0, 30.0, 30.0))))
    return TestPieceLayout(
        kind="cargo", style="IEC 62523", size=(340.0, 265.0),
        fiducials=((20.0, 20.0), (320.0, 20.0), (320.0, 245.0)), fiducial_side=12.0,
        fiducial_steel_cm=8.0, carrier_plastic_cm=0.0, wire_steel_cm=10.0,
        wire_plate=Rect(40.0, 92.0, 200.0, 96.0), wires=wires, bars=bars, bar_steel_cm=2.0,
        bar_reference=Step("steel", 2.0, Rect(100.0, 195.0, 20.0, 20.0)),
        penetration=penetration, patches=patches,
        uniform=Step("steel", 2.0, Rect(250.0, 95.0, 55.0, 90.0)),
        background=Rect(170.0, 225.0, 120.0, 30.0))


LAYOUTS: dict[str, TestPieceLayout] = {"parcel": _parcel(), "cargo": _cargo()}


def layout(kind: str) -> TestPieceLayout:
    """The layout of test piece ``kind`` (``parcel`` or ``cargo``); ValueError naming both."""
    try:
        return LAYOUTS[kind]
    except KeyError:
        raise ValueError(f"unknown test piece {kind!r}; known: {', '.join(LAYOUTS)}") from None
