""""Take reading" on the lane's handheld devices, through the registry, the real drivers
and their simulators: the barcode reader is triggered and answers; a device that gives no
reading (no code, no answer in time) reaches the lane as a ``problem`` in words, and its
host logs no traceback for it."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

import pytest

from devices.base import DeviceError
from devices.handheld.density import DensityDriver
from devices.handheld.sim.lines import DensitySimulator
from tests.contract.base import EventLog
from workstation.config import DeviceConfig
from workstation.hosts import CommandFailed, DeviceHost
from workstation.lane.devices import LaneDevices
from workstation.lane.events import HandheldReadingArrived, LaneEvent
from workstation.lane.types import HandheldReading
from workstation.services.readings import ReadingError, TakeReading

WAIT_S = 30.0  # upper bound against a hang; the answers come in milliseconds
CODE = "MSCU6639870"  # a valid ISO 6346 container number


@dataclass
class Sink:
    events: list[LaneEvent] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, event: LaneEvent) -> None:
        with self.changed:
            self.events.append(event)
            self.changed.notify_all()

    def reading_of(self, device: str) -> HandheldReading:
        """The first taken reading or problem of ``device`` (waits for it)."""
        def found() -> HandheldReading | None:
            return next((e.reading for e in self.events if isinstance(e, HandheldReadingArrived)
                         and e.reading.device_name == device
                         and (e.reading.taken or e.reading.problem)), None)
        with self.changed:
            assert self.changed.wait_for(lambda: found() is not None, WAIT_S), self.events
            reading = found()
        assert reading is not None
        return reading


def _barcode(name: str, code: str) -> DeviceConfig:
    return DeviceConfig.model_validate({"name": name, "kind": "barcode", "driver": "barcode-serial",
                                        "simulated": True, "simulator": {"code": code}})


def test_barcode_take_reading_is_answered_and_no_code_is_said_in_words(
        caplog: pytest.LogCaptureFixture) -> None:
    sink = Sink()
    devices = LaneDevices([_barcode("gun", CODE), _barcode("empty-gun", "")], sink)
    caplog.set_level(logging.INFO)
    devices.start()
    try:
        assert devices.problems == []
        answered = devices.take_reading("gun")
        refused = devices.take_reading("empty-gun")
        reading = sink.reading_of("gun")
        assert reading.taken and reading.problem is None
        assert reading.values["barcode"] == (CODE, "")
        assert reading.values["content_type"] == ("container", "")
        assert answered.result(timeout=WAIT_S).reading.data == CODE
        nothing = sink.reading_of("empty-gun")
        assert not nothing.taken and nothing.values == {}
        assert nothing.problem is not None and "decoded no code" in nothing.problem
        assert isinstance(refused.exception(timeout=WAIT_S), DeviceError)
    finally:
        devices.stop()
    assert not [r for r in caplog.records if r.exc_info], "a device's refusal is no traceback"


class SilentDensityMeter(DensitySimulator):
    """A density meter that identifies itself but sends no reading."""

    def on_tick(self, now: float) -> None:
        pass


def test_a_device_that_does_not_answer_fails_the_command_without_a_traceback(
        caplog: pytest.LogCaptureFixture) -> None:
    with SilentDensityMeter("pty") as sim:
        device = DensityDriver.from_settings("den", {"url": sim.url, "read_timeout_s": 0.05})
        log = EventLog()
        host = DeviceHost(device, probe_interval_s=60.0)
        host.subscribe(log)
        host.start()
        try:
            assert host.wait_connected(WAIT_S)
            future: Any = host.submit(TakeReading(timeout_s=0.2))
            error = future.exception(timeout=WAIT_S)
            [failed] = log.wait_for(CommandFailed)
        finally:
            host.stop()
    assert isinstance(error, ReadingError) and isinstance(error, DeviceError)
    assert str(error) == "den: no answer within 0.2 s"
    assert failed.reason == "den: no answer within 0.2 s"
    assert not [r for r in caplog.records if r.exc_info]


def test_an_acknowledged_alarm_is_audited(sqlite_db: Any) -> None:
    from sqlalchemy import select

    from workstation.config import WorkstationConfig
    from workstation.db.models import AuditEvent
    from workstation.lane.gateway import LaneGateway

    gateway = LaneGateway(WorkstationConfig(), sqlite_db)
    admin = gateway.create_first_admin("ada", "Ada", "long-enough-1")
    gateway.acknowledge_alarm(admin, "riid", ("Cs-137 identified (confidence 0.8)",))
    with sqlite_db.unit_of_work() as s:
        [event] = s.scalars(select(AuditEvent).where(AuditEvent.action == "alarm.acknowledge"))
        assert (event.actor, event.entity, event.entity_id) == ("ada", "device", "riid")
        assert event.details["alarms"] == ["Cs-137 identified (confidence 0.8)"]
        assert event.details["control_id"] is None
