"""The database at a lane's start (issue 14, item 2): the embedded SQLite database is
migrated after a copy of it; a database at a revision this code does not expect refuses,
saying both revisions and what to do."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import pg_problem, pg_url
from workstation.db.engine import Database, SchemaMismatch, head_revision, make_engine


def _revision(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return str(con.execute("select version_num from alembic_version").fetchone()[0])
    finally:
        con.close()


def test_an_old_sqlite_database_is_copied_then_migrated(tmp_path: Path) -> None:
    file = tmp_path / "lane.sqlite3"
    db = Database(make_engine(f"sqlite:///{file}"), audit_dir=tmp_path / "audit")
    db.upgrade("0003_logins_and_handover")
    copy = db.upgrade_at_start()
    db.dispose()
    assert copy is not None and copy.parent == tmp_path / "backups"
    assert "0003_logins_and_handover" in copy.name
    assert _revision(copy) == "0003_logins_and_handover"
    assert _revision(file) == head_revision()


def test_a_current_or_new_sqlite_database_needs_no_copy(tmp_path: Path) -> None:
    db = Database(make_engine(f"sqlite:///{tmp_path / 'new.sqlite3'}"), audit_dir=tmp_path / "a")
    assert db.upgrade_at_start() is None  # empty: created, nothing to keep
    assert db.upgrade_at_start() is None  # current: nothing to do
    db.dispose()
    assert not (tmp_path / "backups").exists()


def test_a_database_newer_than_the_code_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "lane.sqlite3"
    db = Database(make_engine(f"sqlite:///{file}"), audit_dir=tmp_path / "audit")
    db.upgrade()
    with db.engine.begin() as conn:
        conn.exec_driver_sql("update alembic_version set version_num = '9999_future'")
    with pytest.raises(SchemaMismatch, match="9999_future.*newer version"):
        db.upgrade_at_start()
    db.dispose()


@pytest.mark.postgres
def test_a_lane_refuses_a_post_database_at_another_revision(tmp_path: Path) -> None:
    problem = pg_problem()
    if problem:
        pytest.skip(problem)
    import uuid

    from sqlalchemy import text

    schema = f"scratch_{uuid.uuid4().hex[:12]}"
    admin = make_engine(pg_url())
    with admin.begin() as conn:
        conn.execute(text(f'create schema "{schema}"'))
    try:
        db = Database(make_engine(pg_url(), connect_args={"options": f"-csearch_path={schema}"}),
                      audit_dir=tmp_path / "audit")
        db.upgrade("0003_logins_and_handover")
        with pytest.raises(SchemaMismatch) as caught:
            db.upgrade_at_start()
        message = str(caught.value)
        assert "0003_logins_and_handover" in message and head_revision() in message
        assert "workstation db upgrade" in message
        assert db.current_revision() == "0003_logins_and_handover"  # left as it was
        db.upgrade()  # the administrator's upgrade
        assert db.upgrade_at_start() is None
        db.dispose()
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'drop schema "{schema}" cascade'))
        admin.dispose()


def test_a_command_on_a_database_of_a_newer_version_says_so_and_exits_2(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from workstation.cli.main import main

    file = tmp_path / "lane.sqlite3"
    db = Database(make_engine(f"sqlite:///{file}"), audit_dir=tmp_path / "audit")
    db.upgrade()
    with db.engine.begin() as conn:
        conn.exec_driver_sql("update alembic_version set version_num = '9999_future'")
    db.dispose()
    config = tmp_path / "lane.toml"
    config.write_text(f'[database]\nurl = "sqlite:///{file}"\n')
    monkeypatch.setenv("WORKSTATION_CONFIG", str(config))
    assert main(["audit", "verify"]) == 2
    err = capsys.readouterr().err
    assert "9999_future" in err and head_revision() in err and "Traceback" not in err
