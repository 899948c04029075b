"""The result of an image-quality test: one :class:`IqMetric` per measurement, an :class:`IqReport`."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class IqMetric:
    """One measured quantity of the test piece against its limit.

    ``value`` in ``unit``; ``math.inf`` (JSON ``null``) when nothing of the feature could be
    seen at all (no wire resolved). ``passed`` is ``value <= limit`` when
    ``higher_is_better`` is False, ``value >= limit`` otherwise. ``standard`` names the test
    of the standard the measurement follows; ``detail`` holds the per-feature figures behind
    the value (JSON-serialisable: per wire CNR, per bar group modulation, ...).
    """

    name: str
    value: float
    unit: str
    limit: float
    passed: bool
    higher_is_better: bool
    standard: str
    detail: dict[str, float] | None = None

    @classmethod
    def judged(cls, name: str, value: float, unit: str, limit: float, *, higher_is_better: bool,
               standard: str, detail: dict[str, float] | None = None) -> IqMetric:
        finite = math.isfinite(value)
        passed = finite and (value >= limit if higher_is_better else value <= limit)
        return cls(name, value, unit, limit, passed, higher_is_better, standard, detail)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name,
                "value": round(self.value, 4) if math.isfinite(self.value) else None,
                "unit": self.unit, "limit": self.limit, "passed": self.passed,
                "higher_is_better": self.higher_is_better, "standard": self.standard}


@dataclass(frozen=True)
class IqReport:
    """All metrics of one test-piece scan; ``passed`` only when every metric passed.

    ``kind`` is the piece found (``parcel`` or ``cargo``); ``pixel_mm`` the pixel pitch
    measured from its markers; ``notes`` are keys of what could not be measured and why
    (``single_energy``: no material discrimination from a one-energy image).
    """

    kind: str
    metrics: tuple[IqMetric, ...]
    passed: bool
    pixel_mm: float = 0.0
    notes: tuple[str, ...] = ()

    @classmethod
    def of(cls, kind: str, metrics: tuple[IqMetric, ...], *, pixel_mm: float = 0.0,
           notes: tuple[str, ...] = ()) -> IqReport:
        return cls(kind, metrics, all(m.passed for m in metrics), pixel_mm, notes)

    def metric(self, name: str) -> IqMetric:
        """The metric called ``name``; KeyError naming those present."""
        for m in self.metrics:
            if m.name == name:
                return m
        raise KeyError(f"no metric {name!r}; present: {', '.join(m.name for m in self.metrics)}")

    def to_json(self) -> dict[str, Any]:
        """``{"passed", "kind", "pixel_mm", "notes", "metrics": [{name, value, unit, limit,
        passed, higher_is_better, standard}]}``."""
        return {"passed": self.passed, "kind": self.kind, "pixel_mm": round(self.pixel_mm, 4),
                "notes": list(self.notes), "metrics": [m.to_json() for m in self.metrics]}
