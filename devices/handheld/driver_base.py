"""What the four handheld drivers share: a :class:`SerialLink`, a decoder for their framing,
a queue of decoded messages, wire-error accounting and the identify-at-open handshake."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar

from devices.base import Device, DeviceError, DeviceInfo, DeviceUnavailable, Health
from devices.handheld.framing import FrameError
from devices.handheld.link import LinkSettings, SerialLink

DRIVER_VERSION = "0.3.0"
M = TypeVar("M")


class Decoder(Protocol[M]):
    """Protocol of FrameDecoder / LineDecoder: ``feed`` and ``resync``."""

    def feed(self, data: bytes) -> list[M | FrameError]: ...
    def resync(self) -> list[FrameError]: ...


class HandheldDriver(Device, Generic[M]):
    """Base for handheld drivers. Subclasses give :meth:`_new_decoder`, :meth:`_identify`."""

    kind = "handheld"
    max_backlog = 256

    def __init__(self, name: str, link: LinkSettings) -> None:
        super().__init__(name)
        self.link_settings = link
        self._link = SerialLink(link, name)
        self._decoder: Decoder[M] = self._new_decoder()
        self._backlog: deque[M] = deque(maxlen=self.max_backlog)
        self._info: DeviceInfo | None = None
        self.wire_errors: deque[str] = deque(maxlen=50)
        self.wire_error_count = 0

    # -- to implement ---------------------------------------------------------------
    def _new_decoder(self) -> Decoder[M]:
        raise NotImplementedError

    def _identify(self, timeout_s: float) -> DeviceInfo:
        """Ask who the device is; return None-free DeviceInfo or raise DeviceUnavailable."""
        raise NotImplementedError

    # -- Device ---------------------------------------------------------------------
    def _open(self, timeout_s: float) -> None:
        self._decoder = self._new_decoder()
        self._backlog.clear()
        errors_before = self.wire_error_count
        self._link.open()
        try:
            self._info = self._identify(timeout_s)
        except DeviceUnavailable as exc:
            self._link.close()
            if self.wire_error_count > errors_before:
                raise DeviceUnavailable(
                    f"{self.name}: only garbled bytes from {self.link_settings.url} "
                    f"({self.wire_error_count - errors_before} wire errors)",
                    check=f"check the baud rate (configured {self.link_settings.baudrate} bit/s) and cable",
                ) from None
            raise DeviceUnavailable(exc.what, exc.check) from None

    def _close(self) -> None:
        self._link.close()

    def interrupt(self) -> None:
        self._link.cancel()

    @property
    def info(self) -> DeviceInfo:
        if self._info is None:
            raise DeviceError(f"{self.name}: not identified yet (open it first)")
        return self._info

    def probe(self) -> Health:
        if not self.is_open:
            return Health.offline(f"{self.name}: not connected")
        self._identify(2.0)
        recent = self.wire_error_count
        return Health.ok() if not self.wire_errors else Health.ok(f"{recent} wire errors so far")

    # -- messages -------------------------------------------------------------------
    def _send(self, data: bytes) -> None:
        try:
            self._link.write(data)
        except DeviceUnavailable:
            self.mark_lost()
            raise

    def _pump(self) -> bool:
        """Read once (bounded by the read timeout); queue messages. True if bytes came."""
        try:
            data = self._link.read()
        except DeviceUnavailable:
            self.mark_lost()
            raise
        if not data:
            self._note(self._decoder.resync())
            return False
        for item in self._decoder.feed(data):
            if isinstance(item, FrameError):
                self._note([item])
            else:
                self._backlog.append(item)
        return True

    def _note(self, errors: list[FrameError]) -> None:
        for e in errors:
            self.wire_error_count += 1
            self.wire_errors.append(e.problem)

    def next_message(self, timeout_s: float, accept: Callable[[M], bool] = lambda m: True) -> M | None:
        """The first queued or arriving message that ``accept`` takes, or None after ``timeout_s``."""
        deadline = time.monotonic() + timeout_s
        while True:
            for message in list(self._backlog):
                if accept(message):
                    self._backlog.remove(message)
                    return message
            if time.monotonic() >= deadline:
                return None
            if not self._link.is_open:
                raise DeviceUnavailable(f"{self.name}: not connected")
            self._pump()

    @staticmethod
    def _setting(settings: dict[str, Any], key: str, default: Any) -> Any:
        return settings.get(key, default)
