"""Scan import and analysis refuse image bombs, truncated and inconsistent files by name,
and go on with the next file of a batch (issue 17, item 6)."""

from __future__ import annotations

import argparse
import io
import json
import struct
import zlib
from pathlib import Path

import cv2
import numpy as np
import pydicom
import pytest
import tifffile

from devices.xray.folder_import import FolderImportDriver
from devices.xray.scan_files import DEFAULT_MAX_PIXELS, UnsupportedScanFile, read_scan_file
from tests.fuzz.seeds import plain_dicom
from tests.unit.onnx_fixtures import darkness_heatmap_model, install, manifest_for
from workstation import config as config_module
from workstation.cli.context import CliContext
from workstation.cli.scan_analyse import register_analyse
from workstation.inference.intake import ImageReadError, read_grey


def _png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` but that holds 64 bytes of pixels."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 16, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + chunk(b"IEND", b""))


def _dicom_claiming(rows: int, columns: int) -> bytes:
    ds = pydicom.dcmread(io.BytesIO(plain_dicom()))
    ds.Rows, ds.Columns = rows, columns
    buffer = io.BytesIO()
    ds.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def test_image_bombs_are_refused_from_the_header(tmp_path: Path) -> None:
    """Each file claims 50,000 x 50,000 = 2,500 megapixels (5 GB at 16 bit) in a few hundred
    bytes; the refusal names the limit, which only the header check gives (decoding the few
    bytes there are would fail with another message, or allocate the 5 GB first)."""
    png = tmp_path / "bomb.png"
    png.write_bytes(_png_claiming(50_000, 50_000))
    dcm = tmp_path / "bomb.dcs"
    dcm.write_bytes(_dicom_claiming(50_000, 50_000))
    for path in (png, dcm):
        with pytest.raises(UnsupportedScanFile, match=rf"{path.name}: an image of 50000 x 50000 = "
                                                      r"2500.0 megapixels, over the limit of 200"):
            read_scan_file(path)
        with pytest.raises(ImageReadError, match=rf"{path.name}: .*over the limit of 200 megapixels"):
            read_grey(path)
    assert DEFAULT_MAX_PIXELS == 200_000_000


def test_the_pixel_limit_is_configuration(tmp_path: Path) -> None:
    lane = tmp_path / "lane.toml"
    lane.write_text("[imports]\nmax_scan_megapixels = 0.0005\n")
    limit = int(config_module.load(lane).imports.max_scan_megapixels * 1e6)
    path = tmp_path / "scan.png"
    cv2.imwrite(str(path), np.full((24, 32), 60000, np.uint16))  # 768 pixels > 500
    with pytest.raises(UnsupportedScanFile, match="over the limit of 0.0005 megapixels"):
        read_scan_file(path, max_pixels=limit)
    assert read_scan_file(path).high.shape == (32, 24)  # under the default limit
    lane.write_text("[imports]\nmax_scan_megapixel = 10\n")
    with pytest.raises(config_module.ConfigError, match="imports.max_scan_megapixel: unknown key"):
        config_module.load(lane)
    assert config_module.load(None).imports.max_scan_megapixels == 200


def test_truncated_and_inconsistent_files_are_named(tmp_path: Path) -> None:
    cases: dict[str, tuple[bytes, str]] = {}
    dicom = plain_dicom()
    cases["cut.dcs"] = (dicom[:-300], "truncated or inconsistent pixel data: element "
                                      r"\(7FE0,0010\) holds \d+ bytes, the header promises 1536")
    png = cv2.imencode(".png", np.full((24, 32), 60000, np.uint16))[1].tobytes()
    cases["cut.png"] = (png[:-20], "truncated PNG")
    buffer = io.BytesIO()
    tifffile.imwrite(buffer, np.full((24, 32), 60000, np.uint16))
    tiff = buffer.getvalue()
    cases["cut.tif"] = (tiff[:200], "truncated TIFF")
    cases["empty.dcs"] = (b"", "an empty file")
    cases["noise.dcs"] = (b"\0" * 128 + b"DICM" + b"\xff" * 64, "DICOM")
    for name, (data, problem) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(UnsupportedScanFile, match=rf"{name}: .*{problem}"):
            read_scan_file(path)
        with pytest.raises(ImageReadError, match=rf"{name}: "):
            read_grey(path)


def test_a_compressed_frame_larger_than_its_header_is_refused_before_decoding(tmp_path: Path) -> None:
    """A JPEG frame whose own header says 40,000 x 40,000 inside a DICOM header of 24 x 32."""
    from pydicom.encaps import encapsulate

    ds = pydicom.dcmread(io.BytesIO(plain_dicom()))
    sof3 = b"\xff\xc3\x00\x0b\x10" + struct.pack(">HH", 40_000, 40_000) + b"\x01\x01\x11\x00"
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.4.70"
    ds.PixelData = encapsulate([b"\xff\xd8" + sof3 + b"\xff\xd9\x00"])
    ds["PixelData"].VR = "OB"
    ds["PixelData"].is_undefined_length = True
    path = tmp_path / "liar.dcs"
    ds.save_as(path, enforce_file_format=True)
    with pytest.raises(UnsupportedScanFile, match="compressed frame 1 is 40000 x 40000 pixels, "
                                                  r"the header says 32 x 24 \(inconsistent\)"):
        read_scan_file(path)


def test_folder_import_quarantines_bad_files_and_imports_the_next(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "a-bomb.png").write_bytes(_png_claiming(50_000, 50_000))
    (folder / "b-cut.dcs").write_bytes(plain_dicom()[:-300])
    (folder / "c-good.dcs").write_bytes(plain_dicom())
    driver = FolderImportDriver.from_settings("scanner", {
        "folder": str(folder), "quarantine": str(tmp_path / "q"), "stable_polls": 1,
        "pixel_mm": 0.5, "energy_pair": "kev", "scanner_class": "parcel",
        "max_scan_megapixels": 100})
    driver.open(1.0)
    try:
        driver.poll()
        imported, quarantined = driver.poll()
    finally:
        driver.close()
    assert [i.source.name for i in imported] == ["c-good.dcs"]
    assert {q.source.name: q.reason for q in quarantined}.keys() == {"a-bomb.png", "b-cut.dcs"}
    why = (tmp_path / "q" / "a-bomb.png.why.txt").read_text()
    assert "over the limit of 100 megapixels" in why


def test_scan_analyse_names_bad_files_exits_2_and_analyses_the_rest(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = darkness_heatmap_model(size=32)
    install(tmp_path / "models", manifest_for(
        "dark", data, decoder="heatmap", labels=["dense"], task="anomaly",
        scan_kinds=["imported"], thresholds={"score": 0.7}), data)
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(_png_claiming(50_000, 50_000))
    cut = tmp_path / "cut.dcs"
    cut.write_bytes(plain_dicom()[:-300])
    good = tmp_path / "bag.png"
    image = np.full((48, 80), 255, np.uint8)
    image[12:22, 30:50] = 10
    cv2.imwrite(str(good), image)
    parser = argparse.ArgumentParser()
    register_analyse(parser.add_subparsers())
    args = parser.parse_args(["analyse", str(bomb), str(cut), str(good), "--json",
                              "--models-dir", str(tmp_path / "models"), "--model", "dark"])
    code = args.func(CliContext(), args)
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 2
    assert "bomb.png: an image of 50000 x 50000" in records[0]["error"]
    assert "cut.dcs: " in records[1]["error"] and "truncated" in records[1]["error"]
    assert len(records[2]["findings"]) == 1
