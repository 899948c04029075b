"""``workstation devices list | check-source | checks`` through the real CLI, with the RIID
and density simulators started from the lane configuration (``simulated = true``)."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest

from devices.handheld.sim import riid_physics
from devices.handheld.sim.riid import RiidSimulator
from tests.cli_helper import Cli
from workstation.cli.main import main

BACKGROUND_USV_H = inspect.signature(RiidSimulator).parameters["background_usv_h"].default
ACTIVITY_MBQ = 10.0
# What the simulated check source really gives at 1 m, as a technician's reference sheet would say.
TRUE_USV_H = BACKGROUND_USV_H + riid_physics.dose_rate_usv_h("Cs-137", ACTIVITY_MBQ, 1.0)


def _lane(tmp_path: Path) -> Path:
    lane = tmp_path / "lane.toml"
    lane.write_text(f"""
[[devices]]
name = "riid"
kind = "riid"
driver = "riid-serial"
simulated = true
[devices.simulator]
transport = "socket"
source = "Cs-137"
activity_mbq = {ACTIVITY_MBQ}
[devices.check_source]
nuclide = "Cs-137"
expected = {TRUE_USV_H:.4f}
tolerance_pct = 15
real_time_s = 120

[[devices]]
name = "riid-spare"
kind = "riid"
driver = "riid-serial"
simulated = true

[[devices]]
name = "density"
kind = "density"
driver = "density-serial"
simulated = true

[[devices]]
name = "barcode"
kind = "barcode"
driver = "barcode-serial"
[devices.settings]
url = "{tmp_path / 'no-such-tty'}"

[[devices]]
name = "old-barcode"
kind = "barcode"
driver = "barcode-serial"
enabled = false
""")
    return lane


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def lane(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Path:
    path = _lane(tmp_path)
    cli = Cli(capsys, monkeypatch, config=str(path))
    for name, role in (("tom", "technician"), ("olga", "officer")):
        cli.add_user(name, role)
    return path


@pytest.fixture
def cli(lane: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    return Cli(capsys, monkeypatch, config=str(lane))


def test_list_probes_every_enabled_device(lane: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--config", str(lane), "devices", "list", "--json")
    assert code == 1  # the barcode reader is unreachable
    rows = {r["name"]: r for r in json.loads(out)}
    assert rows["riid"]["state"] == "ok" and rows["riid"]["identity"]["serial"] == "RS-0042"
    assert rows["riid"]["health"].startswith("OK: battery")
    assert rows["density"]["state"] == "ok"
    assert rows["barcode"]["state"] == "offline" and "check cable and power" in rows["barcode"]["health"]
    assert rows["old-barcode"]["health"] == "disabled" and rows["old-barcode"]["state"] is None
    code, out, _ = run(capsys, "--config", str(lane), "devices", "list", "--no-probe")
    assert code == 0 and "riid: riid via riid-serial (simulated): not probed" in out


def test_check_source_pass_fail_history_and_trend(lane: Path, cli: Cli,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    config = ("--config", str(lane))
    code, out, err = cli.as_user("tom", "devices", "check-source", "riid")
    assert code == 0, err
    assert out.startswith("PASS riid check source Cs-137:") and "by tom" in out
    # The same reading against a wrong reference value fails, and says why.
    code, out, _ = cli.as_user("tom", "devices", "check-source", "riid",
                               "--expected", f"{2 * TRUE_USV_H:.4f}", "--tolerance", "10", "--json")
    assert code == 1
    failed = json.loads(out)
    assert not failed["passed"] and "outside" in failed["reason"]
    assert failed["technician"] == "tom" and failed["measured"]["device"]["serial"] == "RS-0042"
    assert failed["expected"]["tolerance_pct"] == 10
    # A RIID without the source near it: the nuclide is not identified.
    code, out, _ = cli.as_user("tom", "devices", "check-source", "riid-spare",
                               "--expected", f"{BACKGROUND_USV_H}", "--tolerance", "50",
                               "--real-time", "30")
    assert code == 1 and "Cs-137 not identified" in out

    code, out, _ = run(capsys, *config, "devices", "checks", "--json")
    assert code == 0
    history = json.loads(out)
    assert [c["device"] for c in history["checks"]] == ["riid-spare", "riid", "riid"]  # newest first
    assert [c["passed"] for c in history["checks"]] == [False, False, True]
    trend = {t["device"]: t for t in history["trends"]}
    assert trend["riid"]["checks"] == 2 and trend["riid"]["passed"] == 1
    assert trend["riid"]["direction"] == "unknown"  # fewer than 3 checks
    code, out, _ = run(capsys, *config, "devices", "checks", "--device", "riid")
    assert code == 0 and "PASS" in out and "FAIL" in out and "riid-spare" not in out
    assert "trend riid: 1/2 passed, last FAIL" in out


@pytest.mark.parametrize(("user", "args", "message"), [
    ("olga", ("riid",), "user 'olga' is officer; this needs the role technician"),
    (None, ("riid",), "say who does this with --user"),
    (None, ("riid", "--user", "tom"), "the password of tom is needed and there is no terminal"),
    ("tom", ("nope",), "no device 'nope' in"),
    ("tom", ("density",), "is a density; the check-source test needs a RIID"),
    ("tom", ("riid-spare",), "no expected value"),
    ("tom", ("riid", "--tolerance", "0"), "tolerance must be in (0, 100]"),
])
def test_check_source_refuses_with_a_clear_message(cli: Cli, user: str | None,
                                                   args: tuple[str, ...], message: str) -> None:
    command = ("devices", "check-source", *args)
    code, out, err = cli.as_user(user, *command) if user else cli(*command)
    assert code == 2 and out == ""
    assert message in err


def test_unreachable_riid_exits_3_and_records_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    lane = tmp_path / "lane.toml"
    lane.write_text(f"""
[[devices]]
name = "riid"
kind = "riid"
driver = "riid-serial"
[devices.settings]
url = "{tmp_path / 'unplugged'}"
""")
    cli = Cli(capsys, monkeypatch, config=str(lane))
    cli.add_user("tom", "technician")
    code, _, err = cli.as_user("tom", "devices", "check-source", "riid", "--expected", "1")
    assert code == 3 and "device 'riid' unreachable" in err and "check cable and power" in err
    code, out, _ = run(capsys, "--config", str(lane), "devices", "checks")
    assert code == 0 and out.strip() == "no checks recorded"
