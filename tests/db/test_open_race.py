"""No double work on a shared database (issue 17, item 2 and acceptance 2).

Opening a control takes its referral with a conditional update checked by row count, and an
amendment import locks the referrals it amends while they are still queued. The first two
tests replay the losing side of each race step by step (a stale read in one transaction, the
winner committing in another); the last one races real processes on PostgreSQL.
"""

from __future__ import annotations

import multiprocessing
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from tests.db.helpers import import_generated, make_users
from workstation.db.engine import Database, make_engine
from workstation.db.models import AuditEvent, Control, Referral
from workstation.domain.vocab import ReferralStatus
from workstation.formats.referrals import ReferralFileError, ReferralIn, validate_referrals
from workstation.referral_generator import generate_referrals
from workstation.services import audit, controls, referrals, users

pytestmark = pytest.mark.postgres

OFFICERS = ("olga", "otto", "tom", "tina")
COUNT = 100


def _amended(raw: list[dict[str, Any]]) -> list[ReferralIn]:
    """The same referrals with one changed field each (an amendment, not a re-send)."""
    for item in raw:
        item["risk_profiles"][0]["description"] += " (amended)"
    return validate_referrals(raw, "amendment")


def test_an_opener_with_a_stale_read_loses_to_the_one_that_committed(pg_db: Database) -> None:
    summary = import_generated(pg_db, 1, seed=21)
    rid = summary.referral_ids[0]
    officer, _supervisor, other = make_users(pg_db)
    with pg_db.unit_of_work() as late:
        # The late lane read the referral while it was still queued ...
        stale = late.scalar(select(Referral).where(Referral.referral_id == rid))
        assert stale is not None and stale.status == "queued"
        # ... then another lane opened it and committed ...
        with pg_db.unit_of_work() as first:
            controls.open_control(first, first.merge(other), post="P", lane="L2",
                                  referral_id=rid)
        # ... and the late lane now tries with its stale copy in the identity map.
        with pytest.raises(controls.ControlError, match="in-control .*only a queued"):
            controls.open_control(late, late.merge(officer), post="P", lane="L1",
                                  referral_id=rid)
    with pg_db.unit_of_work() as s:
        assert s.scalar(select(func.count()).select_from(Control)) == 1


def test_an_amendment_racing_an_open_never_changes_the_referral_under_control(
        pg_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = generate_referrals(1, seed=22)["referrals"]
    with pg_db.unit_of_work() as s:
        referrals.import_referrals(s, validate_referrals(raw, "first"), file="first")
    officer, _supervisor, _other = make_users(pg_db)
    rid = raw[0]["referral_id"]
    read_statuses = referrals._existing

    def open_between(session: Any, ids: Any) -> Any:
        found = read_statuses(session, ids)  # the import has read "queued" ...
        with pg_db.unit_of_work() as lane:  # ... a lane opens the referral meanwhile
            controls.open_control(lane, lane.merge(officer), post="P", lane="L1",
                                  referral_id=rid)
        return found

    monkeypatch.setattr(referrals, "_existing", open_between)
    with pg_db.unit_of_work() as s, pytest.raises(ReferralFileError,
                                                  match="opened by a lane during this import"):
        referrals.import_referrals(s, _amended(raw), file="amendment")
    with pg_db.unit_of_work() as s:
        stored = s.scalar(select(Referral).where(Referral.referral_id == rid))
        assert stored is not None and stored.status == ReferralStatus.IN_CONTROL
        assert stored.content_sha256 == validate_referrals(
            generate_referrals(1, seed=22)["referrals"], "x")[0].content_sha256()
        assert "(amended)" not in stored.risk_profiles[0].description


def _database(url: str, schema: str, audit_dir: str) -> Database:
    return Database(make_engine(url, connect_args={"options": f"-csearch_path={schema}"}),
                    audit_dir=Path(audit_dir))


def _opener(url: str, schema: str, audit_dir: str, officer: str, order: list[str],
            barrier: Any, results: Any) -> None:
    """One lane: open each referral of ``order`` in its own transaction."""
    db = _database(url, schema, audit_dir)
    opened: list[str] = []
    refused = 0
    errors: list[str] = []
    barrier.wait(timeout=120)
    for rid in order:
        try:
            with db.unit_of_work() as s:
                controls.open_control(s, users.get_user(s, officer), post="P", lane=officer,
                                      referral_id=rid)
            opened.append(rid)
        except controls.ControlError:
            refused += 1
        except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
            errors.append(f"{rid}: {type(exc).__name__}: {exc}")
    db.dispose()
    results.put(("open", officer, opened, refused, errors))


def _amender(url: str, schema: str, audit_dir: str, raw: list[dict[str, Any]],
             barrier: Any, results: Any) -> None:
    """The risk system re-sending each referral amended, one file per referral."""
    db = _database(url, schema, audit_dir)
    amended: list[str] = []
    refused = 0
    errors: list[str] = []
    parsed = _amended(raw)
    barrier.wait(timeout=120)
    for ref in parsed[COUNT // 2:] + parsed[:COUNT // 2]:  # from the middle: meets both ends
        try:
            with db.unit_of_work() as s:
                referrals.import_referrals(s, [ref], file="amendment", actor="risk-system")
            amended.append(ref.referral_id)
        except ReferralFileError:
            refused += 1
        except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
            errors.append(f"{ref.referral_id}: {type(exc).__name__}: {exc}")
    db.dispose()
    results.put(("amend", "risk-system", amended, refused, errors))


def test_four_processes_race_to_open_the_same_hundred_referrals(pg_db: Database) -> None:
    raw = generate_referrals(COUNT, seed=23)["referrals"]
    originals = validate_referrals(raw, "first")
    with pg_db.unit_of_work() as s:
        referrals.import_referrals(s, originals, file="first")
        for name in OFFICERS:
            users.add_user(s, name, "officer", f"correct-horse-{name}")
    amended_digest = {r.referral_id: r.content_sha256() for r in _amended(
        generate_referrals(COUNT, seed=23)["referrals"])}
    original_digest = {r.referral_id: r.content_sha256() for r in originals}
    with pg_db.engine.connect() as conn:
        schema = str(conn.execute(text("select current_schema()")).scalar())
    url = pg_db.engine.url.render_as_string(hide_password=False)
    ids = [r.referral_id for r in originals]
    # fork: no second import of the application per process (seconds on a busy machine);
    # each child makes its own engine and never touches the parent's pooled connections.
    # fork: no second import of the application per process (seconds on a busy machine);
    # each child makes its own engine and never touches the parent's pooled connections.
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(OFFICERS) + 1)
    results = context.Queue()
    workers = [context.Process(target=_opener, args=(
        url, schema, str(pg_db.audit_dir), name, ids if i % 2 == 0 else ids[::-1], barrier,
        results)) for i, name in enumerate(OFFICERS)]
    workers.append(context.Process(target=_amender, args=(
        url, schema, str(pg_db.audit_dir), raw, barrier, results)))
    for w in workers:
        w.start()
    reports = [results.get(timeout=300) for _ in workers]
    for w in workers:
        w.join(timeout=60)
        assert w.exitcode == 0
    assert [e for report in reports for e in report[4]] == []
    opened = [rid for kind, _who, done, _refused, _e in reports if kind == "open" for rid in done]
    assert sorted(opened) == sorted(ids)  # every referral opened once, by exactly one lane
    assert sum(r[3] for r in reports if r[0] == "open") == COUNT * (len(OFFICERS) - 1)
    amended = {rid for kind, _who, done, _r, _e in reports if kind == "amend" for rid in done}
    assert len(amended) + next(r[3] for r in reports if r[0] == "amend") == COUNT

    with pg_db.unit_of_work() as s:
        per_referral = Counter(s.scalars(select(Control.referral_pk)))
        assert len(per_referral) == COUNT and set(per_referral.values()) == {1}
        stored = {r.referral_id: r for r in s.scalars(select(Referral))}
        assert {r.status for r in stored.values()} == {ReferralStatus.IN_CONTROL}
        for rid, ref in stored.items():
            # Changed only by an amendment that won the race, never after the open.
            expected = amended_digest[rid] if rid in amended else original_digest[rid]
            assert ref.content_sha256 == expected, rid
        referral_of = {str(cid): pk for cid, pk in s.execute(
            select(Control.id, Control.referral_pk))}
        open_seq = {referral_of[cid]: seq for cid, seq in s.execute(
            select(AuditEvent.entity_id, AuditEvent.seq)
            .where(AuditEvent.action == "control.open"))}
        amend_seq = {uuid.UUID(pk): seq for pk, seq in s.execute(
            select(AuditEvent.entity_id, AuditEvent.seq)
            .where(AuditEvent.action == "referral.amend"))}
        assert len(amend_seq) == len(amended)
        assert all(seq < open_seq[pk] for pk, seq in amend_seq.items())
        # Every status the race left is the one its last audit event vouches for.
        assert [p.message for p in audit.verify(s, files=False).problems] == []
