"""Every device's health changes recorded as they happen, and out-of-service shown as such.

:class:`HealthRecorder` sits between the lane's device hosts
(:class:`~workstation.lane.devices.LaneDevices`) and the rest of the lane (the event
router): each :class:`~workstation.lane.events.DeviceHealth` whose state differs from the
device's previous one is written to ``device_events`` on the persistence writer
(:mod:`workstation.services.device_health`), and a command failure reported as
``"<device>: ..."`` (:class:`~workstation.lane.events.CoreError`) as an ``error``. Whoever
is logged in — officer, technician, nobody — the history is the same.

A device the technician took out of service is passed on with state ``out_of_service``
and the reason as detail, so the officer's lane shows OUT OF SERVICE, not a failure; the
host's own state is kept (:attr:`HealthRecorder.latest`) for the technician's overview.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from workstation.db.engine import Database
from workstation.lane.events import CoreError, DeviceHealth, LaneEvent, LaneEvents
from workstation.lane.jobs import JobQueue, JobQueueStopped

log = logging.getLogger(__name__)

OUT_OF_SERVICE = "out_of_service"  # DeviceHealth.state of a device taken out of service
_EVENT_OF_STATE = {"ok": "connected", "connecting": "connecting", "degraded": "degraded",
                   "lost": "lost"}


class HealthRecorder:
    """A :class:`LaneEvents` sink that records health and passes every event on."""

    def __init__(self, inner: LaneEvents, writer: JobQueue, db: Database, lane: str) -> None:
        self.inner = inner
        self.writer = writer
        self.db = db
        self.lane = lane
        self.latest: dict[str, DeviceHealth] = {}  # the host's own view, per device
        self.out: dict[str, str] = {}  # device -> reason, while out of service

    def load(self) -> None:
        """Read which devices are out of service (on the writer, at start)."""
        from workstation.services import device_health

        with self.db.unit_of_work() as s:
            self.out = {name: row.detail for name, row in
                        device_health.out_of_service(s, self.lane).items()}

    def publish(self, event: LaneEvent) -> None:
        if isinstance(event, DeviceHealth):
            before = self.latest.get(event.name)
            self.latest[event.name] = event
            kind = _EVENT_OF_STATE.get(event.state)
            if kind is not None and (before is None or before.state != event.state):
                self._record(event.name, event.kind, kind, event.detail)
            reason = self.out.get(event.name)
            if reason is not None:
                event = replace(event, state=OUT_OF_SERVICE, detail=reason)
        elif isinstance(event, CoreError):
            for name, health in self.latest.items():
                if event.message.startswith(f"{name}: "):
                    self._record(name, health.kind, "error", event.message[len(name) + 2:])
                    break
        self.inner.publish(event)

    def set_out_of_service(self, name: str, kind: str, reason: str | None) -> None:
        """The technician's step, already recorded: show it (``reason`` None: back in
        service, shown with the host's own state again)."""
        if reason is None:
            self.out.pop(name, None)
            shown = self.latest.get(name, DeviceHealth(name, kind, "connecting"))
        else:
            self.out[name] = reason
            shown = DeviceHealth(name, kind, OUT_OF_SERVICE, reason)
        self.inner.publish(shown)

    def _record(self, name: str, kind: str, event: str, detail: str) -> None:
        from workstation.services import device_health

        def work() -> Any:
            try:
                with self.db.unit_of_work() as s:
                    device_health.record_event(s, self.lane, name, kind, event, detail)
            except Exception as exc:  # noqa: BLE001 - the history must never stop the lane
                log.error("health of %s not recorded: %s", name, exc)

        try:
            self.writer.submit("device-health", work)
        except JobQueueStopped:
            pass  # shutting down: the hosts' last words are not history
