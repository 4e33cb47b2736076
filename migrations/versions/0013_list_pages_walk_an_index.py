"""list pages walk an index: (la_code, updated_at, id) on every record table

Every list is one authority's records ordered by (updated_at, id), a page at a time. With only an
index on la_code the database sorted all of the authority's records for every page (SQLite: "USE
TEMP B-TREE FOR ORDER BY"); the three-column index gives the page in order. It also serves every
lookup by authority alone, so the one-column la_code indexes go.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 02:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RECORD_TABLES = (
    "allocations",
    "assessment_maps",
    "care_leaver_contacts",
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
    "family_sharings",
    "lac_episodes",
    "lac_reviews",
    "milestones",
    "missing_episodes",
    "network_meetings",
    "network_members",
    "pathway_plans",
    "people",
    "permanence_decisions",
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
    "uasc_statuses",
    "words_and_pictures",
)


def upgrade() -> None:
    for table in RECORD_TABLES:
        op.create_index(f"ix_{table}_la_code_updated_at_id", table, ["la_code", "updated_at", "id"])
        op.drop_index(f"ix_{table}_la_code", table_name=table)


def downgrade() -> None:
    for table in RECORD_TABLES:
        op.create_index(f"ix_{table}_la_code", table, ["la_code"])
        op.drop_index(f"ix_{table}_la_code_updated_at_id", table_name=table)
