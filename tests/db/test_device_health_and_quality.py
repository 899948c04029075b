"""The technician's record on both databases: calibration runs judged (refused with reasons,
never put in force), the health history per day, out of service, the daily test status and
the equivalence of scanners."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from workstation.db.engine import Database
from workstation.db.models import DeviceEvent
from workstation.services import calibration_runs, detector_checks, device_health, iq_tests, users

PIXELS = 512
LINES = 64


def _frames(flat_level: float, dead: tuple[int, ...] = (), seed: int = 1
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    dark = rng.normal(1000, 5, (LINES, PIXELS)).clip(0, 65535).astype(np.uint16)
    flat = rng.normal(1000 + flat_level, 40, (LINES, PIXELS)).clip(0, 65535).astype(np.uint16)
    for pixel in dead:
        flat[:, pixel] = dark[:, pixel]
    return dark, dark.copy(), flat, flat.copy()


def _technician(db: Database) -> users.User:
    with db.unit_of_work() as s:
        return users.add_user(s, "tom", "technician", "correct-horse-4")


def test_unfit_calibration_is_refused_with_its_reason_and_never_in_force(db: Database) -> None:
    _technician(db)
    good = calibration_runs.assess(*_frames(30000.0, dead=(100, 300)))
    assert good.accepted and good.values["dead_lines"] == 2
    weak = calibration_runs.assess(*_frames(800.0))
    assert not weak.accepted and "flat_too_weak" in weak.reasons
    broken = calibration_runs.assess(*_frames(30000.0, dead=tuple(range(0, PIXELS, 16))))
    assert not broken.accepted and "too_many_dead_lines" in broken.reasons
    with db.unit_of_work() as s:
        tom = users.get_user(s, "tom")
        accepted = calibration_runs.record_run(s, "scanner", "SIM/1", good, tom, lane="L1")
        refused = calibration_runs.record_run(s, "scanner", "SIM/1", weak, tom, lane="L1")
        assert not refused.passed
        assert refused.expected["reason"].startswith("flat too weak: ")
        assert "at least 5000 needed" in refused.expected["reason"]
        assert refused.measured["previous"]["id"] == str(accepted.id)
        in_force = detector_checks.in_force(s, "scanner", "SIM/1")
        assert in_force is not None and in_force.id == accepted.id


def test_health_per_day_counts_connects_losses_errors_and_time_available() -> None:
    day = date(2026, 11, 20)
    start = datetime(2026, 11, 20, tzinfo=UTC)

    def ev(hours: float, event: str) -> DeviceEvent:
        return DeviceEvent(lane="L1", device_name="scanner", device_kind="xray", event=event,
                           detail="", occurred_at=start + timedelta(hours=hours))

    rows = [ev(0, "connected"), ev(6, "lost"), ev(6.5, "error"), ev(12, "connected"),
            ev(30, "out_of_service"), ev(36, "in_service"), ev(37, "connected")]
    days = device_health.summarize(rows, day, 2, start + timedelta(hours=48))
    first, second = days
    assert (first.connects, first.losses, first.errors) == (2, 1, 1)
    assert first.available_s == pytest.approx(18 * 3600)  # 0-6 h and 12-24 h
    assert first.observed_s == pytest.approx(24 * 3600)
    # day two: up 0-6 h, out of service 6-12 h, in service but not yet connected 12-13 h
    assert second.available_s == pytest.approx((6 + 11) * 3600)
    assert second.available_pct == pytest.approx(100 * 17 / 24)


def test_out_of_service_needs_a_reason_a_technician_and_is_audited(db: Database) -> None:
    _technician(db)
    with db.unit_of_work() as s:
        officer = users.add_user(s, "olga", "officer", "correct-horse-1")
        with pytest.raises(users.UserError):
            device_health.set_in_service(s, "L1", "scanner", "xray", in_service=False,
                                         technician=officer, reason="broken")
    with db.unit_of_work() as s:
        tom = users.get_user(s, "tom")
        with pytest.raises(device_health.DeviceServiceError, match="needs a reason"):
            device_health.set_in_service(s, "L1", "scanner", "xray", in_service=False,
                                         technician=tom, reason=" ")
        device_health.set_in_service(s, "L1", "scanner", "xray", in_service=False,
                                     technician=tom, reason="tube arcing")
        assert device_health.out_of_service(s, "L1")["scanner"].detail == "tube arcing"
        assert device_health.out_of_service(s, "L2") == {}
        device_health.set_in_service(s, "L1", "scanner", "xray", in_service=True,
                                     technician=tom)
        assert device_health.out_of_service(s, "L1") == {}


def _metrics(wire: float, noise: float) -> list[dict[str, object]]:
    return iq_tests.metric_dicts([
        {"name": "wire_resolution", "value": wire, "unit": "mm", "limit": 0.255,
         "passed": wire <= 0.255, "higher_is_better": False},
        {"name": "noise", "value": noise, "unit": "%", "limit": 2.0, "passed": noise <= 2.0,
         "higher_is_better": False}])


def test_daily_status_and_equivalence_flag_the_scanner_behind(db: Database) -> None:
    _technician(db)
    with db.unit_of_work() as s:
        tom = users.get_user(s, "tom")
        assert iq_tests.daily_status(s, "L1", "scanner").state == "missing"
        for lane, wire, noise in (("L1", 0.10, 0.5), ("L2", 0.10, 0.55), ("L3", 0.20, 0.5),
                                  ("L4", 0.32, 0.5)):
            iq_tests.record_test(s, lane=lane, device="scanner", detector=f"SIM/{lane}",
                                 scanner_class="parcel", metrics=_metrics(wire, noise),
                                 technician=tom)
        assert iq_tests.daily_status(s, "L1", "scanner").state == "passed"
        failed = iq_tests.daily_status(s, "L4", "scanner")
        assert failed.state == "failed" and failed.failed_metrics == ("wire_resolution",)
        later = datetime.now(UTC) + timedelta(hours=25)
        assert iq_tests.daily_status(s, "L1", "scanner", now=later).state == "missing"
        rows = {r.latest.lane: r for r in iq_tests.equivalence(s)}
    assert rows["L1"].behind == {} and rows["L2"].behind == {}
    # L3 passes, but its wire margin (1.3) is under 80 % of the others' median (2.55)
    assert rows["L3"].behind == {"wire_resolution": "below-peers"}
    assert rows["L4"].behind == {"wire_resolution": "failed"}


def test_device_availability_over_a_period_carries_the_state_from_before_it(db: Database) -> None:
    from workstation.reports.device_availability import availability

    start = datetime(2026, 11, 20, tzinfo=UTC)

    def ev(lane: str, device: str, hours: float, event: str) -> DeviceEvent:
        return DeviceEvent(lane=lane, device_name=device, device_kind="xray", event=event,
                           detail="", occurred_at=start + timedelta(hours=hours))

    with db.unit_of_work() as s:
        s.add_all([
            # connected the day before the period: the period starts available
            ev("L1", "scanner", -10, "connected"), ev("L1", "scanner", 6, "lost"),
            ev("L1", "scanner", 7, "error"), ev("L1", "scanner", 12, "connected"),
            # added on the second day: the first day is not observed, not held against it
            ev("L2", "riid", 30, "connected"), ev("L2", "riid", 36, "out_of_service"),
        ])
    with db.unit_of_work() as s:
        rows = availability(s, start, start + timedelta(days=2), now=start + timedelta(days=3))
        l2_only = availability(s, start, start + timedelta(days=2), lane="L2",
                               now=start + timedelta(days=3))
    by_device = {(r.lane, r.device): r for r in rows}
    scanner = by_device[("L1", "scanner")]
    assert scanner.observed_s == pytest.approx(48 * 3600)
    assert scanner.available_s == pytest.approx((48 - 6) * 3600)  # down 6-12 h
    assert (scanner.losses, scanner.errors) == (1, 1)
    riid = by_device[("L2", "riid")]
    assert riid.observed_s == pytest.approx(18 * 3600)  # from 30 h to the end at 48 h
    assert riid.available_pct == pytest.approx(100 * 6 / 18)
    assert [(r.lane, r.device) for r in l2_only] == [("L2", "riid")]
    assert riid.to_json()["available_pct"] == pytest.approx(33.33)


def test_the_performance_figures_carry_device_availability(db: Database) -> None:
    from workstation.reports import kpis

    start = datetime(2026, 11, 20, tzinfo=UTC)
    with db.unit_of_work() as s:
        viewer = users.add_user(s, "sue", "supervisor", "correct-horse-4")
        s.add_all([DeviceEvent(lane="L1", device_name="scanner", device_kind="xray",
                               event=event, detail="", occurred_at=start + timedelta(hours=h))
                   for h, event in ((0, "connected"), (12, "lost"))])
    with db.unit_of_work() as s:
        figures = kpis.compute(s, kpis.Period(start, start + timedelta(days=1)),
                               s.get(users.User, viewer.id),  # type: ignore[arg-type]
                               now=start + timedelta(days=2))
    rows = figures.to_json()["device_availability"]
    assert rows == [{"lane": "L1", "device": "scanner", "available_pct": 50.0,
                     "observed_hours": 24.0, "losses": 1, "errors": 0}]
