"""Close-up item scenes: one object filling much of the view, as in an operator's zoomed crop.

Real images people share, and the regions an officer zooms into, show one thing large: a
handgun across most of the frame, a razor blade, a shuriken, a set of keys. The parcel scene
(:mod:`devices.xray.sim.scene_parcel`) draws a whole suitcase at a fixed pitch, so a
detector trained on it alone sees threats only small and among clothes. :func:`build_items`
draws one main object (a threat, or a hard negative that looks like one to a naive model:
pliers, keys, springs, coins, staplers, chargers, paperclips, pens, circuit boards,
toiletries, folded umbrellas) at a pitch that makes it span 55-95 % of
the view, at any angle, sometimes with other everyday things beside it.

Threats drawn here: pistols (the parcel scene's), revolvers, knives, razor blades and
shuriken (label ``blade``), battery packs. :func:`tilt` then turns the projection as a 3-D
object seen at another orientation would be: foreshortened along a random axis, thicker
along the beam.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import cv2
import numpy as np

from devices.xray.sim import scene_parcel as parcel
from devices.xray.sim.scene_builder import SceneBuilder, SceneObject
from devices.xray.sim.scene_shapes import Local, ellipse, place, rect, rounded_rect, solid, tube

Maker = Callable[[SceneBuilder, tuple[float, float], float], None]


def _local(b: SceneBuilder, parts: list[np.ndarray], angle: float, at: tuple[float, float],
           ss: int = 2) -> tuple[Local, list[np.ndarray], float]:
    return parcel._local(b, parts, angle, at, ss)


def _revolver(b: SceneBuilder, at: tuple[float, float], angle: float) -> None:
    rng = b.rng
    # Snub-nosed (2 cm) to long-barrelled (15 cm); real revolvers look all black: a steel
    # frame, a 3.5-5 cm cylinder and often a steel grip frame under the grip panels.
    barrel_len = rng.uniform(2.0, 15.0)
    frame = np.array([[-6.0, -2.0], [3.5, -2.0], [3.5, 2.2], [-1.0, 2.4], [-2.5, 3.5],
                      [-6.5, 3.0]])
    grip = np.array([[-6.5, 2.6], [-2.6, 3.2], [-3.2, 11.0], [-6.6, 12.0], [-9.0, 10.5],
                     [-8.8, 4.5]])
    drum = rounded_rect(rng.uniform(4.0, 5.2), rng.uniform(3.8, 4.8), 1.0) + (0.8, 0.0)
    barrel = rect(barrel_len, 1.6) + (3.5 + barrel_len / 2, -1.2)
    guard = np.array([[-2.0, 2.3], [-1.5, 5.0], [2.5, 4.8], [3.0, 2.2]])
    hammer = np.array([[-6.0, -2.0], [-7.5, -3.2], [-6.3, -3.6], [-5.0, -2.0]])
    parts = [frame, grip, drum, barrel, hammer]
    local, placed, fine_cm = _local(b, parts, angle, at)
    b.add_local("steel", local, solid(local.fill([placed[0]]), 1.4, 0.3, fine_cm))
    b.add_local("wood" if rng.random() < 0.5 else "plastic", local,
                solid(local.fill([placed[1]]), 3.2, 1.0, fine_cm))
    if rng.random() < 0.8:
        b.add_local("steel", local, solid(local.fill([placed[1]]), 1.2, 0.4, fine_cm))
    b.add_local("steel", local, solid(local.fill([placed[2]]), 3.6, 1.2, fine_cm))
    wall, _ = tube(local.fill([placed[3]]), 0.8, 0.45, fine_cm)
    b.add_local("steel", local, wall)
    b.add_local("steel", local, solid(local.fill([placed[4]]), 0.8, 0.2, fine_cm))
    ring = local.stroke([place(guard, scale=b.px_per_cm, angle_deg=angle, at=at)],
                        b.px(rng.uniform(0.45, 0.9)))
    b.add_local("steel", local, (ring > 0) * rng.uniform(0.5, 1.2))
    b.finish_object("handgun", "steel", threat=True)


def _pistol(b: SceneBuilder, at: tuple[float, float], angle: float) -> None:
    parcel._handgun(b, at, angle)
    if b.rng.random() < 0.6 and b.object_layers:
        # An all-steel pistol (most older designs): the polymer frame becomes ~1 cm of steel,
        # near black on any scanner, as real handguns look.
        for index in b.object_layers[-1]:
            layer = b.layers[index]
            if layer.material == "plastic":
                layer.material = "steel"
                layer.thickness = (layer.thickness.astype(np.float32) * 0.35).astype(np.float16)


def _razor_blade(b: SceneBuilder, at: tuple[float, float], angle: float) -> None:
    rng = b.rng
    body = rounded_rect(4.3, 2.2, 0.15)
    slot = rect(2.8, 0.22)
    holes = [ellipse(0.28, 0.28) + (x, 0.0) for x in (-1.45, 0.0, 1.45)]
    notches = [np.array([[s * 2.15, -0.25], [s * 1.85, 0.0], [s * 2.15, 0.25]]) for s in (-1, 1)]
    local, placed, fine_cm = _local(b, [body, slot, *holes, *notches], angle, at, ss=3)
    metal = local.fill([placed[0]]).astype(np.float32)
    cut = np.maximum(local.fill(placed[1:2]), local.fill(placed[2:]))
    metal[cut > 0] = 0.0
    # A double-edged blade is 0.1 mm of steel; blades are sold and carried in stacks, and
    # real ones show mid grey, not faint (decision 1204): 0.3-2 mm of steel.
    b.add_local("steel", local, metal / 255.0 * rng.uniform(0.03, 0.2))
    b.finish_object("blade", "steel", threat=True)


def _shuriken(b: SceneBuilder, at: tuple[float, float], angle: float) -> None:
    rng = b.rng
    # Real throwing stars: 4-8 points, most 6-8 long thin ones, often hand-cut so that the
    # points differ in length and spacing, some with hooked (swept) tips.
    points = int(rng.choice([4, 5, 6, 7, 8], p=[0.1, 0.1, 0.3, 0.2, 0.3]))
    outer, inner = rng.uniform(3.5, 6.5), rng.uniform(0.7, 1.8)
    sweep = rng.uniform(-0.35, 0.35) if rng.random() < 0.4 else 0.0
    star = []
    for k in range(2 * points):
        tip = k % 2 == 0
        r = (outer * rng.uniform(0.8, 1.15)) if tip else inner * rng.uniform(0.85, 1.15)
        a = math.pi * k / points + rng.uniform(-0.1, 0.1) + (sweep if tip else 0.0)
        star.append((r * math.cos(a), r * math.sin(a)))
    hole = ellipse(rng.uniform(0.3, 0.7), rng.uniform(0.3, 0.7))
    local, placed, fine_cm = _local(b, [np.array(star), hole], angle, at, ss=3)
    metal = local.fill([placed[0]]).astype(np.float32)
    metal[local.fill([placed[1]]) > 0] = 0.0
    b.add_local("steel", local, metal / 255.0 * rng.uniform(0.12, 0.3))
    b.finish_object("blade", "steel", threat=True)


def _keys(b: SceneBuilder, at: tuple[float, float], angle: float) -> None:
    rng = b.rng
    shapes = []
    for k in range(int(rng.integers(2, 6))):
        turn = rng.uniform(-70, 70)
        head = place(ellipse(1.3, 1.1), scale=1.0, angle_deg=turn, at=(0.0, 0.0))
        teeth = [[1.2 + 0.45 * i, 0.35 + 0.25 * (i % 2)] for i in range(9)]
        blade = np.array([[1.2, -0.35], [5.5, -0.35], [5.5, 0.35], *teeth[::-1]])
        shapes.append(head + (k * 0.15, 0.0))
        shapes.append(place(blade, scale=1.0, angle_deg=turn, at=(0.0, 0.0)))
    ring = ellipse(1.6, 1.6) - (1.6, 0.0)
    local, placed, fine_cm = _local(b, [*shapes, ring], angle, at, ss=3)
    b.add_local("steel", local, solid(local.fill(placed[:-1]), 0.22, 0.05, fine_cm))
    wire = local.stroke([placed[-1]], b.px(0.15), closed=True)
    b.add_local("steel", local, (wire > 0) * 0.15)
    b.finish_object("keys", "steel", threat=False)


def _pliers(b: SceneBuilder, at: tuple[float, float], angle: float) -> None:
    rng = b.rng
    spread = rng.uniform(3, 18)
    handle_a = place(np.array([[0.0, -0.5], [12.0, -0.9], [12.0, 0.4], [0.0, 0.5]]),
                     scale=1.0, angle_deg=spread, at=(0.0, 0.0))
    handle_b = place(np.array([[0.0, -0.5], [12.0, -0.4], [12.0, 0.9], [0.0, 0.5]]),
                     scale=1.0, angle_deg=-spread, at=(0.0, 0.0))
    jaw = np.array([[0.0, -0.9], [-6.0, -0.3], [-6.5, 0.0], [-6.0, 0.3], [0.0, 0.9]])
    pivot = ellipse(1.0, 1.0)
    grips = [handle_a + (0.0, 0.0), handle_b]
    local, placed, fine_cm = _local(b, [handle_a, handle_b, jaw, pivot, *grips], angle, at)
    b.add_local("steel", local, solid(local.fill(placed[:3]), 0.9, 0.3, fine_cm))
    b.add_local("steel", local, solid(local.fill([placed[3]]), 1.4, 0.3, fine_cm))
    b.add_local("plastic", local, solid(local.fill(placed[4:]), 1.6, 0.6, fine_cm))
    b.finish_object("tool", "steel", threat=False)


def _spring(b: SceneBuilder, at: tuple[float, float], angle: float) -> None:
    rng = b.rng
    turns, length, radius = int(rng.integers(6, 20)), rng.uniform(3, 12), rng.uniform(0.4, 1.5)
    s = np.linspace(0, 1, turns * 16)
    path = np.stack([s * length - length / 2, radius * np.sin(2 * np.pi * turns * s)], axis=1)
    local, placed, fine_cm = _local(b, [path], angle, at, ss=3)
    wire = local.stroke(placed, b.px(rng.uniform(0.08, 0.25)))
    b.add_local("steel", local, (wire > 0) * rng.uniform(0.1, 0.3))
    b.finish_object("spring", "steel", threat=False)


def _coins(b: SceneBuilder, at: tuple[float, float], angle: float) -> None:
    rng = b.rng
    coins = [ellipse(r, r) + (rng.uniform(-3, 3), rng.uniform(-3, 3))
             for r in rng.uniform(0.8, 1.3, int(rng.integers(2, 9)))]
    local, placed, fine_cm = _local(b, coins, angle, at)
    for part in placed:
        b.add_local("copper" if rng.random() < 0.5 else "steel", local,
                    solid(local.fill([part]), rng.uniform(0.15, 0.25), 0.05, fine_cm))
    b.finish_object("coins", "copper", threat=False)


def _stapler(b: SceneBuilder, at: tuple[float, float], angle: float) -> None:
    body = rounded_rect(15.0, 3.2, 0.8)
    base = rect(15.5, 1.2) + (0.0, 1.4)
    spring = rect(6.0, 0.5) + (2.0, 0.0)
    local, placed, fine_cm = _local(b, [body, base, spring], angle, at)
    d = solid(local.fill([placed[0]]), 1.0, 0.2, fine_cm)
    b.add_local("steel", local, np.where((d > 0) & (d < 1.0), 0.35, 0.05) * (d > 0))
    b.add_local("plastic", local, solid(local.fill([placed[1]]), 3.0, 0.5, fine_cm))
    b.add_local("steel", local, solid(local.fill([placed[2]]), 0.3, 0.05, fine_cm))
    b.finish_object("stapler", "steel", threat=False)


def _charger(b: SceneBuilder, at: tuple[float, float], angle: float) -> None:
    parcel._phone_and_charger(b, at, angle)


def _cable(b: SceneBuilder, at: tuple[float, float], angle: float) -> None:
    walk = np.cumsum(b.rng.normal(0, 2.0, (30, 2)), axis=0)
    local, placed, fine_cm = _local(b, [walk - walk.mean(axis=0)], angle, at)
    b.add_local("plastic", local, (local.stroke(placed, b.px(0.5)) > 0) * 0.35)
    b.add_local("copper", local, (local.stroke(placed, b.px(0.12)) > 0) * 0.1)
    b.finish_object("cable", "copper", threat=False)


def _paperclip(b: SceneBuilder, at: tuple[float, float], angle: float) -> None:
    rng = b.rng
    # Three nested loops of 1 mm steel wire, 3-5 cm long: a thin dark outline with a long
    # straight edge, the look of a blade's edge to a naive model.
    length, width = rng.uniform(3.0, 5.0), rng.uniform(0.8, 1.1)
    loops = []
    for k, (l_share, w_share) in enumerate(((1.0, 1.0), (0.8, 0.72), (0.62, 0.45))):
        ln, wd = length * l_share, width * w_share
        arc = np.linspace(-np.pi / 2, np.pi / 2, 12)
        end = np.stack([ln / 2 - wd / 2 + wd / 2 * np.cos(arc), wd / 2 * np.sin(arc)], axis=1)
        start = end[::-1] * (-1, 1) + (-0.3 * k, 0.0)
        loops.append(np.vstack([start, end]) + (0.25 * k, 0.0))
    local, placed, fine_cm = _local(b, loops, angle, at, ss=3)
    wire = local.stroke(placed, b.px(rng.uniform(0.06, 0.12)), closed=False)
    b.add_local("steel", local, (wire > 0) * rng.uniform(0.08, 0.15))
    b.finish_object("paperclip", "steel", threat=False)


def _pen(b: SceneBuilder, at: tuple[float, float], angle: float) -> None:
    rng = b.rng
    # A ballpoint pen: plastic barrel, an ink refill, a steel spring near the tip and often a
    # steel clip; metal ones (and fountain pens) are a dark rod with a pointed end.
    length = rng.uniform(12.0, 15.0)
    barrel = rounded_rect(length, 1.0, 0.45)
    refill = rect(length * 0.75, 0.3) + (0.1 * length, 0.0)
    tip = np.array([[-length / 2, -0.5], [-length / 2 - 1.2, 0.0], [-length / 2, 0.5]])
    clip = rect(length * 0.35, 0.3) + (length * 0.3, 0.6)
    turns = int(rng.integers(8, 16))
    s = np.linspace(0, 1, turns * 16)
    spring = np.stack([-length * 0.3 + s * length * 0.12,
                       0.3 * np.sin(2 * np.pi * turns * s)], axis=1)
    local, placed, fine_cm = _local(b, [barrel, refill, tip, clip, spring], angle, at, ss=3)
    metal = rng.random() < 0.35
    b.add_local("steel" if metal else "plastic", local,
                solid(local.fill([placed[0]]), 0.1 if metal else 0.9, 0.4, fine_cm))
    b.add_local("plastic", local, solid(local.fill([placed[1]]), 0.3, 0.15, fine_cm))
    b.add_local("copper" if rng.random() < 0.5 else "steel", local,
                solid(local.fill([placed[2]]), 0.5, 0.2, fine_cm))
    if rng.random() < 0.7:
        b.add_local("steel", local, solid(local.fill([placed[3]]), 0.05, 0.02, fine_cm))
    b.add_local("steel", local, (local.stroke([placed[4]], b.px(0.05)) > 0) * 0.1)
    b.finish_object("pen", "plastic", threat=False)


def _circuit_board(b: SceneBuilder, at: tuple[float, float], angle: float) -> None:
    rng = b.rng
    # A router's or a power bank's board: a glass-fibre plate crowded with chips, coils,
    # capacitors and a connector — dense, rectangular and busy, with nothing that is a threat.
    w, h = rng.uniform(5.0, 14.0), rng.uniform(3.0, 9.0)
    board = rect(w, h)
    parts = [board]
    for _ in range(int(rng.integers(6, 20))):
        pw, ph = rng.uniform(0.3, 2.2), rng.uniform(0.3, 2.2)
        part = rect(pw, ph) if rng.random() < 0.7 else ellipse(pw / 2, pw / 2)
        parts.append(part + (rng.uniform(-w / 2 + pw / 2, w / 2 - pw / 2),
                             rng.uniform(-h / 2 + ph / 2, h / 2 - ph / 2)))
    local, placed, fine_cm = _local(b, parts, angle, at, ss=2)
    b.add_local("glass", local, solid(local.fill([placed[0]]), 0.16, 0.02, fine_cm))
    for part in placed[1:]:
        b.add_local("copper" if rng.random() < 0.4 else "steel" if rng.random() < 0.3 else "plastic",
                    local, solid(local.fill([part]), rng.uniform(0.05, 0.6), 0.05, fine_cm))
    b.finish_object("electronics", "copper", threat=False)


def _toiletry(b: SceneBuilder, at: tuple[float, float], angle: float) -> None:
    rng = b.rng
    # A cream jar, a deodorant or a tube of toothpaste: a smooth dense blob with soft edges,
    # an aluminium or plastic shell and a cap.
    rx, ry = rng.uniform(2.0, 6.0), rng.uniform(1.5, 4.0)
    body = ellipse(rx, ry) if rng.random() < 0.5 else rounded_rect(2 * rx, 2 * ry, min(rx, ry) * 0.7)
    cap = rect(rng.uniform(1.0, 2.5), 2 * ry * rng.uniform(0.5, 0.9)) + (rx + 0.6, 0.0)
    local, placed, fine_cm = _local(b, [body, cap], angle, at)
    wall, content = tube(local.fill([placed[0]]), ry, rng.uniform(0.03, 0.3), fine_cm)
    b.add_local("aluminium" if rng.random() < 0.4 else "plastic", local, wall)
    b.add_local("water", local, content * rng.uniform(0.6, 1.0))
    b.add_local("plastic", local, solid(local.fill([placed[1]]), 2 * ry, 0.4, fine_cm))
    b.finish_object("toiletry", "water", threat=False)


def _umbrella(b: SceneBuilder, at: tuple[float, float], angle: float) -> None:
    rng = b.rng
    # A folded umbrella: a steel shaft and a bundle of thin ribs along it, cloth around them,
    # a handle at one end — long, thin and metallic like a blade's back.
    length = rng.uniform(22.0, 30.0)
    shaft = rect(length, 0.6)
    ribs = [np.array([[-length / 2 + 3, 0.0], [length / 2 - 1, rng.uniform(-1.4, 1.4)]])
            for _ in range(int(rng.integers(6, 9)))]
    cloth = np.array([[-length / 2 + 2, -0.4], [length / 2, -1.8], [length / 2, 1.8],
                      [-length / 2 + 2, 0.4]])
    handle = rounded_rect(5.0, 2.4, 1.0) + (-length / 2 - 2.0, 0.0)
    local, placed, fine_cm = _local(b, [shaft, cloth, handle, *ribs], angle, at, ss=2)
    b.add_local("steel", local, solid(local.fill([placed[0]]), 0.6, 0.3, fine_cm) * 0.3)
    b.add_local("plastic", local, solid(local.fill([placed[1]]), 3.0, 1.5, fine_cm) * 0.15)
    b.add_local("plastic", local, solid(local.fill([placed[2]]), 2.4, 1.0, fine_cm))
    b.add_local("steel", local, (local.stroke(placed[3:], b.px(0.12)) > 0) * 0.15)
    b.finish_object("umbrella", "steel", threat=False)


# kind -> (maker, size in cm the pitch is chosen for, draw weight)
THREATS: dict[str, tuple[Maker, float, float]] = {
    "pistol": (_pistol, 21.0, 1.4),
    "revolver": (_revolver, 24.0, 1.2),
    "knife": (parcel._knife, 32.0, 1.0),
    "razor-blade": (_razor_blade, 4.8, 1.1),
    "shuriken": (_shuriken, 10.0, 1.1),
    "battery": (parcel._batteries, 5.5, 0.6),
}
HARD_NEGATIVES: dict[str, tuple[Maker, float, float]] = {
    "keys": (_keys, 9.0, 1.0),
    "pliers": (_pliers, 19.0, 1.0),
    "spring": (_spring, 8.0, 0.6),
    "coins": (_coins, 8.0, 0.6),
    "stapler": (_stapler, 16.0, 0.6),
    "charger": (_charger, 22.0, 0.8),
    "cable": (_cable, 18.0, 0.5),
    "bottle": (parcel._bottle, 30.0, 0.5),
    "paperclip": (_paperclip, 4.5, 0.6),
    "pen": (_pen, 14.0, 0.6),
    "circuit-board": (_circuit_board, 12.0, 0.8),
    "toiletry": (_toiletry, 11.0, 0.7),
    "umbrella": (_umbrella, 30.0, 0.4),
}


# Flat things: a few millimetres along the beam however they lie, so turning them out of
# plane foreshortens them without sweeping a thick side into view (decision 1204).
FLAT_KINDS = frozenset({"razor-blade", "shuriken", "keys", "coins", "paperclip"})


def _pick(rng: np.random.Generator,
          table: dict[str, tuple[Maker, float, float]]) -> tuple[str, Maker, float]:
    names = sorted(table)
    weights = np.array([table[n][2] for n in names])
    name = names[int(rng.choice(len(names), p=weights / weights.sum()))]
    maker, size_cm, _ = table[name]
    return name, maker, size_cm


def build_items(b: SceneBuilder, *, threat_share: float = 0.7) -> str:
    """One main object (a threat with probability ``threat_share``, else a hard negative)
    spanning 55-95 % of the view, and in one scene of three an everyday thing or two
    beside it; sets the pitch. Returns the main object's kind (a key of ``THREATS`` or
    ``HARD_NEGATIVES``)."""
    rng = b.rng
    table = THREATS if rng.random() < threat_share else HARD_NEGATIVES
    kind, maker, size_cm = _pick(rng, table)
    side = min(b.lines, b.pixels)
    b.pixel_cm = size_cm / (rng.uniform(0.55, 0.95) * side)
    if rng.random() < 0.5:  # a tray or the belt under it
        b.add_band("rubber" if rng.random() < 0.5 else "plastic", 0, b.lines,
                   np.full(b.pixels, rng.uniform(0.2, 1.5), np.float32), 0)
        b.discard_pending()
    for _ in range(int(rng.integers(1, 3)) if rng.random() < 0.35 else 0):
        _extra_kind, extra, _extra_cm = _pick(rng, HARD_NEGATIVES)
        extra(b, (rng.uniform(0, b.lines), rng.uniform(0, b.pixels)), rng.uniform(0, 360))
    centre = (b.lines * rng.uniform(0.35, 0.65), b.pixels * rng.uniform(0.35, 0.65))
    maker(b, centre, rng.uniform(0, 360))
    return kind


def tilt(attenuation: np.ndarray, objects: list[SceneObject], rng: np.random.Generator,
         depth_px: float = 0.0,
         ) -> tuple[np.ndarray, list[tuple[str, tuple[float, float, float, float]]]]:
    """Line integrals [x, y] and boxes as if the objects were turned out of the image plane.

    Foreshortening by c (0.25..1: a handgun seen nearly end-on is a compact black blob on
    real scanners) along a random axis through the centre, with the path
    through the material longer by 1/sqrt(c) (between a flat plate's 1/c and a round
    object's 1). An object ``depth_px`` thick (along the beam) turned by the angle whose
    cosine is c shows its side too: its outline is swept by ``depth_px * sqrt(1 - c^2)``
    along the same axis, with the partial path lengths of a prism at the swept edges (a box
    average: the inside keeps its value). Returns the warped map and (label, box) in the
    same [x, y] frame.
    """
    c = float(rng.uniform(0.25, 1.0)) if rng.random() < 0.7 else 1.0
    theta = float(rng.uniform(0, math.pi))
    rot = np.array([[math.cos(theta), -math.sin(theta)], [math.sin(theta), math.cos(theta)]])
    lin = rot @ np.diag([1.0, c]) @ rot.T
    rows, cols = attenuation.shape
    centre = np.array([cols / 2, rows / 2])
    matrix = np.hstack([lin, (centre - lin @ centre)[:, None]]).astype(np.float32)
    # cv2 works in (col, row) = (y, x) of the [x, y] array; the transform is symmetric in use.
    warped = cv2.warpAffine(attenuation.astype(np.float32), matrix, (cols, rows),
                            flags=cv2.INTER_LINEAR, borderValue=0.0)
    warped = (warped / math.sqrt(c)).astype(np.float32)
    sweep = depth_px * math.sqrt(max(0.0, 1.0 - c * c))
    # The squeezed axis in cv2's (col, row) frame.
    axis = (-math.sin(theta), math.cos(theta))
    if sweep >= 1.5:
        size = int(math.ceil(sweep)) | 1
        kernel = np.zeros((size, size), np.float32)
        mid = size / 2 - 0.5
        half = sweep / 2
        end_a = (round((mid - axis[0] * half) * 16), round((mid - axis[1] * half) * 16))
        end_b = (round((mid + axis[0] * half) * 16), round((mid + axis[1] * half) * 16))
        cv2.line(kernel, end_a, end_b, 1.0, 1, cv2.LINE_AA, 4)
        kernel /= max(float(kernel.sum()), 1e-6)
        warped = cv2.filter2D(warped, -1, kernel, borderType=cv2.BORDER_CONSTANT)
    grow_y, grow_x = abs(axis[0]) * sweep / 2, abs(axis[1]) * sweep / 2
    boxes: list[tuple[str, tuple[float, float, float, float]]] = []
    for obj in objects:
        x, y, w, h = obj.box
        corners = np.array([[y, x], [y + h, x], [y, x + w], [y + h, x + w]], float)
        moved = corners @ lin.T + (centre - lin @ centre)
        y0, x0 = moved.min(axis=0) - (grow_y, grow_x)
        y1, x1 = moved.max(axis=0) + (grow_y, grow_x)
        x0, y0 = max(0.0, x0), max(0.0, y0)
        x1, y1 = min(float(rows), x1), min(float(cols), y1)
        if x1 - x0 >= 2 and y1 - y0 >= 2:
            boxes.append((obj.label, (x0, y0, x1 - x0, y1 - y0)))
    return warped, boxes
