"""Keyed audit chain: the id of the key that signed each event

Revision ID: 0004_audit_keys
Revises: 0003_logins_and_handover
Create Date: 2026-11-28 21:30:00

Events written before this revision keep ``key_id`` empty: they were chained with plain
sha256 and stay verifiable as such (decision 0801); they are not re-signed, since re-chaining
would rewrite the very history the chain vouches for. The key itself lives outside the
database and is created by ``Database.upgrade`` when absent, which also writes one
``audit.baseline`` event for users, findings, evidence links and scans written before they
were audited.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_audit_keys"
down_revision = "0003_logins_and_handover"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key_id", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_column("key_id")
