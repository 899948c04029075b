"""Image archive outbox and archive instance ids (issue 16)

Revision ID: 0007_archive_outbox
Revises: 0006_device_health
Create Date: 2026-11-28 23:30:00

``archive_outbox``: one row per DICOS object (scan or TDR) owed to the post's image archive,
written in the scan's or the TDR's own transaction and marked pushed with the archive's
instance id once the archive has it (``workstation.post.outbox``, decision 1300).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_archive_outbox"
down_revision = "0006_device_health"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "archive_outbox",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("sop_instance_uid", sa.String(length=64), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("origin", sa.String(length=64), nullable=False),
        sa.Column("scan_id", sa.Uuid(), nullable=True),
        sa.Column("control_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("pushed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("archive_instance_id", sa.String(length=64), nullable=True),
        sa.CheckConstraint("kind IN ('scan', 'tdr')", name=op.f("ck_archive_outbox_kind")),
        sa.ForeignKeyConstraint(["scan_id"], ["scans.id"],
                                name=op.f("fk_archive_outbox_scan_id_scans")),
        sa.ForeignKeyConstraint(["control_id"], ["controls.id"],
                                name=op.f("fk_archive_outbox_control_id_controls")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archive_outbox")),
        sa.UniqueConstraint("sop_instance_uid", name=op.f("uq_archive_outbox_sop_instance_uid")),
    )
    with op.batch_alter_table("archive_outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_archive_outbox_scan_id"), ["scan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_archive_outbox_control_id"), ["control_id"],
                              unique=False)
        batch_op.create_index("ix_archive_outbox_origin_pushed_at_next_attempt_at",
                              ["origin", "pushed_at", "next_attempt_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("archive_outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_archive_outbox_origin_pushed_at_next_attempt_at")
        batch_op.drop_index(batch_op.f("ix_archive_outbox_control_id"))
        batch_op.drop_index(batch_op.f("ix_archive_outbox_scan_id"))
    op.drop_table("archive_outbox")
