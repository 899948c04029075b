"""The gross-count time profile of a pass: counts per time slice per detector.

A portal monitor samples a vehicle pass in short time slices (0.1 to 1 s) with several
detectors; what an officer looks at is how each detector's gross counts rise and fall as the
vehicle goes by, and whether the instrument alarmed. Gamma detectors with a spectrum count
the sum of its channels; gross counters (neutron tubes, gamma plastics) their ``CountData``
(summed over energy windows). Derived data (an instrument's sum spectrum) is no time slice.

Units: times in seconds from the start of the first slice; counts per slice (not per second).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from standards.spectra.model import Alarm, SpectrumDocument

# Okabe-Ito: one colour per detector line, distinguishable for the common colour-vision
# deficiencies (the plots also label each line, so colour is never the only cue).
DETECTOR_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                    "#F0E442", "#000000")


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """About ``count`` round axis values (1, 2, 2.5, 5 × 10^n steps) from 0 to ``top``."""
    if top <= 0:
        return [0.0]
    raw = top / count
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = min(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [round(i * step, 12) for i in range(int(top / step + 1e-9) + 1)]


@dataclass
class TimeProfile:
    """``counts[detector][i]``: gross counts of that detector in slice ``i`` (None: no data)."""

    detectors: list[str]
    categories: dict[str, str]
    times_s: list[float]
    real_times_s: list[float | None]
    counts: dict[str, list[float | None]]
    occupied: list[bool | None]
    alarms: list[Alarm] = field(default_factory=list)
    # Background measurements left out of a pass that has foreground slices (an Annex E
    # portal's 300 s background taken minutes before the vehicle came).
    background_left_out: int = 0

    @property
    def slices(self) -> int:
        return len(self.times_s)

    def totals(self) -> dict[str, float]:
        """Counts of each detector over the whole pass."""
        return {d: sum(c for c in self.counts[d] if c is not None) for d in self.detectors}

    def summed(self) -> list[float]:
        """Counts of all gamma detectors together, per slice (the usual portal trace)."""
        gamma = [d for d in self.detectors if self.categories.get(d, "Gamma") != "Neutron"]
        return [sum(self.counts[d][i] or 0.0 for d in gamma) for i in range(self.slices)]

    def peak_slice(self) -> int | None:
        """Index of the slice with the most gamma counts (the vehicle at the detectors)."""
        summed = self.summed()
        return max(range(len(summed)), key=summed.__getitem__) if summed else None


def time_profile(doc: SpectrumDocument) -> TimeProfile:
    """The profile of every measured (non-derived) measurement of ``doc``, in document order;
    background measurements are left out when there are foreground ones."""
    slices = [m for m in doc.measurements if not m.derived]
    background = [m for m in slices if m.measurement_class.lower() == "background"]
    if background and len(background) < len(slices):
        slices = [m for m in slices if m not in background]
    else:
        background = []
    categories = {d.id: d.category for d in doc.detectors}
    detectors: list[str] = []
    per_slice: list[dict[str, float]] = []
    for m in slices:
        row: dict[str, float] = {}
        for s in m.spectra:
            row[s.detector_id] = row.get(s.detector_id, 0.0) + float(sum(s.counts))
            categories.setdefault(s.detector_id, "Gamma")
        for g in m.gross_counts:
            if g.detector_id not in {s.detector_id for s in m.spectra}:
                row[g.detector_id] = row.get(g.detector_id, 0.0) + float(sum(g.counts))
        for d in row:
            if d not in detectors:
                detectors.append(d)
        per_slice.append(row)
    declared = {d.id: i for i, d in enumerate(doc.detectors)}
    detectors.sort(key=lambda d: declared.get(d, len(declared)))  # the file's own order (A1..B4)
    first = next((m.start_time for m in slices if m.start_time is not None), None)
    times: list[float] = []
    elapsed = 0.0
    for m in slices:
        if first is not None and m.start_time is not None:
            times.append((m.start_time - first).total_seconds())
        else:
            times.append(elapsed)  # no clock in the file: slices laid end to end
        elapsed += m.real_time_s or 0.0
    return TimeProfile(
        detectors=detectors,
        categories={d: categories.get(d, "") for d in detectors},
        times_s=times,
        real_times_s=[m.real_time_s for m in slices],
        counts={d: [row.get(d) for row in per_slice] for d in detectors},
        occupied=[m.occupied for m in slices],
        alarms=list(doc.alarms),
        background_left_out=len(background),
    )


def is_pass(doc: SpectrumDocument) -> bool:
    """True for a time series of several slices (a portal pass), not a single acquisition."""
    return sum(1 for m in doc.measurements if not m.derived) > 2
