"""``workstation bench db``: the record's write paths against a bare Core bulk insert.

Cases, on SQLite (a fresh file per run, WAL, ``synchronous=FULL``) and on PostgreSQL
(a fresh schema per run) when ``--pg-url`` (default ``$WORKSTATION_TEST_PG_URL`` or the
local server) answers:

- ``import N referrals``: validation of the referral/1 records, duplicate detection, rows
  and hash-chained audit events, one transaction — against a Core ``insert()`` executemany
  of the same referral and child rows, one transaction.
- ``log N controls``: N finished controls with results and seizures checked and logged in
  one transaction with their audit events — against a Core insert of the same control,
  result and seizure rows.
- ``interactive M controls``: open + result + close through the officer's service calls,
  one transaction per control — against Core inserts of the same rows, one transaction per
  control (both pay the same number of commits).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from workstation.bench import BenchResult, median_time
from workstation.db.engine import Database, scratch_postgres
from workstation.db.models import (
    Base,
    Control,
    ControlInstruction,
    ControlResult,
    GoodsItem,
    Referral,
    ReferralRiskProfile,
    Seizure,
    TransportIdentity,
    User,
    table_of,
)
from workstation.domain.result_codes import ResultCodes
from workstation.formats.referrals import ReferralIn, validate_referrals
from workstation.referral_generator import generate_referrals
from workstation.services import control_log, controls, referrals, users

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--count", type=int, default=10_000, help="referrals and controls (10000)")
    parser.add_argument("--interactive", type=int, default=300,
                        help="controls driven one transaction each (300)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per case; median (3)")
    parser.add_argument("--pg-url", default=os.environ.get("WORKSTATION_TEST_PG_URL", DEFAULT_PG),
                        help="PostgreSQL URL ('' to skip PostgreSQL)")


@contextmanager
def _fresh_sqlite() -> Iterator[Database]:
    with tempfile.TemporaryDirectory(prefix="bench-db-") as folder:
        db = Database.from_url(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        db.upgrade()
        try:
            yield db
        finally:
            db.dispose()


def _pg_factory(url: str) -> Callable[[], Any] | None:
    try:
        probe = sa.create_engine(url, connect_args={"connect_timeout": 3})
        with probe.connect() as conn:
            conn.execute(sa.text("select 1"))
    except sa.exc.OperationalError:
        return None

    probe.dispose()

    def fresh() -> Any:
        return scratch_postgres(url)

    return fresh


def _referral_rows(parsed: list[ReferralIn]) -> dict[type[Base], list[dict[str, Any]]]:
    now = datetime.now(UTC)
    out: dict[type[Base], list[dict[str, Any]]] = {m: [] for m in (
        Referral, ReferralRiskProfile, ControlInstruction, TransportIdentity, GoodsItem)}
    for ref in parsed:
        row, children = referrals.referral_rows(ref, uuid.uuid4(), ref.content_sha256(), now)
        out[Referral].append(row)
        out[ReferralRiskProfile] += children["risk_profiles"]
        out[ControlInstruction] += children["instructions"]
        out[TransportIdentity] += children["transport_ids"]
        out[GoodsItem] += children["goods"]
    return out


def _bare_insert(db: Database, tables: dict[type[Base], list[dict[str, Any]]]) -> None:
    with db.engine.begin() as conn:
        for model, rows in tables.items():
            if rows:
                conn.execute(sa.insert(table_of(model)), rows)


def _finished(officer: str, referral_ids: list[str], lane: str = "L1"
              ) -> list[control_log.FinishedControl]:
    start = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    items = []
    for i, rid in enumerate(referral_ids):
        irregular = i % 7 == 0
        result = controls.ResultIn(
            code="B1" if irregular else "A1", control_types=["scan", "physical"],
            remarks="bench", minutes_spent=12.5,
            seizures=[controls.SeizureIn("cigarettes", 1000.0, "pcs", "240220", 300.0)]
            if irregular else ())
        opened = start + timedelta(seconds=40 * i)
        items.append(control_log.FinishedControl(
            post="BENCH", lane=lane, officer=officer, opened_at=opened,
            closed_at=opened + timedelta(minutes=12), result=result, referral_id=rid))
    return items


def _control_rows(items: list[control_log.FinishedControl], officer_id: uuid.UUID,
                  referral_pks: dict[str, uuid.UUID]) -> dict[type[Base], list[dict[str, Any]]]:
    out: dict[type[Base], list[dict[str, Any]]] = {Control: [], ControlResult: [], Seizure: []}
    for item in items:
        cid, rid = uuid.uuid4(), uuid.uuid4()
        out[Control].append({
            "id": cid, "referral_pk": referral_pks[item.referral_id or ""], "post": item.post,
            "lane": item.lane, "status": "closed", "random": False, "subject": "",
            "officer_id": officer_id, "queued_at": item.opened_at, "opened_at": item.opened_at,
            "closed_at": item.closed_at, "review_comment": ""})
        out[ControlResult].append({
            "id": rid, "control_id": cid, "code": item.result.code,
            "irregularity": bool(item.result.seizures), "control_types": list(item.result.control_types),
            "remarks": item.result.remarks, "minutes_spent": item.result.minutes_spent,
            "recorded_at": item.closed_at, "recorded_by": officer_id})
        out[Seizure] += [
            {"id": uuid.uuid4(), "result_id": rid, "position": i, "description": s.description,
             "hs_code": s.hs_code, "quantity": s.quantity, "unit": s.unit, "value_eur": s.value_eur}
            for i, s in enumerate(item.result.seizures)]
    return out


def _prepare(db: Database, raw: list[dict[str, Any]]) -> tuple[User, dict[str, uuid.UUID]]:
    with db.unit_of_work() as session:
        officer = users.add_user(session, "bench", "officer", "bench-password")
        referrals.import_referrals(session, validate_referrals(raw, "bench"), file="bench")
        pks = dict(session.execute(sa.select(Referral.referral_id, Referral.id)).all())
    return officer, pks


def _cases(backend: str, fresh: Callable[[], Any], count: int, interactive: int,
           repeats: int) -> list[BenchResult]:
    raw = generate_referrals(count, seed=11)["referrals"]
    parsed = validate_referrals(raw, "bench")
    rows = _referral_rows(parsed)
    codes = ResultCodes.load()
    results: list[BenchResult] = []

    def timed(action: Callable[[Database], None],
              prepare: Callable[[Database], None] | None = None) -> float:
        times = []
        for _ in range(repeats):
            with fresh() as db:
                if prepare is not None:
                    prepare(db)

                def run(db: Database = db) -> None:
                    action(db)

                times.append(median_time(run, repeats=1))
        return sorted(times)[len(times) // 2]

    def ours_import(db: Database) -> None:
        checked = validate_referrals(raw, "bench")
        with db.unit_of_work() as session:
            referrals.import_referrals(session, checked, file="bench")

    results.append(BenchResult(
        f"{backend}: import {count} referrals", timed(ours_import),
        "Core insert() executemany of the same referral and child rows, one transaction",
        timed(lambda db: _bare_insert(db, rows))))

    state: dict[str, Any] = {}

    def prepare_controls(db: Database) -> None:
        officer, pks = _prepare(db, raw)
        state["officer"], state["pks"] = officer, pks
        state["items"] = _finished("bench", [r["referral_id"] for r in raw])

    def ours_log(db: Database) -> None:
        with db.unit_of_work() as session:
            control_log.log_finished_controls(session, state["items"], codes, actor="bench")

    def bare_log(db: Database) -> None:
        _bare_insert(db, _control_rows(state["items"], state["officer"].id, state["pks"]))

    results.append(BenchResult(
        f"{backend}: log {count} controls with results", timed(ours_log, prepare_controls),
        "Core insert() executemany of the same control, result and seizure rows, one transaction",
        timed(bare_log, prepare_controls)))

    def ours_interactive(db: Database) -> None:
        for item in state["items"][:interactive]:
            with db.unit_of_work() as session:
                control = controls.open_control(session, state["officer"], post="BENCH", lane="L1",
                                                referral_id=item.referral_id)
                controls.record_result(session, control.id, state["officer"], item.result, codes)
                controls.close_control(session, control.id, state["officer"])

    def bare_interactive(db: Database) -> None:
        tables = _control_rows(state["items"][:interactive], state["officer"].id, state["pks"])
        for i in range(interactive):
            with db.engine.begin() as conn:
                conn.execute(sa.insert(table_of(Control)), tables[Control][i])
                conn.execute(sa.insert(table_of(ControlResult)), tables[ControlResult][i])

    results.append(BenchResult(
        f"{backend}: {interactive} controls open+result+close, one transaction each",
        timed(ours_interactive, prepare_controls),
        "Core inserts of the same control and result rows, one transaction per control",
        timed(bare_interactive, prepare_controls)))
    return results


def run(ctx: Any, args: argparse.Namespace) -> list[BenchResult]:
    results = _cases("sqlite", _fresh_sqlite, args.count, args.interactive, args.repeats)
    pg = _pg_factory(args.pg_url) if args.pg_url else None
    if pg is not None:
        results += _cases("postgresql", pg, args.count, args.interactive, args.repeats)
    else:
        print(f"PostgreSQL at {args.pg_url or '(none)'} not reachable: PostgreSQL cases skipped",
              file=__import__("sys").stderr)
    return results
