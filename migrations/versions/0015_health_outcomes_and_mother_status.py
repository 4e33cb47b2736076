"""SSDA903 data the records did not hold (issue 16): health outcomes and mother status

Two new tables of looked-after records: health_outcomes, a child's outcomes for the year to a 31
March (SSDA903 OC2: SDQ score or reason, convictions, health and development checks,
immunisations, dental check, health assessment, substance misuse and interventions), and
mother_statuses, whether a looked-after young woman is a mother and her child's date of birth
(Header MOTHER, MC_DOB). Existing records are unchanged; nothing is filled in for them.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 02:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import service.models.base

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _record_columns(table: str) -> list[sa.SchemaItem]:
    """The columns and constraints every child's care record has (case, child, version, status...)."""
    return [
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=False),
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
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f(f"fk_{table}_case_id_cases")),
        sa.ForeignKeyConstraint(["child_id"], ["people.id"], name=op.f(f"fk_{table}_child_id_people")),
        sa.ForeignKeyConstraint(
            ["la_code"], ["local_authorities.code"], name=op.f(f"fk_{table}_la_code_local_authorities")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


INDEXED = ("case_id", "child_id", "updated_at")


def _indexes(table: str) -> None:
    """As every record table since 0014: its own columns, and the (la_code, updated_at, id) index its
    list pages walk."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in INDEXED:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)
        batch_op.create_index(
            f"ix_{table}_la_code_updated_at_id", ["la_code", "updated_at", "id"], unique=False
        )


def upgrade() -> None:
    op.create_table(
        "health_outcomes",
        sa.Column("year_ending", sa.Date(), nullable=False),
        sa.Column("sdq_score", sa.Integer(), nullable=True),
        sa.Column("sdq_reason", sa.String(length=8), nullable=True),
        sa.Column("convicted", sa.Boolean(), nullable=True),
        sa.Column("health_check", sa.Boolean(), nullable=True),
        sa.Column("immunisations", sa.Boolean(), nullable=True),
        sa.Column("teeth_check", sa.Boolean(), nullable=True),
        sa.Column("health_assessment", sa.Boolean(), nullable=True),
        sa.Column("substance_misuse", sa.Boolean(), nullable=True),
        sa.Column("intervention_received", sa.Boolean(), nullable=True),
        sa.Column("intervention_offered", sa.Boolean(), nullable=True),
        *_record_columns("health_outcomes"),
    )
    _indexes("health_outcomes")
    op.create_table(
        "mother_statuses",
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("is_mother", sa.Boolean(), nullable=False),
        sa.Column("child_born_on", sa.Date(), nullable=True),
        *_record_columns("mother_statuses"),
    )
    _indexes("mother_statuses")


def downgrade() -> None:
    for table in ("mother_statuses", "health_outcomes"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f"ix_{table}_la_code_updated_at_id")
            for column in reversed(INDEXED):
                batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))
        op.drop_table(table)
