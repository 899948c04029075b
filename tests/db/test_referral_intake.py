from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.db.helpers import import_generated
from workstation.db.engine import Database
from workstation.db.models import AuditEvent, Referral, TransportIdentity
from workstation.formats.referrals import ReferralFileError, validate_referrals
from workstation.referral_generator import generate_referrals
from workstation.services import audit, referrals


def test_import_then_reimport_is_unchanged(db: Database) -> None:
    first = import_generated(db, 25)
    assert (first.new, first.unchanged) == (25, 0)
    again = import_generated(db, 25)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 25)
    with db.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Referral)) == 25
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 25
        assert audit.verify(session).ok


def test_queue_order_and_search(db: Database) -> None:
    import_generated(db, 30)
    with db.unit_of_work() as session:
        queue = referrals.list_referrals(session, lane="L1")
        keys = [(r.priority, r.deadline) for r in queue]
        assert keys == sorted(keys)
        target = queue[5].transport_ids[0].value
        found = referrals.list_referrals(session, search=target[2:6].lower())
        assert any(t.value == target for r in found for t in r.transport_ids)


def test_amendment_replaces_a_queued_referral(db: Database) -> None:
    document = generate_referrals(3, seed=4)
    with db.unit_of_work() as session:
        referrals.import_referrals(session, validate_referrals(document["referrals"], "f"), file="f")
    document["referrals"][1]["priority"] = 1
    document["referrals"][1]["transport"]["plates"] = ["ZZ999ZZ"]
    with db.unit_of_work() as session:
        summary = referrals.import_referrals(
            session, validate_referrals(document["referrals"], "f"), file="f")
    assert (summary.new, summary.updated, summary.unchanged) == (0, 1, 2)
    with db.unit_of_work() as session:
        stored = referrals.find_referral(session, document["referrals"][1]["referral_id"])
        assert stored.priority == 1
        assert [t.value for t in stored.transport_ids if t.kind == "plate"] == ["ZZ999ZZ"]
        assert session.scalar(select(func.count()).select_from(TransportIdentity)
                              .where(TransportIdentity.referral_pk == stored.id)) == \
            len(stored.transport_ids)
        assert audit.verify(session).ok


def test_a_file_with_one_bad_referral_writes_nothing(db: Database) -> None:
    document = generate_referrals(5, seed=2)
    document["referrals"][3]["mrn"] = document["referrals"][3]["mrn"][:-1] + "X"
    with pytest.raises(ReferralFileError) as err:
        validate_referrals(document["referrals"], "bad.json")
    [problem] = err.value.problems
    assert (problem.index, problem.field) == (4, "mrn")
    with db.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Referral)) == 0


def test_amending_a_referral_under_control_rejects_the_whole_file(db: Database) -> None:
    document = generate_referrals(2, seed=5)
    with db.unit_of_work() as session:
        referrals.import_referrals(session, validate_referrals(document["referrals"], "f"), file="f")
        first = referrals.find_referral(session, document["referrals"][0]["referral_id"])
        first.status = "in-control"
    document["referrals"][0]["priority"] = 9
    document["referrals"].extend(generate_referrals(1, seed=6)["referrals"])
    with pytest.raises(ReferralFileError, match="only accepted while the referral is queued"):
        with db.unit_of_work() as session:
            referrals.import_referrals(
                session, validate_referrals(document["referrals"], "f"), file="f")
    with db.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Referral)) == 2
