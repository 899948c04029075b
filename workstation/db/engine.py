"""Database engines for the embedded SQLite file and the shared PostgreSQL server.

SQLite: WAL journal, ``foreign_keys=ON``, a busy timeout, ``synchronous=FULL`` (an
acknowledged commit survives power loss), and the explicit-BEGIN recipe: Python 3.11's
sqlite3 module opens transactions lazily and commits behind the application's back, so
its own transaction handling is switched off and SQLAlchemy emits ``BEGIN`` itself
(``BEGIN IMMEDIATE`` so a writer takes the lock at the start instead of failing half-way).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from workstation.config import WorkstationConfig

MIGRATIONS = Path(__file__).parent / "migrations"


class DatabaseError(Exception):
    """The database cannot be reached or its schema cannot be brought up to date."""


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
    """An engine plus a session factory; ``unit_of_work()`` is one short transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def from_config(cls, config: WorkstationConfig) -> Database:
        return cls(make_engine(config.database.url, busy_timeout_ms=config.database.busy_timeout_ms,
                               echo=config.database.echo))

    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> Database:
        return cls(make_engine(url, **kwargs))

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @contextlib.contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back and re-raised on error."""
        with self.sessions.begin() as session:
            yield session

    def upgrade(self, revision: str = "head") -> None:
        """Bring the schema up to ``revision`` with Alembic."""
        from alembic import command

        try:
            with self.engine.connect() as connection:
                cfg = alembic_config(connection)
                command.upgrade(cfg, revision)
                connection.commit()
        except OperationalError as exc:
            raise DatabaseError(
                f"cannot reach database {self.engine.url.render_as_string(hide_password=True)}: "
                f"{exc.orig}"
            ) from None

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
