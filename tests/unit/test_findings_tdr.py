"""Model findings stored with the model's identity, decided by the officer, exported as DICOS TDRs."""

from __future__ import annotations

from pathlib import Path

import pydicom
import pytest

from workstation.db.engine import Database
from workstation.db.models import AuditEvent
from workstation.inference.boxes import Detection
from workstation.inference.runner import Analysis
from workstation.scans import tdr
from workstation.services import controls, findings, users


def _analysis() -> Analysis:
    return Analysis("parcel-threats", "1.2.0", "ab" * 32,
                    [Detection("handgun", 0.91, (10.0, 20.0, 30.0, 40.0)),
                     Detection("cash", 0.55, (100.0, 50.0, 20.0, 10.0))],
                    {"handgun": 0.91, "cash": 0.55}, (200, 300), 1, 12.0, 10.0)


def test_findings_decisions_and_tdrs_read_back(db: Database, tmp_path: Path) -> None:
    with db.unit_of_work() as s:
        officer = users.add_user(s, "anna", "officer", "correct-horse-battery")
        control = controls.open_control(s, officer, post="NL-ROT-01", lane="L1")
        rows = findings.add_model_findings(s, control.id, [_analysis()], actor="anna")
    with db.unit_of_work() as s:
        officer = users.get_user(s, "anna")
        findings.decide(s, rows[0].id, "accepted", officer)
        findings.decide(s, rows[1].id, "rejected", officer)
        with pytest.raises(findings.FindingError, match="already accepted"):
            findings.decide(s, rows[0].id, "rejected", officer)
    with db.unit_of_work() as s:
        stored = findings.findings_of(s, control.id)
        assert [(f.label, f.decision, f.model_name, f.model_version, f.model_sha256, f.region)
                for f in stored] == [
            ("handgun", "accepted", "parcel-threats", "1.2.0", "ab" * 32, [10.0, 20.0, 30.0, 40.0]),
            ("cash", "rejected", "parcel-threats", "1.2.0", "ab" * 32, [100.0, 50.0, 20.0, 10.0]),
        ]
        actions = [e.action for e in s.query(AuditEvent).order_by(AuditEvent.seq)]
        assert actions[-4:] == ["finding.add", "finding.add", "finding.accept", "finding.reject"]
        paths = findings.export_tdrs(s, control.id, tmp_path / "tdr")

    machine_path, operator_path = paths
    machine = pydicom.dcmread(machine_path)
    assert machine.SOPClassUID == "1.2.840.10008.5.1.4.1.1.501.3"
    assert machine.file_meta.MediaStorageSOPClassUID == tdr.TDR_SOP_CLASS
    assert (machine.TDRType, machine.AlarmDecision) == ("MACHINE", "ALARM")
    assert list(machine.ThreatDetectionAlgorithmAndVersion) == ["parcel-threats", "1.2.0"]
    first = machine.ThreatSequence[0]
    assert first.ATDAssessmentSequence[0].ThreatCategory == "PROHIBITED_ITEM"
    assert first.ATDAssessmentSequence[0].ATDAssessmentProbability == pytest.approx(0.91)
    assert list(first.PTORepresentationSequence[0].ThreatROIBase) == [10.0, 20.0, 0.0]

    operator = tdr.read(operator_path)
    assert operator.sop_class == tdr.TDR_SOP_CLASS and operator.tdr_type == "OPERATOR"
    assert operator.operator == "anna"
    assert operator.threats == ((1, "handgun", "THREAT", 1.0), (2, "cash", "NO_THREAT", 0.0))
    ref = pydicom.dcmread(operator_path).ReferencedTDRInstanceSequence[0]
    assert ref.ReferencedSOPInstanceUID == machine.SOPInstanceUID


def test_unknown_decision_is_refused(sqlite_db: Database) -> None:
    with sqlite_db.unit_of_work() as s:
        officer = users.add_user(s, "ben", "officer", "correct-horse-battery")
        control = controls.open_control(s, officer, post="P", lane="L1")
        (row, _) = findings.add_model_findings(s, control.id, [_analysis()])
        with pytest.raises(findings.FindingError, match="'maybe' is not one of accepted, rejected"):
            findings.decide(s, row.id, "maybe", officer)


def test_reading_a_non_tdr_names_the_sop_class(tmp_path: Path) -> None:
    ds = tdr.machine_tdr([], algorithm="m", version="1", inspection_id="c")
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    path = tdr.write(ds, tmp_path / "x.dcs")
    with pytest.raises(tdr.TdrError, match="is not DICOS Threat Detection Report Storage"):
        tdr.read(path)


def test_a_finding_of_another_control_is_not_decided(sqlite_db: Database) -> None:
    with sqlite_db.unit_of_work() as s:
        officer = users.add_user(s, "cleo", "officer", "correct-horse-battery")
        first = controls.open_control(s, officer, post="P", lane="L1")
        second = controls.open_control(s, officer, post="P", lane="L2")
        (row, _) = findings.add_model_findings(s, first.id, [_analysis()])
        with pytest.raises(findings.FindingError, match="does not belong to control"):
            findings.decide(s, row.id, "accepted", officer, control_id=second.id)
        decided = findings.decide(s, str(row.id), "accepted", officer, control_id=str(first.id))
        assert (decided.decision, decided.decided_by) == ("accepted", officer.id)
        with pytest.raises(findings.FindingError, match="finding id 'nope' is not a UUID"):
            findings.decide(s, "nope", "accepted", officer)
