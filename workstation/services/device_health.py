"""Each lane device's health history and service state, as recorded in ``device_events``.

The lane's device hosts report connects, losses, degradations and command errors; the
technician session records each one here (one row per change, never per poll), so the
history survives restarts and a post database holds every lane's. Out of service and back
in service are the technician's steps: recorded, audited and shown on the officer's lane as
OUT OF SERVICE rather than as a failure.

Availability per day (:func:`daily_history`) is the time between a ``connected`` (or
``degraded``: the device answers) and the next ``lost`` / ``connecting`` /
``out_of_service``, cut at midnight UTC; time before the first event of a device is not
counted (the record does not know it).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.db.models import DEVICE_EVENTS, DeviceEvent, User
from workstation.db.text import check_column_text
from workstation.services import audit, users

UP_EVENTS = frozenset({"connected", "degraded"})  # the device answers
DOWN_EVENTS = frozenset({"connecting", "lost", "out_of_service"})
PROBLEM_EVENTS = frozenset({"lost", "error", "degraded"})
DETAIL_CHARS = 500


class DeviceServiceError(ValueError):
    """A service-state change refused (unknown event, missing reason, not a technician)."""


def _one_line(text: str) -> str:
    """Driver text as one storable line: control characters dropped, cut to the column."""
    clean = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return clean[:DETAIL_CHARS]


def record_event(session: Session, lane: str, device: str, kind: str, event: str,
                 detail: str = "", *, actor: str | None = None,
                 at: datetime | None = None) -> DeviceEvent:
    """Append one health event of ``device`` on ``lane`` (``event`` one of
    :data:`~workstation.db.models.DEVICE_EVENTS`; ``detail`` is the driver's text)."""
    if event not in DEVICE_EVENTS:
        raise DeviceServiceError(f"device event {event!r}: use one of {', '.join(DEVICE_EVENTS)}")
    row = DeviceEvent(id=uuid.uuid4(), lane=lane, device_name=device, device_kind=kind,
                      event=event, detail=_one_line(detail), actor=actor,
                      occurred_at=at or datetime.now(UTC))
    session.add(row)
    session.flush()
    return row


def set_in_service(session: Session, lane: str, device: str, kind: str, *, in_service: bool,
                   technician: User, reason: str = "") -> DeviceEvent:
    """Take ``device`` out of service (``reason`` required) or put it back, audited.

    Only a technician may (``devices.check``); the officer's lane shows the device as out of
    service until it is put back."""
    users.authorize(technician, "devices.check")
    reason = reason.strip()
    if not in_service and not reason:
        raise DeviceServiceError(f"taking {device!r} out of service needs a reason "
                                 "(what is wrong, who was told)")
    check_column_text(DeviceEvent.detail, reason, "the reason")
    event = "in_service" if in_service else "out_of_service"
    row = record_event(session, lane, device, kind, event, reason, actor=technician.username)
    audit.record(session, technician.username, f"device.{event}", "device", f"{lane}/{device}",
                 {"lane": lane, "device": device, "kind": kind, "reason": reason})
    return row


def out_of_service(session: Session, lane: str) -> dict[str, DeviceEvent]:
    """Devices of ``lane`` now out of service: name -> the ``out_of_service`` event."""
    latest: dict[str, DeviceEvent] = {}
    for row in session.scalars(
            select(DeviceEvent).where(DeviceEvent.lane == lane,
                                      DeviceEvent.event.in_(("out_of_service", "in_service")))
            .order_by(DeviceEvent.occurred_at)):
        latest[row.device_name] = row
    return {name: row for name, row in latest.items() if row.event == "out_of_service"}


def last_problem(session: Session, lane: str, device: str) -> DeviceEvent | None:
    """The newest loss, error or degradation of ``device`` with its text, if any."""
    return session.scalars(
        select(DeviceEvent).where(DeviceEvent.lane == lane, DeviceEvent.device_name == device,
                                  DeviceEvent.event.in_(PROBLEM_EVENTS))
        .order_by(DeviceEvent.occurred_at.desc()).limit(1)).first()


@dataclass(frozen=True)
class DayHealth:
    """One UTC day of one device: counts of events and seconds available (0..86400)."""

    day: date
    connects: int
    losses: int
    errors: int
    available_s: float
    observed_s: float  # seconds of the day the record covers (after its first event)

    @property
    def available_pct(self) -> float | None:
        """Share of the observed time the device answered, 0..100 (None: not observed)."""
        return 100.0 * self.available_s / self.observed_s if self.observed_s > 0 else None


def events(session: Session, lane: str, device: str, since: datetime | None = None,
           limit: int | None = None) -> list[DeviceEvent]:
    """``device``'s events on ``lane``, oldest first (from ``since`` when given)."""
    query = select(DeviceEvent).where(DeviceEvent.lane == lane, DeviceEvent.device_name == device)
    if since is not None:
        query = query.where(DeviceEvent.occurred_at >= since)
    query = query.order_by(DeviceEvent.occurred_at.desc())
    if limit is not None:
        query = query.limit(limit)
    return list(reversed(list(session.scalars(query))))


def daily_history(session: Session, lane: str, device: str, days: int = 7,
                  now: datetime | None = None) -> list[DayHealth]:
    """The last ``days`` UTC days of ``device`` (oldest first, today last, partly)."""
    now = now or datetime.now(UTC)
    return period_history(session, lane, device, now.date() - timedelta(days=days - 1), days,
                          now)


def period_history(session: Session, lane: str, device: str, first_day: date, days: int,
                   now: datetime) -> list[DayHealth]:
    """``days`` UTC days of ``device`` from ``first_day`` (oldest first), counted up to
    ``now`` (days after it are empty)."""
    start = datetime.combine(first_day, time(), UTC)
    before = session.scalars(
        select(DeviceEvent).where(DeviceEvent.lane == lane, DeviceEvent.device_name == device,
                                  DeviceEvent.occurred_at < start,
                                  DeviceEvent.event != "error")
        .order_by(DeviceEvent.occurred_at.desc()).limit(1)).first()
    rows = [r for r in events(session, lane, device, since=start) if _aware(r.occurred_at) < now]
    return summarize(rows, first_day, days, now,
                     state_before=before.event if before is not None else None)


def summarize(rows: Sequence[DeviceEvent], first_day: date, days: int, now: datetime,
              state_before: str | None = None) -> list[DayHealth]:
    """Per-day counts and availability of ``rows`` (one device, oldest first); pure, so the
    rules can be tested without a database. ``state_before``: the last state-changing event
    before ``first_day`` (None: the record starts inside the period)."""
    start = datetime.combine(first_day, time(), UTC)
    out: list[DayHealth] = []
    counts = {d: [0, 0, 0] for d in range(days)}
    spans: list[tuple[datetime, datetime, bool]] = []  # (from, to, available)
    state, since = state_before, start
    for row in rows:
        when = _aware(row.occurred_at)
        index = (when.date() - first_day).days
        if 0 <= index < days:
            slot = counts[index]
            slot[0] += row.event == "connected"
            slot[1] += row.event == "lost"
            slot[2] += row.event == "error"
        if row.event == "error":
            continue  # a failed command: the device still answers
        if state is not None:
            spans.append((since, when, state in UP_EVENTS))
        state, since = row.event, max(when, start)
    if state is not None:
        spans.append((since, now, state in UP_EVENTS))
    for d in range(days):
        day_start = start + timedelta(days=d)
        day_end = min(day_start + timedelta(days=1), now)
        available = observed = 0.0
        for a, b, up in spans:
            overlap = (min(b, day_end) - max(a, day_start)).total_seconds()
            if overlap > 0:
                observed += overlap
                available += overlap if up else 0.0
        c = counts[d]
        out.append(DayHealth(first_day + timedelta(days=d), c[0], c[1], c[2], available, observed))
    return out


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def lanes_devices(session: Session) -> Iterable[tuple[str, str]]:
    """Every (lane, device) the record has health events of."""
    return session.execute(select(DeviceEvent.lane, DeviceEvent.device_name).distinct()).all()
