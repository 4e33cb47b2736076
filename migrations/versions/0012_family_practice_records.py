"""family-facing practice records (issue 15): sharing, plan agreement, family words, per child

A new table, family_sharings: that a map version, a danger statement or a safety plan version was
shared with the family (when, with whom, in which form). Safety plans take network_agreement, each
network member's answer to the version (existing plans: none recorded, an empty list). Maps take an
optional analysis and judgement_rating (0 to 10), and safety goals the family's own words
(goal_family_goal_words); existing rows have none. Network members take relationship_to_children,
per child (existing members: an empty list; their relationship_to_child stays).

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


JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql")


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
            JSON_TYPE,
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
        sa.Column("test_data", sa.Boolean(), server_default=sa.false(), nullable=False),
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


    with op.batch_alter_table("safety_plans") as batch_op:
        batch_op.add_column(sa.Column("network_agreement", JSON_TYPE, server_default=sa.text("'[]'"), nullable=False))

    with op.batch_alter_table("assessment_maps") as batch_op:
        batch_op.add_column(sa.Column("analysis", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("judgement_rating", sa.Integer(), nullable=True))
    with op.batch_alter_table("danger_statements") as batch_op:
        batch_op.add_column(sa.Column("goal_family_goal_words", sa.Text(), nullable=True))

    with op.batch_alter_table("network_members") as batch_op:
        batch_op.add_column(
            sa.Column("relationship_to_children", JSON_TYPE, server_default=sa.text("'[]'"), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("network_members") as batch_op:
        batch_op.drop_column("relationship_to_children")
    with op.batch_alter_table("danger_statements") as batch_op:
        batch_op.drop_column("goal_family_goal_words")
    with op.batch_alter_table("assessment_maps") as batch_op:
        batch_op.drop_column("judgement_rating")
        batch_op.drop_column("analysis")
    with op.batch_alter_table("safety_plans") as batch_op:
        batch_op.drop_column("network_agreement")
    with op.batch_alter_table("family_sharings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_family_sharings_updated_at"))
        batch_op.drop_index(batch_op.f("ix_family_sharings_la_code"))
        batch_op.drop_index(batch_op.f("ix_family_sharings_case_id"))

    op.drop_table("family_sharings")
