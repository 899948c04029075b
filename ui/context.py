"""Everything a main window needs, made once per application run.

The lane itself is the core's (:mod:`workstation.lane`): :class:`AppContext` makes its
:class:`~workstation.lane.session.LaneServices` — the persistence writer (the only database
user while the app runs), the draft writer, the analysis queue (model inference through
:class:`~workstation.lane.analysis.ScanAnalyser`) and the lane's device hosts
(:class:`~workstation.lane.devices.LaneDevices`; without a configuration file, every
simulator of :mod:`workstation.lane_defaults`) — and, at login, the user's
:class:`~workstation.lane.session.LaneSession`, which outlives the windows bound to it.
The Qt side adds only the bridge (events to signals) and the render worker (scan views).
All are stopped by :meth:`AppContext.close`, in reverse order of start.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass, field

from PySide6.QtCore import QObject

from ui.bridge import CoreBridge, Worker
from workstation.config import DeviceConfig, WorkstationConfig
from workstation.db.engine import Database
from workstation.inference.signing import TrustStore
from workstation.lane.analysis import ScanAnalyser
from workstation.lane.analysis_desk import AnalystSession
from workstation.lane.devices import LaneDevices
from workstation.lane.gateway import LaneGateway
from workstation.lane.health_recorder import HealthRecorder
from workstation.lane.jobs import JobQueue
from workstation.lane.post_listener import PostListener
from workstation.lane.review import ReviewSession
from workstation.lane.session import EventRouter, LaneServices, LaneSession
from workstation.lane.technician import TechnicianSession
from workstation.lane.types import UserInfo
from workstation.post.outbox import OutboxPusher
from workstation.services.alarm_rules import AlarmThresholds

log = logging.getLogger(__name__)

# Modules the lane first needs in the middle of a scan (DICOS writing, model inference,
# OCR). Importing one runs its C extension's start-up with the GIL held for up to a few
# hundred milliseconds, in whatever thread imports it first: so they are all imported at
# start-up, before the first window, where nobody waits on the screen. (No simulator
# module: simulators run apart and are reached through the device registry only.)
PRELOAD_MODULES: tuple[str, ...] = (
    "workstation.scans.service", "workstation.inference.service",
    "workstation.inference.registry", "workstation.inference.intake",
    "workstation.recognition.ocr", "workstation.recognition.plates",
    "workstation.recognition.containers",
)


def preload_modules(names: tuple[str, ...] = PRELOAD_MODULES) -> list[str]:
    """Import ``names`` now; returns the problems (a module that does not import is only
    logged here: the feature that needs it reports the error when it is used)."""
    problems = []
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError as exc:
            problems.append(f"{name}: {exc}")
            log.warning("preloading %s failed: %s", name, exc)
    return problems


@dataclass
class AppContext:
    config: WorkstationConfig
    db: Database
    services: LaneServices
    bridge: CoreBridge
    writer: Worker  # the lane's persistence writer, seen from Qt (login, retention)
    renderer: Worker
    user: UserInfo | None = None
    session: LaneSession | None = None
    review: ReviewSession | None = None  # a supervisor's, instead of a lane session
    technician: TechnicianSession | None = None  # a technician's, instead of a lane session
    analyst: AnalystSession | None = None  # a remote image analyst's (issue 16)
    owner: QObject | None = field(default=None, repr=False)

    @property
    def gateway(self) -> LaneGateway:
        return self.services.gateway

    @property
    def devices(self) -> LaneDevices | None:
        return self.services.devices

    @classmethod
    def create(cls, config: WorkstationConfig, *, devices: list[DeviceConfig] | None = None,
               riid_real_time_s: float = 30.0, read_plates: bool = True,
               warm_models: bool = False) -> AppContext:
        """Open the database (schema upgraded), start the queues and the lane's devices.

        ``devices`` None means :func:`workstation.lane_defaults.effective_devices` (the
        configured ones, or every simulator when no configuration file was given).
        ``warm_models``: start the inference service (load and warm every model) on the
        analysis queue now rather than at the first scan (the application does; tests that
        never analyse leave it off to save seconds of CPU).
        """
        from workstation.lane_defaults import effective_devices

        preload_modules()
        db = Database.from_config(config)
        # SQLite: migrated after a copy; a post database at another revision refuses.
        db.upgrade_at_start()
        owner = QObject()
        bridge = CoreBridge(owner)
        router = EventRouter(bridge)
        services = LaneServices(gateway=LaneGateway(config, db), writer=JobQueue("writer"),
                                drafts=JobQueue("drafts"), analysis=JobQueue("analysis"),
                                analyser=ScanAnalyser(config), router=router)
        pusher = OutboxPusher.for_lane(config, db)  # [archive]: scans and TDRs to the post's
        if pusher is not None:
            services.extra["archive_pusher"] = pusher.start()
        # The post's changes (other lanes, analysts) heard at once: LISTEN/NOTIFY.
        services.extra["post_listener"] = PostListener(db)
        ctx = cls(config=config, db=db, services=services, bridge=bridge,
                  writer=Worker("writer", owner, jobs=services.writer),
                  renderer=Worker("render", owner), owner=owner)
        if warm_models:
            started = services.analysis.submit("start-models", services.analyser.start)
            started.add_done_callback(
                lambda f: f.exception() and bridge.on_error(f"models not loaded: {f.exception()}"))
        chosen = effective_devices(config) if devices is None else devices
        if chosen:
            # Health changes are recorded whoever is logged in (workstation.lane.health_recorder).
            recorder = HealthRecorder(router, services.writer, db, config.lane.lane_id)
            services.extra["health"] = recorder
            services.writer.submit("out-of-service", recorder.load)
            services.devices = LaneDevices(chosen, recorder, riid_real_time_s=riid_real_time_s,
                                           read_plates=read_plates,
                                           model_trust=_model_trust(config, bridge),
                                           alarms=AlarmThresholds.from_settings(
                                               config.alarms.model_dump(), "[alarms]"))
            services.devices.start()
        return ctx

    def start_session(self, user: UserInfo
                      ) -> LaneSession | ReviewSession | TechnicianSession | AnalystSession:
        """The user's session (kept across window changes until :meth:`end_session`): a
        supervisor's review session, else the lane session, which takes up the user's
        unfinished control."""
        if user.role == "supervisor":
            if self.review is not None and self.review.user.username == user.username:
                return self.review
            self.end_session()
            self.user = user
            self.review = ReviewSession(self.services, user, self.bridge)
            return self.review  # its window reads the queue when it opens
        if user.role == "technician":
            if self.technician is not None and self.technician.user.username == user.username:
                return self.technician
            self.end_session()
            self.user = user
            self.technician = TechnicianSession(self.services, user, self.bridge)
            return self.technician  # its window reads the devices when it opens
        if user.role == "analyst":
            if self.analyst is not None and self.analyst.user.username == user.username:
                return self.analyst
            self.end_session()
            self.user = user
            self.analyst = AnalystSession(self.services, user, self.bridge)
            return self.analyst  # its window reads the queue when it opens
        if self.session is not None and self.session.user.username == user.username:
            return self.session
        self.end_session()
        self.user = user
        self.session = LaneSession(self.services, user, self.bridge)
        self.session.recover()
        return self.session

    def end_session(self) -> None:
        if self.session is not None:
            self.session.close()
            self.session = None
        if self.review is not None:
            self.review.close()
            self.review = None
        if self.technician is not None:
            self.technician.close()
            self.technician = None
        if self.analyst is not None:
            self.analyst.close()  # its claim goes back to the queue
            self.analyst = None
        self.user = None

    def close(self) -> None:
        """Stop devices first (no more events), then the queues (queued jobs finish)."""
        self.end_session()
        services = self.services
        if services.devices is not None:
            services.devices.stop()
        services.analysis.run_now(services.analyser.close, timeout_s=60.0)
        for jobs in (services.analysis, services.drafts, services.writer):
            jobs.stop()
        listener = services.extra.pop("post_listener", None)
        if isinstance(listener, PostListener):
            listener.stop()
        pusher = services.extra.pop("archive_pusher", None)
        if isinstance(pusher, OutboxPusher):  # what is not pushed yet waits in the outbox
            pusher.stop()
        self.renderer.stop()
        self.db.dispose()
        if self.owner is not None:
            self.owner.deleteLater()
            self.owner = None


def _model_trust(config: WorkstationConfig, bridge: CoreBridge) -> TrustStore:
    """The keys the lane trusts to sign models; when one cannot be read the plate reader
    gets an empty trust, so OCR is refused with the reason rather than trusting a default."""
    from workstation.inference.settings import models_settings, trust_for
    from workstation.inference.signing import TrustError

    try:
        return trust_for(models_settings(config))
    except TrustError as exc:
        bridge.on_error(f"models: {exc}")
        return TrustStore(())
