"""The x-ray drivers, simulator and file readers stand below the core: nothing in
``devices/xray`` imports ``workstation`` (decision 0106), so the folder-import driver and
the scan store share one file reader without a devices -> workstation dependency."""

from __future__ import annotations

import ast
from pathlib import Path

XRAY = Path(__file__).resolve().parents[2] / "devices" / "xray"


def _imported_modules(file: Path) -> list[str]:
    tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
    names: list[str] = []
    for node in ast.walk(tree):  # lazy imports inside functions count too
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_devices_xray_imports_nothing_from_workstation() -> None:
    files = sorted(XRAY.rglob("*.py"))
    assert any(f.name == "folder_import.py" for f in files)
    bad = [f"{file.relative_to(XRAY.parent.parent)} imports {name}"
           for file in files for name in _imported_modules(file)
           if name == "workstation" or name.startswith("workstation.")]
    assert not bad, "devices/xray must not depend on the core:\n" + "\n".join(bad)


def test_folder_import_and_scan_store_share_one_reader() -> None:
    from devices.xray import folder_import, scan_files
    from workstation.scans import importers

    assert folder_import.default_reader is scan_files.read_scan_file
    assert importers.read_image_file is scan_files.read_scan_file
    assert importers.UnsupportedScanFile is scan_files.UnsupportedScanFile
