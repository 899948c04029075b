"""One summary model shared by every spectrum reader (N42 2006/2012, CHN, SPE, SPC, PCF, CSV).

Units: times in seconds, energies in keV, dose rates in microsievert per hour (µSv/h),
counts are per channel (integers for most formats; PCF stores float32 counts).
Energy calibrations are polynomial coefficients ``E(ch) = c0 + c1*ch + c2*ch**2 + ...``
with ``ch`` the zero-based channel index, in keV.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


class SpectrumFormatError(ValueError):
    """A spectrum file cannot be read; the message names the file (when known) and the problem."""


@dataclass
class Instrument:
    """Who made the instrument and what it is (all free text as the file gives it)."""

    manufacturer: str = ""
    model: str = ""
    serial: str = ""
    instrument_class: str = ""
    versions: dict[str, str] = field(default_factory=dict)
    description: str = ""

    def summary(self) -> dict[str, Any]:
        return {
            "manufacturer": self.manufacturer,
            "model": self.model,
            "serial": self.serial,
            "class": self.instrument_class,
            "versions": dict(self.versions),
        }


@dataclass
class Detector:
    """One detector element: ``category`` Gamma / Neutron / ..., ``kind`` NaI, HPGe, CsI, ..."""

    id: str = ""
    category: str = ""
    kind: str = ""
    description: str = ""


@dataclass
class Spectrum:
    """Counts per channel from one detector, with its energy calibration (keV)."""

    counts: list[float]
    energy_calibration: list[float] = field(default_factory=list)
    live_time_s: float | None = None
    real_time_s: float | None = None
    detector_id: str = ""
    id: str = ""

    @property
    def channels(self) -> int:
        return len(self.counts)

    @property
    def total_counts(self) -> int | float:
        """Sum of all channels; an int when every channel is a whole number."""
        total = sum(self.counts)
        return int(total) if float(total).is_integer() else float(total)

    def summary(self) -> dict[str, Any]:
        return {
            "detector": self.detector_id,
            "channels": self.channels,
            "total_counts": self.total_counts,
            "energy_calibration": list(self.energy_calibration),
        }


@dataclass
class GrossCounts:
    """Counts of a non-spectroscopic channel (e.g. a neutron tube) over ``live_time_s``.

    ``counts`` holds one value, or one per energy window when ``windowed`` (N42.42-2012
    ``energyWindowsReference``: a gamma plastic's low / high / total windows, for example).
    """

    counts: list[float]
    live_time_s: float | None = None
    detector_id: str = ""
    windowed: bool = False


@dataclass
class Measurement:
    """One acquisition: ``measurement_class`` Foreground, Background, IntrinsicActivity, ..."""

    measurement_class: str = ""
    start_time: datetime | None = None
    real_time_s: float | None = None
    live_time_s: float | None = None
    spectra: list[Spectrum] = field(default_factory=list)
    gross_counts: list[GrossCounts] = field(default_factory=list)
    dose_rate_usv_h: float | None = None
    id: str = ""
    # N42.42-2012 DerivedData (a sum or an analysis spectrum made by the instrument from
    # the measured ones), not a measurement of its own.
    derived: bool = False
    # Portal occupancy of this time slice (a vehicle in the lane), when the file says.
    occupied: bool | None = None

    def summary(self) -> dict[str, Any]:
        live = self.live_time_s
        if live is None and self.spectra:
            live = self.spectra[0].live_time_s
        return {
            "class": self.measurement_class,
            "start_time": self.start_time.isoformat() if self.start_time else None,
            "real_time_s": self.real_time_s,
            "live_time_s": live,
            "derived": self.derived,
            "occupied": self.occupied,
            "spectra": [s.summary() for s in self.spectra],
            "gross_counts": [sum(g.counts) for g in self.gross_counts],
            "dose_rate_usv_h": self.dose_rate_usv_h,
        }


@dataclass
class Nuclide:
    """An identified nuclide. ``confidence`` is 0..1 when the file gives a number, else the
    file's own description (``"Low"``, ``"High"``...), else None."""

    name: str
    confidence: float | str | None = None
    category: str = ""
    identified: bool = True

    def summary(self) -> dict[str, Any]:
        return {"name": self.name, "confidence": self.confidence, "category": self.category}


@dataclass
class Alarm:
    """An instrument alarm: ``category`` Gamma / Neutron / ..., with description and light colour."""

    category: str = ""
    description: str = ""
    light_color: str = ""
    # The detectors that raised it (N42.42-2012 radDetectorInformationReferences); empty: not said.
    detector_ids: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {"category": self.category, "description": self.description,
                "light_color": self.light_color, "detectors": list(self.detector_ids)}


@dataclass
class SpectrumDocument:
    """What any reader returns; ``format`` is n42-2012, n42-2006, chn, spe, spc, pcf, csv or txt."""

    format: str
    instrument: Instrument = field(default_factory=Instrument)
    detectors: list[Detector] = field(default_factory=list)
    measurements: list[Measurement] = field(default_factory=list)
    nuclides: list[Nuclide] = field(default_factory=list)
    alarms: list[Alarm] = field(default_factory=list)
    # Things tolerated while reading (undeclared prefixes, vendor elements skipped ...).
    warnings: list[str] = field(default_factory=list)

    @property
    def spectra(self) -> list[Spectrum]:
        return [s for m in self.measurements for s in m.spectra]

    def totals(self) -> dict[str, Any]:
        """Whole-document figures (the ones compared with the reference reader): gamma counts
        summed over every spectrum, neutron counts over neutron detectors' gross counts,
        real and live times summed over spectra (seconds)."""
        neutron_ids = {d.id for d in self.detectors if d.category == "Neutron"}
        gamma = sum(sum(s.counts) for s in self.spectra)
        neutron = sum(sum(g.counts) for m in self.measurements for g in m.gross_counts
                      if g.detector_id in neutron_ids)
        real = sum(s.real_time_s if s.real_time_s is not None else (m.real_time_s or 0.0)
                   for m in self.measurements for s in m.spectra)
        live = sum(s.live_time_s if s.live_time_s is not None else (m.live_time_s or 0.0)
                   for m in self.measurements for s in m.spectra)
        return {
            "measurements": len(self.measurements),
            "time_slices": sum(1 for m in self.measurements if not m.derived),
            "spectra": len(self.spectra),
            "gamma_counts": int(gamma) if float(gamma).is_integer() else gamma,
            "neutron_counts": int(neutron) if float(neutron).is_integer() else neutron,
            "real_time_s": round(real, 6),
            "live_time_s": round(live, 6),
        }

    def summary(self) -> dict[str, Any]:
        """The documented ``workstation n42 read --json`` object (docs/formats/n42-summary.md)."""
        return {
            "format": self.format,
            "instrument": self.instrument.summary(),
            "detectors": [{"id": d.id, "category": d.category, "kind": d.kind} for d in self.detectors],
            "totals": self.totals(),
            "measurements": [m.summary() for m in self.measurements],
            "nuclides": [n.summary() for n in self.nuclides if n.identified],
            "alarms": [a.summary() for a in self.alarms],
            "warnings": list(self.warnings),
        }
