"""`n42 read`, referral import and results export against hostile input (issue 17, item 6)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workstation.cli.main import main
from workstation.formats.referrals import ReferralFileError, parse_file
from workstation.formats.results import to_csv, to_json

N42 = 'xmlns="http://physics.nist.gov/N42/2011/N42"'


@pytest.mark.parametrize(("body", "problem"), [
    (f'<?xml version="1.0" encoding="x-klingon"?><RadInstrumentData {N42}/>'.encode(),
     "unknown character encoding"),
    (f'<?xml version="1.0" encoding="utf-7"?><RadInstrumentData {N42}/>'.encode(),
     "cannot decode XML"),
    (f"<RadInstrumentData {N42}><RadMeasurement>".encode() + b"<a>" * 100_000
     + b"</a>" * 100_000 + b"</RadMeasurement></RadInstrumentData>",
     "elements nested more than 100 deep"),
    (b"<N42InstrumentData>" + b"<Measurement>" * 5_000 + b"</Measurement>" * 5_000
     + b"</N42InstrumentData>", "elements nested more than 100 deep"),
    (f"<RadInstrumentData {N42}>".encode() + b"<x/>" * 1_000_001 + b"</RadInstrumentData>",
     "more than 1,000,000 elements"),
])
def test_n42_read_survives_hostile_documents(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             body: bytes, problem: str) -> None:
    path = tmp_path / "hostile.n42"
    path.write_bytes(body)
    assert main(["n42", "read", str(path), "--json"]) == 2
    captured = capsys.readouterr()
    assert f"{path}: " in captured.err and problem in captured.err
    assert "Traceback" not in captured.err and captured.out == ""


def test_binary_spectrum_with_non_finite_numbers_is_refused(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """An SPC whose float32 real time is NaN: `n42 read --json` would print invalid JSON."""
    from tests.fuzz.seeds import spectrum_seeds

    spc = bytearray(spectrum_seeds()[5])
    spc[90:94] = b"\x00\x00\xc0\x7f"  # float32 NaN
    path = tmp_path / "nan.spc"
    path.write_bytes(bytes(spc))
    assert main(["n42", "read", str(path), "--json"]) == 2
    assert "real time is nan, not a finite number" in capsys.readouterr().err


HEADER = "referral_id,source,issued_at,declaration_type,channel,risk_profiles,priority,goods\n"
ROW = "A-1,manual,2026-11-26T08:15:00Z,IM,red,X|financial,1,shirts|6205|CN|10|5\n"


@pytest.mark.parametrize(("name", "text", "problem"), [
    ("short.csv", HEADER + "A-1,manual,2026-11-26T08:15:00Z,IM,red\n",
     "referral 1 (A-1): (row): row too short: 5 cells, the header has 8 columns (CSV line 2)"),
    ("long.csv", HEADER + ROW.strip() + ",extra\n",
     "referral 1 (A-1): (row): row too long: 9 cells, the header has 8 columns (CSV line 2)"),
    ("twice.csv", HEADER.strip() + ",priority\n" + ROW.strip() + ",2\n",
     "header: column(s) named twice: priority"),
    ("nul.csv", HEADER + ROW.replace("shirts", "sh\x00irts"),
     "referral 1 (A-1): goods[0].description: contains a NUL character"),
    ("bell.csv", HEADER + ROW.replace("IM", "I\x07M"),
     "referral 1 (A-1): declaration_type: contains a control character (U+0007"),
    ("unix.csv", HEADER + ROW.replace("2026-11-26T08:15:00Z", "1700000000"),
     "referral 1 (A-1): issued_at: not an ISO 8601 time such as 2026-11-26T08:15:00Z "
     "(got '1700000000')"),
    ("end.csv", HEADER + ROW.replace("2026-11-26T08:15:00Z", "9999-12-31T23:59:59-01:00"),
     "referral 1 (A-1): issued_at: time is out of range"),
    ("nan.csv", HEADER + ROW.replace("|10|5", "|nan|inf"),
     "referral 1 (A-1): goods[0].declared_value_eur: Input should be a finite number (got 'nan')"),
    ("long-id.csv", HEADER + ROW.replace("A-1", "A" * 65),
     "referral_id: String should have at most 64 characters"),
    ("huge-cell.csv", HEADER + ROW.replace("shirts", "s" * 200_000),
     "line 2: not readable CSV: field larger than field limit"),
    ("nan.json", '{"format": "referral/1", "referrals": [{"priority": NaN}]}',
     "(document): not valid JSON: NaN is not a number JSON allows"),
    ("inf.json", '{"format": "referral/1", "referrals": [{"referral_id": "A", "goods": '
                 '[{"description": "x", "gross_mass_kg": 1e400}]}]}',
     "referral 1 (A): goods[0].gross_mass_kg: Input should be a finite number"),
    ("unix.json", '{"format": "referral/1", "referrals": [{"referral_id": "A", '
                  '"issued_at": 1700000000}]}',
     "referral 1 (A): issued_at: not an ISO 8601 time"),
    ("surrogate.json", '{"format": "referral/1", "referrals": [{"referral_id": "A\\ud800"}]}',
     "referral 1 (A\\ud800): referral_id: holds a lone surrogate escape"),
    ("deep.json", "[" * 100_000 + "]" * 100_000, "(document): nested too deeply"),
    ("digits.json", '{"format": "referral/1", "referrals": [{"priority": ' + "9" * 5000 + "}]}",
     "(document): not valid JSON: Exceeds the limit (4300 digits)"),
])
def test_referral_import_refuses_and_names_each_problem(tmp_path: Path, name: str, text: str,
                                                        problem: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReferralFileError) as err:
        parse_file(path)
    lines = str(err.value).splitlines()
    assert any(line.startswith(f"{path}: ") and problem in line for line in lines), lines


def test_a_valid_csv_still_imports(tmp_path: Path) -> None:
    path = tmp_path / "ok.csv"
    path.write_text(HEADER + "\n" + ROW, encoding="utf-8")  # a blank line is no row
    (referral,) = parse_file(path)
    assert referral.goods[0].declared_value_eur == 10


def _record(**changes: object) -> dict[str, object]:
    record: dict[str, object] = {
        "control_id": "c1", "referral_id": "R-1", "mrn": None, "risk_profiles": ["X"],
        "channel": "red", "control_types": ["scan"], "minutes_spent": 12,
        "findings": [{"label": "dense", "description": "organic", "source": "model",
                      "decision": "confirmed", "score": 0.9, "model": "m", "model_version": "1"}],
        "seizures": [{"description": "shirts", "hs_code": "6205", "quantity": 3.0, "unit": "kg",
                      "value_eur": 10.0}],
        "evidence": [{"kind": "reading", "ref": "r1", "values": {"dose_rate_usv_h": 0.2}}],
    }
    record.update(changes)
    return record


def test_results_export_never_writes_invalid_json_or_utf8() -> None:
    nasty = _record(
        subject="truck \ud83d",  # half of a surrogate pair, as a broken client may store it
        findings=[{"label": "dense", "description": "x\udfff", "source": "model",
                   "decision": "confirmed", "score": float("nan"), "model": "m",
                   "model_version": "1"}],
        seizures=[{"description": "s", "hs_code": None, "quantity": float("inf"), "unit": "kg",
                   "value_eur": float("-inf")}],
        evidence=[{"kind": "reading", "ref": "r1", "values": {"dose_rate_usv_h": float("nan")}}])
    text = to_json([nasty, _record()])

    def strict(name: str) -> None:
        raise AssertionError(f"{name} in the export")

    document = json.loads(text.encode("utf-8").decode("utf-8"), parse_constant=strict)
    first = document["results"][0]
    assert first["subject"] == "truck \ufffd"
    assert first["findings"][0]["score"] is None and first["findings"][0]["description"] == "x\ufffd"
    assert first["seizures"][0]["quantity"] is None
    assert first["evidence"][0]["values"]["dose_rate_usv_h"] is None
    assert document["results"][1]["findings"][0]["score"] == 0.9
    csv_text = to_csv([nasty])
    csv_text.encode("utf-8")
    assert "nan" not in csv_text.lower() and "inf" not in csv_text.lower()
