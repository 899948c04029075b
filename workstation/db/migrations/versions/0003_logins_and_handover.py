"""Login attempts (throttling and lockout shared by every lane) and control hand-overs

Revision ID: 0003_logins_and_handover
Revises: 0002
Create Date: 2026-11-28 21:00:00

``login_attempts`` holds every attempt, so the lanes sharing a database count the same
failures per user name and per machine (decision 0800). ``control_handovers`` records a
control passed from one officer to another, who may then record and close it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_logins_and_handover"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("lane", sa.String(length=32), nullable=False),
        sa.Column("outcome", sa.String(length=8), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.create_index("ix_login_attempts_username_at", ["username", "attempted_at"],
                              unique=False)
        batch_op.create_index("ix_login_attempts_host_at", ["host", "attempted_at"],
                              unique=False)
    op.create_table(
        "control_handovers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("control_id", sa.Uuid(), nullable=False),
        sa.Column("from_user_id", sa.Uuid(), nullable=True),
        sa.Column("to_user_id", sa.Uuid(), nullable=False),
        sa.Column("by_user_id", sa.Uuid(), nullable=False),
        sa.Column("handed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["control_id"], ["controls.id"],
                                name=op.f("fk_control_handovers_control_id_controls")),
        sa.ForeignKeyConstraint(["from_user_id"], ["users.id"],
                                name=op.f("fk_control_handovers_from_user_id_users")),
        sa.ForeignKeyConstraint(["to_user_id"], ["users.id"],
                                name=op.f("fk_control_handovers_to_user_id_users")),
        sa.ForeignKeyConstraint(["by_user_id"], ["users.id"],
                                name=op.f("fk_control_handovers_by_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_control_handovers")),
    )
    with op.batch_alter_table("control_handovers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_control_handovers_control_id"), ["control_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("control_handovers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_control_handovers_control_id"))
    op.drop_table("control_handovers")
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_login_attempts_host_at")
        batch_op.drop_index("ix_login_attempts_username_at")
    op.drop_table("login_attempts")
