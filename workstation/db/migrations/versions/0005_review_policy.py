"""Review policy, second opinions, user administration (issue 12)

Revision ID: 0005_review_policy
Revises: 0004_audit_keys
Create Date: 2026-11-28 23:30:00

``review_selections`` records what the post's review policy decided when a control was
closed (to review, or approved by the policy, and why); ``second_opinions`` holds the
supervisors' second-opinion notes. User administration (deactivate, reactivate, role)
needs no schema change: ``users.active`` and ``users.role`` exist, the audit trail keeps
who changed them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_review_policy"
down_revision = "0004_audit_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_selections",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("control_id", sa.Uuid(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("random_share", sa.Float(), nullable=False),
        sa.Column("draw", sa.Float(), nullable=True),
        sa.CheckConstraint("outcome IN ('review', 'approved')",
                           name=op.f("ck_review_selections_outcome")),
        sa.ForeignKeyConstraint(["control_id"], ["controls.id"],
                                name=op.f("fk_review_selections_control_id_controls")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_selections")),
    )
    with op.batch_alter_table("review_selections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_selections_control_id"), ["control_id"],
                              unique=False)
    op.create_table(
        "second_opinions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("control_id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["control_id"], ["controls.id"],
                                name=op.f("fk_second_opinions_control_id_controls")),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"],
                                name=op.f("fk_second_opinions_author_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_second_opinions")),
    )
    with op.batch_alter_table("second_opinions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_second_opinions_control_id"), ["control_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("second_opinions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_second_opinions_control_id"))
    op.drop_table("second_opinions")
    with op.batch_alter_table("review_selections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_selections_control_id"))
    op.drop_table("review_selections")
