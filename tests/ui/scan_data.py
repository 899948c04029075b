"""A small dual-energy cargo image for the scan viewer's widget tests (no device needed).

Container walls, a mixed organic load and a dense steel block behind it, as transmission
(Beer–Lambert with a low/high attenuation ratio per material), so the material views have
something to show. The full officer flow uses the x-ray simulator instead
(tests/ui/test_officer_flow.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FULL = 65535
# Attenuation per unit thickness at (low, high) energy: organic ratio ~1.15, steel ~1.8.
_MATERIALS = {"organic": (0.018, 0.0155), "aluminium": (0.05, 0.035), "steel": (0.25, 0.14)}


@dataclass(frozen=True)
class CargoScene:
    """Where the objects are, in scan pixels (x = line, y = detector pixel)."""

    rows: int
    columns: int
    hidden_block: tuple[int, int, int, int]
    organic_load: tuple[int, int, int, int]


def cargo_scene(rows: int, columns: int) -> CargoScene:
    return CargoScene(
        rows, columns,
        hidden_block=(int(rows * 0.62), int(columns * 0.55), int(rows * 0.08), int(columns * 0.2)),
        organic_load=(int(rows * 0.25), int(columns * 0.3), int(rows * 0.55), int(columns * 0.5)),
    )


def render_lines(scene: CargoScene, first: int, count: int, seed: int = 7) -> np.ndarray:
    """Dual-energy counts (count x columns x 2, uint16) for lines ``first``..."""
    x = np.arange(first, first + count)[:, None]
    y = np.arange(scene.columns)[None, :]
    thickness: dict[str, np.ndarray] = {k: np.zeros((count, scene.columns), np.float32)
                                        for k in _MATERIALS}
    # Container walls (steel sheet) over the cargo part of the truck.
    inside = (x > scene.rows * 0.2) & (x < scene.rows * 0.95)
    walls = inside & ((y < scene.columns * 0.22) | (y > scene.columns * 0.88))
    thickness["steel"] += np.where(inside, 0.6, 0.0) + np.where(walls, 2.0, 0.0)
    # Chassis and wheels under the container.
    chassis = (y > scene.columns * 0.88) & (y < scene.columns * 0.93)
    thickness["steel"] += np.where(chassis, 6.0, 0.0)
    lx, ly, lw, lh = scene.organic_load
    load = (x >= lx) & (x < lx + lw) & (y >= ly) & (y < ly + lh)
    pallets = ((x - lx) % 120 < 100) & load
    thickness["organic"] += np.where(pallets, 40.0, 0.0)
    bx, by, bw, bh = scene.hidden_block
    block = (x >= bx) & (x < bx + bw) & (y >= by) & (y < by + bh)
    thickness["steel"] += np.where(block, 12.0, 0.0)
    out = np.empty((count, scene.columns, 2), np.uint16)
    rng = np.random.default_rng(seed + first)
    for e in (0, 1):
        mu = sum(_MATERIALS[k][e] * t for k, t in thickness.items())
        expected = FULL * np.exp(-mu)
        noisy = expected + rng.normal(0, 1, expected.shape) * np.sqrt(expected + 50) * 4
        out[..., e] = np.clip(noisy, 0, FULL).astype(np.uint16)
    return out
