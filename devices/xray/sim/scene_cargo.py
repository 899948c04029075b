"""Cargo scene: an articulated truck (tractor unit, trailer, 40 ft container) seen from the side
by a 4/6 MV linac portal, with a uniform or mixed load, a hidden compartment, an undeclared
dense block, or nothing.

Sizes are real (cm): cab 2.3 m long, wheels 1.04 m across, container 12.19 x 2.59 m on a
13.1 m trailer. The beam crosses the vehicle laterally, so sheet metal that runs across the
vehicle (roof, floor, end walls, cross members, axles) lies edge-on and shows as dark lines:
their thickness per pixel is (lateral extent) x (sheet thickness / pixel pitch).
"""

from __future__ import annotations

import cv2
import numpy as np

from devices.xray.sim.scene_builder import SceneBuilder
from devices.xray.sim.scene_shapes import Local, rounded_rect, smooth_noise, solid, tube

GROUND_CM = 15.0  # road surface above the bottom edge of the image
LATERAL_CM = 235.0  # inside width of a container; the beam crosses it


class _Cm:
    """cm (x from the start of the scan, height above the road) -> scene pixels."""

    def __init__(self, b: SceneBuilder) -> None:
        self.b = b
        self.ground = b.pixels * b.pixel_cm - GROUND_CM

    def x(self, cm: float) -> int:
        return int(round(cm / self.b.pixel_cm))

    def y(self, height_cm: float) -> int:
        return int(round((self.ground - height_cm) / self.b.pixel_cm))

    def box(self, material: str, x_cm: float, w_cm: float, bottom_cm: float, h_cm: float,
            t_cm: float | np.ndarray) -> None:
        """A constant (or given) thickness map over a rectangle (height measured from the road)."""
        x0, x1 = self.x(x_cm), max(self.x(x_cm + w_cm), self.x(x_cm) + 1)
        y0, y1 = self.y(bottom_cm + h_cm), max(self.y(bottom_cm), self.y(bottom_cm + h_cm) + 1)
        arr: np.ndarray = np.asarray(t_cm, np.float32)
        if arr.ndim == 2 and arr.shape != (y1 - y0, x1 - x0):
            # A texture drawn at an approximate size: fit it to the exact pixel box.
            arr = cv2.resize(arr, (x1 - x0, y1 - y0), interpolation=cv2.INTER_LINEAR)
        t = np.broadcast_to(arr, (y1 - y0, x1 - x0))
        self.b.add(material, np.ascontiguousarray(t), x0, y0)

    def band(self, material: str, x_cm: float, w_cm: float, bottom_cm: float,
             profile: list[tuple[float, float]]) -> None:
        """Uniform along x: ``profile`` = (height in cm, thickness in cm) slices from the bottom up."""
        rows: list[np.ndarray] = []
        top = bottom_cm + sum(h for h, _ in profile)
        for h, t in reversed(profile):
            rows.append(np.full(max(1, int(round(h / self.b.pixel_cm))), t, np.float32))
        self.b.add_band(material, self.x(x_cm), self.x(x_cm + w_cm), np.concatenate(rows),
                        self.y(top))


def _wheel(c: _Cm, x_cm: float, tyres: int, driven: bool) -> None:
    b = c.b
    r_out = 52.0
    n = int(np.ceil(2 * r_out / b.pixel_cm)) + 4
    x0, y0 = c.x(x_cm - r_out) - 2, c.y(2 * r_out) - 2
    yy, xx = np.mgrid[0:n, 0:n].astype(np.float32)
    r = np.hypot((xx + x0 + 0.5) * b.pixel_cm - x_cm, (yy + y0 + 0.5) * b.pixel_cm
                 - (c.ground - r_out))
    # Tread (steel-belted, edge-on across the tyre width), sidewalls, rim, hub and axle beam.
    rubber = np.where((r > 45) & (r <= r_out), 25.0 * tyres, np.where((r > 28) & (r <= 45), 3.0 * tyres, 0))
    steel = np.where((r > 45) & (r <= r_out - 1), 1.5 * tyres, 0.0)
    steel = steel + np.where(r <= 28, 1.2 * tyres, 0) + np.where(r <= 12, 25.0, 0)
    steel = steel + np.where(r <= 7, 60.0, 0) + (np.where(r <= 21, 20.0, 0) if driven else 0)
    b.add("rubber", rubber.astype(np.float32), x0, y0)
    b.add("steel", steel.astype(np.float32), x0, y0)
    b.finish_object("axle", "steel", threat=False)


def _rails(c: _Cm, x_cm: float, w_cm: float, bottom: float) -> None:
    # Two C-section longitudinal rails: flanges seen along their width, webs flat-on.
    c.band("steel", x_cm, w_cm, bottom, [(2.0, 16.0), (26.0, 1.6), (2.0, 16.0)])


def _tractor(c: _Cm, x0: float) -> None:
    b = c.b
    cab = rounded_rect(230.0, 280.0, 35.0, n=8)
    cab_px = cab / b.pixel_cm + (c.x(x0 + 115.0), c.y(110.0 + 140.0))
    local = Local([cab_px], ss=1, pad=2)
    mask = local.fill([cab_px])
    d = solid(mask, 1.0, b.pixel_cm * 1.5, b.pixel_cm)
    shell = np.where((d > 0) & (d < 1.0), 45.0, 0.3) * (mask > 0)  # edge-on panels; 2 doors
    b.add_local("steel", local, shell.astype(np.float32))
    c.box("glass", x0 + 8, 60, 270, 95, 1.2)  # windscreen and side windows
    c.box("rubber", x0 + 110, 70, 140, 60, 40.0)  # seats (foam, fabric)
    c.box("steel", x0 + 115, 60, 140, 10, 8.0)  # seat frames
    c.box("plastic", x0 + 10, 50, 200, 40, 60.0)  # dashboard
    engine = np.float32(22.0) * (1.0 + 0.35 * smooth_noise(b.rng, (c.y(60) - c.y(160), c.x(120)), 12))
    c.box("steel", x0 + 20, 120, 60, 100, engine)
    c.box("steel", x0 + 140, 90, 70, 50, 14.0)  # gearbox
    _rails(c, x0, 640, 95)
    c.box("steel", x0 + 500, 120, 125, 8, 45.0)  # fifth-wheel plate, edge-on
    tank_px = rounded_rect(120.0, 60.0, 28.0) / b.pixel_cm + (c.x(x0 + 300), c.y(90))
    local = Local([tank_px], ss=1)
    wall, diesel = tube(local.fill([tank_px]), 30.0, 0.3, b.pixel_cm)
    b.add_local("steel", local, wall + 0.1)
    b.add_local("water", local, diesel * 0.85)
    b.finish_object("tractor-unit", "steel", threat=False)
    _wheel(c, x0 + 100, 2, driven=False)
    _wheel(c, x0 + 460, 4, driven=True)
    _wheel(c, x0 + 590, 4, driven=True)


def _trailer(c: _Cm, x0: float, length: float) -> None:
    _rails(c, x0, length, 100)
    c.box("steel", x0 + 260, 12, 35, 65, 6.0)  # landing legs
    c.box("steel", x0 + 250, 32, 30, 6, 20.0)  # their feet
    c.band("steel", x0 + 350, 520, 55, [(10.0, 1.5)])  # side underrun guard
    c.box("steel", x0 + length - 15, 12, 45, 55, 18.0)  # rear underride bar
    c.b.finish_object("trailer", "steel", threat=False)
    for k in range(3):
        _wheel(c, x0 + length - 330 + 130 * k, 4, driven=False)


def _container(c: _Cm, x0: float) -> tuple[float, float, float, float]:
    """Draw a 40 ft container from x0; return its inside (x, width, floor height, inside height)."""
    b = c.b
    length, height, bottom = 1219.0, 259.0, 130.0
    xs = (np.arange(c.x(x0), c.x(x0 + length)) + 0.5) * b.pixel_cm - x0
    # Trapezoid corrugation of the side walls (27.8 cm pitch): the sloped flanks lie at an
    # angle, so the beam crosses more steel there.
    flank = (np.abs(((xs / 27.8) % 1.0) - 0.5) > 0.3).astype(np.float32)
    walls = np.float32(0.4) * (1.0 + 0.45 * flank)
    rows = c.y(bottom) - c.y(bottom + height)
    c.b.add("steel", np.broadcast_to(walls, (rows, walls.size)).copy(), c.x(x0), c.y(bottom + height))
    c.band("steel", x0, length, bottom + height - 8, [(6.0, 5.0), (2.0, 30.0)])  # top rails, roof
    c.band("steel", x0, length, bottom, [(1.5, 15.0), (13.0, 3.0), (1.5, 15.0)])  # bottom rails
    c.band("wood", x0, length, bottom + 16, [(2.8, LATERAL_CM)])  # plywood floor, edge-on
    for cx in np.arange(x0 + 20, x0 + length - 20, 30.0):  # floor cross members
        c.box("steel", cx, 1.5, bottom + 2, 13, 120.0)
    for ex, sign in ((x0, 1), (x0 + length, -1)):
        c.box("steel", ex if sign > 0 else ex - 12, 12, bottom, height, 8.0)  # corner posts
        c.box("steel", ex + (3 if sign > 0 else -6), 3, bottom, height, 25.0)  # end wall / doors
        for cb in (bottom, bottom + height - 12):
            c.box("steel", ex if sign > 0 else ex - 18, 18, cb, 12, 10.0)  # corner castings
    c.box("steel", x0 + length - 10, 3, bottom + 5, height - 10, 6.0)  # door locking bars
    c.b.finish_object("container", "steel", threat=False)
    return x0 + 16, length - 32, bottom + 19, height - 25


_GOODS: dict[str, tuple[str, float]] = {
    # goods -> (material, thickness in cm of that material across the 2 m of load)
    "cartons": ("paper", 55.0),
    "textiles": ("textile", 160.0),
    "drinks": ("water", 70.0),
    "tiles": ("glass", 45.0),
    "machine-parts": ("steel", 9.0),
}


def _pallet(c: _Cm, x: float, floor: float, top: float, goods: str) -> None:
    b = c.b
    mat, t = _GOODS[goods]
    c.band("wood", x + 2, 116, floor, [(2.2, 120.0), (10.0, 0.0), (2.2, 160.0)])  # decks
    for bx in (x + 2, x + 52, x + 103.5):
        c.box("wood", bx, 14.5, floor + 2.2, 10, 60.0)  # pallet blocks
    h = min(top - floor - 15, b.rng.uniform(140, 210))
    if h < 20:
        return
    x0, y0 = c.x(x + 2), c.y(floor + 14.4 + h)
    w_px, h_px = c.x(x + 118) - x0, c.y(floor + 14.4) - y0
    noise = smooth_noise(b.rng, (h_px, w_px), max(w_px / 6, 2))
    body = np.float32(t) * (1.0 + 0.15 * noise)
    if goods == "cartons" or goods == "textiles":
        # Carton walls every ~40 cm across and ~30 cm up, edge-on across the load.
        gx = np.zeros(w_px, bool)
        gx[:: max(1, int(40 / b.pixel_cm))] = True
        gy = np.zeros(h_px, bool)
        gy[:: max(1, int(30 / b.pixel_cm))] = True
        body = body + 40.0 * (gx[None, :] | gy[:, None])
        b.add(mat, body.astype(np.float32), x0, y0)
    elif goods == "drinks":
        # Rows of bottles standing up: cylinders seen from the side.
        xs = (np.arange(w_px) * b.pixel_cm) % 9.0 - 4.5
        chord = 2 * np.sqrt(np.clip(4.2**2 - xs**2, 0, None)) / 8.4
        b.add(mat, (body * chord[None, :]).astype(np.float32), x0, y0)
        b.add("plastic", np.full((h_px, w_px), 2.0, np.float32), x0, y0)
    elif goods == "tiles":
        gy = (np.arange(h_px) * b.pixel_cm) % 1.2 < 0.9  # stacked tiles with spacers
        b.add(mat, (body * gy[:, None]).astype(np.float32), x0, y0)
        b.add("paper", np.full((h_px, w_px), 10.0, np.float32), x0, y0)
    else:  # machine parts: castings and shafts, lumpy and uneven
        lumps = np.clip(noise * 1.8, 0, None) ** 1.5
        b.add(mat, (t * (0.2 + 2.0 * lumps)).astype(np.float32), x0, y0)
        b.add("wood", np.full((h_px, w_px), 20.0, np.float32), x0, y0)  # crates
    b.finish_object(f"pallet-{goods}", mat, threat=False)


def build(b: SceneBuilder, variant: str) -> None:
    c = _Cm(b)
    span = b.lines * b.pixel_cm
    x0 = max(20.0, (span - 1690.0) / 2)
    _tractor(c, x0)
    _trailer(c, x0 + 420, 1310)
    ix, iw, floor, ih = _container(c, x0 + 470)
    top = floor + ih
    pallet_x = ix
    if variant == "hidden-compartment":
        depth = b.rng.uniform(70, 110)
        c.box("steel", ix + depth, 2, floor, ih, 4.0)  # false front wall, flat-on sheet
        c.box("steel", ix + depth - 3, 3, floor, ih, 25.0)  # its edge-on panels
        n = int(ih // 35)
        goods = "drugs" if b.rng.random() < 0.5 else "tobacco"
        t_fill = 60.0 if goods == "drugs" else 160.0
        for k in range(n):  # packages stacked floor to roof behind the false wall
            c.box(goods, ix + 4, depth - 10, floor + 35 * k + 2, 31, t_fill)
        b.finish_object("hidden-compartment", goods, threat=True)
        pallet_x = ix + depth + 5
    if variant != "empty":
        mixed = variant == "mixed"
        uniform_goods = str(b.rng.choice(["cartons", "textiles", "drinks"]))
        kinds = list(_GOODS)
        while pallet_x + 120 <= ix + iw:
            goods = str(b.rng.choice(kinds)) if mixed else uniform_goods
            _pallet(c, pallet_x, floor, top, goods)
            pallet_x += 121.0
    if variant == "undeclared-block":
        lead = b.rng.random() < 0.4
        w, h = (35.0, 30.0) if lead else (60.0, 50.0)
        bx = b.rng.uniform(ix + 150, ix + iw - 150)
        c.box("lead" if lead else "steel", bx, w, floor + 15, h, 12.0 if lead else 30.0)
        b.finish_object("undeclared-dense-block", "lead" if lead else "steel", threat=True)
