"""Typed events and values of the technician's session (:mod:`workstation.lane.technician`).

Like the other sessions' events they carry what happened, never words in one language; the
technician's window words them. Times are UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from workstation.lane.events import LaneEvent
from workstation.services.device_health import DayHealth
from workstation.services.iq_tests import DailyStatus, EquivalenceRow, IqResult


@dataclass(frozen=True)
class DeviceRow:
    """One configured device as the technician sees it.

    ``state``: the host's own (``ok``, ``connecting``, ``degraded``, ``lost``, ``disabled``,
    ``unknown``); ``out_of_service``: the reason while taken out of service, else None;
    ``identity``: vendor, model, serial, firmware, driver_version (None before the first
    connect); ``last_problem``: (when, text) of the newest loss, error or degradation;
    ``days``: the last days' health, oldest first."""

    name: str
    kind: str
    driver: str
    simulated: bool
    enabled: bool
    state: str
    detail: str
    identity: dict[str, str] | None
    out_of_service: str | None
    last_problem: tuple[datetime, str] | None
    days: tuple[DayHealth, ...]


@dataclass(frozen=True)
class DevicesChanged(LaneEvent):
    rows: tuple[DeviceRow, ...]


@dataclass(frozen=True)
class CalibrationStep(LaneEvent):
    """A step of the guided calibration: ``step`` ``dark``, ``flat`` or ``bad-pixels``;
    ``state`` ``running`` or ``done``."""

    device: str
    step: str
    state: str


@dataclass(frozen=True)
class CalibrationOutcome:
    """One stored calibration run: accepted (now in force) or refused with ``reasons``;
    ``changes``: value minus the previous accepted run's (empty for the first)."""

    check_id: str
    device: str
    detector: str
    accepted: bool
    reasons: tuple[str, ...]
    values: dict[str, float]
    limits: dict[str, float]
    changes: dict[str, float]
    performed_at: datetime


@dataclass(frozen=True)
class CalibrationDone(LaneEvent):
    outcome: CalibrationOutcome


@dataclass(frozen=True)
class IqTestDone(LaneEvent):
    """A daily image-quality test scored and stored."""

    result: IqResult


@dataclass(frozen=True)
class IqTrend:
    """Every stored test of one scanner, oldest first."""

    device: str
    results: tuple[IqResult, ...]

    def series(self, metric: str) -> list[tuple[datetime, float, bool]]:
        """(when, value, passed) of ``metric`` over time."""
        out = []
        for r in self.results:
            m = r.metric(metric)
            if m is not None and m["value"] is not None:
                out.append((r.performed_at, float(m["value"]), bool(m["passed"])))
        return out

    def metric_names(self) -> list[str]:
        return list(dict.fromkeys(m["name"] for r in self.results for m in r.metrics))


@dataclass(frozen=True)
class IqTrendChanged(LaneEvent):
    trend: IqTrend
    status: DailyStatus


@dataclass(frozen=True)
class EquivalenceChanged(LaneEvent):
    rows: tuple[EquivalenceRow, ...]


@dataclass(frozen=True)
class CheckSourceDone(LaneEvent):
    """A RIID check-source run: pass/fail, the expected nuclide, what was identified, the
    spectrum (counts per channel; ``energy_kev`` per channel when calibrated)."""

    device: str
    passed: bool
    reason: str
    expected_nuclide: str
    identified: tuple[str, ...]
    counts: tuple[int, ...] = field(repr=False)
    energy_kev: tuple[float, ...] = field(repr=False, default=())


@dataclass(frozen=True)
class CameraCheckDone(LaneEvent):
    """A camera check: ``values`` (focus, exposure, plate-read rate) against ``limits``."""

    device: str
    passed: bool
    values: dict[str, Any]
    limits: dict[str, Any]
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class CertificateWritten(LaneEvent):
    """The certificate PDF of test ``result_id`` was written to ``path``."""

    result_id: str
    path: str


@dataclass(frozen=True)
class DeviceConfigLoaded(LaneEvent):
    """The lane file's devices as forms (``forms``: ``device_config.DeviceForm``); ``path``
    None and ``problem`` set when the lane runs without a readable file."""

    path: str | None
    forms: tuple[Any, ...]
    problem: str = ""


@dataclass(frozen=True)
class DeviceConfigChecked(LaneEvent):
    """A form was checked: ``errors`` (``device_config.FieldError``) name each field."""

    device: str
    errors: tuple[Any, ...]


@dataclass(frozen=True)
class ConnectionTested(LaneEvent):
    """A connection test of a form's values (``report``: ``device_config.ConnectionReport``)."""

    report: Any


@dataclass(frozen=True)
class DeviceConfigSaved(LaneEvent):
    """A device's entry was written to the lane file and audited: ``changes`` are (key, old,
    new); ``comments_kept`` False when its block had to be written anew."""

    device: str
    path: str
    changes: tuple[tuple[str, Any, Any], ...]
    comments_kept: bool
