"""A person marked restricted: sensitive material (an adopted child's new identity, say)

A subject access export of anyone else marks every place a restricted person is referred to, for a
senior review before disclosure (domain.md 6.3; service/data_protection/redaction.py). Existing
people are not restricted. Added in place (no table copy on SQLite), so the people's indexes stay as
they are.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-01 00:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("people", sa.Column("restricted", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("people") as batch_op:
        batch_op.drop_column("restricted")
