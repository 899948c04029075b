"""Issue 17 item 7: a busy SQLite says it is busy; a lane whose clock is off the post
database's is warned and does not record."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from tests.db.helpers import make_users
from workstation.cli.main import main
from workstation.config import WorkstationConfig
from workstation.db.engine import ClockGuard, ClockSkewError, Database, DatabaseBusy
from workstation.db.models import User


@pytest.fixture
def locked_sqlite(tmp_path: Path) -> Iterator[Path]:
    """A migrated SQLite file whose write lock another connection holds."""
    path = tmp_path / "lane.sqlite3"
    db = Database.from_url(f"sqlite:///{path}")
    db.upgrade()
    db.dispose()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield path
    finally:
        holder.rollback()
        holder.close()


def test_busy_sqlite_says_busy_and_who_has_it_open(locked_sqlite: Path) -> None:
    db = Database.from_url(f"sqlite:///{locked_sqlite}", busy_timeout_ms=0)
    try:
        with pytest.raises(DatabaseBusy) as err, db.unit_of_work() as session:
            session.execute(text("select 1"))
    finally:
        db.dispose()
    message = str(err.value)
    assert "is busy" in message and "cannot reach" not in message
    assert str(locked_sqlite) in message
    # The lock holder here is this very test process; /proc names it where there is one.
    if Path("/proc/self/fd").is_dir():
        assert "this process" in message


def test_cli_on_a_busy_sqlite_says_busy(locked_sqlite: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "lane.toml"
    config.write_text(f'[database]\nurl = "sqlite:///{locked_sqlite}"\nbusy_timeout_ms = 0\n')
    monkeypatch.setenv("WORKSTATION_CONFIG", str(config))
    assert main(["audit", "verify"]) == 2
    err = capsys.readouterr().err
    assert "is busy" in err and "Traceback" not in err and "cannot reach" not in err


def test_clock_limit_is_configuration_with_a_default_of_five_seconds() -> None:
    assert WorkstationConfig().database.max_clock_skew_s == 5.0
    config = WorkstationConfig.model_validate({"database": {"max_clock_skew_s": 2.5}})
    db = Database.from_config(config)
    try:
        assert db.clock.limit_s == 2.5
    finally:
        db.dispose()


class FakeClocks:
    """The lane's wall clock at a chosen offset from the real one, and a monotonic clock that
    moves only when told (no waiting in tests)."""

    def __init__(self) -> None:
        self.offset = timedelta(0)
        self.ticks = 0.0

    def wall(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def monotonic(self) -> float:
        return self.ticks


def _users(db: Database) -> int:
    with db.unit_of_work() as session:
        return int(session.scalar(select(func.count()).select_from(User)) or 0)


def test_lane_clock_off_the_post_database_refuses_recording(pg_db: Database) -> None:
    clocks = FakeClocks()
    clocks.offset = timedelta(seconds=30)
    db = Database(pg_db.engine, clock=ClockGuard(5.0, clock=clocks.wall,
                                                  monotonic=clocks.monotonic))
    warning = db.clock_problem()
    assert warning is not None and "ahead of the post database's" in warning
    with pytest.raises(ClockSkewError, match=r"30\.\d s ahead .* nothing is recorded"):
        make_users(db)
    assert _users(db) == 0  # reading still works; nothing was written
    clocks.offset = timedelta(seconds=-30)
    with pytest.raises(ClockSkewError, match="behind the post database's"):
        make_users(db)
    clocks.offset = timedelta(0)  # fixed: the next step records, no minute to wait
    make_users(db)
    assert _users(db) == 3


def test_an_agreeing_clock_is_asked_again_only_after_a_minute(pg_db: Database) -> None:
    clocks = FakeClocks()
    db = Database(pg_db.engine, clock=ClockGuard(5.0, clock=clocks.wall,
                                                  monotonic=clocks.monotonic))
    make_users(db)
    clocks.offset = timedelta(seconds=30)  # drifts, but the last check is still fresh
    with db.unit_of_work() as session:
        from workstation.services import users
        users.add_user(session, "ulla", "officer", "correct-horse-4")
    clocks.ticks += 61
    with pytest.raises(ClockSkewError), db.unit_of_work() as session:
        users.add_user(session, "uwe", "officer", "correct-horse-5")
    assert _users(db) == 4


def test_sqlite_has_one_clock_and_never_refuses(sqlite_db: Database) -> None:
    clocks = FakeClocks()
    clocks.offset = timedelta(hours=3)
    db = Database(sqlite_db.engine, clock=ClockGuard(5.0, clock=clocks.wall))
    assert db.clock_problem() is None
    make_users(db)
    assert _users(db) == 3
