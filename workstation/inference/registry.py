"""The model registry: find manifests, verify model bytes, open onnxruntime sessions.

A model is loaded only from a manifest signed by a key the lane trusts (Ed25519, see
:mod:`workstation.inference.signing`), and only from bytes whose SHA-256 equals that
manifest's: the file is read
once, hashed, and the *same bytes* go to ``onnx.checker`` and to onnxruntime, so nothing
can swap the file between check and load. A model that fails any step is refused with a
reason naming it (expected and actual hash for a tampered file); the other models still
load. Sessions run on the CPU provider, named explicitly, with thread counts for this
machine, and are warmed up once so the first real scan is not the slow one.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from workstation.inference.manifest import (
    MANIFEST_SUFFIX,
    ManifestError,
    ModelManifest,
    manifest_from_data,
    parse_json_object,
)
from workstation.inference.signing import (
    SignatureError,
    TrustError,
    TrustStore,
    default_trust,
    verify_document,
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
    """A model failed verification or loading; the message names the model and why.

    ``scan_kinds`` are the kinds the model was meant for when its manifest was trusted
    (signed by a trusted key and valid); None when nothing about it can be trusted.
    """

    def __init__(self, message: str, scan_kinds: tuple[str, ...] | None = None) -> None:
        super().__init__(message)
        self.scan_kinds = scan_kinds


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
    scan_kinds: tuple[str, ...] | None = None  # None: not known (the manifest is not trusted)

    def affects(self, scan_kind: str) -> bool:
        """Could this model have analysed ``scan_kind`` scans? Unknown kinds: yes (fail closed)."""
        return self.scan_kinds is None or scan_kind in self.scan_kinds


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


def verify_manifest(manifest_path: Path, trust: TrustStore | None = None) -> Verified:
    """Read the manifest, check its signature against ``trust`` (default: the development
    key), then read its model bytes and check hash and ONNX validity. Raises ModelRefused."""
    import onnx

    try:
        text = manifest_path.read_text(encoding="utf-8")
        data = parse_json_object(text, str(manifest_path))
    except OSError as exc:
        raise ModelRefused(f"{manifest_path}: cannot read manifest: {exc.strerror}") from None
    except (ManifestError, UnicodeDecodeError) as exc:
        raise ModelRefused(str(exc)) from None
    # The signature is checked on the very object that is validated and used below, before
    # anything in it is believed; until then the name is only what the file claims.
    claimed = data.get("name") if isinstance(data.get("name"), str) else _name_hint(manifest_path)
    try:
        verify_document(data, trust if trust is not None else default_trust())
    except (SignatureError, TrustError) as exc:
        raise ModelRefused(f"model {claimed}: {manifest_path}: {exc}") from None
    try:
        manifest = manifest_from_data(data, str(manifest_path))
    except ManifestError as exc:
        raise ModelRefused(str(exc)) from None
    kinds = tuple(manifest.scan_kinds)
    model_path = manifest_path.parent / manifest.file
    try:
        model_data = model_path.read_bytes()
    except OSError as exc:
        raise ModelRefused(f"model {manifest.name} {manifest.version}: cannot read {model_path}: "
                           f"{exc.strerror}", kinds) from None
    actual = sha256_hex(model_data)
    if actual != manifest.sha256:
        raise ModelRefused(
            f"model {manifest.name} {manifest.version}: {model_path.name} does not match its "
            f"manifest: expected sha256 {manifest.sha256}, actual {actual}; the file was changed "
            "or replaced, so it is not loaded", kinds
        )
    try:
        proto = onnx.load_from_string(model_data)
        onnx.checker.check_model(proto)
    except (onnx.checker.ValidationError, ValueError, RuntimeError) as exc:
        raise ModelRefused(f"model {manifest.name} {manifest.version}: {model_path.name} is not "
                           f"a valid ONNX model: {str(exc).splitlines()[0]}", kinds) from None
    except Exception as exc:  # noqa: BLE001 - protobuf raises its own DecodeError family
        raise ModelRefused(f"model {manifest.name} {manifest.version}: {model_path.name} cannot "
                           f"be parsed as ONNX: {exc}", kinds) from None
    return Verified(manifest, manifest_path, model_path, model_data)


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

    def __init__(self, roots: Sequence[Path] | None = None, *, threads: int | None = None,
                 trust: TrustStore | None = None,
                 thresholds: Mapping[str, Mapping[str, float]] | None = None) -> None:
        self.roots = list(roots) if roots is not None else [default_models_dir()]
        self.threads = threads
        self.trust = trust  # None: the development key only (workstation.inference.signing)
        # The lane's own score thresholds per model and label ([models.thresholds.NAME]).
        self.thresholds = {k: dict(v) for k, v in (thresholds or {}).items()}

    @classmethod
    def with_extra(cls, extra: Sequence[Path], *, threads: int | None = None,
                   trust: TrustStore | None = None) -> ModelRegistry:
        """The shipped models plus a post's own folders (from configuration)."""
        return cls([default_models_dir(), *extra], threads=threads, trust=trust)

    def manifests(self) -> list[Path]:
        return find_manifests(self.roots)

    def verify(self) -> tuple[list[Verified], list[Refusal]]:
        """Check every manifest's hash and ONNX validity without opening sessions."""
        good: list[Verified] = []
        refused: list[Refusal] = []
        names: dict[str, Path] = {}
        try:
            trust = self.trust if self.trust is not None else default_trust()
        except TrustError as exc:  # the development key is gone: nothing can be trusted
            return [], [Refusal(_name_hint(p), p, f"{p}: no trusted key: {exc}")
                         for p in self.manifests()]
        for path in self.manifests():
            try:
                verified = verify_manifest(path, trust)
            except ModelRefused as exc:
                refused.append(Refusal(_claimed_name(path, str(exc)), path, str(exc),
                                       exc.scan_kinds))
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
                loaded = open_session(verified, self.threads, warm_up=warm_up)
                report.loaded[verified.manifest.name] = with_lane_thresholds(
                    loaded, self.thresholds.get(loaded.name, {}))
            except ModelRefused as exc:
                report.refused.append(Refusal(verified.manifest.name, verified.manifest_path,
                                              str(exc), tuple(verified.manifest.scan_kinds)))
        return report


def with_lane_thresholds(model: LoadedModel, overrides: Mapping[str, float]) -> LoadedModel:
    """``model`` with the lane's per-label score thresholds over its manifest's.

    A label the model does not have is a configuration mistake that would leave the
    intended threshold unapplied: the model is refused (fail closed), naming the labels.
    """
    if not overrides:
        return model
    manifest = model.manifest
    unknown = sorted(set(overrides) - set(manifest.labels))
    if unknown:
        raise ModelRefused(f"model {manifest.name} {manifest.version}: [models.thresholds."
                           f"{manifest.name}] names labels the model does not have: "
                           f"{', '.join(unknown)} (its labels: {', '.join(manifest.labels)})",
                           tuple(manifest.scan_kinds))
    per_label = {**manifest.thresholds.per_label, **overrides}
    thresholds = manifest.thresholds.model_copy(update={"per_label": per_label})
    return LoadedModel(manifest.model_copy(update={"thresholds": thresholds}), model.model_path,
                       model.session, model.input_name, model.output_name)


def _name_hint(path: Path) -> str:
    return path.name.removesuffix(MANIFEST_SUFFIX)


def _claimed_name(path: Path, reason: str) -> str:
    """The model name a refusal's reason gives ("model NAME ..."), else the file's."""
    if reason.startswith("model "):
        return reason.removeprefix("model ").split(" ", 1)[0].rstrip(":")
    return _name_hint(path)
