"""Handheld readings as evidence: host commands that take a reading and publish it as a
typed event; :func:`record_reading`, which stores it as a ``DeviceReading`` (values with
units, device identity, time, raw document) attached to an open control and turns the alarm
rules' suggestions into pending ``Finding`` rows (``source = "rule"``; a suggestion that
repeats a finding still pending updates it instead of adding another), all with audit
entries in the same transaction; and the host idle task that streams a RIID's live dose
rate (:func:`idle_task_for`, :class:`DoseRateEvent`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from devices.base import DeviceError
from devices.handheld.barcode import BarcodeDriver
from devices.handheld.density import DensityDriver
from devices.handheld.readings import DoseRateSample, HandheldReading
from devices.handheld.riid import RiidDriver
from devices.handheld.substance import SubstanceDriver
from workstation.db.models import DeviceReading, Finding, User, utcnow
from workstation.domain.vocab import FindingDecision, FindingSource
from workstation.hosts.events import Reading
from workstation.hosts.host import CommandContext, IdleTask
from workstation.services import audit
from workstation.services.alarm_rules import AlarmThresholds, Suggestion, evaluate
from workstation.services.controls import attach_evidence


class ReadingError(DeviceError):
    """A reading could not be taken (nothing arrived in time, unsupported device).

    A :class:`DeviceError`, so a host reports it as the device's answer (one line, no
    traceback): a device that does not answer is an expected event at a lane."""


@dataclass(frozen=True, kw_only=True)
class HandheldReadingEvent(Reading):
    """A :class:`Reading` event that also carries the typed reading and the device identity."""

    reading: HandheldReading
    identity: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, device: Any, reading: HandheldReading) -> HandheldReadingEvent:
        return cls(device=device.name, values=reading.values(), raw=reading.raw, reading=reading,
                   identity=device.info.as_dict())


@dataclass(frozen=True)
class TakeReading:
    """Host command: take one reading from a handheld device and publish it.

    RIID: measure for ``real_time_s`` seconds; substance identifier: scan; density meter:
    the next reading of its stream within ``timeout_s`` seconds; barcode reader: trigger it
    and take the code it answers within ``timeout_s`` seconds (``NoRead`` when it decodes
    none).
    """

    real_time_s: float = 30.0
    timeout_s: float = 30.0

    def execute(self, device: Any, ctx: Any) -> HandheldReadingEvent:
        reading: HandheldReading | None
        waited_s = self.timeout_s
        if isinstance(device, RiidDriver):
            waited_s = self.real_time_s + self.timeout_s
            reading = device.measure(self.real_time_s, timeout_s=waited_s)
        elif isinstance(device, SubstanceDriver):
            reading = device.scan(self.timeout_s)
        elif isinstance(device, DensityDriver):
            reading = device.next_reading(self.timeout_s)
        elif isinstance(device, BarcodeDriver):
            reading = device.trigger(self.timeout_s)
        else:
            raise ReadingError(f"{device.name}: {type(device).__name__} is not a handheld device")
        if reading is None:
            raise ReadingError(f"{device.name}: no answer within {waited_s:g} s")
        event = HandheldReadingEvent.of(device, reading)
        ctx.emit(event)
        return event


@dataclass(frozen=True, kw_only=True)
class DoseRateEvent(HandheldReadingEvent):
    """Live dose rate of a RIID, published by its host's idle task (not an officer's reading).

    ``reading`` is the newest sample; ``samples`` every value (µSv/h, oldest first) that
    arrived since the previous event (several after a long command kept the host busy),
    ``peak_usv_h`` their maximum, and ``alarm`` a sentence when the peak exceeds the
    dose-rate threshold (None otherwise), so a live display can raise it at once.
    """

    samples: tuple[float, ...]
    peak_usv_h: float
    alarm: str | None = None


def dose_rate_stream(thresholds: AlarmThresholds | None = None) -> IdleTask:
    """A host idle task for a :class:`RiidDriver`: publish the dose-rate samples that arrived.

    Each call reads the line for about one ``read_timeout_s`` at most
    (:meth:`RiidDriver.drain_dose_rates`), so commands queued meanwhile are not held up,
    and publishes one :class:`DoseRateEvent` when samples came.
    """
    limit = (thresholds or AlarmThresholds()).dose_rate_usv_h

    def stream(device: RiidDriver, ctx: CommandContext) -> None:
        samples: list[DoseRateSample] = device.drain_dose_rates()
        ctx.beat()
        if not samples:
            return
        values = tuple(s.dose_rate_usv_h for s in samples)
        peak = max(values)
        alarm = f"dose rate {peak:g} µSv/h over {limit:g} µSv/h" if peak > limit else None
        newest = samples[-1]
        ctx.emit(DoseRateEvent(device=device.name, values=newest.values(), raw=newest.raw, reading=newest,
                               identity=device.info.as_dict(), samples=values, peak_usv_h=peak, alarm=alarm))

    return stream


def idle_task_for(device: Any, thresholds: AlarmThresholds | None = None) -> IdleTask | None:
    """The idle task a host should run for ``device``: the dose-rate stream for a RIID, None
    for devices without a live stream. Use: ``DeviceHost(device, idle_task=idle_task_for(device))``."""
    if isinstance(device, RiidDriver):
        return dose_rate_stream(thresholds)
    return None


@dataclass(frozen=True)
class RecordedReading:
    """What :func:`record_reading` stored: the reading, its evidence link, the rules'
    suggestions and the pending ``Finding`` rows made or updated from them (same order);
    ``repeated`` lists those among them that an earlier reading had raised already."""

    reading: DeviceReading
    evidence_id: uuid.UUID
    suggestions: list[Suggestion]
    findings: list[Finding] = field(default_factory=list)
    repeated: list[Finding] = field(default_factory=list)


def record_reading(session: Session, reading_event: HandheldReadingEvent, control_id: str | uuid.UUID,
                   actor: User, thresholds: AlarmThresholds | None = None) -> RecordedReading:
    """Store ``reading_event`` and attach it to control ``control_id`` (which must be editable).

    Runs inside the caller's transaction (``Database.unit_of_work()``): the reading, the
    evidence link, the rule findings (``source = "rule"``, decision ``pending``) and their
    audit entries are committed together or not at all. ``thresholds``: the device's, e.g.
    ``AlarmThresholds.for_device(name, settings)``; defaults when None.
    """
    typed = reading_event.reading
    row = DeviceReading(
        id=uuid.uuid4(), device_kind=typed.kind, device_name=reading_event.device,
        device_identity=dict(reading_event.identity), taken_at=typed.taken_at,
        values=_jsonable(typed.values()), raw_document=typed.raw, raw_media_type=typed.media_type,
        alarms=typed.alarms(),
    )
    session.add(row)
    session.flush()
    audit.record(session, actor.username, "reading.store", "device_reading", row.id,
                 {"device": row.device_name, "kind": row.device_kind, "raw_bytes": len(row.raw_document or b"")},
                 state=row)
    evidence = attach_evidence(session, control_id, actor, kind="reading", reading_id=row.id,
                               note=f"{row.device_kind} reading from {row.device_name}")
    suggestions = evaluate(row.device_kind, row.values, thresholds)
    before = _pending_rule_findings(session, evidence.control_id)
    findings = add_rule_findings(session, evidence.control_id, row, suggestions, actor)
    repeated = [f for f in findings if f.id in before]
    return RecordedReading(row, evidence.id, suggestions, findings, repeated)


def _pending_rule_findings(session: Session, control_id: uuid.UUID) -> dict[uuid.UUID, Finding]:
    return {f.id: f for f in session.scalars(
        select(Finding).where(Finding.control_id == control_id,
                              Finding.source == FindingSource.RULE,
                              Finding.decision == FindingDecision.PENDING)
        .order_by(Finding.created_at, Finding.id))}


def add_rule_findings(session: Session, control_id: uuid.UUID, reading: DeviceReading,
                      suggestions: list[Suggestion], actor: User) -> list[Finding]:
    """Store each suggestion as a pending finding of the control (``source = "rule"``), so
    the officer accepts or rejects it like a model finding; one audit entry per finding.

    A suggestion that repeats a rule finding of the control still pending (same label: same
    rule, same nuclide or substance) updates that finding in place instead of adding a
    duplicate: description and score from this reading, ``updated_at`` now, audited as
    ``finding.repeat`` with the reading and the values replaced. A finding the officer has
    decided is never changed (the decision was taken on what it said then): a repeat after
    the decision is a new pending finding. Returns one finding per suggestion, same order.
    """
    now = utcnow()
    pending = {f.label: f for f in _pending_rule_findings(session, control_id).values()}
    rows: list[Finding] = []
    events: list[tuple[str, Finding, dict[str, Any]]] = []
    for s in suggestions:
        description = f"{s.description} ({reading.device_kind} reading from {reading.device_name})"
        details: dict[str, Any] = {"control_id": str(control_id), "label": s.label,
                                   "source": FindingSource.RULE.value, "rule": s.rule,
                                   "reading_id": str(reading.id)}
        finding = pending.get(s.label)
        if finding is None:
            finding = Finding(id=uuid.uuid4(), control_id=control_id, source=FindingSource.RULE,
                              label=s.label, description=description, score=s.score,
                              decision=FindingDecision.PENDING, created_at=now)
            session.add(finding)
            pending[s.label] = finding
            events.append(("finding.add", finding, {**details, "score": s.score}))
        else:
            events.append(("finding.repeat", finding, {
                **details, "score": s.score, "description": description,
                "previous_score": finding.score, "previous_description": finding.description}))
            finding.description, finding.score, finding.updated_at = description, s.score, now
        rows.append(finding)
    session.flush()
    for action, finding, event in events:
        audit.record(session, actor.username, action, "finding", finding.id, event, state=finding)
    return rows


def _jsonable(values: dict[str, dict[str, Any]]) -> dict[str, Any]:
    # Confidences may be numpy floats or text; JSON columns want plain Python values.
    out: dict[str, Any] = {}
    for name, quantity in values.items():
        value: Any = quantity.get("value")  # None, text, a number or a numpy scalar
        if hasattr(value, "item"):
            value = value.item()
        out[name] = {"value": value, "unit": quantity.get("unit", "")}
    return out
