"""Shared parts of the training recipes: simulator rendering, calibration, export, manifests.

Recipes import torch (the optional ``training`` extra); the application never does.
Everything is seeded: the same command gives the same data and, on the same torch build
and thread count, the same weights.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from devices.xray.sim.physics import DetectorModel, render_lines  # noqa: E402
from devices.xray.sim.scenes import make_scene  # noqa: E402
from workstation.inference.manifest import ModelManifest, dump_manifest  # noqa: E402
from workstation.inference.signing import (  # noqa: E402
    dev_private_key_path,
    load_private_key,
    sign_manifest_file,
)

MODELS = REPO / "models"
CACHE = Path("/tmp") / "workstation-training-cache"


def transmission(raw: np.ndarray, detector: DetectorModel, high: bool) -> np.ndarray:
    """Raw ADU [x, y] -> transmission 0..1 with the detector's known offset and gain.

    This is the ideal dark/flat calibration; dead and hot pixels are replaced by their
    nearest good neighbour, as the lane's calibration correction does.
    """
    offset = detector.offset_high if high else detector.offset_low
    gain = detector.gain_high if high else detector.gain_low
    i0 = detector.i0_high if high else detector.i0_low
    t = (raw.astype(np.float32) - offset) / (gain * i0)
    bad = detector.dead | detector.hot
    if bad.any():
        good = np.flatnonzero(~bad)
        for px in np.flatnonzero(bad):
            t[:, px] = t[:, good[np.argmin(np.abs(good - px))]]
    return np.clip(t, 0.0, 1.0)


def render_grey(kind: str, seed: int, size: tuple[int, int]) -> tuple[np.ndarray, list[Any]]:
    """One simulated scan as the models see it: grey (pixels, lines) 0..1, plus ground truth.

    Grey = geometric mean of the two energies' transmissions (the single-energy image);
    the array is transposed to the display orientation (lines run left to right), in which
    a SceneObject box (x = line, y = pixel, w, h) is directly (x, y, w, h).
    """
    scene = make_scene(kind, seed, size=size)
    detector = DetectorModel.default(scene.pixels, seed=seed % 97, energy_pair=scene.energy_pair)
    low, high = render_lines(scene, detector, seed=seed)
    grey = np.sqrt(transmission(low, detector, False) * transmission(high, detector, True))
    return np.ascontiguousarray(grey.T.astype(np.float32)), scene.objects


def render_app(kind: str, seed: int, size: tuple[int, int]) -> tuple[np.ndarray, list[Any]]:
    """One simulated scan through the application's own path, plus ground truth.

    The same as ``workstation scan simulate``: dark/flat calibration from 64 measured lines,
    the lane's correction, 16-bit storage, then ``grey_from_scan`` as the inference worker
    does. Held-out figures are measured on these, so they describe what the app sees.
    """
    from workstation.inference.intake import grey_from_scan
    from workstation.scans.simulate import simulate_scan

    scan, scene = simulate_scan(kind, seed, size=size)
    return grey_from_scan(scan), scene.objects


def cached(name: str, build: Callable[[], dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Build a data set once and keep it in /tmp (never in the repository)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{name}.npz"
    if path.exists():
        with np.load(path, allow_pickle=False) as data:
            return {k: data[k] for k in data.files}
    started = time.perf_counter()
    arrays = build()
    np.savez_compressed(path, **arrays)
    print(f"rendered {name} in {time.perf_counter() - started:.0f} s", flush=True)
    return arrays


def hardware(threads: int) -> str:
    """What the run used, for the model card: CPU model, cores seen, torch threads."""
    import os
    import platform

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores seen (shared), {threads} torch threads, CPU only"


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_manifest(manifest_fields: dict[str, Any], onnx_path: Path) -> Path:
    """Validate and write ``<name>.manifest.json`` next to the ONNX file with its hash."""
    fields = dict(manifest_fields)
    fields["file"] = onnx_path.name
    fields["sha256"] = sha256_file(onnx_path)
    manifest = ModelManifest.model_validate(fields)
    path = onnx_path.with_name(f"{manifest.name}.manifest.json")
    path.write_text(dump_manifest(manifest), encoding="utf-8")
    # Signed with the project's development key so a retrained model loads in development;
    # a post re-signs with its own key after review (models/keys/README.md).
    sign_manifest_file(path, load_private_key(dev_private_key_path()))
    return path


def read_report(name: str) -> dict[str, Any]:
    """The last run's report (figures and timings), or {} when there is none."""
    path = MODELS / "training" / f"{name}.report.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def write_report(name: str, report: dict[str, Any], folder: Path | None = None) -> Path:
    """The run's figures and timings: ``models/training/<name>.report.json``, or in ``folder``
    for a trial run that does not replace the shipped model."""
    path = (folder or MODELS / "training") / f"{name}.report.json"
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return path


def render_item_view(seed: int, input_size: tuple[int, int]) -> tuple[np.ndarray, list[Any]]:
    """A close-up crop as a real scanner's export shows it, letterboxed as the runner does.

    One item scene (:mod:`devices.xray.sim.scene_items`) at a random aspect ratio, turned
    out of plane (``tilt``), seen by a single- or dual-energy scanner with its blur,
    scatter, beam hardening, noise and JPEG export (:mod:`devices.xray.sim.realism`), then
    placed at the top-left of an input-sized canvas padded with air, exactly as
    ``workstation.inference.preprocess.view_pixels`` places a real crop. Returns the
    canvas (display orientation) and (label, (x, y, w, h)) boxes in canvas pixels.
    """
    from devices.xray.sim.physics import attenuation
    from devices.xray.sim.realism import scanner_effects, single_energy
    from devices.xray.sim.scene_builder import SceneBuilder
    from devices.xray.sim.scene_items import build_items, tilt
    from devices.xray.sim.scenes import Scene

    rng = np.random.default_rng([seed, 4242])
    in_h, in_w = input_size
    aspect = float(np.exp(rng.uniform(np.log(0.6), np.log(2.8))))  # width / height
    h, w = (in_h, min(in_w, round(in_h * aspect))) if aspect <= in_w / in_h \
        else (max(16, round(in_w / aspect)), in_w)
    builder = SceneBuilder(w, h, 0.07, rng)  # lines = displayed columns, pixels = rows
    build_items(builder)
    scene = Scene(kind="items", lines=w, pixels=h, objects=builder.objects, energy_pair="kev",
                  pixel_cm=builder.pixel_cm, seed=seed, layers=builder.layers,
                  object_layers=builder.object_layers)
    a_low, a_high = attenuation(scene)
    # Tube voltage and filtration differ between scanners: the same steel is near black on
    # one and mid grey on another (log-uniform factor 0.7..3 on every line integral).
    energy = float(np.exp(rng.uniform(np.log(0.7), np.log(3.0))))
    warped, boxes = tilt(single_energy(a_low, a_high, rng) * energy, scene.objects, rng)
    grey = scanner_effects(warped, rng).T  # display orientation: rows = detector pixels
    canvas = np.ones(input_size, np.float32)
    canvas[:h, :w] = grey
    return canvas, boxes


def render_parcel_view(seed: int, input_size: tuple[int, int]) -> tuple[np.ndarray, list[Any]]:
    """A parcel scan (the whole bag, or a zoomed part of it: the officer's crop) through a
    random real scanner's effects; boxes of objects cut by the crop are kept when at least
    half of them is inside. Same return as :func:`render_item_view`."""
    from devices.xray.sim.physics import attenuation
    from devices.xray.sim.realism import scanner_effects, single_energy

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
    import cv2

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
    from devices.xray.sim.physics import attenuation
    from devices.xray.sim.realism import scanner_effects, single_energy
    from devices.xray.sim.scene_builder import SceneBuilder
    from devices.xray.sim.scene_items import HARD_NEGATIVES, tilt
    from devices.xray.sim.scenes import Scene

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
    grey = scanner_effects(warped + background.astype(np.float32), rng).T
    canvas = np.ones(input_size, np.float32)
    canvas[:h, :w] = grey
    return canvas, []
