"""Device hosts: one thread per device that owns its driver (see DESIGN.md, Threads).

``DeviceHost(device)`` connects, probes, runs typed commands from a queue and publishes
typed events (:mod:`workstation.hosts.events`) to plain-callable subscribers.
"""

from workstation.hosts.backoff import Backoff
from workstation.hosts.events import (
    CommandFailed,
    Connected,
    DeviceEvent,
    Frame,
    HealthChanged,
    HostStopped,
    Lost,
    Reading,
    ScanComplete,
    ScanProgress,
    Stalled,
)
from workstation.hosts.host import Command, CommandContext, DeviceHost, HostStoppedError

__all__ = [
    "Backoff",
    "Command",
    "CommandContext",
    "CommandFailed",
    "Connected",
    "DeviceEvent",
    "DeviceHost",
    "Frame",
    "HealthChanged",
    "HostStopped",
    "HostStoppedError",
    "Lost",
    "Reading",
    "ScanComplete",
    "ScanProgress",
    "Stalled",
]
