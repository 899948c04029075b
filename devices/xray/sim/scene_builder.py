"""Scene assembly: material layers and ground-truth objects, clipped to the image."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from devices.xray.materials import material as _material
from devices.xray.sim.scene_shapes import Local, Points


@dataclass(frozen=True)
class SceneObject:
    """Ground truth for one inserted object.

    ``box`` = (x, y, w, h) in image pixels: x = first scan line, y = first detector pixel,
    w = lines, h = pixels. ``material`` is the key of its main material.
    """

    label: str
    material: str
    box: tuple[int, int, int, int]
    threat: bool


@dataclass(eq=False)
class Layer:
    """One material's projected thickness (cm) over a box; ``thickness`` is [x, y] float16.

    A thickness array with a single row is uniform along x over the layer's ``w`` lines
    (belts, chassis rails): it is stored once and broadcast.
    """

    material: str
    x: int
    y: int
    w: int
    h: int
    thickness: np.ndarray


@dataclass
class SceneBuilder:
    lines: int
    pixels: int
    pixel_cm: float
    rng: np.random.Generator
    layers: list[Layer] = field(default_factory=list)
    objects: list[SceneObject] = field(default_factory=list)
    object_layers: list[list[int]] = field(default_factory=list)
    _pending: list[int] = field(default_factory=list)

    @property
    def px_per_cm(self) -> float:
        return 1.0 / self.pixel_cm

    def px(self, cm: float) -> float:
        return cm / self.pixel_cm

    def add(self, material_key: str, t_display: np.ndarray, x0: int, y0: int) -> int | None:
        """Add a thickness map drawn in display order (rows = y) with top-left (x0, y0).

        Returns the layer index, or None when nothing of it falls inside the image.
        """
        _material(material_key)  # fail early on a typo, naming the known materials
        h, w = t_display.shape
        cx0, cy0 = max(x0, 0), max(y0, 0)
        cx1, cy1 = min(x0 + w, self.lines), min(y0 + h, self.pixels)
        if cx0 >= cx1 or cy0 >= cy1:
            return None
        part = t_display[cy0 - y0:cy1 - y0, cx0 - x0:cx1 - x0]
        nz_rows = np.flatnonzero(part.any(axis=1))
        nz_cols = np.flatnonzero(part.any(axis=0))
        if nz_rows.size == 0:
            return None
        # Trim empty margins so the renderer touches only what matters.
        r0, r1, c0, c1 = nz_rows[0], nz_rows[-1] + 1, nz_cols[0], nz_cols[-1] + 1
        part = part[r0:r1, c0:c1]
        layer = Layer(material_key, cx0 + int(c0), cy0 + int(r0), int(c1 - c0), int(r1 - r0),
                      np.ascontiguousarray(part.T).astype(np.float16))
        self.layers.append(layer)
        self._pending.append(len(self.layers) - 1)
        return len(self.layers) - 1

    def add_local(self, material_key: str, local: Local, fine: np.ndarray) -> int | None:
        """Add a supersampled map drawn on ``local``."""
        return self.add(material_key, local.down(fine), local.x0, local.y0)

    def add_band(self, material_key: str, x0: int, x1: int, profile_cm: np.ndarray, y0: int) -> int | None:
        """A layer uniform along x (lines x0..x1) with thickness ``profile_cm`` over pixels y0.."""
        x0c, x1c = max(x0, 0), min(x1, self.lines)
        prof = np.asarray(profile_cm, np.float32)
        y1 = y0 + prof.size
        y0c, y1c = max(y0, 0), min(y1, self.pixels)
        if x0c >= x1c or y0c >= y1c:
            return None
        prof = prof[y0c - y0:y1c - y0]
        layer = Layer(material_key, x0c, y0c, x1c - x0c, y1c - y0c,
                      prof.reshape(1, -1).astype(np.float16))
        self.layers.append(layer)
        self._pending.append(len(self.layers) - 1)
        return len(self.layers) - 1

    def discard_pending(self) -> None:
        """Layers added since the last object are structure, not an object of their own."""
        self._pending.clear()

    def finish_object(self, label: str, material_key: str, threat: bool) -> SceneObject | None:
        """Close the object made of the layers added since the previous one."""
        indices, self._pending = self._pending, []
        if not indices:
            return None
        x0 = min(self.layers[i].x for i in indices)
        y0 = min(self.layers[i].y for i in indices)
        x1 = max(self.layers[i].x + self.layers[i].w for i in indices)
        y1 = max(self.layers[i].y + self.layers[i].h for i in indices)
        obj = SceneObject(label, material_key, (x0, y0, x1 - x0, y1 - y0), threat)
        self.objects.append(obj)
        self.object_layers.append(indices)
        return obj

    def local(self, shapes: list[Points], ss: int = 2) -> Local:
        return Local(shapes, ss=ss)
