"""Line ingestion over loopback: our driver vs reading the same bytes from a bare socket.

Ours: the simulator process streams its built-in test pattern (so that rendering physics
does not limit the link) as protocol BLOCK frames; the driver receives them into a
preallocated line buffer, checking sequence numbers and CRC-32. Baseline: a bare sender
process writes the same number of bytes and a bare reader ``recv_into``s them into a
preallocated buffer, no framing, no checks. Both senders are separate processes and both
readers run in this process, in the same run. Target (issue 3): ours at least half as fast
as the bare socket, i.e. ``ours_s / baseline_s <= 2``.

Run on its own: ``python -m workstation.bench.xray_ingest [--pixels 2048 --lines 4096]``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from workstation.bench import BenchResult, median_time

DEFAULT_PIXELS = 2048
DEFAULT_LINES = 4096
BLOCK_LINES = 64


def _bare_sender_main(total: int) -> int:
    """Child process: accept one connection per round and write ``total`` bytes to it."""
    listener = socket.create_server(("127.0.0.1", 0))
    print(f"LISTENING 127.0.0.1 {listener.getsockname()[1]}", flush=True)
    chunk = memoryview(bytes(1024 * 1024))
    while True:
        conn, _ = listener.accept()
        with conn:
            if conn.recv(1) != b"G":  # "go"; anything else (EOF) ends the sender
                return 0
            left = total
            while left:
                n = min(left, len(chunk))
                conn.sendall(chunk[:n])
                left -= n


def _spawn(cmd: list[str]) -> tuple[subprocess.Popen[bytes], int]:
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, env=env)
    assert proc.stdout is not None
    line = proc.stdout.readline().decode().split()
    if len(line) != 3:
        proc.kill()
        proc.wait()
        raise RuntimeError(f"bench sender did not start: {cmd}")
    return proc, int(line[2])


def ingest_results(repeats: int = 3, *, pixels: int = DEFAULT_PIXELS,
                   lines: int = DEFAULT_LINES) -> list[BenchResult]:
    """One BenchResult: a dual-energy ``lines`` x ``pixels`` scan (2 bytes per sample)."""
    import numpy as np

    from devices.xray.driver import XrayScannerDriver
    from devices.xray.interface import ArmParameters, LineBuffer
    from devices.xray.simulator_server import spawn_simulator

    payload = 2 * lines * pixels * 2
    sim = spawn_simulator(["--pattern-pixels", str(pixels), "--pattern-lines", str(lines)],
                          "bench simulator")
    bare, bare_port = _spawn([sys.executable, "-m", "workstation.bench.xray_ingest",
                              "--bare-sender", str(payload)])
    driver = XrayScannerDriver("bench", sim.host, sim.port, block_timeout_s=10.0,
                               params=ArmParameters(max_lines=lines, block_lines=BLOCK_LINES,
                                                    integration_us=1))
    buffer = LineBuffer(payload)
    sink = np.empty(payload, np.uint8)
    try:
        driver.open(10.0)
        driver.arm()
        received: list[int] = []

        def ours() -> None:
            result = driver.scan(buffer)
            if not result.complete:
                raise RuntimeError(f"bench scan incomplete: {result.incomplete_reason}")
            received.append(result.bytes_received)

        def baseline() -> None:
            view = memoryview(sink)
            with socket.create_connection(("127.0.0.1", bare_port)) as conn:
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 * 1024 * 1024)
                conn.sendall(b"G")
                got = 0
                while got < payload:
                    n = conn.recv_into(view[got:], payload - got)
                    if n == 0:
                        raise RuntimeError("bare sender closed early")
                    got += n

        ours()  # warm-up: page in buffers, let both senders start
        baseline()
        ours_s = median_time(ours, repeats)
        base_s = median_time(baseline, repeats)
    finally:
        driver.dispose()
        sim.close()
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", bare_port)):
            pass  # EOF instead of "G" ends the bare sender
        try:
            bare.wait(timeout=5)
        except subprocess.TimeoutExpired:
            bare.kill()
            bare.wait()
        if bare.stdout is not None:
            bare.stdout.close()
    mib = payload / 2**20
    return [BenchResult(
        name=f"x-ray line ingestion {lines}x{pixels} dual-energy ({mib:.0f} MiB, loopback)",
        ours_s=ours_s,
        baseline="bare socket recv_into of the same bytes",
        baseline_s=base_s,
        extra={"ours_MiB_s": round(mib / ours_s, 1), "bare_MiB_s": round(mib / base_s, 1),
               "frame_bytes": received[-1] if received else 0,
               "target": "ours_s / baseline_s <= 2"},
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
    parser.add_argument("--bare-sender", type=int, metavar="BYTES", help=argparse.SUPPRESS)
    parser.add_argument("--pixels", type=int, default=DEFAULT_PIXELS)
    parser.add_argument("--lines", type=int, default=DEFAULT_LINES)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    if args.bare_sender:
        return _bare_sender_main(args.bare_sender)
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
