"""X-ray detector calibrations as device checks: who put which maps in force, when, and
their values (dark and flat means, bad pixels), per detector.

The maps themselves live with the scanner's host for as long as the same detector is in
front of it (``workstation.lane.scanner``); this record is what a supervisor or an auditor
sees: every scan's metadata names the detector, and the calibration in force for that
detector is the newest check of kind :data:`CHECK_KIND` with the same ``detector`` key.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.db.models import DeviceCheck, User
from workstation.services import audit

CHECK_KIND = "detector-calibration"


def record_calibration(session: Session, device_name: str, measured: Mapping[str, Any],
                       technician: User | None) -> DeviceCheck:
    """Store one calibration put in force (``measured`` holds ``detector`` and the values)."""
    if not measured.get("detector"):
        raise ValueError("a detector calibration must name its detector")
    check = DeviceCheck(id=uuid.uuid4(), device_name=device_name, check_kind=CHECK_KIND,
                        passed=True, measured=dict(measured), expected={},
                        performed_by=technician.id if technician else None)
    session.add(check)
    session.flush()
    audit.record(session, technician.username if technician else "system", "device.calibrate",
                 "device_check", check.id,
                 {"device": device_name, "detector": measured["detector"],
                  "bad_pixels": measured.get("bad_pixels")}, state=check)
    return check


def in_force(session: Session, device_name: str, detector: str) -> DeviceCheck | None:
    """The newest *accepted* calibration recorded for ``detector`` of ``device_name``, if
    any: a run refused as unfit (``passed`` False) never replaces the maps in force."""
    rows = session.scalars(
        select(DeviceCheck).where(DeviceCheck.device_name == device_name,
                                  DeviceCheck.check_kind == CHECK_KIND,
                                  DeviceCheck.passed.is_(True))
        .order_by(DeviceCheck.performed_at.desc()))
    return next((r for r in rows if r.measured.get("detector") == detector), None)
