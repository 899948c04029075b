"""``workstation backup`` / ``restore`` (issue 14, item 3): a restore brings back exactly the
backed-up record, verified by its hashes and by ``audit verify``; a damaged backup touches
nothing."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.cli_helper import Cli
from workstation.backup import check_backup, sqlite_online_backup


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    return Cli(capsys, monkeypatch)


def _users(cli: Cli) -> set[str]:
    code, out, err = cli.as_user("ada", "users", "list")
    assert code == 0, err
    return {line.split()[0] for line in out.splitlines() if line.strip()}


def test_a_restore_brings_back_the_backed_up_record_and_verifies_it(
        cli: Cli, tmp_path: Path, _isolated_home: Path) -> None:
    cli.first_admin()
    cli.add_user("olga", "officer")
    image = _isolated_home / "images" / "ab" / "scan.dcm"
    image.parent.mkdir(parents=True)
    image.write_bytes(b"scan bytes")
    out_dir = tmp_path / "backup"
    code, out, err = cli.as_user("ada", "backup", "--out", str(out_dir))
    assert code == 0, err
    manifest = json.loads((out_dir / "manifest.json").read_text())
    assert {"database.sqlite3", "audit/hmac.key", "images/ab/scan.dcm"} <= set(manifest["files"])
    assert check_backup(out_dir) == []
    # After the backup: another user, and the image changed.
    cli.add_user("otto", "officer")
    image.write_bytes(b"changed")
    assert "otto" in _users(cli)

    code, out, err = cli.as_user("ada", "restore", str(out_dir))
    assert code == 0, out + err
    assert "audit verify OK" in out
    assert image.read_bytes() == b"scan bytes"
    assert _users(cli) == {"ada", "olga"}
    aside = [p for p in _isolated_home.iterdir() if p.name.startswith("replaced-")]
    assert len(aside) == 1 and (aside[0] / "workstation.sqlite3").is_file()


def test_a_damaged_backup_is_refused_before_anything_is_touched(
        cli: Cli, tmp_path: Path, _isolated_home: Path) -> None:
    cli.first_admin()
    out_dir = tmp_path / "backup"
    assert cli.as_user("ada", "backup", "--out", str(out_dir))[0] == 0
    cli.add_user("olga", "officer")
    with (out_dir / "database.sqlite3").open("ab") as handle:
        handle.write(b"\0")
    code, _out, err = cli.as_user("ada", "restore", str(out_dir))
    assert code == 2
    assert "database.sqlite3: differs from the manifest" in err
    assert "olga" in _users(cli)  # the lane's own record is untouched


def test_backup_needs_an_administrator_and_a_fresh_folder(cli: Cli, tmp_path: Path) -> None:
    cli.first_admin()
    cli.add_user("olga", "officer")
    code, _out, err = cli.as_user("olga", "backup", "--out", str(tmp_path / "b"))
    assert code == 2 and "needs the role admin" in err
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    code, _out, err = cli.as_user("ada", "backup", "--out", str(tmp_path / "full"))
    assert code == 2 and "new or empty folder" in err


def test_the_online_backup_is_consistent_while_a_writer_holds_a_transaction(
        tmp_path: Path) -> None:
    import sqlite3

    source = tmp_path / "live.sqlite3"
    writer = sqlite3.connect(source, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("create table t (n integer)")
    writer.execute("insert into t values (1)")
    writer.execute("begin immediate")
    writer.execute("insert into t values (2)")  # not committed while the copy is made
    sqlite_online_backup(source, tmp_path / "copy.sqlite3")
    writer.execute("commit")
    writer.close()
    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    assert copy.execute("select n from t").fetchall() == [(1,)]
    copy.close()
    assert not os.path.exists(f"{tmp_path / 'copy.sqlite3'}-wal")
