"""Migration 0010 keeps existing data valid: versions written before it get a practice date (their
record's date, else the day recorded), and history stays append-only after the backfill."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import Table, insert, select, text
from sqlalchemy.exc import DBAPIError

from service.models import RecordVersion
from service.ops import migrate

VERSIONS: Table = RecordVersion.__table__  # type: ignore[assignment]


def _version(version_id: uuid.UUID, at: datetime, day: date | None) -> dict[str, Any]:
    """A history row as written before 0010 (no practice date)."""
    return {
        "id": version_id,
        "la_code": "990",
        "record_type": "case",
        "record_id": uuid.uuid4(),
        "version": 1,
        "change": "amend",
        "recorded_at": at,
        "recorded_by": "someone",
        "effective_date": day,
        "summary": "A case",
        "data": {},
    }


def test_existing_versions_get_a_practice_date_and_stay_append_only(empty_database: Any) -> None:
    url, engine = empty_database
    migrate.upgrade(url, "0008")
    dated, undated = uuid.uuid4(), uuid.uuid4()
    typed = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
    with engine.begin() as db:
        rows = [_version(dated, typed, date(2025, 3, 20)), _version(undated, typed, None)]
        db.execute(insert(VERSIONS), rows)
    migrate.upgrade(url)
    with engine.begin() as db:
        found = dict(db.execute(select(RecordVersion.id, RecordVersion.effective_on)).all())
    assert found == {dated: date(2025, 3, 20), undated: date(2026, 11, 2)}
    with pytest.raises(DBAPIError), engine.begin() as db:
        db.execute(text("UPDATE record_versions SET summary = 'changed'"))
