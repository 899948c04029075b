"""Registry: verified bytes only; a tampered or mismatched model is refused, the others load."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.unit.onnx_fixtures import constant_model, darkness_heatmap_model, install, manifest_for
from workstation.cli.main import main
from workstation.inference.manifest import ManifestError, load_manifest
from workstation.inference.registry import ModelRegistry
from workstation.inference.signing import (
    dev_private_key_path,
    load_private_key,
    sign_document,
    write_signed,
)


@pytest.fixture
def models_dir(tmp_path: Path) -> Path:
    root = tmp_path / "models"
    rows = np.zeros((3, 6), dtype=np.float32)
    good = constant_model(rows.T.copy())
    install(root / "alpha", manifest_for("alpha", good, decoder="yolo-v8", labels=["a", "b"]), good)
    heat = darkness_heatmap_model()
    install(root / "beta", manifest_for("beta", heat, decoder="heatmap", labels=["dense"],
                                        task="anomaly"), heat)
    return root


def _flip_one_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def test_all_models_load_and_warm_up(models_dir: Path) -> None:
    report = ModelRegistry([models_dir], threads=1).load()
    assert sorted(report.loaded) == ["alpha", "beta"]
    assert report.refused == []
    assert report.loaded["beta"].session.get_providers() == ["CPUExecutionProvider"]


def test_tampered_model_is_refused_naming_both_hashes_while_others_load(models_dir: Path) -> None:
    manifest = load_manifest(models_dir / "alpha" / "alpha.manifest.json")
    _flip_one_byte(models_dir / "alpha" / "alpha.onnx")
    report = ModelRegistry([models_dir], threads=1).load()
    assert sorted(report.loaded) == ["beta"]
    (refusal,) = report.refused
    assert refusal.name == "alpha"
    assert "model alpha 1.0.0" in refusal.reason
    assert f"expected sha256 {manifest.sha256}" in refusal.reason
    actual = refusal.reason.split("actual ")[1][:64]
    assert len(actual) == 64 and actual != manifest.sha256


def test_models_verify_command_fails_on_a_changed_byte(models_dir: Path, capsys) -> None:
    assert main(["models", "verify", "--models-dir", str(models_dir)]) == 0
    _flip_one_byte(models_dir / "beta" / "beta.onnx")
    assert main(["models", "verify", "--json", "--models-dir", str(models_dir)]) == 1
    out = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert [m["name"] for m in out["loaded"] if m["name"] in ("alpha", "beta")] == ["alpha"]
    assert any(r["name"] == "beta" and "expected sha256" in r["reason"] for r in out["refused"])


def test_input_shape_not_as_described_is_refused(tmp_path: Path) -> None:
    data = darkness_heatmap_model(size=32)
    manifest = manifest_for("gamma", data, decoder="heatmap", labels=["dense"], size=64)
    install(tmp_path / "m", manifest, data)
    report = ModelRegistry([tmp_path / "m"], threads=1).load()
    assert report.loaded == {}
    assert "gamma" in report.refused[0].reason and "manifest says NCHW" in report.refused[0].reason


def test_manifest_with_unknown_key_names_file_and_key(tmp_path: Path) -> None:
    data = darkness_heatmap_model()
    path = install(tmp_path, manifest_for("delta", data, decoder="heatmap", labels=["x"]), data)
    raw = json.loads(path.read_text())
    raw["input"]["normalise"] = True
    # Re-signed: the key is checked after the signature (an unsigned edit is refused earlier).
    write_signed(path, sign_document(raw, load_private_key(dev_private_key_path())))
    with pytest.raises(ManifestError, match=r"delta.manifest.json: input.normalise: unknown key"):
        load_manifest(path)
    report = ModelRegistry([tmp_path], threads=1).load()
    assert "input.normalise: unknown key" in report.refused[0].reason


def test_models_list_shows_figures(models_dir: Path, capsys) -> None:
    assert main(["models", "list", "--json", "--models-dir", str(models_dir)]) == 0
    out = json.loads(capsys.readouterr().out)
    names = {m["name"] for m in out["models"]}
    assert {"alpha", "beta"} <= names
