"""Alarm rules: a handheld reading suggests findings to the officer, who accepts or rejects.

Rules, with thresholds from the device's configuration (``[devices.alarm_rules]``, read
by :meth:`AlarmThresholds.for_device`) or code, defaults below:

* ``dose_rate`` → label ``dose-rate-alarm``: dose rate above ``dose_rate_usv_h`` (default
  0.5 µSv/h, several times a typical natural background of 0.05–0.2 µSv/h);
* ``nuclide`` → label ``nuclide:<name>`` (e.g. ``nuclide:Cs-137``): a nuclide identified
  with confidence ≥ ``nuclide_min_confidence`` (0.5); text confidences count as identified;
* ``controlled_substance`` → label ``controlled-substance:<name>``: a substance from
  ``controlled_substances`` identified with confidence ≥ ``substance_min_confidence`` (0.7).

:func:`workstation.services.readings.record_reading` stores each suggestion as a pending
``Finding`` with ``source = "rule"``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from workstation.domain import alarms as defaults

DEFAULT_CONTROLLED = defaults.CONTROLLED_SUBSTANCES

_NUMBERS = {"dose_rate_usv_h": (0.0, None), "nuclide_min_confidence": (0.0, 1.0),
            "substance_min_confidence": (0.0, 1.0)}
LABEL_MAX = 64  # Finding.label is String(64)


@dataclass(frozen=True)
class AlarmThresholds:
    """``dose_rate_usv_h`` in µSv/h (≥ 0); confidences 0..1; substance names compared
    case-insensitively."""

    dose_rate_usv_h: float = defaults.DOSE_RATE_USV_H
    nuclide_min_confidence: float = defaults.NUCLIDE_MIN_CONFIDENCE
    substance_min_confidence: float = defaults.SUBSTANCE_MIN_CONFIDENCE
    controlled_substances: frozenset[str] = field(default=DEFAULT_CONTROLLED)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any] | None, where: str = "alarm_rules") -> AlarmThresholds:
        """From a settings mapping, defaults where absent; unknown keys and bad values are
        errors naming ``where`` and the key."""
        return cls(**_parse(settings, where))

    @classmethod
    def for_device(cls, device_name: str, settings: Mapping[str, Any] | None,
                   base: AlarmThresholds | None = None) -> AlarmThresholds:
        """The thresholds of one ``[[devices]]`` entry (``settings``: the entry as a mapping,
        e.g. ``DeviceConfig.model_dump()``): its ``alarm_rules`` table (``[devices.alarm_rules]``)
        over ``base`` (lane-wide thresholds; the defaults when None)."""
        table = (settings or {}).get("alarm_rules")
        if table is not None and not isinstance(table, Mapping):
            raise ValueError(f"device {device_name!r}: alarm_rules must be a table, got {table!r}")
        return replace(base or cls(), **_parse(table, f"device {device_name!r}: alarm_rules"))


def _parse(settings: Mapping[str, Any] | None, where: str) -> dict[str, Any]:
    values: dict[str, Any] = dict(settings or {})
    known = {*_NUMBERS, "controlled_substances"}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(known))})")
    for key, (low, high) in _NUMBERS.items():
        if key not in values:
            continue
        value = values[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{where}.{key}: must be a number, got {value!r}")
        if value < low or (high is not None and value > high):
            bounds = f">= {low:g}" if high is None else f"in {low:g}..{high:g}"
            raise ValueError(f"{where}.{key}: must be {bounds}, got {value!r}")
        values[key] = float(value)
    if "controlled_substances" in values:
        names = values["controlled_substances"]
        if isinstance(names, str) or not all(isinstance(n, str) for n in names):
            raise ValueError(f"{where}.controlled_substances: must be a list of names, got {names!r}")
        values["controlled_substances"] = frozenset(n.lower() for n in names)
    return values


@dataclass(frozen=True)
class Suggestion:
    """A finding suggested by a rule: the ``rule`` (dose_rate, nuclide, controlled_substance),
    the finding ``label`` (dose-rate-alarm, nuclide:<name>, controlled-substance:<name>), a
    sentence for the officer, and a score 0..1 (None when the rule has no confidence)."""

    rule: str
    label: str
    description: str
    score: float | None = None


def _label(prefix: str, name: str) -> str:
    return f"{prefix}:{name}"[:LABEL_MAX]


def evaluate(kind: str, values: Mapping[str, Mapping[str, Any]],
             thresholds: AlarmThresholds | None = None) -> list[Suggestion]:
    """Suggestions for one reading, from its ``values`` ({name: {"value", "unit"}})."""
    t = thresholds or AlarmThresholds()
    out: list[Suggestion] = []
    dose = values.get("dose_rate")
    if dose is not None and isinstance(dose.get("value"), int | float) and dose["value"] > t.dose_rate_usv_h:
        out.append(Suggestion("dose_rate", "dose-rate-alarm", f"dose rate {dose['value']:g} µSv/h exceeds "
                              f"{t.dose_rate_usv_h:g} µSv/h"))
    for name, quantity in values.items():
        if not name.startswith("nuclide:"):
            continue
        confidence = quantity.get("value")
        if isinstance(confidence, int | float) and confidence < t.nuclide_min_confidence:
            continue
        nuclide = name.split(":", 1)[1]
        out.append(Suggestion("nuclide", _label("nuclide", nuclide),
                              f"{nuclide} identified (confidence {confidence})",
                              float(confidence) if isinstance(confidence, int | float) else None))
    if kind == "substance":
        substance = str(values.get("substance", {}).get("value", ""))
        confidence = values.get("confidence", {}).get("value")
        if (substance.lower() in t.controlled_substances and isinstance(confidence, int | float)
                and confidence >= t.substance_min_confidence):
            out.append(Suggestion("controlled_substance", _label("controlled-substance", substance),
                                  f"controlled substance {substance} identified (confidence {confidence:.2f})",
                                  float(confidence)))
    return out
