"""A writer killed with SIGKILL leaves a sound database holding every acknowledged control."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from workstation.db.engine import Database
from workstation.db.models import Control
from workstation.services import audit

WRITER = Path(__file__).with_name("crash_writer.py")
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_sigkill_while_logging_controls_loses_nothing_acknowledged(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'lane.sqlite3'}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, str(WRITER), url], stdout=subprocess.PIPE,
                             text=True, env=env)
    acknowledged: list[uuid.UUID] = []
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        while len(acknowledged) < 40:
            line = child.stdout.readline()
            assert line, "writer died before it was killed"
            acknowledged.append(uuid.UUID(line.strip()))
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
        if child.stdout is not None:
            child.stdout.close()
    assert child.returncode == -signal.SIGKILL

    db = Database.from_url(url)
    try:
        assert db.integrity_check() == "ok"
        with db.unit_of_work() as session:
            stored = {row.id: row.status for row in session.execute(select(Control.id, Control.status))}
            missing = [cid for cid in acknowledged if cid not in stored]
            assert not missing, f"acknowledged controls lost: {missing}"
            assert all(stored[cid] == "closed" for cid in acknowledged)
            assert audit.verify(session).ok
    finally:
        db.dispose()
