"""CSV and plain-text column spectra (``Energy, Data``, ``Channel, Counts``, or one count per line).

The last numeric column is the counts. When an energy column is present, the energy
calibration is recovered by a least-squares quadratic fit of energy against channel index.
"""

from __future__ import annotations

import re

import numpy as np

from standards.spectra.model import (
    Measurement,
    Spectrum,
    SpectrumDocument,
    SpectrumFormatError,
)
from standards.spectra.values import MAX_CHANNELS, parse_floats

_SPLIT = re.compile(r"[,;\t ]+")


def read_columns(data: bytes, where: str = "CSV file", fmt: str = "csv") -> SpectrumDocument:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    header: list[str] = []
    rows: list[list[float]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        cells = [c for c in _SPLIT.split(stripped) if c]
        if not cells:
            continue  # a line of separators only
        if not rows and not header and any(_not_number(c) for c in cells):
            header = [c.lower() for c in cells]
            continue
        values = parse_floats(" ".join(cells), f"{where}: line {number}")
        if rows and len(values) != len(rows[0]):
            raise SpectrumFormatError(f"{where}: line {number} has {len(values)} columns, "
                                      f"line {number - 1} had {len(rows[0])}")
        rows.append(values)
        if len(rows) > MAX_CHANNELS:
            raise SpectrumFormatError(f"{where}: more than {MAX_CHANNELS} rows")
    if not rows:
        raise SpectrumFormatError(f"{where}: no numeric rows: not a column spectrum")
    table = np.array(rows)
    counts = table[:, -1]
    if np.any(counts < 0):
        raise SpectrumFormatError(f"{where}: negative counts in the last column")
    calibration: list[float] = []
    energy_col = next((i for i, h in enumerate(header) if "energy" in h or "kev" in h), None)
    if energy_col is not None and energy_col < table.shape[1] - 1 and len(counts) >= 3:
        channel = np.arange(len(counts), dtype=float)
        # Highest power first from polyfit; the model wants c0 first.
        calibration = [float(c) for c in np.polyfit(channel, table[:, energy_col], 2)[::-1]]
    spectrum = Spectrum(counts=counts.tolist(), energy_calibration=calibration)
    return SpectrumDocument(format=fmt, measurements=[Measurement(measurement_class="Foreground",
                                                                  spectra=[spectrum])])


def _not_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return True
    return False
