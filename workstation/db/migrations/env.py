"""Alembic environment: runs on the connection handed in by ``Database.upgrade``.

On SQLite, batch mode rebuilds a table to alter it (create a copy, copy the rows, drop the
old table, rename the copy). With foreign keys enforced, dropping a table that other rows
reference fails, or deletes those rows where the reference cascades. So, as SQLite's own
procedure for altering tables says, enforcement is switched off for the migration (it can
only be switched outside a transaction), every foreign key is checked before the commit,
and enforcement is switched back on afterwards.
"""

from __future__ import annotations

from typing import Any

from alembic import context

from workstation.db.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached by the bare alembic CLI
    raise RuntimeError("run migrations through `workstation db upgrade`")
sqlite = connection.dialect.name == "sqlite"


def _configure() -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=sqlite,
        compare_type=True,
    )


def _check_foreign_keys(conn: Any) -> None:
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        rows = ", ".join(f"{r[0]} row {r[1]} -> {r[2]}" for r in broken[:10])
        raise RuntimeError(f"migration left {len(broken)} broken foreign key(s): {rows}")


if sqlite and not connection.in_transaction():
    raw = connection.connection.driver_connection  # autocommit: outside any transaction
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        # One transaction for the whole upgrade (Alembic joins it), checked before commit.
        with connection.begin():
            _configure()
            with context.begin_transaction():
                context.run_migrations()
            _check_foreign_keys(connection)
    finally:
        raw.execute("PRAGMA foreign_keys=ON")
else:
    _configure()
    with context.begin_transaction():
        context.run_migrations()
