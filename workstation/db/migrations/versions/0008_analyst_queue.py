"""Analyst role and remote image analysis queue (issue 16)

Revision ID: 0008_analyst_queue
Revises: 0007_archive_outbox
Create Date: 2026-11-28 23:30:00

The ``analyst`` role joins the roles, which the database now checks (``ck_users_role``);
findings get the source ``analyst`` (a suspect region a remote image analyst marked); the
queue of scans awaiting remote analysis is ``analysis_requests``. Words are written out
here, not imported from the vocabulary: a migration is history (see 0002).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_analyst_queue"
down_revision = "0007_archive_outbox"
branch_labels = None
depends_on = None

ROLES_CHECK = "role IN ('officer', 'supervisor', 'technician', 'admin', 'analyst')"
SOURCE_BEFORE = "source IN ('officer', 'model', 'rule')"
SOURCE_AFTER = "source IN ('officer', 'model', 'rule', 'analyst')"


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_check_constraint(op.f("ck_users_role"), ROLES_CHECK)
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_findings_source"), type_="check")
        batch_op.create_check_constraint(op.f("ck_findings_source"), SOURCE_AFTER)
    op.create_table(
        "analysis_requests",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("scan_id", sa.Uuid(), nullable=False),
        sa.Column("control_id", sa.Uuid(), nullable=False),
        sa.Column("post", sa.String(length=32), nullable=False),
        sa.Column("lane", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.Uuid(), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("regions", sa.JSON(), nullable=False),
        sa.Column("tdr_uid", sa.String(length=64), nullable=True),
        sa.CheckConstraint("status IN ('queued', 'claimed', 'decided', 'withdrawn')",
                           name=op.f("ck_analysis_requests_status")),
        sa.CheckConstraint("outcome IN ('clear', 'suspect')",
                           name=op.f("ck_analysis_requests_outcome")),
        sa.ForeignKeyConstraint(["claimed_by"], ["users.id"],
                                name=op.f("fk_analysis_requests_claimed_by_users")),
        sa.ForeignKeyConstraint(["control_id"], ["controls.id"],
                                name=op.f("fk_analysis_requests_control_id_controls")),
        sa.ForeignKeyConstraint(["decided_by"], ["users.id"],
                                name=op.f("fk_analysis_requests_decided_by_users")),
        sa.ForeignKeyConstraint(["scan_id"], ["scans.id"],
                                name=op.f("fk_analysis_requests_scan_id_scans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analysis_requests")),
        sa.UniqueConstraint("scan_id", name=op.f("uq_analysis_requests_scan_id")),
    )
    with op.batch_alter_table("analysis_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_analysis_requests_control_id"), ["control_id"],
                              unique=False)
        batch_op.create_index("ix_analysis_requests_status_queued_at", ["status", "queued_at"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("analysis_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_analysis_requests_status_queued_at")
        batch_op.drop_index(batch_op.f("ix_analysis_requests_control_id"))
    op.drop_table("analysis_requests")
    op.execute("DELETE FROM findings WHERE source = 'analyst'")
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_findings_source"), type_="check")
        batch_op.create_check_constraint(op.f("ck_findings_source"), SOURCE_BEFORE)
    op.execute("UPDATE users SET active = false, role = 'officer' WHERE role = 'analyst'")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_users_role"), type_="check")
