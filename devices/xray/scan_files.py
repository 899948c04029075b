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
import warnings
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

# pydicom warns about every small violation it meets in a file (UIDs with leading zeros,
# more pixel bytes than frames): the readers here check what matters themselves and refuse
# with a message, so the warnings are only noise in an officer's terminal. A filter set once
# at import, rather than catch_warnings around each read, because catch_warnings is not
# thread-safe and the folder import reads in its device thread.
warnings.filterwarnings("ignore", category=UserWarning, module=r"pydicom(\.|$)")

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


def _read_dicom(path: Path, max_pixels: int) -> ScanImage:
    ds = read_dicom_checked(path, max_pixels)
    sop = str(ds.get("SOPClassUID", ""))
    if is_ours(ds):
        try:
            return decode_dual_energy(ds, name=str(path))
        except UnsupportedScanFile:
            raise
        except Exception as exc:
            raise _refuse(path, f"a damaged dual-energy DICOS file ({_why(exc)})") from exc
    frames = _frames(ds)
    if frames != 1:
        raise _refuse(path, f"a multi-frame DICOM object with {frames} frames (SOP class {sop or '?'})")
    if _int(ds, "SamplesPerPixel", 1) != 1:
        raise _refuse(path, f"a colour DICOM image ({ds.get('PhotometricInterpretation', '?')})")
    image = dicom_pixels(path, ds)
    bits = _int(ds, "BitsStored", image.dtype.itemsize * 8)
    if image.dtype.kind == "i" or (image.dtype.kind != "f" and _int(ds, "PixelRepresentation", 0) != 0):
        raise _refuse(path, "signed pixel data")
    if image.dtype.kind == "f" or image.dtype.itemsize > 2:
        image, bits = _narrow(path, image), 16
    elif not 1 <= bits <= image.dtype.itemsize * 8:
        raise _refuse(path, f"Bits Stored {bits} does not fit {image.dtype.itemsize * 8}-bit pixels")
    if ds.get("PhotometricInterpretation") == "MONOCHROME1":
        image = ((1 << bits) - 1 - image.astype(np.int64)).clip(0, None).astype(image.dtype)
    scan = _to_image(path, image, bits)
    spacing = _pixel_spacing(ds)
    if spacing is not None:
        scan.pixel_mm = spacing
    return scan


def _narrow(path: Path, image: np.ndarray) -> np.ndarray:
    """Float or 32/64-bit pixels (DICOS v02A data types) -> 16 bit, their maximum at full scale.

    Such files carry no agreed white level, so the brightest pixel is taken as air, the way a
    transmission image is read everywhere else in the project.
    """
    values = image.astype(np.float64)
    if not np.isfinite(values).all():
        raise _refuse(path, "pixel data with NaN or infinite values")
    if values.min() < 0:
        raise _refuse(path, "negative pixel values")
    top = float(values.max())
    if top <= 0:
        raise _refuse(path, "a blank image (every pixel 0)")
    return np.rint(values * (FULL_SCALE / top)).astype(np.uint16)


def _pixel_spacing(ds: Dataset) -> float | None:
    try:
        value = float(ds.PixelSpacing[0]) if "PixelSpacing" in ds else None
    except (TypeError, ValueError, IndexError):
        return None  # a malformed spacing is not worth refusing a scan for: 1 mm is assumed
    return value if value is not None and 0 < value < 1000 and np.isfinite(value) else None


# --- header checks before any pixel is decoded ---------------------------------------------

# The SOP classes (PS3.6 / NEMA IIC 1) and modalities that are not projection x-ray images,
# each with what to call it in a refusal.
_NOT_PROJECTION = {
    "1.2.840.10008.5.1.4.1.1.501.1": "a DICOS CT volume",
    "1.2.840.10008.5.1.4.1.1.501.3": "a DICOS Threat Detection Report (no image)",
    "1.2.840.10008.5.1.4.1.1.501.4": "a DICOS 2-D AIT (millimetre-wave body scanner) image",
    "1.2.840.10008.5.1.4.1.1.501.5": "a DICOS 3-D AIT (millimetre-wave body scanner) volume",
}
_MODALITY_NAMES = {"CT": "a CT image", "AIT": "an AIT (millimetre-wave body scanner) image",
                   "TDR": "a DICOS Threat Detection Report (no image)"}
# Pixel data elements: standard (7FE0,0010) and the float / double ones of PS3.5, plus the
# 32-bit / 64-bit / float elements that DICOS v02A writers use ((7FE0,0011)-(7FE0,0013)).
_PIXEL_TAGS = {0x7FE00010: None, 0x7FE00008: "<f4", 0x7FE00009: "<f8",
               0x7FE00011: "<u4", 0x7FE00012: "<u8", 0x7FE00013: "<f4"}
_MAX_FRAMES = 2  # our dual-energy files; anything more is a stack and refused anyway


def _why(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _int(ds: Dataset, keyword: str, default: int) -> int:
    """An integer header value; a malformed one is an :class:`UnsupportedScanFile` without
    the file's name, which the callers that know it add (:func:`read_scan_file`)."""
    value = ds.get(keyword, default)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        raise UnsupportedScanFile(f"{keyword} is {str(value)[:40]!r}, not a number") from None


def _frames(ds: Dataset) -> int:
    return _int(ds, "NumberOfFrames", 1) or 1


def read_dicom_checked(path: Path, max_pixels: int = 0) -> Dataset:
    """The whole DICOM dataset of ``path``, after its header passed every check.

    The header is read first without the pixel data; what it promises (a projection image,
    its size under ``max_pixels`` per image, a sane sample layout) is checked before pydicom
    reads the rest. Raises :class:`UnsupportedScanFile` naming the file and the problem.
    """
    limit = max_pixels or DEFAULT_MAX_PIXELS
    header = _dcmread(path, stop_before_pixels=True)
    _check_header(path, header, limit)
    ds = _dcmread(path, stop_before_pixels=False)
    if not any(tag in ds for tag in _PIXEL_TAGS):
        raise _refuse(path, f"a DICOM object without pixel data (SOP class {ds.get('SOPClassUID', '?')})")
    return ds


def read_dicom_header(path: Path) -> Dataset:
    """The DICOM header of ``path`` without its pixel data; :class:`UnsupportedScanFile`
    naming the file when it cannot be read."""
    return _dcmread(path, stop_before_pixels=True)


def _dcmread(path: Path, *, stop_before_pixels: bool) -> Dataset:
    try:
        ds = pydicom.dcmread(path, stop_before_pixels=stop_before_pixels)
        # pydicom converts each element's bytes when it is first used: touch every element
        # now, so that a damaged one (an unknown VR, a value that is no number) is found
        # here and named as the file's problem, not wherever it is first read.
        for _element in ds.iterall():
            pass
        return ds
    except InvalidDicomError as exc:
        raise _refuse(path, f"not a readable DICOM file ({_why(exc)})") from None
    except Exception as exc:
        # pydicom parses hostile bytes with struct, recursion and int(); whatever it raises
        # on a damaged file is this file's problem, named, never a crash of the import.
        raise _refuse(path, f"a damaged or truncated DICOM file ({_why(exc)})") from exc


def _check_header(path: Path, ds: Dataset, max_pixels: int) -> None:
    try:
        sop = str(ds.get("SOPClassUID", ""))
        modality = str(ds.get("Modality", "")).strip().upper()
        what = _NOT_PROJECTION.get(sop) or _MODALITY_NAMES.get(modality)
        if sop in _CT_CLASSES:
            what = what or "a CT image"
        if what:
            raise _refuse(path, f"{what} (SOP class {sop or '?'}, modality {modality or '?'}): "
                                "only 2-D x-ray projection images are imported")
        rows, columns = _int(ds, "Rows", 0), _int(ds, "Columns", 0)
        frames, samples = _frames(ds), _int(ds, "SamplesPerPixel", 1)
        bits = _int(ds, "BitsAllocated", 16)
    except UnsupportedScanFile as exc:
        if str(exc).startswith(f"{path}: "):
            raise
        raise _refuse(path, f"an inconsistent DICOM header ({exc})") from None
    if rows <= 0 or columns <= 0:
        raise _refuse(path, f"a DICOM image of {columns} x {rows} pixels (Rows/Columns missing or 0)")
    if rows * columns > max_pixels:
        raise _refuse(path, f"an image of {columns} x {rows} = {rows * columns / 1e6:.1f} "
                            f"megapixels, over the limit of {max_pixels / 1e6:g} megapixels per "
                            "image ([imports] max_scan_megapixels)")
    if not 1 <= frames <= _MAX_FRAMES:
        raise _refuse(path, f"a multi-frame DICOM object with {frames} frames (a volume or a stack)")
    if samples not in (1, 3, 4):
        raise _refuse(path, f"Samples per Pixel {samples}")
    if bits not in (1, 8, 16, 32, 64):
        raise _refuse(path, f"Bits Allocated {bits}")


def dicom_pixels(path: Path, ds: Dataset) -> np.ndarray:
    """Decode the pixel data of a dataset from :func:`read_dicom_checked`.

    Native (uncompressed) data must hold at least the bytes the header promises (a
    truncated file is refused, not padded); compressed frames must declare the image size of
    the header in their own JPEG header before they are decoded. JPEG Lossless and other
    compressed syntaxes are decoded by pylibjpeg through pydicom.
    """
    rows, columns = _int(ds, "Rows", 0), _int(ds, "Columns", 0)
    frames, samples = _frames(ds), _int(ds, "SamplesPerPixel", 1)
    tag = next(t for t in _PIXEL_TAGS if t in ds)
    wide = _PIXEL_TAGS[tag]
    try:
        element = ds[tag]
        raw = element.value
        syntax = getattr(getattr(ds, "file_meta", None), "TransferSyntaxUID", None)
        compressed = tag == 0x7FE00010 and bool(getattr(syntax, "is_compressed", False))
        if not isinstance(raw, bytes | bytearray):
            raise _refuse(path, f"pixel data element {element.tag} holds no bytes")
        if compressed:
            _check_encapsulated(path, bytes(raw), rows, columns, frames)
        else:
            bits = _int(ds, "BitsAllocated", 16)
            itemsize = np.dtype(wide).itemsize if wide else max(1, bits // 8)
            expected = rows * columns * frames * samples * itemsize
            if bits == 1 and not wide:
                expected = (rows * columns * frames * samples + 7) // 8
            if len(raw) < expected:
                raise _refuse(path, f"truncated or inconsistent pixel data: element {element.tag} "
                                    f"holds {len(raw)} bytes, the header promises {expected} "
                                    f"({columns} x {rows} x {frames} frame(s) x {samples} "
                                    f"sample(s) x {itemsize} byte(s))")
            if wide:
                data = np.frombuffer(bytes(raw[:expected]), dtype=wide)
                shape = (rows, columns) if frames == 1 else (frames, rows, columns)
                return data.reshape(shape + ((samples,) if samples > 1 else ()))
        image = ds.pixel_array
    except UnsupportedScanFile:
        raise
    except Exception as exc:
        # Decoders (pydicom, pylibjpeg) raise what they like on damaged data; the file's
        # problem is reported with the file's name, and the batch goes on.
        syntax_name = getattr(getattr(ds, "file_meta", None), "TransferSyntaxUID", "?")
        raise _refuse(path, f"pixel data in transfer syntax {syntax_name} that cannot be "
                            f"decoded ({_why(exc)})") from exc
    expected_shape = ((frames,) if frames > 1 else ()) + (rows, columns) + ((samples,) if samples > 1 else ())
    if tuple(image.shape) != expected_shape:
        raise _refuse(path, f"decoded pixel data of shape {image.shape}, the header says "
                            f"{columns} x {rows}")
    return image


# JPEG start-of-frame markers (ITU T.81 B.1.1.3): C0-CF except DHT (C4), JPG (C8), DAC (CC);
# JPEG-LS uses F7 with the same layout.
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF, 0xF7}


def _check_encapsulated(path: Path, data: bytes, rows: int, columns: int, frames: int) -> None:
    """Each compressed frame must declare the header's image size before it is decoded, so
    a small DICOM header cannot hide a huge JPEG (an image bomb)."""
    from pydicom.encaps import generate_frames

    count = 0
    for frame in generate_frames(data, number_of_frames=frames):
        count += 1
        if count > frames:
            raise _refuse(path, f"more compressed frames than the {frames} the header says")
        size = _jpeg_size(frame)
        if size is not None and size != (rows, columns):
            raise _refuse(path, f"compressed frame {count} is {size[1]} x {size[0]} pixels, "
                                f"the header says {columns} x {rows} (inconsistent)")
    if count < frames:
        raise _refuse(path, f"{count} compressed frame(s), the header says {frames} (truncated)")


def _jpeg_size(frame: bytes) -> tuple[int, int] | None:
    """(height, width) from a JPEG / JPEG-LS frame's SOF segment; None for other codecs."""
    if frame[:2] != b"\xff\xd8":
        return None  # not JPEG (JPEG 2000, RLE): their decoders check against the header
    pos = 2
    while pos + 4 <= len(frame):
        if frame[pos] != 0xFF:
            return None
        marker = frame[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        length = int.from_bytes(frame[pos + 2:pos + 4], "big")
        if marker in _SOF and pos + 9 <= len(frame):
            return (int.from_bytes(frame[pos + 5:pos + 7], "big"),
                    int.from_bytes(frame[pos + 7:pos + 9], "big"))
        if marker == 0xDA or length < 2:
            return None
        pos += 2 + length
    return None


# --- TIFF and PNG headers -------------------------------------------------------------------


def _read_tiff(path: Path, max_pixels: int) -> ScanImage:
    try:
        with tifffile.TiffFile(path) as tif:
            pages = len(tif.pages)
            if pages != 1:
                raise _refuse(path, f"a TIFF with {pages} pages (a stack)")
            page = tif.pages[0]
            shape = tuple(int(v) for v in page.shape)
            pixels = int(np.prod(shape[:2])) if len(shape) >= 2 else 0
            if pixels > max_pixels:
                raise _refuse(path, f"an image of {shape[1]} x {shape[0]} = {pixels / 1e6:.1f} "
                                    f"megapixels, over the limit of {max_pixels / 1e6:g} "
                                    "megapixels per image ([imports] max_scan_megapixels)")
            if int(np.prod(shape)) > 4 * max_pixels:
                raise _refuse(path, f"a TIFF page of shape {shape}: too many samples per pixel")
            stored = sum(int(c) for c in page.databytecounts or ())
            needed = int(np.prod(shape)) * (page.dtype.itemsize if page.dtype is not None else 1)
            ends = [int(o) + int(c) for o, c in zip(page.dataoffsets or (), page.databytecounts or (),
                                                    strict=False)]
            if ends and max(ends) > tif.filehandle.size:
                raise _refuse(path, f"a truncated TIFF: its image data runs to byte {max(ends)}, "
                                    f"the file has {tif.filehandle.size}")
            if page.compression == 1 and stored < needed:
                raise _refuse(path, f"an inconsistent or truncated TIFF: its strips hold {stored} "
                                    f"bytes, its size needs {needed}")
            image = page.asarray()
    except UnsupportedScanFile:
        raise
    except Exception as exc:
        raise _refuse(path, f"a damaged or truncated TIFF ({_why(exc)})") from exc
    return _to_image(path, image)


def image_size_from_header(path: Path) -> tuple[int, int] | None:
    """(width, height) from the header of a PNG, JPEG or BMP file, read without decoding;
    None when the header is not one of these or is damaged."""
    with path.open("rb") as handle:
        head = handle.read(1 << 18)  # a JPEG's frame header follows its EXIF block (< 64 KiB)
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return png_size(head)
    if head[:2] == b"\xff\xd8":
        size = _jpeg_size(head)
        return None if size is None else (size[1], size[0])
    if head[:2] == b"BM" and len(head) >= 26:
        header_size = int.from_bytes(head[14:18], "little")
        if header_size == 12:  # OS/2 BITMAPCOREHEADER: 16-bit sizes
            return int.from_bytes(head[18:20], "little"), int.from_bytes(head[20:22], "little")
        width = int.from_bytes(head[18:22], "little", signed=True)
        height = int.from_bytes(head[22:26], "little", signed=True)
        return abs(width), abs(height)  # a negative height is a top-down bitmap
    return None


def png_size(head: bytes) -> tuple[int, int] | None:
    """(width, height) from a PNG's IHDR chunk (the first 24 bytes); None if absent."""
    if len(head) < 24 or head[12:16] != b"IHDR":
        return None
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def _read_png(path: Path, head: bytes, max_pixels: int) -> ScanImage:
    size = png_size(head)
    if size is None:
        raise _refuse(path, "a PNG without its IHDR header (truncated or damaged)")
    width, height = size
    if width == 0 or height == 0:
        raise _refuse(path, f"a PNG of {width} x {height} pixels")
    if width * height > max_pixels:
        raise _refuse(path, f"an image of {width} x {height} = {width * height / 1e6:.1f} "
                            f"megapixels, over the limit of {max_pixels / 1e6:g} megapixels per "
                            "image ([imports] max_scan_megapixels)")
    if not png_complete(path):
        raise _refuse(path, "a truncated PNG (no IEND chunk at its end)")
    try:
        image = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
    except Exception as exc:
        raise _refuse(path, f"a damaged PNG ({_why(exc)})") from exc
    if image is None:
        raise _refuse(path, "a damaged PNG that OpenCV cannot decode")
    if image.shape[:2] != (height, width):
        raise _refuse(path, f"a PNG decoded as {image.shape[1]} x {image.shape[0]}, its header "
                            f"says {width} x {height}")
    return _to_image(path, image)


def png_complete(path: Path) -> bool:
    """Whether the PNG file ends with its IEND chunk."""
    # A PNG must end with its IEND chunk (12 bytes: length 0, "IEND", CRC) to be taken as
    # whole: a truncated file is refused by name, not left to what the decoder makes of it.
    with path.open("rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - 12))
        tail = handle.read(12)
    return tail[4:8] == b"IEND"


DEFAULT_MAX_PIXELS = 200_000_000  # 200 megapixels per image: a 2 m x 20 m cargo scan at 2 mm is 10


def read_scan_file(path: Path, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> ScanImage:
    """Read ``path`` by its content type; raises :class:`UnsupportedScanFile` with the reason.

    ``max_pixels``: the most pixels one image may have (width x height), checked from the
    file's header before anything is decoded, so an image bomb is refused without the
    memory it would take.
    """
    path = Path(path)
    try:
        if not path.is_file():
            raise UnsupportedScanFile(f"{path}: no such file")
        with path.open("rb") as handle:
            head = handle.read(132)
    except OSError as exc:
        raise UnsupportedScanFile(f"{path}: cannot read: {exc.strerror or exc}") from None
    if not head:
        raise _refuse(path, "an empty file")
    suffix = path.suffix.lower()
    try:
        if head[128:132] == b"DICM" or suffix in (".dcm", ".dicom", ".dcs"):
            return _read_dicom(path, max_pixels)
        if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
            return _read_tiff(path, max_pixels)
        if head[:8] == b"\x89PNG\r\n\x1a\n":
            return _read_png(path, head, max_pixels)
    except UnsupportedScanFile as exc:
        if str(exc).startswith(f"{path}: "):
            raise
        raise _refuse(path, f"an inconsistent header ({exc})") from None  # from _int
    except Exception as exc:
        # The last line of defence: whatever a damaged file makes the libraries raise is
        # this file's problem, named, and the next file of a batch is still read.
        raise _refuse(path, f"a damaged file ({_why(exc)})") from exc
    raise _refuse(path, f"an unknown file type (suffix {suffix or 'none'}, first bytes {head[:8]!r})")
