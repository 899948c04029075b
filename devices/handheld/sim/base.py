"""The far end of a serial wire for handheld-device simulators: a pty pair or loopback TCP.

A simulator owns one thread that waits on its end of the wire, hands incoming bytes to
the device model (:meth:`SerialSimulator.on_bytes`) and lets it stream
(:meth:`SerialSimulator.on_tick`). The driver opens :attr:`SerialSimulator.url` with
``serial.serial_for_url``: a pty path (a stable symlink, so an unplugged and re-plugged
device comes back under the same name, like a udev rule) or ``socket://127.0.0.1:PORT``.

Faults (:meth:`inject`): ``garbage`` (random bytes before the next output), ``partial``
(the next output is cut in half), ``bad_checksum`` (the next output's check bytes are
corrupted), :meth:`unplug` / :meth:`replug`, and a wrong baud rate: when the line's baud
(read from the pty's termios as set by the driver, or :attr:`line_baud` for TCP) differs
from :attr:`device_baud`, every byte in both directions is garbled, as a UART would.
"""

from __future__ import annotations

import contextlib
import os
import random
import selectors
import socket
import tempfile
import termios
import threading
import time
import tty
from collections.abc import Mapping
from pathlib import Path
from typing import Any

FAULTS = ("garbage", "partial", "bad_checksum")

_BAUD_CONSTANTS = {getattr(termios, f"B{b}"): b for b in (
    1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600) if hasattr(termios, f"B{b}")}


class SerialSimulator:
    """Base of the handheld simulators. ``transport`` is ``"pty"`` or ``"socket"``."""

    tick_s = 0.02

    def __init__(self, transport: str = "pty", *, device_baud: int = 9600, seed: int = 0) -> None:
        if transport not in ("pty", "socket"):
            raise ValueError(f"simulator transport {transport!r}: use 'pty' or 'socket'")
        self.transport = transport
        self.device_baud = device_baud
        self.line_baud: int | None = None  # TCP only: the baud a device server would use
        self.rng = random.Random(seed)
        self._lock = threading.Lock()
        self._pending_faults: list[str] = []
        self._stop = threading.Event()
        self._plugged = threading.Event()
        self._wake_r, self._wake_w = os.pipe()
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._wake_r, selectors.EVENT_READ, "wake")
        self._thread = threading.Thread(target=self._run, name=f"sim-{type(self).__name__}")
        self._master: int | None = None
        self._slave: int | None = None
        self._listener: socket.socket | None = None
        self._conn: socket.socket | None = None
        self._dir = Path(tempfile.mkdtemp(prefix="handheld-sim-"))
        self._link = self._dir / "tty"
        self._port = 0
        self.connections = 0
        self._plug()

    # -- public ---------------------------------------------------------------------
    @property
    def url(self) -> str:
        """What the driver opens with ``serial_for_url``."""
        return str(self._link) if self.transport == "pty" else f"socket://127.0.0.1:{self._port}"

    @property
    def settings(self) -> Mapping[str, Any]:
        """Settings overrides for the registry: where the driver must connect."""
        return {"url": self.url, "baudrate": self.device_baud}

    def start(self) -> SerialSimulator:
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop the thread and release the pty / sockets. Idempotent."""
        self._stop.set()
        self._wake()
        if self._thread.is_alive():
            self._thread.join(5)
        with self._lock:
            self._unplug_locked()
        self._selector.close()
        for fd in (self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(OSError):
            self._link.unlink()
        with contextlib.suppress(OSError):
            self._dir.rmdir()

    def __enter__(self) -> SerialSimulator:
        return self.start() if not self._thread.is_alive() else self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def inject(self, fault: str, count: int = 1) -> None:
        """Apply ``fault`` to the next ``count`` outputs (see module docstring)."""
        if fault not in FAULTS:
            raise ValueError(f"fault {fault!r} unknown: use one of {', '.join(FAULTS)}")
        with self._lock:
            self._pending_faults += [fault] * count

    def unplug(self) -> None:
        """Pull the cable: the driver's next read or write fails."""
        with self._lock:
            self._unplug_locked()
        self._wake()

    def replug(self) -> None:
        """Plug the device back in, under the same pty path or TCP port."""
        with self._lock:
            if not self._plugged.is_set():
                self._plug()
        self._wake()

    @property
    def plugged(self) -> bool:
        return self._plugged.is_set()

    # -- for subclasses -------------------------------------------------------------
    def on_bytes(self, data: bytes) -> None:
        """Bytes from the driver (after baud garbling)."""

    def on_tick(self, now: float) -> None:
        """Called about every :attr:`tick_s` seconds on the simulator thread."""

    def output(self, message: bytes, *, check_index: int) -> None:
        """Send one framed ``message``, applying a pending fault. ``check_index`` (negative)
        points at a checksum byte, which ``bad_checksum`` corrupts."""
        with self._lock:
            fault = self._pending_faults.pop(0) if self._pending_faults else None
        if fault == "garbage":
            message = bytes(self.rng.randrange(256) for _ in range(self.rng.randint(3, 24))) + message
        elif fault == "partial":
            message = message[: max(1, len(message) // 2)]
        elif fault == "bad_checksum":
            data = bytearray(message)
            old = data[check_index]
            # Hex digit stays a hex digit (so only the checksum is wrong); binary flips a bit.
            data[check_index] = (ord("0") if old != ord("0") else ord("1")) if chr(old) in "0123456789ABCDEF" else old ^ 0x01
            message = bytes(data)
        self._send(self._garble(message))

    @property
    def connected(self) -> bool:
        """A driver is at the other end (TCP: a client is connected; pty: always while plugged)."""
        return self._conn is not None if self.transport == "socket" else self._plugged.is_set()

    # -- internals ------------------------------------------------------------------
    def _wake(self) -> None:
        with contextlib.suppress(OSError):
            os.write(self._wake_w, b"x")

    def _effective_baud(self) -> int | None:
        if self.transport == "socket":
            return self.line_baud
        if self._slave is None:
            return None
        try:
            speed = termios.tcgetattr(self._slave)[5]
        except termios.error:
            return None
        return _BAUD_CONSTANTS.get(speed)

    def _garble(self, data: bytes) -> bytes:
        if not self._baud_mismatch():
            return data
        # A UART at the wrong rate samples bits at the wrong instants: bytes come out scrambled.
        return bytes(((b * 37 + 11) ^ 0xA5) & 0xFF for b in data)

    def _plug(self) -> None:
        if self.transport == "pty":
            master, slave = os.openpty()
            tty.setraw(slave)  # no echo, no line editing until the driver sets its own mode
            os.set_blocking(master, False)
            self._master, self._slave = master, slave
            temp = self._dir / "tty.new"
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
            os.symlink(os.ttyname(slave), temp)
            os.replace(temp, self._link)
            self._selector.register(master, selectors.EVENT_READ, "master")
        else:
            listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", self._port))
            listener.listen(1)
            listener.setblocking(False)
            self._port = listener.getsockname()[1]
            self._listener = listener
            self._selector.register(listener, selectors.EVENT_READ, "listener")
        self._plugged.set()

    def _unplug_locked(self) -> None:
        self._plugged.clear()
        for key in ("_master", "_slave"):
            fd = getattr(self, key)
            if fd is not None:
                if key == "_master":
                    with contextlib.suppress(KeyError, ValueError):
                        self._selector.unregister(fd)
                with contextlib.suppress(OSError):
                    os.close(fd)
                setattr(self, key, None)
        for key in ("_conn", "_listener"):
            sock = getattr(self, key)
            if sock is not None:
                with contextlib.suppress(KeyError, ValueError):
                    self._selector.unregister(sock)
                with contextlib.suppress(OSError):
                    sock.close()
                setattr(self, key, None)

    def _send(self, data: bytes) -> None:
        with self._lock:
            if self.transport == "pty" and self._master is not None:
                with contextlib.suppress(BlockingIOError, OSError):
                    # A full pty buffer (nobody reading) drops output, like a real UART overrun.
                    os.write(self._master, data)
            elif self._conn is not None:
                try:
                    self._conn.sendall(data)
                except OSError:
                    self._drop_conn_locked()

    def _drop_conn_locked(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(KeyError, ValueError):
                self._selector.unregister(self._conn)
            with contextlib.suppress(OSError):
                self._conn.close()
            self._conn = None

    def _run(self) -> None:
        next_tick = time.monotonic()
        while not self._stop.is_set():
            timeout = max(0.0, next_tick - time.monotonic())
            for key, _ in self._selector.select(timeout):
                self._handle(key.data, key.fileobj)
            now = time.monotonic()
            if now >= next_tick:
                next_tick = now + self.tick_s
                if self._plugged.is_set():
                    self.on_tick(now)

    def _handle(self, what: str, fileobj: Any) -> None:
        if what == "wake":
            with contextlib.suppress(OSError):
                os.read(self._wake_r, 1024)
            return
        data = b""
        with self._lock:
            if what == "listener" and self._listener is not None:
                try:
                    conn, _ = self._listener.accept()
                except OSError:
                    return
                self._drop_conn_locked()  # one driver at a time, like a serial port
                conn.setblocking(True)
                self._conn = conn
                self.connections += 1
                self._selector.register(conn, selectors.EVENT_READ, "conn")
                return
            if what == "master" and self._master is not None:
                try:
                    data = os.read(self._master, 65536)
                except BlockingIOError:
                    return
                except OSError:
                    data = b""  # EIO: no driver has the slave open; nothing to read
            elif what == "conn" and self._conn is not None:
                try:
                    data = self._conn.recv(65536)
                except OSError:
                    data = b""
                if not data:
                    self._drop_conn_locked()
                    return
        if data:
            if self._baud_mismatch():
                # The UART flags framing errors; like real firmware, answer with an error reply
                # (which reaches the driver garbled too).
                self.on_framing_error()
            else:
                self.on_bytes(data)

    def _baud_mismatch(self) -> bool:
        baud = self._effective_baud()
        return baud is not None and baud != self.device_baud

    def on_framing_error(self) -> None:
        """Bytes arrived at the wrong baud rate (override to send the device's error reply)."""
