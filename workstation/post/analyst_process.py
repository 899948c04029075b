"""One headless remote image analyst of a local post
(``python -m workstation.post.analyst_process LANE_FILE USERNAME``).

The analyst's desk of the application (:class:`~workstation.lane.analysis_desk.AnalystSession`)
without a window, for ``workstation post start --analysts K`` and ``workstation bench post``:
it hears the post's analysis queue through LISTEN/NOTIFY, claims the oldest waiting scan as
soon as one waits, opens it as the window would, and decides at once (no think time): every
:data:`SUSPECT_EVERY`-th scan suspect with one region, the others clear. Each decision is
the desk's own transaction (findings, audit, notification to the lane) and its operator TDR
goes through this workstation's archive outbox. ``USERNAME`` is an analyst of the post
database. SIGTERM or SIGINT ends it: the claim held is released, the outbox pushed (up to
:data:`~workstation.post.drain.DRAIN_TIMEOUT_S`).
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from concurrent.futures import Future
from types import FrameType

from workstation import config as config_module
from workstation.db.engine import Database, DatabaseError
from workstation.domain.vocab import ANALYST_CATEGORIES
from workstation.lane.analysis import ScanAnalyser
from workstation.lane.analysis_desk import (
    AnalysisQueueChanged,
    AnalystSession,
    ClaimedScan,
    ClaimEnded,
    ScanClaimed,
)
from workstation.lane.events import LaneEvent
from workstation.lane.gateway import LaneGateway
from workstation.lane.jobs import JobQueue
from workstation.lane.post_listener import PostListener
from workstation.lane.session import EventRouter, LaneServices
from workstation.lane.types import UserInfo
from workstation.post import process_log
from workstation.post.drain import drain_outbox
from workstation.post.outbox import OutboxPusher
from workstation.services import users

log = logging.getLogger(__name__)
SUSPECT_EVERY = 3  # one decision in three marks a region (the lane then has a finding)
REGION = (0, 0, 8, 8)  # x, y, w, h scan pixels: on every scan the simulator makes


class HeadlessDesk:
    """The desk's front end: claims when a scan waits, decides when one is claimed.

    ``publish`` runs on the desk's writer and only queues commands on it (never blocks).
    One claim is asked for at a time; a queue change seen meanwhile needs no second one,
    because the claim runs after it on the same writer and reads the queue afresh. After a
    decision the next claim is asked for at once (no wait for the queue's re-read)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.desk: AnalystSession | None = None
        self._lock = threading.Lock()
        self._claiming = False
        self.decided = 0
        self.claimed = 0

    def publish(self, event: LaneEvent) -> None:
        desk = self.desk
        if desk is None:
            return
        if isinstance(event, AnalysisQueueChanged):
            if desk.state().item is None and any(not r.claimed_by for r in event.rows):
                self._claim(desk)
        elif isinstance(event, ScanClaimed):
            self.claimed += 1
            self._decide(desk, event.item)
        elif isinstance(event, ClaimEnded):
            if event.how == "decided":
                self.decided += 1
            # The next waiting scan at once, as an analyst presses "next": the claim job
            # runs before the queue re-read the decision caused (None when none waits;
            # that re-read then starts the next claim when one does).
            if event.how in ("decided", "withdrawn"):
                self._claim(desk)

    def _claim(self, desk: AnalystSession) -> None:
        with self._lock:
            if self._claiming:
                return
            self._claiming = True

        def done(future: Future[ClaimedScan | None]) -> None:
            with self._lock:
                self._claiming = False
            if future.exception() is not None:
                log.warning("%s: claim failed: %s", self.name, future.exception())

        desk.claim_next().add_done_callback(done)

    def _decide(self, desk: AnalystSession, item: ClaimedScan) -> None:
        if (self.claimed % SUSPECT_EVERY) == 0:
            desk.mark_region(ANALYST_CATEGORIES[0], REGION, "headless analyst")
            desk.send_suspect(f"{self.name}: marked at once (no think time)")
        else:
            desk.clear_scan(f"{self.name}: cleared at once (no think time)")


def _analyst(db: Database, username: str) -> UserInfo:
    with db.unit_of_work() as s:
        user = users.authorize(users.get_user(s, username), "analysis.work")
        return UserInfo(user.id, user.username, user.full_name, user.role)


def main(argv: list[str]) -> int:
    process_log.configure()
    if len(argv) != 2:
        print("usage: python -m workstation.post.analyst_process LANE_FILE USERNAME",
              file=sys.stderr)
        return 2
    try:
        config = config_module.load(argv[0])
        db = Database.from_config(config)
        user = _analyst(db, argv[1])
    except (config_module.ConfigError, DatabaseError, users.UserError) as exc:
        print(f"analyst: {exc}", file=sys.stderr)
        return 2
    stop = threading.Event()

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    pusher = OutboxPusher.for_lane(config, db)  # the operator TDRs to the archive
    if pusher is not None:
        pusher.start()
    listener = PostListener(db, name=f"post-listener-{user.username}")
    listener.wait_ready()
    front = HeadlessDesk(user.username)
    services = LaneServices(gateway=LaneGateway(config, db), writer=JobQueue("analyst-writer"),
                            drafts=JobQueue("analyst-drafts"),
                            analysis=JobQueue("analyst-analysis"),
                            analyser=ScanAnalyser(config), router=EventRouter(front))
    services.extra["post_listener"] = listener
    desk = AnalystSession(services, user, front)
    front.desk = desk
    print(f"analyst {user.username}: at the desk", flush=True)
    try:
        desk.refresh()
        stop.wait()
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        desk.close()
        listener.stop()
        for jobs in (services.analysis, services.drafts, services.writer):
            jobs.stop()
        left = drain_outbox(pusher, db) if pusher is not None else 0
        if pusher is not None:
            pusher.stop()
        db.dispose()
        print(f"analyst {user.username}: {front.decided} decision(s), {left} report(s) not "
              "yet in the archive", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
