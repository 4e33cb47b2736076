"""a child's disabilities and why it has no UPN (CIN census)

The CIN census asks for each child's disabilities (NONE when there are none) and, when no UPN is
given, why not. Existing people get an empty list (not recorded: the census reports it missing,
nothing is invented) and no reason.

Revision ID: 0011
Revises: 0010 (written on 0008; re-chained at merge after 0009 and 0010)
Create Date: 2026-11-29 23:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch_op:
        batch_op.add_column(sa.Column("upn_unknown_reason", sa.String(length=3), nullable=True))
        batch_op.add_column(
            sa.Column(
                "disabilities",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                server_default=sa.text("'[]'"),
                nullable=False,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("people") as batch_op:
        batch_op.drop_column("disabilities")
        batch_op.drop_column("upn_unknown_reason")
