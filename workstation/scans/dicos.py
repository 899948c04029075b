"""DICOS digital x-ray (NEMA IIC 1, DICOM-encoded) files for dual-energy scans, via pydicom.

One file per scan, SOP class "DICOS Digital X-Ray Image Storage - For Processing"
(1.2.840.10008.5.1.4.1.1.501.2.2; "For Presentation" is ...501.2.1 — both from the DICOM
UID registry, PS3.6, as listed in pydicom's UID dictionary). Pixel data: 16-bit unsigned,
MONOCHROME2, corrected transmission (65535 = unattenuated), two frames when both energies
exist: frame 1 high energy, frame 2 low energy, as the private element (0011,xx01) says;
displayed orientation (rows = detector pixels, columns = scan lines). Details and the private
elements: docs/formats/scan-storage.md.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pydicom
import pydicom.config
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import UID, ExplicitVRLittleEndian, generate_uid

from devices.xray.materials import ENERGY_PAIRS
from devices.xray.scan_files import (
    ENERGY_KEV,
    ENERGY_LABELS,
    ENERGY_PAIR,
    META_JSON,
    PRIVATE_CREATOR,
    PRIVATE_GROUP,
    decode_dual_energy,
)
from workstation import __version__
from workstation.imaging.scan import DualEnergyScan

DICOS_DX_FOR_PRESENTATION = UID("1.2.840.10008.5.1.4.1.1.501.2.1")
DICOS_DX_FOR_PROCESSING = UID("1.2.840.10008.5.1.4.1.1.501.2.2")
# The private block's group, creator and element offsets are shared with the reader in
# devices.xray.scan_files (one definition of our layout).
_SOURCE_KV = {"kev": "160", "mev": "6000"}  # 160 kV tube; 6 MV linac
_CHUNK = 1 << 20  # bytes per pixel-data write: short enough to release the GIL often
# pydicom writes a buffered element in pieces of this size (its default is 8 KiB).
pydicom.config.settings.buffered_read_size = _CHUNK


class _ArrayReader(io.RawIOBase):
    """Reads an array's bytes in place, so pydicom can stream pixel data in 1 MiB chunks.

    ``ndarray.tobytes()`` would copy a cargo scan's ~50 MB in one go with the GIL held,
    stalling every other thread (the officer's UI among them) for 40-60 ms; chunked reads
    let other threads run between chunks.
    """

    def __init__(self, array: np.ndarray) -> None:
        super().__init__()
        self._view = np.ascontiguousarray(array).data.cast("B")  # the buffer, not a copy
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: len(self._view)}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def readinto(self, buffer: Any) -> int:
        count = max(0, min(len(buffer), len(self._view) - self._pos))
        buffer[:count] = self._view[self._pos:self._pos + count]
        self._pos += count
        return count


class _OutputBuffer(io.RawIOBase):
    """A writable, seekable file in memory over a buffer allocated once at its final size.

    ``io.BytesIO`` grows by reallocating: once the file passes a few tens of MB, one such
    realloc may copy everything written so far (~25-30 MB) in one ``memcpy`` with the GIL
    held, a 20-30 ms stall of every other thread. Here the pixel data's size is known
    beforehand, so the buffer (uninitialised, its pages touched chunk by chunk as pydicom
    writes) never moves; should the header outgrow the allowance it doubles, copied by
    numpy, which releases the GIL while copying.
    """

    def __init__(self, capacity: int) -> None:
        super().__init__()
        self._data = np.empty(max(capacity, 1), np.uint8)
        self._pos = 0
        self._size = 0

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        end = self._pos + len(view)
        if end > len(self._data):
            grown = np.empty(max(end, 2 * len(self._data)), np.uint8)
            grown[:self._size] = self._data[:self._size]
            self._data = grown
        if self._pos > self._size:  # a seek past the end: the gap reads as zeros, as in a file
            self._data[self._size:self._pos] = 0
        self._data[self._pos:end] = np.frombuffer(view, np.uint8)
        self._pos = end
        self._size = max(self._size, end)
        return len(view)

    def getbuffer(self) -> memoryview:
        """The bytes written, in place (no copy)."""
        return self._data[:self._size].data


_TRANSPOSE_LINES = 256  # scan lines per block: source and target of a block stay in cache


def _transposed(frames: list[np.ndarray]) -> np.ndarray:
    """(frames, pixels, lines), C order, from (lines, pixels) frames of the same shape.

    Block by block: one strided copy of a whole frame misses the cache at nearly every
    element (a cargo scan: 0.1-0.3 s of a core, taken from the officer's screen on a busy
    lane PC); 256-line blocks take ~25 ms for both frames, with the GIL released.
    """
    lines, pixels = frames[0].shape
    out = np.empty((len(frames), pixels, lines), frames[0].dtype)
    for index, frame in enumerate(frames):
        for start in range(0, lines, _TRANSPOSE_LINES):
            stop = start + _TRANSPOSE_LINES
            out[index, :, start:stop] = frame[start:stop].T
    return out


_HEADER_ALLOWANCE = 1 << 16  # bytes for everything but the pixel data (tags, meta JSON)


def scan_instance_uid(scan_id: str) -> UID:
    """The SOP Instance UID of the scan with this id: derived from it, so the file, the TDRs
    that reference the scan (``workstation.scans.tdr``) and the post's archive agree on it."""
    return generate_uid(entropy_srcs=[scan_id])


def write_dicos(scan: DualEnergyScan, *, kind: str = "parcel", device: str = "",
                acquired_at: datetime | None = None, scan_id: str = "") -> bytes:
    """Encode ``scan`` as a DICOS DX "for processing" file and return its bytes."""
    return encode_dicos(scan, kind=kind, device=device, acquired_at=acquired_at,
                        scan_id=scan_id).tobytes()


def encode_dicos(scan: DualEnergyScan, *, kind: str = "parcel", device: str = "",
                 acquired_at: datetime | None = None, scan_id: str = "") -> memoryview:
    """Encode ``scan`` as a DICOS DX "for processing" file, as a view of the encoder's buffer.

    A view, not ``bytes``: copying a cargo scan's ~50 MB into a bytes object holds the GIL for
    tens of milliseconds, which the officer's screen would feel while a scan is stored.
    """
    when = (acquired_at or datetime.now(UTC)).astimezone(UTC)
    frames = [scan.high] + ([scan.low] if scan.low is not None else [])
    pixels = _transposed(frames)  # (frames, rows, cols)

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = DICOS_DX_FOR_PROCESSING
    meta.MediaStorageSOPInstanceUID = scan_instance_uid(scan_id) if scan_id else generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationVersionName = f"INSPWS_{__version__}"[:16]

    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = DICOS_DX_FOR_PROCESSING
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.Modality = "DX"
    ds.PresentationIntentType = "FOR PROCESSING"
    ds.ImageType = ["ORIGINAL", "PRIMARY"]
    ds.ContentDate = ds.AcquisitionDate = when.strftime("%Y%m%d")
    ds.ContentTime = ds.AcquisitionTime = when.strftime("%H%M%S.%f")
    ds.TimezoneOffsetFromUTC = "+0000"
    ds.Manufacturer = "Inspection Workstation"
    ds.StationName = device[:16]
    ds.SoftwareVersions = __version__
    ds.OOIType = "CARGO" if kind.startswith("cargo") else "BAGGAGE"
    ds.OOITypeDescriptor = kind[:64]
    ds.ContentDescription = (scan_id or kind)[:64]
    pair = ENERGY_PAIRS.get(scan.energy_pair)
    if scan.energy_pair in _SOURCE_KV:
        ds.KVP = _SOURCE_KV[scan.energy_pair]  # peak voltage of the source, not the effective energy
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows, ds.Columns = int(pixels.shape[1]), int(pixels.shape[2])
    ds.NumberOfFrames = len(frames)
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 0
    ds.PixelSpacing = [f"{scan.pixel_mm:.4f}", f"{scan.pixel_mm:.4f}"]
    ds.ImagerPixelSpacing = ds.PixelSpacing
    ds.RescaleIntercept = "0"
    ds.RescaleSlope = "1"
    ds.RescaleType = "US"

    block = ds.private_block(PRIVATE_GROUP, PRIVATE_CREATOR, create=True)
    labels = ["HIGH", "LOW"][: len(frames)]
    block.add_new(ENERGY_LABELS, "CS", labels)
    if pair is not None:
        block.add_new(ENERGY_KEV, "DS", [f"{pair.high_kev:g}", f"{pair.low_kev:g}"][: len(frames)])
    block.add_new(ENERGY_PAIR, "LO", scan.energy_pair)
    block.add_new(META_JSON, "UT", json.dumps({"pixel_mm": scan.pixel_mm, **scan.meta},
                                               sort_keys=True, default=str))
    ds.PixelData = io.BufferedReader(_ArrayReader(pixels.astype("<u2", copy=False)), _CHUNK)

    buffer = _OutputBuffer(pixels.nbytes + _HEADER_ALLOWANCE)
    pydicom.dcmwrite(buffer, ds, enforce_file_format=True)
    return buffer.getbuffer()


def read_dicos(source: bytes | Path, *, name: str = "") -> DualEnergyScan:
    """Decode a dual-energy DICOS DX file written by :func:`write_dicos`."""
    ds = pydicom.dcmread(io.BytesIO(source) if isinstance(source, bytes) else source)
    return dataset_to_scan(ds, name=name or str(source)[:80])


def dataset_to_scan(ds: Dataset, *, name: str) -> DualEnergyScan:
    """Our own dual-energy layout -> scan (both frames, labels from the private block)."""
    image = decode_dual_energy(ds, name=name)
    return DualEnergyScan(high=image.high, low=image.low, energy_pair=image.energy_pair,
                          pixel_mm=image.pixel_mm if image.pixel_mm is not None else 1.0,
                          meta=image.meta)
