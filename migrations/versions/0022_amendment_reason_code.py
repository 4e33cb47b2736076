"""An amendment says what kind of change it is (domain.md 8.5: Amendment reason)

``record_versions.reason_code``: the amendment's ``amendment_reason_code`` (code list
``amendment_reason``), beside the reason in words. Nullable: earlier versions, creations, practice
steps, entries in error and amendments that do not say have none. A plain ADD COLUMN on both
databases (no table copy).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02 01:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("record_versions", sa.Column("reason_code", sa.String(length=32), nullable=True))


def downgrade() -> None:
    op.drop_column("record_versions", "reason_code")
