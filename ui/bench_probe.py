"""The Qt half of ``workstation bench ui`` (front-end entry point ``bench-ui``): the lane
application offscreen on the real simulators, a 10 ms timer on its main thread, and the
flow from plate read to analysed scan. The timer, the stall sampler and the report are
the core's (:mod:`workstation.bench.ui`)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from PySide6 import QtCore as qtcore

from ui.app import LaneApplication, make_qapplication
from ui.context import AppContext
from workstation.bench import BenchResult
from workstation.bench.ui import StallSampler, _run_until, _TickProbe, cpu_by_thread, cpu_report


def _referral(config: Any) -> list[dict[str, Any]]:
    """One queued referral naming the camera simulator's first vehicle (seed 7)."""
    from datetime import UTC, datetime, timedelta

    from devices.registry import simulation

    make_vehicle = simulation("camera-opencv").make_vehicle
    now = datetime.now(UTC)
    return [{"referral_id": "BENCH-000001", "source": "manual", "issued_at": now.isoformat(),
             "declaration_type": "IM", "channel": "red", "priority": 1, "lane": config.lane.lane_id,
             "deadline": (now + timedelta(hours=1)).isoformat(),
             "transport": {"plates": [make_vehicle(7, 0).plate], "containers": [], "parcel_ids": []},
             "risk_profiles": [{"code": "BENCH", "description": "bench", "risk_area": "safety-security"}],
             "control_instructions": [{"type": "scan", "text": "scan"}],
             "goods": [{"description": "mixed", "hs_code": "620520", "origin": "CN",
                        "declared_value_eur": 1.0, "gross_mass_kg": 1.0}]}]


def _mark_milestones(bridge: Any, window: Any, marks: list[tuple[float, str]]) -> None:
    """Append ``(perf_counter, what)`` to ``marks`` at each step of the flow (main thread)."""
    def mark(what: str) -> Any:
        return lambda *_: marks.append((time.perf_counter(), what))

    bridge.plate_read.connect(mark("plate read"))
    window.control_opened.connect(mark("control opened"))
    bridge.scan_started.connect(mark("scan started"))
    bridge.scan_acquired.connect(mark("scan acquired (last line)"))
    window.evidence_attached.connect(mark("scan stored"))
    window.analysis_done.connect(mark("analysis done"))


def measure(args: argparse.Namespace, tmp: Path) -> list[BenchResult]:
    """Run the measured flow in ``tmp`` (the bench's scratch home); see the module docstring
    of :mod:`workstation.bench.ui`."""
    from workstation.config import WorkstationConfig
    from workstation.formats.referrals import validate_referrals
    from workstation.lane_defaults import default_devices
    from workstation.services import referrals, users

    app = make_qapplication(["workstation-bench"])
    config = WorkstationConfig()
    config.database.url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    config.storage.image_store = tmp / "images"
    devices = default_devices()
    for device in devices:
        if device.kind == "xray":
            device.settings["integration_us"] = args.integration_us
            device.simulator["scene"] = args.scene  # the simulated scanner's scene and class
    lane_ctx = AppContext.create(config, devices=devices, warm_models=True)
    password = "bench-officer-password"
    with lane_ctx.db.unit_of_work() as s:
        users.add_user(s, "bench", "officer", password, actor="bench")
        referrals.import_referrals(s, validate_referrals(_referral(config), "bench"),
                                   file="bench", actor="bench")
    lane = LaneApplication(app, lane_ctx)
    sampler: StallSampler | None = None
    try:
        user = lane_ctx.writer.run_now(lambda: lane_ctx.gateway.authenticate("bench", password))
        window = lane.open_window_for(user)
        probe = _TickProbe(qtcore, schedstat=args.profile)
        health = lane_ctx.bridge.health
        # Measured from a started app: devices connected and the models loaded and warm.
        _run_until(qtcore, app, lambda: all(health.get(d.name) is not None
                                            and health[d.name].state == "ok" for d in devices)
                   and lane_ctx.services.analyser.ready.is_set(), 120)

        probe.start()
        _run_until(qtcore, app, lambda: False, args.idle_s)
        idle_p99, idle_max, idle_ticks = probe.stop()

        opened: list[str] = []
        analysed: list[Any] = []
        window.control_opened.connect(opened.append)
        window.analysis_done.connect(analysed.append)
        marks: list[tuple[float, str]] = []
        if args.profile:
            _mark_milestones(lane_ctx.bridge, window, marks)
        probe.start()
        if args.profile:
            sampler = StallSampler(lambda: probe.last)
            sampler.start()
        cpu_before = cpu_by_thread()
        started = time.perf_counter()
        if not _run_until(qtcore, app, lambda: window.camera.reading is not None, 120):
            raise RuntimeError("no plate was read from the camera simulator within 120 s")
        plate = window.camera.reading.text if window.camera.reading else ""
        window.camera.confirm.click()
        _run_until(qtcore, app, lambda: bool(opened), 30)
        window.start_scan()
        finished = _run_until(
            qtcore, app,
            lambda: (window.viewer.header is not None
                     and window.viewer.rendered_to >= window.viewer.header.rows
                     and bool(analysed)), 600)
        busy_s = time.perf_counter() - started
        busy_p99, busy_max, busy_ticks = probe.stop()
        if sampler is not None:
            sampler.stop()
            print(sampler.report(), file=sys.stderr)
            print("timeline:\n" + probe.timeline(marks, started), file=sys.stderr)
            print(cpu_report(cpu_before, cpu_by_thread(), busy_s), file=sys.stderr)
        if not finished:
            raise RuntimeError(f"the scan did not stream, render and get analysed within 600 s "
                               f"({window.message.text()})")
        header = window.viewer.header
        outcome = analysed[0]
    finally:
        if sampler is not None:
            sampler.stop()
        lane.shutdown()
    extra = {"scan": f"{header.rows} x {header.columns} x 2 ({args.scene})",
             "line_rate_hz": round(1e6 / args.integration_us), "plate": plate,
             "analysis": outcome.message or ", ".join(outcome.models),
             "busy_s": round(busy_s, 2), "ticks_busy": busy_ticks, "ticks_idle": idle_ticks}
    return [
        BenchResult("10 ms timer p99 lateness", busy_p99, "same timer, idle app", idle_p99,
                    extra),
        BenchResult("longest main-thread stall", busy_max, "same timer, idle app", idle_max),
    ]
