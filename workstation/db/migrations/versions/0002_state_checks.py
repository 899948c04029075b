"""CHECK constraints on workflow states; findings.updated_at

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 10:00:00

The words are written out here, not imported from ``workstation.domain.vocab``: a
migration is history and must not change when the vocabulary does (a new word is a new
migration). ``tests/db/test_migrations.py`` checks that they agree with the models.

On SQLite each ``batch_alter_table`` rebuilds the table (copy, drop, rename); the migration
environment switches foreign-key enforcement off around it (see ``env.py``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

CHECKS = {
    # table: [(constraint name, SQL)]
    "referrals": [("ck_referrals_status", "status IN ('queued', 'in-control', 'controlled')")],
    "controls": [("ck_controls_status",
                  "status IN ('open', 'resulted', 'closed', 'returned', 'approved')")],
    "findings": [("ck_findings_source", "source IN ('officer', 'model', 'rule')"),
                 ("ck_findings_decision", "decision IN ('pending', 'accepted', 'rejected')")],
}


def upgrade() -> None:
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
    for table, checks in CHECKS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, sql in checks:
                batch_op.create_check_constraint(op.f(name), sql)


def downgrade() -> None:
    for table, checks in CHECKS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, _sql in checks:
                batch_op.drop_constraint(op.f(name), type_="check")
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.drop_column("updated_at")
