"""Audit events found by the client's X-Request-ID: a partial index on the authority and
correlation_id, over the events whose request sent one

`GET /v1/audit-events?request_id=...` answers for the service's request id or the client's; by the
client's it scanned the authority's events (about 35 ms at 300,000 events on SQLite, growing with the
table), which is what a supplier's conformance run waits on for each look-up. An index on the
service's own request id as well cost the list page (50 audit events a request) about a tenth of its
rate on SQLite (bench/run.py, back to back: 0.097 to 0.085 × bare FastAPI); the service's id is a
UUID version 7, whose time bounds the scan of the time index instead, so it has none. A client that
sends X-Request-ID pays for this index on each audit event; one that does not, nothing.

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
    op.create_index(
        "ix_audit_events_la_code_correlation_id",
        "audit_events",
        ["la_code", "correlation_id"],
        sqlite_where=SENT,
        postgresql_where=SENT,
    )


def downgrade() -> None:
    op.drop_index("ix_audit_events_la_code_correlation_id", table_name="audit_events")
