"""Folder import: complete files only, every supported format, unreadable files quarantined."""

from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np
import pytest
import tifffile

from devices.base import DeviceUnavailable
from devices.registry import create_device
from devices.xray.folder_import import FolderImportDriver


@pytest.fixture
def driver(tmp_path: Path) -> FolderImportDriver:
    folder = tmp_path / "export"
    folder.mkdir()
    device = create_device({"name": "drop", "kind": "xray", "driver": "xray-folder",
                            "settings": {"folder": str(folder),
                                         "quarantine": str(tmp_path / "quarantine"),
                                         "stable_polls": 1}})
    assert isinstance(device, FolderImportDriver)
    device.open(1.0)
    return device


def _image() -> np.ndarray:
    ramp = np.linspace(1000, 60000, 48 * 64).reshape(48, 64)
    return ramp.astype(np.uint16)


def _poll_twice(driver: FolderImportDriver) -> tuple[list, list]:
    first = driver.poll()  # first sighting: size noted, not read
    assert first == ([], [])
    return driver.poll()


def test_tiff_png_and_dicos_are_imported_with_their_energies(driver: FolderImportDriver) -> None:
    from workstation.imaging.scan import DualEnergyScan
    from workstation.scans.dicos import write_dicos

    image = _image()
    tifffile.imwrite(driver.folder / "a.tif", image)
    assert cv2.imwrite(str(driver.folder / "b.png"), image)
    dual = DualEnergyScan(high=image, low=(image // 2).astype(np.uint16))
    (driver.folder / "c.dcm").write_bytes(write_dicos(dual))
    imported, quarantined = _poll_twice(driver)
    assert quarantined == []
    by_name = {i.source.name: i.image for i in imported}
    assert sorted(by_name) == ["a.tif", "b.png", "c.dcm"]
    assert by_name["a.tif"].high.dtype == np.uint16 and by_name["a.tif"].low is None
    assert by_name["c.dcm"].low is not None and by_name["c.dcm"].dual
    assert all(i.moved_to.parent == driver.done for i in imported)
    assert list(driver.folder.glob("*.*")) == []


def test_a_file_being_written_is_not_read(driver: FolderImportDriver) -> None:
    path = driver.folder / "growing.tif"
    (driver.folder / "growing.tif.lock").write_text("scanner writing")
    tifffile.imwrite(path, _image())
    assert _poll_twice(driver) == ([], [])  # locked
    (driver.folder / "growing.tif.lock").unlink()
    with open(path, "ab") as fh:  # still growing: size changes between polls
        fh.write(b"\0" * 16)
    assert driver.poll() == ([], [])
    (driver.folder / "partial.png.part").write_bytes(b"\x89PNG")
    imported, _ = driver.poll()
    assert [i.source.name for i in imported] == ["growing.tif"]
    assert (driver.folder / "partial.png.part").exists()


def test_unreadable_file_goes_to_quarantine_with_the_reason(driver: FolderImportDriver) -> None:
    (driver.folder / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(64))
    (driver.folder / "notes.txt").write_text("not an image")
    imported, quarantined = _poll_twice(driver)
    assert imported == []
    reasons = {q.source.name: q.reason for q in quarantined}
    assert "PNG" in reasons["broken.png"]
    assert "unknown file type" in reasons["notes.txt"]
    why = (driver.quarantine / "broken.png.why.txt").read_text(encoding="utf-8")
    assert "broken.png could not be imported" in why and reasons["broken.png"] in why


def test_missing_folder_is_unavailable_with_a_hint(tmp_path: Path) -> None:
    device = FolderImportDriver("drop", tmp_path / "nowhere", tmp_path / "q")
    with pytest.raises(DeviceUnavailable, match="check that the scanner's export share"):
        device.open(1.0)


def test_geometry_is_configured_and_settings_are_strict(driver: FolderImportDriver,
                                                        tmp_path: Path) -> None:
    """A folder reports no identity: the exporting scanner's geometry is its settings'."""
    from devices.base import DeviceError
    from devices.xray.interface import ScannerGeometry

    with pytest.raises(DeviceError, match=r"pixel_mm, energy_pair, scanner_class neither "
                                          r"reported by the scanner nor set"):
        _ = driver.geometry
    configured = create_device({"name": "drop", "kind": "xray", "driver": "xray-folder",
                                "settings": {"folder": str(tmp_path), "pixel_mm": 2.8,
                                             "energy_pair": "mev", "scanner_class": "cargo"}})
    assert isinstance(configured, FolderImportDriver)
    assert configured.geometry == ScannerGeometry(2.8, "mev", "cargo")
    with pytest.raises(ValueError, match=r"device 'drop': settings\.folders: unknown key for "
                                         r"driver xray-folder"):
        create_device({"name": "drop", "kind": "xray", "driver": "xray-folder",
                       "settings": {"folders": str(tmp_path)}})
    with pytest.raises(ValueError, match=r"settings\.folder: required key is missing"):
        create_device({"name": "drop", "kind": "xray", "driver": "xray-folder", "settings": {}})
