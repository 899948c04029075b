"""Simulated dual-energy line scanner speaking our TCP protocol (docs/protocols/xray.md).

Runs in its own process::

    python -m devices.xray.sim.server --port 0 --seed 7 --scene parcel [--fault stall:2:5000]

prints ``LISTENING 127.0.0.1 <port>`` on stdout once it accepts connections, and serves on
loopback until SIGTERM/SIGINT, or, with ``--exit-with-stdin``, until its standard input
ends: :func:`spawn_simulator` gives it a pipe whose other end only the workstation holds,
so the simulator also stops when the workstation dies without cleaning up (SIGKILL, a
crash), as the kernel closes that end. Tests may run :class:`SimulatorServer` in-process instead;
``stop()`` joins every thread it started.

What is "in the tunnel" is server-wide state: the scene it was started with (``--scene``),
later changed by tests with the SIM_SCENE extension message: scene kinds of
:func:`devices.xray.sim.scenes.make_scene` rendered block by block with
:func:`devices.xray.sim.physics.render_lines`, or ``"pattern"``, the detector's built-in test
pattern (no physics; used for transport benchmarks). The simulator is one scanner: the
first scene decides its class (parcel or cargo) and geometry, which IDENTITY reports like a
real scanner's (:mod:`devices.xray.sim.catalogue`); SIM_SCENE refuses a scene of the other
class. Faults are one-shot per connection (SIM_FAULT, applies to the next acquisition) or
server-wide for every acquisition (``--fault KIND:AFTER_BLOCK:PARAM``).

Lane configuration that starts this simulator (through the device registry; the keys of
``[devices.simulator]`` are :class:`devices.xray.sim.settings.XraySimulatorSettings`)::

    [[devices]]
    name = "scanner"
    kind = "xray"
    driver = "xray-tcp"
    simulated = true
    [devices.settings]
    integration_us = 1000
    [devices.simulator]
    seed = 7
    scene = "cargo-mixed"
"""

from __future__ import annotations

import argparse
import contextlib
import os
import selectors
import signal
import socket
import subprocess
import sys
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from devices.settings import parse_settings
from devices.xray import protocol as p
from devices.xray.checksum import crc32
from devices.xray.sim.catalogue import (
    PATTERN,
    check_scene,
    scanner_class,
    scanner_geometry,
    scene_pixels,
)
from devices.xray.sim.settings import XraySimulatorSettings, parse_fault


# -- what the detector sees ----------------------------------------------------------------
class LineSource(Protocol):
    """Lines of one acquisition: ``pixels`` per line, ``lines`` in total."""

    pixels: int
    lines: int

    def render(self, start: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
        """(low, high) uint16 arrays of shape (stop - start, pixels)."""
        ...


@dataclass
class PatternSource:
    """Built-in test pattern: a ramp across the line plus the line number, both energies.

    Cheap (one precomputed tile) so that benchmarks measure the link, not the physics.
    """

    pixels: int
    lines: int
    _tile: np.ndarray = field(init=False, repr=False)
    _blocks: dict[tuple[int, int], tuple[bytes, int]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        ramp = (np.arange(self.pixels, dtype=np.uint32) * 61) % 60000 + 1000
        self._tile = np.stack([ramp, ramp // 2]).astype(np.uint16)  # (2, pixels)
        self._blocks = {}

    def block_planes(self, start: int, stop: int) -> tuple[bytes, int]:
        """Both planes of lines ``start..stop`` as wire bytes, and their CRC-32; cached.

        A pattern never changes, so the sender keeps each block's bytes and CRC and only
        frames them (:func:`devices.xray.protocol.crc32_combine`): the link benchmark then
        measures the receiver, not a sender busy re-rendering and re-checksumming.
        """
        key = (start, stop)
        cached = self._blocks.get(key)
        if cached is None:
            low, high = self.render(start, stop)
            data = np.stack([low, high]).astype(p.PIXEL_DTYPE, copy=False).tobytes()
            cached = self._blocks[key] = (data, crc32(data, 0))
        return cached

    def render(self, start: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
        n = stop - start
        rows = (np.arange(start, stop, dtype=np.uint16) % 256)[:, None]
        low = self._tile[0][None, :] + rows
        high = self._tile[1][None, :] + rows
        return low.astype(np.uint16, copy=False)[:n], high.astype(np.uint16, copy=False)[:n]


class PhysicsSource:
    """A scene from the physics module, rendered on demand block by block."""

    def __init__(self, kind: str, seed: int, detector_seed: int, mode: p.AcquisitionMode,
                 lines: int | None = None, scene: Any = None, detector: Any = None) -> None:
        self.scene = scene
        self.detector = detector
        self.mode = mode
        self.seed = seed
        self.pixels = int(detector.pixels)
        self.lines = int(scene.lines if lines is None else lines)  # scene None: lines given

    def render(self, start: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
        from devices.xray.sim import physics

        if self.mode is p.AcquisitionMode.DARK:
            return physics.render_dark(self.detector, stop - start, seed=self.seed + start)
        if self.mode is p.AcquisitionMode.FLAT:
            return physics.render_flat(self.detector, stop - start, seed=self.seed + start)
        return physics.render_lines(self.scene, self.detector, seed=self.seed, start=start,
                                    stop=stop)


class Tunnel:
    """Server-wide state: the loaded scene and the detector model, cached per geometry.

    The scanner's class and geometry are those of the scene it starts with and never change.
    """

    def __init__(self, seed: int, pattern_pixels: int, pattern_lines: int,
                 scene: str = PATTERN, scene_seed: int | None = None) -> None:
        self.seed = seed
        self.pattern_pixels = pattern_pixels
        self.pattern_lines = pattern_lines
        self.kind = check_scene(scene)
        self.scene_seed = seed if scene_seed is None else scene_seed
        self.scanner_class = scanner_class(scene)
        self.geometry = scanner_geometry(scene)
        self._lock = threading.Lock()
        self._build_lock = threading.Lock()  # one scene built at a time, never twice
        self._scenes: OrderedDict[tuple[str, int], Any] = OrderedDict()
        self._detectors: dict[tuple[int, str], Any] = {}
        self._patterns: dict[tuple[int, int], PatternSource] = {}

    def load(self, kind: str, scene_seed: int) -> None:
        """Place scene ``kind`` in the tunnel; raises ValueError for an unknown kind or a
        scene this scanner's class cannot scan."""
        check_scene(kind)
        if scanner_class(kind) != self.scanner_class:
            raise ValueError(f"scene {kind!r} needs a {scanner_class(kind)} scanner; this "
                             f"simulated scanner is a {self.scanner_class} scanner (start "
                             "it with that scene: [devices.simulator] scene)")
        if kind != PATTERN:
            self._scene(kind, scene_seed)  # build now so errors reach the client as a NAK
        with self._lock:
            self.kind, self.scene_seed = kind, scene_seed

    def warm(self) -> None:
        """Build the scene in the tunnel now (seconds for a cargo truck), not at first scan."""
        if self.kind != PATTERN:
            self._scene(self.kind, self.scene_seed)

    def _scene(self, kind: str, scene_seed: int) -> Any:
        from devices.xray.sim.scenes import make_scene

        key = (kind, scene_seed)
        with self._build_lock:
            with self._lock:
                if key in self._scenes:
                    self._scenes.move_to_end(key)
                    return self._scenes[key]
            scene = make_scene(kind, seed=scene_seed)
            with self._lock:
                self._scenes[key] = scene
                while len(self._scenes) > 4:  # scenes of cargo size are ~100 MB; keep few
                    self._scenes.popitem(last=False)
            return scene

    def _detector(self, pixels: int, energy_pair: str) -> Any:
        from devices.xray.sim.physics import DetectorModel

        key = (pixels, energy_pair)
        with self._lock:
            if key not in self._detectors:
                self._detectors[key] = DetectorModel.default(pixels, seed=self.seed,
                                                             energy_pair=energy_pair)
            return self._detectors[key]

    def _pattern(self, pixels: int, lines: int) -> PatternSource:
        """The test pattern of this geometry, kept (with its framed blocks) between scans."""
        with self._lock:
            pattern = self._patterns.get((pixels, lines))
            if pattern is None:
                self._patterns.clear()  # one geometry at a time: bounded memory
                pattern = self._patterns[(pixels, lines)] = PatternSource(pixels, lines)
            return pattern

    @property
    def pixels(self) -> int:
        """Detector pixels per line for the scene in the tunnel (no scene is built)."""
        if self.kind == PATTERN:
            return self.pattern_pixels
        return scene_pixels(self.kind)

    def identity(self) -> p.Identity:
        g = self.geometry
        return p.Identity(
            pixels=self.pixels, energies=2, bits=16, max_lines=1_000_000,
            vendor="Inspection Workstation project",
            model=f"XRS-SIM dual-energy line scanner ({self.scanner_class})",
            serial=f"SIM-{self.seed:06d}", firmware="sim-1.1",
            pixel_um=round(g.pixel_mm * 1000), energy_pair=g.energy_pair,
            scanner_class=g.scanner_class)

    def source(self, mode: p.AcquisitionMode, lines: int, acquisition: int) -> LineSource:
        """Lines for one acquisition; ``acquisition`` varies the noise between scans.
        Dark and flat lines need no scene: only the detector of this scanner."""
        if self.kind == PATTERN:
            n = self.pattern_lines if mode is p.AcquisitionMode.OBJECT else lines
            return self._pattern(self.pattern_pixels, min(n, lines) if lines else n)
        detector = self._detector(self.pixels, self.geometry.energy_pair)
        noise_seed = self.seed * 100003 + acquisition
        if mode is p.AcquisitionMode.OBJECT:
            scene = self._scene(self.kind, self.scene_seed)
            n = min(lines, int(scene.lines)) if lines else int(scene.lines)
            return PhysicsSource(self.kind, noise_seed, self.seed, mode, n, scene, detector)
        return PhysicsSource(self.kind, noise_seed, self.seed, mode, lines, None, detector)


# -- one connection ------------------------------------------------------------------------
class _Dropped(Exception):
    """The client went away or a DROP fault closed the link."""


class _Connection:
    def __init__(self, server: SimulatorServer, sock: socket.socket) -> None:
        self.server = server
        self.sock = sock
        self.seq = 0
        self.decoder = p.FrameDecoder()
        self.arm: p.Arm | None = None
        self.fault: p.SimFault | None = None
        self.started = time.monotonic()
        self.state = p.ScannerState.IDLE
        self.abort_requested = False
        self.throttle_bps = 0
        # One selector per connection: polled before every block for ABORT/STATUS requests.
        self._readable = selectors.DefaultSelector()
        self._readable.register(sock, selectors.EVENT_READ)

    # sending -----------------------------------------------------------------------------
    def _send(self, data: bytes | bytearray | memoryview) -> None:
        try:
            if self.throttle_bps <= 0:
                self.sock.sendall(data)
                return
            # Slow link: pace chunks of ~1/20 s worth of bytes.
            chunk = max(256, self.throttle_bps // 20)
            view = memoryview(data)
            for i in range(0, len(view), chunk):
                self.sock.sendall(view[i:i + chunk])
                if self.server.stopping.wait(len(view[i:i + chunk]) / self.throttle_bps):
                    raise _Dropped("server stopping")
        except OSError as exc:
            raise _Dropped(str(exc)) from None

    def _send_parts(self, *parts: bytes | bytearray | memoryview) -> None:
        """Send ``parts`` back to back with as few system calls as the kernel allows
        (``sendmsg`` gathers them: no concatenation copy)."""
        if self.throttle_bps > 0:
            for part in parts:
                self._send(part)
            return
        views = [memoryview(part).cast("B") for part in parts]
        try:
            while views:
                sent = self.sock.sendmsg(views)
                while views and sent >= len(views[0]):
                    sent -= len(views[0])
                    views.pop(0)
                if sent:
                    views[0] = views[0][sent:]
        except OSError as exc:
            raise _Dropped(str(exc)) from None

    def send(self, message: p.Message) -> None:
        self.seq += 1
        self._send(p.encode(message, self.seq))

    # receiving ---------------------------------------------------------------------------
    def _read_available(self, block: bool) -> list[p.Frame]:
        if not block and not self._readable.select(0):
            return []
        try:
            data = self.sock.recv(65536)
        except OSError as exc:
            raise _Dropped(str(exc)) from None
        if not data:
            raise _Dropped("client closed the connection")
        self.decoder.feed(data)
        return list(self.decoder.frames())

    def serve(self) -> None:
        try:
            while not self.server.stopping.is_set():
                for frame in self._read_available(block=True):
                    self.handle(frame)
        except _Dropped:
            pass  # normal end of a connection: the client left or a DROP fault fired
        except p.ProtocolError as exc:
            # Garbled input from the client: tell it why (best effort) and hang up.
            with contextlib.suppress(_Dropped):
                self.send(p.Nak(0, p.NakCode.BAD_REQUEST, f"protocol error: {exc}"))
        finally:
            self._readable.close()
            with contextlib.suppress(OSError):
                self.sock.close()

    def handle(self, frame: p.Frame) -> None:
        try:
            msg = p.decode(frame)
        except p.ProtocolError as exc:
            self.send(p.Nak(frame.seq, p.NakCode.BAD_REQUEST, str(exc)))
            return
        tunnel = self.server.tunnel
        if isinstance(msg, p.Identify):
            self.send(tunnel.identity())
        elif isinstance(msg, p.StatusRequest):
            self.send(p.StatusReply(self.state, 31.5, True,
                                    int(time.monotonic() - self.server.started)))
        elif isinstance(msg, p.Arm):
            if msg.lines < 1 or msg.block_lines < 1:
                self.send(p.Nak(frame.seq, p.NakCode.BAD_REQUEST,
                                "ARM: lines and block_lines must be >= 1"))
                return
            self.arm = msg
            self.state = p.ScannerState.ARMED
            self.send(p.Ack(frame.seq))
        elif isinstance(msg, p.SimScene):
            try:
                tunnel.load(msg.kind, msg.seed)
            except (ValueError, KeyError) as exc:
                self.send(p.Nak(frame.seq, p.NakCode.BAD_REQUEST, f"SIM_SCENE: {exc}"))
                return
            self.send(p.Ack(frame.seq))
        elif isinstance(msg, p.SimFault):
            self.fault = msg if msg.kind is not p.FaultKind.NONE else None
            self.send(p.Ack(frame.seq))
        elif isinstance(msg, p.Scan | p.Dark | p.Flat):
            self.acquire(frame.seq, msg)
        elif isinstance(msg, p.Abort):
            self.send(p.Nak(frame.seq, p.NakCode.NOT_ARMED, "ABORT: no acquisition running"))
        else:
            self.send(p.Nak(frame.seq, p.NakCode.UNSUPPORTED,
                            f"{p.MsgType(frame.type).name} is not a request"))

    def acquire(self, request_seq: int, msg: p.Scan | p.Dark | p.Flat) -> None:
        if self.arm is None:
            self.send(p.Nak(request_seq, p.NakCode.NOT_ARMED, "send ARM before acquiring"))
            return
        mode = {p.Scan: p.AcquisitionMode.OBJECT, p.Dark: p.AcquisitionMode.DARK,
                p.Flat: p.AcquisitionMode.FLAT}[type(msg)]
        lines = self.arm.lines if isinstance(msg, p.Scan) else (msg.lines or self.arm.lines)
        self.server.acquisitions += 1
        try:
            source = self.server.tunnel.source(mode, lines, self.server.acquisitions)
        except (ValueError, KeyError) as exc:
            self.send(p.Nak(request_seq, p.NakCode.BAD_REQUEST, f"cannot acquire: {exc}"))
            return
        fault = self.fault or self.server.default_fault
        self.fault = None
        self.send(p.Ack(request_seq))
        self.stream(msg.scan_id, mode, source, fault)

    def stream(self, scan_id: int, mode: p.AcquisitionMode, source: LineSource,
               fault: p.SimFault | None) -> None:
        assert self.arm is not None
        block_lines = self.arm.block_lines
        self.state = p.ScannerState.SCANNING
        self.abort_requested = False
        self.throttle_bps = fault.param if fault and fault.kind is p.FaultKind.SLOW else 0
        self.send(p.ScanBegin(scan_id, mode, 2, source.pixels, source.lines, block_lines))
        sent = 0
        status, message = p.EndStatus.COMPLETE, ""
        rng = np.random.default_rng(scan_id)
        for index, start in enumerate(range(0, source.lines, block_lines)):
            for frame in self._read_available(block=False):
                self._handle_during_scan(frame)
            if self.abort_requested or self.server.stopping.is_set():
                status, message = p.EndStatus.ABORTED, "aborted on request"
                break
            if fault is not None and index == fault.after_block:
                if fault.kind is p.FaultKind.STALL:
                    # The detector stops delivering; the link stays up.
                    self.server.stopping.wait(fault.param / 1000)
                elif fault.kind is p.FaultKind.DROP:
                    with contextlib.suppress(OSError):
                        self.sock.shutdown(socket.SHUT_RDWR)
                    raise _Dropped("DROP fault injected")
                elif fault.kind is p.FaultKind.GARBAGE:
                    self._send(rng.integers(0, 256, max(1, fault.param), np.uint8).tobytes())
            stop = min(source.lines, start + block_lines)
            header = p.BlockHeader(scan_id, index, start, stop - start, source.pixels, 2)
            corrupt = (fault is not None and fault.kind is p.FaultKind.CORRUPT
                       and index == fault.after_block)
            if isinstance(source, PatternSource) and not corrupt:
                self._send_cached_block(header, *source.block_planes(start, stop))
            else:
                self._send_rendered_block(header, *source.render(start, stop), corrupt=corrupt)
            sent = stop
        self.throttle_bps = 0
        self.state = p.ScannerState.ARMED
        self.send(p.ScanEnd(scan_id, status, sent, message))

    def _send_rendered_block(self, header: p.BlockHeader, low: np.ndarray, high: np.ndarray,
                             *, corrupt: bool) -> None:
        # One bytearray per block, filled in place: no concatenation copies.
        body = bytearray(p.BLOCK_HEADER.size + header.data_bytes)
        p.BLOCK_HEADER.pack_into(body, 0, *astuple_block(header))
        planes = np.frombuffer(body, p.PIXEL_DTYPE, offset=p.BLOCK_HEADER.size)
        planes = planes.reshape(2, header.n_lines, header.pixels)
        planes[0] = low
        planes[1] = high
        self.seq += 1
        head = p.encode_header(p.MsgType.BLOCK, self.seq, len(body))
        crc = crc32(body, crc32(head, 0))
        if corrupt:
            body[p.BLOCK_HEADER.size + len(body) // 3] ^= 0x5A  # one pixel byte, after the CRC
        self._send_parts(head, body, p.CRC.pack(crc))

    def _send_cached_block(self, header: p.BlockHeader, planes: bytes, planes_crc: int) -> None:
        self.seq += 1
        framing = (p.encode_header(p.MsgType.BLOCK, self.seq, p.BLOCK_HEADER.size + len(planes))
                   + header.pack())
        crc = p.crc32_combine(zlib.crc32(framing), planes_crc, len(planes))
        self._send_parts(framing, planes, p.CRC.pack(crc))

    def _handle_during_scan(self, frame: p.Frame) -> None:
        try:
            msg = p.decode(frame)
        except p.ProtocolError as exc:
            self.send(p.Nak(frame.seq, p.NakCode.BAD_REQUEST, str(exc)))
            return
        if isinstance(msg, p.Abort):
            self.abort_requested = True
            self.send(p.Ack(frame.seq))
        elif isinstance(msg, p.StatusRequest):
            self.send(p.StatusReply(self.state, 31.5, True,
                                    int(time.monotonic() - self.server.started)))
        else:
            self.send(p.Nak(frame.seq, p.NakCode.BUSY, "acquisition running"))


def astuple_block(h: p.BlockHeader) -> tuple[int, ...]:
    return (h.scan_id, h.block_index, h.first_line, h.n_lines, h.pixels, h.energies)


# -- the server ----------------------------------------------------------------------------
class SimulatorServer:
    """Loopback TCP server, one thread per connection; ``stop()`` joins them all."""

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0, seed: int = 0,
                 default_fault: p.SimFault | None = None, pattern_pixels: int = 1024,
                 pattern_lines: int = 1536, scene: str = PATTERN,
                 scene_seed: int | None = None) -> None:
        self.tunnel = Tunnel(seed, pattern_pixels, pattern_lines, scene, scene_seed)
        self.default_fault = default_fault
        self.stopping = threading.Event()
        self.started = time.monotonic()
        self.acquisitions = 0
        self._listener = socket.create_server((host, port))
        self._listener.settimeout(0.2)  # accept loop re-checks `stopping` this often
        self._threads: list[threading.Thread] = []
        self._socks: list[socket.socket] = []
        self._lock = threading.Lock()
        self._accept_thread = threading.Thread(target=self._accept, name="xray-sim-accept")

    @property
    def address(self) -> tuple[str, int]:
        host, port = self._listener.getsockname()[:2]
        return str(host), int(port)

    def start(self) -> SimulatorServer:
        self._accept_thread.start()
        return self

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                sock, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # listener closed by stop()
            sock.settimeout(None)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            conn = _Connection(self, sock)
            thread = threading.Thread(target=conn.serve, name="xray-sim-conn")
            with self._lock:
                self._threads = [t for t in self._threads if t.is_alive()]
                self._threads.append(thread)
                self._socks.append(sock)
            thread.start()

    def stop(self) -> None:
        """Close the listener and every connection, join every thread. Idempotent."""
        self.stopping.set()
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes accept() at once on Linux
        with contextlib.suppress(OSError):
            self._listener.close()
        if self._accept_thread.is_alive():
            self._accept_thread.join()
        with self._lock:
            socks, threads = list(self._socks), list(self._threads)
            self._socks.clear()
        for sock in socks:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        for thread in threads:
            thread.join()

    def __enter__(self) -> SimulatorServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# -- as a process ---------------------------------------------------------------------------
def _fault_arg(text: str) -> p.SimFault:
    try:
        return parse_fault(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _scene_arg(text: str) -> str:
    try:
        return check_scene(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devices.xray.sim.server",
                                     description="simulated dual-energy x-ray line scanner")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--seed", type=int, default=0, help="detector and noise seed")
    parser.add_argument("--scene", type=_scene_arg, default=PATTERN,
                        help="scene in the tunnel; decides the scanner's class and geometry")
    parser.add_argument("--scene-seed", type=int, default=None,
                        help="seed of the scene's contents (default: --seed)")
    parser.add_argument("--fault", type=_fault_arg, default=None,
                        help="fault for every acquisition: KIND[:AFTER_BLOCK[:PARAM]]")
    parser.add_argument("--pattern-pixels", type=int, default=1024)
    parser.add_argument("--pattern-lines", type=int, default=1536)
    parser.add_argument("--exit-with-stdin", action="store_true",
                        help="stop when standard input ends (the parent's pipe closes)")
    args = parser.parse_args(argv)
    server = SimulatorServer(host=args.host, port=args.port, seed=args.seed,
                             default_fault=args.fault, pattern_pixels=args.pattern_pixels,
                             pattern_lines=args.pattern_lines, scene=args.scene,
                             scene_seed=args.scene_seed)
    done = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: done.set())
    if args.exit_with_stdin:
        threading.Thread(target=_wait_for_eof, args=(done,), name="xray-sim-parent",
                         daemon=True).start()
    server.start()
    # Build the scene while the lane connects and calibrates (dark and flat lines need no
    # scene), not when the first vehicle is scanned. The process ends it on exit.
    threading.Thread(target=server.tunnel.warm, name="xray-sim-warm", daemon=True).start()
    host, port = server.address
    print(f"LISTENING {host} {port}", flush=True)
    done.wait()
    server.stop()
    return 0


def _wait_for_eof(done: threading.Event) -> None:
    """Set ``done`` when standard input ends: the parent closed its end or died."""
    with contextlib.suppress(OSError, ValueError):
        while os.read(sys.stdin.fileno(), 4096):
            pass  # the parent sends nothing; a byte is not a reason to stop
    done.set()


@dataclass
class SimulatorProcess:
    """A simulator running as a child process (registry simulator handle)."""

    process: subprocess.Popen[bytes]
    host: str
    port: int

    @property
    def settings(self) -> Mapping[str, Any]:
        return {"host": self.host, "port": self.port}

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()


def start_simulator_process(name: str, settings: Mapping[str, Any],
                            timeout_s: float = 30.0) -> SimulatorProcess:
    """Registry simulator factory: start ``python -m devices.xray.sim.server`` for device
    ``name`` and wait for its port.

    ``settings``: the device's ``[devices.simulator]`` table only
    (:class:`~devices.xray.sim.settings.XraySimulatorSettings`; unknown keys are errors).
    """
    s = parse_settings(XraySimulatorSettings, name, settings, table="simulator",
                       owner="the xray-tcp simulator")
    args = ["--seed", str(s.seed), "--scene", s.scene,
            "--pattern-pixels", str(s.pattern_pixels), "--pattern-lines", str(s.pattern_lines)]
    if s.scene_seed is not None:
        args += ["--scene-seed", str(s.scene_seed)]
    if s.fault:
        args += ["--fault", s.fault]
    return spawn_simulator(args, name, timeout_s)


def spawn_simulator(args: list[str], name: str = "x-ray simulator",
                    timeout_s: float = 30.0) -> SimulatorProcess:
    """Run the simulator process with extra command-line ``args``; wait for LISTENING."""
    cmd = [sys.executable, "-m", "devices.xray.sim.server", "--port", "0", "--exit-with-stdin", *args]
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[3])  # the folder that holds devices/
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    # stdin: a pipe only this process holds (close_fds keeps it from other children), so
    # the simulator ends with it when this process dies without stopping it.
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    assert proc.stdout is not None
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        ready = sel.select(timeout_s)
    line = proc.stdout.readline().decode("ascii", "replace").split() if ready else []
    if len(line) != 3 or line[0] != "LISTENING":
        handle = SimulatorProcess(proc, "", 0)
        handle.close()
        raise OSError(f"{name}: x-ray simulator did not start within {timeout_s} s "
                      f"(got {' '.join(line)!r}, exit code {proc.returncode})")
    return SimulatorProcess(proc, line[1], int(line[2]))


if __name__ == "__main__":
    raise SystemExit(main())
