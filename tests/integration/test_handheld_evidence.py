"""A RIID reading taken through its host during an open control is stored with its raw N42
document, suggests findings, and appears in the results export; check-source records."""

from __future__ import annotations

from typing import Any

import pytest

from devices.handheld.line_sims import SubstanceSimulator
from devices.handheld.riid import RiidDriver
from devices.handheld.riid_sim import RiidSimulator
from devices.handheld.substance import SubstanceDriver
from workstation.db.engine import Database
from workstation.db.models import DeviceCheck, DeviceReading
from workstation.domain.result_codes import ResultCodes
from workstation.formats.spectra import read_n42
from workstation.hosts import DeviceHost
from workstation.services import check_source, controls, results, users
from workstation.services.alarm_rules import AlarmThresholds, evaluate
from workstation.services.readings import HandheldReadingEvent, TakeReading, record_reading


def _take(device: Any, command: TakeReading) -> HandheldReadingEvent:
    host = DeviceHost(device, probe_interval_s=5.0)
    events: list[Any] = []
    host.subscribe(events.append)
    host.start()
    try:
        assert host.wait_connected(10.0)
        event = host.submit(command).result(timeout=30)
    finally:
        host.stop()
    assert event in events  # published as a typed event too
    return event


def test_riid_reading_during_open_control_is_evidence_and_exported(db: Database) -> None:
    with RiidSimulator("pty", source="Cs-137", activity_mbq=20, distance_m=1.0) as sim:
        event = _take(RiidDriver.from_settings("riid-1", {"url": sim.url}), TakeReading(real_time_s=60))
    with db.unit_of_work() as s:
        officer = users.add_user(s, "olga", "officer", "correct-horse-battery")
        control = controls.open_control(s, officer, post="NL-ROT-01", lane="L1")
        stored = record_reading(s, event, control.id, officer)
        control_id, reading_id = control.id, stored.reading.id
    assert {x.rule for x in stored.suggestions} == {"dose_rate", "nuclide"}
    with db.unit_of_work() as s:
        row = s.get(DeviceReading, reading_id)
        assert row is not None and row.device_kind == "riid"
        assert row.device_identity["serial"] == "RS-0042"
        assert row.raw_media_type and "n42" in row.raw_media_type
        assert read_n42(row.raw_document or b"").nuclides[0].name == "Cs-137"
        assert row.values["dose_rate"]["unit"] == "uSv/h"
        officer = users.get_user(s, "olga")
        controls.record_result(s, control_id, officer, controls.ResultIn(code="A1", control_types=["physical", "radiation"]),
                              ResultCodes.load())
        controls.close_control(s, control_id, officer)
    with db.unit_of_work() as s:
        exported = [r for r in results.exported_results(s) if r["control_id"] == str(control_id)]
    assert exported, "control missing from export"
    text = repr(exported[0])
    assert "riid" in text and "application/xml" in text


def test_controlled_substance_suggests_a_finding() -> None:
    with SubstanceSimulator("socket", sample="Cocaine HCl", purity=0.95) as sim:
        event = _take(SubstanceDriver.from_settings("raman", {"url": sim.url}), TakeReading(timeout_s=5))
    suggestions = evaluate("substance", event.values)
    assert [x.rule for x in suggestions] == ["controlled_substance"]
    assert evaluate("substance", event.values, AlarmThresholds(substance_min_confidence=0.99)) == []
    with pytest.raises(ValueError, match="unknown key"):
        AlarmThresholds.from_settings({"dose": 1})


def test_check_source_pass_and_fail_are_recorded(db: Database) -> None:
    with RiidSimulator("pty", source="Cs-137", activity_mbq=10, distance_m=1.0) as sim:
        driver = RiidDriver.from_settings("riid-1", {"url": sim.url})
        driver.open(5)
        try:
            reading = driver.measure(120)
        finally:
            driver.close()
        expected = sim.true_dose_rate_usv_h()
    good = check_source.evaluate(reading, check_source.CheckSource("Cs-137", "dose_rate", expected, 10))
    bad = check_source.evaluate(reading, check_source.CheckSource("Cs-137", "dose_rate", expected * 2, 10))
    assert good.passed, good.reason
    assert not bad.passed and "outside" in bad.reason
    with db.unit_of_work() as s:
        tech = users.add_user(s, "tom", "technician", "correct-horse-battery")
        check_source.record_check(s, "riid-1", good, tech)
        check_source.record_check(s, "riid-1", bad, tech)
    with db.unit_of_work() as s:
        assert sorted(c.passed for c in s.query(DeviceCheck).all()) == [False, True]
