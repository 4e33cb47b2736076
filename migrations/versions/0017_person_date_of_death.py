"""A person's date of death (CIN census PersonDeathDate), which also sets how long a record is kept

A looked-after child who died before 18 has their record kept for 15 years from the death, not to
their 75th birthday (the Care Planning, Placement and Case Review (England) Regulations 2010, reg 50;
see service/data_protection/retention.py). Existing people have none recorded.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30 18:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch_op:
        batch_op.add_column(sa.Column("date_of_death", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("people") as batch_op:
        batch_op.drop_column("date_of_death")
