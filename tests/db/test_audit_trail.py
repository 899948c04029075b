from __future__ import annotations

from sqlalchemy import text

from tests.db.helpers import import_generated, make_users
from workstation.db.engine import Database
from workstation.domain.result_codes import ResultCodes
from workstation.services import audit, controls


def _build(db: Database) -> str:
    import_generated(db, 4)
    officer, _, _ = make_users(db)
    with db.unit_of_work() as session:
        cid = controls.open_control(session, officer, post="P", lane="L1").id
        controls.record_result(session, cid, officer,
                               controls.ResultIn(code="A2", control_types=["documentary"]),
                               ResultCodes.load())
    return str(cid)


def _verify(db: Database) -> audit.VerifyReport:
    with db.unit_of_work() as session:
        return audit.verify(session)


def test_untouched_chain_verifies(db: Database) -> None:
    _build(db)
    report = _verify(db)
    assert report.ok and report.events == 4 + 3 + 2  # imports, users, open, result


def test_altered_audit_event_is_named(db: Database) -> None:
    _build(db)
    with db.engine.begin() as conn:
        conn.execute(text("update audit_events set actor = 'mallory' where seq = 6"))
    report = _verify(db)
    assert not report.ok
    assert report.problems[0].seq == 6 and "altered" in report.problems[0].message


def test_deleted_audit_event_is_detected(db: Database) -> None:
    _build(db)
    with db.engine.begin() as conn:
        conn.execute(text("delete from audit_events where seq = 3"))
    report = _verify(db)
    assert not report.ok and report.problems[0].seq == 4


def test_control_row_changed_with_plain_sql_is_detected(db: Database) -> None:
    _build(db)
    with db.engine.begin() as conn:
        conn.execute(text("update control_results set code = 'A1'"))
    report = _verify(db)
    assert not report.ok
    assert "control_result" in str(report.problems[0]) and "changed" in str(report.problems[0])


def test_referral_child_row_changed_is_detected(db: Database) -> None:
    _build(db)
    with db.engine.begin() as conn:
        conn.execute(text("update goods_items set declared_value_eur = 1.0"))
    assert not _verify(db).ok


def test_row_inserted_or_deleted_outside_the_application(db: Database) -> None:
    _build(db)
    with db.engine.begin() as conn:
        conn.execute(text("delete from control_instructions"))
        conn.execute(text("delete from transport_identities"))
        conn.execute(text("delete from goods_items"))
        conn.execute(text("delete from referral_risk_profiles"))
        conn.execute(text("delete from referrals"))
    report = _verify(db)
    assert any("deleted outside" in str(p) for p in report.problems)
