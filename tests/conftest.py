"""Shared fixtures: isolated data folders, databases on SQLite and PostgreSQL, leak checks."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from workstation.db.engine import Database, scratch_postgres

PG_URL_ENV = "WORKSTATION_TEST_PG_URL"
PG_DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def pg_url() -> str:
    return os.environ.get(PG_URL_ENV, PG_DEFAULT_URL)


def _pg_reachable() -> str | None:
    """None when the server answers, else the reason it does not."""
    import sqlalchemy as sa

    try:
        engine = sa.create_engine(pg_url(), connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(sa.text("select 1"))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable", reported below
        return str(exc).splitlines()[0]
    return None


_PG_PROBLEM: str | None | bool = False


def pg_problem() -> str | None:
    global _PG_PROBLEM
    if _PG_PROBLEM is False:
        _PG_PROBLEM = _pg_reachable()
    return _PG_PROBLEM  # type: ignore[return-value]


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own WORKSTATION_HOME; nothing touches the user's real data."""
    home = tmp_path / "home"
    monkeypatch.setenv("WORKSTATION_HOME", str(home))
    monkeypatch.delenv("WORKSTATION_CONFIG", raising=False)
    return home


@pytest.fixture(autouse=True)
def _no_leaked_threads() -> Iterator[None]:
    before = set(threading.enumerate())
    yield
    leaked = [
        t for t in threading.enumerate()
        if t not in before and t.is_alive() and not t.daemon and t is not threading.main_thread()
    ]
    for t in leaked:
        t.join(timeout=5)
    still = [t.name for t in leaked if t.is_alive()]
    assert not still, f"test left threads running: {still}"


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    db = Database.from_url(f"sqlite:///{tmp_path / 'lane.sqlite3'}")
    db.upgrade()
    yield db
    db.dispose()


@pytest.fixture
def pg_db() -> Iterator[Database]:
    problem = pg_problem()
    if problem:
        pytest.skip(
            f"PostgreSQL not reachable at {pg_url()} ({problem}); start a server or set "
            f"{PG_URL_ENV} to enable these tests"
        )
    with scratch_postgres(pg_url()) as db:
        yield db


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest) -> Database:
    """The same storage test on the embedded SQLite file and on the PostgreSQL server."""
    name = "sqlite_db" if request.param == "sqlite" else "pg_db"
    return request.getfixturevalue(name)


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"third-party test files not present at {SHARED_DATA}")
    return SHARED_DATA
