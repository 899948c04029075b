"""Device availability for the performance figures: how much of a period each lane device
answered, from the technician's health history (``device_events``, decision 1110).

A device counts as available while its last state-changing event says it answers
(connected, back in service); a failed command does not make it unavailable. Time before a
device's first event is not observed, so a device added mid-period is not blamed for the
days before it existed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from workstation.services import device_health


@dataclass(frozen=True)
class DeviceAvailability:
    """One device of one lane over the period: seconds observed and available, losses and
    command errors counted."""

    lane: str
    device: str
    available_s: float
    observed_s: float
    losses: int
    errors: int

    @property
    def available_pct(self) -> float | None:
        """Share of the observed time the device answered, 0..100 (None: never observed)."""
        return 100.0 * self.available_s / self.observed_s if self.observed_s > 0 else None

    def to_json(self) -> dict[str, Any]:
        pct = self.available_pct
        return {"lane": self.lane, "device": self.device,
                "available_pct": None if pct is None else round(pct, 2),
                "observed_hours": round(self.observed_s / 3600, 2),
                "losses": self.losses, "errors": self.errors}


def availability(session: Session, since: datetime, until: datetime, *,
                 lane: str | None = None, now: datetime) -> list[DeviceAvailability]:
    """Every device with health events, per lane (one lane when given), over
    ``[since, until)`` counted up to ``now``; ordered by lane and device."""
    end = min(until, now)
    first_day = since.date()
    days = (end.date() - first_day).days + 1
    out: list[DeviceAvailability] = []
    if days <= 0:
        return out
    for lane_name, device in sorted(device_health.lanes_devices(session)):
        if lane is not None and lane_name != lane:
            continue
        history = device_health.period_history(session, lane_name, device, first_day, days, end)
        out.append(DeviceAvailability(
            lane_name, device,
            available_s=sum(d.available_s for d in history),
            observed_s=sum(d.observed_s for d in history),
            losses=sum(d.losses for d in history), errors=sum(d.errors for d in history)))
    return out
