"""A RIID reading taken through its host during an open control is stored with its raw N42
document, suggests findings, and appears in the results export; check-source records."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from devices.handheld.riid import RiidDriver
from devices.handheld.sim.lines import SubstanceSimulator
from devices.handheld.sim.riid import RiidSimulator
from devices.handheld.substance import SubstanceDriver
from standards.spectra import read_n42
from workstation.db.engine import Database
from workstation.db.models import AuditEvent, DeviceCheck, DeviceReading
from workstation.domain.result_codes import ResultCodes
from workstation.hosts import DeviceHost
from workstation.services import check_source, controls, findings, results, users
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
        # The suggestions are pending rule findings of the control, audited, and decided
        # by the officer like model findings.
        rule_findings = [f for f in findings.findings_of(s, control_id) if f.source == "rule"]
        assert sorted(f.label for f in rule_findings) == ["dose-rate-alarm", "nuclide:Cs-137"]
        assert {f.decision for f in rule_findings} == {"pending"}
        audited = {e.entity_id for e in s.scalars(select(AuditEvent).where(AuditEvent.action == "finding.add"))}
        assert {str(f.id) for f in rule_findings} <= audited
        officer = users.get_user(s, "olga")
        by_label = {f.label: f for f in rule_findings}
        findings.decide(s, by_label["nuclide:Cs-137"].id, "accepted", officer)
        findings.decide(s, by_label["dose-rate-alarm"].id, "rejected", officer)
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
    exported_rules = {(f["label"], f["decision"]) for f in exported[0]["findings"] if f["source"] == "rule"}
    assert exported_rules == {("nuclide:Cs-137", "accepted"), ("dose-rate-alarm", "rejected")}


def test_a_failed_attach_stores_neither_reading_nor_rule_findings(db: Database) -> None:
    with RiidSimulator("socket", source="Cs-137", activity_mbq=20, distance_m=1.0) as sim:
        event = _take(RiidDriver.from_settings("riid-1", {"url": sim.url}), TakeReading(real_time_s=60))
    with db.unit_of_work() as s:
        officer = users.add_user(s, "olga", "officer", "correct-horse-battery")
        control = controls.open_control(s, officer, post="NL-ROT-01", lane="L1")
        control_id = control.id
    with db.unit_of_work() as s:
        officer = users.get_user(s, "olga")
        controls.record_result(s, control_id, officer, controls.ResultIn(code="A1", control_types=["physical", "radiation"]),
                               ResultCodes.load())
        controls.close_control(s, control_id, officer)
    with pytest.raises(controls.ControlError), db.unit_of_work() as s:
        record_reading(s, event, control_id, users.get_user(s, "olga"))
    with db.unit_of_work() as s:
        assert s.scalars(select(DeviceReading)).all() == []
        assert findings.findings_of(s, control_id) == []


def test_thresholds_come_from_the_device_settings() -> None:
    thresholds = AlarmThresholds.for_device("riid-1", {"url": "x", "alarm_rules": {"dose_rate_usv_h": 2,
                                                                                   "nuclide_min_confidence": 0.9}})
    assert thresholds.dose_rate_usv_h == 2.0 and thresholds.nuclide_min_confidence == 0.9
    values = {"dose_rate": {"value": 1.5, "unit": "uSv/h"}, "nuclide:Cs-137": {"value": 0.8, "unit": "confidence"}}
    assert evaluate("riid", values, thresholds) == []
    assert [x.label for x in evaluate("riid", values)] == ["dose-rate-alarm", "nuclide:Cs-137"]
    assert AlarmThresholds.for_device("riid-1", {}) == AlarmThresholds()
    lane_wide = AlarmThresholds(dose_rate_usv_h=0.3, substance_min_confidence=0.9)
    merged = AlarmThresholds.for_device("riid-1", {"alarm_rules": {"dose_rate_usv_h": 1}}, base=lane_wide)
    assert (merged.dose_rate_usv_h, merged.substance_min_confidence) == (1.0, 0.9)  # device wins, base fills
    for bad, message in (({"alarm_rules": {"dose_rate_usv_h": "high"}}, "dose_rate_usv_h: must be a number"),
                         ({"alarm_rules": {"nuclide_min_confidence": 1.5}}, r"must be in 0\.\.1"),
                         ({"alarm_rules": {"controlled_substances": "heroin"}}, "list of names"),
                         ({"alarm_rules": 3}, "must be a table")):
        with pytest.raises(ValueError, match=message) as info:
            AlarmThresholds.for_device("riid-1", bad)
        assert "'riid-1'" in str(info.value)


def test_controlled_substance_suggests_a_finding() -> None:
    with SubstanceSimulator("socket", sample="Cocaine HCl", purity=0.95) as sim:
        event = _take(SubstanceDriver.from_settings("raman", {"url": sim.url}), TakeReading(timeout_s=5))
    suggestions = evaluate("substance", event.values)
    assert [(x.rule, x.label) for x in suggestions] == [("controlled_substance", "controlled-substance:Cocaine HCl")]
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
