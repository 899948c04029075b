"""Sandia GADRAS PCF reader.

256-byte records. Record 1 starts with NRPS (int16), the number of records per
spectrum. Each spectrum is one header record (title 60, source 60, description 60,
date 23, tag 1 characters; then float32 live time, real time, half-life, molecular
weight, multiplier, then the FRF energy calibration offset, gain, quadratic, cubic,
low-energy term, occupancy, neutron counts; int32 channel count) and NRPS-1 records of
float32 counts. FRF coefficients use ``x = channel / channels``; they are converted here
to a polynomial in the channel index (the low-energy term is kept only when zero).
"""

from __future__ import annotations

import struct

import numpy as np

from standards.spectra.model import (
    GrossCounts,
    Instrument,
    Measurement,
    Spectrum,
    SpectrumDocument,
    SpectrumFormatError,
)

RECORD = 256
_HEADER = struct.Struct("<60s60s60s23sc12fi")


def looks_like_pcf(data: bytes) -> bool:
    if len(data) < 2 * RECORD or len(data) % RECORD:
        return False
    nrps = struct.unpack_from("<h", data, 0)[0]
    return nrps >= 2 and (len(data) - RECORD) % (nrps * RECORD) == 0


def read_pcf(data: bytes, where: str = "PCF file") -> SpectrumDocument:
    if not looks_like_pcf(data):
        raise SpectrumFormatError(f"{where}: not a PCF file (size must be 256 + N x NRPS x 256 bytes)")
    nrps = struct.unpack_from("<h", data, 0)[0]
    if data[2:5] == b"DHS":
        raise SpectrumFormatError(f"{where}: PCF with deviation pairs (DHS header) is not supported")
    doc = SpectrumDocument(format="pcf")
    for index, start in enumerate(range(RECORD, len(data), nrps * RECORD)):
        fields = _HEADER.unpack_from(data, start)
        title, source, description, date, tag = (f.decode("latin-1").strip("\x00 ") for f in fields[:5])
        live, real, _half_life, _mw, multiplier, c0, c1, c2, c3, low, _occupancy, neutrons = fields[5:17]
        channels = fields[17]
        capacity = (nrps - 1) * RECORD // 4
        if not 0 < channels <= capacity:
            raise SpectrumFormatError(f"{where}: spectrum {index + 1} gives {channels} channels, "
                                      f"room for 1..{capacity}")
        counts = np.frombuffer(data, dtype="<f4", count=channels, offset=start + RECORD).astype(float)
        if not np.all(np.isfinite(counts)) or np.any(counts < 0):
            raise SpectrumFormatError(f"{where}: spectrum {index + 1} holds negative or non-finite counts")
        if multiplier and multiplier != 1.0:
            counts = counts * multiplier
        n = float(channels)
        calibration = [float(c0), float(c1) / n, float(c2) / n**2, float(c3) / n**3] if low == 0 else []
        while len(calibration) > 2 and calibration[-1] == 0:
            calibration.pop()
        spectrum = Spectrum(counts=counts.tolist(), energy_calibration=calibration,
                            live_time_s=round(float(live), 6), real_time_s=round(float(real), 6))
        measurement = Measurement(
            measurement_class="Background" if tag.upper() == "B" else "Foreground",
            real_time_s=spectrum.real_time_s, live_time_s=spectrum.live_time_s, spectra=[spectrum],
            gross_counts=[GrossCounts(counts=[float(neutrons)])] if neutrons else [], id=title,
        )
        doc.measurements.append(measurement)
        if index == 0:
            doc.instrument = Instrument(description=description or title or source)
    return doc
