"""Database engines for the embedded SQLite file and the shared PostgreSQL server.

SQLite: WAL journal, ``foreign_keys=ON``, a busy timeout, ``synchronous=FULL`` (an
acknowledged commit survives power loss), and the explicit-BEGIN recipe: Python 3.11's
sqlite3 module opens transactions lazily and commits behind the application's back, so
its own transaction handling is switched off and SQLAlchemy emits ``BEGIN`` itself
(``BEGIN IMMEDIATE`` so a writer takes the lock at the start instead of failing half-way).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from workstation import paths
from workstation.config import WorkstationConfig

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"


class DatabaseError(Exception):
    """The database cannot be reached or its schema cannot be brought up to date."""


class DatabaseBusy(DatabaseError):
    """SQLite's write lock is held by another connection beyond the busy timeout."""


class SchemaMismatch(DatabaseError):
    """The database's schema revision is not the one this program's code expects."""


class ClockSkewError(DatabaseError):
    """The lane's clock and the post database's differ by more than the configured limit."""


def is_busy(exc: OperationalError) -> bool:
    """SQLITE_BUSY ("database is locked") or SQLITE_LOCKED ("database table is locked")."""
    message = str(exc.orig).lower()
    return "database is locked" in message or "table is locked" in message or \
        "database is busy" in message


def _holders(database: Path) -> list[str]:
    """Processes of this account that have the SQLite file open (Linux /proc; best effort:
    an empty list where /proc is missing or unreadable)."""
    wanted = {str(database), f"{database}-wal"}
    found: list[str] = []
    proc = Path("/proc")
    if not proc.is_dir():
        return found
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if not any(os.readlink(fd) in wanted for fd in (entry / "fd").iterdir()):
                continue
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(
                "utf-8", "replace").strip()
        except OSError:
            continue  # another account's process, or one that just ended
        who = "this process" if int(entry.name) == os.getpid() else f"pid {entry.name}"
        found.append(f"{who} ({cmdline[:80] or '?'})")
    return found


def busy_message(url: str, database: str | None, busy_timeout_ms: int | None) -> str:
    """What to tell the user when SQLite stayed locked for the whole busy timeout."""
    waited = f" for {busy_timeout_ms} ms" if busy_timeout_ms is not None else ""
    holders = _holders(Path(database).resolve()) if database and database != ":memory:" else []
    who = (f"; the file is open in {', '.join(holders[:5])}" if holders else
           "; another program or lane process is writing to it")
    return (f"database {url} is busy: another connection held its write lock{waited}{who}. "
            "Try again when that work has finished (or raise [database] busy_timeout_ms)")


class ClockGuard:
    """Keeps the lane's clock within ``limit_s`` seconds of the post database's.

    Timestamps are evidence: a lane whose clock is off must not record. The database's clock
    (PostgreSQL ``clock_timestamp()``) is compared with ``clock()`` at most once a minute
    while they agree, and on every check while they do not, so recording resumes as soon as
    the clock is fixed. SQLite lives on the lane: one clock, nothing to compare.
    ``clock`` and ``monotonic`` are injectable for tests.
    """

    def __init__(self, limit_s: float = 5.0, *, recheck_s: float = 60.0,
                 clock: Callable[[], datetime] | None = None,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.limit_s = limit_s
        self.recheck_s = recheck_s
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now(UTC))
        self.monotonic = monotonic
        self._checked_at: float | None = None
        self._offset_s: float | None = None

    def offset_s(self, session: Session) -> float | None:
        """Lane clock minus database clock in seconds (None on SQLite), cached as above."""
        if session.get_bind().dialect.name == "sqlite":
            return None
        now = self.monotonic()
        fresh = self._checked_at is not None and now - self._checked_at < self.recheck_s
        if fresh and self._offset_s is not None and abs(self._offset_s) <= self.limit_s:
            return self._offset_s
        before = self.clock()
        server: datetime = session.execute(text("select clock_timestamp()")).scalar_one()
        after = self.clock()
        local = before + (after - before) / 2  # the round trip's midpoint
        self._offset_s = (local - server).total_seconds()
        self._checked_at = now
        return self._offset_s

    def problem(self, session: Session) -> str | None:
        """A message when the clocks differ by more than the limit, else None."""
        offset = self.offset_s(session)
        if offset is None or abs(offset) <= self.limit_s:
            return None
        direction = "ahead of" if offset > 0 else "behind"
        return (f"this lane's clock is {abs(offset):.1f} s {direction} the post database's "
                f"(limit {self.limit_s:g} s, [database] max_clock_skew_s): timestamps are "
                "evidence, so nothing is recorded until the lane's clock is corrected "
                "(check its time synchronisation, NTP)")

    def check(self, session: Session) -> None:
        """Raise :class:`ClockSkewError` when the clocks differ by more than the limit."""
        message = self.problem(session)
        if message is not None:
            raise ClockSkewError(message)


def _install_sqlite_pragmas(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Switch off pysqlite's own implicit transactions (the 3.11 recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, *, busy_timeout_ms: int = 5000, echo: bool = False,
                connect_args: dict[str, Any] | None = None) -> Engine:
    """Create an engine for ``url`` with this project's settings for its backend."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(f"database url {url!r} is not valid: {exc}") from None
    args = dict(connect_args or {})
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        args.setdefault("timeout", busy_timeout_ms / 1000)
        # One writer thread owns the engine, but the CLI and tests may hand sessions on.
        args.setdefault("check_same_thread", False)
        engine = create_engine(parsed, echo=echo, connect_args=args)
        _install_sqlite_pragmas(engine, busy_timeout_ms)
        return engine
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        args.setdefault("connect_timeout", 5)
        return create_engine(parsed, echo=echo, connect_args=args, pool_pre_ping=True)
    raise DatabaseError(
        f"database url {url!r}: backend {parsed.get_backend_name()!r} is not supported "
        "(use sqlite:///FILE or postgresql://USER@HOST/DB)"
    )


class Database:
    """An engine plus a session factory; ``unit_of_work()`` is one short transaction.

    ``audit_dir``: where the audit key and chain-head anchors live (default
    :func:`workstation.paths.audit_dir`); ``clock``: the guard that refuses recording when
    the lane's clock is off the post database's. Both reach the audit writer through each
    session's ``info``.
    """

    def __init__(self, engine: Engine, *, audit_dir: Path | None = None,
                 clock: ClockGuard | None = None, busy_timeout_ms: int | None = None) -> None:
        self.engine = engine
        self.audit_dir = Path(audit_dir) if audit_dir is not None else paths.audit_dir()
        self.clock = clock or ClockGuard()
        self.busy_timeout_ms = busy_timeout_ms
        self.sessions = sessionmaker(engine, expire_on_commit=False,
                                     info={"audit_dir": self.audit_dir, "clock_guard": self.clock})

    @classmethod
    def from_config(cls, config: WorkstationConfig) -> Database:
        return cls(make_engine(config.database.url, busy_timeout_ms=config.database.busy_timeout_ms,
                               echo=config.database.echo),
                   clock=ClockGuard(config.database.max_clock_skew_s),
                   busy_timeout_ms=config.database.busy_timeout_ms)

    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> Database:
        return cls(make_engine(url, **kwargs), busy_timeout_ms=kwargs.get("busy_timeout_ms"))

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @contextlib.contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back and re-raised on error.

        SQLite still locked after the busy timeout raises :class:`DatabaseBusy`, saying so
        (and which processes have the file open), instead of a bare OperationalError.
        """
        try:
            with self.sessions.begin() as session:
                yield session
        except OperationalError as exc:
            if self.backend == "sqlite" and is_busy(exc):
                raise DatabaseBusy(self.busy_message()) from exc
            raise

    def busy_message(self) -> str:
        return busy_message(self.engine.url.render_as_string(hide_password=True),
                            self.engine.url.database, self.busy_timeout_ms)

    def clock_problem(self) -> str | None:
        """Why this lane must not record now (its clock is off the post database's), or None."""
        with self.sessions() as session:
            return self.clock.problem(session)

    def upgrade(self, revision: str = "head") -> None:
        """Bring the schema up to ``revision`` with Alembic; create the audit key when absent
        (``hmac.key`` in :attr:`audit_dir`, see ``workstation.db.audit_files``)."""
        from alembic import command

        from workstation.db.audit_files import AuditKeyError, keyring

        url = self.engine.url.render_as_string(hide_password=True)
        try:
            with self.engine.connect() as connection:
                unkeyed_before = _audit_unkeyed(connection)
                # End the inspection's read transaction: on SQLite the migration environment
                # can switch foreign keys off (to rebuild a referenced table) only outside one.
                connection.rollback()
                cfg = alembic_config(connection)
                command.upgrade(cfg, revision)
                connection.commit()
                keyed_now = unkeyed_before and not _audit_unkeyed(connection)
        except OperationalError as exc:
            if self.backend == "sqlite" and is_busy(exc):
                raise DatabaseBusy(self.busy_message()) from None
            raise DatabaseError(f"cannot reach database {url}: {exc.orig}") from None
        try:
            keyring(self.audit_dir).ensure()
        except (AuditKeyError, OSError) as exc:
            raise DatabaseError(f"audit key in {self.audit_dir}: {exc}") from None
        if keyed_now:
            # Once, at the upgrade that keys the chain: users, findings, evidence and scans
            # written before they were audited get one baseline event, or verification would
            # call every one of them inserted outside the application. Imported here: the
            # database layer reaches into the audit service for this single step only.
            from workstation.services import audit

            with self.unit_of_work() as session:
                covered = audit.baseline_uncovered(session)
            log.info("audit baseline: %d existing rows now covered", covered)

    def upgrade_at_start(self, backup_dir: Path | None = None) -> Path | None:
        """What a lane does with its database at start (decision 0901).

        Embedded SQLite: migrated to this program's schema, after a copy of the file made
        with SQLite's online backup into ``backup_dir`` (default ``backups/`` beside the
        database) whenever a migration is due on a database that has data; returns that
        copy's path (None when none was needed). A shared PostgreSQL is an administrator's
        to upgrade (``workstation db upgrade``, after a backup with the server's tools): a
        lane whose code expects another revision raises :class:`SchemaMismatch` saying both
        revisions and what to do. A database newer than the code is refused on either.
        """
        expected = head_revision()
        url = self.engine.url.render_as_string(hide_password=True)
        try:
            current = self.stamped_revision()
        except OperationalError as exc:
            if self.backend == "sqlite" and is_busy(exc):
                raise DatabaseBusy(self.busy_message()) from None
            raise DatabaseError(f"cannot reach database {url}: {exc.orig}") from None
        if current is not None and current != expected and not _known_revision(current):
            raise SchemaMismatch(
                f"database {url} is at schema revision {current}, which this program "
                f"(expecting {expected}) does not know: it was upgraded by a newer version. "
                "Install that version on this lane (the database is left as it is)")
        if self.backend != "sqlite":
            if current != expected:
                raise SchemaMismatch(
                    f"the post database {url} is at schema revision {current or '(empty)'}, "
                    f"this lane's program expects {expected}: an administrator backs the "
                    "database up (pg_dump) and upgrades it with `workstation db upgrade` "
                    "once the lanes run this version; until then this lane does not start")
            self._ensure_key()
            return None
        if current == expected:
            # Nothing to migrate: Alembic (a tenth of a second to load) is not needed.
            self._ensure_key()
            return None
        copy: Path | None = None
        database = self.engine.url.database
        if current is not None and current != expected and database and database != ":memory:":
            from workstation.backup import BackupError, sqlite_online_backup

            source = Path(database).expanduser().resolve()
            folder = backup_dir if backup_dir is not None else source.parent / "backups"
            folder.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            copy = folder / f"{source.stem}-{current}-{stamp}{source.suffix}"
            try:
                sqlite_online_backup(source, copy)
            except (BackupError, OSError) as exc:
                raise DatabaseError(f"database {url} was not upgraded: the copy before its "
                                    f"upgrade failed: {exc}") from None
            log.info("database %s backed up to %s before its upgrade from %s to %s",
                     url, copy, current, expected)
        self.upgrade()
        return copy

    def _ensure_key(self) -> None:
        from workstation.db.audit_files import AuditKeyError, keyring

        try:
            keyring(self.audit_dir).ensure()
        except (AuditKeyError, OSError) as exc:
            raise DatabaseError(f"audit key in {self.audit_dir}: {exc}") from None

    def stamped_revision(self) -> str | None:
        """The revision in ``alembic_version`` read with plain SQL (None for an empty
        database): what :meth:`current_revision` says, without loading Alembic."""
        from sqlalchemy import inspect

        with self.engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            row = connection.execute(text("select version_num from alembic_version")).first()
        return str(row[0]) if row is not None else None

    def current_revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def integrity_check(self) -> str:
        """``PRAGMA integrity_check`` on SQLite; ``ok`` elsewhere (the server checks itself)."""
        if self.backend != "sqlite":
            return "ok"
        with self.engine.connect() as connection:
            return str(connection.execute(text("PRAGMA integrity_check")).scalar())

    def dispose(self) -> None:
        self.engine.dispose()


def _audit_unkeyed(connection: Any) -> bool:
    """True when the audit table exists without ``key_id`` (a schema before 0004)."""
    from sqlalchemy import inspect

    inspector = inspect(connection)
    if not inspector.has_table("audit_events"):
        return False
    return "key_id" not in {c["name"] for c in inspector.get_columns("audit_events")}


def _script() -> Any:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(cfg)


_REVISION_LINE = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]",
                            re.MULTILINE)


def head_revision() -> str:
    """The schema revision this program's code expects (the migrations' single head).

    Read from the migration scripts' ``revision`` / ``down_revision`` lines, so a start
    with nothing to migrate does not load Alembic; Alembic decides when that reading does
    not give exactly one head."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        for key, value in _REVISION_LINE.findall(script.read_text(encoding="utf-8")):
            (revisions if key == "revision" else parents).add(value)
    heads = revisions - parents
    if len(heads) == 1:
        return heads.pop()
    return str(_script().get_current_head())


def _known_revision(revision: str) -> bool:
    from alembic.util import CommandError

    try:
        return _script().get_revision(revision) is not None
    except CommandError:
        return False


def alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


@contextlib.contextmanager
def scratch_postgres(url: str) -> Iterator[Database]:
    """A migrated database in a fresh PostgreSQL schema, dropped afterwards.

    For tests and benchmarks that share one server: every user gets its own schema through
    ``search_path``, so runs never see each other's rows.
    """
    import uuid

    schema = f"scratch_{uuid.uuid4().hex[:12]}"
    admin = make_engine(url)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'create schema "{schema}"'))
        db = Database(make_engine(url, connect_args={"options": f"-csearch_path={schema}"}))
        try:
            db.upgrade()
            yield db
        finally:
            db.dispose()
            with admin.begin() as conn:
                conn.execute(text(f'drop schema "{schema}" cascade'))
    finally:
        admin.dispose()
