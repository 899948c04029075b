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
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

from devices.xray.materials import ENERGY_PAIRS
from workstation import __version__
from workstation.imaging.scan import DualEnergyScan

DICOS_DX_FOR_PRESENTATION = "1.2.840.10008.5.1.4.1.1.501.2.1"
DICOS_DX_FOR_PROCESSING = "1.2.840.10008.5.1.4.1.1.501.2.2"
PRIVATE_GROUP = 0x0011
PRIVATE_CREATOR = "INSPECTION-WORKSTATION 1"
# private element offsets inside our block
_SOURCE_KV = {"kev": "160", "mev": "6000"}  # 160 kV tube; 6 MV linac
_ENERGY_LABELS, _ENERGY_KEV, _ENERGY_PAIR, _META_JSON = 0x01, 0x02, 0x03, 0x04


def write_dicos(scan: DualEnergyScan, *, kind: str = "parcel", device: str = "",
                acquired_at: datetime | None = None, scan_id: str = "") -> bytes:
    """Encode ``scan`` as a DICOS DX "for processing" file and return its bytes."""
    when = (acquired_at or datetime.now(UTC)).astimezone(UTC)
    frames = [scan.high] + ([scan.low] if scan.low is not None else [])
    pixels = np.stack([np.ascontiguousarray(f.T) for f in frames])  # (frames, rows, cols)

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = DICOS_DX_FOR_PROCESSING
    meta.MediaStorageSOPInstanceUID = generate_uid()
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
    block.add_new(_ENERGY_LABELS, "CS", labels)
    if pair is not None:
        block.add_new(_ENERGY_KEV, "DS", [f"{pair.high_kev:g}", f"{pair.low_kev:g}"][: len(frames)])
    block.add_new(_ENERGY_PAIR, "LO", scan.energy_pair)
    block.add_new(_META_JSON, "UT", json.dumps({"pixel_mm": scan.pixel_mm, **scan.meta},
                                               sort_keys=True, default=str))
    ds.PixelData = pixels.astype("<u2").tobytes()

    buffer = io.BytesIO()
    pydicom.dcmwrite(buffer, ds, enforce_file_format=True)
    return buffer.getvalue()


def is_ours(ds: Dataset) -> bool:
    try:
        ds.private_block(PRIVATE_GROUP, PRIVATE_CREATOR)
    except KeyError:
        return False
    return True


def read_dicos(source: bytes | Path, *, name: str = "") -> DualEnergyScan:
    """Decode a dual-energy DICOS DX file written by :func:`write_dicos`."""
    ds = pydicom.dcmread(io.BytesIO(source) if isinstance(source, bytes) else source)
    return dataset_to_scan(ds, name=name or str(source)[:80])


def dataset_to_scan(ds: Dataset, *, name: str) -> DualEnergyScan:
    """Our own dual-energy layout -> scan (both frames, labels from the private block)."""
    block = ds.private_block(PRIVATE_GROUP, PRIVATE_CREATOR)
    labels = [str(v) for v in _multi(block[_ENERGY_LABELS].value)]
    pair = str(block[_ENERGY_PAIR].value) if _ENERGY_PAIR in block else "kev"
    meta: dict[str, Any] = json.loads(block[_META_JSON].value) if _META_JSON in block else {}
    pixel_mm = float(meta.pop("pixel_mm", float(ds.PixelSpacing[0]) if "PixelSpacing" in ds else 1.0))
    data = ds.pixel_array
    if data.ndim == 2:
        data = data[None]
    if data.shape[0] != len(labels):
        raise ValueError(f"{name}: {data.shape[0]} frames but energy labels {labels}")
    by_label = {label: np.ascontiguousarray(data[i].T).astype(np.uint16, copy=False)
                for i, label in enumerate(labels)}
    if "HIGH" not in by_label:
        raise ValueError(f"{name}: no HIGH energy frame (labels {labels})")
    return DualEnergyScan(high=by_label["HIGH"], low=by_label.get("LOW"), energy_pair=pair,
                          pixel_mm=pixel_mm, meta=meta)


def _multi(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple | pydicom.multival.MultiValue) else [value]
