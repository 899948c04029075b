"""What every device driver is: open with a timeout, idempotent close, probe, identity.

A driver owns one transport to one device and is used from one thread (its host, see
:mod:`workstation.hosts`). Only :meth:`Device.interrupt` may be called from another
thread: the host's watchdog uses it to break a blocked read.

Errors a driver raises:

* :class:`DeviceUnavailable` -- the device cannot be reached or went away. The message says
  what the user should check ("check cable and power", "check the IP address"). The host
  reacts by reconnecting with backoff.
* :class:`DeviceError` -- the device answered but refused or failed a request. The connection
  is still usable; the host reports the failure and carries on.
"""

from __future__ import annotations

import abc
import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

log = logging.getLogger(__name__)


class DeviceError(Exception):
    """The device answered but refused or failed the request; the connection stays usable."""


class DeviceUnavailable(DeviceError):
    """The device cannot be reached or the connection was lost.

    ``check`` is what the user should look at, e.g. "check cable and power"; it is part of
    the message so that every caller shows it without extra work.
    """

    def __init__(self, what: str, check: str = "check cable and power") -> None:
        super().__init__(f"{what}; {check}")
        self.what = what
        self.check = check


@dataclass(frozen=True)
class DeviceInfo:
    """Identity of a connected device, as recorded with every reading and scan."""

    vendor: str
    model: str
    serial: str
    firmware: str
    driver_version: str

    def as_dict(self) -> dict[str, str]:
        return {
            "vendor": self.vendor,
            "model": self.model,
            "serial": self.serial,
            "firmware": self.firmware,
            "driver_version": self.driver_version,
        }


class HealthState(enum.Enum):
    """Device state. Always shown with its word (and detail), never as a colour alone."""

    OK = "ok"
    DEGRADED = "degraded"
    OFFLINE = "offline"


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Health:
    """Result of a health probe: state, a sentence for the user, and when (UTC)."""

    state: HealthState
    detail: str = ""
    at: datetime = field(default_factory=_now)

    @property
    def text(self) -> str:
        """Human readable, e.g. ``"DEGRADED: detector temperature 41.0 °C"``."""
        word = self.state.name
        return f"{word}: {self.detail}" if self.detail else word

    @classmethod
    def ok(cls, detail: str = "") -> Health:
        return cls(HealthState.OK, detail)

    @classmethod
    def degraded(cls, detail: str) -> Health:
        return cls(HealthState.DEGRADED, detail)

    @classmethod
    def offline(cls, detail: str) -> Health:
        return cls(HealthState.OFFLINE, detail)


class Device(abc.ABC):
    """Base of every driver. Subclasses implement :meth:`_open`, :meth:`_close`,
    :meth:`probe` and :attr:`info`; typed per-kind interfaces add their operations
    (see ``devices/<kind>/interface.py``).

    ``name`` is the configured device name (``[[devices]] name``); ``kind`` its kind.
    """

    kind: str = "generic"

    def __init__(self, name: str) -> None:
        self.name = name
        self._open_flag = False
        self._finalizers: list[Callable[[], None]] = []

    # -- lifecycle -------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        """True while the transport is connected and usable."""
        return self._open_flag

    def open(self, timeout_s: float = 5.0) -> None:
        """Connect and identify within ``timeout_s`` seconds (> 0).

        Raises :class:`DeviceUnavailable` with what to check. Opening an open device is a
        no-op.
        """
        if timeout_s <= 0:
            raise ValueError(f"{self.name}: open timeout must be > 0 s, got {timeout_s}")
        if self._open_flag:
            return
        self._open(timeout_s)
        self._open_flag = True

    def close(self) -> None:
        """Disconnect. Idempotent; never raises for an already closed device."""
        if not self._open_flag:
            self._close()  # may hold a half-opened transport
            return
        self._open_flag = False
        self._close()

    def mark_lost(self) -> None:
        """Called by the driver itself when its transport broke: the host will reconnect."""
        self._open_flag = False
        self._close()

    def interrupt(self) -> None:
        """Break a blocked transport call from another thread (watchdog). Default: nothing."""
        return None  # drivers without blocking reads need nothing here

    def add_finalizer(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` on :meth:`dispose` (e.g. stop the simulator started for this device)."""
        self._finalizers.append(fn)

    def dispose(self) -> None:
        """Close for good: close, then run finalizers in reverse order of registration."""
        self.close()
        while self._finalizers:
            fn = self._finalizers.pop()
            try:
                fn()
            except OSError as exc:  # a simulator that already exited: log, keep disposing
                log.warning("%s: finalizer failed: %s", self.name, exc)

    # -- to implement ----------------------------------------------------------------
    @abc.abstractmethod
    def _open(self, timeout_s: float) -> None:
        """Connect the transport and identify the device, or raise DeviceUnavailable."""

    @abc.abstractmethod
    def _close(self) -> None:
        """Release the transport; must tolerate being called when nothing is open."""

    @abc.abstractmethod
    def probe(self) -> Health:
        """Ask the device how it is (cheap, bounded by the transport timeout).

        Returns OFFLINE health rather than raising when the device is not open; raises
        :class:`DeviceUnavailable` when the transport breaks during the probe.
        """

    @property
    @abc.abstractmethod
    def info(self) -> DeviceInfo:
        """Identity read at open; raises DeviceError before the first successful open."""
