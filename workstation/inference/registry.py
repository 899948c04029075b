"""The model registry: find manifests, verify model bytes, open onnxruntime sessions.

A model is loaded only from bytes whose SHA-256 equals the manifest's: the file is read
once, hashed, and the *same bytes* go to ``onnx.checker`` and to onnxruntime, so nothing
can swap the file between check and load. A model that fails any step is refused with a
reason naming it (expected and actual hash for a tampered file); the other models still
load. Sessions run on the CPU provider, named explicitly, with thread counts for this
machine, and are warmed up once so the first real scan is not the slow one.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from workstation.inference.manifest import (
    MANIFEST_SUFFIX,
    ManifestError,
    ModelManifest,
    load_manifest,
)

MODELS_DIR_ENV = "WORKSTATION_MODELS_DIR"
PROVIDERS = ["CPUExecutionProvider"]


def default_models_dir() -> Path:
    """``$WORKSTATION_MODELS_DIR``, else the ``models/`` folder shipped beside the package."""
    override = os.environ.get(MODELS_DIR_ENV)
    if override:
        return Path(override).expanduser()
    return Path(__file__).resolve().parents[2] / "models"


def default_threads() -> int:
    """Intra-op threads: the cores this process may use, at most 4.

    A lane PC also runs device hosts and the UI; more than 4 threads gives little on the
    small convolutional nets we ship and starves the rest.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


class ModelRefused(Exception):
    """A model failed verification or loading; the message names the model and why."""


@dataclass(frozen=True)
class Verified:
    """A manifest whose file's bytes match its hash and pass ``onnx.checker``."""

    manifest: ModelManifest
    manifest_path: Path
    model_path: Path
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class Refusal:
    """A model that cannot be used: which one (name or manifest path) and why."""

    name: str
    manifest_path: Path
    reason: str


@dataclass
class LoadedModel:
    """A verified model with its open onnxruntime session (owned by the inference worker)."""

    manifest: ModelManifest
    model_path: Path
    session: Any
    input_name: str
    output_name: str

    @property
    def name(self) -> str:
        return self.manifest.name


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def find_manifests(roots: Iterable[Path]) -> list[Path]:
    """Every ``*.manifest.json`` under ``roots`` (recursively), in a stable order.

    Training recipes' folders are skipped: they hold scratch outputs, not shipped models.
    """
    found: list[Path] = []
    for root in roots:
        if not root.is_dir():
            continue
        found.extend(p for p in sorted(root.rglob(f"*{MANIFEST_SUFFIX}"))
                     if "training" not in p.relative_to(root).parts[:-1])
    return found


def verify_manifest(manifest_path: Path) -> Verified:
    """Read the manifest and its model bytes; check hash and ONNX validity. Raises ModelRefused."""
    import onnx

    try:
        manifest = load_manifest(manifest_path)
    except ManifestError as exc:
        raise ModelRefused(str(exc)) from None
    model_path = manifest_path.parent / manifest.file
    try:
        data = model_path.read_bytes()
    except OSError as exc:
        raise ModelRefused(f"model {manifest.name} {manifest.version}: cannot read {model_path}: "
                           f"{exc.strerror}") from None
    actual = sha256_hex(data)
    if actual != manifest.sha256:
        raise ModelRefused(
            f"model {manifest.name} {manifest.version}: {model_path.name} does not match its "
            f"manifest: expected sha256 {manifest.sha256}, actual {actual}; the file was changed "
            "or replaced, so it is not loaded"
        )
    try:
        proto = onnx.load_from_string(data)
        onnx.checker.check_model(proto)
    except (onnx.checker.ValidationError, ValueError, RuntimeError) as exc:
        raise ModelRefused(f"model {manifest.name} {manifest.version}: {model_path.name} is not "
                           f"a valid ONNX model: {str(exc).splitlines()[0]}") from None
    except Exception as exc:  # noqa: BLE001 - protobuf raises its own DecodeError family
        raise ModelRefused(f"model {manifest.name} {manifest.version}: {model_path.name} cannot "
                           f"be parsed as ONNX: {exc}") from None
    return Verified(manifest, manifest_path, model_path, data)


def open_session(verified: Verified, threads: int | None = None, *, warm_up: bool = True) -> LoadedModel:
    """Open an onnxruntime session on the verified bytes (CPU provider) and warm it up."""
    import onnxruntime as ort

    manifest = verified.manifest
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads or default_threads()
    # One request at a time per session: inter-op parallelism only adds contention here.
    options.inter_op_num_threads = 1
    # No busy-waiting between operators: spinning threads would hold the lane PC's cores
    # (and the officer's UI thread) for the whole analysis (docs/decisions/0604).
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    try:
        session = ort.InferenceSession(verified.data, sess_options=options, providers=PROVIDERS)
    except Exception as exc:  # noqa: BLE001 - onnxruntime raises several unrelated types
        raise ModelRefused(f"model {manifest.name} {manifest.version}: onnxruntime cannot open "
                           f"it: {str(exc).splitlines()[0]}") from None
    input_name = _pick(manifest.input.name, [i.name for i in session.get_inputs()], manifest, "input")
    output_name = _pick(manifest.output.name, [o.name for o in session.get_outputs()], manifest, "output")
    _check_input_shape(session, input_name, manifest)
    loaded = LoadedModel(manifest, verified.model_path, session, input_name, output_name)
    if warm_up:
        warm(loaded)
    return loaded


def warm(model: LoadedModel) -> None:
    """Run one input of zeros so kernels and memory arenas are ready before the first scan."""
    from workstation.inference.preprocess import to_tensor

    spec = model.manifest.input
    canvas = np.full(spec.size, spec.pad_value, dtype=np.float32)
    try:
        model.session.run([model.output_name], {model.input_name: to_tensor([canvas], spec)})
    except Exception as exc:  # noqa: BLE001 - onnxruntime's errors have no common base
        raise ModelRefused(f"model {model.name} {model.manifest.version}: warm-up run failed "
                           f"with the manifest's input spec: {str(exc).splitlines()[0]}") from None


def _pick(wanted: str | None, names: Sequence[str], manifest: ModelManifest, what: str) -> str:
    if wanted is None:
        return names[0]
    if wanted not in names:
        raise ModelRefused(f"model {manifest.name} {manifest.version}: manifest names {what} "
                           f"{wanted!r} but the model has {list(names)}")
    return wanted


def _check_input_shape(session: Any, input_name: str, manifest: ModelManifest) -> None:
    spec = manifest.input
    shape = next(i.shape for i in session.get_inputs() if i.name == input_name)
    if len(shape) != 4:
        raise ModelRefused(f"model {manifest.name} {manifest.version}: input {input_name!r} has "
                           f"{len(shape)} dimensions, the manifest describes a 4-D {spec.layout} image")
    h, w = spec.size
    expected = [None, spec.channels, h, w] if spec.layout == "NCHW" else [None, h, w, spec.channels]
    for axis, (dim, want) in enumerate(zip(shape, expected, strict=True)):
        if want is not None and isinstance(dim, int) and dim != want:
            raise ModelRefused(
                f"model {manifest.name} {manifest.version}: input {input_name!r} has shape {shape} "
                f"but the manifest says {spec.layout} {expected[1:]} (axis {axis}: {dim} != {want})"
            )


@dataclass
class RegistryReport:
    loaded: dict[str, LoadedModel] = field(default_factory=dict)
    refused: list[Refusal] = field(default_factory=list)


class ModelRegistry:
    """Finds, verifies and opens every model under the shipped folder and a post's extra folders."""

    def __init__(self, roots: Sequence[Path] | None = None, *, threads: int | None = None) -> None:
        self.roots = list(roots) if roots is not None else [default_models_dir()]
        self.threads = threads

    @classmethod
    def with_extra(cls, extra: Sequence[Path], *, threads: int | None = None) -> ModelRegistry:
        """The shipped models plus a post's own folders (from configuration)."""
        return cls([default_models_dir(), *extra], threads=threads)

    def manifests(self) -> list[Path]:
        return find_manifests(self.roots)

    def verify(self) -> tuple[list[Verified], list[Refusal]]:
        """Check every manifest's hash and ONNX validity without opening sessions."""
        good: list[Verified] = []
        refused: list[Refusal] = []
        names: dict[str, Path] = {}
        for path in self.manifests():
            try:
                verified = verify_manifest(path)
            except ModelRefused as exc:
                refused.append(Refusal(_name_hint(path), path, str(exc)))
                continue
            name = verified.manifest.name
            if name in names:
                refused.append(Refusal(name, path, f"model {name}: a model of that name is already "
                                                   f"loaded from {names[name]}; names must be unique"))
                continue
            names[name] = path
            good.append(verified)
        return good, refused

    def load(self, *, warm_up: bool = True) -> RegistryReport:
        """Verify and open every model; refused ones are reported, the others load."""
        good, refused = self.verify()
        report = RegistryReport(refused=refused)
        for verified in good:
            try:
                report.loaded[verified.manifest.name] = open_session(verified, self.threads,
                                                                      warm_up=warm_up)
            except ModelRefused as exc:
                report.refused.append(Refusal(verified.manifest.name, verified.manifest_path, str(exc)))
        return report


def _name_hint(path: Path) -> str:
    return path.name.removesuffix(MANIFEST_SUFFIX)
