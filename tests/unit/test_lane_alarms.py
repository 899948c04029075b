"""Handheld values reach the lane with the alarms of the lane's alarm rules (an identified
nuclide, a dose rate over the threshold) besides the instrument's own, for taken readings
and live dose-rate samples; a reading that could not be taken reaches the lane as a
``problem`` for the device's row."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from devices.base import DeviceError
from devices.handheld.readings import DoseRateSample, RiidReading
from standards.spectra.model import Alarm, Measurement, Nuclide, SpectrumDocument
from workstation.lane.devices import LaneDevices, translate
from workstation.lane.events import HandheldReadingArrived, LaneEvent
from workstation.lane.types import HandheldReading
from workstation.services.alarm_rules import AlarmThresholds
from workstation.services.readings import DoseRateEvent, HandheldReadingEvent, dose_rate_stream


@dataclass
class Sink:
    events: list[LaneEvent] = field(default_factory=list)

    def publish(self, event: LaneEvent) -> None:
        self.events.append(event)

    def readings(self) -> list[HandheldReading]:
        return [e.reading for e in self.events if isinstance(e, HandheldReadingArrived)]


def _taken(dose: float, nuclides: list[Nuclide], alarms: list[Alarm] | None = None) -> HandheldReadingEvent:
    reading = RiidReading(document=SpectrumDocument(
        "n42-2012", measurements=[Measurement(real_time_s=30.0, dose_rate_usv_h=dose)],
        nuclides=nuclides, alarms=alarms or []))
    return HandheldReadingEvent(device="riid", values=reading.values(), raw=b"<n42/>", reading=reading)


def _alarms(event: Any, thresholds: AlarmThresholds | None = None) -> tuple[str, ...]:
    sink = Sink()
    translate(event, "riid", sink, thresholds)
    [reading] = sink.readings()
    return reading.alarms


def test_identified_nuclide_alarms_even_when_the_instrument_raised_none() -> None:
    alarms = _alarms(_taken(0.1, [Nuclide("Cs-137", 0.8)]))
    assert len(alarms) == 1 and "Cs-137 identified" in alarms[0]


def test_nuclide_below_the_confidence_threshold_does_not_alarm() -> None:
    event = _taken(0.1, [Nuclide("Co-60", 0.3)])
    assert _alarms(event) == ()
    # ... unless the lane's threshold ([alarms] nuclide_min_confidence) is lower.
    lowered = AlarmThresholds(nuclide_min_confidence=0.25)
    assert any("Co-60" in a for a in _alarms(event, lowered))


def test_dose_rate_over_the_threshold_alarms_with_the_instruments_own_alarm_first() -> None:
    own = Alarm("Gamma", "dose rate above the instrument's level")
    alarms = _alarms(_taken(0.8, [], [own]))
    assert alarms[0] == "Gamma: dose rate above the instrument's level"
    assert any("dose rate 0.8" in a and "exceeds 0.5" in a for a in alarms[1:])
    # The lane's threshold, not the instrument's level, decides the rule's alarm.
    assert len(_alarms(_taken(0.8, []), AlarmThresholds(dose_rate_usv_h=1.0))) == 0
    assert len(_alarms(_taken(0.4, []), AlarmThresholds(dose_rate_usv_h=0.3))) == 1


@dataclass
class _Riid:
    samples: list[float]
    name: str = "riid"

    @property
    def info(self) -> Any:
        from devices.base import DeviceInfo

        return DeviceInfo(vendor="v", model="m", serial="s", firmware="f", driver_version="0")

    def drain_dose_rates(self) -> list[DoseRateSample]:
        out = [DoseRateSample(dose_rate_usv_h=v) for v in self.samples]
        self.samples = []
        return out


@dataclass
class _Ctx:
    emitted: list[Any] = field(default_factory=list)

    def beat(self) -> None:
        pass

    def emit(self, event: Any) -> None:
        self.emitted.append(event)


def _live(samples: list[float], thresholds: AlarmThresholds) -> tuple[str, ...]:
    ctx = _Ctx()
    dose_rate_stream(thresholds)(_Riid(samples), ctx)  # type: ignore[arg-type]
    [event] = ctx.emitted
    assert isinstance(event, DoseRateEvent)
    return _alarms(event)


def test_live_dose_rate_alarms_on_the_peak_by_the_lane_threshold() -> None:
    thresholds = AlarmThresholds(dose_rate_usv_h=0.3)
    # The newest sample is below the threshold, the peak since the last event is not.
    assert any("0.45" in a for a in _live([0.2, 0.45, 0.25], thresholds))
    assert _live([0.2, 0.25], thresholds) == ()


def test_a_reading_that_failed_reaches_the_lane_as_a_problem() -> None:
    sink = Sink()
    devices = LaneDevices([], sink)
    devices.kinds["barcode"] = "barcode"
    failed: Future[Any] = Future()
    failed.set_exception(DeviceError("barcode: the reader decoded no code"))
    devices._no_reading("barcode", failed)
    [reading] = sink.readings()
    assert reading.device_name == "barcode" and reading.device_kind == "barcode"
    assert reading.problem == "barcode: the reader decoded no code"
    assert reading.values == {} and not reading.taken and reading.alarms == ()
