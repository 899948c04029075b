"""The headless flow through the real CLI, as an operator would type it."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import uuid
from pathlib import Path

import pytest

from tests.cli_helper import Cli
from workstation.cli.main import main
from workstation.referral_generator import generate_referrals


def run(capsys: pytest.CaptureFixture[str], *args: str,
        stdin: str | None = None, monkeypatch: pytest.MonkeyPatch | None = None
        ) -> tuple[int, str, str]:
    if stdin is not None and monkeypatch is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_bad_mrn_then_good_then_reimport(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    cli = Cli(capsys, monkeypatch)
    cli.first_admin()
    document = generate_referrals(4, seed=9)
    good = tmp_path / "good.json"
    good.write_text(json.dumps(document))
    bad_doc = json.loads(json.dumps(document))
    rid = bad_doc["referrals"][2]["referral_id"]
    bad_doc["referrals"][2]["mrn"] = "26NL0000000000000A9"[:17] + "9"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bad_doc))

    code, out, err = cli.as_user("ada", "referrals", "import", str(bad))
    assert code == 2
    assert f"{bad}: referral 3 ({rid}): mrn: " in err
    assert "nothing imported" in err
    code, out, _ = cli.as_user("ada", "referrals", "list", "--json")
    assert json.loads(out) == []

    code, out, _ = cli.as_user("ada", "referrals", "import", str(good))
    assert code == 0 and "4 new, 0 updated, 0 unchanged, 0 rejected" in out
    code, out, _ = cli.as_user("ada", "referrals", "import", str(good))
    assert code == 0 and "0 new, 0 updated, 4 unchanged, 0 rejected" in out


def test_control_from_open_to_approval_appears_in_both_exports(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    refs = tmp_path / "refs.json"
    document = generate_referrals(2, seed=3)
    refs.write_text(json.dumps(document))
    rid = document["referrals"][0]["referral_id"]
    cli = Cli(capsys, monkeypatch)
    cli.add_user("olga", "officer")
    cli.add_user("sven", "supervisor")
    assert cli.as_user("sven", "referrals", "import", str(refs))[0] == 0

    code, out, _ = cli.as_user("olga", "controls", "open", "--referral", rid, "--json")
    assert code == 0
    cid = json.loads(out)["control_id"]
    code, _, err = cli.as_user("olga", "controls", "close", cid)
    assert code == 2 and "no result recorded" in err
    assert cli.as_user("olga", "controls", "result", cid[:8], "--code", "B1", "--types",
                       "scan,physical", "--finding", "=cmd|' /C calc'!A0", "--seizure",
                       "cigarettes|12000|pcs|240220|3600", "--minutes", "42")[0] == 0
    assert cli.as_user("olga", "controls", "close", cid)[0] == 0
    code, _, err = cli.as_user("olga", "controls", "review", cid, "--approve")
    assert code == 2 and "supervisor" in err
    assert cli.as_user("sven", "controls", "review", cid, "--approve")[0] == 0

    code, out, _ = cli.as_user("sven", "results", "export", "--format", "json", "--since",
                               "2000-01-01")
    exported = json.loads(out)
    assert exported["format"] == "control-results/1"
    [record] = exported["results"]
    assert (record["control_id"], record["referral_id"], record["status"]) == (cid, rid, "approved")
    assert record["mrn"] == document["referrals"][0]["mrn"]
    assert record["risk_profiles"] == [document["referrals"][0]["risk_profiles"][0]["code"]]

    out_file = tmp_path / "export" / "results.csv"
    assert cli.as_user("sven", "results", "export", "--format", "csv", "--out",
                       str(out_file))[0] == 0
    rows = list(csv.DictReader(out_file.open(newline="", encoding="utf-8")))
    assert [(r["control_id"], r["result_code"], r["status"]) for r in rows] == \
        [(cid, "B1", "approved")]
    # A finding that looks like a spreadsheet formula is written as text.
    assert rows[0]["findings"].startswith("officer-finding|=cmd")
    for row in rows:
        assert not any(v.startswith(("=", "+", "-", "@")) for v in row.values())

    code, out, _ = cli.as_user("sven", "results", "export", "--since", "2999-01-01")
    assert json.loads(out)["results"] == []


def test_audit_verify_passes_then_names_the_altered_event(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        _isolated_home: Path) -> None:
    refs = tmp_path / "refs.json"
    refs.write_text(json.dumps(generate_referrals(3, seed=1)))
    cli = Cli(capsys, monkeypatch)
    cli.first_admin()  # event 1: user.add
    assert cli.as_user("ada", "referrals", "import", str(refs))[0] == 0  # 2: login, 3-5
    code, out, _ = run(capsys, "audit", "verify")
    assert code == 0 and out.startswith("OK: 5 audit events verified")

    with sqlite3.connect(_isolated_home / "workstation.sqlite3") as conn:
        conn.execute("update audit_events set actor = 'mallory' where seq = 2")
    code, out, _ = run(capsys, "audit", "verify")
    assert code == 1
    assert "FAILED" in out and "event 2 (" in out and "altered" in out


def test_result_codes_extend_per_post(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    extra = tmp_path / "codes.toml"
    extra.write_text('[codes.N7]\nlabel = "National: goods detained for lab analysis"\n'
                     "irregularity = true\n")
    cfg = tmp_path / "lane.toml"
    cfg.write_text(f'[reference]\nresult_codes = "{extra.name}"\n')
    code, out, _ = run(capsys, "--config", str(cfg), "codes", "--json")
    codes = {c["code"]: c for c in json.loads(out)}
    assert {"A1", "A2", "A3", "A5", "B1", "N7"} <= set(codes)
    assert codes["N7"]["irregularity"] is True


def test_close_is_refused_until_every_finding_is_decided(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        _isolated_home: Path) -> None:
    from devices.handheld.readings import SubstanceReading
    from workstation.cli.context import CliContext
    from workstation.inference.boxes import Detection
    from workstation.inference.runner import Analysis
    from workstation.services import findings, users
    from workstation.services.readings import HandheldReadingEvent, record_reading

    cli = Cli(capsys, monkeypatch)
    cli.add_user("olga", "officer")
    code, out, _ = cli.as_user("olga", "controls", "open", "--random", "--json")
    cid = json.loads(out)["control_id"]
    # A model on the scan and an alarm rule on a handheld reading propose findings.
    ctx = CliContext()
    try:
        with ctx.database().unit_of_work() as s:
            officer = users.get_user(s, "olga")
            [model] = findings.add_model_findings(s, uuid.UUID(cid), [Analysis(
                "parcel-threats", "1.2.0", "ab" * 32, [Detection("handgun", 0.91, (1, 2, 3, 4))],
                {"handgun": 0.91}, (200, 300), 1, 12.0, 10.0)], actor="olga")
            reading = SubstanceReading(substance="Heroin", library="lib", confidence=0.9,
                                       spectrum_ref="S-1")
            [rule] = record_reading(s, HandheldReadingEvent(
                device="raman-1", values=reading.values(), reading=reading), cid, officer).findings
            model_id, rule_id = str(model.id), str(rule.id)
    finally:
        ctx.close()
    assert cli.as_user("olga", "controls", "result", cid, "--code", "A1", "--types",
                       "scan,physical", "--minutes", "12")[0] == 0

    code, out, err = cli.as_user("olga", "controls", "close", cid)
    assert code == 2 and out == "" and "Traceback" not in err
    assert "2 finding(s) not yet accepted or rejected" in err
    assert f"handgun (model, {model_id[:8]})" in err
    assert f"controlled-substance:Heroin (rule, {rule_id[:8]})" in err
    assert "workstation controls decide" in err

    code, out, _ = cli.as_user("olga", "controls", "decide", cid[:8], model_id[:8], "--accept")
    assert code == 0 and f"finding {model_id} (handgun) accepted" in out
    code, _, err = cli.as_user("olga", "controls", "decide", cid, model_id, "--reject")
    assert code == 2 and "already accepted" in err and "Traceback" not in err
    code, _, err = cli.as_user("olga", "controls", "decide", cid, "0123", "--reject")
    assert code == 2 and "at least its first 8 hex digits" in err
    code, _, err = cli.as_user("olga", "controls", "close", cid)
    assert code == 2 and "1 finding(s)" in err and "handgun" not in err
    assert cli.as_user("olga", "controls", "decide", cid, rule_id, "--reject")[0] == 0
    code, out, _ = cli.as_user("olga", "controls", "close", cid)
    assert code == 0 and f"control {cid} closed" in out
    code, out, _ = run(capsys, "audit", "verify")
    assert code == 0
    with sqlite3.connect(_isolated_home / "workstation.sqlite3") as conn:
        decided = conn.execute("select actor, action, entity_id from audit_events "
                               "where action like 'finding.%' order by seq").fetchall()
    assert decided[-2:] == [("olga", "finding.accept", model_id), ("olga", "finding.reject", rule_id)]
