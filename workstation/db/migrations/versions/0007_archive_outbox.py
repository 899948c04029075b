"""Image archive outbox and archive instance ids (issue 16)

Revision ID: 0007_archive_outbox
Revises: 0006_device_health
Create Date: 2026-11-28 23:30:00
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0007_archive_outbox"
down_revision = "0006_device_health"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
