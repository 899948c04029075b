"""Device hosts of the lane, seen through the bridge.

For each configured device the registry makes the driver (and, when ``simulated``, starts
its simulator at the far end of the real transport); a ``DeviceHost`` owns it on its own
thread. Host events arrive here on host threads and are only translated and forwarded to
the bridge's thread-safe ``on_*`` callables, which queue them to the Qt main thread.
"""

from __future__ import annotations

import logging
from typing import Any

from ui.bridge import CoreBridge, DeviceHealth
from ui.lane_types import HandheldReading
from workstation.config import DeviceConfig

log = logging.getLogger(__name__)


def translate(event: Any, kind: str, bridge: CoreBridge) -> None:
    """Forward one host event (``workstation.hosts.events``) to the bridge."""
    from workstation.hosts import events as ev

    name = event.device
    if isinstance(event, ev.Connected):
        bridge.on_device_health(DeviceHealth(name, kind, "ok", str(getattr(event, "info", ""))))
    elif isinstance(event, ev.Lost):
        bridge.on_device_health(DeviceHealth(
            name, kind, "lost", f"{event.reason}; retry in {event.retry_in_s:.0f} s"))
    elif isinstance(event, ev.HealthChanged):
        state = {"ok": "ok", "degraded": "degraded"}.get(
            getattr(event.health.state, "value", str(event.health.state)), "lost")
        bridge.on_device_health(DeviceHealth(name, kind, state, event.health.text()))
    elif isinstance(event, ev.Stalled):
        bridge.on_device_health(DeviceHealth(
            name, kind, "degraded", f"{event.command} stalled for {event.seconds:.0f} s"))
    elif isinstance(event, ev.Frame):
        bridge.on_camera_frame(event.image.copy())
    elif isinstance(event, ev.Reading):
        values = {k: (v, "") for k, v in event.values.items() if k != "alarms"}
        alarms = tuple(event.values.get("alarms", ()) or ())
        bridge.on_handheld_reading(HandheldReading(name, kind, values, alarms, event.raw))
    elif isinstance(event, ev.CommandFailed):
        bridge.on_error(f"{name}: {event.command} failed: {event.reason}")


class LaneDevices:
    """Starts a host per enabled device and stops them all, in reverse order."""

    def __init__(self, configs: list[DeviceConfig], bridge: CoreBridge) -> None:
        self.configs = [c for c in configs if c.enabled]
        self.bridge = bridge
        self.hosts: list[Any] = []
        self.problems: list[str] = []

    def start(self) -> None:
        from devices.registry import RegistryError, create_device
        from workstation.hosts.host import DeviceHost

        for config in self.configs:
            try:
                device = create_device(config)
            except RegistryError as exc:
                self.problems.append(f"{config.name}: {exc}")
                self.bridge.on_device_health(DeviceHealth(config.name, config.kind, "lost",
                                                          str(exc)))
                continue
            host = DeviceHost(device)
            host.subscribe(lambda event, kind=config.kind: translate(event, kind, self.bridge))
            self.bridge.on_device_health(DeviceHealth(config.name, config.kind, "connecting"))
            host.start()
            self.hosts.append(host)

    def stop(self) -> None:
        for host in reversed(self.hosts):
            host.stop()
            dispose = getattr(host.device, "dispose", None)
            if dispose is not None:
                dispose()
        self.hosts.clear()
