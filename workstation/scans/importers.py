"""Read scan files from outside into a :class:`DualEnergyScan`.

The file readers themselves live in :mod:`devices.xray.scan_files` (Qt-free, independent
of ``workstation``), so that the folder-import driver and the scan store read files the
same way without the driver importing the core (docs/decisions/0106-scan-file-readers-below-the-core.md).
This module only turns what was read into the core's scan type.
"""

from __future__ import annotations

from pathlib import Path

from devices.xray.scan_files import DEFAULT_MAX_PIXELS, SUPPORTED, ScanImage, UnsupportedScanFile
from devices.xray.scan_files import read_scan_file as read_image_file
from workstation.imaging.scan import DualEnergyScan

__all__ = ["DEFAULT_MAX_PIXELS", "SUPPORTED", "UnsupportedScanFile", "read_scan_file", "to_scan"]


def to_scan(image: ScanImage) -> DualEnergyScan:
    """The core's scan for an image read from a file (pixel pitch 1 mm when unknown)."""
    return DualEnergyScan(high=image.high, low=image.low, energy_pair=image.energy_pair,
                          pixel_mm=image.pixel_mm if image.pixel_mm is not None else 1.0,
                          meta=dict(image.meta))


def read_scan_file(path: Path, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> DualEnergyScan:
    """Read ``path`` by its content type; raises :class:`UnsupportedScanFile` with the reason.

    ``max_pixels``: most pixels per image, checked from the header before decoding.
    """
    return to_scan(read_image_file(path, max_pixels=max_pixels))
