"""Score a stored test-piece scan file: DICOS / DICOM DX, 16-bit TIFF or PNG.

Only standard DICOM/DICOS attributes are read (Rows, Columns, Number of Frames, Bits Stored,
Photometric Interpretation, Pixel Spacing), never our private block: a file from another
vendor's scanner is scored the same way as ours. With two frames, which one is the low
energy is decided from the image itself: the low-energy frame attenuates more wherever there
is material (both for a keV tube and a MeV linac), so its mean transmission is lower.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np

from devices.xray.scan_files import (
    DEFAULT_MAX_PIXELS,
    UnsupportedScanFile,
    dicom_pixels,
    read_dicom_checked,
    read_scan_file,
)
from workstation.imaging.iq.report import IqReport
from workstation.imaging.iq.score import score_test_piece
from workstation.imaging.scan import FULL_SCALE

__all__ = ["UnsupportedScanFile", "read_test_piece_file", "score_file"]


def _is_dicom(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(132)
    return head[128:132] == b"DICM" or path.suffix.lower() in (".dcm", ".dicom", ".dcs")


def _to16(path: Path, frame: np.ndarray, bits: int, inverted: bool) -> np.ndarray:
    if frame.dtype not in (np.uint8, np.uint16):
        raise UnsupportedScanFile(f"{path}: pixel type {frame.dtype}; a test-piece scan must be "
                                  "8- or 16-bit unsigned transmission")
    top = (1 << bits) - 1
    data = frame.astype(np.float32)
    if inverted:  # MONOCHROME1: bright = attenuating
        data = top - data
    scaled = np.clip(np.rint(data * (FULL_SCALE / top)), 0, FULL_SCALE).astype(np.uint16)
    return np.ascontiguousarray(scaled.T)  # files show lines left to right: (lines, pixels)


def _read_dicom(path: Path) -> tuple[np.ndarray, np.ndarray | None, float | None]:
    ds = read_dicom_checked(path, DEFAULT_MAX_PIXELS)
    data = dicom_pixels(path, ds)
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    if int(ds.get("SamplesPerPixel", 1) or 1) != 1:
        raise UnsupportedScanFile(f"{path}: a colour image; a test-piece scan is grey")
    bits = int(ds.get("BitsStored", data.dtype.itemsize * 8) or 16)
    if not 1 <= bits <= data.dtype.itemsize * 8:
        raise UnsupportedScanFile(f"{path}: Bits Stored {bits} does not fit "
                                  f"{data.dtype.itemsize * 8}-bit pixels")
    inverted = ds.get("PhotometricInterpretation") == "MONOCHROME1"
    images = [_to16(path, f, bits, inverted) for f in (data if frames > 1 else [data])]
    spacing = None
    if "PixelSpacing" in ds:
        try:
            spacing = float(ds.PixelSpacing[0])
        except (TypeError, ValueError, IndexError):
            spacing = None
    if len(images) == 1:
        return images[0], None, spacing
    a, b = images
    low, high = (a, b) if float(a.mean()) < float(b.mean()) else (b, a)
    return high, low, spacing


def read_test_piece_file(path: Path) -> tuple[np.ndarray, np.ndarray | None, float | None]:
    """(high, low or None, stated pixel pitch in mm or None) of a scan file.

    Raises :class:`UnsupportedScanFile` naming the file and what is wrong with it.
    """
    path = Path(path)
    if not path.is_file():
        raise UnsupportedScanFile(f"{path}: no such file")
    try:
        if _is_dicom(path):
            return _read_dicom(path)
    except UnsupportedScanFile:
        raise
    except OSError as exc:
        raise UnsupportedScanFile(f"{path}: cannot read: {exc.strerror or exc}") from None
    except Exception as exc:
        raise UnsupportedScanFile(f"{path}: a damaged DICOM file ({type(exc).__name__})") from exc
    image = read_scan_file(path)  # TIFF / PNG: one energy, no pixel pitch
    return image.high, None, image.pixel_mm


def score_file(path: Path, *, kind: str | None = None,
               limits: Mapping[str, float] | None = None) -> IqReport:
    """Read ``path`` and score the test piece in it.

    Raises :class:`UnsupportedScanFile` (missing, corrupt, not a projection image) or
    :class:`~workstation.imaging.iq.locate.TestPieceNotFound` (no piece in the image).
    """
    high, low, pixel_mm = read_test_piece_file(Path(path))
    return score_test_piece(high=high, low=low, kind=kind, pixel_mm=pixel_mm, limits=limits)
