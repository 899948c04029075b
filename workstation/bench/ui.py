"""``workstation bench ui``: main-thread responsiveness of the lane application.

The application runs offscreen with the stand-in lane; a 10 ms ``QTimer`` on the main
thread records how late each tick is. Baseline: the same timer, same window, app idle.
Ours: the same timer while a vehicle arrives, a control is opened, a cargo scan
(``--lines`` x ``--pixels``, dual energy) streams in, is rendered tile by tile and its
findings are drawn. Reported: the 99th percentile of the lateness and the longest stall
(largest tick interval minus 10 ms), in seconds. Target: no stall over 50 ms.

The UI package is imported lazily (importlib) so the core never imports Qt at module level.
"""

from __future__ import annotations

import argparse
import importlib
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from workstation.bench import BenchResult
from workstation.cli.context import CliContext

TICK_MS = 10


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lines", type=int, default=6000, help="scan lines (default 6000)")
    parser.add_argument("--pixels", type=int, default=2048,
                        help="detector pixels per line (default 2048)")
    parser.add_argument("--line-rate", type=float, default=3000.0,
                        help="simulated scanner line rate in lines/s (default 3000)")
    parser.add_argument("--idle-s", type=float, default=3.0,
                        help="seconds of idle baseline (default 3)")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


class _TickProbe:
    """Records the interval between 10 ms timer ticks on the main thread."""

    def __init__(self, qtcore: Any) -> None:
        self.intervals: list[float] = []
        self._last = time.perf_counter()
        self.timer = qtcore.QTimer()
        self.timer.setTimerType(qtcore.Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.intervals.append(now - self._last)
        self._last = now

    def start(self) -> None:
        self.intervals.clear()
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> tuple[float, float, int]:
        """(p99 lateness s, longest stall s, ticks)."""
        self.timer.stop()
        late = [max(0.0, i - TICK_MS / 1000) for i in self.intervals]
        return _percentile(late, 99), max(late, default=0.0), len(late)


def _run_until(qtcore: Any, app: Any, done: Any, timeout_s: float) -> bool:
    """Run the Qt event loop until ``done()`` is true (checked every 20 ms) or timeout."""
    loop = qtcore.QEventLoop()
    check = qtcore.QTimer()
    check.setInterval(20)
    deadline = time.monotonic() + timeout_s

    def poll() -> None:
        if done() or time.monotonic() > deadline:
            loop.quit()

    check.timeout.connect(poll)
    check.start()
    loop.exec()
    check.stop()
    return bool(done())


def run(ctx: CliContext, args: argparse.Namespace) -> list[BenchResult]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="bench-ui-") as tmp:
        # Drafts and UI settings of the bench go to a scratch folder, never the officer's.
        previous_home = os.environ.get("WORKSTATION_HOME")
        os.environ["WORKSTATION_HOME"] = tmp
        try:
            return _measure(args, Path(tmp))
        finally:
            if previous_home is None:
                os.environ.pop("WORKSTATION_HOME", None)
            else:
                os.environ["WORKSTATION_HOME"] = previous_home


def _measure(args: argparse.Namespace, tmp: Path) -> list[BenchResult]:
    qtcore = importlib.import_module("PySide6.QtCore")
    ui_app = importlib.import_module("ui.app")
    ui_context = importlib.import_module("ui.context")
    from workstation.config import WorkstationConfig
    from workstation.services import users

    app = ui_app.make_qapplication(["workstation-bench"])
    config = WorkstationConfig()
    config.database.url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    lane_ctx = ui_context.AppContext.create(config, simulate_lane=True,
                                            line_rate_hz=args.line_rate)
    password = "bench-officer-password"
    with lane_ctx.db.unit_of_work() as s:
        users.add_user(s, "bench", "officer", password, actor="bench")
    lane = ui_app.LaneApplication(app, lane_ctx)
    try:
        user = lane_ctx.writer.run_now(lambda: lane_ctx.gateway.authenticate("bench", password))
        window = lane.open_window_for(user)
        probe = _TickProbe(qtcore)
        _run_until(qtcore, app, lambda: False, 0.5)  # let the window settle

        probe.start()
        _run_until(qtcore, app, lambda: False, args.idle_s)
        idle_p99, idle_max, idle_ticks = probe.stop()

        sim = lane_ctx.sim
        opened: list[str] = []
        window.control_opened.connect(opened.append)
        probe.start()
        started = time.perf_counter()
        sim.vehicle_arrives("BENCH01")
        _run_until(qtcore, app, lambda: window.camera.reading is not None, 30)
        window.camera.confirm.click()
        _run_until(qtcore, app, lambda: bool(opened), 30)
        sim.scan(rows=args.lines, columns=args.pixels)
        finished = _run_until(
            qtcore, app,
            lambda: (window.viewer.rendered_to >= args.lines and bool(window.viewer.findings)),
            120)
        busy_s = time.perf_counter() - started
        busy_p99, busy_max, busy_ticks = probe.stop()
        if not finished:
            raise RuntimeError("the scan did not finish streaming and rendering within 120 s")
    finally:
        lane.shutdown()
    extra = {"scan": f"{args.lines} x {args.pixels} x 2", "line_rate_hz": args.line_rate,
             "busy_s": round(busy_s, 2), "ticks_busy": busy_ticks, "ticks_idle": idle_ticks,
             "target_stall_s": 0.050}
    return [
        BenchResult("10 ms timer p99 lateness", busy_p99, "same timer, idle app", idle_p99,
                    extra),
        BenchResult("longest main-thread stall", busy_max, "same timer, idle app", idle_max,
                    {"within_target": busy_max <= 0.050}),
    ]
