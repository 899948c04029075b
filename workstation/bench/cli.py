"""``workstation bench cli``: start-up of the command line against a bare interpreter.

Each case starts a fresh process of this interpreter (or of the frozen application, whose
executable stands in for ``python``) and waits for it to end; the baseline is
``python -c pass`` started the same way in the same run. Cases:

- ``--help``: the whole command list (target: at most 10x the baseline);
- ``codes``: the result codes in force (reference data, no database);
- ``referrals list`` and ``audit verify``: signed in, on a small SQLite database made
  beforehand in a scratch data folder (``WORKSTATION_HOME``), never the user's own.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from workstation.bench import BenchResult, median_time

HELP_TARGET = 10.0  # --help at most this many times a bare interpreter's start-up
_PASSWORD = "bench-cli-password-1"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--repeats", type=int, default=7, help="runs per case; median (7)")


def _python() -> list[str]:
    """The interpreter command: ``python`` itself, or the frozen application's executable
    (which runs ``-m`` and ``-c`` like python, installer/entry.py)."""
    return [sys.executable]


def _run(args: Sequence[str], env: dict[str, str], stdin: str = "") -> None:
    done = subprocess.run([*_python(), *args], input=stdin.encode(), env=env,
                          capture_output=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"bench cli: {' '.join(args)} exited {done.returncode}: "
                           f"{done.stderr.decode(errors='replace')[-400:]}")


def run(ctx: object, args: argparse.Namespace) -> list[BenchResult]:
    repeats = max(1, int(args.repeats))
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as scratch:
        env = {**os.environ, "WORKSTATION_HOME": str(Path(scratch) / "home")}
        env.pop("WORKSTATION_CONFIG", None)
        cli = ["-m", "workstation"]
        # The small database: one administrator (and the schema) made once, not timed.
        _run([*cli, "users", "add", "bench", "--role", "admin", "--password-stdin"], env,
             f"{_PASSWORD}\n")
        signed = ["--user", "bench", "--password-stdin"]
        stdin = f"{_PASSWORD}\n"
        baseline_s = median_time(lambda: _run(["-c", "pass"], env), repeats)
        cases: list[tuple[str, list[str], str]] = [
            ("--help", [*cli, "--help"], ""),
            ("codes", [*cli, "codes"], ""),
            ("referrals list", [*cli, "referrals", "list", *signed], stdin),
            ("audit verify", [*cli, "audit", "verify"], ""),
        ]
        results: list[BenchResult] = []
        for name, command, given in cases:
            _run(command, env, given)  # once untimed: byte-code caches written
            ours_s = median_time(partial(_run, command, env, given), repeats)
            extra: dict[str, object] = {"repeats": repeats}
            if name == "--help":
                extra["target_ratio"] = HELP_TARGET
            results.append(BenchResult(f"workstation {name}", ours_s, "python -c pass",
                                       baseline_s, extra))
    return results
