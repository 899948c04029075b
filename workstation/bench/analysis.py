"""``workstation bench analysis``: scan analysis with onnxruntime next to PyTorch eager.

Two simulated scans, each analysed by the shipped model made for it:

- a 1,500 x 1,000 parcel scan, ``parcel-threats`` (letterboxed into its 192 x 288 input);
- a 2,000 x 6,000 cargo scan, ``cargo-anomalies`` (letterboxed into its 208 x 640 input),
  plus the same scan cut into overlapping tiles at twice that resolution (scale 0.2,
  64-pixel overlap, heatmap regions united across tiles), to time the tiling path that a
  post's finer cargo model would use.

*Ours* is the full analysis (views, resizing, normalisation, onnxruntime, decoding,
merging); the *baseline* is the very same pipeline with the same network and weights run by
PyTorch eager instead of onnxruntime (same views, same decoding), so the ratio isolates the
runtime. ``extra`` gives the share of our time spent outside the model. Without torch (the
optional ``training`` extra) or the eager weights the baseline is skipped with a message.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import numpy as np

from workstation.bench import BenchResult, median_time
from workstation.cli.context import CliContext, CommandError
from workstation.inference.manifest import TilingSpec
from workstation.inference.registry import LoadedModel, ModelRegistry, default_models_dir
from workstation.inference.runner import Analysis, analyse

PARCEL_MODEL = "parcel-threats"
CARGO_MODEL = "cargo-anomalies"
# model name -> (training recipe file, network class, export wrapper class)
RECIPES: dict[str, tuple[str, str, str]] = {
    PARCEL_MODEL: ("parcel_detector.py", "CenterNet", "Exported"),
    CARGO_MODEL: ("cargo_anomaly.py", "AnomalyNet", "Exported"),
}
CARGO_TILING = TilingSpec(scale=0.2, overlap=64, merge="nms")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--repeats", type=int, default=3, help="runs per case (median is reported)")
    parser.add_argument("--threads", type=int, default=2, help="threads for both runtimes")
    parser.add_argument("--previous-model", type=Path, default=None, metavar="DIR",
                        help="a folder holding another version of parcel-threats (its ONNX file "
                             "and signed manifest): timed in the same run as the baseline of the "
                             "shipped one, to see what a new version costs per parcel image")


def simulated_grey(kind: str, size: tuple[int, int], seed: int = 11) -> np.ndarray:
    """Noise-free simulated scan as grey 0..1 in display orientation (pixels x lines)."""
    from devices.registry import simulation

    sim = simulation("xray-tcp")  # the x-ray simulator's scenes and physics
    scene = sim.make_scene(kind, seed, size=size)
    a_low, a_high = sim.attenuation(scene)
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


def _load_recipe(path: Path) -> ModuleType:
    sys.path.insert(0, str(path.parent))  # recipes import their sibling ``common``
    try:
        spec = importlib.util.spec_from_file_location(f"recipe_{path.stem}", path)
        if spec is None or spec.loader is None:
            raise CommandError(f"cannot load the training recipe {path}")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(path.parent))


def torch_model(model: LoadedModel, threads: int) -> LoadedModel | str:
    """The same network with the same weights in PyTorch eager, or why it cannot be had."""
    try:
        import torch
    except ImportError:
        return "torch not installed (pip install -e '.[training]')"
    if model.name not in RECIPES:
        return f"no training recipe known for {model.name}"
    recipe_file, net_class, wrapper_class = RECIPES[model.name]
    weights = model.model_path.with_suffix(".pt")
    recipe = default_models_dir() / "training" / recipe_file
    if not weights.is_file() or not recipe.is_file():
        return f"no eager weights {weights.name} or recipe {recipe}"
    module = _load_recipe(recipe)
    torch.set_num_threads(threads)
    state = torch.load(weights, map_location="cpu")
    # A recipe whose network has variants (the parcel detector's stride-32 stage) says from
    # the weights which one they belong to; otherwise the class is built as it is.
    build = getattr(module, "eager_network", None)
    if build is not None:
        net = build(len(model.manifest.labels), state)
    else:
        net = getattr(module, net_class)(len(model.manifest.labels))
        net.load_state_dict(state)
    net.eval()
    session = _TorchSession(getattr(module, wrapper_class)(net).eval(),
                            model.session.get_inputs()[0].shape)
    return LoadedModel(model.manifest, model.model_path, session, model.input_name, model.output_name)


def _with_session(model: LoadedModel, session: Any) -> LoadedModel:
    return LoadedModel(model.manifest, model.model_path, session, model.input_name, model.output_name)


def _tiled(model: LoadedModel) -> LoadedModel:
    manifest = model.manifest.model_copy(update={"tiling": CARGO_TILING})
    return LoadedModel(manifest, model.model_path, model.session, model.input_name, model.output_name)


def run(ctx: CliContext, args: argparse.Namespace) -> list[BenchResult]:
    report = ModelRegistry(threads=args.threads).load()
    missing = [n for n in (PARCEL_MODEL, CARGO_MODEL) if n not in report.loaded]
    if missing:
        reasons = "; ".join(r.reason for r in report.refused) or "not found"
        raise CommandError(f"bench analysis needs the shipped models {', '.join(missing)}: {reasons}")
    parcel, cargo = report.loaded[PARCEL_MODEL], report.loaded[CARGO_MODEL]
    cargo_scan = simulated_grey("cargo-undeclared-block", (6000, 2000))
    cases: list[tuple[str, LoadedModel, LoadedModel, np.ndarray]] = [
        ("parcel 1500x1000, parcel-threats (letterbox)", parcel, parcel,
         simulated_grey("parcel", (1500, 1000))),
        ("cargo 2000x6000, cargo-anomalies (letterbox)", cargo, cargo, cargo_scan),
        ("cargo 2000x6000, cargo-anomalies (tiles at 0.2)", _tiled(cargo), cargo, cargo_scan),
    ]
    baselines = {m.name: torch_model(m, args.threads) for m in (parcel, cargo)}
    results: list[BenchResult] = []
    for name, loaded, shipped, image in cases:
        last: list[Analysis] = []

        def ours(loaded: LoadedModel = loaded, image: np.ndarray = image,
                 last: list[Analysis] = last) -> None:
            last[:] = [analyse(loaded, image)]

        ours()  # warm-up: both runtimes get one untimed run (allocations, kernel choice)
        ours_s = median_time(ours, args.repeats)
        analysis = last[0]
        extra = {"views": analysis.views, "detections": len(analysis.detections),
                 "model_ms": round(analysis.ms_model, 2),
                 "outside_model_share": round(analysis.ms_outside_model / analysis.ms_total, 3)}
        baseline = baselines[shipped.name]
        if isinstance(baseline, str):
            results.append(BenchResult(name, ours_s, "PyTorch eager skipped: " + baseline,
                                       float("nan"), extra))
            continue
        eager = _with_session(loaded, baseline.session)
        eager_last: list[Analysis] = []

        def theirs(eager: LoadedModel = eager, image: np.ndarray = image,
                   last: list[Analysis] = eager_last) -> None:
            last[:] = [analyse(eager, image)]

        theirs()
        base_s = median_time(theirs, args.repeats)
        extra["baseline_model_ms"] = round(eager_last[0].ms_model, 2)
        # Both runtimes must agree on what they found, or the timing compares different work.
        extra["same_findings"] = _same(analysis, eager_last[0])
        results.append(BenchResult(name, ours_s, "same pipeline, PyTorch eager instead of "
                                   "onnxruntime", base_s, extra))
    if args.previous_model is not None:
        results.append(_against_previous(parcel, args.previous_model, cases[0][3], args))
    return results


def _against_previous(current: LoadedModel, folder: Path, image: np.ndarray,
                      args: argparse.Namespace) -> BenchResult:
    """The shipped parcel model next to another version of it, same image, same run."""
    report = ModelRegistry([folder], threads=args.threads).load()
    previous = report.loaded.get(PARCEL_MODEL)
    if previous is None:
        reasons = "; ".join(r.reason for r in report.refused) or "no parcel-threats manifest there"
        raise CommandError(f"--previous-model {folder}: {reasons}")
    analyse(current, image)
    analyse(previous, image)
    ours_s = median_time(lambda: analyse(current, image), max(args.repeats, 5))
    base_s = median_time(lambda: analyse(previous, image), max(args.repeats, 5))
    return BenchResult(
        f"parcel 1500x1000, {PARCEL_MODEL} {current.manifest.version} vs "
        f"{previous.manifest.version}", ours_s,
        f"the same pipeline with {PARCEL_MODEL} {previous.manifest.version} from {folder}", base_s,
        {"current_version": current.manifest.version, "previous_version": previous.manifest.version})


def _same(a: Analysis, b: Analysis) -> bool:
    if [d.label for d in a.detections] != [d.label for d in b.detections]:
        return False
    return all(abs(x.score - y.score) < 1e-3 and np.allclose(x.box, y.box, atol=0.5)
               for x, y in zip(a.detections, b.detections, strict=True))
