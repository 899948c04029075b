"""Device health history, calibration runs and image-quality tests (issue 13)

Revision ID: 0006_device_health
Revises: 0005_review_policy
Create Date: 2026-11-28 23:30:00

``device_events`` holds each lane's device health history (connects, losses, errors) and
the technician's out-of-service / back-in-service steps; availability per day is derived
from it. Calibration runs and image-quality tests are ``device_checks`` rows (kinds
``detector-calibration`` and ``image-quality``), which need no new columns.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_device_health"
down_revision = "0005_review_policy"
branch_labels = None
depends_on = None

EVENTS = ("connecting", "connected", "degraded", "lost", "error", "out_of_service",
          "in_service")


def upgrade() -> None:
    quoted = ", ".join(f"'{e}'" for e in EVENTS)
    op.create_table(
        "device_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("lane", sa.String(length=32), nullable=False),
        sa.Column("device_name", sa.String(length=64), nullable=False),
        sa.Column("device_kind", sa.String(length=32), nullable=False),
        sa.Column("event", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.String(length=500), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"event IN ({quoted})", name=op.f("ck_device_events_event")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_device_events")),
    )
    with op.batch_alter_table("device_events", schema=None) as batch_op:
        batch_op.create_index("ix_device_events_lane_device_at",
                              ["lane", "device_name", "occurred_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("device_events", schema=None) as batch_op:
        batch_op.drop_index("ix_device_events_lane_device_at")
    op.drop_table("device_events")
