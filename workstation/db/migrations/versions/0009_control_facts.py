"""Reporting facts of finished controls (issue 12, speed of the performance figures)

Revision ID: 0009_control_facts
Revises: 0008_analyst_queue
Create Date: 2026-12-04 09:00:00

``control_facts`` (one narrow row per finished control), ``control_fact_keys`` (its
control types, risk areas, risk profiles and HS chapters) and ``referral_fact_keys`` (each
referral's lane, channel, risk areas and profiles, for the referrals received) are derived from the record by
``workstation.services.control_facts`` and backfilled here with the same derivation, so
the figures of a database upgraded in use include its past controls. The backfill reads
today's tables through that module: if a later migration changes a column it reads, that
migration must keep this one runnable (or backfill itself and make this one create only).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_control_facts"
down_revision = "0008_analyst_queue"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "control_facts",
        sa.Column("control_id", sa.Uuid(), nullable=False),
        sa.Column("post", sa.String(length=32), nullable=False),
        sa.Column("lane", sa.String(length=32), nullable=False),
        sa.Column("officer_id", sa.Uuid(), nullable=True),
        sa.Column("referral_pk", sa.Uuid(), nullable=True),
        sa.Column("channel", sa.String(length=8), nullable=True),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("irregular", sa.Integer(), nullable=False),
        sa.Column("random", sa.Integer(), nullable=False),
        sa.Column("with_scan", sa.Integer(), nullable=False),
        sa.Column("seizures", sa.Integer(), nullable=False),
        sa.Column("seizure_value_eur", sa.Float(), nullable=False),
        sa.Column("approved_by_supervisor", sa.Integer(), nullable=False),
        sa.Column("approved_by_policy", sa.Integer(), nullable=False),
        sa.Column("awaiting", sa.Integer(), nullable=False),
        sa.Column("returned", sa.Integer(), nullable=False),
        sa.Column("deadline_set", sa.Integer(), nullable=False),
        sa.Column("deadline_met", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("first_closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("control_minutes", sa.Float(), nullable=True),
        sa.Column("waiting_minutes", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["control_id"], ["controls.id"], ondelete="CASCADE",
                                name=op.f("fk_control_facts_control_id_controls")),
        sa.PrimaryKeyConstraint("control_id", name=op.f("pk_control_facts")),
    )
    with op.batch_alter_table("control_facts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_control_facts_closed_at"), ["closed_at"],
                              unique=False)
        batch_op.create_index("ix_control_facts_lane_closed_at", ["lane", "closed_at"],
                              unique=False)
        for column in ("control_minutes", "waiting_minutes"):
            batch_op.create_index(f"ix_control_facts_{column}", [column, "closed_at", "lane"],
                                  unique=False)
        batch_op.create_index("ix_control_facts_awaiting", ["awaiting", "closed_at", "lane"],
                              unique=False)
        # Covering, grouping key first (see the model): groupings read without a sort.
        measures = ["irregular", "random", "with_scan", "seizures", "seizure_value_eur"]
        batch_op.create_index("ix_control_facts_officer",
                              ["officer_id", "closed_at", "lane", *measures], unique=False)
        batch_op.create_index("ix_control_facts_day", ["day", "closed_at", "lane", "irregular"],
                              unique=False)
        batch_op.create_index("ix_control_facts_combined",
                              ["post", "lane", "channel", "code", "closed_at", *measures],
                              unique=False)
    op.create_table(
        "control_fact_keys",
        sa.Column("control_id", sa.Uuid(), nullable=False),
        sa.Column("dimension", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("lane", sa.String(length=32), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("irregular", sa.Integer(), nullable=False),
        sa.Column("random", sa.Integer(), nullable=False),
        sa.Column("with_scan", sa.Integer(), nullable=False),
        sa.Column("seizures", sa.Integer(), nullable=False),
        sa.Column("seizure_value_eur", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["control_id"], ["control_facts.control_id"],
                                ondelete="CASCADE",
                                name=op.f("fk_control_fact_keys_control_id_control_facts")),
        sa.PrimaryKeyConstraint("dimension", "key", "control_id",
                                name=op.f("pk_control_fact_keys")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("control_fact_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_control_fact_keys_control_id"), ["control_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_control_fact_keys_closed_at"), ["closed_at"],
                              unique=False)
    op.create_table(
        "referral_fact_keys",
        sa.Column("dimension", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("referral_pk", sa.Uuid(), nullable=False),
        sa.Column("lane", sa.String(length=32), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["referral_pk"], ["referrals.id"], ondelete="CASCADE",
                                name=op.f("fk_referral_fact_keys_referral_pk_referrals")),
        sa.PrimaryKeyConstraint("dimension", "key", "referral_pk",
                                name=op.f("pk_referral_fact_keys")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("referral_fact_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referral_fact_keys_issued_at"), ["issued_at"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_referral_fact_keys_referral_pk"), ["referral_pk"],
                              unique=False)

    from workstation.services import control_facts

    control_facts.rebuild(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("referral_fact_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_fact_keys_referral_pk"))
        batch_op.drop_index(batch_op.f("ix_referral_fact_keys_issued_at"))
    op.drop_table("referral_fact_keys")
    with op.batch_alter_table("control_fact_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_control_fact_keys_closed_at"))
        batch_op.drop_index(batch_op.f("ix_control_fact_keys_control_id"))
    op.drop_table("control_fact_keys")
    with op.batch_alter_table("control_facts", schema=None) as batch_op:
        for name in ("combined", "day", "officer", "awaiting", "waiting_minutes",
                     "control_minutes", "lane_closed_at"):
            batch_op.drop_index(f"ix_control_facts_{name}")
        batch_op.drop_index(batch_op.f("ix_control_facts_closed_at"))
    op.drop_table("control_facts")
