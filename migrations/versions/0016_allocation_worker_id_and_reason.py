"""SSDA903 social worker episodes from the allocations (issue 16): worker_id and reason

Allocations take the worker's identifier for the return (worker_id: a Social Work England
registration number, SW..., or an XX identifier; SSDA903 SW_ID) and why the case came to this
worker (reason, code list ssda903_sw_reason; SW_REASON). Existing allocations have neither: nothing
is filled in, and the return's rules report them.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 02:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("allocations") as batch_op:
        batch_op.add_column(sa.Column("worker_id", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("reason", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("allocations") as batch_op:
        batch_op.drop_column("reason")
        batch_op.drop_column("worker_id")
