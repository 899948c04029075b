from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.db.helpers import import_generated, make_users
from workstation.db.engine import Database
from workstation.db.models import Control, Referral
from workstation.domain.result_codes import ResultCodes
from workstation.services import audit, control_log, controls
from workstation.services.results import exported_results

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def _item(referral_id: str | None, code: str = "A1",
          seizures: tuple[controls.SeizureIn, ...] = ()) -> control_log.FinishedControl:
    return control_log.FinishedControl(
        post="P", lane="L1", officer="olga", opened_at=T0, closed_at=T0 + timedelta(minutes=9),
        result=controls.ResultIn(code=code, control_types=["scan", "physical"],
                                 seizures=seizures, minutes_spent=9),
        referral_id=referral_id)


def test_logged_controls_are_audited_and_exported(db: Database) -> None:
    import_generated(db, 6)
    make_users(db)
    with db.unit_of_work() as session:
        ids = list(session.scalars(select(Referral.referral_id).order_by(Referral.referral_id)))
    items = [_item(rid) for rid in ids[:4]]
    items.append(_item(ids[4], "B1", (controls.SeizureIn("heroin", 2.5, "kg", "2939"),)))
    items.append(_item(None))
    with db.unit_of_work() as session:
        logged = control_log.log_finished_controls(session, items, ResultCodes.load(), actor="sync")
    assert len(logged) == 6
    with db.unit_of_work() as session:
        assert audit.verify(session).ok
        exported = list(exported_results(session))
        assert len(exported) == 6
        assert {r["status"] for r in exported} == {"closed"}
        assert [r for r in exported if r["result_code"] == "B1"][0]["seizures"][0]["unit"] == "kg"
        statuses = set(session.scalars(select(Referral.status).where(Referral.referral_id.in_(ids[:5]))))
        assert statuses == {"controlled"}


def test_one_bad_control_logs_nothing(db: Database) -> None:
    import_generated(db, 2)
    make_users(db)
    with db.unit_of_work() as session:
        ids = list(session.scalars(select(Referral.referral_id)))
    items = [_item(ids[0]), _item(ids[1], "A2", (controls.SeizureIn("x", 1, "kg"),))]
    with pytest.raises(controls.ControlError, match="control 2: .*no irregularity"):
        with db.unit_of_work() as session:
            control_log.log_finished_controls(session, items, ResultCodes.load(), actor="sync")
    with db.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Control)) == 0
