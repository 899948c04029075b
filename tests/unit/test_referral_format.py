from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from workstation.formats.referrals import ReferralFileError, parse_file

EXAMPLE: dict[str, Any] = {
    "format": "referral/1",
    "referrals": [{
        "referral_id": "NL-RMS-2026-000123",
        "source": "national-rms",
        "issued_at": "2026-11-26T08:15:00Z",
        "mrn": "23GB000246IF9W5YJ0",
        "declaration_type": "IM",
        "transport": {"plates": ["PP-587 AO"], "containers": ["CSQU3054383"], "parcel_ids": []},
        "channel": "red",
        "risk_profiles": [{"code": "CRC-FIN-07", "description": "undervaluation textiles",
                           "risk_area": "financial"}],
        "control_instructions": [{"type": "scan", "text": "scan whole trailer"}],
        "priority": 2,
        "deadline": "2026-11-26T12:00:00Z",
        "lane": "L1",
        "goods": [{"description": "cotton shirts", "hs_code": "620520", "origin": "CN",
                   "declared_value_eur": 12500.0, "gross_mass_kg": 830.0}],
    }],
}


def example() -> dict[str, Any]:
    return copy.deepcopy(EXAMPLE)


def write(tmp_path: Path, document: dict[str, Any], name: str = "refs.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return path


def test_the_documented_example_parses_and_normalises(tmp_path: Path) -> None:
    [ref] = parse_file(write(tmp_path, example()))
    assert ref.transport.plates == ["PP587AO"]
    assert ref.issued_at.utcoffset() is not None
    assert ref.mrn == "23GB000246IF9W5YJ0"


def test_optional_fields_may_be_absent(tmp_path: Path) -> None:
    doc = example()
    for key in ("mrn", "deadline", "lane", "goods", "transport"):
        del doc["referrals"][0][key]
    [ref] = parse_file(write(tmp_path, doc))
    assert ref.mrn is None and ref.lane is None and ref.goods == []


def test_every_problem_is_reported_with_file_index_id_and_field(tmp_path: Path) -> None:
    doc = example()
    second = copy.deepcopy(doc["referrals"][0])
    second["referral_id"] = "NL-RMS-2026-000124"
    second["mrn"] = "23GB000246IF9W5YJ1"
    second["transport"]["containers"] = ["WEGU6047895"]
    second["channel"] = "purple"
    doc["referrals"].append(second)
    path = write(tmp_path, doc)
    with pytest.raises(ReferralFileError) as err:
        parse_file(path)
    lines = str(err.value).splitlines()
    assert f"{path}: referral 2 (NL-RMS-2026-000124): mrn: '23GB000246IF9W5YJ1' has check " \
           "character '1', expected '0'" in lines
    assert any(line.startswith(f"{path}: referral 2 (NL-RMS-2026-000124): transport.containers: ")
               and "check digit" in line for line in lines)
    assert any(line.startswith(f"{path}: referral 2 (NL-RMS-2026-000124): channel: ")
               for line in lines)
    assert len(lines) == 3


def test_unknown_field_and_missing_field(tmp_path: Path) -> None:
    doc = example()
    doc["referrals"][0]["chanel"] = "red"
    del doc["referrals"][0]["priority"]
    with pytest.raises(ReferralFileError) as err:
        parse_file(write(tmp_path, doc))
    text = str(err.value)
    assert "chanel: unknown field" in text and "priority: required field is missing" in text


def test_naive_times_are_refused(tmp_path: Path) -> None:
    doc = example()
    doc["referrals"][0]["issued_at"] = "2026-11-26T08:15:00"
    with pytest.raises(ReferralFileError, match="issued_at: .*time zone"):
        parse_file(write(tmp_path, doc))


def test_duplicate_ids_in_one_file(tmp_path: Path) -> None:
    doc = example()
    doc["referrals"].append(copy.deepcopy(doc["referrals"][0]))
    with pytest.raises(ReferralFileError, match=r"referral 2 .*appears twice"):
        parse_file(write(tmp_path, doc))


@pytest.mark.parametrize(("text", "expected"), [
    ("{", "not valid JSON"),
    ('{"format": "referral/2", "referrals": []}', "format: must be 'referral/1'"),
    ("[]", "must be an object"),
])
def test_broken_documents(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(ReferralFileError, match=expected):
        parse_file(path)


def test_csv_form_gives_the_same_referral(tmp_path: Path) -> None:
    path = tmp_path / "refs.csv"
    path.write_text(
        "referral_id,source,issued_at,mrn,declaration_type,plates,containers,parcel_ids,channel,"
        "risk_profiles,control_instructions,priority,deadline,lane,goods\n"
        "NL-RMS-2026-000123,national-rms,2026-11-26T08:15:00Z,23GB000246IF9W5YJ0,IM,PP-587 AO,"
        "CSQU3054383,,red,CRC-FIN-07|financial|undervaluation textiles,scan|scan whole trailer,2,"
        "2026-11-26T12:00:00Z,L1,cotton shirts|620520|CN|12500.0|830.0\n")
    [from_csv] = parse_file(path)
    [from_json] = parse_file(write(tmp_path, example()))
    assert from_csv == from_json
    assert from_csv.content_sha256() == from_json.content_sha256()


def test_csv_problem_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "refs.csv"
    path.write_text(
        "referral_id,source,issued_at,declaration_type,channel,risk_profiles,priority,mrn\n"
        "A-1,manual,2026-11-26T08:15:00Z,IM,red,X|financial,1,\n"
        "A-2,manual,2026-11-26T08:15:00Z,IM,red,X|financial,1,23GB000246IF9W5YJ9\n")
    with pytest.raises(ReferralFileError) as err:
        parse_file(path)
    assert str(err.value).startswith(f"{path}: referral 2 (A-2): mrn: ")
