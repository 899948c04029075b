"""Rules kept in the services: no control closes while a finding is undecided, whoever
calls; a reading that repeats a rule finding updates it instead of adding another."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from devices.handheld.readings import SubstanceReading
from tests.db.helpers import make_users
from workstation.config import WorkstationConfig
from workstation.db.engine import Database
from workstation.db.models import AuditEvent, Control, ControlResult, Finding
from workstation.domain.result_codes import ResultCodes
from workstation.domain.vocab import ControlStatus, FindingDecision
from workstation.inference.boxes import Detection
from workstation.inference.runner import Analysis
from workstation.lane.gateway import GatewayError, LaneGateway
from workstation.lane.types import ResultDraft, UserInfo
from workstation.services import audit, controls, findings, users
from workstation.services.readings import HandheldReadingEvent, record_reading

CODES = ResultCodes.load()
RESULT = controls.ResultIn(code="A1", control_types=["scan", "physical"], minutes_spent=10)


def _analysis() -> Analysis:
    return Analysis("parcel-threats", "1.2.0", "ab" * 32,
                    [Detection("handgun", 0.91, (10.0, 20.0, 30.0, 40.0))],
                    {"handgun": 0.91}, (200, 300), 1, 12.0, 10.0)


def _substance(confidence: float, device: str = "raman-1") -> HandheldReadingEvent:
    reading = SubstanceReading(substance="Cocaine HCl", library="street-drugs",
                               confidence=confidence, spectrum_ref="S-1", raw=b"line")
    return HandheldReadingEvent(device=device, values=reading.values(), raw=reading.raw,
                                reading=reading, identity={"serial": "R-1"})


def _control_with_findings(db: Database) -> tuple[uuid.UUID, Finding, Finding]:
    """An open control with one pending model finding and one pending rule finding."""
    officer, _, _ = make_users(db)
    with db.unit_of_work() as s:
        control = controls.open_control(s, officer, post="NL-ROT-01", lane="L1")
        s.flush()
        [model] = findings.add_model_findings(s, control.id, [_analysis()], actor="olga")
        [rule] = record_reading(s, _substance(0.9), control.id, officer).findings
        return control.id, model, rule


def test_closing_with_an_undecided_finding_is_refused_and_names_it(db: Database) -> None:
    cid, model, rule = _control_with_findings(db)
    with db.unit_of_work() as s:
        officer = users.get_user(s, "olga")
        controls.record_result(s, cid, officer, RESULT, CODES)
    with pytest.raises(controls.ControlError) as refused, db.unit_of_work() as s:
        officer = users.get_user(s, "olga")
        findings.decide(s, model.id, "accepted", officer)  # one of two: still refused
        controls.close_control(s, cid, officer)
    message = str(refused.value)
    assert f"cannot close control {cid}: 1 finding(s) not yet accepted or rejected" in message
    assert f"controlled-substance:Cocaine HCl (rule, {str(rule.id)[:8]})" in message
    assert "handgun" not in message  # decided in the same transaction: counts as decided
    assert "accept or reject each one" in message
    with db.unit_of_work() as s:  # the refused transaction left nothing behind
        assert s.get(Control, cid).status == ControlStatus.RESULTED
        assert s.get(Finding, model.id).decision == FindingDecision.PENDING
    with db.unit_of_work() as s:
        officer = users.get_user(s, "olga")
        findings.decide(s, model.id, "accepted", officer)
        findings.decide(s, rule.id, "rejected", officer)
        controls.close_control(s, cid, officer)
    with db.unit_of_work() as s:
        assert s.get(Control, cid).status == ControlStatus.CLOSED
        assert audit.verify(s).ok


def test_gateway_refuses_a_draft_that_leaves_a_finding_undecided(db: Database) -> None:
    cid, model, rule = _control_with_findings(db)
    gateway = LaneGateway(WorkstationConfig(), db)
    with db.unit_of_work() as s:
        olga = users.get_user(s, "olga")
        user = UserInfo(olga.id, olga.username, olga.full_name, olga.role)
    # The window's draft knows only the model finding (the rule finding came from another
    # caller): its own check passes, the service's does not.
    draft = ResultDraft(control_id=str(cid), code="A1", control_types=["scan", "physical"],
                        minutes_spent=10, finding_decisions={str(model.id): "accepted"})
    assert gateway.validate(draft) == []
    with pytest.raises(GatewayError, match=r"1 finding\(s\) not yet accepted or rejected: "
                       r"controlled-substance:Cocaine HCl \(rule, " + str(rule.id)[:8]):
        gateway.record_result(user, draft)
    with db.unit_of_work() as s:  # all or nothing: no decision, no result, still open
        assert s.get(Control, cid).status == ControlStatus.OPEN
        assert s.scalar(select(ControlResult).where(ControlResult.control_id == cid)) is None
        assert s.get(Finding, model.id).decision == FindingDecision.PENDING
    draft.finding_decisions[str(rule.id)] = "rejected"
    gateway.record_result(user, draft)
    with db.unit_of_work() as s:
        assert s.get(Control, cid).status == ControlStatus.CLOSED
        assert {f.id: f.decision for f in findings.findings_of(s, cid)} == {
            model.id: "accepted", rule.id: "rejected"}


def test_a_repeated_reading_updates_its_pending_rule_finding(db: Database) -> None:
    officer, _, _ = make_users(db)
    with db.unit_of_work() as s:
        control = controls.open_control(s, officer, post="NL-ROT-01", lane="L1")
        s.flush()
        first = record_reading(s, _substance(0.8), control.id, officer)
        cid, [finding] = control.id, first.findings
        assert first.repeated == [] and finding.updated_at is None
    with db.unit_of_work() as s:
        again = record_reading(s, _substance(0.95, device="raman-2"), cid,
                               users.get_user(s, "olga"))
        assert [f.id for f in again.findings] == [finding.id]
        assert [f.id for f in again.repeated] == [finding.id]
    with db.unit_of_work() as s:
        [stored] = findings.findings_of(s, cid)
        assert stored.id == finding.id and stored.decision == FindingDecision.PENDING
        assert stored.score == pytest.approx(0.95)
        assert "0.95" in stored.description and "raman-2" in stored.description
        assert stored.updated_at is not None and stored.updated_at >= stored.created_at
        [event] = s.scalars(select(AuditEvent).where(AuditEvent.action == "finding.repeat"))
        assert event.entity_id == str(finding.id)
        assert event.details["reading_id"] == str(again.reading.id)
        assert event.details["previous_score"] == pytest.approx(0.8)
        assert event.details["score"] == pytest.approx(0.95)
        # A decided finding is never rewritten: a repeat after the decision is a new one.
        findings.decide(s, finding.id, "accepted", users.get_user(s, "olga"))
    with db.unit_of_work() as s:
        later = record_reading(s, _substance(0.9), cid, users.get_user(s, "olga"))
        assert later.repeated == [] and later.findings[0].id != finding.id
    with db.unit_of_work() as s:
        rows = findings.findings_of(s, cid)
        assert [(f.label, f.decision) for f in rows] == [
            ("controlled-substance:Cocaine HCl", "accepted"),
            ("controlled-substance:Cocaine HCl", "pending")]
        assert s.get(Finding, finding.id).score == pytest.approx(0.95)
        assert audit.verify(s).ok
