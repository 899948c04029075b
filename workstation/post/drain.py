"""Waiting for a process's archive outbox to empty before it ends (``--controls`` lanes and
headless analysts), so a benchmark counts only what the archive really holds."""

from __future__ import annotations

import threading
import time

from workstation.db.engine import Database
from workstation.post.outbox import OutboxPusher, pending_count

DRAIN_TIMEOUT_S = 120.0  # at most this long; what is left waits for the next start
RECHECK_S = 1.0  # also look without a push (a row that failed waits for its backoff)


def drain_outbox(pusher: OutboxPusher, db: Database,
                 timeout_s: float = DRAIN_TIMEOUT_S) -> int:
    """Wait (woken by each push, rechecked every second) until ``pusher``'s origin has
    nothing pending, or ``timeout_s`` seconds passed; returns the rows still pending."""
    pushed = threading.Event()
    previous = pusher.on_pushed

    def woken(row: object) -> None:
        pushed.set()
        if previous is not None:
            previous(row)  # type: ignore[arg-type]

    pusher.on_pushed = woken
    pusher.wake()
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            with db.unit_of_work() as s:
                left = pending_count(s, pusher.origin)
            if left == 0 or time.monotonic() >= deadline:
                return left
            pushed.wait(min(RECHECK_S, max(0.0, deadline - time.monotonic())))
            pushed.clear()
    finally:
        pusher.on_pushed = previous
