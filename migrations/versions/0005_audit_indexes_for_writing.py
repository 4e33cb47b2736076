"""audit events are indexed for writing: by time and by child only

Every read writes audit events (50 for a page of 50 records); the indexes on record_id and case_id
took a random page of each index per event and made a page of reads several times slower. Lookups by
record or case now scan the authority's events in time order.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 21:05:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_audit_events_record_id", table_name="audit_events")
    op.drop_index("ix_audit_events_case_id", table_name="audit_events")


def downgrade() -> None:
    op.create_index("ix_audit_events_case_id", "audit_events", ["case_id"])
    op.create_index("ix_audit_events_record_id", "audit_events", ["record_id"])
