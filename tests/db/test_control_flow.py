from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.db.helpers import import_generated, make_users
from workstation.db.engine import Database
from workstation.db.models import DeviceReading, Referral, User
from workstation.domain.result_codes import ResultCodes
from workstation.services import audit, controls
from workstation.services.results import exported_results

CODES = ResultCodes.load()


def _first_referral(db: Database) -> str:
    with db.unit_of_work() as session:
        return session.scalars(select(Referral.referral_id).order_by(Referral.referral_id)).first()


def test_full_flow_from_referral_to_approval(db: Database) -> None:
    import_generated(db, 3)
    officer, supervisor, _ = make_users(db)
    rid = _first_referral(db)
    with db.unit_of_work() as session:
        control = controls.open_control(session, officer, post="NL-ROT-01", lane="L1",
                                        referral_id=rid)
        cid = control.id
    with db.unit_of_work() as session:
        reading = DeviceReading(device_kind="riid", device_name="riid-1",
                                values={"dose_rate": {"value": 0.31, "unit": "uSv/h"}},
                                raw_document=b"<RadInstrumentData/>",
                                raw_media_type="application/xml")
        session.add(reading)
        audit.record(session, "olga", "reading.store", "device_reading", reading.id,
                     state=reading)
        controls.attach_evidence(session, cid, officer, kind="reading", reading_id=reading.id)
    with db.unit_of_work() as session:
        controls.record_result(session, cid, officer, controls.ResultIn(
            code="B1", control_types=["scan", "physical"], findings=["false floor"],
            seizures=[controls.SeizureIn("cigarettes", 12000, "pcs", "240220", 3600.0)],
            minutes_spent=35), CODES)
        controls.close_control(session, cid, officer)
    with db.unit_of_work() as session:
        controls.review_control(session, cid, supervisor, approve=True)
    with db.unit_of_work() as session:
        [record] = list(exported_results(session))
        assert record["referral_id"] == rid and record["status"] == "approved"
        assert record["result_code"] == "B1" and record["irregularity"] is True
        assert record["seizures"][0]["quantity"] == 12000
        assert record["evidence"][0]["values"]["dose_rate"]["unit"] == "uSv/h"
        assert record["officer"] == "olga" and record["reviewed_by"] == "sven"
        assert session.scalar(select(Referral.status).where(Referral.referral_id == rid)) == \
            "controlled"
        assert audit.verify(session).ok


def test_wrong_transitions_are_refused_clearly(db: Database) -> None:
    import_generated(db, 2)
    officer, supervisor, _ = make_users(db)
    rid = _first_referral(db)
    with db.unit_of_work() as session:
        cid = controls.open_control(session, officer, post="P", lane="L1", referral_id=rid).id
    with pytest.raises(controls.ControlError, match="no result recorded"):
        with db.unit_of_work() as session:
            controls.close_control(session, cid, officer)
    with pytest.raises(controls.ControlError, match="it is open"):
        with db.unit_of_work() as session:
            controls.review_control(session, cid, supervisor, approve=True)
    with pytest.raises(controls.ControlError, match=f"referral {rid} is in-control"):
        with db.unit_of_work() as session:
            controls.open_control(session, officer, post="P", lane="L1", referral_id=rid)
    with pytest.raises(controls.ControlError, match="needs a physical control"):
        with db.unit_of_work() as session:
            controls.record_result(session, cid, officer,
                                   controls.ResultIn(code="A1", control_types=["scan"]), CODES)
    with pytest.raises(controls.ControlError, match="unknown result code 'Z9'"):
        with db.unit_of_work() as session:
            controls.record_result(session, cid, officer,
                                   controls.ResultIn(code="Z9", control_types=["scan"]), CODES)


def test_return_and_four_eyes(db: Database) -> None:
    import_generated(db, 1)
    officer, supervisor, _ = make_users(db)
    with db.unit_of_work() as session:
        cid = controls.open_control(session, officer, post="P", lane="L1",
                                    referral_id=_first_referral(db)).id
        controls.record_result(session, cid, officer,
                               controls.ResultIn(code="A2", control_types=["documentary"]), CODES)
        controls.close_control(session, cid, officer)
    with pytest.raises(controls.ControlError, match="say why"):
        with db.unit_of_work() as session:
            controls.review_control(session, cid, supervisor, approve=False)
    with db.unit_of_work() as session:
        controls.review_control(session, cid, supervisor, approve=False,
                                comment="scan image missing")
    with pytest.raises(controls.ControlError, match="returned by the supervisor"):
        with db.unit_of_work() as session:
            controls.close_control(session, cid, officer)
    with db.unit_of_work() as session:
        assert list(exported_results(session)) == []
        controls.record_result(session, cid, officer, controls.ResultIn(
            code="A1", control_types=["documentary", "physical"]), CODES)
        controls.close_control(session, cid, officer)
    with db.unit_of_work() as session:
        control = controls.review_control(session, cid, supervisor, approve=True)
        assert control.status == "approved"
    # Events join the chain at commit (decision 1311): verify what was committed.
    with db.unit_of_work() as session:
        assert audit.verify(session).ok


def test_supervisor_cannot_approve_own_control(db: Database) -> None:
    officer, supervisor, _ = make_users(db)
    # A supervisor does not open controls (that is the officer role's work) ...
    with pytest.raises(controls.ControlError, match="needs the role officer"):
        with db.unit_of_work() as session:
            controls.open_control(session, supervisor, post="P", lane="L1")
    with db.unit_of_work() as session:
        cid = controls.open_control(session, officer, post="P", lane="L1").id
        controls.record_result(session, cid, officer,
                               controls.ResultIn(code="A2", control_types=["documentary"]), CODES)
        controls.close_control(session, cid, officer)
    # ... and an officer promoted to supervisor since does not review their own.
    with db.unit_of_work() as session:
        session.get(User, officer.id).role = "supervisor"  # type: ignore[union-attr]
    with pytest.raises(controls.ControlError, match="another supervisor"):
        with db.unit_of_work() as session:
            promoted = session.get(User, officer.id)
            assert promoted is not None
            controls.review_control(session, cid, promoted, approve=True)


def test_random_control_and_short_ids(db: Database) -> None:
    officer, _, _ = make_users(db)
    with db.unit_of_work() as session:
        control = controls.open_control(session, officer, post="P", lane="L2", subject="AB123CD")
        assert control.random and control.referral_pk is None
    with db.unit_of_work() as session:
        found = controls.get_control(session, str(control.id)[:8])
        assert found.id == control.id
