"""Maestro / IAEA SPE (ASCII) reader: ``$SECTION:`` blocks, counts in ``$DATA:``.

``$DATA:`` starts with ``first last`` channel numbers and is followed by one count per
line (some writers put several per line); ``$MEAS_TIM:`` is ``live real`` in seconds;
``$ENER_FIT:`` / ``$MCA_CAL:`` give the polynomial energy calibration (keV).
"""

from __future__ import annotations

from datetime import datetime

from standards.spectra.model import (
    Instrument,
    Measurement,
    Spectrum,
    SpectrumDocument,
    SpectrumFormatError,
)
from standards.spectra.values import parse_floats


def looks_like_spe(data: bytes) -> bool:
    head = data[:4096].lstrip()
    return head.startswith(b"$") and b"$DATA:" in data


def _sections(text: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("$") and stripped.endswith(":"):
            current = sections.setdefault(stripped[1:-1].upper(), [])
        elif current is not None:
            current.append(stripped)
    return sections


def read_spe(data: bytes, where: str = "SPE file") -> SpectrumDocument:
    text = data.decode("latin-1")
    sections = _sections(text)
    if "DATA" not in sections:
        raise SpectrumFormatError(f"{where}: no $DATA: section, not an SPE spectrum")
    lines = [ln for ln in sections["DATA"] if ln]
    if not lines:
        raise SpectrumFormatError(f"{where}: $DATA: is empty")
    bounds = parse_floats(lines[0], f"{where}: $DATA: first line")
    if len(bounds) != 2 or bounds[1] < bounds[0]:
        raise SpectrumFormatError(f"{where}: $DATA: first line must be 'first last' channel, got {lines[0]!r}")
    counts = parse_floats(" ".join(lines[1:]), f"{where}: $DATA:")
    expected = int(bounds[1] - bounds[0] + 1)
    if len(counts) != expected:
        raise SpectrumFormatError(f"{where}: $DATA: says channels {int(bounds[0])}..{int(bounds[1])} "
                                  f"({expected}) but holds {len(counts)} values")
    live = real = None
    if sections.get("MEAS_TIM"):
        times = parse_floats(sections["MEAS_TIM"][0], f"{where}: $MEAS_TIM:")
        if len(times) >= 2:
            live, real = times[0], times[1]
    calibration: list[float] = []
    if sections.get("MCA_CAL") and len(sections["MCA_CAL"]) >= 2:
        # Second line: coefficients, optionally followed by a unit word ("keV").
        tokens = sections["MCA_CAL"][1].split()
        numeric: list[str] = []
        for token in tokens:
            try:
                float(token)
            except ValueError:
                break
            numeric.append(token)
        calibration = parse_floats(" ".join(numeric), f"{where}: $MCA_CAL:")
    elif sections.get("ENER_FIT"):
        calibration = parse_floats(sections["ENER_FIT"][0], f"{where}: $ENER_FIT:")
    start = None
    if sections.get("DATE_MEA"):
        for fmt in ("%m/%d/%Y %H:%M:%S.%f", "%m/%d/%Y %H:%M:%S", "%m-%d-%Y %H:%M:%S"):
            try:
                start = datetime.strptime(sections["DATE_MEA"][0], fmt)
                break
            except ValueError:
                continue
    description = " ".join(sections.get("SPEC_ID", [])).strip()
    measurement = Measurement(
        measurement_class="Foreground", start_time=start, real_time_s=real, live_time_s=live,
        spectra=[Spectrum(counts=counts, energy_calibration=calibration, live_time_s=live, real_time_s=real)],
    )
    return SpectrumDocument(format="spe", instrument=Instrument(description=description),
                            measurements=[measurement])
