"""The reporting facts (``control_facts``, ``control_fact_keys``, ``referral_fact_keys``)
follow the record in the services' transactions, and :func:`control_facts.rebuild` (the
migration's backfill and the bench's seeding) writes exactly what the services wrote.
The figures computed from them are checked against independent values in test_kpis.py.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from tests.db.helpers import import_generated, make_users
from workstation.db.engine import Database
from workstation.db.models import AuditEvent, Control, Referral, User
from workstation.domain.result_codes import ResultCodes
from workstation.formats.referrals import validate_referrals
from workstation.referral_generator import generate_referrals
from workstation.services import control_facts, control_log, controls, referrals
from workstation.services.review_policy import ReviewPolicy

CODES = ResultCodes.load()
SEIZING = controls.ResultIn(code="B1", control_types=["physical", "scan"],
                            seizures=[controls.SeizureIn("cigarettes", 10, "pcs", "240220", 50.0),
                                      controls.SeizureIn("cash", 1, "pcs", None, 900.0)])
CLEAR = controls.ResultIn(code="A2", control_types=["documentary"])


def _snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    tables = {"facts": control_facts.facts, "keys": control_facts.keys,
              "referral_keys": control_facts.referral_keys}
    with db.engine.connect() as conn:
        return {name: sorted(tuple(row) for row in conn.execute(select(table)))
                for name, table in tables.items()}


def _fact(db: Database, control_id: uuid.UUID) -> Any:
    with db.engine.connect() as conn:
        return conn.execute(select(control_facts.facts)
                            .where(control_facts.facts.c.control_id == control_id)).first()


def _keys(db: Database, control_id: uuid.UUID) -> set[tuple[str, str, int, float]]:
    k = control_facts.keys
    with db.engine.connect() as conn:
        return {(d, key, n, v) for d, key, n, v in conn.execute(
            select(k.c.dimension, k.c.key, k.c.seizures, k.c.seizure_value_eur)
            .where(k.c.control_id == control_id))}


def _close(db: Database, officer: User, control_id: uuid.UUID, result: controls.ResultIn,
           policy: ReviewPolicy | None = None) -> None:
    with db.unit_of_work() as s:
        controls.record_result(s, control_id, officer, result, CODES)
        controls.close_control(s, control_id, officer, policy=policy)


def _open(db: Database, officer: User, referral_id: str | None) -> uuid.UUID:
    with db.unit_of_work() as s:
        return controls.open_control(s, officer, post="P", lane="L1",
                                     referral_id=referral_id).id


def test_facts_follow_closing_return_closing_again_and_approval(db: Database) -> None:
    import_generated(db, 2)
    officer, supervisor, _ = make_users(db)
    with db.unit_of_work() as s:
        referral = s.scalars(select(Referral).order_by(Referral.referral_id)).first()
        assert referral is not None
        referral_id, channel = referral.referral_id, referral.channel
        profiles = {(p.risk_area, p.code) for p in referral.risk_profiles}
    cid = _open(db, officer, referral_id)
    assert _fact(db, cid) is None  # open: not finished
    _close(db, officer, cid, SEIZING)
    first = _fact(db, cid)
    assert first is not None
    assert (first.code, first.irregular, first.channel, first.awaiting, first.returned) == \
        ("B1", 1, channel, 1, 0)
    assert (first.seizures, first.seizure_value_eur) == (2, 950.0)
    assert first.first_closed_at == first.closed_at
    assert _keys(db, cid) == (
        {("control_type", t, 2, 950.0) for t in ("physical", "scan")}
        | {("risk_area", area, 2, 950.0) for area, _ in profiles}
        | {("risk_profile", code, 2, 950.0) for _, code in profiles}
        | {("hs_chapter", "24", 1, 50.0), ("hs_chapter", "", 1, 900.0)})

    with db.unit_of_work() as s:
        controls.review_control(s, cid, supervisor, approve=False, comment="name the goods")
    assert _fact(db, cid) is None and _keys(db, cid) == set()  # returned: not finished

    _close(db, officer, cid, CLEAR)
    again = _fact(db, cid)
    assert again is not None
    assert (again.code, again.irregular, again.seizures, again.returned) == ("A2", 0, 0, 1)
    # The duration still runs to the first closing, which the audit trail keeps (its event
    # is written just after closed_at was set, in the same transaction).
    with db.engine.connect() as conn:
        closings = conn.execute(select(AuditEvent.occurred_at).where(
            AuditEvent.entity_id == str(cid), AuditEvent.action == "control.close")
            .order_by(AuditEvent.seq)).scalars().all()
    assert len(closings) == 2
    assert first.closed_at <= closings[0] == again.first_closed_at < again.closed_at

    with db.unit_of_work() as s:
        controls.review_control(s, cid, supervisor, approve=True)
    approved = _fact(db, cid)
    assert (approved.awaiting, approved.approved_by_supervisor, approved.approved_by_policy) == \
        (0, 1, 0)


def test_rebuild_writes_exactly_what_the_services_wrote(db: Database) -> None:
    """The backfill and the bench use rebuild(); it must not differ from the live path."""
    import_generated(db, 4)
    officer, supervisor, _ = make_users(db)
    with db.unit_of_work() as s:
        ids = list(s.scalars(select(Referral.referral_id).order_by(Referral.referral_id)))
    returned = _open(db, officer, ids[0])
    _close(db, officer, returned, SEIZING)
    with db.unit_of_work() as s:
        controls.review_control(s, returned, supervisor, approve=False, comment="again")
    _close(db, officer, returned, SEIZING)
    _close(db, officer, _open(db, officer, ids[1]), CLEAR, ReviewPolicy(random_share=0.0))
    _close(db, officer, _open(db, officer, None), CLEAR)
    _open(db, officer, ids[2])  # still open: no fact
    with db.unit_of_work() as s:
        control_log.log_finished_controls(s, [control_log.FinishedControl(
            post="P", lane="L2", officer="olga", opened_at=datetime(2026, 1, 5, 9, tzinfo=UTC),
            closed_at=datetime(2026, 1, 5, 9, 30, tzinfo=UTC), result=SEIZING,
            referral_id=ids[3])], CODES, actor="olga")
    live = _snapshot(db)
    assert len(live["facts"]) == 4
    with db.engine.begin() as conn:
        assert control_facts.rebuild(conn) == 4
    assert _snapshot(db) == live
    with db.engine.connect() as conn:
        logged = conn.execute(select(control_facts.facts.c.control_minutes).where(
            control_facts.facts.c.lane == "L2")).scalar_one()
    assert logged == 30.0 or abs(logged - 30.0) < 1e-6


def test_referral_keys_follow_import_and_amendment(db: Database) -> None:
    raw = generate_referrals(3, seed=5)["referrals"]
    with db.unit_of_work() as s:
        referrals.import_referrals(s, validate_referrals(raw, "t"), file="t")

    def expected(refs: list[dict[str, Any]]) -> set[tuple[str, str, str]]:
        out = set()
        for r in refs:
            out |= {(r["referral_id"], "lane", r.get("lane") or ""),
                    (r["referral_id"], "channel", r["channel"])}
            out |= {(r["referral_id"], "risk_area", p["risk_area"]) for p in r["risk_profiles"]}
            out |= {(r["referral_id"], "risk_profile", p["code"]) for p in r["risk_profiles"]}
        return out

    def stored() -> set[tuple[str, str, str]]:
        k, ref = control_facts.referral_keys, Referral.__table__
        with db.engine.connect() as conn:
            return {tuple(row) for row in conn.execute(  # type: ignore[misc]
                select(ref.c.referral_id, k.c.dimension, k.c.key)
                .join(ref, ref.c.id == k.c.referral_pk))}

    assert stored() == expected(raw)
    raw[1]["channel"] = "green" if raw[1]["channel"] != "green" else "red"
    raw[1]["risk_profiles"] = [{**raw[1]["risk_profiles"][0], "code": "AMENDED-01",
                                "risk_area": "ipr"}]
    with db.unit_of_work() as s:
        referrals.import_referrals(s, validate_referrals(raw, "t"), file="t2")
    assert stored() == expected(raw)
    with db.unit_of_work() as s:  # unknown controls and referrals are no error
        control_facts.refresh(s, [uuid.uuid4()])
        control_facts.refresh_referrals(s, [uuid.uuid4()])
        assert s.scalar(select(Control.id).limit(1)) is None
