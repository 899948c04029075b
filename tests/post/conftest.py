"""Fixtures of the post's tests: a real Orthanc per test (the ``orthanc`` fixture, reusable by
any test of the post), small scans, and waiting on conditions with deadlines."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from workstation.imaging.scan import DualEnergyScan
from workstation.post.orthanc_server import (
    INSTALL_HINT,
    LocalOrthanc,
    orthanc_binary,
    start_orthanc,
)
from workstation.scans.simulate import simulate_scan

ORIGIN = "TEST-POST/L1"
DEADLINE_S = 60.0  # the longest any condition may take to come true before a test fails


@pytest.fixture
def orthanc(tmp_path: Path) -> Iterator[LocalOrthanc]:
    """A local Orthanc of the test's own (storage, configuration, free port), stopped after."""
    if orthanc_binary() is None:
        pytest.skip(f"the Orthanc server is not installed ({INSTALL_HINT}); the post's "
                    "archive tests need it")
    server = start_orthanc(tmp_path / "orthanc")
    try:
        yield server
    finally:
        server.stop()


def small_scan(seed: int) -> DualEnergyScan:
    """A small simulated parcel scan (64 x 96 pixels: ~25 kB as DICOS), different per seed."""
    scan, _truth = simulate_scan("parcel", seed, size=(64, 96))
    return scan


class Condition:
    """Wait until ``check()`` is true, woken by :meth:`notify` (e.g. from a push callback);
    fails the test with ``what`` when the deadline passes first. No sleeping loop."""

    def __init__(self) -> None:
        self._changed = threading.Condition()

    def notify(self, *_args: object) -> None:
        with self._changed:
            self._changed.notify_all()

    def wait_for(self, check: Callable[[], bool], what: str,
                 deadline_s: float = DEADLINE_S) -> None:
        with self._changed:
            if not self._changed.wait_for(check, deadline_s):
                pytest.fail(f"not within {deadline_s:g} s: {what}")
