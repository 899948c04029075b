"""Scenes with ground truth: parcels and baggage, cargo vehicles, and an image-quality test piece.

A scene is a set of *layers* — one material with a projected thickness map (cm) over a
rectangle of the image — plus the ground truth list of :class:`SceneObject`. The physics
(:mod:`devices.xray.sim.physics`) sums ``mu * t`` over the layers that cross a block of lines, so a
2,000 x 6,400 cargo scene is never held as full-size per-material maps.

Coordinates: ``x`` is the scan line (direction of travel, 0 = first line), ``y`` the detector
pixel. Raw data and layer arrays are indexed ``[x, y]``; displayed images are the transpose
(lines run left to right). Every generator is deterministic for its seed.

Sizes follow real equipment: parcel/baggage 1,500 lines x 1,000 pixels at 0.7 mm; cargo
6,400 lines x 2,000 pixels at 2.8 mm (a 16.5 m articulated truck); test piece 1,000 x 800 at
0.7 mm. ``size=(lines, pixels)`` rescales a scene (tests use small ones).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from devices.xray.sim import scene_cargo as _cargo
from devices.xray.sim import scene_parcel as _parcel
from devices.xray.sim import scene_testpiece as _testpiece
from devices.xray.sim.catalogue import KINDS
from devices.xray.sim.scene_builder import Layer, SceneBuilder, SceneObject

__all__ = ["KINDS", "Layer", "Scene", "SceneObject", "make_scene"]


@dataclass
class Scene:
    """What is in the tunnel: ground-truth objects and the material layers that make the image.

    ``object_layers[i]`` lists the indices in ``layers`` that belong to ``objects[i]``.
    ``pixel_cm`` is the pixel pitch (cm) in both directions; ``energy_pair`` selects the
    attenuation coefficients ("kev" parcel scanner, "mev" cargo linac).
    """

    kind: str
    lines: int
    pixels: int
    objects: list[SceneObject]
    energy_pair: str = "kev"
    pixel_cm: float = 0.07
    seed: int = 0
    layers: list[Layer] = field(default_factory=list, repr=False)
    object_layers: list[list[int]] = field(default_factory=list, repr=False)

    def object_thickness(self, index: int) -> tuple[tuple[int, int, int, int], dict[str, np.ndarray]]:
        """Box of object ``index`` and its thickness (cm) per material over that box, [x, y]."""
        x, y, w, h = self.objects[index].box
        maps: dict[str, np.ndarray] = {}
        for li in self.object_layers[index]:
            layer = self.layers[li]
            t = maps.setdefault(layer.material, np.zeros((w, h), np.float32))
            lx0, ly0 = max(layer.x, x), max(layer.y, y)
            lx1, ly1 = min(layer.x + layer.w, x + w), min(layer.y + layer.h, y + h)
            if lx0 >= lx1 or ly0 >= ly1:
                continue
            src = layer.thickness
            part = src[lx0 - layer.x:lx1 - layer.x] if src.shape[0] > 1 else src
            t[lx0 - x:lx1 - x, ly0 - y:ly1 - y] += part[:, ly0 - layer.y:ly1 - layer.y]
        return (x, y, w, h), maps


def make_scene(kind: str, seed: int, *, size: tuple[int, int] | None = None) -> Scene:
    """Build the scene ``kind`` (see :data:`KINDS`) for ``seed``; ``size`` = (lines, pixels)."""
    if kind not in KINDS:
        raise ValueError(f"unknown scene kind {kind!r}; known: {', '.join(KINDS)}")
    (lines, pixels), pixel_cm, pair = KINDS[kind]
    if size is not None:
        new_lines, new_pixels = size
        if new_lines < 64 or new_pixels < 64:
            raise ValueError(f"scene size {size} too small: at least 64 lines x 64 pixels")
        # Keep the physical field of view: scale the pixel pitch with the detector size.
        pixel_cm = pixel_cm * max(lines / new_lines, pixels / new_pixels)
        lines, pixels = new_lines, new_pixels
    rng = np.random.default_rng([seed, sum(map(ord, kind))])
    builder = SceneBuilder(lines, pixels, pixel_cm, rng)
    if kind == "parcel":
        _parcel.build(builder)
    elif kind == "test-piece":
        _testpiece.build(builder)
    elif kind == "cargo-test-piece":
        _testpiece.build_cargo(builder)
    else:
        _cargo.build(builder, kind.removeprefix("cargo-"))
    return Scene(kind=kind, lines=lines, pixels=pixels, objects=builder.objects, energy_pair=pair,
                 pixel_cm=pixel_cm, seed=seed, layers=builder.layers,
                 object_layers=builder.object_layers)
