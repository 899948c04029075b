"""The technician's lane-camera check: focus, exposure and the plate-read success rate.

* focus: variance of the Laplacian of the grey image over the plate region (the box of the
  camera's newest plate read, else the lower middle of the frame where plates pass);
  a sharp plate gives hundreds, a blurred one tens (limit :data:`FOCUS_MIN`);
* exposure: mean grey level 0..255 of the frame and the share of clipped pixels (0 or 255);
* plate-read success: share of the last :data:`LAST_VEHICLES` vehicles' plate reads of this
  camera that the officer did not have to correct and that did not fail a check character
  (a plate has none: ``valid`` is None for it, which is not a failure). Container codes read
  on the same frame are not vehicles and are not counted.

Stored as a ``device_checks`` row of kind :data:`CHECK_KIND`, audited (decision 1115,
with the figures the limits rest on).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.db.models import DeviceCheck, PlateRead, User
from workstation.services import audit, users

CHECK_KIND = "camera-check"
FOCUS_MIN = 100.0  # variance of the Laplacian (grey levels squared)
EXPOSURE_RANGE = (60.0, 200.0)  # mean grey level 0..255
CLIPPED_MAX_PCT = 5.0
READ_RATE_MIN_PCT = 80.0
LAST_VEHICLES = 50


@dataclass(frozen=True)
class CameraVerdict:
    passed: bool
    values: dict[str, Any]
    limits: dict[str, Any]
    reasons: tuple[str, ...]


def _grey(image: np.ndarray) -> np.ndarray:
    if image.ndim == 3:
        return np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))
    return np.asarray(image)


def plate_region(shape: tuple[int, ...], box: Any = None) -> tuple[int, int, int, int]:
    """(x, y, w, h) of the region focus is measured on, inside a frame of ``shape``."""
    height, width = int(shape[0]), int(shape[1])
    if isinstance(box, list | tuple) and len(box) == 4:
        x, y, w, h = (int(round(float(v))) for v in box)
        x, y = max(0, x), max(0, y)
        w, h = min(w, width - x), min(h, height - y)
        if w >= 8 and h >= 8:
            return x, y, w, h
    return width // 4, height // 2, width // 2, height // 3


def measure_frame(image: np.ndarray, box: Any = None) -> dict[str, float]:
    """Focus and exposure of one frame (BGR or grey uint8)."""
    grey = _grey(image)
    x, y, w, h = plate_region(grey.shape, box)
    region = grey[y:y + h, x:x + w]
    focus = float(cv2.Laplacian(region, cv2.CV_64F).var())
    clipped = float(np.mean((grey == 0) | (grey == 255)) * 100.0)
    return {"focus": round(focus, 1), "exposure_mean": round(float(grey.mean()), 1),
            "clipped_pct": round(clipped, 2)}


def read_rate(session: Session, camera: str, last: int = LAST_VEHICLES) -> tuple[float | None, int]:
    """(success share in per cent or None when no reads, vehicles counted)."""
    rows = list(session.scalars(select(PlateRead).where(PlateRead.camera == camera,
                                                        PlateRead.kind == "plate")
                                .order_by(PlateRead.read_at.desc()).limit(last)))
    if not rows:
        return None, 0
    good = sum(1 for r in rows if r.valid is not False and not r.corrected_text)
    return round(100.0 * good / len(rows), 1), len(rows)


def judge(values: dict[str, Any]) -> CameraVerdict:
    """Pass / fail of measured ``values`` against the module limits, with reasons."""
    low, high = EXPOSURE_RANGE
    limits = {"focus_min": FOCUS_MIN, "exposure_range": [low, high],
              "clipped_max_pct": CLIPPED_MAX_PCT, "read_rate_min_pct": READ_RATE_MIN_PCT}
    reasons = []
    if values["focus"] < FOCUS_MIN:
        reasons.append(f"out of focus: {values['focus']:.0f} < {FOCUS_MIN:.0f}")
    if not low <= values["exposure_mean"] <= high:
        reasons.append(f"exposure {values['exposure_mean']:.0f} outside {low:.0f}..{high:.0f}")
    if values["clipped_pct"] > CLIPPED_MAX_PCT:
        reasons.append(f"{values['clipped_pct']:.1f} % of pixels clipped")
    rate = values.get("read_rate_pct")
    if rate is not None and rate < READ_RATE_MIN_PCT:
        reasons.append(f"plate reads {rate:.0f} % successful over the last "
                       f"{values['reads']} vehicles (at least {READ_RATE_MIN_PCT:.0f} %)")
    return CameraVerdict(not reasons, values, limits, tuple(reasons))


def run_check(session: Session, camera: str, image: np.ndarray,
              technician: User) -> CameraVerdict:
    """Measure, judge and store one camera check. Technicians only."""
    users.authorize(technician, "devices.check")
    # The box of the newest plate read that has one (a container code's read is elsewhere
    # on the frame; JSON null and SQL NULL both mean none, so it is picked here, not in SQL).
    recent = session.scalars(select(PlateRead).where(PlateRead.camera == camera,
                                                     PlateRead.kind == "plate")
                             .order_by(PlateRead.read_at.desc()).limit(LAST_VEHICLES))
    box = next((r.box for r in recent if r.box), None)
    values: dict[str, Any] = measure_frame(image, box)
    rate, count = read_rate(session, camera)
    values.update(read_rate_pct=rate, reads=count)
    verdict = judge(values)
    check = DeviceCheck(id=uuid.uuid4(), device_name=camera, check_kind=CHECK_KIND,
                        passed=verdict.passed, measured=values,
                        expected={**verdict.limits, "reason": "; ".join(verdict.reasons)
                                  or "within limits"}, performed_by=technician.id)
    session.add(check)
    session.flush()
    audit.record(session, technician.username, "device.camera_check", "device_check", check.id,
                 {"device": camera, "passed": verdict.passed}, state=check)
    return verdict
