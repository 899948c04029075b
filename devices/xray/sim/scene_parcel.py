"""Parcel / baggage scene: a hard-shell trolley case on the belt with clothes, electronics,
bottles, batteries and (by seed) a handgun, a knife, cigarette cartons, drug packages, cash.

All dimensions are in cm (real sizes of the things), converted to pixels with the scene's
pitch, so a smaller test scene shows the same bag at a coarser pitch.
"""

from __future__ import annotations

import numpy as np

from devices.xray.sim.scene_builder import SceneBuilder
from devices.xray.sim.scene_shapes import (
    Local,
    Points,
    ellipse,
    place,
    rect,
    rounded_rect,
    smooth_noise,
    solid,
    tube,
)


def _local(b: SceneBuilder, parts_cm: list[Points], angle: float, at: tuple[float, float],
           ss: int = 2) -> tuple[Local, list[Points], float]:
    """Place ``parts_cm`` and return a canvas around them, the placed parts and the fine pitch."""
    placed = [place(p, scale=b.px_per_cm, angle_deg=angle, at=at) for p in parts_cm]
    local = Local(placed, ss=ss)
    return local, placed, b.pixel_cm / ss


def _suitcase(b: SceneBuilder, cx: float, cy: float, w_cm: float, h_cm: float) -> None:
    shell = rounded_rect(w_cm, h_cm, 6.0, n=10)
    tube_a = rect(w_cm * 0.8, 2.6) + (w_cm * 0.05, -10.0)
    tube_b = rect(w_cm * 0.8, 2.6) + (w_cm * 0.05, 10.0)
    handle_bar = rect(3.0, 24.0) + (w_cm * 0.45 - 1.5, 0.0)
    carry = rect(14.0, 3.0) + (0.0, -h_cm / 2 - 1.6)
    wheel_a = ellipse(2.6, 2.6) + (-w_cm / 2 + 4.0, -h_cm / 2 + 4.0)
    wheel_b = ellipse(2.6, 2.6) + (-w_cm / 2 + 4.0, h_cm / 2 - 4.0)
    zip_line = rounded_rect(w_cm - 3.0, h_cm - 3.0, 4.5, n=10)
    parts = [shell, tube_a, tube_b, handle_bar, carry, wheel_a, wheel_b]
    local, placed, fine_cm = _local(b, parts, 0.0, (cx, cy))
    shell_m = local.fill([placed[0]])
    # Side walls of the 24 cm deep case lie edge-on to the beam: the bright outline officers
    # recognise a bag by. Faces: two 3.5 mm plastic shells.
    d = solid(shell_m, 1.0, 0.4, fine_cm)
    walls = np.where((d > 0) & (d < 1.0), 24.0, 0.0) + 0.7 * (shell_m > 0)
    b.add_local("plastic", local, walls.astype(np.float32))
    for part in placed[1:3]:
        wall, _ = tube(local.fill([part]), 1.3, 0.15, fine_cm)
        b.add_local("aluminium", local, wall)
    b.add_local("plastic", local, solid(local.fill([placed[3]]), 3.0, 1.0, fine_cm))
    b.add_local("plastic", local, solid(local.fill([placed[4]]), 2.5, 1.0, fine_cm))
    for part in placed[5:7]:
        b.add_local("rubber", local, solid(local.fill([part]), 3.0, 1.0, fine_cm))
        hub = local.fill([place(ellipse(0.45, 0.45), scale=b.px_per_cm, angle_deg=0,
                                at=tuple(part.mean(axis=0)))])
        b.add_local("steel", local, solid(hub, 5.0, 0.1, fine_cm))
    zipper = local.stroke([place(zip_line, scale=b.px_per_cm, angle_deg=0, at=(cx, cy))],
                          b.px(0.3), closed=True)
    b.add_local("steel", local, (zipper > 0).astype(np.float32) * 0.12)
    b.finish_object("bag", "plastic", threat=False)


def _clothes(b: SceneBuilder, at: tuple[float, float], angle: float) -> None:
    rng = b.rng
    w, h = rng.uniform(28, 42), rng.uniform(18, 30)
    # A folded garment: an irregular, lumpy outline rather than a neat box.
    theta = np.linspace(0, 2 * np.pi, 90, endpoint=False)
    wobble = sum(rng.uniform(0.03, 0.09) * np.cos(k * theta + rng.uniform(0, 6.3))
                 for k in (2, 3, 5, 7))
    square = np.sign(np.cos(theta)) * np.abs(np.cos(theta)) ** 0.5, \
        np.sign(np.sin(theta)) * np.abs(np.sin(theta)) ** 0.5
    outline = np.stack([w / 2 * square[0] * (1 + wobble), h / 2 * square[1] * (1 + wobble)], axis=1)
    local, placed, fine_cm = _local(b, [outline], angle, at)
    mask = local.fill(placed)
    depth = rng.uniform(3.0, 7.0)
    t = solid(mask, depth, 2.0, fine_cm)
    # Folds and creases: smooth lumps plus a few ridges along the folding lines.
    t *= 1.0 + 0.35 * smooth_noise(rng, t.shape, t.shape[0] / 5)
    for _ in range(int(rng.integers(2, 5))):
        y = rng.uniform(-h / 2, h / 2)
        ridge = local.stroke([place(np.array([[-w / 2, y], [w / 2, y + rng.uniform(-3, 3)]]),
                                    scale=b.px_per_cm, angle_deg=angle, at=at)], b.px(0.8))
        t += (ridge > 0) * (mask > 0) * 1.5
    b.add_local("textile", local, t)
    if rng.random() < 0.35:  # a belt with its buckle, or a metal zip on trousers
        buckle = local.fill([place(rounded_rect(5.0, 4.0, 0.8) + (w / 4, 0), scale=b.px_per_cm,
                                   angle_deg=angle, at=at)])
        ring = buckle - local.fill([place(rect(3.4, 2.4) + (w / 4, 0), scale=b.px_per_cm,
                                          angle_deg=angle, at=at)])
        b.add_local("steel", local, (ring > 0).astype(np.float32) * 0.4)
    b.finish_object("clothes", "textile", threat=False)


def _laptop(b: SceneBuilder, at: tuple[float, float], angle: float) -> None:
    rng = b.rng
    body = rounded_rect(33.0, 23.0, 1.2)
    cells = [rect(6.5, 1.8) + (-13.0 + 6.6 * i + 3.25, 8.8) for i in range(4)]
    board = rect(20.0, 9.0) + (2.0, -4.5)
    chips = [rect(2.2, 2.2) + (rng.uniform(-6, 10), rng.uniform(-8, -1.5)) for _ in range(5)]
    fan = ellipse(3.0, 3.0) + (-11.0, -4.5)
    heatpipe = np.array([[-8.5, -4.5], [0.0, -5.0], [6.0, -4.0]])
    keys = [rect(1.5, 1.5) + (-12.0 + 1.9 * i, 0.5 + 1.9 * j) for i in range(14) for j in range(3)]
    parts = [body, *cells, board, *chips, fan]
    local, placed, fine_cm = _local(b, parts, angle, at)
    pl = iter(placed)
    body_m = local.fill([next(pl)])
    d = solid(body_m, 1.0, 0.3, fine_cm)
    # Aluminium unibody: two 1.2 mm faces, the 1.8 cm rim edge-on at the outline.
    b.add_local("aluminium", local, np.where((d > 0) & (d < 1.0), 1.8, 0.24) * (body_m > 0))
    for _ in cells:
        wall, core = tube(local.fill([next(pl)]), 0.9, 0.025, fine_cm)
        b.add_local("steel", local, wall)
        b.add_local("salt", local, core * 0.8)
        b.add_local("copper", local, core * 0.02)
    board_m = local.fill([next(pl)])
    b.add_local("glass", local, (board_m > 0) * 0.16)
    b.add_local("copper", local, (board_m > 0) * 0.007)
    for _ in chips:
        b.add_local("glass", local, solid(local.fill([next(pl)]), 0.15, 0.05, fine_cm))
    fan_m = local.fill([next(pl)])
    b.add_local("plastic", local, (fan_m > 0) * 1.0)
    pipe = local.stroke([place(heatpipe, scale=b.px_per_cm, angle_deg=angle, at=at)], b.px(0.8))
    b.add_local("copper", local, (pipe > 0) * 0.12)
    key_m = local.fill([place(k, scale=b.px_per_cm, angle_deg=angle, at=at) for k in keys])
    b.add_local("plastic", local, (key_m > 0) * 0.35)
    screws = [place(ellipse(0.18, 0.18) + (sx, sy), scale=b.px_per_cm, angle_deg=angle, at=at)
              for sx in (-15.5, -5.0, 5.0, 15.5) for sy in (-10.5, 10.5)]
    b.add_local("steel", local, solid(local.fill(screws), 0.5, 0.05, fine_cm))
    b.finish_object("electronics", "aluminium", threat=False)


def _phone_and_charger(b: SceneBuilder, at: tuple[float, float], angle: float) -> None:
    rng = b.rng
    phone = rounded_rect(15.0, 7.2, 0.9)
    battery = rect(9.0, 5.5) + (1.5, 0.0)
    cam = ellipse(0.6, 0.6) + (-6.0, -2.3)
    charger = rounded_rect(5.0, 4.5, 0.6) + (3.0, 11.0)
    core = rect(2.4, 2.0) + (3.0, 11.0)
    walk = np.cumsum(rng.normal(0, 1.6, (12, 2)), axis=0) + (6.0, 12.0)
    parts = [phone, battery, cam, charger, core, walk]
    local, placed, fine_cm = _local(b, parts, angle, at)
    phone_m = local.fill([placed[0]])
    d = solid(phone_m, 1.0, 0.25, fine_cm)
    b.add_local("aluminium", local, np.where((d > 0) & (d < 1.0), 0.8, 0.0) * (phone_m > 0))
    b.add_local("glass", local, (phone_m > 0) * 0.2)
    bat = local.fill([placed[1]])
    b.add_local("salt", local, (bat > 0) * 0.45)
    b.add_local("copper", local, (bat > 0) * 0.02)
    b.add_local("steel", local, solid(local.fill([placed[2]]), 0.6, 0.1, fine_cm))
    b.add_local("plastic", local, solid(local.fill([placed[3]]), 2.8, 0.6, fine_cm))
    b.add_local("steel", local, solid(local.fill([placed[4]]), 2.0, 0.2, fine_cm))
    cable = local.stroke([placed[5]], b.px(0.5))
    b.add_local("plastic", local, (cable > 0) * 0.35)
    wire = local.stroke([placed[5]], b.px(0.12))
    b.add_local("copper", local, (wire > 0) * 0.1)
    b.finish_object("electronics", "aluminium", threat=False)


def _bottle(b: SceneBuilder, at: tuple[float, float], angle: float) -> None:
    rng = b.rng
    r = rng.uniform(3.0, 4.0)
    body = rounded_rect(20.0, 2 * r, r * 0.8)
    neck = rect(8.0, 2.6) + (13.0, 0.0)
    cap = rect(1.8, 3.0) + (17.5, 0.0)
    glass = rng.random() < 0.6
    local, placed, fine_cm = _local(b, [body, neck, cap], angle, at)
    wall, content = tube(local.fill([placed[0]]), r, 0.35 if glass else 0.04, fine_cm)
    neck_wall, _ = tube(local.fill([placed[1]]), 1.3, 0.35 if glass else 0.06, fine_cm)
    b.add_local("glass" if glass else "plastic", local, wall + neck_wall)
    b.add_local("water", local, content * 0.97)
    b.add_local("aluminium" if glass else "plastic", local,
                solid(local.fill([placed[2]]), 2.6, 0.3, fine_cm))
    b.finish_object("bottle", "water", threat=False)


def _batteries(b: SceneBuilder, at: tuple[float, float], angle: float) -> None:
    cells = [rect(5.0, 1.4) + (0.0, -2.25 + 1.5 * i) for i in range(4)]
    local, placed, fine_cm = _local(b, cells, angle, at)
    for part in placed:
        wall, core = tube(local.fill([part]), 0.7, 0.03, fine_cm)
        b.add_local("steel", local, wall + 0.25 * core)  # can + zinc/manganese-dioxide paste
        b.add_local("salt", local, 0.6 * core)
    b.finish_object("battery", "steel", threat=False)


def _handgun(b: SceneBuilder, at: tuple[float, float], angle: float) -> None:
    slide = np.array([[-9.5, -3.2], [9.0, -3.2], [9.5, -2.6], [9.5, -0.3], [-9.5, -0.3]])
    frame = np.array([[-9.5, -0.4], [7.5, -0.4], [7.5, 0.9], [-2.0, 1.0], [-3.0, 2.2],
                      [-1.6, 11.5], [-8.0, 12.2], [-10.0, 2.5]])
    magazine = np.array([[-3.4, 0.9], [-7.8, 0.9], [-8.0, 1.6], [-6.9, 12.4], [-2.2, 11.6]])
    guard = np.array([[-2.0, 1.0], [-1.8, 3.4], [3.0, 3.6], [4.2, 1.0]])
    trigger = np.array([[0.3, 0.9], [0.9, 2.6]])
    barrel = rect(11.0, 1.3) + (3.0, -1.7)
    spring = rect(8.0, 0.8) + (4.5, 0.25)
    # Cartridges stacked in the magazine: 9 mm rounds, brass case with a lead-cored bullet.
    rounds = [rect(1.9, 0.95) + (-5.2 + 0.11 * k, 2.0 + 1.0 * k) for k in range(9)]
    parts = [slide, frame, magazine, guard, barrel, spring, *rounds]
    local, placed, fine_cm = _local(b, parts, angle, at)
    # The slide is a steel shell (two 4.5 mm walls and a top) around the barrel.
    b.add_local("steel", local, solid(local.fill([placed[0]]), 0.9, 0.35, fine_cm))
    b.add_local("plastic", local, solid(local.fill([placed[1]]), 2.9, 0.8, fine_cm))
    b.add_local("steel", local, solid(local.fill([placed[2]]), 0.25, 0.05, fine_cm))
    ring = local.stroke([placed[3]], b.px(0.45))
    b.add_local("plastic", local, (ring > 0) * 2.0)
    trig = local.stroke([place(trigger, scale=b.px_per_cm, angle_deg=angle, at=at)], b.px(0.5))
    b.add_local("steel", local, (trig > 0) * 0.6)
    barrel_wall, _ = tube(local.fill([placed[4]]), 0.65, 0.3, fine_cm)
    b.add_local("steel", local, barrel_wall)
    spring_wall, _ = tube(local.fill([placed[5]]), 0.4, 0.1, fine_cm)
    b.add_local("steel", local, spring_wall)
    case_wall, powder = tube(local.fill(placed[6:]), 0.48, 0.05, fine_cm)
    b.add_local("copper", local, case_wall)
    b.add_local("plastic", local, powder * 0.5)
    b.finish_object("handgun", "steel", threat=True)


def _knife(b: SceneBuilder, at: tuple[float, float], angle: float) -> None:
    blade = np.array([[0.0, -0.2], [15.0, -0.2], [19.0, 0.2], [21.0, 0.9], [17.0, 2.2],
                      [10.0, 3.3], [0.0, 3.5]])
    handle = rounded_rect(11.5, 3.4, 1.2) - (6.0, -1.5)
    tang = rect(10.0, 1.6) - (5.5, -1.5)
    rivets = [ellipse(0.35, 0.35) + (-x, 1.5) for x in (2.5, 6.0, 9.5)]
    parts = [blade, handle, tang, *rivets]
    local, placed, fine_cm = _local(b, parts, angle, at, ss=3)
    # Ground blade: 2.5 mm at the spine, thinning towards the edge over its whole width.
    b.add_local("steel", local, solid(local.fill([placed[0]]), 0.25, 2.5, fine_cm))
    b.add_local("wood", local, solid(local.fill([placed[1]]), 2.2, 0.8, fine_cm))
    b.add_local("steel", local, solid(local.fill([placed[2]]), 0.25, 0.05, fine_cm))
    b.add_local("steel", local, solid(local.fill(placed[3:]), 2.2, 0.05, fine_cm))
    b.finish_object("knife", "steel", threat=True)


def _cigarettes(b: SceneBuilder, at: tuple[float, float], angle: float) -> None:
    n = int(b.rng.integers(2, 5))
    cartons = [rect(26.5, 9.0) + (0.0, -(n - 1) * 4.6 + 9.2 * i) for i in range(n)]
    local, placed, fine_cm = _local(b, cartons, angle, at)
    # Cigarettes lie across each carton (8.5 cm), 0.8 cm apart: stripes along the carton.
    xs = np.arange(local.w * local.ss, dtype=np.float32) * fine_cm
    ys = np.arange(local.h * local.ss, dtype=np.float32) * fine_cm
    # Stripes must follow the carton's own axis, so project the canvas grid onto it.
    a = np.radians(angle)
    along = np.cos(a) * xs[None, :] + np.sin(a) * ys[:, None]
    stripes = 0.82 + 0.18 * np.abs(np.cos(np.pi * along / 0.8))
    for part in placed:
        m = local.fill([part])
        d = solid(m, 1.0, 0.15, fine_cm)
        paper = np.where((d > 0) & (d < 1.0), 4.5, 0.08) * (m > 0)
        b.add_local("paper", local, paper.astype(np.float32))
        packs = (np.abs(np.cos(np.pi * along / 5.3)) > 0.04)  # pack walls every 5.3 cm
        b.add_local("tobacco", local, (solid(m, 4.2, 0.3, fine_cm) * stripes * packs).astype(np.float32))
    b.finish_object("cigarettes", "tobacco", threat=True)


def _drugs(b: SceneBuilder, at: tuple[float, float], angle: float) -> None:
    n = int(b.rng.integers(1, 4))
    bricks = [rounded_rect(20.0, 12.0, 2.0) + (b.rng.uniform(-3, 3), 13.0 * i - 6.5 * (n - 1))
              for i in range(n)]
    local, placed, fine_cm = _local(b, bricks, angle, at)
    for part in placed:
        m = local.fill([part])
        t = solid(m, 4.0, 1.5, fine_cm) * (1.0 + 0.06 * smooth_noise(b.rng, m.shape, 20))
        b.add_local("drugs", local, t.astype(np.float32))
        b.add_local("plastic", local, (m > 0) * 0.25)  # taped wrapping
    b.finish_object("drug-package", "drugs", threat=True)


def _cash(b: SceneBuilder, at: tuple[float, float], angle: float) -> None:
    cols, rows = int(b.rng.integers(1, 4)), int(b.rng.integers(2, 4))
    bundles = [rect(15.6, 6.6) + (16.2 * i - 8.1 * (cols - 1), 7.0 * j - 3.5 * (rows - 1))
               for i in range(cols) for j in range(rows)]
    straps = [rect(3.0, 6.8) + (p.mean(axis=0)) for p in bundles]
    local, placed, fine_cm = _local(b, bundles + straps, angle, at)
    b.add_local("paper", local, solid(local.fill(placed[:len(bundles)]), 1.1, 0.1, fine_cm))
    b.add_local("paper", local, (local.fill(placed[len(bundles):]) > 0) * 0.15)
    b.finish_object("cash", "paper", threat=True)


def build(b: SceneBuilder) -> None:
    rng = b.rng
    lines_cm, pixels_cm = b.lines * b.pixel_cm, b.pixels * b.pixel_cm
    b.add_band("rubber", 0, b.lines, np.full(b.pixels, 0.5, np.float32), 0)  # conveyor belt
    b.discard_pending()
    w_cm = min(rng.uniform(66, 76), lines_cm * 0.85)
    h_cm = min(rng.uniform(42, 48), pixels_cm * 0.8)
    cx = b.px(lines_cm / 2 + rng.uniform(-3, 3))
    cy = b.px(pixels_cm / 2 + rng.uniform(-3, 3))
    _suitcase(b, cx, cy, w_cm, h_cm)

    def spot(margin_cm: float) -> tuple[float, float]:
        mx, my = max(w_cm / 2 - margin_cm, 1.0), max(h_cm / 2 - margin_cm, 1.0)
        return (cx + b.px(rng.uniform(-mx, mx)), cy + b.px(rng.uniform(-my, my)))

    for _ in range(int(rng.integers(3, 6))):
        _clothes(b, spot(15), rng.uniform(-30, 30))
    if rng.random() < 0.7:
        _laptop(b, spot(18), rng.uniform(-15, 15))
    if rng.random() < 0.7:
        _phone_and_charger(b, spot(12), rng.uniform(0, 360))
    for _ in range(int(rng.integers(0, 3))):
        _bottle(b, spot(12), rng.uniform(0, 360))
    if rng.random() < 0.5:
        _batteries(b, spot(6), rng.uniform(0, 360))
    threats = [_handgun, _knife, _cigarettes, _drugs, _cash]
    chosen = [t for t in threats if rng.random() < 0.45]
    if not chosen:
        chosen = [threats[int(rng.integers(len(threats)))]]
    # Margins (cm) keep each group of things inside the case.
    margin = {_handgun: 12.0, _knife: 13.0, _cigarettes: 21.0, _drugs: 20.0, _cash: 22.0}
    for make in chosen:
        make(b, spot(margin[make]), rng.uniform(0, 360))
