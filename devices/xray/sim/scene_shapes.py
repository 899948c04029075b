"""Drawing helpers for scenes: rotated outlines rasterised with partial-volume edges, and the
projected-thickness profiles of solid and hollow 3-D objects.

Orientation: drawing works in *display* coordinates — point (x, y) with x the scan line
(direction of travel) and y the detector pixel — and local canvases are (rows = y, cols = x).
:class:`devices.xray.sim.scenes.SceneBuilder` transposes them to the (line, pixel) order of the
raw data when a layer is stored.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import cv2
import numpy as np

Points = np.ndarray  # (N, 2) float: x, y


def rect(w: float, h: float) -> Points:
    """Axis-aligned rectangle centred on the origin."""
    return np.array([[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]], float)


def rounded_rect(w: float, h: float, r: float, n: int = 6) -> Points:
    """Rectangle with rounded corners of radius ``r`` (same units), centred on the origin."""
    r = min(r, w / 2, h / 2)
    pts: list[tuple[float, float]] = []
    for cx, cy, a0 in ((w / 2 - r, h / 2 - r, 0), (-w / 2 + r, h / 2 - r, 90),
                       (-w / 2 + r, -h / 2 + r, 180), (w / 2 - r, -h / 2 + r, 270)):
        for k in range(n + 1):
            a = math.radians(a0 + 90 * k / n)
            pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return np.array(pts, float)


def ellipse(rx: float, ry: float, n: int = 40) -> Points:
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    return np.stack([rx * np.cos(t), ry * np.sin(t)], axis=1)


def place(points: Points, *, scale: float, angle_deg: float, at: tuple[float, float]) -> Points:
    """Scale (cm -> px), rotate about the origin, then move to ``at`` (px)."""
    a = math.radians(angle_deg)
    rot = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    return points * scale @ rot.T + np.asarray(at, float)


class Local:
    """A small canvas around some shapes, drawn ``ss`` times finer and averaged back down.

    Averaging a finer drawing gives each edge pixel its covered fraction (partial volume),
    which is what a real detector pixel sees and what makes thin wires visible at all.
    """

    def __init__(self, shapes: Sequence[Points], ss: int = 2, pad: int = 2) -> None:
        allpts = np.vstack(shapes)
        self.x0 = int(math.floor(allpts[:, 0].min())) - pad
        self.y0 = int(math.floor(allpts[:, 1].min())) - pad
        self.w = int(math.ceil(allpts[:, 0].max())) + pad - self.x0 + 1
        self.h = int(math.ceil(allpts[:, 1].max())) + pad - self.y0 + 1
        self.ss = ss

    def _pts(self, points: Points) -> np.ndarray:
        # cv2 subpixel drawing: coordinates in 1/16 of a (supersampled) pixel.
        local = (points - (self.x0, self.y0)) * self.ss * 16
        return np.round(local).astype(np.int32).reshape(-1, 1, 2)

    def fill(self, shapes: Sequence[Points]) -> np.ndarray:
        """uint8 mask (255 inside) at supersampled resolution."""
        mask = np.zeros((self.h * self.ss, self.w * self.ss), np.uint8)
        cv2.fillPoly(mask, [self._pts(p) for p in shapes], 255, lineType=cv2.LINE_8, shift=4)
        return mask

    def stroke(self, lines: Sequence[Points], width_px: float, closed: bool = False) -> np.ndarray:
        mask = np.zeros((self.h * self.ss, self.w * self.ss), np.uint8)
        thickness = max(1, round(width_px * self.ss))
        cv2.polylines(mask, [self._pts(p) for p in lines], closed, 255, thickness,
                      lineType=cv2.LINE_8, shift=4)
        return mask

    def down(self, fine: np.ndarray) -> np.ndarray:
        """Average the supersampled map back to scene pixels (float32, rows = y)."""
        fine = fine.astype(np.float32, copy=False)
        if self.ss == 1:
            return fine
        return cv2.resize(fine, (self.w, self.h), interpolation=cv2.INTER_AREA)


def edge_distance(mask: np.ndarray) -> np.ndarray:
    """Distance (in canvas pixels) from each inside pixel to the nearest outside pixel."""
    padded = cv2.copyMakeBorder(mask, 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)
    dist = cv2.distanceTransform(padded, cv2.DIST_L2, 5)
    return dist[1:-1, 1:-1]


def solid(mask: np.ndarray, depth_cm: float, edge_cm: float, px_cm: float) -> np.ndarray:
    """Projected thickness (cm) of a solid with rounded edges of radius ``edge_cm``.

    Inside, the thickness is ``depth_cm``; within ``edge_cm`` of the outline it falls off like a
    quarter circle (sqrt(2u - u^2)), as a bevelled or rounded real object does.
    """
    d = edge_distance(mask) * px_cm
    u = np.clip(d / max(edge_cm, 1e-6), 0.0, 1.0)
    return (depth_cm * np.sqrt(u * (2.0 - u))).astype(np.float32) * (mask > 0)


def tube(mask: np.ndarray, radius_cm: float, wall_cm: float, px_cm: float
         ) -> tuple[np.ndarray, np.ndarray]:
    """(wall, contents) thickness in cm of a cylinder of ``radius_cm`` seen from the side.

    The distance to the outline stands in for the distance to the axis, so the same call
    serves bottles, cans, cells and pipes of any orientation.
    """
    d = edge_distance(mask) * px_cm
    x = np.clip(radius_cm - d, 0.0, radius_cm)  # distance from the axis
    outer = 2.0 * np.sqrt(np.maximum(radius_cm**2 - x**2, 0.0))
    r_in = max(radius_cm - wall_cm, 0.0)
    inner = 2.0 * np.sqrt(np.maximum(r_in**2 - x**2, 0.0))
    inside = mask > 0
    return ((outer - inner) * inside).astype(np.float32), (inner * inside).astype(np.float32)


def smooth_noise(rng: np.random.Generator, shape: tuple[int, int], cell_px: float) -> np.ndarray:
    """Smooth random field in [-1, 1] with features about ``cell_px`` pixels across."""
    h, w = shape
    gh, gw = max(2, int(h / cell_px) + 2), max(2, int(w / cell_px) + 2)
    grid = rng.uniform(-1.0, 1.0, (gh, gw)).astype(np.float32)
    return cv2.resize(grid, (w, h), interpolation=cv2.INTER_CUBIC).clip(-1.0, 1.0)
