"""A network meeting names the map version it worked from (domain.md 8.1: NetworkMeeting map_version_id)

Optional; existing meetings name none. The column and its foreign key to the map are added with a
table copy on SQLite (network_meetings has no partial index to lose).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-01 00:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("network_meetings") as batch_op:
        batch_op.add_column(sa.Column("map_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_network_meetings_map_id_assessment_maps"), "assessment_maps", ["map_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("network_meetings") as batch_op:
        batch_op.drop_constraint(op.f("fk_network_meetings_map_id_assessment_maps"), type_="foreignkey")
        batch_op.drop_column("map_id")
