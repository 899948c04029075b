"""``workstation bench analysis``: scan analysis with onnxruntime next to PyTorch eager.

Two simulated scans: a 1,500 x 1,000 parcel (letterboxed into the detector's input) and a
2,000 x 6,000 cargo scan (tiled). *Ours* is the full analysis (views, resizing,
normalisation, onnxruntime, decoding, merging); the *baseline* is the very same pipeline
with the same network run by PyTorch eager instead of onnxruntime (same views, same
decoding), so the ratio isolates the runtime. ``extra`` gives the share of our time spent
outside the model. Without torch (an optional extra) the baseline is skipped with a message.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from types import SimpleNamespace
from typing import Any

import numpy as np

from workstation.bench import BenchResult, median_time
from workstation.cli.context import CliContext, CommandError
from workstation.inference.manifest import TilingSpec
from workstation.inference.registry import LoadedModel, ModelRegistry, default_models_dir
from workstation.inference.runner import Analysis, analyse

PARCEL_MODEL = "parcel-threats"
CARGO_TILING = TilingSpec(scale=0.25, overlap=32, merge="wbf")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--repeats", type=int, default=3, help="runs per case (median is reported)")
    parser.add_argument("--threads", type=int, default=2, help="threads for both runtimes")


def simulated_grey(kind: str, size: tuple[int, int], seed: int = 11) -> np.ndarray:
    """Noise-free simulated scan as grey 0..1 in display orientation (pixels x lines)."""
    from devices.xray.physics import attenuation
    from devices.xray.scenes import make_scene

    scene = make_scene(kind, seed, size=size)
    a_low, a_high = attenuation(scene)
    return np.ascontiguousarray(np.exp(-(a_low + a_high) / 2).T.astype(np.float32))


class _TorchSession:
    """Looks like an onnxruntime session to the runner but runs a torch module eagerly."""

    def __init__(self, module: Any, shape: list[Any]) -> None:
        self._module = module
        self._shape = shape

    def get_inputs(self) -> list[SimpleNamespace]:
        return [SimpleNamespace(name="images", shape=self._shape)]

    def run(self, _names: list[str], feeds: dict[str, np.ndarray]) -> list[np.ndarray]:
        import torch

        with torch.inference_mode():
            return [self._module(torch.from_numpy(feeds["images"])).numpy()]


def _torch_model(model: LoadedModel, threads: int) -> LoadedModel | str:
    """The same network in PyTorch eager, or the reason it cannot be had."""
    try:
        import torch
    except ImportError:
        return "torch not installed (pip install -e '.[training]'): PyTorch baseline skipped"
    weights = model.model_path.with_suffix(".pt")
    recipe = default_models_dir() / "training" / "parcel_detector.py"
    if not weights.is_file() or not recipe.is_file():
        return f"no eager weights {weights.name} or recipe {recipe}: PyTorch baseline skipped"
    sys.path.insert(0, str(recipe.parent))
    try:
        spec = importlib.util.spec_from_file_location("parcel_detector_recipe", recipe)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(recipe.parent))
    torch.set_num_threads(threads)
    net = module.CenterNet(len(model.manifest.labels))
    net.load_state_dict(torch.load(weights, map_location="cpu"))
    net.eval()
    session = _TorchSession(module.Exported(net).eval(), model.session.get_inputs()[0].shape)
    return LoadedModel(model.manifest, model.model_path, session, model.input_name, model.output_name)


def run(ctx: CliContext, args: argparse.Namespace) -> list[BenchResult]:
    report = ModelRegistry(threads=args.threads).load()
    model = report.loaded.get(PARCEL_MODEL)
    if model is None:
        reasons = "; ".join(r.reason for r in report.refused) or "not found"
        raise CommandError(f"bench analysis needs the shipped model {PARCEL_MODEL}: {reasons}")
    tiled = LoadedModel(model.manifest.model_copy(update={"tiling": CARGO_TILING}),
                        model.model_path, model.session, model.input_name, model.output_name)
    cases = [
        ("parcel 1500x1000 (letterbox)", model, simulated_grey("parcel", (1500, 1000))),
        ("cargo 2000x6000 (tiled)", tiled, simulated_grey("cargo-mixed", (6000, 2000))),
    ]
    baseline = _torch_model(model, args.threads)
    if isinstance(baseline, str):
        print(baseline, file=sys.stderr)
    results: list[BenchResult] = []
    for name, loaded, image in cases:
        last: list[Analysis] = []

        def ours(loaded: LoadedModel = loaded, image: np.ndarray = image,
                 last: list[Analysis] = last) -> None:
            last[:] = [analyse(loaded, image)]

        ours_s = median_time(ours, args.repeats)
        analysis = last[0]
        extra = {"views": analysis.views, "detections": len(analysis.detections),
                 "outside_model_share": round(analysis.ms_outside_model / analysis.ms_total, 3)}
        if isinstance(baseline, str):
            results.append(BenchResult(name, ours_s, "skipped: " + baseline, float("nan"), extra))
            continue
        eager = LoadedModel(loaded.manifest, loaded.model_path, baseline.session,
                            loaded.input_name, loaded.output_name)
        base_s = median_time(lambda eager=eager, image=image: analyse(eager, image), args.repeats)
        results.append(BenchResult(name, ours_s, "same pipeline, PyTorch eager instead of "
                                   "onnxruntime", base_s, extra))
    return results




