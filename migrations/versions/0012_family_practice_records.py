"""family-facing practice records (issue 15): what was shared with the family

A new table, family_sharings: that a map version, a danger statement or a safety plan version was
shared with the family (when, with whom, in which form). Nothing existing changes.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 00:46:49
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import service.models.base

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "family_sharings",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("map_id", sa.Uuid(), nullable=True),
        sa.Column("danger_statement_id", sa.Uuid(), nullable=True),
        sa.Column("safety_plan_id", sa.Uuid(), nullable=True),
        sa.Column("item_version", sa.Integer(), nullable=False),
        sa.Column("shared_on", sa.Date(), nullable=False),
        sa.Column(
            "shared_with",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("share_form", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("status_reason", sa.String(length=2000), nullable=True),
        sa.Column("created_at", service.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", service.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("test_data", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.Column("la_code", sa.String(length=3), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_family_sharings_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["la_code"], ["local_authorities.code"], name=op.f("fk_family_sharings_la_code_local_authorities")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_sharings")),
    )
    with op.batch_alter_table("family_sharings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_family_sharings_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_family_sharings_la_code"), ["la_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_family_sharings_updated_at"), ["updated_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("family_sharings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_family_sharings_updated_at"))
        batch_op.drop_index(batch_op.f("ix_family_sharings_la_code"))
        batch_op.drop_index(batch_op.f("ix_family_sharings_case_id"))

    op.drop_table("family_sharings")
