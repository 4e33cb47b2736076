"""The audit writer's multi-row insert: more events than one statement takes are all written, and
read back through the model exactly as written (service/kit/audit_rows.py)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import select

from service.db import unit_of_work
from service.kit.audit_rows import Request, insert_audit_rows
from service.kit.driver_rows import ROWS_PER_STATEMENT
from service.models import AuditEvent
from service.models.base import new_id_values


def test_more_events_than_one_statement_takes_are_all_written_as_given(migrated):
    request_id = f"rows-{uuid.uuid4()}"
    count = 2 * ROWS_PER_STATEMENT + 7
    at = datetime(2026, 1, 31, 9, 30, 15, 123456, tzinfo=UTC)
    request = Request(at, "990", "tester", "read", "case", request_id, None)
    touched = [
        (event_id, uuid.uuid4(), 3, uuid.uuid4(), None if n % 2 else uuid.uuid4())
        for n, event_id in enumerate(new_id_values(count))
    ]

    unit_of_work(lambda session: insert_audit_rows(session.connection(), request, touched))

    def read(session):  # type: ignore[no-untyped-def]
        rows = session.scalars(select(AuditEvent).where(AuditEvent.request_id == request_id)).all()
        return {
            row.id: (row.record_id, row.record_version, row.case_id, row.child_id, row.occurred_at)
            for row in rows
        }

    written = unit_of_work(read)
    assert len(written) == count
    for event_id, record_id, version, case_id, child_id in touched:
        assert written[uuid.UUID(int=event_id)] == (record_id, version, case_id, child_id, at)
