"""Scan storage: DICOS files in the content-addressed store, rows in ``scans``, imports, CLI."""

from __future__ import annotations

import uuid
from pathlib import Path

import cv2
import numpy as np
import pydicom
import pytest
import tifffile
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

from workstation.db.engine import Database
from workstation.imaging.scan import DualEnergyScan
from workstation.scans import (
    DICOS_DX_FOR_PROCESSING,
    ImageStore,
    ScanIntegrityError,
    UnsupportedScanFile,
    open_scan,
    read_scan_file,
    save_scan,
)
from workstation.scans.simulate import simulate_scan


@pytest.fixture(scope="module")
def parcel() -> DualEnergyScan:
    return simulate_scan("parcel", 3, size=(240, 160))[0]


def test_saved_scan_reads_back_with_pydicom_as_dicos_dx_with_both_energies(
        db: Database, tmp_path: Path, parcel: DualEnergyScan) -> None:
    store = ImageStore(tmp_path / "images")
    row = save_scan(db, store, parcel, kind="parcel", device="scanner-1", retention_days=30)
    path = Path(row.path)
    assert path.parent.parent == store.root and path.stem == row.sha256
    ds = pydicom.dcmread(path)
    assert ds.SOPClassUID == DICOS_DX_FOR_PROCESSING == "1.2.840.10008.5.1.4.1.1.501.2.2"
    assert ds.file_meta.MediaStorageSOPClassUID == DICOS_DX_FOR_PROCESSING
    assert ds.Modality == "DX" and int(ds.NumberOfFrames) == 2
    assert (ds.Rows, ds.Columns) == (parcel.pixels, parcel.lines)
    frames = ds.pixel_array
    np.testing.assert_array_equal(frames[0], parcel.high.T)
    np.testing.assert_array_equal(frames[1], parcel.low.T)
    block = ds.private_block(0x0011, "INSPECTION-WORKSTATION 1")
    assert list(block[0x01].value) == ["HIGH", "LOW"]

    stored, scan = open_scan(db, store, row.id)
    assert stored.kind == "parcel" and stored.energies == 2 and stored.complete
    assert stored.purge_after is not None
    np.testing.assert_array_equal(scan.low, parcel.low)
    np.testing.assert_array_equal(scan.high, parcel.high)
    assert scan.meta["ground_truth"] and scan.energy_pair == "kev"


def test_one_altered_byte_makes_opening_fail_naming_file_and_hashes(
        sqlite_db: Database, tmp_path: Path, parcel: DualEnergyScan) -> None:
    store = ImageStore(tmp_path / "images")
    row = save_scan(sqlite_db, store, parcel, kind="parcel")
    path = Path(row.path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(ScanIntegrityError) as err:
        open_scan(sqlite_db, store, row.id)
    message = str(err.value)
    assert str(path) in message and row.sha256 in message
    assert f"hashes to {__import__('hashlib').sha256(bytes(data)).hexdigest()}" in message


def test_incomplete_scan_keeps_its_reason(sqlite_db: Database, tmp_path: Path,
                                          parcel: DualEnergyScan) -> None:
    store = ImageStore(tmp_path / "images")
    with pytest.raises(ValueError, match="needs the reason"):
        save_scan(sqlite_db, store, parcel, kind="parcel", complete=False)
    row = save_scan(sqlite_db, store, parcel, kind="cargo-mixed", complete=False,
                    incomplete_reason="connection dropped at line 120")
    stored, _ = open_scan(sqlite_db, store, row.id)
    assert stored.kind == "cargo" and not stored.complete
    assert stored.incomplete_reason == "connection dropped at line 120"


def test_16_bit_tiff_and_png_import_keep_every_bit(tmp_path: Path) -> None:
    image = (np.arange(64 * 48, dtype=np.uint32) * 21 % 65536).astype(np.uint16).reshape(48, 64)
    tiff = tmp_path / "scan.tif"
    tifffile.imwrite(tiff, image)
    png = tmp_path / "scan.png"
    assert cv2.imwrite(str(png), image)
    for path in (tiff, png):
        scan = read_scan_file(path)
        assert not scan.dual
        np.testing.assert_array_equal(scan.high.T, image)


def _dicom(path: Path, sop: str, modality: str, frames: int = 1) -> Path:
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID, ds.SOPInstanceUID, ds.Modality = sop, meta.MediaStorageSOPInstanceUID, modality
    ds.Rows, ds.Columns, ds.SamplesPerPixel = 16, 16, 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    if frames > 1:
        ds.NumberOfFrames = frames
    ds.PixelData = (np.arange(16 * 16 * frames, dtype=np.uint16) % 4096).tobytes()
    pydicom.dcmwrite(path, ds, enforce_file_format=True)
    return path


def test_unsupported_files_are_refused_saying_what_was_found(tmp_path: Path) -> None:
    ct = _dicom(tmp_path / "ct.dcm", "1.2.840.10008.5.1.4.1.1.2", "CT")
    with pytest.raises(UnsupportedScanFile, match=r"ct.dcm: a CT image .*; supported: a single 2-D"):
        read_scan_file(ct)
    multi = _dicom(tmp_path / "multi.dcm", "1.2.840.10008.5.1.4.1.1.1.1", "DX", frames=3)
    with pytest.raises(UnsupportedScanFile, match="multi-frame DICOM object with 3 frames"):
        read_scan_file(multi)
    stack = tmp_path / "stack.tif"
    tifffile.imwrite(stack, np.zeros((4, 32, 32), np.uint16), photometric="minisblack")
    with pytest.raises(UnsupportedScanFile, match="stack"):
        read_scan_file(stack)
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(UnsupportedScanFile, match="unknown file type"):
        read_scan_file(text)
    dx = read_scan_file(_dicom(tmp_path / "dx.dcm", "1.2.840.10008.5.1.4.1.1.1.1", "DX"))
    assert int(dx.high.max()) == round(255 * 65535 / 4095)  # 12-bit data scaled to 16 bits


def test_cli_import_show_export(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch, parcel: DualEnergyScan) -> None:
    from tests.cli_helper import Cli
    from workstation.scans.dicos import write_dicos

    cli = Cli(capsys, monkeypatch)
    cli.add_user("olga", "officer")
    source = tmp_path / "in.dcm"
    source.write_bytes(write_dicos(parcel, kind="parcel"))
    code, out, err = cli("scan", "import", str(source))
    assert code == 2 and "say who does this with --user" in err  # the store is the record
    code, out, _ = cli.as_user("olga", "scan", "import", str(source))
    assert code == 0
    scan_id = out.strip()
    uuid.UUID(scan_id)
    for view in ("grey", "material"):
        png = tmp_path / f"{view}.png"
        assert cli.as_user("olga", "scan", "show", scan_id, "--view", view, "--png",
                           str(png))[0] == 0
        image = cv2.imread(str(png), cv2.IMREAD_UNCHANGED)
        assert image.shape == (parcel.pixels, parcel.lines, 3)
    code, out, _ = cli.as_user("olga", "scan", "export", scan_id, "--dicos", str(tmp_path / "out"))
    assert code == 0
    exported = Path(out.strip().splitlines()[-1])
    assert pydicom.dcmread(exported).SOPClassUID == DICOS_DX_FOR_PROCESSING
    assert cli.as_user("olga", "scan", "show", str(uuid.uuid4()), "--png",
                       str(tmp_path / "x.png"))[0] == 3
    bad = tmp_path / "ct.dcm"
    _dicom(bad, "1.2.840.10008.5.1.4.1.1.2", "CT")
    code, _, err = cli.as_user("olga", "scan", "import", str(bad))
    assert code == 2
    assert "a CT image" in err
