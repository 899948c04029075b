"""`workstation demo --faults`: every fault kind injected, noticed, kept, and recovered from;
scans stored corrected and attached to their controls as evidence; all of it in a scratch
record of the demo's own, never in the live one."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from devices.xray.materials import MATERIALS
from tests.cli_helper import Cli
from workstation.cli.main import main
from workstation.db.models import Control, Scan
from workstation.scans.service import open_scan, store_for


@pytest.mark.slow
def test_demo_with_faults_reports_each_fault_and_logs_controls(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        _isolated_home: Path) -> None:
    kept = tmp_path / "demo"
    assert main(["demo", "--vehicles", "2", "--faults", "--seed", "4", "--keep", str(kept)]) == 0
    out = capsys.readouterr().out
    for kind in ("stall", "drop", "corrupt", "slow", "garbage"):
        assert f"{kind}: noticed and reported" in out
    assert "2 control(s) logged" in out
    # The live record (the workstation's home) was never touched: no database, no images.
    assert not (_isolated_home / "workstation.sqlite3").exists()
    assert not (_isolated_home / "images").exists()
    lane = kept / "lane.toml"
    assert f"--config {lane}" in out
    monkeypatch.setenv("WORKSTATION_HOME", str(kept))

    from workstation.cli.context import CliContext

    ctx = CliContext(config_path=str(lane))
    try:
        with ctx.database().unit_of_work() as session:
            scans = session.scalars(select(Scan)).all()
            incomplete = [s for s in scans if not s.complete]
            assert len(scans) == 7  # 5 faulted scans + one rescan per vehicle
            assert len(incomplete) == 4  # a slow link still delivers the whole scan
            assert all(s.incomplete_reason for s in incomplete)
            assert {c.status for c in session.scalars(select(Control))} == {"closed"}
            # stored corrected with the maps acquired through the protocol at the start
            assert all(s.meta["calibration"]["dark_lines"] == 128 for s in scans)
            # Stored by the lane's one scan pipeline: the same metadata as the application's
            # (detector identity, scanner class, calibration), and the row's id is the scan's.
            for s in scans:
                assert {"detector", "scanner_class", "calibration", "scan_number",
                        "warnings", "lines_expected"} <= set(s.meta), s.meta
                assert s.meta["detector"]["serial"] and s.meta["scanner_class"] == "parcel"
            assert not any(s.meta.get("raw_counts") for s in scans)
            complete_id = next(s.id for s in scans if s.complete)
        _row, scan = open_scan(ctx.database(), store_for(ctx.config), complete_id)
        assert str(kept) in str(_row.path)
        # Corrected transmission: beside the case only the 0.5 cm rubber belt is in the
        # beam, so the first lines read exp(-mu t) of the belt (Beer-Lambert, high energy),
        # flat across the detector: raw counts would carry the ~6 % pixel gain spread.
        belt = float(np.exp(-MATERIALS["rubber"].mu("kev")[1] * 0.5))
        beside = scan.high[:40].astype(np.float64) / 65535
        assert abs(beside.mean() - belt) < 0.01
        assert beside.mean(axis=0).std() < 0.005
    finally:
        ctx.close()

    # every scan is attached to its control as evidence, and the export lists it
    password = out.split("the password of both is ")[1].split()[0]
    code, out, err = Cli(capsys, monkeypatch, config=str(lane))(
        "results", "export", "--format", "json", "--user", "demo-supervisor",
        "--password-stdin", stdin=f"{password}\n")
    assert code == 0, err
    exported = json.loads(out)
    records = exported["results"] if isinstance(exported, dict) else exported
    evidence = [e for r in records for e in r["evidence"] if e["kind"] == "scan"]
    assert len(evidence) == 7
    assert sum(1 for e in evidence if not e["complete"]) == 4
