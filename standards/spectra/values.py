"""Small value parsers shared by the spectrum readers: ISO 8601 durations, dose-rate units,
CountedZeroes compression, number lists. All raise :class:`SpectrumFormatError`."""

from __future__ import annotations

import math
import re
from datetime import datetime

from standards.spectra.model import SpectrumFormatError

# PnDTnHnMnS (N42 uses xsd:duration; years/months make no sense for a measurement time).
_DURATION = re.compile(
    r"^\s*(-)?P(?:(?P<d>\d+(?:\.\d*)?)D)?(?:T(?:(?P<h>\d+(?:\.\d*)?)H)?"
    r"(?:(?P<m>\d+(?:\.\d*)?)M)?(?:(?P<s>\d+(?:\.\d*)?|\.\d+)S)?)?\s*$"
)

# Factor from the given unit to µSv/h. Gray and sievert are taken as equal (photons,
# radiation weighting 1); roentgen and rem use the usual 1 R ≈ 1 rem ≈ 10 mSv rounding.
DOSE_RATE_TO_USV_H: dict[str, float] = {
    "usv/h": 1.0, "µsv/h": 1.0, "μsv/h": 1.0, "msv/h": 1e3, "nsv/h": 1e-3, "sv/h": 1e6,
    "ugy/h": 1.0, "µgy/h": 1.0, "μgy/h": 1.0, "mgy/h": 1e3, "ngy/h": 1e-3, "gy/h": 1e6,
    "ur/h": 1e-2, "µr/h": 1e-2, "mr/h": 10.0, "r/h": 1e4,
    "urem/h": 1e-2, "µrem/h": 1e-2, "mrem/h": 10.0, "rem/h": 1e4,
}

MAX_CHANNELS = 1 << 20  # 1,048,576: far above any real MCA (they stop at 65,536)


def parse_duration_s(text: str, where: str) -> float:
    """Seconds from an xsd:duration such as ``PT59.61S`` or ``PT1M2S``."""
    match = _DURATION.match(text or "")
    if not match or text.strip() in ("P", "PT", "-P"):
        raise SpectrumFormatError(f"{where}: {text!r} is not an ISO 8601 duration like PT60S")
    parts = {k: float(v) if v else 0.0 for k, v in match.groupdict().items()}
    seconds = parts["d"] * 86400 + parts["h"] * 3600 + parts["m"] * 60 + parts["s"]
    return -seconds if match.group(1) else seconds


def parse_datetime(text: str, where: str) -> datetime:
    """An ISO 8601 date-time (``2003-11-22T23:45:19-07:00``, ``...Z``, fractional seconds)."""
    value = (text or "").strip()
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise SpectrumFormatError(f"{where}: {text!r} is not an ISO 8601 date-time") from None


def parse_floats(text: str, where: str) -> list[float]:
    """Whitespace- or comma-separated finite numbers."""
    tokens = (text or "").replace(",", " ").split()
    if len(tokens) > MAX_CHANNELS:
        raise SpectrumFormatError(f"{where}: {len(tokens)} values, more than {MAX_CHANNELS}")
    values: list[float] = []
    for i, token in enumerate(tokens):
        try:
            value = float(token)
        except ValueError:
            raise SpectrumFormatError(f"{where}: value {i + 1} ({token[:20]!r}) is not a number") from None
        if not math.isfinite(value):
            raise SpectrumFormatError(f"{where}: value {i + 1} is {token!r}, not a finite number")
        values.append(value)
    return values


def expand_counted_zeroes(values: list[float], where: str) -> list[float]:
    """Undo N42 CountedZeroes: a 0 is followed by how many zero channels it stands for."""
    out: list[float] = []
    i = 0
    while i < len(values):
        value = values[i]
        if value == 0:
            if i + 1 >= len(values):
                raise SpectrumFormatError(f"{where}: CountedZeroes data ends with a 0 and no count")
            run = values[i + 1]
            if run < 0 or not float(run).is_integer():
                raise SpectrumFormatError(f"{where}: CountedZeroes run length {run!r} is not a whole number")
            if len(out) + run > MAX_CHANNELS:
                raise SpectrumFormatError(f"{where}: CountedZeroes expands past {MAX_CHANNELS} channels")
            out.extend([0.0] * int(run))
            i += 2
        else:
            out.append(value)
            i += 1
    return out


def compress_counted_zeroes(counts: list[float]) -> list[float]:
    """The inverse of :func:`expand_counted_zeroes`."""
    out: list[float] = []
    run = 0
    for value in counts:
        if value == 0:
            run += 1
            continue
        if run:
            out += [0, run]
            run = 0
        out.append(value)
    if run:
        out += [0, run]
    return out


def dose_rate_to_usv_h(value: float, unit: str, where: str) -> float:
    factor = DOSE_RATE_TO_USV_H.get(unit.strip().lower().replace(" ", ""))
    if factor is None:
        known = ", ".join(sorted({u for u in DOSE_RATE_TO_USV_H if u.isascii()}))
        raise SpectrumFormatError(f"{where}: dose-rate unit {unit!r} unknown (known: {known})")
    return value * factor


def format_number(value: float) -> str:
    """Shortest text for a count or coefficient: ``12`` for whole numbers, else repr."""
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(float(value))
