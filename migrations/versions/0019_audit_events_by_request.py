"""Audit events found by request: an index on the service's request id, and a partial one on the
client's X-Request-ID (correlation_id, where it sent one)

`GET /v1/audit-events?request_id=...` answers for either id; without these it scanned the
authority's events (about 35 ms at 300,000 events on SQLite, growing with the table), which is what a
supplier's conformance run, or anyone tracing one request, waits on for each look-up. Every audit
event now updates two more indexes (one only when the client sent an id): measured on the hot paths
by bench/run.py before and after, see the README's benchmark section.

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-30 22:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SENT = sa.text("correlation_id IS NOT NULL")


def upgrade() -> None:
    op.create_index("ix_audit_events_la_code_request_id", "audit_events", ["la_code", "request_id"])
    op.create_index(
        "ix_audit_events_la_code_correlation_id",
        "audit_events",
        ["la_code", "correlation_id"],
        sqlite_where=SENT,
        postgresql_where=SENT,
    )


def downgrade() -> None:
    op.drop_index("ix_audit_events_la_code_correlation_id", table_name="audit_events")
    op.drop_index("ix_audit_events_la_code_request_id", table_name="audit_events")
