"""Model manifests (``model-manifest/1``): what a model file is and how to run it.

One JSON file per model, next to its ONNX file. The registry trusts nothing about a model
that is not written here: the file's SHA-256, the input tensor (layout, size, dtype,
normalisation), how to decode the outputs, the labels, the thresholds, what it was trained
on and what was measured. See ``docs/formats/model-manifest.md``.

Validation is strict (unknown keys are errors) so a typo in a post's own manifest fails at
start with the file and key named, instead of silently using a default.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

MANIFEST_FORMAT: Final = "model-manifest/1"
MANIFEST_SUFFIX = ".manifest.json"


class ManifestError(Exception):
    """A manifest is unreadable or invalid; the message names the file and the key."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class InputSpec(_Strict):
    """The model's input tensor and how an image becomes that tensor.

    The image handed to a model is grey, float, 0..1 with 1 = bright (air, no
    attenuation), whatever its source (16-bit scan, DICOS, 8-bit photo). Each tensor value
    is ``(pixel * scale - mean[c]) / std[c]``; with ``channels = 3`` the grey image is
    repeated in every channel (for models trained on RGB exports).
    """

    name: str | None = Field(None, description="input tensor name; default: the model's first input")
    layout: Literal["NCHW", "NHWC"] = "NCHW"
    size: tuple[int, int] = Field(description="model input (height, width) in pixels")
    channels: Literal[1, 3] = 1
    dtype: Literal["float32", "float16", "uint8"] = "float32"
    scale: float = Field(1.0, gt=0, description="multiplier applied to the 0..1 grey pixel")
    mean: tuple[float, ...] = (0.0,)
    std: tuple[float, ...] = (1.0,)
    resize: Literal["letterbox", "stretch"] = Field(
        "letterbox", description="letterbox keeps the aspect ratio and pads; stretch does not"
    )
    pad_value: float = Field(1.0, ge=0, le=1, description="grey value (0..1) of letterbox padding; 1 = air")
    invert: bool = Field(False, description="feed 1 - pixel (dense = bright) instead of pixel")

    @field_validator("size")
    @classmethod
    def _positive_size(cls, value: tuple[int, int]) -> tuple[int, int]:
        if value[0] < 8 or value[1] < 8:
            raise ValueError(f"input size {value} is too small (at least 8 x 8 pixels)")
        return value

    @model_validator(mode="after")
    def _per_channel(self) -> InputSpec:
        for key in ("mean", "std"):
            values = getattr(self, key)
            if len(values) not in (1, self.channels):
                raise ValueError(f"{key} has {len(values)} values; give 1 or {self.channels}")
        if any(s == 0 for s in self.std):
            raise ValueError("std must not contain 0")
        return self


class TilingSpec(_Strict):
    """How a large scan is cut into model inputs.

    The scan is first resized by ``scale`` (model pixels per scan pixel, 0 < scale <= 1),
    then cut into tiles of the model input size that overlap by ``overlap`` model pixels,
    so an object cut by one tile border is whole in the next tile. Boxes from all tiles are
    merged with ``merge`` (``nms`` keeps the best box, ``wbf`` averages overlapping boxes);
    heatmaps are stitched taking the maximum where tiles overlap.
    """

    scale: float = Field(1.0, gt=0, le=1)
    overlap: int = Field(32, ge=0)
    merge: Literal["nms", "wbf"] = "nms"
    min_side: int = Field(
        0, ge=0, description="tile only when the scan's longer side exceeds this many scan pixels"
    )


class OutputSpec(_Strict):
    """How the output tensor is decoded.

    - ``classification``: ``(N, C)`` scores; one finding per label above threshold, box =
      whole image.
    - ``yolo-v5``: ``(N, boxes, 5 + C)`` rows of cx, cy, w, h (input pixels), objectness,
      class scores; score = objectness x class score.
    - ``yolo-v8``: ``(N, 4 + C, boxes)``: cx, cy, w, h (input pixels), class scores.
    - ``heatmap``: ``(N, C, h, w)`` per-label maps at any resolution; regions above the
      threshold become boxes, the image score per label is the map's maximum.
    """

    decoder: Literal["classification", "yolo-v5", "yolo-v8", "heatmap"]
    name: str | None = Field(None, description="output tensor name; default: the first output")
    activation: Literal["none", "sigmoid", "softmax"] = Field(
        "none", description="applied to class scores before thresholds (none = already 0..1)"
    )


class Thresholds(_Strict):
    """Score and overlap thresholds (all 0..1)."""

    score: float = Field(0.25, ge=0, le=1, description="a finding needs at least this score")
    iou: float = Field(0.5, ge=0, le=1, description="boxes of one label overlapping more are merged")
    per_label: dict[str, float] = Field(default_factory=dict, description="score threshold per label")
    min_area: int = Field(0, ge=0, description="heatmap regions smaller than this (map pixels) are dropped")


class TrainingData(_Strict):
    """What the model was and was not trained on (shown in the model card)."""

    description: str
    source: str = Field("", description="simulator, data set name or the post's own images")
    samples: int = Field(0, ge=0)
    not_covered: str = Field("", description="what the model has never seen")
    recipe: str = Field("", description="how to reproduce: command or path of the recipe")


class Metric(_Strict):
    """One measured figure, e.g. ``map50`` 0.81 on 300 held-out simulated parcels."""

    name: str
    value: float
    dataset: str
    samples: int = Field(ge=0)


class DeclarationRule(_Strict):
    """How one label is judged against the declared load (cargo models).

    Regions of ``load_label`` show goods in the load space. They are not findings by
    themselves (goods are what a loaded container should hold); when the declaration says
    the container is empty they become findings labelled ``if_declared_empty``, and
    otherwise (declared loaded, or no declaration known) they are dropped. The model never
    sees the declaration; the rule is applied to its output (see
    :func:`workstation.inference.runner.analyse`).
    """

    load_label: str
    if_declared_empty: str = Field("goods-in-empty", pattern=r"^[a-z0-9][a-z0-9._-]{0,63}$")


class ManifestSignature(_Strict):
    """Ed25519 signature over the rest of the manifest (see
    :mod:`workstation.inference.signing`, which checks it before this model is built)."""

    algorithm: Literal["ed25519"]
    key_id: str = Field(pattern=r"^[0-9a-f]{16}$", description="16 hex digits of the key's SHA-256")
    value: str = Field(pattern=r"^[A-Za-z0-9+/]{86}==$", description="base64 of the 64-byte signature")


class ModelManifest(_Strict):
    """One model: file, identity, input, output, labels, thresholds, provenance, metrics."""

    format: Literal["model-manifest/1"] = MANIFEST_FORMAT
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]{0,63}$")
    version: str = Field(min_length=1, max_length=32)
    file: str = Field(description="ONNX file, relative to the manifest's folder")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    task: Literal["detection", "classification", "anomaly"]
    scan_kinds: tuple[str, ...] = Field(
        ("parcel",), description="scan kinds the model is meant for: parcel, cargo, imported"
    )
    input: InputSpec
    output: OutputSpec
    tiling: TilingSpec | None = None
    labels: tuple[str, ...] = Field(min_length=1)
    covers: dict[str, tuple[str, ...]] = Field(
        default_factory=dict,
        description="everyday class names (as folders of labelled images name them, e.g. "
                    "razor-blade) -> the model labels that count as finding them; the default "
                    "of `models evaluate --map`",
    )
    thresholds: Thresholds = Field(default_factory=Thresholds)
    declaration: DeclarationRule | None = None
    training: TrainingData
    metrics: tuple[Metric, ...] = ()
    notes: str = ""
    signature: ManifestSignature | None = None

    @model_validator(mode="after")
    def _consistent(self) -> ModelManifest:
        unknown = sorted(set(self.thresholds.per_label) - set(self.labels))
        if unknown:
            raise ValueError(f"thresholds.per_label names labels not in labels: {unknown}")
        uncovered = sorted({lab for labs in self.covers.values() for lab in labs} - set(self.labels))
        if uncovered:
            raise ValueError(f"covers names labels not in labels: {uncovered}")
        if self.declaration is not None and self.declaration.load_label not in self.labels:
            raise ValueError(f"declaration.load_label {self.declaration.load_label!r} is not in "
                             f"labels {list(self.labels)}")
        if Path(self.file).is_absolute() or ".." in Path(self.file).parts:
            raise ValueError(f"file {self.file!r} must be a path inside the manifest's folder")
        return self

    def score_threshold(self, label: str) -> float:
        return self.thresholds.per_label.get(label, self.thresholds.score)

    def metric(self, name: str) -> Metric | None:
        return next((m for m in self.metrics if m.name == name), None)


def _describe(error: dict[str, object]) -> str:
    loc = error.get("loc") or ()
    key = ".".join(str(p) for p in loc) if isinstance(loc, tuple) else str(loc)
    if error.get("type") == "extra_forbidden":
        return f"{key}: unknown key"
    if error.get("type") == "missing":
        return f"{key}: required key is missing"
    return f"{key or '(top level)'}: {error.get('msg')} (got {error.get('input')!r})"


def parse_manifest(text: str, source: str = "<manifest>") -> ModelManifest:
    """Validate manifest JSON text; errors name ``source`` and each offending key."""
    return manifest_from_data(parse_json_object(text, source), source)


def parse_json_object(text: str, source: str = "<manifest>") -> dict[str, Any]:
    """Manifest text as a JSON object (what a signature is checked on, before validation)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ManifestError(f"{source}: not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ManifestError(f"{source}: a manifest is a JSON object, got {type(data).__name__}")
    return data


def manifest_from_data(data: dict[str, Any], source: str = "<manifest>") -> ModelManifest:
    """Validate an already parsed manifest (the same object whose signature was checked)."""
    try:
        return ModelManifest.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(_describe(dict(e)) for e in exc.errors())
        raise ManifestError(f"{source}: {problems}") from None


def load_manifest(path: Path) -> ModelManifest:
    """Read and validate one manifest file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ManifestError(f"{path}: cannot read manifest: {exc.strerror}") from None
    return parse_manifest(text, str(path))


def dump_manifest(manifest: ModelManifest) -> str:
    """Manifest as stable, human-diffable JSON (for training recipes)."""
    return json.dumps(manifest.model_dump(mode="json", exclude_none=True), indent=2) + "\n"
