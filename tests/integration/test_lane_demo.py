"""`workstation demo --faults`: every fault kind injected, noticed, kept, and recovered from."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from workstation.cli.main import main
from workstation.db.models import Control, Scan


@pytest.mark.slow
def test_demo_with_faults_reports_each_fault_and_logs_controls(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--vehicles", "2", "--faults", "--seed", "4"]) == 0
    out = capsys.readouterr().out
    for kind in ("stall", "drop", "corrupt", "slow", "garbage"):
        assert f"{kind}: noticed and reported" in out
    assert "2 control(s) logged" in out

    from workstation.cli.context import CliContext

    ctx = CliContext()
    try:
        with ctx.database().unit_of_work() as session:
            scans = session.scalars(select(Scan)).all()
            incomplete = [s for s in scans if not s.complete]
            assert len(scans) == 7  # 5 faulted scans + one rescan per vehicle
            assert len(incomplete) == 4  # a slow link still delivers the whole scan
            assert all(s.incomplete_reason for s in incomplete)
            assert {c.status for c in session.scalars(select(Control))} == {"closed"}
    finally:
        ctx.close()
