"""Everything a main window needs, made once per application run.

Threads it owns (all stopped by :meth:`AppContext.close`, in reverse order of start):
the persistence writer (the only database user while the app runs), the render worker
(scan views), the draft writer (result drafts to disk), the analysis worker (model
inference through :class:`ui.analysis.ScanAnalyser`), and the lane's device hosts
(:class:`ui.lane_devices.LaneDevices`; without a configuration file, every simulator of
:mod:`workstation.lane_defaults`).
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass, field

from PySide6.QtCore import QObject

from ui.analysis import ScanAnalyser
from ui.bridge import CoreBridge, Worker
from ui.gateway import LaneGateway
from ui.lane_devices import LaneDevices
from ui.lane_types import UserInfo
from workstation.config import DeviceConfig, WorkstationConfig
from workstation.db.engine import Database

log = logging.getLogger(__name__)

# Modules the lane first needs in the middle of a scan (scene geometry, DICOS writing,
# model inference, OCR). Importing one runs its C extension's start-up with the GIL held
# for up to a few hundred milliseconds, in whatever thread imports it first: so they are
# all imported at start-up, before the first window, where nobody waits on the screen.
PRELOAD_MODULES: tuple[str, ...] = (
    "devices.xray.scenes", "workstation.scans.service", "workstation.inference.service",
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
    gateway: LaneGateway
    bridge: CoreBridge
    writer: Worker
    renderer: Worker
    drafts: Worker
    analysis: Worker
    analyser: ScanAnalyser
    devices: LaneDevices | None = None
    scan_scene: str = "cargo-undeclared-block"  # what the simulated scanner renders
    user: UserInfo | None = None
    owner: QObject | None = field(default=None, repr=False)

    @classmethod
    def create(cls, config: WorkstationConfig, *, devices: list[DeviceConfig] | None = None,
               scan_scene: str = "cargo-undeclared-block", riid_real_time_s: float = 30.0,
               read_plates: bool = True, warm_models: bool = False) -> AppContext:
        """Open the database (schema upgraded), start the workers and the lane's devices.

        ``devices`` None means :func:`workstation.lane_defaults.effective_devices` (the
        configured ones, or every simulator when no configuration file was given).
        ``scan_scene`` is the scene a simulated scanner renders (``devices.xray.scenes``).
        ``warm_models``: start the inference service (load and warm every model) on the
        analysis worker now rather than at the first scan (the application does; tests that
        never analyse leave it off to save seconds of CPU).
        """
        from workstation.lane_defaults import effective_devices

        preload_modules()
        db = Database.from_config(config)
        db.upgrade()
        owner = QObject()
        bridge = CoreBridge(owner)
        ctx = cls(config=config, db=db, gateway=LaneGateway(config, db), bridge=bridge,
                  writer=Worker("writer", owner), renderer=Worker("render", owner),
                  drafts=Worker("drafts", owner), analysis=Worker("analysis", owner),
                  analyser=ScanAnalyser(config), scan_scene=scan_scene, owner=owner)
        if warm_models:
            ctx.analysis.submit("start-models", ctx.analyser.start,
                                on_failed=lambda msg: bridge.on_error(f"models not loaded: {msg}"))
        chosen = effective_devices(config) if devices is None else devices
        if chosen:
            ctx.devices = LaneDevices(chosen, bridge, riid_real_time_s=riid_real_time_s,
                                      read_plates=read_plates)
            ctx.devices.start()
        return ctx

    def close(self) -> None:
        """Stop devices first (no more events), then the workers (queued jobs finish)."""
        if self.devices is not None:
            self.devices.stop()
        self.analysis.run_now(self.analyser.close, timeout_s=60.0)
        for worker in (self.analysis, self.drafts, self.renderer, self.writer):
            worker.stop()
        self.db.dispose()
        if self.owner is not None:
            self.owner.deleteLater()
            self.owner = None
