"""Check-source test for technicians: a detector reading of a known check source compared
with its expected value ± tolerance, stored as a pass/fail ``DeviceCheck`` row.

The expected value is a dose rate (µSv/h) or a gross count rate (counts per second) at the
check geometry; the tolerance is a relative one in per cent (default 20 %, the usual
acceptance band for daily RIID checks). When a nuclide is named, it must also be identified.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from devices.handheld.readings import RiidReading
from workstation.db.models import DeviceCheck, User
from workstation.services import audit


@dataclass(frozen=True)
class CheckSource:
    """``quantity`` is ``dose_rate`` (µSv/h) or ``count_rate`` (cps); ``expected`` > 0."""

    nuclide: str = "Cs-137"
    quantity: str = "dose_rate"
    expected: float = 1.0
    tolerance_pct: float = 20.0

    def __post_init__(self) -> None:
        if self.quantity not in ("dose_rate", "count_rate"):
            raise ValueError(f"check source quantity {self.quantity!r}: use dose_rate or count_rate")
        if self.expected <= 0 or not 0 < self.tolerance_pct <= 100:
            raise ValueError("check source: expected must be > 0 and tolerance_pct in (0, 100]")


@dataclass(frozen=True)
class CheckOutcome:
    passed: bool
    measured: dict[str, Any]
    expected: dict[str, Any]
    reason: str


def evaluate(reading: RiidReading, source: CheckSource) -> CheckOutcome:
    values = reading.values()
    unit = "uSv/h" if source.quantity == "dose_rate" else "cps"
    measured_value = values.get(source.quantity, {}).get("value")
    low = source.expected * (1 - source.tolerance_pct / 100)
    high = source.expected * (1 + source.tolerance_pct / 100)
    expected = {"nuclide": source.nuclide, source.quantity: {"value": source.expected, "unit": unit},
                "tolerance_pct": source.tolerance_pct, "range": [low, high]}
    identified = [n.name for n in reading.document.nuclides if n.identified]
    measured = {source.quantity: {"value": measured_value, "unit": unit}, "nuclides": identified}
    if measured_value is None:
        return CheckOutcome(False, measured, expected, f"reading has no {source.quantity}")
    if not low <= float(measured_value) <= high:
        return CheckOutcome(False, measured, expected,
                            f"{source.quantity} {measured_value:g} {unit} outside {low:g}..{high:g} {unit}")
    if source.nuclide and source.nuclide not in identified:
        return CheckOutcome(False, measured, expected, f"{source.nuclide} not identified (found: "
                            f"{', '.join(identified) or 'nothing'})")
    return CheckOutcome(True, measured, expected, "within tolerance")


def record_check(session: Session, device_name: str, outcome: CheckOutcome, technician: User | None) -> DeviceCheck:
    """Store the outcome as a DeviceCheck row (check_kind ``check-source``) with an audit entry."""
    check = DeviceCheck(id=uuid.uuid4(), device_name=device_name, check_kind="check-source", passed=outcome.passed,
                        measured=outcome.measured, expected={**outcome.expected, "reason": outcome.reason},
                        performed_by=technician.id if technician else None)
    session.add(check)
    session.flush()
    audit.record(session, technician.username if technician else "system", "device.check", "device_check",
                 check.id, {"device": device_name, "passed": outcome.passed, "reason": outcome.reason}, state=check)
    return check
