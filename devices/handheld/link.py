"""The serial transport of the handheld drivers: ``serial.serial_for_url`` behind a small
wrapper that turns every transport failure into :class:`DeviceUnavailable`.

``url`` may be ``/dev/ttyUSB0``, a pty path, ``socket://host:port`` (serial device server)
or ``rfc2217://host:port``. Baud rate and timeouts come from the device settings.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

import serial

from devices.base import DeviceUnavailable
from devices.handheld.settings import SerialLinkSettings

try:
    import termios
except ImportError:  # Windows: pyserial raises only SerialException / OSError there
    _TERMIOS_ERRORS: tuple[type[BaseException], ...] = ()
else:
    # termios.error is not an OSError: a pulled USB adapter or a closed pty surfaces as one
    # from flush() (tcdrain) and reset_input_buffer() (tcflush).
    _TERMIOS_ERRORS = (termios.error,)

LINK_ERRORS: tuple[type[BaseException], ...] = (serial.SerialException, OSError, *_TERMIOS_ERRORS)
# serial_for_url raises ValueError for a malformed URL or setting.
_OPEN_ERRORS: tuple[type[BaseException], ...] = (*LINK_ERRORS, ValueError)
# pyserial's socket backend can surface a closed socket as TypeError/AttributeError.
_READ_ERRORS: tuple[type[BaseException], ...] = (*LINK_ERRORS, TypeError, AttributeError)


@dataclass(frozen=True)
class LinkSettings:
    """``baudrate`` in bit/s; ``read_timeout_s`` bounds one read call (0.05..10 s)."""

    url: str
    baudrate: int = 9600
    read_timeout_s: float = 0.1
    write_timeout_s: float = 2.0

    @classmethod
    def of(cls, name: str, settings: SerialLinkSettings) -> LinkSettings:
        """The link of validated driver settings; ValueError when ``url`` is not given."""
        if not settings.url:
            raise ValueError(f"device {name!r}: settings need 'url' (e.g. /dev/ttyUSB0 or socket://host:port)")
        return cls(url=settings.url, baudrate=settings.baudrate,
                   read_timeout_s=settings.read_timeout_s,
                   write_timeout_s=settings.write_timeout_s)


class SerialLink:
    """One open serial connection. Not thread-safe except :meth:`cancel`."""

    def __init__(self, settings: LinkSettings, device_name: str) -> None:
        self.settings = settings
        self.name = device_name
        self._port: Any = None

    def open(self) -> None:
        try:
            port = serial.serial_for_url(self.settings.url, baudrate=self.settings.baudrate,
                                         timeout=self.settings.read_timeout_s,
                                         write_timeout=self.settings.write_timeout_s)
        except _OPEN_ERRORS as exc:
            raise DeviceUnavailable(f"{self.name}: cannot open {self.settings.url} ({exc})") from None
        self._port = port
        with contextlib.suppress(*LINK_ERRORS):
            port.reset_input_buffer()  # drop whatever the device sent while nobody listened

    @property
    def is_open(self) -> bool:
        return self._port is not None

    def close(self) -> None:
        port, self._port = self._port, None
        if port is not None:
            with contextlib.suppress(*LINK_ERRORS):
                port.close()

    def write(self, data: bytes) -> None:
        if self._port is None:
            raise DeviceUnavailable(f"{self.name}: not connected")
        try:
            self._port.write(data)
            self._port.flush()
        except LINK_ERRORS as exc:
            self.close()
            raise DeviceUnavailable(f"{self.name}: link lost while writing ({exc})") from None

    def read(self) -> bytes:
        """Whatever arrives within one read timeout (maybe b"")."""
        if self._port is None:
            raise DeviceUnavailable(f"{self.name}: not connected")
        try:
            waiting = self._port.in_waiting
            return bytes(self._port.read(max(1, min(waiting, 65536))))
        except _READ_ERRORS as exc:
            self.close()
            raise DeviceUnavailable(f"{self.name}: link lost ({exc})") from None

    def cancel(self) -> None:
        """Break a blocked read from another thread (watchdog)."""
        port = self._port
        if port is not None and hasattr(port, "cancel_read"):
            with contextlib.suppress(*LINK_ERRORS):
                port.cancel_read()
