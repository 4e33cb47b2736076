"""test data marked on every record

Every case record gets ``test_data`` (false unless the request that made it carried
``X-Test-Data: true``), so measures and statutory returns can leave a conformance run's records out.
Existing records are real data: they get false.

Revision ID: 0008
Revises: 0005 (0006 and 0007 are written in other branches; this one is re-chained after them when
they are merged)
Create Date: 2026-11-29 22:06:53
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RECORD_TABLES = (
    "allocations",
    "assessment_maps",
    "case_audits",
    "case_members",
    "cases",
    "child_voice_records",
    "cin_plans",
    "cp_conferences",
    "cp_plan_reviews",
    "cp_plans",
    "danger_statements",
    "early_help_episodes",
    "family_feedback",
    "milestones",
    "network_meetings",
    "network_members",
    "people",
    "person_relationships",
    "referrals",
    "safety_plan_reviews",
    "safety_plans",
    "scale_ratings",
    "scales",
    "section47_enquiries",
    "single_assessments",
    "staff_feedback",
    "stage_transitions",
    "strategy_discussions",
    "words_and_pictures",
)


def upgrade() -> None:
    for table in RECORD_TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("test_data", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    for table in reversed(RECORD_TABLES):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("test_data")
