"""Scan storage: DICOS digital x-ray files, content-addressed by SHA-256, with rows in ``scans``.

Service functions for the device layer and the lead: :func:`save_scan`, :func:`open_scan`,
:func:`import_scan_file`. The file format is documented in docs/formats/scan-storage.md.
"""

from workstation.scans.dicos import (
    DICOS_DX_FOR_PRESENTATION,
    DICOS_DX_FOR_PROCESSING,
    read_dicos,
    write_dicos,
)
from workstation.scans.importers import UnsupportedScanFile, read_scan_file
from workstation.scans.service import ScanNotFound, import_scan_file, open_scan, save_scan
from workstation.scans.store import ImageStore, ScanIntegrityError

__all__ = [
    "DICOS_DX_FOR_PRESENTATION",
    "DICOS_DX_FOR_PROCESSING",
    "ImageStore",
    "ScanIntegrityError",
    "ScanNotFound",
    "UnsupportedScanFile",
    "import_scan_file",
    "open_scan",
    "read_dicos",
    "read_scan_file",
    "save_scan",
    "write_dicos",
]
