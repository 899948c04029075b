"""What keeps the officer's screen responsive (decision 0604): the scan's lines are shared
with the viewer instead of copied on the main thread, line events are coalesced, tiles are
made on the render worker, the OCR sessions do not spin, and the bench's stall sampler
names the code a stalled main thread is in."""

from __future__ import annotations

import threading
import traceback
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import numpy as np
from pytestqt.qtbot import QtBot

from devices.base import DeviceInfo
from devices.xray.interface import ScannerGeometry
from tests.ui.scan_data import cargo_scene, render_lines
from ui.bridge import Worker
from ui.shortcuts import ShortcutRegistry
from ui.widgets.scan_view import TILE
from ui.widgets.scan_viewer import ScanViewer
from workstation.bench.ui import StallSampler, _schedstat, innermost_own_frame
from workstation.hosts import events as ev
from workstation.hosts.xray import DetectorCalibration
from workstation.imaging.calibration import Calibration
from workstation.imaging.display import render_strip
from workstation.lane.events import LaneEvent, ScanAcquired, ScanFailed, ScanLines, ScanStarted
from workstation.lane.scanner import ScannerLink
from workstation.lane.types import ScanHeader


class _Host:
    """The two things ScannerLink uses of a DeviceHost: ``subscribe`` and ``device``."""

    def __init__(self) -> None:
        self.device = SimpleNamespace(name="scanner", info=DeviceInfo("Sim", "X", "SIM-1", "1",
                                                                      "test"))
        self.subscriber: Any = None

    def subscribe(self, fn: Any) -> None:
        self.subscriber = fn


class _Bridge:
    """Records the events the scanner link publishes (on this test's thread)."""

    def __init__(self) -> None:
        self.headers: list[ScanHeader] = []
        self.blocks: list[tuple[int, np.ndarray]] = []
        self.acquired: list[Any] = []

    def publish(self, event: LaneEvent) -> None:
        if isinstance(event, ScanStarted):
            self.headers.append(event.header)
        elif isinstance(event, ScanLines):
            self.blocks.append((event.first_line, event.block))
        elif isinstance(event, ScanAcquired):
            self.acquired.append(event.acquired)
        elif isinstance(event, ScanFailed):
            raise AssertionError(event.reason)


def _stream_through_link(lines: int, pixels: int, block: int, tick_s: float,
                         interval_s: float) -> tuple[_Bridge, np.ndarray]:
    """Feed ``lines`` raw lines in ``block``-line progress events, the fake clock moving
    ``tick_s`` per event; returns the bridge's record and the raw (2, lines, pixels) data."""
    now = [0.0]
    host, bridge = _Host(), _Bridge()
    link = ScannerLink(host, bridge, simulated=True, emit_interval_s=interval_s,  # type: ignore[arg-type]
                       clock=lambda: now[0])
    rng = np.random.default_rng(3)
    raw = rng.integers(2_000, 60_000, (2, lines, pixels), dtype=np.uint16)
    link.buffer.view = raw
    link.begin(ScannerGeometry(5.0, "mev", "cargo"),
               DetectorCalibration(Calibration.identity(pixels), datetime.now(UTC), 0, 0))
    for done in range(block, lines + block, block):
        host.subscriber(ev.ScanProgress(device="scanner", scan_id=1, lines_done=min(done, lines),
                                        lines_total=lines))
        now[0] += tick_s
    host.subscriber(ev.ScanComplete(device="scanner", scan_id=1, complete=True, reason="",
                                    result=None))
    return bridge, raw


def test_line_events_are_coalesced_and_share_the_header_buffer() -> None:
    # 20 blocks 10 ms apart, at most one event per 30 ms: the lines arrive in fewer events.
    bridge, raw = _stream_through_link(lines=640, pixels=48, block=32, tick_s=0.010,
                                       interval_s=0.030)
    assert len(bridge.headers) == 1
    shared = bridge.headers[0].lines
    assert isinstance(shared, np.ndarray) and shared.shape == (640, 48, 2)
    assert 1 < len(bridge.blocks) < 20
    covered = 0
    for first, block in bridge.blocks:
        assert first == covered, "blocks must follow each other without gap or overlap"
        assert np.shares_memory(block, shared), "a block is a view, not a copy"
        covered += block.shape[0]
    assert covered == 640  # the last lines are sent at the end, whatever the clock says
    # Identity calibration: the corrected scan is the raw data, low / high kept apart.
    scan = bridge.acquired[0].scan
    np.testing.assert_array_equal(scan.low, raw[0])
    np.testing.assert_array_equal(scan.high, raw[1])
    assert bridge.acquired[0].complete


def test_without_coalescing_every_block_is_announced() -> None:
    bridge, _ = _stream_through_link(lines=256, pixels=16, block=64, tick_s=0.010,
                                     interval_s=0.0)
    assert [first for first, _ in bridge.blocks] == [0, 64, 128, 192]


def test_the_viewer_reads_a_shared_buffer_in_place(qtbot: QtBot) -> None:
    rows, columns = 700, 120
    worker = Worker("test-render")
    viewer = ScanViewer(worker, ShortcutRegistry("tester"))
    qtbot.addWidget(viewer)
    viewer.resize(900, 500)
    viewer.show()
    try:
        shared = np.zeros((rows, columns, 2), np.uint16)
        viewer.start_scan(ScanHeader("k", "cargo", rows, columns, 2, 5.0, lines=shared))
        assert viewer.raw is shared
        scene = cargo_scene(rows, columns)
        for first in range(0, rows, 100):
            n = min(100, rows - first)
            shared[first:first + n] = render_lines(scene, first, n)  # the producer writes
            viewer.add_lines(first, shared[first:first + n])  # and announces a view
        viewer.finish_scan(True)
        qtbot.waitUntil(lambda: viewer.rendered_to == rows, timeout=20000)
        assert viewer.tiles is not None and sorted(viewer.tiles.items) == [0, 1]
        # Every rendered line is painted, and the tile items know how far.
        assert [viewer.tiles.items[i].valid for i in (0, 1)] == [TILE, rows - TILE]
        # The tile shows the pipeline's rendering of the shared lines.
        expected = render_strip(shared[TILE:rows], viewer.params)  # (pixels, lines) grey
        shown = viewer.tiles.images[1].pixelColor(100, 60)
        assert (shown.red(), shown.green(), shown.blue()) == (int(expected[60, 100]),) * 3
    finally:
        worker.stop()


def test_ocr_sessions_do_not_spin() -> None:
    from workstation.recognition.modelstore import session_options

    options = session_options(2)
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"


def test_innermost_own_frame_skips_foreign_and_bench_frames() -> None:
    import workstation.bench.ui as bench
    import workstation.config as ours

    stack = traceback.StackSummary.from_list([
        (ours.__file__, 10, "load", None),
        (bench.__file__, 20, "_run_until", None),
        ("/usr/lib/python3.11/threading.py", 30, "wait", None),
    ])
    assert innermost_own_frame(stack) == "workstation/bench/ui.py:20 _run_until"
    assert innermost_own_frame(stack, "workstation/bench/ui.py") == "workstation/config.py:10 load"
    foreign = traceback.StackSummary.from_list([("/usr/lib/python3.11/threading.py", 1, "run",
                                                 None)])
    assert innermost_own_frame(foreign).startswith("<Qt event loop")


def test_the_sampler_names_where_the_main_thread_is_stuck() -> None:
    # The main thread waits in Worker.run_now (our code) while the job, on the worker,
    # takes a sample: the sample must name run_now, not the test or threading internals.
    sampler = StallSampler(lambda: 0.0)  # the last tick is ages ago: always a stall
    worker = Worker("sampled")
    try:
        worker.run_now(sampler.sample)
    finally:
        worker.stop()
    assert sampler.samples == 1
    (where,) = sampler.main_frames
    assert where.startswith("ui/bridge.py:") and where.endswith(" run_now")
    report = sampler.report()
    assert "run_now" in report and "1 samples" in report


def test_the_sampler_thread_stops() -> None:
    stalls = threading.Event()

    def last_tick() -> float:
        stalls.set()  # the sampler thread has looked at least once
        return float("inf")  # a tick in the future: never a stall

    sampler = StallSampler(last_tick)
    sampler.start()
    assert stalls.wait(10)
    sampler.stop()
    assert sampler.samples == 0 and not sampler._thread.is_alive()


def test_schedstat_counts_this_threads_cpu_time() -> None:
    before = _schedstat()
    # The kernel folds run time into schedstat at scheduler ticks, so one short burst may
    # not show yet: work in bursts until it does (bounded, no sleeping).
    for _ in range(500):
        total = int(np.arange(2_000_000).sum())
        after = _schedstat()
        if after[0] > before[0]:
            break
    assert total > 0
    if before == (0.0, 0.0):  # not Linux: the bench reports no breakdown
        assert after == (0.0, 0.0)
    else:
        assert after[0] > before[0] and after[1] >= before[1]


def _reference_ctc(probs: np.ndarray, alphabet: str, top: int = 3) -> list[tuple[Any, ...]]:
    """Greedy CTC decoding step by step (the form ctc_decode had before it was vectorised)."""
    out: list[tuple[Any, ...]] = []
    previous = 0
    for t, cls in enumerate(probs.argmax(axis=1)):
        if cls != 0 and cls != previous:
            row = probs[t]
            order = np.argsort(row)[::-1]
            alternatives = tuple((alphabet[i - 1], float(row[i])) for i in order[1:top + 1]
                                 if i != 0)
            out.append((alphabet[cls - 1], float(row[cls]), alternatives))
        previous = cls
    return out


def test_vectorised_ctc_decoding_reads_what_the_step_by_step_one_reads() -> None:
    from workstation.recognition.textrec import ctc_decode

    rng = np.random.default_rng(11)
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-"
    for _ in range(50):
        steps = int(rng.integers(1, 60))
        logits = rng.normal(size=(steps, len(alphabet) + 1)) * 3.0
        logits[:, 0] += rng.normal() * 3.0  # more or fewer blanks from case to case
        probs = np.exp(logits).astype(np.float32)
        probs /= probs.sum(axis=1, keepdims=True)
        read = ctc_decode(probs, alphabet)
        assert [(c.char, c.prob, c.alternatives) for c in read.chars] == _reference_ctc(probs,
                                                                                        alphabet)
