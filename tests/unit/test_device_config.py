"""The lane's devices edited in a form (issue 13 item 6): checked by the lane file's own
models field by field, written back with the comments kept and read back by the loader."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from workstation.config import load
from workstation.lane.device_config import (
    DeviceConfigError,
    DeviceForm,
    LaneFile,
    changes,
    check_form,
    edit_entry,
    known_keys,
    open_and_identify,
    write_atomic,
)

LANE = """\
# Lane 1 of the post: scanner and RIID.
[lane]
lane_id = "L1"  # as the post's RMS names it

[[devices]]  # the tunnel scanner
name = "scanner"
kind = "xray"
driver = "xray-tcp"
simulated = true
[devices.settings]
integration_us = 200   # fast for tests
block_lines = 64
[devices.simulator]
seed = 7  # which parcels come
scene = "parcel"

# the handheld on the desk
[[devices]]
name = "riid"
kind = "riid"
driver = "riid-serial"
simulated = true
[devices.simulator]
source = "Cs-137"
activity_mbq = 20.0
time_scale = 0.0
"""


@pytest.fixture
def lane(tmp_path: Path) -> LaneFile:
    path = tmp_path / "lane.toml"
    path.write_text(LANE, encoding="utf-8")
    return LaneFile.read(path)


def _with(form: DeviceForm, table: str, **values: str) -> DeviceForm:
    tables = {name: dict(v) for name, v in form.tables.items()}
    tables.setdefault(table, {}).update(values)
    return replace(form, tables=tables)


def test_unknown_keys_and_wrong_types_are_named_field_by_field(lane: LaneFile) -> None:
    scanner = lane.forms()[0]
    assert scanner.tables["settings"] == {"integration_us": "200", "block_lines": "64"}
    form = _with(scanner, "settings", integration_us="fast", colour="blue")
    form = _with(form, "simulator", seed="seven", scene="parcel")
    checked = check_form(form, lane)
    by_field = {e.field: e.message for e in checked.errors}
    assert set(by_field) == {"settings.integration_us", "settings.colour", "simulator.seed"}
    assert "integer" in by_field["settings.integration_us"] and "'fast'" in \
        by_field["settings.integration_us"]
    assert by_field["settings.colour"].startswith("unknown key for driver xray-tcp")
    assert "integer" in by_field["simulator.seed"]

    assert check_form(replace(scanner, driver="xray-laser"), lane).errors[0].field == "driver"
    wrong_kind = check_form(replace(scanner, kind="riid"), lane).errors
    assert wrong_kind[0].field == "driver" and "for kind 'xray'" in wrong_kind[0].message
    twice = check_form(replace(scanner, name="riid"), lane).errors
    assert [e.field for e in twice] == ["name"]
    riid = _with(lane.forms()[1], "check_source", expected="2.5", colour="red")
    assert [e.field for e in check_form(riid, lane).errors] == ["check_source.colour"]
    rules = _with(lane.forms()[1], "alarm_rules", dose_rate_usv_h="-1")
    assert [e.field for e in check_form(rules, lane).errors] == ["alarm_rules.dose_rate_usv_h"]
    unreadable = _with(scanner, "settings", block_lines="[1, ")
    assert [e.field for e in check_form(unreadable, lane).errors] == ["settings.block_lines"]


def test_an_edit_keeps_every_comment_and_the_loader_reads_it(lane: LaneFile) -> None:
    form = _with(lane.forms()[0], "settings", integration_us="500", block_lines="",
                 reply_timeout_s="30.0")
    checked = check_form(form, lane)
    assert checked.ok, checked.errors
    assert checked.entry is not None
    edited = edit_entry(lane, 0, checked.entry)
    assert edited.comments_kept
    text = edited.text
    for comment in ("# Lane 1 of the post", "# as the post's RMS names it", "# the tunnel scanner",
                    "# which parcels come", "# the handheld on the desk"):
        assert comment in text
    assert "integration_us = 500   # fast for tests\n" in text
    assert "block_lines" not in text
    data = tomllib.loads(text)
    assert data["devices"][0]["settings"] == {"integration_us": 500, "reply_timeout_s": 30.0}
    assert data["devices"][1] == tomllib.loads(LANE)["devices"][1]  # untouched
    assert changes(lane.entries[0], checked.entry) == [
        ("settings.block_lines", 64, None), ("settings.integration_us", 200, 500),
        ("settings.reply_timeout_s", None, 30.0)]

    write_atomic(lane.path, text, was=lane.text)
    config = load(lane.path)
    assert config.devices[0].settings["integration_us"] == 500
    assert not list(lane.path.parent.glob(".*.tmp"))
    # a second writer with the old text is refused: the file changed meanwhile
    with pytest.raises(DeviceConfigError, match="changed since it was read"):
        write_atomic(lane.path, lane.text, was=lane.text)


def test_a_new_table_and_a_new_device_go_to_their_place(lane: LaneFile) -> None:
    riid = _with(lane.forms()[1], "check_source", nuclide='"Cs-137"', expected="1.9")
    checked = check_form(riid, lane)
    assert checked.ok and checked.entry is not None
    edited = edit_entry(lane, 1, checked.entry)
    assert edited.comments_kept
    assert edited.text.endswith('time_scale = 0.0\n[devices.check_source]\nnuclide = "Cs-137"\n'
                                'expected = 1.9\n')
    new = DeviceForm("barcode", "barcode", "barcode-serial", True, True,
                     {"simulator": {"code": "MSCU6639870"}})
    checked = check_form(new, lane)
    assert checked.ok, checked.errors
    assert checked.entry is not None
    text = edit_entry(lane, None, checked.entry).text
    assert tomllib.loads(text)["devices"][2]["simulator"] == {"code": "MSCU6639870"}
    assert text.startswith(LANE)


def test_inline_tables_are_rewritten_and_say_so(tmp_path: Path) -> None:
    path = tmp_path / "lane.toml"
    path.write_text('[[devices]]\nname = "scanner"  # tunnel\nkind = "xray"\n'
                    'driver = "xray-tcp"\nsettings = {integration_us = 200}\n')
    lane = LaneFile.read(path)
    checked = check_form(_with(lane.forms()[0], "settings", integration_us="300"), lane)
    assert checked.entry is not None
    edited = edit_entry(lane, 0, checked.entry)
    assert not edited.comments_kept
    assert tomllib.loads(edited.text)["devices"][0]["settings"] == {"integration_us": 300}


def test_invalid_file_is_never_written(lane: LaneFile) -> None:
    broken = lane.text.replace('lane_id = "L1"', 'lane_id = "L1"\ncolour = 3')
    with pytest.raises(DeviceConfigError, match="lane.colour: unknown key"):
        write_atomic(lane.path, broken, was=lane.text)
    assert lane.path.read_text() == lane.text


def test_the_form_lists_the_drivers_keys() -> None:
    keys = {(k.table, k.key): k for k in known_keys("xray-tcp")}
    assert ("settings", "integration_us") in keys and ("simulator", "scene") in keys
    assert ("check_source", "expected") in keys and ("alarm_rules", "dose_rate_usv_h") in keys
    assert known_keys("no-such-driver") == []


def test_connection_test_reports_identity_or_the_error_in_words(lane: LaneFile) -> None:
    riid = lane.entries[1]
    report = open_and_identify(riid)
    assert report.ok, report.message
    assert report.identity is not None and report.identity["serial"]
    assert report.identity["serial"] in report.message
    refused = open_and_identify({**riid, "simulated": False,
                                 "settings": {"url": "socket://127.0.0.1:9"}}, timeout_s=2.0)
    assert not refused.ok and refused.identity is None
    assert "check" in refused.message, refused.message
