"""ORTEC CHN (binary integer spectrum) reader.

Layout, little-endian: a 32-byte header (``-1`` marker, MCA number, segment, start
seconds, real and live time in 20 ms ticks, date ``DDMMMYY`` + century flag, time
``HHMM``, channel offset, channel count), ``channels`` uint32 counts, then a 512-byte
trailer (``-102``: three energy coefficients, FWHM coefficients, detector and sample
descriptions as length-prefixed text; ``-101``: two energy coefficients).
"""

from __future__ import annotations

import struct
from datetime import datetime

import numpy as np

from standards.spectra.model import (
    Instrument,
    Measurement,
    Spectrum,
    SpectrumDocument,
    SpectrumFormatError,
)

_HEADER = struct.Struct("<hhh2sII8s4shh")
TICK_S = 0.02  # CHN times count 20 ms ticks


def looks_like_chn(data: bytes) -> bool:
    if len(data) < _HEADER.size or struct.unpack_from("<h", data, 0)[0] != -1:
        return False
    channels = struct.unpack_from("<h", data, 30)[0]
    return channels > 0 and len(data) >= _HEADER.size + 4 * channels


def read_chn(data: bytes, where: str = "CHN file") -> SpectrumDocument:
    if len(data) < _HEADER.size:
        raise SpectrumFormatError(f"{where}: {len(data)} bytes is shorter than the 32-byte CHN header")
    marker, _mca, _segment, start_s, real, live, date, hhmm, _offset, channels = _HEADER.unpack_from(data)
    if marker != -1:
        raise SpectrumFormatError(f"{where}: first word is {marker}, a CHN file starts with -1")
    if channels <= 0:
        raise SpectrumFormatError(f"{where}: header gives {channels} channels")
    end = _HEADER.size + 4 * channels
    if len(data) < end:
        raise SpectrumFormatError(f"{where}: header promises {channels} channels but the file stops "
                                  f"after {max(0, (len(data) - _HEADER.size) // 4)}")
    counts = np.frombuffer(data, dtype="<u4", count=channels, offset=_HEADER.size).astype(float).tolist()
    calibration: list[float] = []
    instrument = Instrument(manufacturer="ORTEC")
    if len(data) >= end + 16:
        trailer_kind = struct.unpack_from("<h", data, end)[0]
        if trailer_kind == -102:
            calibration = [float(v) for v in struct.unpack_from("<3f", data, end + 4)]
        elif trailer_kind == -101:
            calibration = [float(v) for v in struct.unpack_from("<2f", data, end + 4)]
        if trailer_kind in (-101, -102) and len(data) >= end + 0x100 + 64:
            instrument.description = _pascal(data, end + 0x100)
    measurement = Measurement(
        measurement_class="Foreground",
        start_time=_start(date, hhmm, start_s),
        real_time_s=round(real * TICK_S, 6),
        live_time_s=round(live * TICK_S, 6),
        spectra=[Spectrum(counts=counts, energy_calibration=calibration,
                          live_time_s=round(live * TICK_S, 6), real_time_s=round(real * TICK_S, 6))],
    )
    return SpectrumDocument(format="chn", instrument=instrument, measurements=[measurement])


def _pascal(data: bytes, offset: int) -> str:
    length = min(data[offset], 63)
    return data[offset + 1: offset + 1 + length].decode("latin-1").strip("\x00 ")


def _start(date: bytes, hhmm: bytes, seconds: bytes) -> datetime | None:
    # The date is DDMMMYY plus a century flag ('1' means 20xx); unreadable dates are left out.
    try:
        text = date[:7].decode("ascii")
        century = 2000 if date[7:8] == b"1" else 1900
        day = datetime.strptime(text, "%d%b%y")
        return day.replace(year=century + day.year % 100, hour=int(hhmm[:2]), minute=int(hhmm[2:4]),
                           second=int(seconds or b"0"))
    except (ValueError, UnicodeDecodeError):
        return None
