"""Models fail closed: signed manifests (Ed25519), trusted keys from configuration, and a
refused model is an error in `scan analyse`, in the lane and in `models verify` (OCR too)."""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import stat
from pathlib import Path

import cv2
import numpy as np
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.unit.onnx_fixtures import darkness_heatmap_model, install, manifest_for
from workstation.cli.context import CliContext
from workstation.cli.main import main
from workstation.cli.scan_analyse import register_analyse
from workstation.config import ConfigError, WorkstationConfig, load
from workstation.inference.registry import MODELS_DIR_ENV, ModelRegistry
from workstation.inference.signing import (
    build_trust,
    default_trust,
    dev_private_key_path,
    load_private_key,
    sign_document,
    write_signed,
)
from workstation.recognition.modelstore import MODELS_ENV, ModelError, load_model, models_dir


def _keypair(folder: Path, name: str) -> tuple[Path, Path, str]:
    """A post's key pair as PEM files, and the public key inline (``ed25519:BASE64``)."""
    import base64

    key = Ed25519PrivateKey.generate()
    private = folder / f"{name}.key"
    public = folder / f"{name}.pub"
    private.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    public.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                     serialization.PublicFormat.SubjectPublicKeyInfo))
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return private, public, "ed25519:" + base64.b64encode(raw).decode()


@pytest.fixture
def no_shipped_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped models out of the way: only the test's own folders are searched."""
    empty = tmp_path / "no-shipped-models"
    empty.mkdir()
    monkeypatch.setenv(MODELS_DIR_ENV, str(empty))


@pytest.fixture
def dark(tmp_path: Path) -> Path:
    """A model for imported images, signed with the development key; its manifest path."""
    data = darkness_heatmap_model(size=32)
    return install(tmp_path / "models" / "dark", manifest_for(
        "dark", data, decoder="heatmap", labels=["dense"], task="anomaly",
        scan_kinds=["imported"], thresholds={"score": 0.7}), data)


def _rehash(manifest_path: Path) -> None:
    """Change the model file and re-compute the manifest's sha256 without re-signing."""
    raw = json.loads(manifest_path.read_text())
    model = manifest_path.parent / raw["file"]
    data = bytearray(model.read_bytes())
    data[len(data) // 2] ^= 0x01
    model.write_bytes(bytes(data))
    raw["sha256"] = hashlib.sha256(bytes(data)).hexdigest()
    manifest_path.write_text(json.dumps(raw, indent=2))


def _refusal(root: Path, trust=None):  # noqa: ANN001, ANN202 - test helper
    good, refused = ModelRegistry([root], threads=1, trust=trust).verify()
    assert good == []
    (refusal,) = refused
    return refusal


def test_a_signed_manifest_loads(dark: Path) -> None:
    report = ModelRegistry([dark.parent], threads=1).load(warm_up=False)
    assert list(report.loaded) == ["dark"] and report.refused == []


def test_tampered_model_file_is_refused_naming_model_and_hashes(dark: Path) -> None:
    model = dark.parent / "dark.onnx"
    data = bytearray(model.read_bytes())
    data[len(data) // 2] ^= 0x01
    model.write_bytes(bytes(data))
    refusal = _refusal(dark.parent)
    assert refusal.name == "dark"
    assert "model dark 1.0.0" in refusal.reason and "does not match its manifest" in refusal.reason
    # The manifest itself is trusted, so the kinds it was meant for are known.
    assert refusal.scan_kinds == ("imported",)
    assert refusal.affects("imported") and not refusal.affects("cargo")


def test_rehashed_manifest_that_was_not_resigned_is_refused(dark: Path) -> None:
    _rehash(dark)
    refusal = _refusal(dark.parent)
    assert refusal.name == "dark"
    assert "changed after it was signed" in refusal.reason
    assert str(dark) in refusal.reason
    # Nothing in an untrusted manifest is believed: it may have been meant for any kind.
    assert refusal.scan_kinds is None and refusal.affects("cargo")


def test_unsigned_manifest_is_refused(dark: Path) -> None:
    raw = json.loads(dark.read_text())
    del raw["signature"]
    dark.write_text(json.dumps(raw))
    refusal = _refusal(dark.parent)
    assert refusal.name == "dark" and "is not signed" in refusal.reason


def test_manifest_signed_by_an_untrusted_key_is_refused(dark: Path, tmp_path: Path) -> None:
    private, _, _ = _keypair(tmp_path, "stranger")
    raw = json.loads(dark.read_text())
    write_signed(dark, sign_document(raw, load_private_key(private)))
    refusal = _refusal(dark.parent)
    assert refusal.name == "dark"
    assert "which this lane does not trust" in refusal.reason
    assert default_trust().keys[0].key_id in refusal.reason  # says which keys are trusted


def test_post_key_from_configuration_is_trusted_and_dev_key_can_be_distrusted(
        dark: Path, tmp_path: Path, no_shipped_models: None) -> None:
    private, public, inline = _keypair(tmp_path, "post")
    data = darkness_heatmap_model(size=32)
    post_manifest = install(tmp_path / "post-models" / "mine", manifest_for(
        "mine", data, decoder="heatmap", labels=["dense"], task="anomaly"), data)
    assert main(["models", "sign", str(post_manifest), "--key", str(private)]) == 0
    # Relative key file, relative to the lane file; the development key distrusted.
    lane = tmp_path / "lane.toml"
    lane.write_text('[models]\nextra_dirs = ["models", "post-models"]\n'
                    'trusted_keys = ["post.pub"]\ntrust_development_key = false\n')
    config = load(lane)
    assert config.models.trusted_keys == [str(public)]
    good, refused = _registry(config).verify()
    assert [v.manifest.name for v in good] == ["mine"]
    assert [r.name for r in refused] == ["dark"] and "does not trust" in refused[0].reason
    # The same key inline, with the development key trusted as well: both load.
    lane.write_text(f'[models]\nextra_dirs = ["models", "post-models"]\ntrusted_keys = ["{inline}"]\n')
    good, refused = _registry(load(lane)).verify()
    assert sorted(v.manifest.name for v in good) == ["dark", "mine"] and refused == []


def _registry(config: WorkstationConfig) -> ModelRegistry:
    from workstation.inference.registry import default_models_dir
    from workstation.inference.settings import trust_for

    return ModelRegistry([default_models_dir(), *config.models.extra_dirs], threads=1,
                         trust=trust_for(config.models))


def test_a_trusted_key_that_cannot_be_read_is_a_configuration_error(tmp_path: Path) -> None:
    lane = tmp_path / "lane.toml"
    lane.write_text('[models]\ntrusted_keys = ["missing.pub"]\n')
    with pytest.raises(ConfigError, match=r"lane.toml: models.trusted_keys.0: .*missing.pub: cannot read"):
        load(lane)
    (tmp_path / "rsa.pub").write_text("-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n")
    lane.write_text('[models]\ntrusted_keys = ["rsa.pub"]\n')
    with pytest.raises(ConfigError, match=r"models.trusted_keys.0: .*rsa.pub: not a PEM public key"):
        load(lane)


def _analyse(models_dir: Path, image: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    parser = argparse.ArgumentParser()
    register_analyse(parser.add_subparsers())
    args = parser.parse_args(["analyse", str(image), "--json", "--models-dir", str(models_dir)])
    code = args.func(CliContext(), args)
    (record,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    return code, record


def _bag(path: Path) -> Path:
    image = np.full((48, 80), 255, np.uint8)
    image[12:22, 30:50] = 12
    cv2.imwrite(str(path), image)
    return path


def test_scan_analyse_fails_naming_the_refused_model_never_zero_findings(
        dark: Path, tmp_path: Path, no_shipped_models: None,
        capsys: pytest.CaptureFixture[str]) -> None:
    image = _bag(tmp_path / "bag.png")
    code, record = _analyse(dark.parent.parent, image, capsys)
    assert code == 0 and [f["label"] for f in record["findings"]] == ["dense"]
    _rehash(dark)
    code, record = _analyse(dark.parent.parent, image, capsys)
    assert code == 1
    assert "findings" not in record
    assert record["image"] == str(image)
    assert "model verification failed" in record["error"]
    (refused,) = record["refused"]
    assert refused["name"] == "dark" and refused["manifest"] == str(dark)
    assert "changed after it was signed" in refused["reason"]


def test_a_refused_model_for_another_scan_kind_does_not_stop_analysis(
        dark: Path, tmp_path: Path, no_shipped_models: None,
        capsys: pytest.CaptureFixture[str]) -> None:
    data = darkness_heatmap_model(size=32)
    cargo = install(tmp_path / "models" / "cargo", manifest_for(
        "cargo", data, decoder="heatmap", labels=["dense"], task="anomaly", scan_kinds=["cargo"]),
        data)
    (cargo.parent / "cargo.onnx").write_bytes(data + b"\0")  # changed file, trusted manifest
    code, record = _analyse(dark.parent.parent, _bag(tmp_path / "bag.png"), capsys)
    assert code == 0 and [f["label"] for f in record["findings"]] == ["dense"]


def test_a_file_of_a_kind_no_model_analyses_is_an_error_not_zero_findings(
        dark: Path, tmp_path: Path, no_shipped_models: None,
        capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    register_analyse(parser.add_subparsers())
    args = parser.parse_args(["analyse", str(_bag(tmp_path / "bag.png")), "--json", "--kind",
                              "cargo", "--models-dir", str(dark.parent.parent)])
    assert args.func(CliContext(), args) == 1
    record = json.loads(capsys.readouterr().out)
    assert "findings" not in record and "no model installed for cargo scans" in record["error"]


def test_lane_analyser_reports_a_refused_model_as_an_error(
        dark: Path, tmp_path: Path, no_shipped_models: None) -> None:
    from workstation.lane.analysis import ScanAnalyser
    from workstation.scans.simulate import simulate_scan

    _rehash(dark)
    config = WorkstationConfig()
    config.models.extra_dirs = [dark.parent.parent]
    analyser = ScanAnalyser(config)
    try:
        scan, _ = simulate_scan("parcel", 1, size=(64, 64))
        outcome = analyser.analyse(scan, "parcel")
    finally:
        analyser.close()
    assert outcome.error is True and outcome.analyses == []
    assert "model dark" in outcome.message and "changed after it was signed" in outcome.message


def test_models_verify_lists_ocr_models(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "verify", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    ocr = {m["name"] for m in out["loaded"] if m["kind"] == "ocr"}
    assert ocr == {"ppocrv4-latin/detector", "ppocrv4-latin/recogniser"}
    assert out["development_key_trusted"] is True


@pytest.fixture
def ocr_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "ocr"
    shutil.copytree(models_dir(), folder)
    monkeypatch.setenv(MODELS_ENV, str(folder))
    return folder


def test_a_rehashed_ocr_manifest_is_refused_by_verify_and_by_the_reader(
        ocr_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = ocr_copy / "manifest.json"
    raw = json.loads(manifest.read_text())
    raw["models"]["detector"]["sha256"] = "0" * 64
    manifest.write_text(json.dumps(raw, indent=2))
    assert main(["models", "verify", "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    refused = [r for r in out["refused"] if r["kind"] == "ocr"]
    assert {r["name"] for r in refused} == {"ocr/detector", "ocr/recogniser"}
    assert all("OCR model ppocrv4-latin" in r["reason"] and "changed after it was signed"
               in r["reason"] for r in refused)
    with pytest.raises(ModelError, match="changed after it was signed"):
        load_model("recogniser", ocr_copy)


def test_ocr_signed_by_a_post_key_loads_only_when_that_key_is_trusted(
        ocr_copy: Path, tmp_path: Path) -> None:
    private, public, _ = _keypair(tmp_path, "post")
    assert main(["models", "sign", str(ocr_copy / "manifest.json"), "--key", str(private)]) == 0
    with pytest.raises(ModelError, match="does not trust"):
        load_model("detector", ocr_copy, threads=1)
    trust = build_trust([str(public)], development_key=False)
    assert load_model("detector", ocr_copy, threads=1, trust=trust).sha256


def test_sign_refuses_a_manifest_whose_hash_is_stale(dark: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    before = dark.read_text()
    (dark.parent / "dark.onnx").write_bytes(b"another model")
    assert main(["models", "sign", str(dark), "--key", str(dev_private_key_path())]) == 2
    assert "fix the manifest first (not signed)" in capsys.readouterr().err
    assert dark.read_text() == before


def test_keygen_makes_an_owner_only_private_key_and_a_usable_public_key(tmp_path: Path) -> None:
    assert main(["models", "keygen", str(tmp_path / "post")]) == 0
    mode = stat.S_IMODE((tmp_path / "post.key").stat().st_mode)
    assert mode == 0o600
    trust = build_trust([str(tmp_path / "post.pub")], development_key=False)
    assert len(trust.keys) == 1 and not trust.development_key_trusted
    assert main(["models", "keygen", str(tmp_path / "post")]) == 2  # never overwritten


def test_every_shipped_manifest_is_signed_with_the_development_key() -> None:
    from workstation.inference.registry import default_models_dir, find_manifests

    dev = default_trust().keys[0].key_id
    shipped = [*find_manifests([default_models_dir()]), models_dir() / "manifest.json"]
    assert len(shipped) >= 3
    for path in shipped:
        assert json.loads(path.read_text())["signature"]["key_id"] == dev, path
