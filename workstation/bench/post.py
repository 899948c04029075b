"""``workstation bench post --lanes N --controls M [--analysts K] [--db URL] --json``: a whole
border post under load on this machine, and whether it kept everything.

It starts the local post of ``workstation post start`` (:class:`~workstation.post.local_post.LocalPost`:
one Orthanc in a scratch folder, a fresh PostgreSQL schema, dropped afterwards) with N lane
processes (``workstation.post.lane_process --controls M``: each vehicle's control opened,
scanned through the x-ray simulator, stored, pushed to the archive through the outbox,
decided by an analyst, result saved and closed) and K headless analysts
(``workstation.post.analyst_process``, no think time; default ``max(1, N // 4)``). When the
lanes are done (each waits for its outbox to empty) and the analysts have stopped (theirs
too), it checks the record and the archive against what each lane acknowledged:

- ``lost``: acknowledged controls missing or still open, acknowledged scans missing from
  the record, and outbox objects (scans, TDRs) not in the archive;
- ``duplicated``: referrals with more than one control, scan images stored twice, archive
  instances beyond one per SOP Instance UID (the archive's count against the distinct UIDs);
- ``audit_ok``: the audit verify service over the whole chain and the scan files, with every
  lane's and analyst's key;
- ``scan_to_decision_p95_s``: scan stored -> analyst's decision shown at the lane (measured
  by the lane as its listener delivers it; the analysts take no time of their own);
- ``archive_push_p95_s``: outbox row written -> pushed (archive instance id recorded);
- ``controls_per_s``: all controls over the longest lane's run (device start included).

This is a figure for one machine, not a baseline pair: every lane, analyst, PostgreSQL and
Orthanc share its CPUs. The issue's target: 8 lanes, 0 lost, 0 duplicated, p95 <= 2 s.
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import select

from workstation.bench import BenchResult

DEFAULT_DB = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
LANE_TIMEOUT_S = 1800.0  # a lane that takes longer is reported stuck, not waited for
STOP_TIMEOUT_S = 180.0  # an analyst's stop includes pushing its last reports


class BenchPostError(RuntimeError):
    """The bench could not run (no Orthanc, no PostgreSQL, bad arguments): says which."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lanes", type=int, default=1, metavar="N",
                        help="lane processes (default 1)")
    parser.add_argument("--controls", type=int, default=10, metavar="M",
                        help="controls per lane (default 10)")
    parser.add_argument("--analysts", type=int, metavar="K",
                        help="headless analyst processes (default max(1, N // 4))")
    parser.add_argument("--db", metavar="URL", default=DEFAULT_DB,
                        help=f"PostgreSQL server (default {DEFAULT_DB}); the bench works in "
                             "a schema of its own there and drops it afterwards")


def _p95(values: list[float]) -> float | None:
    return round(float(np.percentile(values, 95)), 3) if values else None


def _share_audit_keys(folder: Path, audit_dir: Path) -> None:
    """Copy every lane's and analyst's audit key where the verifier looks for other keys
    (``keys/``; decision 0801), as a post's central verifier would hold them."""
    from workstation.db.audit_files import KEY_FILE, OTHER_KEYS

    target = audit_dir / OTHER_KEYS
    target.mkdir(parents=True, exist_ok=True)
    for number, key in enumerate(sorted(folder.glob(f"*/*/home/audit/{KEY_FILE}"))):
        copy = target / f"{key.parts[-5]}-{key.parts[-4]}-{number}.key"
        shutil.copyfile(key, copy)
        copy.chmod(0o600)


def _stop_analysts(post: Any) -> list[str]:
    """SIGTERM to each analyst (it releases its claim and pushes its reports); problems."""
    analysts = [p for p in post.processes if p.name.startswith("analyst ")]
    for spec in analysts:
        if spec.process is not None and spec.process.poll() is None:
            spec.process.send_signal(signal.SIGTERM)
    problems = []
    for spec in analysts:
        if spec.process is None:
            continue
        try:
            code = spec.process.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            spec.process.kill()
            code = spec.process.wait()
        if code != 0:
            problems.append(f"{spec.name} exit status {code}")
    return problems


def _check(post: Any, reports: list[dict[str, Any]]) -> dict[str, Any]:
    """Lost, duplicated, audit and push figures from the record and the archive."""
    from workstation.db import models as m
    from workstation.db.engine import Database, make_engine
    from workstation.services import audit

    assert post.archive is not None
    audit_dir = post.folder / "audit"
    _share_audit_keys(post.folder, audit_dir)
    db = Database(make_engine(post.lane_db_url), audit_dir=audit_dir)
    archive = post.archive.archive(timeout_s=30.0)
    try:
        with db.unit_of_work() as s:
            controls = {c.id: c for c in s.scalars(select(m.Control))}
            scans = list(s.scalars(select(m.Scan)))
            outbox = list(s.scalars(select(m.ArchiveOutbox)))
            requests = list(s.scalars(select(m.AnalysisRequest)))
            verified = audit.verify(s, files=True)
        acked_controls = [uuid.UUID(c) for r in reports for c in r["controls"]]
        acked_scans = {uuid.UUID(x) for r in reports for x in r["scans"]}
        scan_ids = {x.id for x in scans}
        lost_controls = sum(1 for c in acked_controls
                            if c not in controls or controls[c].status == "open")
        lost_scans = len(acked_scans - scan_ids)
        unpushed = [o for o in outbox if o.pushed_at is None or not o.archive_instance_id]
        uids = {o.sop_instance_uid for o in outbox}
        in_archive = {uid: archive.count(uid) for uid in uids}
        missing_in_archive = sum(1 for n in in_archive.values() if n == 0)
        instances = len(archive.instance_ids())
        per_referral = Counter(c.referral_pk for c in controls.values() if c.referral_pk)
        dup_controls = sum(n - 1 for n in per_referral.values() if n > 1)
        dup_scans = sum(n - 1 for n in Counter(x.sha256 for x in scans).values() if n > 1)
        dup_archive = sum(n - 1 for n in in_archive.values() if n > 1) + max(
            0, instances - len(uids))
        pushes = [(o.pushed_at - o.created_at).total_seconds() for o in outbox
                  if o.pushed_at is not None]
        scan_pushes = [(o.pushed_at - o.created_at).total_seconds() for o in outbox
                       if o.pushed_at is not None and o.kind == "scan"]
        # Where a decision's time goes: waiting for an analyst, the analyst's desk (claim,
        # open the image, decide, write the TDR); the rest of scan_to_decision is the lane's
        # (sending it, hearing the decision, showing it).
        waited = [(r.claimed_at - r.queued_at).total_seconds() for r in requests
                  if r.claimed_at is not None]
        worked = [(r.decided_at - r.claimed_at).total_seconds() for r in requests
                  if r.decided_at is not None and r.claimed_at is not None]
        return {
            "analyst_queue_wait_p95_s": _p95(waited),
            "analyst_desk_p95_s": _p95(worked),
            "lost": lost_controls + lost_scans + len(unpushed) + missing_in_archive,
            "lost_detail": {"controls": lost_controls, "scans": lost_scans,
                            "outbox_unpushed": len(unpushed),
                            "not_in_archive": missing_in_archive},
            "duplicated": dup_controls + dup_scans + dup_archive,
            "duplicated_detail": {"controls": dup_controls, "scans": dup_scans,
                                  "archive_instances": dup_archive},
            "audit_ok": verified.ok,
            "audit_events": verified.events,
            "audit_problems": [p.message for p in verified.problems][:5],
            "scans": len(scans),
            "archive_instances": instances,
            "archive_objects": len(outbox),
            "analysis_requests": dict(Counter(str(r.status) for r in requests)),
            "archive_push_p95_s": _p95(pushes),
            "archive_push_scan_p95_s": _p95(scan_pushes),
        }
    finally:
        db.dispose()


def measure(lanes: int, controls: int, analysts: int | None = None,
            db_url: str = DEFAULT_DB, say: Any = None) -> dict[str, Any]:
    """Run the post (see the module docstring) and return the figures as one dict."""
    from workstation.post.local_post import LocalPost
    from workstation.post.orthanc_server import INSTALL_HINT, orthanc_binary

    if lanes < 1 or controls < 1:
        raise BenchPostError(f"--lanes and --controls must be at least 1 (got {lanes}, "
                             f"{controls})")
    analysts = max(1, lanes // 4) if analysts is None else analysts
    if analysts < 1:
        raise BenchPostError(f"--analysts must be at least 1 (got {analysts}): the lanes "
                             "wait for the analysts' decisions")
    if orthanc_binary() is None:
        raise BenchPostError(f"the Orthanc server is not installed ({INSTALL_HINT}); the "
                             "post bench needs it as the archive")
    folder = Path(tempfile.mkdtemp(prefix="bench-post-"))
    post = LocalPost(folder, db_url, lanes=lanes, analysts=analysts,
                     lane_args=["--controls", str(controls), "--report",
                                "{lane_dir}/report.json"],
                     say=say or (lambda _text: None))
    started = time.monotonic()
    try:
        post.start()
        lane_specs = [p for p in post.processes if p.name.startswith("lane ")]
        problems = []
        for spec in lane_specs:
            assert spec.process is not None
            try:
                code = spec.process.wait(LANE_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                code = None
            if code != 0:
                problems.append(f"{spec.name} exit status {code} (log: {folder / 'logs'})")
        wall_s = time.monotonic() - started
        problems += _stop_analysts(post)
        reports = []
        for number in range(1, lanes + 1):
            file = folder / "lanes" / f"L{number}" / "report.json"
            if file.exists():
                reports.append(json.loads(file.read_text(encoding="utf-8")))
        waits = [w for r in reports for w in r["analyst_waits_s"]]
        done = sum(len(r["controls"]) for r in reports)
        longest = max((float(r["elapsed_s"]) for r in reports), default=0.0)
        figures: dict[str, Any] = {
            "lanes": lanes, "analysts": analysts, "controls": done,
            "controls_asked": lanes * controls,
            "controls_per_s": round(done / longest, 3) if longest > 0 else 0.0,
            "wall_s": round(wall_s, 1),
            **_check(post, reports),
            "scan_to_decision_p95_s": _p95(waits),
            "scan_to_decision_max_s": round(max(waits), 3) if waits else None,
            "decisions_at_lanes": len(waits),
            "problems": problems,
        }
        return figures
    finally:
        post.stop()
        shutil.rmtree(folder, ignore_errors=True)


def report(_ctx: object, args: argparse.Namespace) -> dict[str, Any]:
    """The bench's one JSON object (``workstation bench post --json``)."""
    say = (lambda text: print(text, file=sys.stderr)) if not args.json else None
    try:
        return measure(args.lanes, args.controls, args.analysts, args.db, say)
    except BenchPostError as exc:
        from workstation.cli.context import CommandError

        raise CommandError(str(exc)) from None


def run(ctx: object, args: argparse.Namespace) -> list[BenchResult]:
    """Table form: the figures as cases without a baseline (see the module docstring)."""
    figures = report(ctx, args)
    return [BenchResult(f"{key}", float(value), "no baseline: figures of one post",
                        float("nan"))
            for key, value in figures.items() if isinstance(value, int | float)]
