"""``workstation bench ui`` without Qt: the busy-core case (a spinning child process that
is always stopped), the result names and targets of both cases, and the DICOS encoder's
output buffer and block transpose, which keep a cargo scan's store from stalling other
threads."""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from workstation.bench import BenchResult
from workstation.bench import ui as bench_ui
from workstation.scans.dicos import _OutputBuffer

LINUX_PROC = Path("/proc/self/stat").exists()


def _spinners() -> set[str]:
    """``child python PID`` entries of this process's children (Linux ``/proc``)."""
    return {name for name in bench_ui.cpu_by_thread() if name.startswith("child python")}


def test_the_busy_child_is_stopped_when_the_block_fails() -> None:
    with pytest.raises(RuntimeError, match="measuring failed"):
        with bench_ui.busy_core() as spinner:
            child = spinner.child
            assert child.poll() is None  # spinning while the block runs
            raise RuntimeError("measuring failed")
    assert child.returncode is not None  # terminated and reaped, not left spinning


def test_the_spin_loop_ends_by_itself_when_the_bench_is_gone() -> None:
    # The loop runs while its parent is the pid it was given: a bench killed outright
    # (no clean-up) re-parents it, and it ends. -1 is nobody's pid: it ends at once.
    done = subprocess.run([sys.executable, "-c", bench_ui.SPIN_LOOP, "-1"], check=False)
    assert done.returncode == 0


def _fake_measure(seen: list[set[str]]) -> Any:
    def measure(args: argparse.Namespace, tmp: Path) -> list[BenchResult]:
        assert tmp.is_dir()
        seen.append(_spinners())
        busy = len(seen)  # 1st call: idle case, 2nd: busy core
        return [BenchResult("10 ms timer p99 lateness", 0.010 * busy, "same timer, idle app",
                            0.005, {"scan": "fake"}),
                BenchResult("longest main-thread stall", 0.040 * busy, "same timer, idle app",
                            0.020)]
    return measure


@pytest.mark.skipif(not LINUX_PROC, reason="child processes are seen through Linux /proc")
def test_both_cases_are_reported_the_busy_one_with_its_spinning_child(
        monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[set[str]] = []
    monkeypatch.setattr(bench_ui, "load_frontend", lambda name: _fake_measure(seen))
    args = argparse.Namespace(case="both", profile=False, screen=(1920, 1080))
    results = bench_ui.run(None, args)  # type: ignore[arg-type]  # the context is not used
    assert [r.name for r in results] == [
        "10 ms timer p99 lateness", "longest main-thread stall",
        "10 ms timer p99 lateness, busy core", "longest main-thread stall, busy core"]
    assert [r.baseline for r in results[2:]] == ["same timer, idle app, busy core"] * 2
    # Judged against their own target: p99 20 ms, longest stall 50 ms.
    assert [(r.extra["target_s"], r.extra["within_target"]) for r in results] == [
        (0.020, True), (0.050, True), (0.020, True), (0.050, False)]
    assert results[2].extra["scan"] == "fake"
    assert all(r.extra["screen"] for r in results)
    assert "busy_core_cpu_share" in results[2].extra
    idle, busy = seen
    assert len(busy - idle) == 1  # one more child while the busy case was measured
    assert not (busy - idle) & _spinners()  # and it is gone afterwards


def test_one_case_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[set[str]] = []
    monkeypatch.setattr(bench_ui, "load_frontend", lambda name: _fake_measure(seen))
    args = argparse.Namespace(case="busy-core", profile=False, screen=(1280, 720))
    results = bench_ui.run(None, args)  # type: ignore[arg-type]
    assert [r.name for r in results] == ["10 ms timer p99 lateness, busy core",
                                         "longest main-thread stall, busy core"]
    assert len(seen) == 1


def test_the_screen_is_the_lane_pcs_unless_a_platform_was_chosen(
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert bench_ui._screen_size("1920x1080") == (1920, 1080)
    for bad in ("1920", "wide", "10x10", "1920x"):
        with pytest.raises(argparse.ArgumentTypeError, match="WIDTHxHEIGHT"):
            bench_ui._screen_size(bad)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    with bench_ui.offscreen_screen((1280, 720)) as screen:
        platform, _, config = os.environ["QT_QPA_PLATFORM"].partition(":configfile=")
        assert (platform, screen) == ("offscreen", "offscreen 1280x720")
        assert json.loads(Path(config).read_text(encoding="utf-8"))["screens"][0][
            "width"] == 1280
    assert "QT_QPA_PLATFORM" not in os.environ  # the process's environment as it was
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    with bench_ui.offscreen_screen((1280, 720)) as screen:
        assert screen == "xcb" and os.environ["QT_QPA_PLATFORM"] == "xcb"


def test_the_cpu_report_lists_who_used_the_cpu() -> None:
    text = bench_ui.cpu_report({"lane-writer": 1.0, "MainThread": 2.0},
                               {"lane-writer": 1.5, "MainThread": 2.1, "new": 0.2}, 1.0)
    lines = text.splitlines()
    assert "0.80 s in 1.00 s" in lines[0]
    assert [line.split()[-1] for line in lines[1:]] == ["lane-writer", "new", "MainThread"]


def test_the_dicos_output_buffer_behaves_as_a_file() -> None:
    out, reference = _OutputBuffer(8), io.BytesIO()
    for target in (out, reference):
        target.write(b"header")
        target.write(np.arange(10, dtype="<u2"))  # past the capacity: it grows
        target.seek(40)  # past the end: the gap reads as zeros
        target.write(b"tail")
        target.seek(2)
        target.write(b"HE")  # overwriting in place, as pydicom does for lengths
        target.seek(0, io.SEEK_END)
    assert out.tell() == reference.tell() == 44
    assert bytes(out.getbuffer()) == reference.getvalue()


def test_the_dicos_frames_are_transposed_block_by_block_exactly() -> None:
    from workstation.scans.dicos import _transposed

    rng = np.random.default_rng(5)
    # 700 lines: the last block is a part one.
    high, low = (rng.integers(0, 65535, (700, 33), dtype=np.uint16) for _ in range(2))
    expected = np.stack([high.T, low.T])
    got = _transposed([high, low])
    assert got.flags.c_contiguous and got.dtype == np.uint16
    np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(_transposed([high]), high.T[None])
