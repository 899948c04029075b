"""Handheld evidence for review tests (Qt-free): a RIID measurement with a real N42.42-2012
document (a Cs-137 photopeak at 662 keV on a falling continuum, the nuclide identified), a
substance match and a density reading, recorded on a control through the readings service
as the lane records a taken reading."""

from __future__ import annotations

import math
import uuid
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from devices.handheld.readings import DensityReading, HandheldReading, RiidReading, SubstanceReading
from standards.spectra import (
    Alarm,
    Detector,
    Instrument,
    Measurement,
    Nuclide,
    Spectrum,
    SpectrumDocument,
    read_n42,
    write_n42,
)
from workstation.db.models import User
from workstation.services.readings import HandheldReadingEvent, RecordedReading, record_reading

CHANNELS = 1024
KEV_PER_CHANNEL = 3.0
PEAK_KEV = 661.7


def cs137_counts() -> list[float]:
    """Counts per channel: a continuum falling with energy plus a Gaussian peak at 662 keV."""
    counts = []
    for ch in range(CHANNELS):
        e = ch * KEV_PER_CHANNEL
        continuum = 400.0 * math.exp(-e / 300.0)
        peak = 900.0 * math.exp(-0.5 * ((e - PEAK_KEV) / 18.0) ** 2)
        counts.append(float(round(continuum + peak)))
    return counts


def riid_reading() -> RiidReading:
    doc = SpectrumDocument(
        format="n42-2012",
        instrument=Instrument(manufacturer="Sim", model="RIID-1", serial="R-1"),
        detectors=[Detector(id="gamma", category="Gamma", kind="NaI")],
        measurements=[Measurement(
            measurement_class="Foreground", start_time=datetime(2026, 11, 28, 9, 0, tzinfo=UTC),
            real_time_s=30.0, live_time_s=29.5, dose_rate_usv_h=0.42, id="m1",
            spectra=[Spectrum(counts=cs137_counts(), energy_calibration=[0.0, KEV_PER_CHANNEL],
                              live_time_s=29.5, real_time_s=30.0, detector_id="gamma",
                              id="s1")])],
        nuclides=[Nuclide("Cs-137", 0.93, "Industrial")],
        alarms=[Alarm("Gamma", "Cs-137 identified")])
    raw = write_n42(doc)
    return RiidReading(document=read_n42(raw, "test RIID"), raw=raw)


def _event(device: str, reading: HandheldReading) -> HandheldReadingEvent:
    return HandheldReadingEvent(device=device, values=reading.values(), raw=reading.raw,
                                reading=reading, identity={"model": "sim"})


def record_handheld_evidence(session: Session, control_id: str | uuid.UUID,
                             officer: User) -> list[RecordedReading]:
    """The RIID, substance and density readings of one control, recorded in ``session``."""
    return [
        record_reading(session, _event("riid", riid_reading()), control_id, officer),
        record_reading(session, _event("substance", SubstanceReading(
            substance="Cocaine HCl", library="forensic", confidence=0.91, spectrum_ref="S-17",
            raw=b"MATCH Cocaine HCl 0.91")), control_id, officer),
        record_reading(session, _event("density", DensityReading(
            value=1.38, unit="g/cm3", raw=b"D 1.38 g/cm3")), control_id, officer),
    ]
