"""Analyst role and remote image analysis queue (issue 16)

Revision ID: 0008_analyst_queue
Revises: 0007_archive_outbox
Create Date: 2026-11-28 23:30:00
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0008_analyst_queue"
down_revision = "0007_archive_outbox"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
