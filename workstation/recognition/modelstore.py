"""The OCR model files: manifest, hash check before loading, onnxruntime sessions.

Models are loaded from verified bytes: ``manifest.json`` must carry an Ed25519 signature by a
key the lane trusts (:mod:`workstation.inference.signing`; default: the development key),
and each file's sha256 must equal the signed manifest's. Then onnxruntime opens them on the
CPU provider, with thread counts set for the machine. The folder is ``models/ocr`` of the
source tree, or ``$WORKSTATION_OCR_MODELS`` when set (a frozen build points it at its data).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import onnxruntime as ort

from workstation.inference.signing import (
    SignatureError,
    TrustError,
    TrustStore,
    default_trust,
    verify_document,
)

MODELS_ENV = "WORKSTATION_OCR_MODELS"
DEFAULT_DIR = Path(__file__).resolve().parents[2] / "models" / "ocr"


class ModelError(Exception):
    """A model file is missing, altered (hash mismatch), or its manifest is invalid, unsigned
    or not signed by a trusted key."""


ROLES = ("detector", "recogniser")


@dataclass(frozen=True)
class LoadedModel:
    name: str
    sha256: str
    spec: dict[str, Any]
    session: ort.InferenceSession


def models_dir() -> Path:
    return Path(os.environ.get(MODELS_ENV) or DEFAULT_DIR)


def read_manifest(folder: Path | None = None, trust: TrustStore | None = None) -> dict[str, Any]:
    """The OCR manifest, after its signature is checked against ``trust`` (default: the
    development key only)."""
    folder = folder or models_dir()
    path = folder / "manifest.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{path}: OCR model manifest not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelError(f"{path}: cannot read the OCR model manifest: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ModelError(f"{path}: not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ModelError(f"{path}: the OCR manifest is not a JSON object")
    name = data.get("name") if isinstance(data.get("name"), str) else "ocr"
    try:
        verify_document(data, trust if trust is not None else default_trust())
    except (SignatureError, TrustError) as exc:
        raise ModelError(f"OCR model {name}: {path}: {exc}") from None
    return data


def session_options(threads: int | None = None) -> ort.SessionOptions:
    """CPU session options: intra-op threads = ``threads`` or the machine's cores (max 8).

    The intra-op threads sleep between operators instead of spinning: onnxruntime's default
    busy-wait keeps every core of a lane PC busy for the whole 1-3 s of a plate read, and
    the officer's screen (the Qt main thread) then waits for a CPU.
    """
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads or min(8, os.cpu_count() or 1)
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    return options


def load_model(role: str, folder: Path | None = None, threads: int | None = None,
               trust: TrustStore | None = None) -> LoadedModel:
    """Load the manifest's ``role`` model (``detector`` or ``recogniser``) after checking the
    manifest's signature and the file's hash."""
    folder = folder or models_dir()
    manifest = read_manifest(folder, trust)
    try:
        spec = manifest["models"][role]
        file = folder / spec["file"]
        expected = spec["sha256"]
    except (KeyError, TypeError) as exc:
        raise ModelError(f"{folder / 'manifest.json'}: models.{role}: missing key {exc}") from None
    if Path(str(spec["file"])).is_absolute() or ".." in Path(str(spec["file"])).parts:
        raise ModelError(f"{folder / 'manifest.json'}: models.{role}.file must be inside {folder}")
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise ModelError(f"{file}: model file not found (run models/ocr/recipes/extract_ppocr.py)") from None
    except OSError as exc:
        raise ModelError(f"{file}: cannot read the model file: {exc.strerror}") from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != expected:
        raise ModelError(f"{file}: sha256 {digest} does not match the manifest ({expected}); "
                         "the file was altered or replaced")
    try:
        session = ort.InferenceSession(data, sess_options=session_options(threads),
                                       providers=["CPUExecutionProvider"])
    except Exception as exc:  # noqa: BLE001 - onnxruntime raises several unrelated types
        raise ModelError(f"{file}: onnxruntime cannot open it: {str(exc).splitlines()[0]}") from None
    return LoadedModel(name=f"{manifest.get('name', 'ocr')}/{role}", sha256=digest, spec=spec,
                       session=session)


@lru_cache(maxsize=4)
def cached_model(role: str, folder: str | None = None, trust: TrustStore | None = None) -> LoadedModel:
    """One session per model, folder and trust for the process (sessions are thread-safe for
    run()). A refusal is not cached: the next call checks again."""
    return load_model(role, Path(folder) if folder else None, trust=trust)
