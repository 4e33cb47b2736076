"""One person of an authority holds each authority child id (LAchildID) and each UPN

A unique index on each, over the people not entered in error (SOS-CIN-019; CIN census rules 8510 and
1520): a child recorded twice has their story split between two records. An authority whose people
already share an id cannot take the index; the migration stops before changing anything and names
the ids, so the records can be merged (or one entered in error) first.

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-30 21:15:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("la_child_id", "upn")


def _held(column: str) -> sa.TextClause:
    return sa.text(f"{column} IS NOT NULL AND status <> 'entered_in_error'")


def upgrade() -> None:
    connection = op.get_bind()
    shared = []
    for column in COLUMNS:
        rows = connection.execute(
            sa.text(
                f"SELECT la_code, {column}, COUNT(*) FROM people WHERE {_held(column).text} "
                f"GROUP BY la_code, {column} HAVING COUNT(*) > 1"
            )
        ).all()
        shared += [f"{column} {value!r} of authority {la} ({n} people)" for la, value, n in rows]
    if shared:
        raise RuntimeError(
            "Each authority child id and UPN must belong to one person before this migration; merge "
            "the records, or mark all but one entered in error, then migrate again: " + "; ".join(shared)
        )
    for column in COLUMNS:
        op.create_index(
            f"uq_people_{column}",
            "people",
            ["la_code", column],
            unique=True,
            sqlite_where=_held(column),
            postgresql_where=_held(column),
        )


def downgrade() -> None:
    for column in COLUMNS:
        op.drop_index(f"uq_people_{column}", table_name="people")
