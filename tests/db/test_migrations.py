"""The Alembic migrations build exactly the schema the ORM models describe."""

from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import CheckConstraint, inspect, select, text
from sqlalchemy.exc import IntegrityError

from tests.db.helpers import import_generated, make_users
from workstation.db.engine import Database
from workstation.db.models import Base, Control, Referral
from workstation.domain.vocab import (
    ROLES,
    AnalysisStatus,
    AnalystOutcome,
    ControlStatus,
    FindingDecision,
    FindingSource,
    ReferralStatus,
)
from workstation.services import controls


def test_migrated_schema_matches_the_models(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == [], f"models and migrations differ: {differences}"


def test_upgrade_is_idempotent(db: Database) -> None:
    head = db.current_revision()
    db.upgrade()
    assert db.current_revision() == head is not None


def test_the_migration_history_has_one_head() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from workstation.db.engine import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, (f"the Alembic history has {len(heads)} heads ({', '.join(heads)}): "
                             "rebase the newer migration onto the other (down_revision)")


CHECKED = {  # table: the columns whose words the database checks
    "referrals": {"status": ReferralStatus},
    "controls": {"status": ControlStatus},
    "findings": {"source": FindingSource, "decision": FindingDecision},
    "users": {"role": ROLES},
    "analysis_requests": {"status": AnalysisStatus, "outcome": AnalystOutcome},
}


def _model_checks(table: str) -> dict[str, str]:
    return {str(c.name): str(c.sqltext) for c in Base.metadata.tables[table].constraints
            if isinstance(c, CheckConstraint)}


def test_the_database_checks_the_state_columns_like_the_models(db: Database) -> None:
    inspector = inspect(db.engine)
    for table, columns in CHECKED.items():
        wanted = _model_checks(table)
        assert set(wanted) == {f"ck_{table}_{column}" for column in columns}
        found = {c["name"]: c["sqltext"] for c in inspector.get_check_constraints(table)}
        assert set(found) == set(wanted), table
        if db.backend == "sqlite":  # the server rewrites the text; SQLite keeps it as written
            assert {k: " ".join(v.split()) for k, v in found.items()} == wanted


def _refused(db: Database, sql: str) -> None:
    with pytest.raises(IntegrityError), db.engine.begin() as conn:
        conn.execute(text(sql))


def test_a_word_outside_the_vocabulary_is_refused_by_the_database(db: Database) -> None:
    import_generated(db, 1)
    officer, _, _ = make_users(db)
    with db.unit_of_work() as s:
        control = controls.open_control(s, officer, post="P", lane="L1",
                                        referral_id=s.scalar(select(Referral.referral_id)))
    with db.engine.begin() as conn:  # every word of the vocabulary is accepted
        for status in ControlStatus:
            conn.execute(text("update controls set status = :s"), {"s": status.value})
        for status in ReferralStatus:
            conn.execute(text("update referrals set status = :s"), {"s": status.value})
    _refused(db, "update controls set status = 'cancelled'")
    _refused(db, "update referrals set status = 'QUEUED'")
    key = control.id.hex if db.backend == "sqlite" else str(control.id)
    for source, decision in (("oracle", "pending"), ("rule", "maybe")):
        _refused(db, "insert into findings (id, control_id, source, label, description, "
                     f"decision, created_at) values ('{uuid.uuid4().hex}', '{key}', "
                     f"'{source}', 'x', '', '{decision}', '2026-12-03 10:00:00')")
    with db.unit_of_work() as s:  # and through the ORM, the way a service would write it
        s.get(Control, control.id).status = "cancelled"
        with pytest.raises(IntegrityError):
            s.flush()
        s.rollback()


# Not "0001": taking 0002 down under rows fails on SQLite (DROP TABLE referrals while
# controls refer to it), a fault of 0002's downgrade, not of the upgrade this test is about.
DOWN_TO = "0002"


def test_upgrading_a_database_with_rows_keeps_them(db: Database) -> None:
    """head → DOWN_TO → head on a database in use: SQLite rebuilds the referenced tables (batch
    mode) without losing or cascading rows, and leaves foreign keys enforced.

    The rows are written at head and the schema taken down under them: today's code cannot
    write into an older schema (newer columns, such as the audit events' key id)."""
    from alembic import command

    from workstation.db.engine import alembic_config

    import_generated(db, 3)
    officer, _, _ = make_users(db)
    with db.unit_of_work() as s:
        controls.open_control(s, officer, post="P", lane="L1",
                              referral_id=s.scalar(select(Referral.referral_id)))
    tables = ("referrals", "referral_risk_profiles", "goods_items", "transport_identities",
              "controls")

    def counts() -> dict[str, int]:
        with db.engine.connect() as conn:
            return {t: conn.execute(text(f"select count(*) from {t}")).scalar_one()
                    for t in tables}

    before = counts()
    head = db.current_revision()
    with db.engine.connect() as connection:
        command.downgrade(alembic_config(connection), DOWN_TO)
        connection.commit()
    assert db.current_revision() == DOWN_TO and counts() == before
    db.upgrade()
    assert db.current_revision() == head and counts() == before
    if db.backend == "sqlite":
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
