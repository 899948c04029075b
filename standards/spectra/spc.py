"""ORTEC SPC (binary, "integer spectrum") reader.

The file is a sequence of 128-byte records. Record 1 holds 16-bit words: word 0 = 1
(INFTYP), word 1 = 1 for integer or 5 for float data, word 4/5/6 = record numbers of the
acquisition, sample and detector description records, word 17 = calibration record,
words 30/31/32 = first data record, number of data records, channel count; bytes 90 and
94 hold real and live time (float32, s). Energy coefficients are three float32 at byte
20 of the calibration record. Record numbers count from 1.
"""

from __future__ import annotations

import re
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

RECORD = 128


def looks_like_spc(data: bytes) -> bool:
    if len(data) < 2 * RECORD:
        return False
    inftyp, filtyp = struct.unpack_from("<hh", data, 0)
    return inftyp == 1 and filtyp in (1, 5)


def _record(data: bytes, number: int, where: str, what: str) -> bytes:
    start = (number - 1) * RECORD
    if number < 1 or start + RECORD > len(data):
        raise SpectrumFormatError(f"{where}: {what} record {number} lies outside the {len(data)}-byte file")
    return data[start:start + RECORD]


def read_spc(data: bytes, where: str = "SPC file") -> SpectrumDocument:
    if not looks_like_spc(data):
        raise SpectrumFormatError(f"{where}: not an ORTEC SPC file (first words must be 1 and 1 or 5)")
    words = struct.unpack_from("<64h", data, 0)
    filtyp, acq_rec, sample_rec, det_rec, cal_rec = words[1], words[4], words[5], words[6], words[17]
    first, _count, channels = words[30], words[31], words[32]
    if channels <= 0:
        raise SpectrumFormatError(f"{where}: header gives {channels} channels")
    start = (first - 1) * RECORD
    if first < 1 or start + 4 * channels > len(data):
        raise SpectrumFormatError(f"{where}: {channels} channels from record {first} run past the end of the file")
    dtype = "<i4" if filtyp == 1 else "<f4"
    counts = np.frombuffer(data, dtype=dtype, count=channels, offset=start).astype(float).tolist()
    if any(c < 0 for c in counts):
        raise SpectrumFormatError(f"{where}: negative counts in the data records")
    real, live = struct.unpack_from("<ff", data, 90)
    calibration: list[float] = []
    if cal_rec > 0:
        calibration = [float(v) for v in struct.unpack_from("<3f", _record(data, cal_rec, where, "calibration"), 20)]
    started = None
    if acq_rec > 0:
        text = _record(data, acq_rec, where, "acquisition").decode("latin-1")
        match = re.search(r"(\d{2}-[A-Z]{3}-\d{2})(\d)?\s*(\d{2}:\d{2}:\d{2})", text)
        if match:
            try:
                started = datetime.strptime(f"{match.group(1)} {match.group(3)}", "%d-%b-%y %H:%M:%S")
            except ValueError:
                started = None
    instrument = Instrument(manufacturer="ORTEC")
    if det_rec > 0:
        instrument.model = _record(data, det_rec, where, "detector").decode("latin-1").strip("\x00 ")
    description = _record(data, sample_rec, where, "sample").decode("latin-1").strip("\x00 ") if sample_rec > 0 else ""
    instrument.description = description
    measurement = Measurement(
        measurement_class="Foreground", start_time=started,
        real_time_s=round(float(real), 6), live_time_s=round(float(live), 6),
        spectra=[Spectrum(counts=counts, energy_calibration=calibration,
                          live_time_s=round(float(live), 6), real_time_s=round(float(real), 6))],
    )
    return SpectrumDocument(format="spc", instrument=instrument, measurements=[measurement])
