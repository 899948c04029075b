"""Device health history, calibration runs and image-quality tests (issue 13)

Revision ID: 0006_device_health
Revises: 0005_review_policy
Create Date: 2026-11-28 23:30:00
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0006_device_health"
down_revision = "0005_review_policy"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
