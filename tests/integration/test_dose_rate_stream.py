"""The RIID's live dose rate flows from its host's idle task as DoseRateEvents, before,
between and after commands, which still run and return their readings."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from devices.base import DeviceInfo
from devices.handheld.density import DensityDriver
from devices.handheld.readings import DoseRateSample
from devices.handheld.riid import RiidDriver
from devices.handheld.sim.riid import RiidSimulator
from tests.contract.base import EventLog
from workstation.hosts import DeviceHost, HealthChanged
from workstation.services.alarm_rules import AlarmThresholds
from workstation.services.readings import (
    DoseRateEvent,
    HandheldReadingEvent,
    TakeReading,
    dose_rate_stream,
    idle_task_for,
)


def _doses(log: EventLog) -> list[DoseRateEvent]:
    return [e for e in log.events if isinstance(e, DoseRateEvent)]


def test_live_dose_rate_flows_around_a_measurement() -> None:
    with RiidSimulator("pty", source="Cs-137", activity_mbq=20, dose_period_s=0.05) as sim:
        device = RiidDriver.from_settings("riid-1", {"url": sim.url})
        task = idle_task_for(device)
        assert task is not None
        log = EventLog()
        host = DeviceHost(device, probe_interval_s=5.0, idle_task=task)
        host.subscribe(log)
        host.start()
        try:
            log.wait_for(DoseRateEvent, 3)
            reading = host.submit(TakeReading(real_time_s=60)).result(timeout=30)
            seen = len(_doses(log))
            log.wait_for(DoseRateEvent, seen + 3)
        finally:
            host.stop()
        truth = sim.true_dose_rate_usv_h()
    assert not isinstance(reading, DoseRateEvent) and reading.values["real_time"]["value"] == 60
    order = [e for e in log.events if isinstance(e, HandheldReadingEvent)]
    position = order.index(reading)
    assert 0 < position < len(order) - 1, "dose-rate events should come before and after the measurement"
    doses = _doses(log)
    samples = [v for e in doses for v in e.samples]
    # Poisson samples around the true dose rate (~80 counts each): their mean is close to it.
    assert abs(statistics.mean(samples) - truth) < 0.25 * truth
    for event in doses:
        assert event.values == {"dose_rate": {"value": event.samples[-1], "unit": "uSv/h"}}
        assert event.identity["serial"] == "RS-0042"
        assert event.peak_usv_h == max(event.samples)
        assert event.alarm is not None and "over 0.5" in event.alarm  # ~2 µSv/h > default 0.5


def test_background_gives_no_alarm_and_the_probe_still_runs() -> None:
    with RiidSimulator("socket", dose_period_s=0.05) as sim:
        device = RiidDriver.from_settings("riid-1", {"url": sim.url})
        log = EventLog()
        host = DeviceHost(device, probe_interval_s=0.1, idle_task=idle_task_for(device))
        host.subscribe(log)
        host.start()
        try:
            doses = log.wait_for(DoseRateEvent, 5)
            health = log.wait_for(HealthChanged)
        finally:
            host.stop()
    assert all(e.alarm is None for e in doses)
    assert health[0].health.text.startswith("OK")


@dataclass
class _FakeRiid:
    """Stands in for a RiidDriver whose line delivered several samples since the last call."""

    name: str = "riid-1"
    batches: list[list[float]] = field(default_factory=list)
    info: DeviceInfo = DeviceInfo("v", "m", "s", "f", "d")

    def drain_dose_rates(self) -> list[DoseRateSample]:
        values = self.batches.pop(0) if self.batches else []
        return [DoseRateSample(dose_rate_usv_h=v, raw=str(v).encode()) for v in values]


@dataclass
class _Ctx:
    events: list[Any] = field(default_factory=list)
    beats: int = 0

    def emit(self, event: Any) -> None:
        self.events.append(event)

    def beat(self) -> None:
        self.beats += 1


def test_samples_that_piled_up_become_one_event_with_their_peak() -> None:
    task = dose_rate_stream(AlarmThresholds(dose_rate_usv_h=1.0))
    device, ctx = _FakeRiid(batches=[[0.2, 1.7, 0.3], [], [0.4]]), _Ctx()
    for _ in range(3):
        task(device, ctx)  # type: ignore[arg-type]
    assert ctx.beats == 3
    first, second = ctx.events
    assert first.samples == (0.2, 1.7, 0.3) and first.peak_usv_h == 1.7
    assert first.values["dose_rate"]["value"] == 0.3  # the newest is the live value
    assert first.alarm == "dose rate 1.7 µSv/h over 1 µSv/h"
    assert second.samples == (0.4,) and second.alarm is None


def test_only_a_riid_gets_the_stream() -> None:
    density = DensityDriver.from_settings("density-1", {"url": "/dev/null-density"})
    assert idle_task_for(density) is None
