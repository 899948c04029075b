"""Read an image file into the grey 0..1 form the models take (1 = bright = air).

Accepted: DICOS scans stored by this workstation (read exactly: calibrated transmission,
both energies), other DICOS / DICOM (pydicom; one frame, or two frames / samples taken as low
and high energy), 16-bit TIFF (tifffile), 16-bit PNG (OpenCV, never Pillow: it mangles 16-bit data),
8-bit grey or colour JPEG / PNG / BMP (OpenCV; colour is converted to grey).

16-bit data may be raw counts, calibrated transmission or a vendor's display scaling: it is
normalised by its 99.9th percentile (air is the brightest large region in any transmission
image), which maps all three to ~1 at air without knowing which it is. 8-bit images are
display images already and are only divided by 255. Two energies are combined by their
geometric mean, the single-energy image a single-view scanner would give.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from devices.xray.scan_files import (
    DEFAULT_MAX_PIXELS,
    UnsupportedScanFile,
    dicom_pixels,
    image_size_from_header,
    is_ours,
    png_complete,
    read_dicom_checked,
    read_dicom_header,
)
from workstation.inference.preprocess import GreyImage

DICOM_SUFFIXES = {".dcm", ".dcs", ".dicom", ".dicos"}
TIFF_SUFFIXES = {".tif", ".tiff"}


class ImageReadError(Exception):
    """The file cannot be read as an image; the message names the file and the reason."""


def read_grey(path: Path, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> GreyImage:
    """Load ``path`` as a 2-D float32 array in 0..1, 1 = air (see module docstring).

    ``max_pixels``: the most pixels (width x height) one image may have, checked from the
    file's header before it is decoded. Every problem raises :class:`ImageReadError` naming
    the file; nothing else escapes, whatever the bytes.
    """
    try:
        return _read_grey(Path(path), max_pixels)
    except ImageReadError:
        raise
    except UnsupportedScanFile as exc:
        text = str(exc)
        raise ImageReadError(text if text.startswith(f"{path}: ") else f"{path}: an inconsistent "
                             f"header ({text})") from None
    except Exception as exc:
        # The decoders (pydicom, tifffile, OpenCV) raise what they like on damaged bytes: the
        # file's problem, named, never a crash of the whole batch.
        raise ImageReadError(f"{path}: a damaged or unreadable image "
                             f"({type(exc).__name__}: {str(exc)[:200]})") from exc


def _read_grey(path: Path, max_pixels: int) -> GreyImage:
    try:
        if not path.is_file():
            raise ImageReadError(f"{path}: no such file")
        if path.stat().st_size == 0:
            raise ImageReadError(f"{path}: an empty file")
    except OSError as exc:
        raise ImageReadError(f"{path}: cannot read: {exc.strerror or exc}") from None
    suffix = path.suffix.lower()
    if suffix in DICOM_SUFFIXES or _has_dicm_magic(path):
        ours = _read_our_dicos(path, max_pixels)
        if ours is not None:
            return ours
        return _from_array(_read_dicom(path, max_pixels), path)
    if suffix in TIFF_SUFFIXES or _has_tiff_magic(path):
        return _from_array(_read_tiff(path, max_pixels), path)
    _check_size_from_header(path, max_pixels)
    data = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
    if data is None:
        raise ImageReadError(f"{path}: not a readable image (DICOS/DICOM, TIFF, PNG, JPEG, BMP)")
    if data.ndim == 3:
        channels = data.shape[2]
        if channels == 4:
            data = cv2.cvtColor(data, cv2.COLOR_BGRA2GRAY)
        elif channels == 3:
            data = cv2.cvtColor(data, cv2.COLOR_BGR2GRAY)
        else:
            data = data[..., 0]
    return _from_array(data, path)


def scan_kind_hint(path: Path) -> str | None:
    """"cargo" or "parcel" from a DICOS file's Object Of Inspection type; None when unknown.

    Lets ``scan analyse`` pick the cargo or the parcel models for stored scans without being
    told; plain images carry no such hint.
    """
    if not (path.suffix.lower() in DICOM_SUFFIXES or _has_dicm_magic(path)):
        return None
    try:
        ds = read_dicom_header(path)
    except UnsupportedScanFile:
        return None  # read_grey names the problem when the pixels are read
    ooi = str(ds.get("OOIType", "")).upper()
    return {"CARGO": "cargo", "BAGGAGE": "parcel"}.get(ooi)


def _has_dicm_magic(path: Path) -> bool:
    with open(path, "rb") as handle:
        head = handle.read(132)
    return len(head) == 132 and head[128:132] == b"DICM"


def _has_tiff_magic(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(4) in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")


def _too_big(path: Path, width: int, height: int, max_pixels: int) -> ImageReadError:
    return ImageReadError(f"{path}: an image of {width} x {height} = {width * height / 1e6:.1f} "
                          f"megapixels, over the limit of {max_pixels / 1e6:g} megapixels per "
                          "image ([imports] max_scan_megapixels)")


def _read_tiff(path: Path, max_pixels: int) -> NDArray[np.generic]:
    import tifffile

    try:
        with tifffile.TiffFile(path) as tif:
            pages = list(tif.pages[:3])
            if len(pages) > 2:
                raise ImageReadError(f"{path}: a TIFF of more than two pages (a stack): expected "
                                     "one grey image or two energies")
            for page in pages:
                shape = tuple(int(v) for v in page.shape)
                if len(shape) < 2:
                    raise ImageReadError(f"{path}: a TIFF page of shape {shape}")
                if shape[0] * shape[1] > max_pixels:
                    raise _too_big(path, shape[1], shape[0], max_pixels)
                if int(np.prod(shape)) > 4 * max_pixels:
                    raise ImageReadError(f"{path}: a TIFF page of shape {shape}: too many samples")
            arrays = [page.asarray() for page in pages]
    except ImageReadError:
        raise
    except Exception as exc:
        raise ImageReadError(f"{path}: not a readable TIFF ({type(exc).__name__}: "
                             f"{str(exc)[:200]})") from exc
    if len(arrays) == 2:
        if arrays[0].shape != arrays[1].shape:
            raise ImageReadError(f"{path}: two TIFF pages of different shapes "
                                 f"{arrays[0].shape} and {arrays[1].shape}")
        return np.stack(arrays)  # two energies, combined by _from_array
    return arrays[0]


def _check_size_from_header(path: Path, max_pixels: int) -> None:
    """Width and height from the file's header, checked before OpenCV decodes anything."""
    size = image_size_from_header(path)
    if size is None:
        raise ImageReadError(f"{path}: not a readable image (DICOS/DICOM, TIFF, PNG, JPEG, BMP): "
                             "no image header that gives its size")
    width, height = size
    if width <= 0 or height <= 0:
        raise ImageReadError(f"{path}: image header gives {width} x {height} pixels")
    if width * height > max_pixels:
        raise _too_big(path, width, height, max_pixels)
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == b"\x89PNG\r\n\x1a\n" and not png_complete(path):
        raise ImageReadError(f"{path}: a truncated PNG (no IEND chunk at its end)")


def _read_our_dicos(path: Path, max_pixels: int) -> GreyImage | None:
    """A scan stored by this workstation, read exactly; None for anybody else's file.

    Our DICOS files hold calibrated transmission (65535 = 1.0) with both energies labelled,
    so they need no guessing: the grey image is exactly what the inference worker gets from
    the live scan (:func:`grey_from_scan`), and the models see the same values they were
    trained and measured on (air is ~0.9 behind the belt, not stretched to 1).
    """
    from workstation.scans.dicos import dataset_to_scan

    ds = read_dicom_checked(path, max_pixels)
    if not is_ours(ds):
        return None
    try:
        return grey_from_scan(dataset_to_scan(ds, name=str(path)))
    except Exception as exc:
        raise ImageReadError(f"{path}: workstation DICOS scan with unreadable pixel data: "
                             f"{type(exc).__name__}: {str(exc)[:200]}") from exc


def _read_dicom(path: Path, max_pixels: int) -> NDArray[np.generic]:
    ds = read_dicom_checked(path, max_pixels)
    pixels = dicom_pixels(path, ds)
    if str(ds.get("PhotometricInterpretation", "")) == "MONOCHROME1":
        # MONOCHROME1: low values are bright. Flip so that air is bright as everywhere else.
        pixels = np.iinfo(pixels.dtype).max - pixels if np.issubdtype(pixels.dtype, np.integer) \
            else pixels.max() - pixels
    return pixels


def _from_array(data: NDArray[np.generic], path: Path) -> GreyImage:
    data = np.squeeze(np.asarray(data))
    if data.ndim == 3:
        # Two energies as frames (2, H, W) or as samples (H, W, 2): combine them.
        if data.shape[0] == 2:
            low, high = data[0], data[1]
        elif data.shape[-1] == 2:
            low, high = data[..., 0], data[..., 1]
        elif data.shape[-1] in (3, 4):
            return _from_array(cv2.cvtColor(data[..., :3].astype(np.uint8), cv2.COLOR_RGB2GRAY)
                               if data.dtype == np.uint8 else data[..., :3].mean(axis=-1), path)
        else:
            raise ImageReadError(f"{path}: image of shape {data.shape}: expected one grey image "
                                 "or two energies")
        grey_low, grey_high = _normalise(low, path), _normalise(high, path)
        return np.sqrt(grey_low * grey_high).astype(np.float32)
    if data.ndim != 2:
        raise ImageReadError(f"{path}: image of shape {data.shape} is not a 2-D grey image")
    if min(data.shape) < 8:
        raise ImageReadError(f"{path}: image of {data.shape[1]} x {data.shape[0]} pixels is too small")
    return _normalise(data, path)


def _normalise(data: NDArray[np.generic], path: Path) -> GreyImage:
    if data.dtype == np.uint8:
        return (data.astype(np.float32) / 255.0).astype(np.float32)
    values = data.astype(np.float32)
    if not np.isfinite(values).all():
        raise ImageReadError(f"{path}: image contains NaN or infinite values")
    top = float(np.percentile(values, 99.9))
    bottom = min(0.0, float(values.min()))
    if top <= bottom:
        raise ImageReadError(f"{path}: image is blank (all pixels {top})")
    return np.clip((values - bottom) / (top - bottom), 0.0, 1.0).astype(np.float32)


def grey_from_scan(scan: Any) -> GreyImage:
    """A corrected scan (``workstation.imaging.scan.DualEnergyScan``) -> grey, display orientation.

    Its images are uint16 transmission (65535 = air) indexed [line, pixel]; the models see
    lines running left to right, i.e. the transpose, as the viewer shows it.
    """
    high = np.asarray(scan.high, dtype=np.float32) / 65535.0
    low_raw = getattr(scan, "low", None)
    grey = high if low_raw is None else np.sqrt(high * (np.asarray(low_raw, np.float32) / 65535.0))
    return np.ascontiguousarray(np.clip(grey, 0.0, 1.0).T.astype(np.float32))
