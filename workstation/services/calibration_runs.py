"""The technician's guided detector calibration: judge the dark and flat frames, store the
run (accepted or refused, with who, when, the values and the comparison with the previous
accepted run), audited.

Judging: the bad-pixel map and the verdict come from :mod:`workstation.imaging.bad_pixels`
(``find_bad_pixels`` / ``judge_calibration``, its limits; decision 1111). A refused run is
kept on the record (``passed`` False, the reasons in ``expected["reasons"]``) but never put
in force: :func:`workstation.services.detector_checks.in_force` reads accepted runs only.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.db.models import DeviceCheck, User
from workstation.services import audit, users
from workstation.services.detector_checks import CHECK_KIND


@dataclass(frozen=True)
class CalibrationAssessment:
    """The verdict on one calibration run: ``values`` and ``limits`` (ADU, counts, fractions
    0..1), ``reasons`` the keys of :data:`REASONS` when refused; ``bad`` the bad-pixel map
    (bool per pixel)."""

    accepted: bool
    reasons: tuple[str, ...]
    values: dict[str, float]
    limits: dict[str, float]
    bad: np.ndarray = field(repr=False)


def assess(dark_low: np.ndarray, dark_high: np.ndarray, flat_low: np.ndarray,
           flat_high: np.ndarray) -> CalibrationAssessment:
    """Judge dark (beam off) and flat (open beam) frames, each (lines, pixels) uint16, with
    :mod:`workstation.imaging.bad_pixels` (``reasons`` are its keys, see :data:`REASONS`)."""
    from workstation.imaging.bad_pixels import find_bad_pixels, judge_calibration

    dark = np.stack([dark_low, dark_high])
    flat = np.stack([flat_low, flat_high])
    found = find_bad_pixels(dark, flat)
    verdict = judge_calibration(dark, flat, found)
    values = {k: float(v) for k, v in verdict.values.items()}
    values["pixels"] = float(dark_low.shape[1])
    values["bad_pixels"] = float(found.counts.get("bad", int(found.bad.sum())))
    return CalibrationAssessment(bool(verdict.accepted), tuple(str(r) for r in verdict.reasons),
                                 values, {k: float(v) for k, v in verdict.limits.items()},
                                 np.asarray(found.bad, bool))


# reason key -> (the value it is about, the limit it broke, the words of the record)
REASONS: dict[str, tuple[str, str, str]] = {
    "flat_too_weak": ("flat_signal", "min_flat_signal",
                      "flat too weak: {value:.0f} ADU above dark, at least {limit:.0f} needed "
                      "(beam on? shutter open?)"),
    "flat_saturated": ("flat_level", "max_flat_level",
                       "flat saturated: level {value:.0f} ADU, at most {limit:.0f}"),
    "dark_too_high": ("dark_level", "max_dark_level",
                      "dark too high: {value:.0f} ADU, at most {limit:.0f} (light leak, or the "
                      "beam on during the dark?)"),
    "too_many_bad_pixels": ("bad_fraction", "max_bad_fraction",
                            "too many bad pixels: {value:.2%} of the detector, at most "
                            "{limit:.2%}"),
    "too_many_dead_lines": ("dead_lines", "max_dead_lines",
                            "too many dead detector lines: {value:.0f}, at most {limit:.0f}"),
    "bad_pixel_cluster": ("adjacent_bad", "max_adjacent_bad",
                          "{value:.0f} neighbouring bad pixels, at most {limit:.0f} can be "
                          "repaired"),
}


def describe(reason: str, values: Mapping[str, float], limits: Mapping[str, float]) -> str:
    """The record's words for refusal ``reason`` (a key of :data:`REASONS`) with the
    figures."""
    known = REASONS.get(reason)
    if known is None:
        return reason.replace("_", " ")
    value_key, limit_key, words = known
    return words.format(value=float(values.get(value_key, float("nan"))),
                        limit=float(limits.get(limit_key, float("nan"))))


def previous_run(session: Session, device: str, detector: str) -> DeviceCheck | None:
    """The newest accepted run of ``detector`` on ``device`` (the one in force)."""
    rows = session.scalars(
        select(DeviceCheck).where(DeviceCheck.device_name == device,
                                  DeviceCheck.check_kind == CHECK_KIND,
                                  DeviceCheck.passed.is_(True))
        .order_by(DeviceCheck.performed_at.desc()))
    return next((r for r in rows if r.measured.get("detector") == detector), None)


def compare(previous: Mapping[str, Any], values: Mapping[str, float]) -> dict[str, float]:
    """``value - previous value`` for every numeric value both runs have."""
    out = {}
    for key, value in values.items():
        before = previous.get(key)
        if isinstance(before, int | float) and not isinstance(before, bool):
            out[key] = round(float(value) - float(before), 3)
    return out


def record_run(session: Session, device: str, detector: str, assessment: CalibrationAssessment,
               technician: User, *, lane: str = "") -> DeviceCheck:
    """Store one guided calibration run (accepted or refused) with the comparison with the
    previous accepted run of the same detector; audited. Technicians only."""
    users.authorize(technician, "devices.check")
    before = previous_run(session, device, detector)
    measured: dict[str, Any] = {**assessment.values, "detector": detector, "lane": lane,
                                "reason_keys": list(assessment.reasons),
                                "bad_pixels": int(assessment.values.get("bad_pixels", 0)),
                                "pixels": int(assessment.values.get("pixels", 0)),
                                "guided": True}
    if before is not None:
        when = before.performed_at if before.performed_at.tzinfo else \
            before.performed_at.replace(tzinfo=UTC)
        measured["previous"] = {"id": str(before.id), "performed_at": when.isoformat(),
                                "changes": compare(before.measured, assessment.values)}
    reason = "; ".join(describe(r, assessment.values, assessment.limits)
                       for r in assessment.reasons) or "accepted"
    check = DeviceCheck(id=uuid.uuid4(), device_name=device, check_kind=CHECK_KIND,
                        passed=assessment.accepted, measured=measured,
                        expected={"limits": assessment.limits,
                                  "reasons": list(assessment.reasons), "reason": reason},
                        performed_by=technician.id)
    session.add(check)
    session.flush()
    audit.record(session, technician.username,
                 "device.calibrate" if assessment.accepted else "device.calibration_refused",
                 "device_check", check.id,
                 {"device": device, "detector": detector, "reason": reason,
                  "bad_pixels": measured["bad_pixels"]}, state=check)
    return check
