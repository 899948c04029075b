"""Everything a main window needs, made once per application run.

Threads it owns (all stopped by :meth:`AppContext.close`, in reverse order of start):
the persistence writer (the only database user while the app runs), the render worker
(scan views), the draft writer (result drafts to disk), and the lane's device side
(device hosts, or the stand-in :class:`ui.sim_lane.SimulatedLane`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from PySide6.QtCore import QObject

from ui.bridge import CoreBridge, Worker
from ui.gateway import LaneGateway
from ui.lane_devices import LaneDevices
from ui.lane_types import UserInfo
from ui.sim_lane import SimulatedLane
from workstation.config import WorkstationConfig
from workstation.db.engine import Database

log = logging.getLogger(__name__)


@dataclass
class AppContext:
    config: WorkstationConfig
    db: Database
    gateway: LaneGateway
    bridge: CoreBridge
    writer: Worker
    renderer: Worker
    drafts: Worker
    sim: SimulatedLane | None = None
    devices: LaneDevices | None = None
    user: UserInfo | None = None
    owner: QObject | None = field(default=None, repr=False)

    @classmethod
    def create(cls, config: WorkstationConfig, *, simulate_lane: bool | None = None,
               line_rate_hz: float = 4000.0) -> AppContext:
        """Open the database (schema upgraded), start the workers and the lane's devices.

        ``simulate_lane`` None means: the stand-in lane when no device is configured.
        """
        db = Database.from_config(config)
        db.upgrade()
        owner = QObject()
        bridge = CoreBridge(owner)
        ctx = cls(config=config, db=db, gateway=LaneGateway(config, db), bridge=bridge,
                  writer=Worker("writer", owner), renderer=Worker("render", owner),
                  drafts=Worker("drafts", owner), owner=owner)
        use_sim = (not config.devices) if simulate_lane is None else simulate_lane
        if use_sim:
            ctx.sim = SimulatedLane(bridge, line_rate_hz=line_rate_hz)
            ctx.sim.start()
        if config.devices:
            ctx.devices = LaneDevices(config.devices, bridge)
            ctx.devices.start()
        return ctx

    def close(self) -> None:
        """Stop devices first (no more events), then the workers (queued jobs finish)."""
        if self.sim is not None:
            self.sim.stop()
        if self.devices is not None:
            self.devices.stop()
        for worker in (self.drafts, self.renderer, self.writer):
            worker.stop()
        self.db.dispose()
        if self.owner is not None:
            self.owner.deleteLater()
            self.owner = None
