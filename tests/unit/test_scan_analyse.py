"""`scan analyse`: every accepted file type goes through; bad files are named, others still run."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import cv2
import numpy as np
import pydicom
import pytest
import tifffile
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

from tests.unit.onnx_fixtures import darkness_heatmap_model, install, manifest_for
from workstation.cli.context import CliContext
from workstation.cli.scan_analyse import register_analyse
from workstation.inference.intake import ImageReadError, read_grey


@pytest.fixture
def models_dir(tmp_path: Path) -> Path:
    data = darkness_heatmap_model(size=32)
    install(tmp_path / "models", manifest_for(
        "dark", data, decoder="heatmap", labels=["dense"], task="anomaly",
        scan_kinds=["imported"], thresholds={"score": 0.7}), data)
    return tmp_path / "models"


def _bag(dtype: type = np.uint8) -> np.ndarray:
    """A bright image with one dark 20 x 10 block at x=30, y=12."""
    top = np.iinfo(dtype).max
    image = np.full((48, 80), top, dtype=dtype)
    image[12:22, 30:50] = top // 20
    return image


def _dicom(path: Path, pixels: np.ndarray) -> None:
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.501.2.1"
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(str(path), {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.Rows, ds.Columns = pixels.shape
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 0
    ds.PixelData = pixels.astype(np.uint16).tobytes()
    ds.save_as(path, enforce_file_format=True)


def _run(models_dir: Path, files: list[Path], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict]]:
    parser = argparse.ArgumentParser()
    register_analyse(parser.add_subparsers())
    # Only the test model: the shipped models are found too and would add their own findings.
    args = parser.parse_args(["analyse", *map(str, files), "--json", "--models-dir", str(models_dir),
                              "--model", "dark"])
    code = args.func(CliContext(), args)
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    return code, lines


def test_every_format_is_analysed_with_the_same_finding(tmp_path: Path, models_dir: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    files = {
        "grey8.png": lambda p: cv2.imwrite(str(p), _bag()),
        "grey8.jpg": lambda p: cv2.imwrite(str(p), _bag()),
        "colour.png": lambda p: cv2.imwrite(str(p), cv2.cvtColor(_bag(), cv2.COLOR_GRAY2BGR)),
        "scan16.png": lambda p: cv2.imwrite(str(p), _bag(np.uint16)),
        "scan16.tif": lambda p: tifffile.imwrite(p, _bag(np.uint16)),
        "dual.tif": lambda p: tifffile.imwrite(p, np.stack([_bag(np.uint16), _bag(np.uint16)])),
        "scan.dcs": lambda p: _dicom(p, _bag(np.uint16)),
    }
    paths = []
    for name, write in files.items():
        write(tmp_path / name)
        paths.append(tmp_path / name)
    code, records = _run(models_dir, paths, capsys)
    assert code == 0
    for record in records:
        assert record["ms"] > 0
        (finding,) = record["findings"]
        assert finding["label"] == "dense" and finding["model"] == "dark"
        assert finding["box"] == pytest.approx([30, 12, 20, 10], abs=3), record["image"]


def test_unreadable_file_is_named_and_others_still_run(tmp_path: Path, models_dir: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "notes.png"
    bad.write_text("not an image")
    good = tmp_path / "bag.png"
    cv2.imwrite(str(good), _bag())
    code, records = _run(models_dir, [bad, good], capsys)
    assert code == 2  # bad input, as everywhere in the command (a model failure is 1)
    assert records[0]["image"] == str(bad) and "not a readable image" in records[0]["error"]
    assert len(records[1]["findings"]) == 1


def test_monochrome1_dicom_is_flipped_so_air_is_bright(tmp_path: Path) -> None:
    path = tmp_path / "m1.dcm"
    _dicom(path, 65535 - _bag(np.uint16))
    ds = pydicom.dcmread(path)
    ds.PhotometricInterpretation = "MONOCHROME1"
    ds.save_as(path)
    grey = read_grey(path)
    assert grey[0, 0] == pytest.approx(1.0) and grey[15, 40] < 0.1


def test_blank_16_bit_image_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blank.tif"
    tifffile.imwrite(path, np.zeros((20, 20), np.uint16))
    with pytest.raises(ImageReadError, match="blank.tif: image is blank"):
        read_grey(path)


@pytest.fixture
def cargo_models_dir(tmp_path: Path) -> Path:
    """A "cargo" heatmap model whose dark regions stand for goods in the load space."""
    data = darkness_heatmap_model(size=32)
    install(tmp_path / "cargo-models", manifest_for(
        "load", data, decoder="heatmap", labels=["goods"], task="anomaly", scan_kinds=["cargo"],
        thresholds={"score": 0.7}, declaration={"load_label": "goods"}), data)
    return tmp_path / "cargo-models"


@pytest.mark.parametrize(("declared", "expected"), [
    ([], []), (["--declared", "loaded"], []), (["--declared", "empty"], ["goods-in-empty"]),
])
def test_goods_are_findings_only_against_a_declared_empty_container(
        tmp_path: Path, cargo_models_dir: Path, capsys: pytest.CaptureFixture[str],
        declared: list[str], expected: list[str]) -> None:
    scan = tmp_path / "truck.dcs"
    _dicom(scan, _bag(np.uint16))
    ds = pydicom.dcmread(scan)
    ds.OOIType = "CARGO"  # as `workstation scan simulate --kind cargo-...` writes it
    ds.save_as(scan)
    parser = argparse.ArgumentParser()
    register_analyse(parser.add_subparsers())
    args = parser.parse_args(["analyse", str(scan), "--json", "--models-dir", str(cargo_models_dir),
                              "--model", "load", *declared])
    assert args.func(CliContext(), args) == 0
    (record,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [f["label"] for f in record["findings"]] == expected
    if expected:
        assert record["findings"][0]["box"] == pytest.approx([30, 12, 20, 10], abs=3)


def test_a_declaration_rule_must_name_one_of_the_labels() -> None:
    data = darkness_heatmap_model(size=32)
    with pytest.raises(ValueError, match="declaration.load_label 'cargo' is not in labels"):
        manifest_for("load", data, decoder="heatmap", labels=["goods"], task="anomaly",
                     declaration={"load_label": "cargo"})


def test_a_stored_simulated_scan_reads_exactly_in_display_orientation(tmp_path: Path) -> None:
    from workstation.inference.intake import grey_from_scan, scan_kind_hint
    from workstation.scans.dicos import write_dicos
    from workstation.scans.simulate import simulate_scan

    scan, scene = simulate_scan("parcel", 3, size=(160, 96))
    path = tmp_path / "parcel.dcs"
    path.write_bytes(write_dicos(scan, kind="parcel", device="simulator"))
    grey = read_grey(path)
    # Lines run left to right (columns), detector pixels top to bottom (rows), as the viewer
    # shows them; values are the calibrated transmission, not re-stretched.
    assert grey.shape == (96, 160)
    np.testing.assert_array_equal(grey, grey_from_scan(scan))
    x, y, w, h = next(o.box for o in scene.objects if o.label == "bag")
    assert grey[y:y + h, x:x + w].mean() < grey[:, :x].mean() - 0.2
    assert scan_kind_hint(path) == "parcel"
