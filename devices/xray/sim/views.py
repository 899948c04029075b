"""Views as real scanners' exports show them: close-up crops, zoomed parcels, clutter.

Real x-ray images people share, and what an officer zooms into, are crops: one object
filling much of the frame, cut tight around it, or a dense region of a bag. Each function
here renders one such view from a seed, through a random real scanner's effects
(:mod:`devices.xray.sim.realism`), letterboxed into a model's input as
``workstation.inference.preprocess.view_pixels`` places an image: content at the top-left,
air (1.0) around it. Used to train and to measure the parcel detector on simulated crops
(``models/training/parcel_detector.py``, the test suite), never at run time.

Every function returns grey 0..1 in display orientation (rows = detector pixels) and
``(label, (x, y, w, h))`` boxes in canvas pixels.
"""

from __future__ import annotations

import math
from typing import Any

import cv2
import numpy as np

from devices.xray.sim.physics import attenuation
from devices.xray.sim.realism import scanner_effects, single_energy
from devices.xray.sim.scene_builder import SceneBuilder
from devices.xray.sim.scene_items import FLAT_KINDS, HARD_NEGATIVES, build_items, tilt
from devices.xray.sim.scenes import Scene, make_scene

TIGHT_CROP_SHARE = 0.6  # close-ups cut tight around the object, as real crops are
SOFT_SHARE = 0.3  # clutter views with large out-of-focus objects (decision 1203)
ROUND_FIELD_SHARE = 0.08  # close-ups seen through an image intensifier's round field (1203)
CLUTTER_ROUND_FIELD_SHARE = 0.24  # clutter views so seen: as many views as close-ups


def render_item_view(seed: int, input_size: tuple[int, int]) -> tuple[np.ndarray, list[Any]]:
    """A close-up crop as a real scanner's export shows it, letterboxed as the runner does.

    One item scene (:mod:`devices.xray.sim.scene_items`) at a random aspect ratio, turned
    out of plane (``tilt``), seen by a single- or dual-energy scanner with its blur,
    scatter, beam hardening, noise and JPEG export (:mod:`devices.xray.sim.realism`), then
    placed at the top-left of an input-sized canvas padded with air, exactly as
    ``workstation.inference.preprocess.view_pixels`` places a real crop. Returns the
    canvas (display orientation) and (label, (x, y, w, h)) boxes in canvas pixels.
    """
    rng = np.random.default_rng([seed, 4242])
    in_h, in_w = input_size
    # Most real crops are cut tight around the object (decision 1201, third look): those
    # are rendered 1.6 x larger, cut to the main object's box plus a margin and scaled to
    # fit the input, so the object fills it as a real crop does, at any aspect ratio.
    tight = rng.random() < TIGHT_CROP_SHARE
    grow = 1.6 if tight else 1.0
    in_h, in_w = round(in_h * grow), round(in_w * grow)
    aspect = float(np.exp(rng.uniform(np.log(0.6), np.log(2.8))))  # width / height
    h, w = (in_h, min(in_w, round(in_h * aspect))) if aspect <= in_w / in_h \
        else (max(16, round(in_w / aspect)), in_w)
    builder = SceneBuilder(w, h, 0.07, rng)  # lines = displayed columns, pixels = rows
    kind = build_items(builder)
    scene = Scene(kind="items", lines=w, pixels=h, objects=builder.objects, energy_pair="kev",
                  pixel_cm=builder.pixel_cm, seed=seed, layers=builder.layers,
                  object_layers=builder.object_layers)
    a_low, a_high = attenuation(scene)
    # Tube voltage and filtration differ between scanners: the same steel is near black on
    # one and mid grey on another (log-uniform factor 0.7..3 on every line integral).
    energy = float(np.exp(rng.uniform(np.log(0.7), np.log(3.0))))
    # Threats and everyday things are 1-5 cm thick along the beam: turned out of plane,
    # their side shows (a revolver seen along its barrel is a compact black blob). Flat
    # things (a blade, a star, keys) are 0.2-4 mm thick: they stay crisp (decision 1204).
    depth_cm = rng.uniform(0.02, 0.4) if kind in FLAT_KINDS else rng.uniform(1.0, 5.0)
    depth_px = float(depth_cm) / builder.pixel_cm
    warped, boxes = tilt(single_energy(a_low, a_high, rng) * energy, scene.objects, rng, depth_px)
    grey = scanner_effects(warped, rng).T  # display orientation: rows = detector pixels
    if rng.random() < ROUND_FIELD_SHARE:  # threats too, so a round field is no sign of "none"
        grey = round_field(grey, rng)
    if tight and boxes:
        return tight_crop(grey, boxes, boxes[-1][1], rng, input_size)
    canvas = np.ones(input_size, np.float32)
    canvas[:h, :w] = grey
    return canvas, boxes


def tight_crop(grey: np.ndarray, boxes: list[Any], around: tuple[float, float, float, float],
               rng: np.random.Generator, input_size: tuple[int, int]) -> tuple[np.ndarray, list[Any]]:
    """``grey`` cut to the box ``around`` plus a random margin (2-30 % of its size on each
    side), scaled to fit ``input_size`` and letterboxed top-left on air, as the runner
    places a real crop. Boxes less than half inside the cut are dropped; the rest are cut
    and scaled with the image. Returns the canvas and (label, (x, y, w, h)) boxes."""
    rows, cols = grey.shape
    x, y, bw, bh = around
    x0 = max(0, int(x - bw * rng.uniform(0.02, 0.3)))
    y0 = max(0, int(y - bh * rng.uniform(0.02, 0.3)))
    x1 = min(cols, int(math.ceil(x + bw * (1 + rng.uniform(0.02, 0.3)))))
    y1 = min(rows, int(math.ceil(y + bh * (1 + rng.uniform(0.02, 0.3)))))
    x1, y1 = max(x1, x0 + 4), max(y1, y0 + 4)
    in_h, in_w = input_size
    scale = min(in_h / (y1 - y0), in_w / (x1 - x0))
    out_w, out_h = max(1, round((x1 - x0) * scale)), max(1, round((y1 - y0) * scale))
    resized = cv2.resize(np.ascontiguousarray(grey[y0:y1, x0:x1], dtype=np.float32), (out_w, out_h),
                         interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
    canvas = np.ones(input_size, np.float32)
    canvas[:out_h, :out_w] = resized[:in_h, :in_w]
    kept = []
    for label, (bx, by, w, h) in boxes:
        cx0, cy0 = max(bx, x0), max(by, y0)
        cx1, cy1 = min(bx + w, x1), min(by + h, y1)
        if cx1 <= cx0 or cy1 <= cy0 or (cx1 - cx0) * (cy1 - cy0) < 0.5 * w * h:
            continue
        kept.append((label, ((cx0 - x0) * scale, (cy0 - y0) * scale,
                             (cx1 - cx0) * scale, (cy1 - cy0) * scale)))
    return canvas, kept


def render_parcel_view(seed: int, input_size: tuple[int, int]) -> tuple[np.ndarray, list[Any]]:
    """A parcel scan (the whole bag, or a zoomed part of it: the officer's crop) through a
    random real scanner's effects; boxes of objects cut by the crop are kept when at least
    half of them is inside. Same return as :func:`render_item_view`."""
    rng = np.random.default_rng([seed, 4243])
    in_h, in_w = input_size
    zoom = 1.0 if rng.random() < 0.5 else float(rng.uniform(1.3, 2.6))
    lines, pixels = round(in_w * zoom), round(in_h * zoom)
    scene = make_scene("parcel", seed, size=(lines, pixels))
    a_low, a_high = attenuation(scene)
    a = single_energy(a_low, a_high, rng)
    x0 = int(rng.integers(0, lines - in_w + 1))
    y0 = int(rng.integers(0, pixels - in_h + 1))
    grey = scanner_effects(a[x0:x0 + in_w, y0:y0 + in_h], rng).T
    boxes = []
    for obj in scene.objects:
        x, y, w, h = obj.box
        cx0, cy0 = max(x, x0), max(y, y0)
        cx1, cy1 = min(x + w, x0 + in_w), min(y + h, y0 + in_h)
        if cx1 <= cx0 or cy1 <= cy0 or (cx1 - cx0) * (cy1 - cy0) < 0.5 * w * h:
            continue
        boxes.append((obj.label, (cx0 - x0, cy0 - y0, cx1 - cx0, cy1 - cy0)))
    return np.ascontiguousarray(grey, dtype=np.float32), boxes


def _smooth_field(rng: np.random.Generator, shape: tuple[int, int], cells: int) -> np.ndarray:
    """A smooth random field 0..1 over ``shape``, varying over about ``cells`` cells across."""
    rows, cols = shape
    coarse = rng.standard_normal((max(2, cells * rows // max(rows, cols)),
                                  max(2, cells * cols // max(rows, cols)))).astype(np.float32)
    field = cv2.resize(coarse, (cols, rows), interpolation=cv2.INTER_CUBIC)
    return (field - field.min()) / max(float(np.ptp(field)), 1e-6)


def render_clutter_view(seed: int, input_size: tuple[int, int]) -> tuple[np.ndarray, list[Any]]:
    """A hard negative with no threat in it: a dense or dark region of a real bag.

    The real crops a naive detector alarms on (decision 1201) are dark, textured bag regions,
    tangles of cables and tools, large smooth blobs (shoes, bottles, toiletries seen
    edge-on) and ring textures (rolls of tape, wound cables). Several hard negatives of the
    item scenes (keys, pliers, springs, coins, staplers, chargers, cables, bottles) at a
    close-up pitch, over a smooth organic background 0.2..5 attenuation lengths deep,
    sometimes with concentric rings, then the same tilt, energy and scanner effects as
    :func:`render_item_view`. Returns the letterboxed canvas and no boxes.
    """
    rng = np.random.default_rng([seed, 4244])
    in_h, in_w = input_size
    aspect = float(np.exp(rng.uniform(np.log(0.6), np.log(3.2))))  # width / height
    h, w = (in_h, min(in_w, round(in_h * aspect))) if aspect <= in_w / in_h \
        else (max(16, round(in_w / aspect)), in_w)
    builder = SceneBuilder(w, h, 0.07, rng)
    builder.pixel_cm = float(rng.uniform(10.0, 35.0)) / min(w, h)  # 10-35 cm across the view
    names = sorted(HARD_NEGATIVES)
    for _ in range(int(rng.integers(0, 7))):
        maker = HARD_NEGATIVES[names[int(rng.integers(len(names)))]][0]
        maker(builder, (rng.uniform(0, w), rng.uniform(0, h)), rng.uniform(0, 360))
    scene = Scene(kind="items", lines=w, pixels=h, objects=builder.objects, energy_pair="kev",
                  pixel_cm=builder.pixel_cm, seed=seed, layers=builder.layers,
                  object_layers=builder.object_layers)
    a_low, a_high = attenuation(scene)
    energy = float(np.exp(rng.uniform(np.log(0.7), np.log(3.0))))
    a = single_energy(a_low, a_high, rng) * energy
    warped, _ = tilt(a, scene.objects, rng)  # the objects turn; the bag around them does not
    # Clothes and bag walls fill the whole crop: light on some real crops, near black on others.
    depth = float(np.exp(rng.uniform(np.log(0.2), np.log(5.0))))
    background = depth * (0.3 + 0.7 * _smooth_field(rng, a.shape, int(rng.integers(2, 9))))
    if rng.random() < 0.25:  # a roll of tape or a wound cable seen end-on
        yy, xx = np.mgrid[0:a.shape[0], 0:a.shape[1]].astype(np.float32)
        r = np.hypot(yy - rng.uniform(0, a.shape[0]), xx - rng.uniform(0, a.shape[1]))
        period = float(rng.uniform(3.0, 12.0))
        background += float(rng.uniform(0.3, 1.5)) * (0.5 + 0.5 * np.sin(2 * np.pi * r / period)) \
            * (r < rng.uniform(0.3, 1.0) * max(a.shape))
    if rng.random() < SOFT_SHARE:
        background += _soft_shapes(rng, a.shape)
    grey = scanner_effects(warped + background.astype(np.float32), rng).T
    if rng.random() < CLUTTER_ROUND_FIELD_SHARE:
        grey = round_field(grey, rng)
    canvas = np.ones(input_size, np.float32)
    canvas[:h, :w] = grey
    return canvas, []


def _soft_shapes(rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    """Line integrals of large objects out of focus: slabs across the whole view (a case's
    walls, a book) and smooth blobs (a shoe, a toiletry bag), blurred by 2-8 % of the view
    as on a scanner whose focal spot or intensifier blurs what is far from the detector."""
    rows, cols = shape
    field = np.zeros(shape, np.float32)
    along_rows = rng.random() < 0.5
    for _ in range(int(rng.integers(0, 3))):  # slabs with straight, parallel edges
        size = rows if along_rows else cols
        lo = int(rng.uniform(0, size * 0.8))
        hi = min(size, lo + int(rng.uniform(0.15, 0.5) * size))
        if along_rows:
            field[lo:hi, :] += rng.uniform(0.4, 1.5)
        else:
            field[:, lo:hi] += rng.uniform(0.4, 1.5)
    for _ in range(int(rng.integers(1, 4))):  # smooth blobs
        centre = (int(rng.uniform(0, cols)), int(rng.uniform(0, rows)))
        axes = (int(rng.uniform(0.1, 0.45) * cols), int(rng.uniform(0.1, 0.45) * rows))
        blob = np.zeros(shape, np.float32)
        cv2.ellipse(blob, centre, axes, float(rng.uniform(0, 180)), 0, 360, 1.0, -1)
        field += blob * float(rng.uniform(0.3, 1.5))
    sigma = float(rng.uniform(0.02, 0.08)) * max(rows, cols)
    return cv2.GaussianBlur(field, (0, 0), sigma)


def round_field(grey: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """``grey`` as an image intensifier shows it (fluoroscopes, older and portable
    scanners): a round field 0.9-1.3 x the view's larger side across, darker towards its
    rim (vignetting up to 35 %), near black outside it."""
    rows, cols = grey.shape
    yy, xx = np.mgrid[0:rows, 0:cols].astype(np.float32)
    radius = float(rng.uniform(0.45, 0.65)) * max(rows, cols)
    r = np.hypot(yy - rows / 2 + rng.uniform(-0.05, 0.05) * rows,
                 xx - cols / 2 + rng.uniform(-0.05, 0.05) * cols) / radius
    shaded = grey * (1.0 - float(rng.uniform(0.0, 0.35)) * np.clip(r, 0, 1) ** 2)
    outside = float(rng.uniform(0.03, 0.2))
    edge = np.clip((r - 1.0) * radius / 2.0, 0.0, 1.0)  # a rim about 2 pixels wide
    return (shaded * (1 - edge) + outside * edge).astype(np.float32)


def crop_class(boxes: list[Any], labels: tuple[str, ...] | list[str]) -> str:
    """The class folder a close-up belongs in, as ``models evaluate`` reads a labelled
    folder: its threat label (the first in ``labels`` order when it holds several), or
    ``other`` when it holds none of ``labels`` (a hard negative or clutter)."""
    found = sorted({labels.index(label) for label, _box in boxes if label in labels})
    return labels[found[0]] if found else "other"


def write_grey_png(path: Any, image: np.ndarray) -> None:
    """Grey 0..1 as a 16-bit PNG (1 = air = 65535), the way a scanner's raw export looks."""
    pixels = np.clip(image.astype(np.float32) * 65535 + 0.5, 0, 65535).astype(np.uint16)
    if not cv2.imwrite(str(path), pixels):
        raise OSError(f"{path}: could not write the PNG")
