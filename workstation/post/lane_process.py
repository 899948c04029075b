"""One headless lane of a local post
(``python -m workstation.post.lane_process LANE_FILE [--controls M --report FILE]``).

The lane of ``workstation demo`` run against the post: its lane file's database (the post's
PostgreSQL) and ``[archive]``, the x-ray simulator through the device registry, the lane
session storing scans (each enqueued for the archive in its own transaction) and the outbox
pusher. Vehicles come in batches of :data:`BATCH` until SIGTERM or SIGINT; the batch under
way is abandoned cleanly (devices and queues stopped), what was committed stays, and what
is not yet pushed waits in the outbox for the lane's next start.

When the lane's ``[analysis] remote`` setting is on, the lane listens to the post
(:class:`~workstation.lane.post_listener.PostListener`) and each vehicle waits for the
analysts' decisions on its scans before its result is saved. ``--controls M`` logs M
controls and ends (``workstation bench post``); ``--report FILE`` then writes what was
acknowledged (controls and scans committed) and how long each decision took, as JSON.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from pathlib import Path
from types import FrameType

from workstation import config as config_module
from workstation.db.engine import Database, DatabaseError
from workstation.lane.post_listener import PostListener
from workstation.lane_demo import DemoSummary, run_demo
from workstation.post import process_log
from workstation.post.drain import drain_outbox
from workstation.post.outbox import OutboxPusher

BATCH = 5  # vehicles per run of the demo lane (devices started once per batch)


class _Stop(Exception):
    """SIGTERM or SIGINT arrived: leave the batch under way."""


def _stop(_signum: int, _frame: FrameType | None) -> None:
    raise _Stop


def _report(file: Path, summaries: list[DemoSummary], elapsed_s: float) -> None:
    """What this lane acknowledged (committed), for the bench to look for afterwards."""
    data = {"controls": [ctl for s in summaries for _ref, ctl, _code in s.controls],
            "scans": [line.scan_id for s in summaries for line in s.scans],
            "analyst_waits_s": [w for s in summaries for w in s.analyst_waits_s],
            "elapsed_s": elapsed_s}
    file.write_text(json.dumps(data), encoding="utf-8")


def main(argv: list[str]) -> int:
    process_log.configure()
    parser = argparse.ArgumentParser(prog="python -m workstation.post.lane_process")
    parser.add_argument("lane_file")
    parser.add_argument("--controls", type=int, default=0,
                        help="log this many controls, then end (default: until stopped)")
    parser.add_argument("--report", type=Path, help="with --controls: write what was "
                        "acknowledged and the analysts' decision times here (JSON)")
    args = parser.parse_args(argv)
    try:
        config = config_module.load(args.lane_file)
        db = Database.from_config(config)
    except (config_module.ConfigError, DatabaseError) as exc:
        print(f"lane: {exc}", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    pusher = OutboxPusher.for_lane(config, db)
    if pusher is not None:
        pusher.start()
    listener = PostListener(db) if config.analysis.remote != "off" else None
    if listener is not None:
        listener.wait_ready()
    lane = f"{config.lane.post}/{config.lane.lane_id}"
    seed = 1
    summaries: list[DemoSummary] = []
    started = time.monotonic()
    try:
        while args.controls <= 0 or seed == 1:
            vehicles = args.controls if args.controls > 0 else BATCH
            summary = run_demo(config, db, vehicles=vehicles, faults=False, seed=seed,
                               listener=listener)
            summaries.append(summary)
            print(f"{lane}: {len(summary.controls)} control(s), {len(summary.scans)} scan(s) "
                  "stored", flush=True)
            seed += 1
        elapsed_s = time.monotonic() - started
        if pusher is not None:  # a measured lane ends with its outbox pushed
            drain_outbox(pusher, db)
        if args.report is not None:
            _report(args.report, summaries, elapsed_s)
    except _Stop:
        print(f"{lane}: stopping", flush=True)
    except Exception as exc:  # noqa: BLE001 - the lane's log says why it ended, no traceback
        print(f"{lane}: stopped by an error: {exc}", file=sys.stderr, flush=True)
        return 1
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if listener is not None:
            listener.stop()
        if pusher is not None:
            pusher.stop()
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
