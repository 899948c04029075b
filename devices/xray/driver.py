"""Driver for line-scan x-ray scanners speaking our TCP protocol (docs/protocols/xray.md).

Configuration (keys: :class:`devices.xray.settings.XrayTcpSettings`, strict)::

    [[devices]]
    name = "scanner"
    kind = "xray"
    driver = "xray-tcp"
    simulated = false          # true: start the simulator (devices.xray.sim) and use it
    [devices.settings]
    host = "10.1.2.3"          # scanner address
    port = 5025
    block_timeout_s = 2.0      # longer without data during a scan = stalled
    reply_timeout_s = 5.0
    integration_us = 2000      # per line; 500 lines/s
    block_lines = 64
    max_lines = 8192
    kv_low = 140               # tube voltages, kV
    kv_high = 450
    # The geometry comes from the scanner's IDENTITY reply; these override it (and are
    # needed for a scanner that does not report it):
    # pixel_mm = 0.7           # pixel pitch at the object, mm
    # energy_pair = "kev"      # kev (parcel, ~160 kV) or mev (cargo linac)
    # scanner_class = "parcel" # parcel or cargo

With ``simulated = true`` the simulator's own keys go in their table (never in
``[devices.settings]``; :class:`devices.xray.sim.settings.XraySimulatorSettings`)::

    [devices.simulator]
    seed = 7
    scene = "parcel"           # decides the simulated scanner's class and geometry

:attr:`XrayScannerDriver.geometry` (:class:`~devices.xray.interface.ScannerGeometry`) is
what the scanner reported, overridden key by key by the settings.

Lines are received straight into a host-owned :class:`~devices.xray.interface.LineBuffer`
with scatter reads (no per-line Python work, no copy) and the CRC-32 is computed over the
same memory right after each plane arrived (docs/decisions/0104-xray-ingest-receive-path.md). Every fault ends in a :class:`ScanResult` that is kept and says why it is
incomplete; a broken link also marks the driver lost so its host reconnects before the
next scan.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import zlib
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import numpy as np

from devices.base import DeviceError, DeviceInfo, DeviceUnavailable, Health
from devices.settings import parse_settings
from devices.xray import protocol as p
from devices.xray.checksum import crc32
from devices.xray.interface import (
    ArmParameters,
    LineBuffer,
    ProgressFn,
    ScannerGeometry,
    ScanResult,
    XrayDevice,
    resolve_geometry,
)
from devices.xray.settings import XrayTcpSettings

DRIVER_VERSION = "xray-tcp 1.1"


class _StreamBroken(Exception):
    """The byte stream can no longer be trusted (EOF, timeout, garbled, lost frame)."""

    def __init__(self, reason: str, fault: p.FaultKind) -> None:
        super().__init__(reason)
        self.fault = fault


class XrayScannerDriver(XrayDevice):
    """TCP client of one scanner. Use from one thread; ``abort``/``interrupt`` from any."""

    def __init__(self, name: str, host: str, port: int, *, block_timeout_s: float = 2.0,
                 reply_timeout_s: float = 5.0, params: ArmParameters | None = None,
                 geometry: Mapping[str, Any] | None = None) -> None:
        super().__init__(name)
        if not 0 < port < 65536:
            raise ValueError(f"{name}: port must be 1..65535, got {port}")
        self.host = host
        self.port = port
        self.block_timeout_s = block_timeout_s
        self.reply_timeout_s = reply_timeout_s
        self.params = params or ArmParameters()
        # pixel_mm / energy_pair / scanner_class set in the settings (None: as reported)
        self.configured_geometry: dict[str, Any] = dict(geometry or {})
        self._sock: socket.socket | None = None
        self._send_lock = threading.Lock()
        self._seq = 0
        self._peer_seq = 0
        self._stream_offset = 0
        self._identity: p.Identity | None = None
        self._scan_counter = 0
        self._armed: ArmParameters | None = None
        self._interrupted = False
        self._head = bytearray(p.HEADER_SIZE)
        self._crc = bytearray(p.CRC_SIZE)
        self._bh = bytearray(p.BLOCK_HEADER.size)

    @classmethod
    def from_settings(cls, name: str, settings: Mapping[str, Any]) -> XrayScannerDriver:
        """The driver of ``[devices.settings]`` (strict: unknown keys are errors naming the
        device and the key; the simulator's keys belong in ``[devices.simulator]``)."""
        s = parse_settings(XrayTcpSettings, name, settings, owner="driver xray-tcp")
        if s.port is None:
            raise ValueError(f"device {name!r}: settings.port is required for driver xray-tcp")
        params = ArmParameters(max_lines=s.max_lines, integration_us=s.integration_us,
                               block_lines=s.block_lines, kv_low=s.kv_low, kv_high=s.kv_high)
        geometry = {"pixel_mm": s.pixel_mm, "energy_pair": s.energy_pair,
                    "scanner_class": s.scanner_class}
        return cls(name, s.host, s.port, block_timeout_s=s.block_timeout_s,
                   reply_timeout_s=s.reply_timeout_s, params=params, geometry=geometry)

    # -- lifecycle -----------------------------------------------------------------------
    def _open(self, timeout_s: float) -> None:
        where = f"x-ray scanner {self.name!r} at {self.host}:{self.port}"
        try:
            sock = socket.create_connection((self.host, self.port), timeout=timeout_s)
        except TimeoutError:
            raise DeviceUnavailable(f"{where} did not answer within {timeout_s} s",
                                    "check the scanner's network cable, power and address") from None
        except OSError as exc:
            raise DeviceUnavailable(f"{where} refused the connection ({exc.strerror or exc})",
                                    "check that the scanner is powered on and its address and "
                                    "port are right") from None
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        # Room for several blocks in flight: fewer wake-ups of the receiving thread.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 * 1024 * 1024)
        self._sock = sock
        self._seq = self._peer_seq = self._stream_offset = 0
        self._armed = None
        self._interrupted = False
        try:
            reply = self._request(p.Identify(), timeout_s)
        except (_StreamBroken, DeviceError) as exc:
            self._close()
            raise DeviceUnavailable(f"{where} connected but did not identify: {exc}",
                                    "check that the address is a scanner of this protocol") from None
        if not isinstance(reply, p.Identity):
            self._close()
            raise DeviceUnavailable(f"{where} answered IDENTIFY with {type(reply).__name__}",
                                    "check that the address is a scanner of this protocol")
        self._identity = reply

    def _close(self) -> None:
        sock, self._sock = self._sock, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def interrupt(self) -> None:
        """Watchdog: break a blocked receive; the running call returns incomplete."""
        self._interrupted = True
        sock = self._sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    @property
    def info(self) -> DeviceInfo:
        if self._identity is None:
            raise DeviceError(f"{self.name}: not identified yet (open the device first)")
        i = self._identity
        return DeviceInfo(i.vendor, i.model, i.serial, i.firmware, DRIVER_VERSION)

    @property
    def identity(self) -> p.Identity:
        if self._identity is None:
            raise DeviceError(f"{self.name}: not identified yet (open the device first)")
        return self._identity

    @property
    def geometry(self) -> ScannerGeometry:
        """The scanner's geometry: each of pixel_mm, energy_pair, scanner_class from the
        settings when set there, else from the scanner's IDENTITY reply. Raises
        :class:`DeviceError` when one is in neither (or the device was never opened and the
        settings do not give all three)."""
        if self._identity is None and None in (self.configured_geometry.get(k) for k in
                                               ("pixel_mm", "energy_pair", "scanner_class")):
            raise DeviceError(f"{self.name}: geometry not known before the scanner identified "
                              "itself (open the device first)")
        reported = self._identity.reported_geometry() if self._identity is not None else None
        return resolve_geometry(self.name, self.configured_geometry, reported)

    def probe(self) -> Health:
        if not self.is_open:
            return Health.offline("not connected")
        reply = self._checked(p.StatusRequest())
        if not isinstance(reply, p.StatusReply):
            raise DeviceError(f"{self.name}: STATUS answered with {type(reply).__name__}")
        detail = f"{reply.state.name.lower()}, detector {reply.temperature_c:.1f} °C"
        if not reply.tube_ok:
            return Health.degraded(f"x-ray tube fault; {detail}")
        if reply.state is p.ScannerState.FAULT:
            return Health.degraded(f"scanner reports a fault: {reply.message}; {detail}")
        return Health.ok(detail)

    # -- commands ------------------------------------------------------------------------
    def arm(self, params: ArmParameters | None = None) -> None:
        params = params or self.params
        self._expect_ack(p.Arm(params.max_lines, params.integration_us, params.block_lines,
                               params.kv_low, params.kv_high))
        self._armed = params

    def load_scene(self, kind: str, seed: int) -> None:
        """Simulator only: place scene ``kind`` in the tunnel (a real scanner refuses)."""
        self._expect_ack(p.SimScene(kind, seed))

    def inject_fault(self, kind: p.FaultKind, after_block: int = 2, param: int = 0) -> None:
        """Simulator only: inject a fault into the next acquisition (see FaultKind)."""
        self._expect_ack(p.SimFault(kind, after_block, param))

    def scan(self, buffer: LineBuffer, progress: ProgressFn | None = None) -> ScanResult:
        return self._acquire(p.AcquisitionMode.OBJECT, 0, buffer, progress)

    def acquire_dark(self, lines: int, buffer: LineBuffer) -> ScanResult:
        return self._acquire(p.AcquisitionMode.DARK, lines, buffer, None)

    def acquire_flat(self, lines: int, buffer: LineBuffer) -> ScanResult:
        return self._acquire(p.AcquisitionMode.FLAT, lines, buffer, None)

    def abort(self) -> None:
        if self._sock is None:
            return
        with contextlib.suppress(OSError):
            self._send(p.Abort(self._scan_counter))

    # -- acquisition ---------------------------------------------------------------------
    def _acquire(self, mode: p.AcquisitionMode, lines: int, buffer: LineBuffer,
                 progress: ProgressFn | None) -> ScanResult:
        if self._sock is None:
            raise DeviceUnavailable(f"{self.name}: not connected", "the host is reconnecting")
        if self._armed is None:
            self.arm()
        self._scan_counter += 1
        scan_id = self._scan_counter
        request: p.Message = {
            p.AcquisitionMode.OBJECT: lambda: p.Scan(scan_id),
            p.AcquisitionMode.DARK: lambda: p.Dark(scan_id, lines),
            p.AcquisitionMode.FLAT: lambda: p.Flat(scan_id, lines),
        }[mode]()
        self._expect_ack(request)
        started = time.monotonic()
        try:
            begin = self._read_message(self.reply_timeout_s)
        except _StreamBroken as exc:
            self.mark_lost()
            empty = buffer.reserve(2, 0, 0)
            return ScanResult(scan_id, mode, empty, 0, 0, f"no scan started: {exc}",
                              faults_seen=[exc.fault])
        if not isinstance(begin, p.ScanBegin) or begin.scan_id != scan_id:
            self.mark_lost()
            raise DeviceError(f"{self.name}: expected SCAN_BEGIN for scan {scan_id}, got {begin}")
        data = buffer.reserve(begin.energies, begin.lines, begin.pixels)
        result = ScanResult(scan_id, mode, data, begin.lines, 0)
        try:
            self._receive_blocks(begin, result, progress)
        except _StreamBroken as exc:
            result.incomplete_reason = (
                f"{exc} after {result.lines_received} of {begin.lines} lines"
            )
            result.faults_seen.append(exc.fault)
            self.mark_lost()
        result.duration_s = time.monotonic() - started
        self._check_link_speed(result, begin)
        return result

    def _receive_blocks(self, begin: p.ScanBegin, result: ScanResult,
                        progress: ProgressFn | None) -> None:
        """Receive BLOCK frames until SCAN_END, straight into ``result.data``.

        Per block: one read for the block header, then scatter reads for the planes (into
        the host buffer), the block's CRC and, when already there, the next frame's header;
        the CRC-32 runs over each plane right after it arrived (still in cache). No pixel
        is copied by Python.
        """
        sock = self._sock
        assert sock is not None
        sock.settimeout(self.block_timeout_s)
        data = result.data
        expected_index = 0
        head, bh, crc_bytes = memoryview(self._head), memoryview(self._bh), memoryview(self._crc)
        head_got = 0  # bytes of the next frame header already received with a block
        while True:
            if head_got < p.HEADER_SIZE:
                self._recv_exact(head[head_got:], "frame header")
            header = self._check_header()
            if header.type != p.MsgType.BLOCK:
                msg = self._finish_frame(header)
                if isinstance(msg, p.ScanEnd):
                    if msg.status is p.EndStatus.ABORTED:
                        result.incomplete_reason = f"aborted ({msg.message or 'on request'})"
                    elif msg.status is p.EndStatus.FAILED:
                        result.incomplete_reason = f"scanner failed the scan: {msg.message}"
                    elif result.lines_received < begin.lines:
                        result.incomplete_reason = (
                            f"scanner ended after {result.lines_received} of {begin.lines} lines")
                    return
                head_got = 0
                continue  # ACK of an ABORT, STATUS_REPLY: nothing to do mid-scan
            self._recv_exact(bh, "block header")
            block = p.BlockHeader.unpack(bh)
            first, n = block.first_line, block.n_lines
            if (block.scan_id != begin.scan_id or block.pixels != begin.pixels
                    or block.energies != begin.energies
                    or header.length != p.BLOCK_HEADER.size + block.data_bytes
                    or first + n > begin.lines):
                raise _StreamBroken(f"block {block.block_index} does not fit scan {begin.scan_id} "
                                    f"({block})", p.FaultKind.GARBAGE)
            if block.block_index != expected_index or first != result.lines_received:
                raise _StreamBroken(f"block {expected_index} missing (got block "
                                    f"{block.block_index} at line {first})", p.FaultKind.GARBAGE)
            crc = crc32(bh, crc32(head, 0))  # before `head` is overwritten by the next header
            # ndarray.data: the array's buffer as a memoryview, written in place by recv_into
            planes = [data[plane, first:first + n].data.cast("B")
                      for plane in range(block.energies)]
            head_got = self._recv_all([*planes, crc_bytes], f"block {block.block_index}",
                                      spare=head)
            for plane in planes:
                crc = crc32(plane, crc)
            (sent_crc,) = p.CRC.unpack(crc_bytes)
            self._stream_offset += p.HEADER_SIZE + header.length + p.CRC_SIZE
            result.bytes_received += p.HEADER_SIZE + header.length + p.CRC_SIZE
            if sent_crc != crc:
                # Framing is intact (the length matched the block header): keep receiving,
                # blank the damaged lines and say which ones they were.
                data[:, first:first + n] = 0
                result.bad_blocks.append(block.block_index)
                if p.FaultKind.CORRUPT not in result.faults_seen:
                    result.faults_seen.append(p.FaultKind.CORRUPT)
                result.incomplete_reason = (
                    f"corrupt data: block(s) {', '.join(map(str, result.bad_blocks))} failed the "
                    f"CRC-32 check (lines blanked)")
            expected_index += 1
            result.lines_received = first + n
            if progress is not None:
                progress(result.lines_received, begin.lines)

    def _check_link_speed(self, result: ScanResult, begin: p.ScanBegin) -> None:
        armed = self._armed or self.params
        broken = {p.FaultKind.STALL, p.FaultKind.DROP, p.FaultKind.GARBAGE}
        if (broken & set(result.faults_seen) or result.lines_received < 2 * begin.block_lines
                or result.duration_s <= 0):
            return  # a stall or a cut stream says nothing about the link's speed
        rate = result.lines_received / result.duration_s
        needed = armed.line_rate_hz
        if rate < 0.5 * needed:
            result.warnings.append(
                f"slow link: {rate:.0f} lines/s received, the scanner produces {needed:.0f} "
                f"lines/s ({result.bytes_received / result.duration_s / 1e6:.2f} MB/s); "
                "check the network link")
            if p.FaultKind.SLOW not in result.faults_seen:
                result.faults_seen.append(p.FaultKind.SLOW)

    # -- framing -------------------------------------------------------------------------
    def _send(self, message: p.Message) -> int:
        sock = self._sock
        if sock is None:
            raise DeviceUnavailable(f"{self.name}: not connected", "the host is reconnecting")
        with self._send_lock:
            self._seq += 1
            sock.sendall(p.encode(message, self._seq))
            return self._seq

    def _recv_exact(self, view: memoryview, what: str) -> None:
        sock = self._sock
        if sock is None:
            raise _StreamBroken("connection closed", p.FaultKind.DROP)
        got, size = 0, len(view)
        while got < size:
            got += self._received(partial(sock.recv_into, view[got:], size - got), sock, what)

    def _received(self, receive: Callable[[], int], sock: socket.socket, what: str) -> int:
        """Bytes one receive call got; a stall, a drop or an interrupt becomes the fault."""
        try:
            n = receive()
        except TimeoutError:
            raise _StreamBroken(f"scanner stalled: no data for {sock.gettimeout()} s "
                                f"while reading {what}", p.FaultKind.STALL) from None
        except OSError as exc:
            raise _StreamBroken(f"connection dropped while reading {what} ({exc})",
                                p.FaultKind.DROP) from None
        if n == 0:
            why = "interrupted by the watchdog" if self._interrupted else "connection dropped"
            raise _StreamBroken(f"{why} while reading {what}", p.FaultKind.DROP)
        return n

    def _recv_all(self, views: list[memoryview], what: str,
                  spare: memoryview | None = None) -> int:
        """Fill ``views`` in order from the stream with scatter reads (``recvmsg_into``),
        one per chunk the kernel has ready. ``spare`` takes whatever follows without
        waiting for it (the next frame's header: no extra system call); returns how many
        bytes of it were filled."""
        sock = self._sock
        if sock is None:
            raise _StreamBroken("connection closed", p.FaultKind.DROP)
        if not hasattr(sock, "recvmsg_into"):  # Windows: no scatter reads
            for view in views:
                self._recv_exact(view, what)
            return 0
        pending = [v for v in views if len(v)]
        spare_views = [spare] if spare is not None else []
        n = 0
        while pending:
            n = self._received(partial(_first, sock.recvmsg_into, pending + spare_views), sock,
                               what)
            while pending and n >= len(pending[0]):
                n -= len(pending.pop(0))
            if n and pending:
                pending[0] = pending[0][n:]
                n = 0
        return n  # what went past the views: into ``spare``

    def _read_header(self) -> p.Header:
        self._recv_exact(memoryview(self._head), "frame header")
        return self._check_header()

    def _check_header(self) -> p.Header:
        """Validate the frame header now in ``self._head`` and its sequence number."""
        try:
            header = p.parse_header(self._head, self._stream_offset)
        except p.ProtocolError as exc:
            raise _StreamBroken(str(exc), p.FaultKind.GARBAGE) from None
        if header.seq != self._peer_seq + 1:
            raise _StreamBroken(f"frame sequence jumped from {self._peer_seq} to {header.seq}",
                                p.FaultKind.GARBAGE)
        self._peer_seq = header.seq
        return header

    def _finish_frame(self, header: p.Header) -> p.Message:
        payload = bytearray(header.length + p.CRC_SIZE)
        self._recv_exact(memoryview(payload), f"{_type_name(header.type)} frame")
        body, (crc,) = bytes(payload[:-p.CRC_SIZE]), p.CRC.unpack(payload[-p.CRC_SIZE:])
        self._stream_offset += p.HEADER_SIZE + len(payload)
        if zlib.crc32(body, zlib.crc32(self._head)) != crc:
            raise _StreamBroken(f"{_type_name(header.type)} frame failed its CRC-32 check",
                                p.FaultKind.CORRUPT)
        try:
            return p.decode(p.Frame(header.type, header.seq, body))
        except p.ProtocolError as exc:
            raise _StreamBroken(str(exc), p.FaultKind.GARBAGE) from None

    def _read_message(self, timeout_s: float) -> p.Message:
        sock = self._sock
        if sock is None:
            raise _StreamBroken("connection closed", p.FaultKind.DROP)
        sock.settimeout(timeout_s)
        return self._finish_frame(self._read_header())

    def _request(self, message: p.Message, timeout_s: float | None = None) -> p.Message:
        try:
            seq = self._send(message)
        except OSError as exc:
            raise _StreamBroken(f"cannot send {type(message).__name__}: {exc}",
                                p.FaultKind.DROP) from None
        while True:
            reply = self._read_message(timeout_s or self.reply_timeout_s)
            if isinstance(reply, p.Ack | p.Nak) and reply.request_seq not in (seq, 0):
                continue  # late answer to an earlier request (e.g. an ABORT)
            if isinstance(reply, p.Nak):
                raise DeviceError(f"{self.name}: scanner refused {type(message).__name__}: "
                                  f"{reply.message} (code {reply.code})")
            return reply

    def _checked(self, message: p.Message) -> p.Message:
        """A request whose broken stream means: connection lost (host reconnects)."""
        try:
            return self._request(message)
        except _StreamBroken as exc:
            self.mark_lost()
            raise DeviceUnavailable(f"x-ray scanner {self.name!r}: {exc}",
                                    "check the network link to the scanner") from None

    def _expect_ack(self, message: p.Message) -> None:
        reply = self._checked(message)
        if not isinstance(reply, p.Ack):
            self.mark_lost()
            raise DeviceError(f"{self.name}: expected ACK to {type(message).__name__}, "
                              f"got {type(reply).__name__}")


def _type_name(value: int) -> str:
    try:
        return p.MsgType(value).name
    except ValueError:
        return f"type 0x{value:02x}"


def as_array(result: ScanResult) -> np.ndarray:
    """(energies, lines_received, pixels) view of the received lines."""
    return result.data[:, :result.lines_received]


def _first(call: Callable[[list[memoryview]], tuple[Any, ...]], views: list[memoryview]) -> int:
    """Byte count of ``socket.recvmsg_into`` (the first item of what it returns)."""
    return int(call(views)[0])
