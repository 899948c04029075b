"""One headless lane of a local post (``python -m workstation.post.lane_process LANE_FILE``).

The lane of ``workstation demo`` run against the post: its lane file's database (the post's
PostgreSQL) and ``[archive]``, the x-ray simulator through the device registry, the lane
session storing scans (each enqueued for the archive in its own transaction) and the outbox
pusher. Vehicles come in batches of :data:`BATCH` until SIGTERM or SIGINT; the batch under
way is abandoned cleanly (devices and queues stopped), what was committed stays, and what
is not yet pushed waits in the outbox for the lane's next start.
"""

from __future__ import annotations

import signal
import sys
from types import FrameType

from workstation import config as config_module
from workstation.db.engine import Database, DatabaseError
from workstation.lane_demo import run_demo
from workstation.post.outbox import OutboxPusher

BATCH = 5  # vehicles per run of the demo lane (devices started once per batch)


class _Stop(Exception):
    """SIGTERM or SIGINT arrived: leave the batch under way."""


def _stop(_signum: int, _frame: FrameType | None) -> None:
    raise _Stop


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m workstation.post.lane_process LANE_FILE", file=sys.stderr)
        return 2
    try:
        config = config_module.load(argv[0])
        db = Database.from_config(config)
    except (config_module.ConfigError, DatabaseError) as exc:
        print(f"lane: {exc}", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    pusher = OutboxPusher.for_lane(config, db)
    if pusher is not None:
        pusher.start()
    lane = f"{config.lane.post}/{config.lane.lane_id}"
    seed = 1
    try:
        while True:
            summary = run_demo(config, db, vehicles=BATCH, faults=False, seed=seed)
            print(f"{lane}: {len(summary.controls)} control(s), {len(summary.scans)} scan(s) "
                  "stored", flush=True)
            seed += 1
    except _Stop:
        print(f"{lane}: stopping", flush=True)
    except Exception as exc:  # noqa: BLE001 - the lane's log says why it ended, no traceback
        print(f"{lane}: stopped by an error: {exc}", file=sys.stderr, flush=True)
        return 1
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if pusher is not None:
            pusher.stop()
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
