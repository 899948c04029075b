"""Image-quality test piece in the style of ASTM F792 (the daily check of a baggage scanner).

Contents, in cm on a 70 x 56 cm plate (positions scale with the scene's pixel pitch):

* step wedges of steel (0.05-1.6 cm), aluminium (0.25-8 cm) and polyethylene (1-24 cm): grey
  levels for penetration and the three material classes for colour checks;
* copper wires AWG 24 to 40 (0.51 to 0.08 mm), 28 cm long, unobstructed ("wire display");
  their thickness per pixel row is the exact circle area falling in that row, so wires far
  thinner than a pixel still show as the faint lines a real detector gives;
* resolution bar groups of 2 mm steel strips, 3.0 to 0.7 mm wide with equal gaps, one set
  across and one along the scan direction;
* three square steel fiducial markers by which a scorer finds the piece.

:func:`build_cargo` builds the cargo piece in the style of IEC 62523 (steel step wedge,
copper wires behind steel, bar groups, material patches, uniform steel plate). Both pieces'
geometry is :mod:`standards.test_pieces`, which the workstation's scorer reads too.
"""

from __future__ import annotations

import cv2
import numpy as np

from devices.xray.sim.scene_builder import SceneBuilder
from standards.test_pieces import LAYOUTS, Rect, TestPieceLayout

STEEL_STEPS_CM = (0.05, 0.1, 0.2, 0.4, 0.8, 1.6)
ALUMINIUM_STEPS_CM = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
PLASTIC_STEPS_CM = (1.0, 2.0, 4.0, 8.0, 16.0, 24.0)
# American Wire Gauge -> diameter in mm
WIRE_GAUGES_MM: dict[int, float] = {24: 0.511, 26: 0.405, 28: 0.321, 30: 0.255, 32: 0.202,
                                    34: 0.160, 36: 0.127, 38: 0.101, 40: 0.0799}
BAR_WIDTHS_MM = (3.0, 2.0, 1.5, 1.0, 0.7)
WIRE_X_CM = (38.0, 66.0)


def wire_y_cm(index: int) -> float:
    """Centre of wire number ``index`` (0 = AWG 24) across the detector, in cm."""
    return 5.0 + 2.0 * index


def _wire_profile(b: SceneBuilder, y_cm: float, d_cm: float) -> tuple[int, np.ndarray]:
    """(first pixel, mean copper thickness in cm per pixel row) of a wire along x."""
    p = b.pixel_cm
    r = d_cm / 2
    j0 = int(np.floor((y_cm - r) / p)) - 1
    j1 = int(np.floor((y_cm + r) / p)) + 2
    prof = np.zeros(j1 - j0, np.float32)
    for k, j in enumerate(range(j0, j1)):
        ys = np.linspace(j * p, (j + 1) * p, 400)
        chord = 2 * np.sqrt(np.clip(r * r - (ys - y_cm) ** 2, 0, None))
        prof[k] = float(chord.mean())  # area in the row / row height
    return j0, prof


def build(b: SceneBuilder) -> None:
    px = b.px
    # Acrylic carrier plate under everything.
    b.add_band("plastic", int(px(3)), int(px(67)), np.full(int(px(52)), 0.6, np.float32), int(px(2)))
    b.discard_pending()
    for name, mat, steps, y0 in (("steel", "steel", STEEL_STEPS_CM, 4.0),
                                 ("aluminium", "aluminium", ALUMINIUM_STEPS_CM, 15.0),
                                 ("plastic", "plastic", PLASTIC_STEPS_CM, 26.0)):
        for i, t in enumerate(steps):
            x0, x1 = int(round(px(5 + 5 * i))), int(round(px(10 + 5 * i)))
            y_a, y_b = int(round(px(y0))), int(round(px(y0 + 9)))
            b.add(mat, np.full((y_b - y_a, x1 - x0), t, np.float32), x0, y_a)
            b.finish_object(f"step-wedge-{name}-{t:g}cm", mat, threat=False)
    x0, x1 = int(round(px(WIRE_X_CM[0]))), int(round(px(WIRE_X_CM[1])))
    for i, (awg, d_mm) in enumerate(WIRE_GAUGES_MM.items()):
        j0, prof = _wire_profile(b, wire_y_cm(i), d_mm / 10)
        b.add_band("copper", x0, x1, prof, j0)
        b.finish_object(f"wire-gauge-awg{awg}", "copper", threat=False)
    ss = 8
    fine = b.pixel_cm / ss
    for orient, y_top in (("across", 24.0), ("along", 37.0)):
        x_cm = 38.0
        for w_mm in BAR_WIDTHS_MM:
            w = w_mm / 10
            span = 9 * w  # five bars, four gaps
            # "across": bars 8 cm long across the lines, resolution along the scan direction;
            # "along": bars 3 cm long along the lines, resolution across the detector.
            size_x, size_y = (span, 8.0) if orient == "across" else (3.0, span)
            gx, gy = int(px(x_cm)), int(px(y_top))
            gw, gh = int(np.ceil(px(size_x))) + 2, int(np.ceil(px(size_y))) + 2
            canvas = np.zeros((gh * ss, gw * ss), np.float32)
            for k in range(5):
                a = int(round(2 * k * w / fine))
                bw = max(1, int(round(w / fine)))
                if orient == "across":
                    canvas[:int(size_y / fine), a:a + bw] = 0.2
                else:
                    canvas[a:a + bw, :int(size_x / fine)] = 0.2
            b.add("steel", cv2.resize(canvas, (gw, gh), interpolation=cv2.INTER_AREA), gx, gy)
            b.finish_object(f"resolution-bars-{w_mm:g}mm-{orient}", "steel", threat=False)
            x_cm += size_x + 1.2
    _fiducials(b, LAYOUTS["parcel"], 0.0, 0.0)


def _block(b: SceneBuilder, material: str, thickness_cm: float, rect: Rect, ox: float, oy: float,
           label: str) -> None:
    x0, x1 = int(round(b.px(ox + rect.x))), int(round(b.px(ox + rect.x + rect.w)))
    y0, y1 = int(round(b.px(oy + rect.y))), int(round(b.px(oy + rect.y + rect.h)))
    b.add(material, np.full((y1 - y0, x1 - x0), thickness_cm, np.float32), x0, y0)
    b.finish_object(label, material, threat=False)


def _fiducials(b: SceneBuilder, layout: TestPieceLayout, ox: float, oy: float) -> None:
    side = layout.fiducial_side
    for i, (x, y) in enumerate(layout.fiducials):
        _block(b, "steel", layout.fiducial_steel_cm, Rect(x - side / 2, y - side / 2, side, side),
               ox, oy, f"fiducial-{i}")


def _bars(b: SceneBuilder, layout: TestPieceLayout, ox: float, oy: float) -> None:
    ss = 8
    fine = b.pixel_cm / ss
    for group in layout.bars:
        r, w = group.rect, group.width_mm / 10
        gx, gy = int(b.px(ox + r.x)), int(b.px(oy + r.y))
        gw, gh = int(np.ceil(b.px(r.w))) + 2, int(np.ceil(b.px(r.h))) + 2
        canvas = np.zeros((gh * ss, gw * ss), np.float32)
        # Sub-pixel placement: the canvas starts at pixel gx, the group at ox + r.x cm.
        sx, sy = (ox + r.x) / fine - gx * ss, (oy + r.y) / fine - gy * ss
        for k in range(5):
            a = 2 * k * w / fine
            if group.orient == "across":
                canvas[int(round(sy)):int(round(sy + r.h / fine)),
                       int(round(sx + a)):int(round(sx + a + w / fine))] = layout.bar_steel_cm
            else:
                canvas[int(round(sy + a)):int(round(sy + a + w / fine)),
                       int(round(sx)):int(round(sx + r.w / fine))] = layout.bar_steel_cm
        b.add("steel", cv2.resize(canvas, (gw, gh), interpolation=cv2.INTER_AREA), gx, gy)
        b.finish_object(f"resolution-bars-{group.width_mm:g}mm-{group.orient}", "steel", threat=False)


def build_cargo(b: SceneBuilder) -> None:
    """The cargo test piece (IEC 62523 style) at a seed-dependent place in the tunnel."""
    layout = LAYOUTS["cargo"]
    # Never twice at the same place: a scorer must find it.
    ox, oy = 150.0 + float(b.rng.uniform(-20, 20)), 150.0 + float(b.rng.uniform(-20, 20))
    for step in layout.penetration:
        _block(b, step.material, step.thickness_cm, step.rect, ox, oy,
               f"penetration-steel-{step.thickness_cm:g}cm")
    if layout.wire_plate is not None:
        _block(b, "steel", layout.wire_steel_cm, layout.wire_plate, ox, oy, "wire-plate-steel")
    for wire in layout.wires:
        x0, x1 = int(round(b.px(ox + wire.x0))), int(round(b.px(ox + wire.x1)))
        j0, prof = _wire_profile(b, oy + wire.y, wire.diameter_mm / 10)
        b.add_band("copper", x0, x1, prof, j0)
        b.finish_object(f"wire-{wire.label}", "copper", threat=False)
    _bars(b, layout, ox, oy)
    _block(b, "steel", layout.bar_reference.thickness_cm, layout.bar_reference.rect, ox, oy,
           "resolution-reference-steel")
    for patch in layout.patches:
        st = patch.step
        _block(b, st.material, st.thickness_cm, st.rect, ox, oy,
               f"material-{patch.material_class}-{st.material}")
    _block(b, layout.uniform.material, layout.uniform.thickness_cm, layout.uniform.rect, ox, oy,
           "uniform-plate")
    _fiducials(b, layout, ox, oy)
