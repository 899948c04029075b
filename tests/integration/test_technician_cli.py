"""The technician's scanner verbs through the real CLI against the simulated scanner:
calibrate, the daily image-quality test (scored, stored, with its trend and certificate),
equivalence across scanners, out of service and the health history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_helper import Cli


def _lane(tmp_path: Path, lane_id: str = "L1") -> Path:
    path = tmp_path / f"lane-{lane_id}.toml"
    path.write_text(f"""
[lane]
lane_id = "{lane_id}"
[database]
url = "sqlite:///{tmp_path / 'post.sqlite3'}"
[storage]
image_store = "{tmp_path / 'images'}"

[[devices]]
name = "scanner"
kind = "xray"
driver = "xray-tcp"
simulated = true
[devices.settings]
integration_us = 200
block_lines = 64
reply_timeout_s = 60.0
[devices.simulator]
seed = 7
scene = "parcel"
""")
    return path


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> Cli:
    c = Cli(capsys, monkeypatch, config=str(_lane(tmp_path)))
    c.add_user("tom", "technician")
    c.add_user("olga", "officer")
    return c


def test_calibrate_then_daily_test_is_scored_stored_and_certified(cli: Cli,
                                                                   tmp_path: Path) -> None:
    code, out, err = cli.as_user("tom", "devices", "calibrate", "scanner", "--json")
    assert code == 0, err
    first = json.loads(out)
    assert first["accepted"] and first["changes"] == {}
    assert first["values"]["pixels"] > 0 and "flat_signal" in first["values"]
    code, out, err = cli.as_user("tom", "devices", "calibrate", "scanner", "--json")
    second = json.loads(out)
    assert code == 0 and "flat_signal" in second["changes"]  # compared with the first run

    code, out, err = cli.as_user("tom", "devices", "iq-test", "scanner", "--json")
    assert code == 0, err + out
    result = json.loads(out)
    assert result["passed"] is True
    names = {m["name"] for m in result["metrics"]}
    assert {"wire_resolution", "spatial_resolution", "noise", "uniformity"} <= names
    assert all(m["passed"] for m in result["metrics"])

    code, out, _ = cli("devices", "iq-trend", "scanner", "--json")
    trend = json.loads(out)
    assert trend["daily_status"] == "passed" and [t["id"] for t in trend["tests"]] == [result["id"]]

    pdf = tmp_path / "certificate.pdf"
    code, out, err = cli.as_user("tom", "devices", "certificate", result["id"], "--out", str(pdf))
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF")

    # an officer may not run the test
    code, _out, err = cli.as_user("olga", "devices", "iq-test", "scanner")
    assert code != 0 and "technician" in err


def test_out_of_service_is_recorded_and_shown_in_the_health(cli: Cli) -> None:
    code, _out, err = cli.as_user("tom", "devices", "service", "scanner", "--out", "")
    assert code != 0 and "reason" in err
    code, out, err = cli.as_user("tom", "devices", "service", "scanner", "--out",
                                 "tube arcing; vendor called")
    assert code == 0, err
    code, out, _ = cli("devices", "health", "scanner", "--json")
    [row] = json.loads(out)
    assert row["out_of_service"] == "tube arcing; vendor called"
    code, out, err = cli.as_user("tom", "devices", "service", "scanner", "--back")
    assert code == 0, err
    code, out, _ = cli("devices", "health", "scanner", "--json")
    assert json.loads(out)[0]["out_of_service"] is None
