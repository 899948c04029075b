"""Review policy, second opinions, user administration (issue 12)

Revision ID: 0005_review_policy
Revises: 0004_audit_keys
Create Date: 2026-11-28 23:30:00
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0005_review_policy"
down_revision = "0004_audit_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
