"""Handheld readings as evidence: host commands that take a reading and publish it as a
typed event, and :func:`record_reading`, which stores it as a ``DeviceReading`` (values with
units, device identity, time, raw document) attached to an open control, with audit entries
in the same transaction, and returns the findings the alarm rules suggest.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from devices.handheld.barcode import BarcodeDriver
from devices.handheld.density import DensityDriver
from devices.handheld.readings import HandheldReading
from devices.handheld.riid import RiidDriver
from devices.handheld.substance import SubstanceDriver
from workstation.db.models import DeviceReading, User
from workstation.hosts.events import Reading
from workstation.services import audit
from workstation.services.alarm_rules import AlarmThresholds, Suggestion, evaluate
from workstation.services.controls import attach_evidence


class ReadingError(Exception):
    """A reading could not be taken (nothing arrived in time, unsupported device)."""


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

    RIID: measure for ``real_time_s`` seconds; substance identifier: scan; density meter
    and barcode reader: the next reading of their stream within ``timeout_s`` seconds.
    """

    real_time_s: float = 30.0
    timeout_s: float = 30.0

    def execute(self, device: Any, ctx: Any) -> HandheldReadingEvent:
        reading: HandheldReading | None
        if isinstance(device, RiidDriver):
            reading = device.measure(self.real_time_s, timeout_s=self.real_time_s + self.timeout_s)
        elif isinstance(device, SubstanceDriver):
            reading = device.scan(self.timeout_s)
        elif isinstance(device, DensityDriver):
            reading = device.next_reading(self.timeout_s)
        elif isinstance(device, BarcodeDriver):
            reading = device.next_barcode(self.timeout_s)
        else:
            raise ReadingError(f"{device.name}: {type(device).__name__} is not a handheld device")
        if reading is None:
            raise ReadingError(f"{device.name}: no reading within {self.timeout_s:g} s")
        event = HandheldReadingEvent.of(device, reading)
        ctx.emit(event)
        return event


@dataclass(frozen=True)
class RecordedReading:
    reading: DeviceReading
    evidence_id: uuid.UUID
    suggestions: list[Suggestion]


def record_reading(session: Session, reading_event: HandheldReadingEvent, control_id: str | uuid.UUID,
                   actor: User, thresholds: AlarmThresholds | None = None) -> RecordedReading:
    """Store ``reading_event`` and attach it to control ``control_id`` (which must be editable).

    Runs inside the caller's transaction (``Database.unit_of_work()``): the reading, the
    evidence link and their audit entries are committed together or not at all.
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
    return RecordedReading(row, evidence.id, evaluate(row.device_kind, row.values, thresholds))


def _jsonable(values: dict[str, dict[str, Any]]) -> dict[str, Any]:
    # Confidences may be numpy floats or text; JSON columns want plain Python values.
    out: dict[str, Any] = {}
    for name, quantity in values.items():
        value = quantity.get("value")
        if hasattr(value, "item"):
            value = value.item()
        out[name] = {"value": value, "unit": quantity.get("unit", "")}
    return out
