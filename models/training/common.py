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


def read_report(name: str, folder: Path | None = None) -> dict[str, Any]:
    """The last run's report (figures and timings), or {} when there is none; ``folder``:
    a trial run's (see :func:`write_report`)."""
    path = (folder or MODELS / "training") / f"{name}.report.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def write_report(name: str, report: dict[str, Any], folder: Path | None = None) -> Path:
    """The run's figures and timings: ``models/training/<name>.report.json``, or in ``folder``
    for a trial run that does not replace the shipped model."""
    path = (folder or MODELS / "training") / f"{name}.report.json"
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return path
