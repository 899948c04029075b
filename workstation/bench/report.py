"""``workstation bench report``: a year of one busy post's performance figures against a bare
SQL ``GROUP BY`` of the same rows.

The post: ``--controls`` finished controls (200,000) over one year at ``--lanes`` lanes (50)
by ``--officers`` officers (400), nine in ten on referrals from the referral generator (risk
profiles and channels as it draws them), one in ten random; results drawn from the shipped
result codes, seizures on irregular ones, a scan on six in ten, a model finding on a third
of those, reviews (approved by a supervisor or the policy, or awaiting; 2 % returned once
and closed again) and the audit events the interactive path writes (open, result, close,
review), so the audit trail the figures consult is of a real post's size. Rows go in with
Core bulk inserts into a scratch SQLite file and a scratch PostgreSQL schema (when
``--pg-url`` answers); seeding is not timed.

Timed, per backend (median of ``--repeats``): :func:`workstation.reports.kpis.compute` for
the whole year, every grouping and percentile, against one bare
``SELECT lane, count(*) FROM controls ... GROUP BY lane`` over the same controls. Seeding
ends with :func:`workstation.services.control_facts.rebuild`, the derivation the services
run when a control is closed or reviewed, so the figures read what a live post holds.
Target: the figures in at most 1 s.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from workstation.bench import BenchResult, median_time
from workstation.db.engine import Database, scratch_postgres
from workstation.db.models import (
    AuditEvent,
    Base,
    Control,
    ControlResult,
    Evidence,
    Finding,
    Referral,
    ReferralRiskProfile,
    Scan,
    Seizure,
    User,
    new_ids,
    table_of,
)
from workstation.domain.result_codes import ResultCodes
from workstation.referral_generator import generate_referrals
from workstation.services import control_facts

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TARGET_S = 1.0
YEAR_START = datetime(2025, 1, 1, tzinfo=UTC)
# Result codes as a busy post's year might give them (share of controls).
CODE_WEIGHTS = {"A1": 38, "A2": 36, "A3": 11, "A5": 8, "B1": 7}
SEIZED = (("240220", "cigarettes", 2.5), ("300490", "medicines", 40.0),
          ("620520", "counterfeit shirts", 12.0), ("851712", "phones", 180.0),
          ("930200", "handgun", 900.0), ("", "cash", 1.0))
MODEL_LABELS = ("cigarettes", "drug-package", "hidden-compartment", "undeclared-dense-block")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--controls", type=int, default=200_000,
                        help="finished controls in the year (200000)")
    parser.add_argument("--lanes", type=int, default=50, help="lanes at the post (50)")
    parser.add_argument("--officers", type=int, default=400, help="officers (400)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per case; median (3)")
    parser.add_argument("--pg-url", default=os.environ.get("WORKSTATION_TEST_PG_URL", DEFAULT_PG),
                        help="PostgreSQL URL ('' to skip PostgreSQL)")


def post_rows(controls: int, lanes: int, officers: int, seed: int = 12
              ) -> dict[type[Base], list[dict[str, Any]]]:
    """Every row of the post's year, ready for Core inserts (deterministic for ``seed``)."""
    rng = random.Random(seed)
    codes = ResultCodes.load()
    lane_names = [f"L{i + 1:02d}" for i in range(lanes)]
    rows: dict[type[Base], list[dict[str, Any]]] = {m: [] for m in (
        User, Referral, ReferralRiskProfile, Control, ControlResult, Seizure, Scan, Evidence,
        Finding, AuditEvent)}
    password = "$argon2id$v=19$m=65536,t=3,p=4$YmVuY2g$bench"  # never verified: no login
    people = [("bench-admin", "admin")] + [(f"sup{i:02d}", "supervisor") for i in range(12)]
    people += [(f"off{i:03d}", "officer") for i in range(officers)]
    ids = {name: uuid.uuid4() for name, _role in people}
    for name, role in people:
        rows[User].append({"id": ids[name], "username": name, "full_name": "", "role": role,
                           "password_hash": password, "active": True,
                           "created_at": YEAR_START, "password_changed_at": YEAR_START})
    officer_ids = [ids[n] for n, r in people if r == "officer"]
    supervisor_ids = [ids[n] for n, r in people if r == "supervisor"]

    referred = controls - controls // 10
    generated = generate_referrals(referred, seed=seed, lane=None, prefix="BENCH")["referrals"]
    spacing = timedelta(days=365) / controls
    code_names = list(CODE_WEIGHTS)
    code_weights = list(CODE_WEIGHTS.values())
    keys = iter(new_ids(controls * 12))
    seq = 0

    def event(when: datetime, actor: str, action: str, entity_id: uuid.UUID) -> None:
        nonlocal seq
        seq += 1
        rows[AuditEvent].append({
            "id": next(keys), "seq": seq, "occurred_at": when, "actor": actor, "action": action,
            "entity": "control", "entity_id": str(entity_id), "details": {},
            "prev_hash": "0" * 64, "hash": "0" * 64, "key_id": "bench"})

    for index in range(controls):
        issued = YEAR_START + spacing * index
        lane = lane_names[rng.randrange(lanes)]
        referral_pk: uuid.UUID | None = None
        if index % 10 != 9:
            ref = generated[index - index // 10]
            referral_pk = next(keys)
            profile = ref["risk_profiles"][0]
            rows[Referral].append({
                "id": referral_pk, "referral_id": ref["referral_id"], "source": ref["source"],
                "issued_at": issued, "mrn": ref["mrn"], "declaration_type": ref["declaration_type"],
                "channel": ref["channel"], "priority": ref["priority"],
                "deadline": issued + timedelta(hours=4), "lane": lane, "status": "controlled",
                "content_sha256": "0" * 64, "imported_at": issued})
            rows[ReferralRiskProfile].append({
                "id": next(keys), "referral_pk": referral_pk, "position": 0,
                "code": profile["code"], "description": profile["description"],
                "risk_area": profile["risk_area"]})
        officer = officer_ids[rng.randrange(len(officer_ids))]
        opened = issued + timedelta(minutes=rng.expovariate(1 / 45))
        closed = opened + timedelta(minutes=max(2.0, rng.lognormvariate(3.0, 0.6)))
        code = rng.choices(code_names, code_weights)[0]
        irregular = codes.get(code).irregularity
        cid, rid = next(keys), next(keys)
        review = rng.random()
        returned = review < 0.02
        status, reviewer, reviewed_at, final_close = "approved", None, None, closed
        if returned:
            final_close = closed + timedelta(hours=3)
        if review < 0.55:  # the returned ones (< 0.02) among them
            reviewer = supervisor_ids[rng.randrange(len(supervisor_ids))]
            reviewed_at = final_close + timedelta(hours=rng.uniform(1, 30))
        elif review < 0.9:
            reviewed_at = final_close  # approved by the review policy at closing
        else:
            status = "closed"  # awaiting review
        rows[Control].append({
            "id": cid, "referral_pk": referral_pk, "post": "BENCH-01", "lane": lane,
            "status": status, "random": referral_pk is None, "subject": "",
            "officer_id": officer, "queued_at": opened, "opened_at": opened,
            "closed_at": final_close, "reviewed_at": reviewed_at, "reviewer_id": reviewer,
            "review_comment": ""})
        types = ["scan", "physical"] if code == "A1" or irregular else ["documentary"]
        rows[ControlResult].append({
            "id": rid, "control_id": cid, "code": code, "irregularity": irregular,
            "control_types": types, "remarks": "", "minutes_spent": None,
            "recorded_at": closed, "recorded_by": officer})
        if irregular and code == "B1":
            for position in range(1 + rng.randrange(2)):
                hs, what, unit_value = SEIZED[rng.randrange(len(SEIZED))]
                quantity = float(rng.randrange(1, 500))
                rows[Seizure].append({
                    "id": next(keys), "result_id": rid, "position": position,
                    "description": what, "hs_code": hs or None, "quantity": quantity,
                    "unit": "pcs", "value_eur": round(quantity * unit_value, 2)})
        if rng.random() < 0.6:
            scan_id = next(keys)
            rows[Scan].append({
                "id": scan_id, "sha256": "0" * 64, "path": "bench", "kind": "cargo", "rows": 1,
                "columns": 1, "energies": 2, "complete": True, "incomplete_reason": "",
                "device": "", "meta": {}, "acquired_at": opened, "purge_after": None})
            rows[Evidence].append({
                "id": next(keys), "control_id": cid, "kind": "scan", "scan_id": scan_id,
                "reading_id": None, "plate_read_id": None, "note": "", "attached_at": opened,
                "attached_by": officer})
            if rng.random() < 0.33:
                rows[Finding].append({
                    "id": next(keys), "control_id": cid, "scan_id": scan_id, "source": "model",
                    "label": MODEL_LABELS[rng.randrange(len(MODEL_LABELS))], "description": "",
                    "score": 0.8, "region": [0, 0, 1, 1], "model_name": "cargo-anomaly",
                    "model_version": "1", "model_sha256": "0" * 64,
                    "decision": "accepted" if irregular or rng.random() < 0.3 else "rejected",
                    "decided_by": officer, "decided_at": closed, "created_at": opened,
                    "updated_at": None})
        event(opened, "off", "control.open", cid)
        event(closed, "off", "control.result", cid)
        event(closed, "off", "control.close", cid)
        if returned:
            event(closed + timedelta(hours=1), "sup", "control.return", cid)
            event(final_close, "off", "control.close", cid)
        if status == "approved":
            event(reviewed_at or final_close, "sup", "control.approve", cid)
    return rows


def seed(db: Database, rows: dict[type[Base], list[dict[str, Any]]], batch: int = 20_000) -> None:
    """Insert ``rows`` with Core executemany, parents first, in batches; then the reporting
    facts with the services' own derivation (:func:`control_facts.rebuild`, the statement
    that writes a closed control's row, for all of them at once), as the migration does."""
    with db.engine.begin() as conn:
        for model, table_rows in rows.items():
            for start in range(0, len(table_rows), batch):
                conn.execute(sa.insert(table_of(model)), table_rows[start:start + batch])
        control_facts.rebuild(conn)
    if db.backend == "postgresql":
        with db.engine.connect() as conn:
            conn.execute(sa.text("analyze"))
            conn.commit()
    else:
        with db.engine.connect() as conn:
            conn.execute(sa.text("analyze"))


def bare_group_by(db: Database, since: datetime, until: datetime) -> list[Any]:
    """The baseline: the period's finished controls per lane, one ``GROUP BY`` of the base
    table alone. (Joining the results for their irregularity, as it did first, timed
    200,000 index probes into a second table rather than a grouping: on SQLite 3.5 s
    against 0.6 s without the join, on the same loaded machine.)"""
    c = table_of(Control)
    query = (sa.select(c.c.lane, sa.func.count())
             .where(c.c.status.in_(("closed", "approved")), c.c.closed_at >= since,
                    c.c.closed_at < until)
             .group_by(c.c.lane))
    with db.engine.connect() as conn:
        return list(conn.execute(query))


@contextmanager
def _fresh_sqlite() -> Iterator[Database]:
    with tempfile.TemporaryDirectory(prefix="bench-report-") as folder:
        db = Database.from_url(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        db.upgrade()
        try:
            yield db
        finally:
            db.dispose()


def _pg_reachable(url: str) -> bool:
    try:
        probe = sa.create_engine(url, connect_args={"connect_timeout": 3})
        with probe.connect() as conn:
            conn.execute(sa.text("select 1"))
        probe.dispose()
    except sa.exc.OperationalError:
        return False
    return True


def _case(backend: str, fresh: Callable[[], AbstractContextManager[Database]],
          rows: dict[type[Base], list[dict[str, Any]]], repeats: int) -> BenchResult:
    from sqlalchemy import select

    from workstation.reports.kpis import Period, compute

    since, until = YEAR_START, YEAR_START + timedelta(days=366)
    with fresh() as db:
        seed(db, rows)
        with db.unit_of_work() as session:
            viewer = session.scalar(select(User).where(User.username == "bench-admin"))
            assert viewer is not None
            session.expunge(viewer)
        found: dict[str, Any] = {}

        def ours() -> None:
            with db.unit_of_work() as session:
                found["figures"] = compute(session, Period(since, until), viewer)

        def bare() -> None:
            bare_group_by(db, since, until)

        ours()  # once untimed: caches and the planner warm, as in a running window
        ours_s = median_time(ours, repeats)
        bare_s = median_time(bare, repeats)
    figures = found["figures"]
    extra = {
        "target_s": TARGET_S, "controls": figures.controls_closed,
        "hit_rate": round(figures.hit_rate or 0.0, 4),
        "control_minutes_p50": round(figures.control_minutes.p50 or 0.0, 2),
        "control_minutes_p90": round(figures.control_minutes.p90 or 0.0, 2),
        "returned": figures.reviews.returned, "awaiting": figures.reviews.awaiting,
        "lanes": len(figures.groups["lane"]), "officers": len(figures.groups.get("officer", [])),
    }
    return BenchResult(f"{backend}: figures of {figures.controls_closed} controls (a year)",
                       ours_s, "one SELECT lane, count(*) FROM controls WHERE <the same period's "
                       "finished controls> GROUP BY lane", bare_s, extra)


def run(ctx: object, args: argparse.Namespace) -> list[BenchResult]:
    rows = post_rows(args.controls, args.lanes, args.officers)
    repeats = max(1, int(args.repeats))
    results = [_case("sqlite", _fresh_sqlite, rows, repeats)]
    if args.pg_url and _pg_reachable(args.pg_url):
        results.append(_case("postgresql", lambda: scratch_postgres(args.pg_url), rows, repeats))
    else:
        print(f"PostgreSQL at {args.pg_url or '(none)'} not reachable: PostgreSQL case skipped",
              file=sys.stderr)
    for result in results:
        print(f"{result.name}: {result.ours_s:.3f} s (target {TARGET_S:g} s); "
              + ", ".join(f"{k} {v}" for k, v in result.extra.items() if k != "target_s"),
              file=sys.stderr)
    return results
