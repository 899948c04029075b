"""Simulated close-ups beside real x-ray crops, at the model's input scale, in one PNG.

    .venv/bin/python models/training/side_by_side.py REAL_FOLDER OUT.png [--per-row 6] [--seed 0]

REAL_FOLDER holds one sub-folder per class (``handgun/``, ``shuriken/``, ``razor-blade/``,
``other/`` ...), as ``workstation models evaluate`` reads it. Each real image is read by the
application's reader and letterboxed into the parcel detector's 192 x 288 input exactly as the
runner does; each simulated one is what the recipe trains on (``devices.xray.sim.views.render_item_view`` for
threats, ``render_clutter_view`` for ``other``). Rows alternate real / simulated per
class, so a reader compares like with like at the same scale (issue 15, acceptance 4).

The real images are only read and drawn into the PNG, which is for looking at: it is not
kept in the repository, and nothing here trains on them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import common  # noqa: F401  (puts the repository on sys.path, as every recipe does)
import cv2
import numpy as np

from devices.xray.sim import views
from workstation.inference.intake import read_grey
from workstation.inference.manifest import InputSpec
from workstation.inference.preprocess import plan_views, view_pixels

INPUT = (192, 288)
# real class folder -> the simulated labels drawn beside it
SIMULATED_FOR = {"handgun": ("handgun",), "shuriken": ("blade",), "razor-blade": ("blade",),
                 "knife": ("knife",), "battery": ("battery",)}


def letterboxed(grey: np.ndarray) -> np.ndarray:
    spec = InputSpec(name="images", size=INPUT, resize="letterbox", pad_value=1.0)
    return view_pixels(grey, plan_views(grey.shape, spec, None)[0], spec)


def simulated(labels: tuple[str, ...], count: int, seed: int) -> list[np.ndarray]:
    found: list[np.ndarray] = []
    s = seed
    while len(found) < count and s < seed + 5000:
        if not labels:
            found.append(views.render_clutter_view(s, INPUT)[0])
        else:
            grey, boxes = views.render_item_view(s, INPUT)
            if boxes and boxes[-1][0] in labels:
                found.append(grey)
        s += 1
    return found


def row(images: list[np.ndarray], per_row: int) -> np.ndarray:
    tiles = [np.clip(img, 0, 1) for img in images[:per_row]]
    tiles += [np.zeros(INPUT, np.float32)] * (per_row - len(tiles))
    framed = [cv2.copyMakeBorder(t, 2, 2, 2, 2, cv2.BORDER_CONSTANT, value=0.5) for t in tiles]
    return np.hstack(framed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("real", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--per-row", type=int, default=6)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if not args.real.is_dir():
        sys.exit(f"side_by_side: {args.real} is not a folder of class folders")
    rng = np.random.default_rng(args.seed)
    rows = []
    for index, folder in enumerate(sorted(p for p in args.real.iterdir() if p.is_dir())):
        files = sorted(p for p in folder.iterdir() if p.is_file())
        picked = [files[i] for i in rng.permutation(len(files))[: args.per_row]]
        rows.append(row([letterboxed(read_grey(p)) for p in picked], args.per_row))
        rows.append(row(simulated(SIMULATED_FOR.get(folder.name, ()), args.per_row,
                                  2_000_000 + args.seed * 100_000 + index * 10_000), args.per_row))
        print(f"{folder.name}: real row, then simulated row", flush=True)
    cv2.imwrite(str(args.out), (np.vstack(rows) * 255).astype(np.uint8))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
