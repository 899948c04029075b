"""Line ingestion over loopback: our driver vs reading the same bytes from a bare socket.

Both readers receive the same bytes from the same sender: the simulator process streaming
its built-in test pattern (framed blocks cached, so that neither rendering nor the sender's
checksums limit the link). Ours: the driver receives each acquisition into a preallocated
line buffer, checking frame sequence numbers, block headers and every CRC-32. Baseline: a
bare socket on a second connection to the same simulator sends the same ARM and SCAN
requests as pre-encoded bytes and ``recv_into``s the whole answer (ACK, SCAN_BEGIN, BLOCKs,
SCAN_END: the same byte count) into a preallocated buffer, no parsing, no checks. Both
readers run in this process, alternately, in the same run. Target (issue 3): ours at least
half as fast as the bare socket, i.e. ``ours_s / baseline_s <= 2``.

Run on its own: ``python -m workstation.bench.xray_ingest [--pixels 2048 --lines 4096]``.
"""

from __future__ import annotations

import argparse
import socket
import time
from typing import TYPE_CHECKING

from workstation.bench import BenchResult, median_time

if TYPE_CHECKING:
    import numpy as np

DEFAULT_PIXELS = 2048
DEFAULT_LINES = 4096
BLOCK_LINES = 64
RECEIVE_BUFFER = 4 * 1024 * 1024  # the driver's SO_RCVBUF; the bare reader gets the same


class BareReader:
    """A protocol-less client of the simulator: pre-encoded requests, raw ``recv_into``."""

    def __init__(self, host: str, port: int, *, lines: int, pixels: int) -> None:
        from devices.xray import protocol as p

        self._p = p
        self.lines, self.pixels = lines, pixels
        self.sock = socket.create_connection((host, port), timeout=30.0)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)
        self.seq = 0
        self.scan_id = 1000  # distinct from the driver's scan numbers, same frame sizes
        ack = p.encode(p.Ack(0), 1)
        self._request(p.Arm(lines, 1, BLOCK_LINES))
        self._read_exact(memoryview(bytearray(len(ack))))
        blocks = [min(BLOCK_LINES, lines - s) for s in range(0, lines, BLOCK_LINES)]
        self.answer_bytes = (
            len(ack)
            + len(p.encode(p.ScanBegin(0, p.AcquisitionMode.OBJECT, 2, pixels, lines,
                                       BLOCK_LINES), 1))
            + sum(p.block_frame_size(n, pixels) for n in blocks)
            + len(p.encode(p.ScanEnd(0, p.EndStatus.COMPLETE, lines), 1))
        )

    def _request(self, message: object) -> None:
        self.seq += 1
        self.sock.sendall(self._p.encode(message, self.seq))  # type: ignore[arg-type]

    def _read_exact(self, view: memoryview) -> None:
        got = 0
        while got < len(view):
            n = self.sock.recv_into(view[got:])
            if n == 0:
                raise RuntimeError("the simulator closed the bare connection")
            got += n

    def scan(self, sink: np.ndarray) -> None:
        """One acquisition's answer, byte for byte, into ``sink`` (uint8, large enough)."""
        self.scan_id += 1
        self._request(self._p.Scan(self.scan_id))
        self._read_exact(sink.data[:self.answer_bytes])  # the array's buffer, written in place

    def check_last_answer(self, sink: np.ndarray) -> None:
        """The answer must end with a complete SCAN_END frame: the byte count was right."""
        p = self._p
        end = len(p.encode(p.ScanEnd(0, p.EndStatus.COMPLETE, self.lines), 1))
        tail = bytes(sink[self.answer_bytes - end:self.answer_bytes])
        header = p.parse_header(tail)
        message = p.decode(p.Frame(header.type, header.seq, tail[p.HEADER_SIZE:-p.CRC_SIZE]))
        if not (isinstance(message, p.ScanEnd) and message.status is p.EndStatus.COMPLETE
                and message.lines_sent == self.lines):
            raise RuntimeError(f"bare reader: the answer did not end with SCAN_END ({message})")

    def close(self) -> None:
        self.sock.close()


def ingest_results(repeats: int = 3, *, pixels: int = DEFAULT_PIXELS,
                   lines: int = DEFAULT_LINES) -> list[BenchResult]:
    """One BenchResult: a dual-energy ``lines`` x ``pixels`` scan (2 bytes per sample)."""
    import numpy as np

    from devices.registry import DeviceSpec, start_simulator
    from devices.xray.checksum import CRC32_IMPLEMENTATION
    from devices.xray.driver import XrayScannerDriver
    from devices.xray.interface import ArmParameters, LineBuffer

    payload = 2 * lines * pixels * 2
    # The simulator process through the registry, its test pattern (no physics): the link
    # is measured, not the rendering.
    sim = start_simulator(DeviceSpec(
        "bench simulator", "xray", "xray-tcp", simulated=True,
        simulator={"scene": "pattern", "pattern_pixels": pixels, "pattern_lines": lines}))
    host, port = str(sim.settings["host"]), int(sim.settings["port"])
    driver = XrayScannerDriver("bench", host, port, block_timeout_s=10.0,
                               params=ArmParameters(max_lines=lines, block_lines=BLOCK_LINES,
                                                    integration_us=1))
    bare: BareReader | None = None
    buffer = LineBuffer(payload)
    try:
        driver.open(10.0)
        driver.arm()
        bare = BareReader(host, port, lines=lines, pixels=pixels)
        sink = np.empty(bare.answer_bytes, np.uint8)
        received: list[int] = []

        def ours() -> None:
            result = driver.scan(buffer)
            if not result.complete:
                raise RuntimeError(f"bench scan incomplete: {result.incomplete_reason}")
            received.append(result.bytes_received)

        reader = bare

        def baseline() -> None:
            reader.scan(sink)

        ours()  # warm-up: page in both buffers, fill the simulator's block cache
        baseline()
        bare.check_last_answer(sink)
        ours_times: list[float] = []
        base_times: list[float] = []
        for _ in range(repeats):  # alternate, so that both see the same machine load
            ours_times.append(median_time(ours, 1))
            base_times.append(median_time(baseline, 1))
        bare.check_last_answer(sink)
    finally:
        if bare is not None:
            bare.close()
        driver.dispose()
        sim.close()
    ours_s, base_s = sorted(ours_times)[len(ours_times) // 2], sorted(base_times)[len(base_times) // 2]
    mib = payload / 2**20
    return [BenchResult(
        name=f"x-ray line ingestion {lines}x{pixels} dual-energy ({mib:.0f} MiB, loopback)",
        ours_s=ours_s,
        baseline="bare recv_into of the same simulator's bytes",
        baseline_s=base_s,
        extra={"ours_MiB_s": round(mib / ours_s, 1), "bare_MiB_s": round(mib / base_s, 1),
               "block_bytes": received[-1] if received else 0, "stream_bytes": sink.size,
               "crc32": CRC32_IMPLEMENTATION, "target": "ours_s / baseline_s <= 2"},
    )]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``workstation bench xray-ingest``."""
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per case (median)")
    parser.add_argument("--pixels", type=int, default=DEFAULT_PIXELS)
    parser.add_argument("--lines", type=int, default=DEFAULT_LINES)


def run(ctx: object, args: argparse.Namespace) -> list[BenchResult]:
    """Entry point of ``workstation bench xray-ingest`` (see workstation.bench)."""
    return ingest_results(args.repeats, pixels=args.pixels, lines=args.lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pixels", type=int, default=DEFAULT_PIXELS)
    parser.add_argument("--lines", type=int, default=DEFAULT_LINES)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    from workstation.bench import format_table

    started = time.perf_counter()
    results = ingest_results(args.repeats, pixels=args.pixels, lines=args.lines)
    print(format_table("xray-ingest", results))
    for r in results:
        print(f"  {r.extra}")
    print(f"  ({time.perf_counter() - started:.1f} s in all)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
