"""The lane application stops every simulator process it started: on SIGTERM (cleanly,
through its shutdown, without a traceback) and even when it is SIGKILLed (the x-ray
simulator ends when its pipe from the workstation closes).

The application runs as ``python -m workstation run`` offscreen in a child process with
two simulated x-ray scanners (each a process of its own; the handheld and camera
simulators are threads of the application). Its simulator processes are found in /proc.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.xray.sim.server import spawn_simulator

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc"),
]

ROOT = Path(__file__).resolve().parents[2]
SIMULATOR = "devices.xray.sim.server"
LANE_FILE = """
[lane]
lane_id = "L1"

[[devices]]
name = "scanner"
kind = "xray"
driver = "xray-tcp"
simulated = true
[devices.simulator]
scene = "pattern"
pattern_pixels = 64
pattern_lines = 64

[[devices]]
name = "scanner-2"
kind = "xray"
driver = "xray-tcp"
simulated = true
[devices.simulator]
scene = "pattern"
pattern_pixels = 64
pattern_lines = 64

[[devices]]
name = "riid"
kind = "riid"
driver = "riid-serial"
simulated = true
"""
POLLS = 600  # checks of a process's state, 0.1 s apart: an upper bound against a hang only


def _state(pid: int) -> str | None:
    """The process's state letter from /proc (Z: exited, not yet reaped), None when gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return stat.rsplit(")", 1)[1].split()[0]


def _alive(pid: int) -> bool:
    return _state(pid) not in (None, "Z", "X")


def _simulators_of(parent: int) -> list[int]:
    """Pids of the x-ray simulator processes whose parent is ``parent``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == parent and SIMULATOR in cmdline:
            found.append(int(entry.name))
    return found


def _wait_gone(pids: list[int]) -> list[int]:
    """The pids still running after waiting on each one's pidfd (readable once the process
    has exited), at most POLLS * 0.1 s each: an upper bound against a hang only."""
    left = []
    for pid in pids:
        try:
            fd = os.pidfd_open(pid)
        except ProcessLookupError:
            continue
        try:
            ready, _, _ = select.select([fd], [], [], POLLS * 0.1)
            if not ready and _alive(pid):
                left.append(pid)
        finally:
            os.close(fd)
    return left


@pytest.fixture
def lane(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], list[int]]]:
    """The application, started and ready (devices up, waiting for the first administrator),
    and its simulator processes."""
    config = tmp_path / "lane.toml"
    config.write_text(LANE_FILE)
    env = {k: v for k, v in os.environ.items() if k != "WORKSTATION_CONFIG"}
    env.update(QT_QPA_PLATFORM="offscreen", WORKSTATION_HOME=str(tmp_path / "home"),
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])))
    app = subprocess.Popen([sys.executable, "-m", "workstation", "run", "--config", str(config)],
                           cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
    assert app.stderr is not None
    seen: list[str] = []
    simulators: list[int] = []
    try:
        for line in app.stderr:  # ends when the application ends
            seen.append(line)
            if "lane ready" in line:
                break
        assert app.poll() is None, "the application ended at start:\n" + "".join(seen)
        simulators.extend(_simulators_of(app.pid))
        assert len(simulators) == 2, (simulators, "".join(seen))
        yield app, simulators
    finally:
        if app.poll() is None:
            app.kill()
        app.wait()
        for pid in simulators:  # never leave one behind, even when a test failed
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_sigterm_closes_the_lane_and_stops_every_simulator(
        lane: tuple[subprocess.Popen[str], list[int]]) -> None:
    app, simulators = lane
    assert all(_alive(p) for p in simulators)
    app.send_signal(signal.SIGTERM)
    _out, err = app.communicate(timeout=POLLS * 0.1)
    assert app.returncode == 0, err
    assert "SIGTERM received" in err
    assert "Traceback" not in err, err
    assert _wait_gone(simulators) == []


def test_sigkill_of_the_lane_still_ends_its_simulators(
        lane: tuple[subprocess.Popen[str], list[int]]) -> None:
    app, simulators = lane
    app.kill()
    app.wait()
    # Nobody stopped them: each notices that its pipe from the workstation closed.
    assert _wait_gone(simulators) == []


def test_simulator_process_ends_when_its_stdin_closes() -> None:
    handle = spawn_simulator(["--scene", "pattern", "--pattern-pixels", "64",
                              "--pattern-lines", "64"])
    try:
        assert handle.port > 0 and _alive(handle.process.pid)
        assert handle.process.stdin is not None
        handle.process.stdin.close()  # what the kernel does when the workstation dies
        assert handle.process.wait(timeout=POLLS * 0.1) == 0
    finally:
        handle.close()
