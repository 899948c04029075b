"""Radiation spectrum formats: ANSI N42.42 (2006 and 2012, read and write), ORTEC CHN and
SPC, Maestro SPE, Sandia PCF, CSV / TXT columns. Every reader returns a
:class:`SpectrumDocument`; problems raise :class:`SpectrumFormatError` naming the file.

The format is recognised from the content; the file name extension only decides
between ``csv`` and ``txt`` for column text.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from standards.spectra.chn import looks_like_chn, read_chn
from standards.spectra.csv_text import read_columns
from standards.spectra.model import (
    Alarm,
    Detector,
    GrossCounts,
    Instrument,
    Measurement,
    Nuclide,
    Spectrum,
    SpectrumDocument,
    SpectrumFormatError,
)
from standards.spectra.n42_read import read_n42
from standards.spectra.n42_write import write_n42
from standards.spectra.pcf import looks_like_pcf, read_pcf
from standards.spectra.spc import looks_like_spc, read_spc
from standards.spectra.spe import looks_like_spe, read_spe

MAX_FILE_BYTES = 64 * 1024 * 1024

__all__ = [
    "Alarm", "Detector", "GrossCounts", "Instrument", "Measurement", "Nuclide", "Spectrum",
    "SpectrumDocument", "SpectrumFormatError", "read_bytes", "read_file", "read_n42", "write_n42",
]


def read_bytes(data: bytes, where: str = "spectrum", suffix: str = "") -> SpectrumDocument:
    """Recognise the format of ``data`` and read it; every number in the result is finite."""
    doc = _read_any(data, where, suffix)
    _check_finite(doc, where)
    return doc


def _check_finite(doc: SpectrumDocument, where: str) -> None:
    """Binary formats store float32 times and counts that may be NaN or infinite, and a sum
    of huge counts overflows: refused here, for every reader, so that no summary carries a
    number that JSON cannot hold."""
    for index, m in enumerate(doc.measurements, start=1):
        mwhere = f"{where}: measurement {index}"
        values: list[tuple[str, float | None]] = [
            ("real time", m.real_time_s), ("live time", m.live_time_s),
            ("dose rate", m.dose_rate_usv_h)]
        values += [("gross counts", sum(g.counts)) for g in m.gross_counts]
        for k, spectrum in enumerate(m.spectra, start=1):
            values += [(f"spectrum {k} live time", spectrum.live_time_s),
                       (f"spectrum {k} real time", spectrum.real_time_s),
                       (f"spectrum {k} total counts", float(sum(spectrum.counts)))]
            values += [(f"spectrum {k} energy calibration", c) for c in spectrum.energy_calibration]
        for what, value in values:
            if value is not None and not math.isfinite(value):
                raise SpectrumFormatError(f"{mwhere}: {what} is {value}, not a finite number")
    for nuclide in doc.nuclides:
        if isinstance(nuclide.confidence, float) and not math.isfinite(nuclide.confidence):
            raise SpectrumFormatError(f"{where}: nuclide {nuclide.name}: confidence is not finite")


def _read_any(data: bytes, where: str, suffix: str) -> SpectrumDocument:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return read_n42(data, where)
    if looks_like_chn(data):
        return read_chn(data, where)
    if looks_like_spe(data):
        return read_spe(data, where)
    if looks_like_pcf(data):
        return read_pcf(data, where)
    if looks_like_spc(data):
        return read_spc(data, where)
    if b"\x00" in data[:4096]:
        raise SpectrumFormatError(f"{where}: binary data of no known spectrum format "
                                  "(N42, CHN, SPC, PCF, SPE, CSV, TXT)")
    return read_columns(data, where, fmt="txt" if suffix.lower() == ".txt" else "csv")


def read_file(path: str | os.PathLike[str]) -> SpectrumDocument:
    """Read a spectrum file of any supported format."""
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SpectrumFormatError(f"{file}: {size} bytes, more than the {MAX_FILE_BYTES}-byte limit")
        data = file.read_bytes()
    except FileNotFoundError:
        raise SpectrumFormatError(f"{file}: no such file") from None
    except IsADirectoryError:
        raise SpectrumFormatError(f"{file}: is a folder, not a file") from None
    except OSError as exc:
        raise SpectrumFormatError(f"{file}: cannot read: {exc.strerror}") from None
    if not data:
        raise SpectrumFormatError(f"{file}: empty file")
    return read_bytes(data, str(file), file.suffix)
