"""Alarm rules: a handheld reading suggests findings to the officer, who accepts or rejects.

Rules (thresholds from configuration, ``[[devices]].settings.alarm_rules`` or code, with
defaults below):

* ``dose_rate``: dose rate above ``dose_rate_usv_h`` (default 0.5 µSv/h, several times a
  typical natural background of 0.05–0.2 µSv/h);
* ``nuclide``: any nuclide identified with confidence ≥ ``nuclide_min_confidence`` (0.5);
  text confidences count as identified;
* ``controlled_substance``: a substance from ``controlled_substances`` identified with
  confidence ≥ ``substance_min_confidence`` (0.7).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

DEFAULT_CONTROLLED = frozenset({
    "cocaine hcl", "heroin", "methamphetamine hcl", "mdma", "fentanyl citrate", "tatp", "ammonium nitrate",
})


@dataclass(frozen=True)
class AlarmThresholds:
    dose_rate_usv_h: float = 0.5
    nuclide_min_confidence: float = 0.5
    substance_min_confidence: float = 0.7
    controlled_substances: frozenset[str] = field(default=DEFAULT_CONTROLLED)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any] | None) -> AlarmThresholds:
        """From a settings mapping; unknown keys are an error naming the key."""
        values = dict(settings or {})
        known = {"dose_rate_usv_h", "nuclide_min_confidence", "substance_min_confidence", "controlled_substances"}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"alarm_rules: unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(known))})")
        if "controlled_substances" in values:
            values["controlled_substances"] = frozenset(s.lower() for s in values["controlled_substances"])
        for key in ("dose_rate_usv_h", "nuclide_min_confidence", "substance_min_confidence"):
            if key in values and float(values[key]) < 0:
                raise ValueError(f"alarm_rules.{key}: must be >= 0, got {values[key]}")
        return cls(**values)


@dataclass(frozen=True)
class Suggestion:
    """A finding suggested by a rule: ``label`` (dose_rate, nuclide, controlled_substance),
    a sentence for the officer, and a score 0..1 (None when the rule has no confidence)."""

    rule: str
    label: str
    description: str
    score: float | None = None


def evaluate(kind: str, values: Mapping[str, Mapping[str, Any]],
             thresholds: AlarmThresholds | None = None) -> list[Suggestion]:
    """Suggestions for one reading, from its ``values`` ({name: {"value", "unit"}})."""
    t = thresholds or AlarmThresholds()
    out: list[Suggestion] = []
    dose = values.get("dose_rate")
    if dose is not None and isinstance(dose.get("value"), int | float) and dose["value"] > t.dose_rate_usv_h:
        out.append(Suggestion("dose_rate", "radiation", f"dose rate {dose['value']:g} µSv/h exceeds "
                              f"{t.dose_rate_usv_h:g} µSv/h"))
    for name, quantity in values.items():
        if not name.startswith("nuclide:"):
            continue
        confidence = quantity.get("value")
        if isinstance(confidence, int | float) and confidence < t.nuclide_min_confidence:
            continue
        nuclide = name.split(":", 1)[1]
        out.append(Suggestion("nuclide", f"nuclide:{nuclide}", f"{nuclide} identified (confidence {confidence})",
                              float(confidence) if isinstance(confidence, int | float) else None))
    if kind == "substance":
        substance = str(values.get("substance", {}).get("value", ""))
        confidence = values.get("confidence", {}).get("value")
        if (substance.lower() in t.controlled_substances and isinstance(confidence, int | float)
                and confidence >= t.substance_min_confidence):
            out.append(Suggestion("controlled_substance", f"substance:{substance}",
                                  f"controlled substance {substance} identified (confidence {confidence:.2f})",
                                  float(confidence)))
    return out
