"""Check-source definitions from configuration, and the trend over a device's checks."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from workstation.db.models import DeviceCheck
from workstation.services.check_source import CheckRecord, CheckSource, deviation_pct, trends

T0 = datetime(2026, 11, 1, 7, 0, tzinfo=UTC)


def _record(device: str, day: int, measured: float, expected: float = 1.0, tolerance: float = 20.0) -> CheckRecord:
    passed = abs(measured / expected - 1) * 100 <= tolerance
    check = DeviceCheck(id=uuid.uuid4(), device_name=device, check_kind="check-source", passed=passed,
                        measured={"dose_rate": {"value": measured, "unit": "uSv/h"}},
                        expected={"dose_rate": {"value": expected, "unit": "uSv/h"}, "tolerance_pct": tolerance},
                        performed_at=T0 + timedelta(days=day))
    return CheckRecord(check, "tom", deviation_pct(check))


def test_definition_from_configuration_with_command_line_overrides() -> None:
    table = {"nuclide": "Co-60", "expected": 2.5, "tolerance_pct": 15, "real_time_s": 120}
    source = CheckSource.from_settings(table, tolerance_pct=10.0, expected=None)
    assert source == CheckSource("Co-60", "dose_rate", 2.5, 10.0, 120)
    assert source.unit == "uSv/h"
    assert CheckSource.from_settings({}, expected=400, quantity="count_rate").unit == "cps"


@pytest.mark.parametrize(("table", "message"), [
    ({}, "no expected value"),
    ({"expected": 1, "tolerence_pct": 5}, "unknown key.*tolerence_pct"),
    ({"expected": "one"}, "expected: must be a number"),
    ({"expected": -1}, "must be > 0"),
    ({"expected": 1, "tolerance_pct": 150}, r"tolerance must be in \(0, 100\]"),
    ({"expected": 1, "quantity": "dose"}, "use dose_rate or count_rate"),
    ({"expected": 1, "real_time_s": 0}, "measuring time"),
])
def test_bad_definitions_name_the_place_and_the_problem(table: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message) as info:
        CheckSource.from_settings(table, where="device 'riid': settings.check_source")
    assert str(info.value).startswith("device 'riid': settings.check_source")


def test_a_detector_losing_sensitivity_shows_a_falling_trend() -> None:
    # Sensitivity drops 3 % per check: still passing, but falling towards the limit.
    drifting = [_record("riid-1", d, 1.06 - 0.03 * d) for d in range(6)]
    steady = [_record("riid-2", d, value) for d, value in enumerate((1.01, 0.99, 1.0, 1.02, 0.98))]
    failing = [_record("riid-3", 0, 1.0), _record("riid-3", 1, 0.5), _record("riid-3", 2, 0.4)]
    result = {t.device: t for t in trends([*reversed(drifting), *steady, *failing])}
    assert list(result) == ["riid-1", "riid-2", "riid-3"]
    drift = result["riid-1"]
    assert drift.direction == "falling" and drift.slope_pct_per_check == pytest.approx(-3.0)
    assert drift.passed == drift.checks == 6 and drift.last_deviation_pct == pytest.approx(-9.0)
    assert result["riid-2"].direction == "stable"
    assert result["riid-3"].consecutive_failures == 2 and not result["riid-3"].last_passed
    assert "2 failures in a row" in result["riid-3"].sentence()
    short = trends(failing[:2])[0]
    assert short.direction == "unknown" and "fewer than 3" in short.sentence()
