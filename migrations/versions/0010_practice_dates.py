"""practice dates on every version; a danger statement's wording version

Every history version gets ``effective_on``, the practice date it is about (the day a change happened,
not the day it was typed). Existing versions take their record's own date (``effective_date``) where
it has one, else the day they were recorded (UTC). ``record_versions`` is append-only (0003): its guard
is lifted for the one backfill and put back.

Child voice records get ``observations`` (what a worker saw of a child too young for words, kept
apart from the child's own words), empty for every existing record.

Scale ratings get ``child_id``: on a scale about the family, the child a rating is about (empty for
existing ratings, which stay about the whole family).

Danger statements get ``worded_in_version``: the version whose amendment last changed the wording a
network member is told. Existing statements take their current version, so whoever was told the
current version stays informed and no one else becomes so.

Revision ID: 0010
Revises: 0009 (re-chained at merge after the revisions written in other branches)
Create Date: 2026-11-29 23:35:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_VERSIONS = "record_versions"
_DAY_RECORDED = {
    "postgresql": "CAST(recorded_at AT TIME ZONE 'UTC' AS DATE)",
    "sqlite": "date(recorded_at)",
}


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _drop_sqlite_guards() -> None:
    for event in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {_VERSIONS}_no_{event}")


def _put_back_sqlite_guards() -> None:
    for event in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {_VERSIONS}_no_{event.lower()} BEFORE {event} ON {_VERSIONS} "
            f"BEGIN SELECT RAISE(ABORT, '{_VERSIONS} is append-only: rows are never changed or deleted'); END"
        )


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if _sqlite():
        _drop_sqlite_guards()  # a batch operation copies the table, and a backfill updates it
    with op.batch_alter_table(_VERSIONS) as batch_op:
        batch_op.add_column(sa.Column("effective_on", sa.Date(), nullable=True))
    if not _sqlite():
        op.execute(f"ALTER TABLE {_VERSIONS} DISABLE TRIGGER {_VERSIONS}_append_only")
    op.execute(
        f"UPDATE {_VERSIONS} SET effective_on = COALESCE(effective_date, {_DAY_RECORDED[dialect]})"
    )
    if not _sqlite():
        op.execute(f"ALTER TABLE {_VERSIONS} ENABLE TRIGGER {_VERSIONS}_append_only")
    with op.batch_alter_table(_VERSIONS) as batch_op:
        batch_op.alter_column("effective_on", existing_type=sa.Date(), nullable=False)
        batch_op.create_index("ix_record_versions_case_id_effective_on", ["case_id", "effective_on"])
    if _sqlite():
        _put_back_sqlite_guards()
    with op.batch_alter_table("danger_statements") as batch_op:
        batch_op.add_column(sa.Column("worded_in_version", sa.Integer(), server_default="1", nullable=False))
    op.execute("UPDATE danger_statements SET worded_in_version = version")
    with op.batch_alter_table("child_voice_records") as batch_op:
        batch_op.add_column(
            sa.Column(
                "observations",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                server_default=sa.text("'[]'"),
                nullable=False,
            )
        )
    with op.batch_alter_table("scale_ratings") as batch_op:
        batch_op.add_column(sa.Column("child_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key("fk_scale_ratings_child_id_people", "people", ["child_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("scale_ratings") as batch_op:
        batch_op.drop_constraint("fk_scale_ratings_child_id_people", type_="foreignkey")
        batch_op.drop_column("child_id")
    with op.batch_alter_table("child_voice_records") as batch_op:
        batch_op.drop_column("observations")
    with op.batch_alter_table("danger_statements") as batch_op:
        batch_op.drop_column("worded_in_version")
    if _sqlite():
        _drop_sqlite_guards()
    with op.batch_alter_table(_VERSIONS) as batch_op:
        batch_op.drop_index("ix_record_versions_case_id_effective_on")
        batch_op.drop_column("effective_on")
    if _sqlite():
        _put_back_sqlite_guards()
