"""Check-source test for technicians: a detector reading of a known check source compared
with its expected value ± tolerance, stored as a pass/fail ``DeviceCheck`` row, and the
history of those checks with a trend per device.

The expected value is a dose rate (µSv/h) or a gross count rate (counts per second) at the
check geometry; the tolerance is a relative one in per cent (default 20 %, the usual
acceptance band for daily RIID checks). When a nuclide is named, it must also be identified.

A device's check source can be defined in its configuration::

    [devices.check_source]
    nuclide = "Cs-137"
    quantity = "dose_rate"     # or count_rate
    expected = 1.2             # µSv/h (dose_rate) or cps (count_rate) at the check geometry
    tolerance_pct = 20
    real_time_s = 60           # how long to measure
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from devices.handheld.readings import RiidReading
from workstation.db.models import DeviceCheck, User
from workstation.services import audit

CHECK_KIND = "check-source"
UNITS = {"dose_rate": "uSv/h", "count_rate": "cps"}
STABLE_SLOPE_PCT = 1.0  # |drift| below 1 percentage point per check counts as stable
TREND_WINDOW = 10  # the trend looks at the last 10 checks of a device


@dataclass(frozen=True)
class CheckSource:
    """``quantity`` is ``dose_rate`` (µSv/h) or ``count_rate`` (cps); ``expected`` > 0;
    ``tolerance_pct`` in (0, 100]; ``real_time_s`` (measuring time) in (0, 3600]."""

    nuclide: str = "Cs-137"
    quantity: str = "dose_rate"
    expected: float = 1.0
    tolerance_pct: float = 20.0
    real_time_s: float = 60.0

    def __post_init__(self) -> None:
        if self.quantity not in UNITS:
            raise ValueError(f"check source quantity {self.quantity!r}: use dose_rate or count_rate")
        if not self.expected > 0:
            raise ValueError(f"check source expected value must be > 0, got {self.expected:g}")
        if not 0 < self.tolerance_pct <= 100:
            raise ValueError(f"check source tolerance must be in (0, 100] %, got {self.tolerance_pct:g}")
        if not 0 < self.real_time_s <= 3600:
            raise ValueError(f"check source measuring time must be in (0, 3600] s, got {self.real_time_s:g}")

    @property
    def unit(self) -> str:
        return UNITS[self.quantity]

    @classmethod
    def from_settings(cls, table: Mapping[str, Any], where: str = "check_source",
                      **overrides: Any) -> CheckSource:
        """From a configuration table (keys as the fields); ``overrides`` that are not None
        win (command-line options). Errors name ``where`` and the key."""
        if not isinstance(table, Mapping):
            raise ValueError(f"{where}: must be a table, got {table!r}")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(table) - known)
        if unknown:
            raise ValueError(f"{where}: unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(known))})")
        values = {**table, **{k: v for k, v in overrides.items() if v is not None}}
        if "expected" not in values:
            raise ValueError(f"{where}: no expected value (give expected = ... in µSv/h or cps)")
        for key in ("expected", "tolerance_pct", "real_time_s"):
            value = values.get(key)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
                raise ValueError(f"{where}.{key}: must be a number, got {value!r}")
        try:
            return cls(**values)
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from None


@dataclass(frozen=True)
class CheckOutcome:
    passed: bool
    measured: dict[str, Any]
    expected: dict[str, Any]
    reason: str


def evaluate(reading: RiidReading, source: CheckSource) -> CheckOutcome:
    values = reading.values()
    unit = source.unit
    measured_value = values.get(source.quantity, {}).get("value")
    low = source.expected * (1 - source.tolerance_pct / 100)
    high = source.expected * (1 + source.tolerance_pct / 100)
    expected = {"nuclide": source.nuclide, source.quantity: {"value": source.expected, "unit": unit},
                "tolerance_pct": source.tolerance_pct, "range": [low, high]}
    identified = [n.name for n in reading.document.nuclides if n.identified]
    measured: dict[str, Any] = {source.quantity: {"value": measured_value, "unit": unit}, "nuclides": identified,
                                "real_time_s": values.get("real_time", {}).get("value")}
    if measured_value is None:
        return CheckOutcome(False, measured, expected, f"reading has no {source.quantity}")
    measured["deviation_pct"] = round((float(measured_value) / source.expected - 1) * 100, 3)
    if not low <= float(measured_value) <= high:
        return CheckOutcome(False, measured, expected,
                            f"{source.quantity} {measured_value:g} {unit} outside {low:g}..{high:g} {unit}")
    if source.nuclide and source.nuclide not in identified:
        return CheckOutcome(False, measured, expected, f"{source.nuclide} not identified (found: "
                            f"{', '.join(identified) or 'nothing'})")
    return CheckOutcome(True, measured, expected,
                        f"{source.quantity} {measured_value:g} {unit} within {low:g}..{high:g} {unit}"
                        + (f", {source.nuclide} identified" if source.nuclide else ""))


def record_check(session: Session, device_name: str, outcome: CheckOutcome, technician: User | None,
                 identity: Mapping[str, str] | None = None) -> DeviceCheck:
    """Store the outcome as a DeviceCheck row (check_kind ``check-source``) with an audit entry;
    ``identity`` (vendor, model, serial, firmware) goes into ``measured["device"]``."""
    measured = dict(outcome.measured)
    if identity:
        measured["device"] = dict(identity)
    check = DeviceCheck(id=uuid.uuid4(), device_name=device_name, check_kind=CHECK_KIND, passed=outcome.passed,
                        measured=measured, expected={**outcome.expected, "reason": outcome.reason},
                        performed_by=technician.id if technician else None)
    session.add(check)
    session.flush()
    audit.record(session, technician.username if technician else "system", "device.check", "device_check",
                 check.id, {"device": device_name, "passed": outcome.passed, "reason": outcome.reason}, state=check)
    return check


# --- history and trend ----------------------------------------------------------------------


@dataclass(frozen=True)
class CheckRecord:
    """One stored check as the history shows it; ``deviation_pct`` is (measured / expected
    − 1) × 100, None when the check has no measured value."""

    check: DeviceCheck
    technician: str | None
    deviation_pct: float | None


def history(session: Session, device_name: str | None = None, check_kind: str | None = CHECK_KIND,
            limit: int = 50) -> list[CheckRecord]:
    """The newest ``limit`` checks (of one device / kind when given), newest first."""
    query = (select(DeviceCheck, User.username).outerjoin(User, User.id == DeviceCheck.performed_by)
             .order_by(DeviceCheck.performed_at.desc(), DeviceCheck.id).limit(limit))
    if device_name is not None:
        query = query.where(DeviceCheck.device_name == device_name)
    if check_kind is not None:
        query = query.where(DeviceCheck.check_kind == check_kind)
    return [CheckRecord(check, username, deviation_pct(check)) for check, username in session.execute(query)]


def deviation_pct(check: DeviceCheck) -> float | None:
    """Relative deviation of a check-source result from its expected value, in per cent."""
    stored = check.measured.get("deviation_pct")
    if isinstance(stored, int | float):
        return float(stored)
    for quantity in UNITS:
        measured = (check.measured.get(quantity) or {}).get("value")
        expected = (check.expected.get(quantity) or {}).get("value")
        if isinstance(measured, int | float) and isinstance(expected, int | float) and expected:
            return (measured / expected - 1) * 100
    return None


@dataclass(frozen=True)
class CheckTrend:
    """How one device's checks develop, over its last ``TREND_WINDOW`` checks.

    ``slope_pct_per_check``: least-squares drift of the deviation, percentage points per
    check (None with fewer than 3 deviations); ``direction``: ``rising``, ``falling``,
    ``stable`` or ``unknown``; ``consecutive_failures`` counts back from the newest check.
    """

    device: str
    checks: int
    passed: int
    last_passed: bool
    last_deviation_pct: float | None
    slope_pct_per_check: float | None
    direction: str
    consecutive_failures: int

    def sentence(self) -> str:
        text = (f"{self.device}: {self.passed}/{self.checks} passed, last "
                f"{'PASS' if self.last_passed else 'FAIL'}")
        if self.last_deviation_pct is not None:
            text += f" ({self.last_deviation_pct:+.1f} %)"
        if self.slope_pct_per_check is not None:
            text += f", trend {self.direction} ({self.slope_pct_per_check:+.2f} %/check)"
        else:
            text += ", trend unknown (fewer than 3 checks)"
        if self.consecutive_failures > 1:
            text += f", {self.consecutive_failures} failures in a row"
        return text


def trends(records: Sequence[CheckRecord]) -> list[CheckTrend]:
    """One :class:`CheckTrend` per device in ``records`` (any order), sorted by device name."""
    by_device: dict[str, list[CheckRecord]] = {}
    for record in records:
        by_device.setdefault(record.check.device_name, []).append(record)
    out: list[CheckTrend] = []
    for device, items in sorted(by_device.items()):
        items = sorted(items, key=lambda r: r.check.performed_at)[-TREND_WINDOW:]
        deviations = [r.deviation_pct for r in items if r.deviation_pct is not None]
        slope = _slope(deviations) if len(deviations) >= 3 else None
        if slope is None:
            direction = "unknown"
        elif abs(slope) < STABLE_SLOPE_PCT:
            direction = "stable"
        else:
            direction = "rising" if slope > 0 else "falling"
        failures = 0
        for record in reversed(items):
            if record.check.passed:
                break
            failures += 1
        out.append(CheckTrend(device, len(items), sum(r.check.passed for r in items), items[-1].check.passed,
                              items[-1].deviation_pct, None if slope is None else round(slope, 4), direction,
                              failures))
    return out


def _slope(values: Sequence[float]) -> float:
    """Least-squares slope of ``values`` against their index 0, 1, 2, ..."""
    n = len(values)
    mean_x = (n - 1) / 2
    mean_y = sum(values) / n
    sxx = sum((i - mean_x) ** 2 for i in range(n))
    sxy = sum((i - mean_x) * (v - mean_y) for i, v in enumerate(values))
    return sxy / sxx
