"""``workstation bench ui``: main-thread responsiveness of the lane application.

The application runs offscreen, maximised on a 1,920 x 1,080 screen (``--screen``), on the
real lane: every device simulator of
:mod:`workstation.lane_defaults` behind its real driver and host (x-ray simulator process,
camera MJPEG server, handhelds on ptys). A 10 ms ``QTimer`` on the main thread records how
late each tick is. Baseline: the same timer, same window, devices connected, app idle.
Ours: the same timer while the camera's vehicle is read (OCR) and its control opened, a
cargo scan (``--scene``, 6,400 x 2,000 dual energy) streams from the simulator, is
corrected, stored, rendered tile by tile and analysed (or "no model installed"); the app is
measured once started (devices connected, models loaded and warm). Reported: the 99th
percentile of the lateness and the longest stall (largest tick interval minus 10 ms), in
seconds. Target: no stall over 50 ms, p99 lateness at most 20 ms.

The flow is measured twice, each time in a freshly started app with its own idle
baseline: once as is, and once with one CPU core kept busy by a child process the bench
starts (:func:`busy_core`, a Python spin loop, stopped afterwards whatever happens), as on
a lane PC where the antivirus or an update runs. The busy case's result names end in
", busy core"; ``--case`` runs only one of them.

``--profile`` finds the causes (decision 0604). A sampler thread (:class:`StallSampler`)
records, whenever the main thread has not ticked for more than 30 ms, the main thread's
innermost frame of our code and what the other threads run; gaps in which the sampler
itself could not run (a thread held the GIL in C code) are counted apart. A timeline lists
each stall with the flow's milestones and, from Linux ``schedstat``, how long the main
thread ran, waited for a CPU, or was blocked (GIL, locks) during it. Printed on stderr.

The measuring itself needs Qt and lives in the UI package (``ui/bench_probe.py``), reached
through the ``bench-ui`` front-end entry point (:mod:`workstation.frontends`): the core
never imports the UI.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from workstation.bench import BenchResult
from workstation.cli.context import CliContext
from workstation.frontends import load_frontend

TICK_MS = 10
TARGET_STALL_S = 0.050
TARGET_P99_S = 0.020
BUSY_CORE = "busy core"
CASES = {"idle": False, BUSY_CORE.replace(" ", "-"): True}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scene", default="cargo-undeclared-block",
                        help="scene the x-ray simulator renders (default cargo-undeclared-block)")
    parser.add_argument("--integration-us", type=int, default=500,
                        help="scanner time per line in microseconds (default 500 = 2,000 lines/s)")
    parser.add_argument("--idle-s", type=float, default=3.0,
                        help="seconds of idle baseline (default 3)")
    parser.add_argument("--screen", type=_screen_size, default="1920x1080",
                        help="WIDTHxHEIGHT of the offscreen screen the lane window is maximised "
                             "on (default 1920x1080, the lane PC's); not used when "
                             "QT_QPA_PLATFORM is set")
    parser.add_argument("--case", choices=["both", *CASES], default="both",
                        help="measure the app as is (idle), with one CPU core kept busy by a "
                             "spinning child process (busy-core), or both (default)")
    parser.add_argument("--profile", action="store_true",
                        help="sample the main thread's stack during stalls over 30 ms and print "
                             "the top offenders (and what the other threads ran meanwhile)")


def _screen_size(text: str) -> tuple[int, int]:
    """``1920x1080`` -> (1920, 1080); argparse reports anything else as a bad value."""
    width, sep, height = text.lower().partition("x")
    if not sep or not width.isdigit() or not height.isdigit() or not (
            200 <= int(width) <= 8000 and 200 <= int(height) <= 8000):
        raise argparse.ArgumentTypeError(f"screen size {text!r}: give WIDTHxHEIGHT in pixels, "
                                         "200 to 8000 each, e.g. 1920x1080")
    return int(width), int(height)


@contextmanager
def offscreen_screen(size: tuple[int, int]) -> Iterator[str]:
    """Qt's offscreen platform with one screen of ``size`` pixels while the block runs;
    yields what the window is shown on. Qt's own offscreen screen is 800 x 800, where the
    maximised lane window, its scan view and tiles are far smaller than at the lane.

    A platform already chosen (``QT_QPA_PLATFORM`` set) is kept. The setting is read when
    the QApplication is made, i.e. by the first case of the run.
    """
    chosen = os.environ.get("QT_QPA_PLATFORM")
    if chosen is not None:
        yield chosen
        return
    width, height = size
    with tempfile.TemporaryDirectory(prefix="bench-ui-screen-") as tmp:
        config = Path(tmp) / "screen.json"
        config.write_text(json.dumps({"screens": [{
            "name": "lane", "x": 0, "y": 0, "width": width, "height": height,
            "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
        try:
            yield f"offscreen {width}x{height}"
        finally:
            os.environ.pop("QT_QPA_PLATFORM", None)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def _schedstat() -> tuple[float, float]:
    """(seconds on a CPU, seconds runnable but waiting for a CPU) of the calling thread.

    From Linux ``/proc/thread-self/schedstat``; (0, 0) where it does not exist. What is
    left of a stall after these two is time the thread was blocked: waiting for the GIL
    (or another lock) while runnable threads of this process held it.
    """
    try:
        with open("/proc/thread-self/schedstat", encoding="ascii") as f:
            on_cpu, waiting = f.read().split()[:2]
    except (OSError, ValueError):
        return 0.0, 0.0
    return int(on_cpu) / 1e9, int(waiting) / 1e9


class _TickProbe:
    """Records the interval between 10 ms timer ticks on the main thread, and for each
    interval how long the main thread ran and how long it waited for a CPU.

    ``schedstat``: read those two from ``/proc`` at every tick (for ``--profile``'s
    timeline); off, a tick does no file I/O, whose GIL release and re-acquisition would
    add to the lateness it measures when other threads are busy.
    """

    def __init__(self, qtcore: Any, *, schedstat: bool = True) -> None:
        self._read_sched = _schedstat if schedstat else lambda: (0.0, 0.0)
        self.intervals: list[float] = []
        self.ends: list[float] = []  # perf_counter of each tick, for the stall timeline
        self.sched: list[tuple[float, float]] = []  # (on CPU s, waiting for a CPU s) per tick
        self._last_sched = self._read_sched()
        self.last = time.perf_counter()
        self.timer = qtcore.QTimer()
        self.timer.setTimerType(qtcore.Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.intervals.append(now - self.last)
        self.ends.append(now)
        self.last = now
        sched = self._read_sched()
        self.sched.append((sched[0] - self._last_sched[0], sched[1] - self._last_sched[1]))
        self._last_sched = sched

    def start(self) -> None:
        self.intervals.clear()
        self.ends.clear()
        self.sched.clear()
        self.last = time.perf_counter()
        self._last_sched = self._read_sched()
        self.timer.start()

    def stop(self) -> tuple[float, float, int]:
        """(p99 lateness s, longest stall s, ticks)."""
        self.timer.stop()
        late = [max(0.0, i - TICK_MS / 1000) for i in self.intervals]
        return _percentile(late, 99), max(late, default=0.0), len(late)

    def timeline(self, marks: list[tuple[float, str]], started: float,
                 threshold_s: float = 0.030) -> str:
        """Stalls over ``threshold_s`` and the app's milestones, in time order (s from start)."""
        events = [(end - interval,
                   f"stall {(interval - TICK_MS / 1000) * 1000:6.1f} ms: main thread ran "
                   f"{cpu * 1000:5.1f} ms, waited for a CPU {queued * 1000:5.1f} ms, blocked "
                   f"(GIL, locks, idle) {(interval - cpu - queued) * 1000:5.1f} ms")
                  for end, interval, (cpu, queued) in zip(self.ends, self.intervals, self.sched,
                                                          strict=True)
                  if interval - TICK_MS / 1000 > threshold_s]
        events += [(at, f"-- {what}") for at, what in marks]
        return "\n".join(f"  {at - started:7.3f} s  {what}" for at, what in sorted(events))


_REPO_ROOT = Path(__file__).resolve().parents[2]
_OUR_PACKAGES = ("ui", "workstation", "devices")
# A thread whose innermost Python frame is in one of these is waiting, not computing.
_WAITING_MODULES = frozenset({"threading.py", "queue.py", "selectors.py", "socket.py", "serialposix.py",
                              "socketserver.py", "ssl.py"})


def _ours(filename: str) -> str | None:
    """``ui/widgets/scan_view.py`` for a file of our packages, else None (stdlib, site-packages)."""
    try:
        relative = Path(filename).resolve().relative_to(_REPO_ROOT)
    except ValueError:
        return None
    if not relative.parts or relative.parts[0] not in _OUR_PACKAGES:
        return None
    return relative.as_posix()


def innermost_own_frame(stack: traceback.StackSummary, skip: str = "") -> str:
    """``path:line function`` of the innermost frame of our code in ``stack``.

    Frames of ``skip`` (a repo-relative path, e.g. this bench) do not count as ours: when
    the main thread's innermost own frame is the bench's event loop, the time went to Qt's
    C++ (events, layout, painting) or to waiting for the GIL, which the label says.
    """
    for frame in reversed(stack):
        path = _ours(frame.filename)
        if path is not None and path != skip:
            return f"{path}:{frame.lineno} {frame.name}"
    return "<Qt event loop: C++ work (paint, layout, events) or waiting for the GIL>"


class StallSampler:
    """Samples stacks whenever the main thread has not ticked for ``threshold_s``.

    ``last_tick`` returns the ``time.perf_counter()`` of the main thread's latest tick.
    Every ``period_s`` (5 ms) the sampler thread checks it; during a stall it records the
    main thread's innermost frame of our code and, separately, that of every other thread
    that is running (not blocked on a lock, queue or socket) at that moment. Counts are
    samples, so they weigh each place by time.

    A stall during which the sampler itself could not run (its 5 ms wait overran by more
    than ``threshold_s``) means one thread held the GIL in C code that does not release it
    (or the process got no CPU): the stacks taken right after such a *gap* are counted
    apart, since the thread that held the GIL is usually still at, or just past, the call.
    """

    def __init__(self, last_tick: Any, *, threshold_s: float = 0.030,
                 period_s: float = 0.005) -> None:
        self.last_tick = last_tick
        self.threshold_s = threshold_s
        self.period_s = period_s
        self.main_frames: Counter[str] = Counter()
        self.other_frames: Counter[str] = Counter()
        self.gap_frames: Counter[str] = Counter()
        self.samples = 0
        self.gaps: list[float] = []  # seconds the sampler could not run, longest first at report
        main_id = threading.main_thread().ident
        if main_id is None:  # only a thread not yet started has none
            raise RuntimeError("the main thread has no thread id")
        self._main_id = main_id
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-stall-sampler")
        self._skip = _ours(__file__) or ""

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """End the sampler thread (idempotent)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(5.0)

    def _run(self) -> None:
        before = time.perf_counter()
        while not self._stop.wait(self.period_s):
            now = time.perf_counter()
            gap = now - before - self.period_s
            before = now
            if gap > self.threshold_s:
                self.gaps.append(gap)
                self.gap_frames.update(self._running_threads())
            if now - self.last_tick() > self.threshold_s:
                self.sample()

    def _running_threads(self) -> list[str]:
        """``[thread] own-frame (innermost frame)`` of every thread that is not waiting."""
        frames = sys._current_frames()  # noqa: SLF001 - the documented way to see other stacks
        names = {t.ident: t.name for t in threading.enumerate()}
        found = []
        for ident, frame in frames.items():
            if ident == threading.get_ident():
                continue
            stack = traceback.extract_stack(frame)
            if not stack or Path(stack[-1].filename).name in _WAITING_MODULES:
                continue  # blocked on a lock, queue, socket or select: not running
            innermost = f"{Path(stack[-1].filename).name}:{stack[-1].name}"
            where = innermost_own_frame(stack, self._skip if ident == self._main_id else "")
            found.append(f"[{names.get(ident, ident)}] {where} ({innermost})")
        return found

    def sample(self) -> None:
        """Record one stall sample of every thread's stack (called from the sampler thread)."""
        frames = sys._current_frames()  # noqa: SLF001 - the documented way to see other stacks
        self.samples += 1
        main = frames.get(self._main_id)
        if main is not None:
            self.main_frames[innermost_own_frame(traceback.extract_stack(main), self._skip)] += 1
        self.other_frames.update(w for w in self._running_threads()
                                 if not w.startswith(f"[{threading.main_thread().name}]"))

    def report(self, top: int = 12) -> str:
        """The top offenders, main thread first, as printable lines."""
        ms = self.period_s * 1000
        limit = self.threshold_s * 1000
        lines = [f"stall profile: {self.samples} samples ({ms:.0f} ms apart) while the main "
                 f"thread had not ticked for > {limit:.0f} ms",
                 "  main thread, innermost frame of our code:"]
        lines += [f"    {n:5d}  {where}" for where, n in self.main_frames.most_common(top)]
        lines.append("  other threads not waiting meanwhile (innermost own frame, innermost frame):")
        lines += [f"    {n:5d}  {where}" for where, n in self.other_frames.most_common(top)]
        longest = ", ".join(f"{g * 1000:.0f}" for g in sorted(self.gaps, reverse=True)[:10])
        lines.append(f"  {len(self.gaps)} gaps > {limit:.0f} ms when the sampler itself could not "
                     f"run (GIL held in C code, or no CPU), longest ms: {longest}")
        lines.append("  threads running right after those gaps:")
        lines += [f"    {n:5d}  {where}" for where, n in self.gap_frames.most_common(top)]
        return "\n".join(lines)


# The busy child spins in pure Python and checks now and then (every ~10 ms of spinning)
# that the bench is still its parent: if the bench dies without its clean-up (SIGKILL),
# the child is re-parented and ends by itself instead of burning a core for ever.
SPIN_LOOP = """
import os, sys
parent = int(sys.argv[1])
while os.getppid() == parent:
    for _ in range(200_000):
        pass
"""


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds used so far by process ``pid`` (Linux ``/proc``), else None."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _stat_fields(path: str) -> tuple[str, list[str]] | None:
    """(command name, fields after it) of a Linux ``/proc/.../stat`` file, else None."""
    try:
        with open(path, encoding="ascii", errors="replace") as f:
            text = f.read()
    except OSError:
        return None
    head, _, rest = text.rpartition(")")
    return head.partition("(")[2], rest.split()


def cpu_by_thread() -> dict[str, float]:
    """CPU seconds used so far by each thread of this process and each child process.

    Threads by their Python name (``host-scanner``), others (Qt, onnxruntime) by their
    kernel name; child processes (simulators, the busy core) as ``child <command>``. From
    Linux ``/proc``; empty elsewhere. Two snapshots subtracted give who used the CPU
    that the main thread waited for.
    """
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    names = {t.native_id: t.name for t in threading.enumerate()}
    used: dict[str, float] = {}
    try:
        tasks = os.listdir("/proc/self/task")
        pids = [p for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return used
    for tid in tasks:
        found = _stat_fields(f"/proc/self/task/{tid}/stat")
        if found is not None and len(found[1]) > 12:
            comm, fields = found
            name = names.get(int(tid), comm)
            used[name] = used.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / tick
    me = str(os.getpid())
    for pid in pids:
        found = _stat_fields(f"/proc/{pid}/stat")
        if found is not None and len(found[1]) > 12 and found[1][1] == me:
            comm, fields = found
            used[f"child {comm} {pid}"] = (int(fields[11]) + int(fields[12])) / tick
    return used


def cpu_report(before: dict[str, float], after: dict[str, float], wall_s: float,
               top: int = 14) -> str:
    """Who used the CPU between two :func:`cpu_by_thread` snapshots, most first."""
    spent = sorted(((v - before.get(k, 0.0), k) for k, v in after.items()), reverse=True)
    total = sum(v for v, _ in spent if v > 0)
    lines = [f"CPU used during the flow: {total:.2f} s in {wall_s:.2f} s of wall time "
             "(threads of the app and its child processes):"]
    lines += [f"    {v:6.2f} s  {k}" for v, k in spent[:top] if v > 0]
    return "\n".join(lines)


class BusyCore:
    """The running spin child: ``pid``, and :meth:`cpu_share` (CPU seconds it got per
    second of wall time since it started, 1.0 = a whole core; None off Linux)."""

    def __init__(self, child: subprocess.Popen[bytes]) -> None:
        self.child = child
        self.pid = child.pid
        self.started = time.perf_counter()

    def cpu_share(self) -> float | None:
        used = _cpu_seconds(self.pid)
        elapsed = time.perf_counter() - self.started
        return None if used is None or elapsed <= 0 else used / elapsed


@contextmanager
def busy_core() -> Iterator[BusyCore]:
    """Keep one CPU core busy with a child process spinning in Python while the block runs.

    The child is terminated (killed if it does not end within 5 s) and reaped when the
    block ends, whatever happens in it (exception, Ctrl-C); if this process is killed
    outright, the child notices that its parent changed and ends by itself.
    """
    child = subprocess.Popen([sys.executable, "-c", SPIN_LOOP, str(os.getpid())],
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    try:
        yield BusyCore(child)
    finally:
        child.terminate()
        try:
            child.wait(5)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


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


def _measure_once(args: argparse.Namespace) -> list[BenchResult]:
    """One start of the app in a scratch home, its idle baseline and the measured flow."""
    with tempfile.TemporaryDirectory(prefix="bench-ui-") as tmp:
        # Drafts and UI settings of the bench go to a scratch folder, never the officer's.
        previous_home = os.environ.get("WORKSTATION_HOME")
        os.environ["WORKSTATION_HOME"] = tmp
        try:
            measure = load_frontend("bench-ui")
            results: list[BenchResult] = measure(args, Path(tmp))
            return results
        finally:
            if previous_home is None:
                os.environ.pop("WORKSTATION_HOME", None)
            else:
                os.environ["WORKSTATION_HOME"] = previous_home


def _judged(result: BenchResult, screen: str) -> BenchResult:
    """``result`` with ``within_target`` set against the stall or p99 target."""
    target = TARGET_P99_S if "p99" in result.name else TARGET_STALL_S
    return replace(result, extra={**result.extra, "screen": screen, "target_s": target,
                                  "within_target": result.ours_s <= target})


def run(ctx: CliContext, args: argparse.Namespace) -> list[BenchResult]:
    results: list[BenchResult] = []
    with offscreen_screen(args.screen) as screen:
        for case, busy in CASES.items():
            if args.case not in ("both", case):
                continue
            if not busy:
                results += [_judged(r, screen) for r in _measure_once(args)]
                continue
            if args.profile:
                print(f"--- {BUSY_CORE} ---", file=sys.stderr)
            with busy_core() as spinner:
                measured = _measure_once(args)
                share = spinner.cpu_share()
            for r in measured:
                extra = {**r.extra,
                         "busy_core_cpu_share": None if share is None else round(share, 2)}
                results.append(_judged(replace(r, name=f"{r.name}, {BUSY_CORE}",
                                               baseline=f"{r.baseline}, {BUSY_CORE}",
                                               extra=extra), screen))
    return results
