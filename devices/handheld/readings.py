"""Typed readings the handheld drivers return. Each knows its quantities with units
(``values()`` → ``{name: {"value": ..., "unit": ...}}``), its raw bytes and its alarms,
which is what the evidence store keeps (``DeviceReading``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from standards.spectra import SpectrumDocument


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, kw_only=True)
class HandheldReading:
    """Common part: which kind of device, when (UTC), raw bytes and their media type."""

    kind: str = "handheld"
    taken_at: datetime = field(default_factory=_now)
    raw: bytes | None = None
    media_type: str | None = None

    def values(self) -> dict[str, dict[str, Any]]:
        return {}

    def alarms(self) -> list[str]:
        return []


@dataclass(frozen=True, kw_only=True)
class RiidReading(HandheldReading):
    """A RIID measurement: the N42.42 document (``raw``) and what it says."""

    kind: str = "riid"
    document: SpectrumDocument
    media_type: str | None = "application/xml; profile=n42-2012"

    def values(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        m = self.document.measurements[0] if self.document.measurements else None
        if m is not None:
            if m.dose_rate_usv_h is not None:
                out["dose_rate"] = {"value": m.dose_rate_usv_h, "unit": "uSv/h"}
            if m.real_time_s is not None:
                out["real_time"] = {"value": m.real_time_s, "unit": "s"}
            if m.live_time_s is not None:
                out["live_time"] = {"value": m.live_time_s, "unit": "s"}
            if m.spectra:
                out["gross_counts"] = {"value": m.spectra[0].total_counts, "unit": "counts"}
                if m.live_time_s:
                    out["count_rate"] = {"value": round(m.spectra[0].total_counts / m.live_time_s, 3),
                                         "unit": "cps"}
        for n in self.document.nuclides:
            if n.identified:
                out[f"nuclide:{n.name}"] = {"value": n.confidence, "unit": "confidence"}
        return out

    def alarms(self) -> list[str]:
        return [f"{a.category}: {a.description}".strip(": ") for a in self.document.alarms]


@dataclass(frozen=True, kw_only=True)
class DoseRateSample(HandheldReading):
    """One sample of the RIID's continuous dose-rate stream (µSv/h)."""

    kind: str = "riid"
    dose_rate_usv_h: float

    def values(self) -> dict[str, dict[str, Any]]:
        return {"dose_rate": {"value": self.dose_rate_usv_h, "unit": "uSv/h"}}


@dataclass(frozen=True, kw_only=True)
class SubstanceReading(HandheldReading):
    """A substance identification: best library match, its confidence 0..1, spectrum id."""

    kind: str = "substance"
    substance: str
    library: str
    confidence: float
    spectrum_ref: str
    media_type: str | None = "text/plain; profile=substance-line"

    @property
    def matched(self) -> bool:
        return self.substance.upper() != "NO MATCH"

    def values(self) -> dict[str, dict[str, Any]]:
        return {
            "substance": {"value": self.substance, "unit": ""},
            "library": {"value": self.library, "unit": ""},
            "confidence": {"value": self.confidence, "unit": "1"},
            "spectrum_ref": {"value": self.spectrum_ref, "unit": ""},
        }


@dataclass(frozen=True, kw_only=True)
class DensityReading(HandheldReading):
    """A density-meter reading in the unit the meter sends (g/cm3 or kg/m3)."""

    kind: str = "density"
    value: float
    unit: str
    media_type: str | None = "text/plain; profile=density-line"

    @property
    def g_per_cm3(self) -> float:
        return self.value / 1000.0 if self.unit == "kg/m3" else self.value

    def values(self) -> dict[str, dict[str, Any]]:
        return {"density": {"value": self.value, "unit": self.unit}}


@dataclass(frozen=True, kw_only=True)
class BarcodeReading(HandheldReading):
    """A scanned barcode: ``content_type`` is ``mrn``, ``container`` or ``other``;
    ``problem`` says why an MRN / container number fails its check character."""

    kind: str = "barcode"
    symbology: str
    data: str
    content_type: str
    problem: str | None = None
    media_type: str | None = "text/plain; profile=barcode-line"

    @property
    def valid(self) -> bool:
        return self.problem is None

    def values(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {
            "barcode": {"value": self.data, "unit": ""},
            "symbology": {"value": self.symbology, "unit": ""},
            "content_type": {"value": self.content_type, "unit": ""},
            "valid": {"value": self.valid, "unit": ""},
        }
        if self.problem:
            out["problem"] = {"value": self.problem, "unit": ""}
        return out

    def alarms(self) -> list[str]:
        return [f"{self.content_type} check failed: {self.problem}"] if self.problem else []
