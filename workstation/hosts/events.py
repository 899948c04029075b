"""Typed events a device host publishes. Subscribers are called on the host thread; the
Qt bridge re-emits them as queued signals, the CLI prints them, tests collect them."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from devices.base import DeviceInfo, Health


@dataclass(frozen=True, kw_only=True)
class DeviceEvent:
    """Base: which device, and when (``time.monotonic()`` seconds, for ordering/latency)."""

    device: str
    at: float = field(default_factory=time.monotonic)


@dataclass(frozen=True, kw_only=True)
class Connected(DeviceEvent):
    info: DeviceInfo


@dataclass(frozen=True, kw_only=True)
class Lost(DeviceEvent):
    """The connection failed or broke; ``retry_in_s`` is the backoff before the next try."""

    reason: str
    retry_in_s: float


@dataclass(frozen=True, kw_only=True)
class HealthChanged(DeviceEvent):
    health: Health


@dataclass(frozen=True, kw_only=True)
class Stalled(DeviceEvent):
    """A command made no progress for ``seconds``; the watchdog interrupted the driver."""

    command: str
    seconds: float


@dataclass(frozen=True, kw_only=True)
class CommandFailed(DeviceEvent):
    command: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class Reading(DeviceEvent):
    """One measurement from a handheld device; ``values`` carry units in their keys."""

    values: dict[str, Any]
    raw: bytes | None = None


@dataclass(frozen=True, kw_only=True)
class Frame(DeviceEvent):
    """A camera frame (numpy array, owned by the host; copy it to keep it)."""

    image: Any
    sequence: int


@dataclass(frozen=True, kw_only=True)
class ScanProgress(DeviceEvent):
    scan_id: int
    lines_done: int
    lines_total: int


@dataclass(frozen=True, kw_only=True)
class ScanComplete(DeviceEvent):
    """A scan ended, complete or not; ``result`` is the driver's result object."""

    scan_id: int
    complete: bool
    reason: str
    result: Any


@dataclass(frozen=True, kw_only=True)
class HostStopped(DeviceEvent):
    """Last event of a host; nothing follows."""
