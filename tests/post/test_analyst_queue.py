"""The post's remote-analysis queue on real PostgreSQL (issue 16, acceptance 1): analysts
claiming at once each get their own scan (FOR UPDATE SKIP LOCKED), a killed analyst's scan
returns to the queue when its lease runs out, a decision stores the regions as pending
analyst findings with its audit event, and the post hears every step through
LISTEN/NOTIFY."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import uuid
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from tests.db.helpers import import_generated
from workstation.db import models as m
from workstation.db.engine import Database, make_engine
from workstation.lane.post_listener import PostListener
from workstation.services import audit, controls, remote_analysis, users
from workstation.services.remote_analysis import AnalysisError, Region

pytestmark = pytest.mark.postgres
ANALYSTS = ("ana", "anton", "anja", "arno")
LEASE_S = 60.0


def _scan(s: Any, rows: int = 100, columns: int = 200) -> m.Scan:
    scan = m.Scan(id=uuid.uuid4(), sha256="0" * 64, path="/nonexistent", kind="parcel",
                  rows=rows, columns=columns, energies=2)
    s.add(scan)
    s.flush()
    audit.record(s, "test", "scan.store", "scan", scan.id, state=scan)
    return scan


def _queue_scans(db: Database, count: int) -> list[uuid.UUID]:
    """``count`` open controls at lanes L1/L2, one queued scan each; oldest first."""
    summary = import_generated(db, count, seed=31)
    with db.unit_of_work() as s:
        officer = users.add_user(s, "olga", "officer", "correct-horse-1")
        for name in ANALYSTS:
            users.add_user(s, name, "analyst", f"correct-horse-{name}")
        ids = []
        start = m.utcnow()
        for i, rid in enumerate(summary.referral_ids):
            control = controls.open_control(s, officer, post="P", lane=f"L{1 + i % 2}",
                                            referral_id=rid)
            request = remote_analysis.enqueue(
                s, scan_id=_scan(s).id, control_id=control.id, post="P", lane=control.lane,
                reason="all", actor="olga", now=start + timedelta(seconds=i))
            ids.append(request.id)
    return ids


def _database(url: str, schema: str, audit_dir: str) -> Database:
    return Database(make_engine(url, connect_args={"options": f"-csearch_path={schema}"}),
                    audit_dir=Path(audit_dir))


def _where(db: Database) -> tuple[str, str, str]:
    with db.engine.connect() as conn:
        schema = str(conn.execute(text("select current_schema()")).scalar())
    return db.engine.url.render_as_string(hide_password=False), schema, str(db.audit_dir)


def _analyst(url: str, schema: str, audit_dir: str, name: str, barrier: Any,
             results: Any) -> None:
    """One analyst process: claim the oldest waiting scan and decide it, until none waits."""
    db = _database(url, schema, audit_dir)
    decided: list[str] = []
    errors: list[str] = []
    barrier.wait(timeout=120)
    while True:
        try:
            with db.unit_of_work() as s:
                me = users.get_user(s, name)
                request = remote_analysis.claim(s, me, lease_s=LEASE_S)
                if request is None:
                    break
                remote_analysis.decide(s, me, request.id, outcome="suspect", note=name,
                                       regions=[Region("cash", (1, 2, 3, 4), "bundle")])
                decided.append(str(request.id))
        except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
            errors.append(f"{type(exc).__name__}: {exc}")
            break
    db.dispose()
    results.put((name, decided, errors))


def test_concurrent_analysts_never_claim_the_same_scan(pg_db: Database) -> None:
    ids = _queue_scans(pg_db, 40)
    url, schema, audit_dir = _where(pg_db)
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(ANALYSTS))
    results = context.Queue()
    workers = [context.Process(target=_analyst, args=(url, schema, audit_dir, name, barrier,
                                                      results)) for name in ANALYSTS]
    for w in workers:
        w.start()
    reports = [results.get(timeout=300) for _ in workers]
    for w in workers:
        w.join(timeout=60)
        assert w.exitcode == 0
    assert [e for _n, _d, errors in reports for e in errors] == []
    decided = Counter(rid for _n, done, _e in reports for rid in done)
    assert sorted(decided) == sorted(str(i) for i in ids) and set(decided.values()) == {1}
    with pg_db.unit_of_work() as s:
        rows = s.scalars(select(m.AnalysisRequest)).all()
        assert {r.status for r in rows} == {"decided"}
        analyst_findings = s.scalar(select(func.count()).select_from(m.Finding)
                                    .where(m.Finding.source == "analyst"))
        assert analyst_findings == len(ids)
        claims = s.scalar(select(func.count()).select_from(m.AuditEvent)
                          .where(m.AuditEvent.action == "analysis.claim"))
        assert claims == len(ids)  # no scan was claimed twice
        assert [p.message for p in audit.verify(s, files=False).problems] == []


def _claim_and_hang(url: str, schema: str, audit_dir: str, ready: Any) -> None:
    db = _database(url, schema, audit_dir)
    with db.unit_of_work() as s:
        request = remote_analysis.claim(s, users.get_user(s, "ana"), lease_s=LEASE_S)
        assert request is not None
        claimed = str(request.id)
    ready.send(claimed)
    signal.pause()  # an analyst looking at the scan, until the test kills the process


def test_a_killed_analysts_scan_returns_to_the_queue_when_its_lease_ends(
        pg_db: Database) -> None:
    first, second = _queue_scans(pg_db, 2)
    url, schema, audit_dir = _where(pg_db)
    context = multiprocessing.get_context("fork")
    parent_end, child_end = context.Pipe()
    child = context.Process(target=_claim_and_hang, args=(url, schema, audit_dir, child_end))
    child.start()
    assert parent_end.poll(120)
    assert parent_end.recv() == str(first)  # the oldest
    os.kill(child.pid or 0, signal.SIGKILL)
    child.join(timeout=60)
    assert child.exitcode == -signal.SIGKILL
    with pg_db.unit_of_work() as s:
        claimed_at = s.get(m.AnalysisRequest, first).claimed_at
        other = users.get_user(s, "anton")
        # While the dead analyst's lease runs, the next analyst gets the next scan ...
        got = remote_analysis.claim(s, other, lease_s=LEASE_S, now=claimed_at)
        assert got is not None and got.id == second
        remote_analysis.release(s, other, second)
    with pg_db.unit_of_work() as s:
        # ... and once it ran out, the first scan is the oldest waiting one again.
        later = claimed_at + timedelta(seconds=LEASE_S + 1)
        got = remote_analysis.claim(s, users.get_user(s, "anton"), lease_s=LEASE_S, now=later)
        assert got is not None and got.id == first and got.status == "claimed"
    with pg_db.unit_of_work() as s, pytest.raises(AnalysisError, match="analysed by anton"):
        remote_analysis.decide(s, users.get_user(s, "ana"), first, outcome="clear")


def test_a_decision_is_checked_stored_as_findings_and_notified(pg_db: Database) -> None:
    [request_id] = _queue_scans(pg_db, 1)
    heard: list[tuple[str, dict[str, Any]]] = []
    arrived = threading.Event()

    def hear(topic: str, payload: dict[str, Any]) -> None:
        heard.append((topic, payload))
        if topic == "decision":
            arrived.set()

    listener = PostListener(pg_db)
    try:
        listener.subscribe(hear)
        assert listener.wait_ready()
        with pg_db.unit_of_work() as s:
            ana = users.get_user(s, "ana")
            assert remote_analysis.claim(s, ana, lease_s=LEASE_S) is not None
            for regions, outcome, message in (
                    ([], "suspect", "at least one region"),
                    ([Region("cash", (1, 1, 2, 2))], "clear", "has no suspect regions"),
                    ([Region("gold", (1, 1, 2, 2))], "suspect", "category 'gold'"),
                    ([Region("cash", (150, 50, 100, 10))], "suspect", "not on the image")):
                with pytest.raises(AnalysisError, match=message):
                    remote_analysis.decide(s, ana, request_id, outcome=outcome,
                                           regions=regions)
            with pytest.raises(users.UserError, match="needs the role analyst"):
                remote_analysis.claim(s, users.get_user(s, "olga"), lease_s=LEASE_S)
        with pg_db.unit_of_work() as s:
            request, found = remote_analysis.decide(
                s, users.get_user(s, "ana"), request_id, outcome="suspect", note="dense block",
                regions=[Region("drug-package", (10, 20, 30, 40), "behind the spare wheel")])
            control_id = str(request.control_id)
        assert arrived.wait(30), f"no decision notification; heard {heard}"
        decision = next(p for t, p in heard if t == "decision")
        assert decision == {"control_id": control_id, "request_id": str(request_id),
                            "lane": "L1"}
        assert ("analysis", {"request_id": str(request_id), "lane": "L1",
                             "status": "decided"}) in heard
        with pg_db.unit_of_work() as s:
            [finding] = s.scalars(select(m.Finding).where(m.Finding.source == "analyst")).all()
            assert (finding.label, finding.region, finding.decision, finding.description) == (
                "drug-package", [10, 20, 30, 40], "pending", "behind the spare wheel")
            assert [p.message for p in audit.verify(s, files=False).problems] == []
    finally:
        listener.stop()
