"""Read x-ray scan files from outside: DICOS / DICOM projection images, 16-bit TIFF and PNG.

Qt-free and independent of ``workstation``: the folder-import driver reads with it, and the
scan store (``workstation.scans.importers``) turns the result into a ``DualEnergyScan``
(docs/decisions/0106-scan-file-readers-below-the-core.md).

Supported: a single 2-D grey image (8 or 16 bit, one sample per pixel) in DICOM or DICOS DX,
TIFF (tifffile) or PNG (OpenCV ``IMREAD_UNCHANGED``; never Pillow, which narrows 16-bit data),
and our own dual-energy DICOS DX (two frames labelled HIGH and LOW in a private block,
docs/formats/scan-storage.md). Anything else — a CT volume, a multi-frame series, colour
images — is refused with a message that says what the file holds and what is accepted.
Imported images are taken as transmission (bright = air), scaled to the full 16-bit range;
MONOCHROME1 data is inverted first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pydicom
import tifffile
from pydicom.dataset import Dataset
from pydicom.errors import InvalidDicomError

FULL_SCALE = 65535  # 16-bit transmission: 65535 = nothing in the beam
SUPPORTED = ("a single 2-D grey projection image (8 or 16 bit) in DICOM/DICOS DX, TIFF or PNG, "
             "or a dual-energy DICOS DX file written by this workstation")
_CT_CLASSES = {"1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.2.1",
               "1.2.840.10008.5.1.4.1.1.501.1"}

# Our dual-energy DICOS layout (docs/formats/scan-storage.md): a private block in group
# 0x0011 with the energy label of each frame, their effective energies, the energy pair and
# the scan's metadata as JSON. The writer is workstation.scans.dicos.
PRIVATE_GROUP = 0x0011
PRIVATE_CREATOR = "INSPECTION-WORKSTATION 1"
ENERGY_LABELS, ENERGY_KEV, ENERGY_PAIR, META_JSON = 0x01, 0x02, 0x03, 0x04


class UnsupportedScanFile(ValueError):
    """The file is not a scan this workstation can import; the message says why."""


@dataclass
class ScanImage:
    """One scan as read from a file: uint16 transmission, shape (lines, pixels).

    ``low`` is None for a single-energy image. ``pixel_mm`` is None when the file does not
    say; ``meta`` holds what the file told about itself (JSON-serialisable).
    """

    high: np.ndarray
    low: np.ndarray | None = None
    energy_pair: str = "kev"
    pixel_mm: float | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def dual(self) -> bool:
        return self.low is not None


def _refuse(path: Path, found: str) -> UnsupportedScanFile:
    return UnsupportedScanFile(f"{path}: {found}; supported: {SUPPORTED}")


def _to_image(path: Path, image: np.ndarray, bits: int | None = None) -> ScanImage:
    if image.ndim == 3 and image.shape[-1] in (3, 4):
        raise _refuse(path, f"a colour image ({image.shape[-1]} channels, {image.dtype})")
    if image.ndim != 2:
        raise _refuse(path, f"a {image.ndim}-D array of shape {image.shape} (a volume or stack)")
    if image.dtype not in (np.uint8, np.uint16):
        raise _refuse(path, f"pixel type {image.dtype}")
    if min(image.shape) < 8:
        raise _refuse(path, f"an image of only {image.shape[1]} x {image.shape[0]} pixels")
    top = (1 << bits) - 1 if bits else np.iinfo(image.dtype).max
    data = image.astype(np.float32) * (FULL_SCALE / top)
    # Files show scans with lines left to right: keep (lines, pixels) like the scanner.
    high = np.clip(np.rint(data), 0, FULL_SCALE).astype(np.uint16).T.copy()
    return ScanImage(high=high, meta={"source_file": path.name,
                                      "source_bits": bits or image.dtype.itemsize * 8})


def is_ours(ds: Dataset) -> bool:
    """Whether ``ds`` carries our dual-energy private block."""
    try:
        ds.private_block(PRIVATE_GROUP, PRIVATE_CREATOR)
    except KeyError:
        return False
    return True


def decode_dual_energy(ds: Dataset, *, name: str) -> ScanImage:
    """Our own dual-energy layout -> both frames, labelled by the private block."""
    block = ds.private_block(PRIVATE_GROUP, PRIVATE_CREATOR)
    labels = [str(v) for v in _multi(block[ENERGY_LABELS].value)]
    pair = str(block[ENERGY_PAIR].value) if ENERGY_PAIR in block else "kev"
    meta: dict[str, Any] = json.loads(block[META_JSON].value) if META_JSON in block else {}
    spacing = float(ds.PixelSpacing[0]) if "PixelSpacing" in ds else 1.0
    pixel_mm = float(meta.pop("pixel_mm", spacing))
    data = ds.pixel_array
    if data.ndim == 2:
        data = data[None]
    if data.shape[0] != len(labels):
        raise ValueError(f"{name}: {data.shape[0]} frames but energy labels {labels}")
    by_label = {label: np.ascontiguousarray(data[i].T).astype(np.uint16, copy=False)
                for i, label in enumerate(labels)}
    if "HIGH" not in by_label:
        raise ValueError(f"{name}: no HIGH energy frame (labels {labels})")
    return ScanImage(high=by_label["HIGH"], low=by_label.get("LOW"), energy_pair=pair,
                     pixel_mm=pixel_mm, meta=meta)


def _multi(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple | pydicom.multival.MultiValue) else [value]


def _read_dicom(path: Path) -> ScanImage:
    try:
        ds = pydicom.dcmread(path)
    except InvalidDicomError as exc:
        raise _refuse(path, f"not a readable DICOM file ({exc})") from None
    sop = str(ds.get("SOPClassUID", ""))
    modality = str(ds.get("Modality", ""))
    if sop in _CT_CLASSES or modality == "CT":
        raise _refuse(path, f"a CT image (SOP class {sop or '?'}, modality {modality or '?'}) — "
                            "volumes and slices are not projection scans")
    if "PixelData" not in ds:
        raise _refuse(path, f"a DICOM object without pixel data (SOP class {sop or '?'})")
    if is_ours(ds):
        return decode_dual_energy(ds, name=str(path))
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    if frames != 1:
        raise _refuse(path, f"a multi-frame DICOM object with {frames} frames (SOP class {sop or '?'})")
    if int(ds.get("SamplesPerPixel", 1)) != 1:
        raise _refuse(path, f"a colour DICOM image ({ds.get('PhotometricInterpretation', '?')})")
    try:
        image = ds.pixel_array
    except (NotImplementedError, RuntimeError, ValueError) as exc:
        raise _refuse(path, f"pixel data in transfer syntax {ds.file_meta.TransferSyntaxUID} "
                            f"that cannot be decoded here ({exc})") from None
    bits = int(ds.get("BitsStored", image.dtype.itemsize * 8))
    if int(ds.get("PixelRepresentation", 0)) != 0:
        raise _refuse(path, "signed pixel data")
    if ds.get("PhotometricInterpretation") == "MONOCHROME1":
        image = ((1 << bits) - 1 - image.astype(np.int64)).astype(image.dtype)
    scan = _to_image(path, image, bits)
    if "PixelSpacing" in ds:
        scan.pixel_mm = float(ds.PixelSpacing[0])
    return scan


def read_scan_file(path: Path) -> ScanImage:
    """Read ``path`` by its content type; raises :class:`UnsupportedScanFile` with the reason."""
    path = Path(path)
    if not path.is_file():
        raise UnsupportedScanFile(f"{path}: no such file")
    with path.open("rb") as handle:
        head = handle.read(132)
    suffix = path.suffix.lower()
    if head[128:132] == b"DICM" or suffix in (".dcm", ".dicom", ".dcs"):
        return _read_dicom(path)
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        with tifffile.TiffFile(path) as tif:
            if len(tif.pages) != 1:
                raise _refuse(path, f"a TIFF with {len(tif.pages)} pages (a stack)")
            image = tif.pages[0].asarray()
        return _to_image(path, image)
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        decoded = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
        if decoded is None:
            raise _refuse(path, "a PNG that OpenCV cannot decode")
        return _to_image(path, decoded)
    raise _refuse(path, f"an unknown file type (suffix {suffix or 'none'}, first bytes {head[:8]!r})")
