"""The handheld evidence of a dossier made drawable: a RIID's kept N42.42 document read back
into the spectrum to plot and the nuclides it identified (Qt-free; the window draws them).

Readers refuse a malformed or oversized document (decision 0803); a document that does not
read is shown as a problem in words beside the reading, never as a missing plot.
"""

from __future__ import annotations

from standards.spectra import Spectrum, SpectrumFormatError, read_n42
from workstation.db import models as m
from workstation.lane.review_events import NuclideId, ReadingEvidence, SpectrumTrace
from workstation.lane.types import ReadingSummary

N42_TYPES = ("application/xml", "text/xml", "application/n42+xml")  # before any "; profile="
MAX_CHANNELS = 65536  # more channels than any handheld has: a document claiming so is refused


def _energies(spectrum: Spectrum) -> tuple[float, ...] | None:
    """Energy (keV) of each channel from the polynomial calibration, None when there is none
    or it is not increasing (a broken calibration is no axis)."""
    coefficients = spectrum.energy_calibration
    if len(coefficients) < 2:
        return None
    energies = tuple(sum(c * ch ** k for k, c in enumerate(coefficients))
                     for ch in range(spectrum.channels))
    if any(b <= a for a, b in zip(energies, energies[1:], strict=False)):
        return None
    return energies


def spectrum_trace(raw: bytes, where: str) -> tuple[SpectrumTrace | None, tuple[NuclideId, ...]]:
    """The spectrum to draw from an N42.42 document (the foreground spectrum with the most
    counts; a derived sum only when nothing was measured) and its identified nuclides.
    Raises :class:`SpectrumFormatError` naming ``where`` when the document does not read."""
    doc = read_n42(raw, where)
    measured = [s for meas in doc.measurements if not meas.derived for s in meas.spectra]
    candidates = measured or doc.spectra
    nuclides = tuple(NuclideId(n.name, n.confidence, n.category)
                     for n in doc.nuclides if n.identified)
    if not candidates:
        return None, nuclides
    best = max(candidates, key=lambda s: float(sum(s.counts)))
    if best.channels > MAX_CHANNELS:
        raise SpectrumFormatError(f"{where}: {best.channels} channels, more than "
                                  f"{MAX_CHANNELS}")
    return (SpectrumTrace(tuple(float(c) for c in best.counts), _energies(best),
                          best.live_time_s, best.detector_id), nuclides)


def reading_evidence(reading: m.DeviceReading, summary: ReadingSummary) -> ReadingEvidence:
    """The dossier's view of one stored reading, with its spectrum when it kept an N42."""
    trace: SpectrumTrace | None = None
    nuclides: tuple[NuclideId, ...] = ()
    problem = ""
    raw = reading.raw_document
    media = (reading.raw_media_type or "application/xml").split(";")[0].strip()
    if raw and media in N42_TYPES:
        try:
            trace, nuclides = spectrum_trace(raw, f"reading {str(reading.id)[:8]} of "
                                                  f"{reading.device_name}")
        except SpectrumFormatError as exc:
            problem = str(exc)
    return ReadingEvidence(summary.device_name, summary.device_kind, summary.taken_at,
                           summary.values, summary.alarms, reading_id=str(reading.id),
                           spectrum=trace, nuclides=nuclides, spectrum_problem=problem)
