"""Rows sent to the driver (service/kit/driver_rows.py) are stored exactly as a Core insert stores
them: the same row written both ways reads back the same, value for value, as the driver returns
it (so in SQLite's own text and number forms), and through the model."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any, cast

import pytest
from sqlalchemy import Table, insert, select

from service.db import unit_of_work
from service.kit.driver_rows import ROWS_PER_STATEMENT, first_row, insert_rows
from service.models import Case, IdempotencyKey, RecordVersion

AT = datetime(2026, 3, 1, 8, 5, 9, 123456, tzinfo=UTC)


def _version(marker: str) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "la_code": "990",
        "record_type": marker,
        "record_id": uuid.uuid4(),
        "version": 3,
        "change": "amend",
        "reason": None,
        "reason_code": "CORRECTION",
        "recorded_at": AT,
        "recorded_by": "someone",
        "case_id": uuid.UUID(int=8),
        "child_id": None,
        "effective_date": None,
        "effective_on": date(2026, 2, 27),
        "summary": "A summary, with 'quotes' and ünïcode",
        "data": {"rules": [{"n": 1, "ok": True, "none": None}], "text": "ü"},
    }


def _key(marker: str) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "la_code": "990",
        "actor": "someone",
        "key": f"{marker}-{uuid.uuid4()}",
        "request_hash": marker,
        "state": "done",
        "created_at": AT,
        "status_code": None,
        "response_headers": None,  # a JSON column given None: stored as a Core insert stores it
        "response_body": None,
    }


def _case(marker: str) -> dict[str, Any]:
    return {
        "reference": None,
        "title": marker,
        "opened_on": date(2025, 1, 14),
        "id": uuid.uuid4(),
        "version": 1,
        "status": "active",
        "status_reason": None,
        "created_at": AT,
        "updated_at": AT,
        "created_by": "someone",
        "updated_by": "someone",
        "test_data": True,
        "la_code": "990",
    }


ROWS = {
    "record_versions": (RecordVersion, _version, "record_type"),
    "idempotency_keys": (IdempotencyKey, _key, "request_hash"),
    "cases": (Case, _case, "title"),
}
UNLIKE = {"id", "key", "record_id"}  # the columns that must differ between the two rows


@pytest.mark.parametrize("name", sorted(ROWS))
def test_a_row_sent_to_the_driver_is_stored_as_a_core_insert_stores_it(migrated, name):
    model, make, marker_column = ROWS[name]
    table = cast(Table, model.__table__)
    marker = f"rows-{uuid.uuid4().hex[:12]}"
    by_core, by_driver = make(marker), make(marker)

    def write(session):  # type: ignore[no-untyped-def]
        connection = session.connection()
        connection.execute(insert(table), [by_core])
        insert_rows(connection, table, [by_driver])

    unit_of_work(write)

    def stored(session):  # type: ignore[no-untyped-def]
        columns = [column.key for column in table.columns]
        mark = "?" if session.bind.dialect.paramstyle == "qmark" else "%s"
        raw = session.connection().exec_driver_sql(
            f"SELECT {', '.join(columns)} FROM {name} WHERE {marker_column} = {mark}", (marker,)
        )
        as_driven = [dict(zip(columns, row, strict=True)) for row in raw]
        as_read = session.scalars(select(model).where(getattr(model, marker_column) == marker)).all()
        return as_driven, {record.id: record for record in as_read}

    as_driven, as_read = unit_of_work(stored)
    assert len(as_driven) == 2
    first, second = ({k: v for k, v in row.items() if k not in UNLIKE} for row in as_driven)
    assert first == second
    record = as_read[by_driver["id"]]
    for column, value in by_driver.items():
        assert getattr(record, column) == value, column


def test_more_rows_than_one_statement_takes_are_all_written(migrated):
    marker = f"rows-{uuid.uuid4().hex[:12]}"
    rows = [_version(marker) for _ in range(ROWS_PER_STATEMENT + 3)]
    table = cast(Table, RecordVersion.__table__)
    unit_of_work(lambda session: insert_rows(session.connection(), table, rows))
    mine = select(RecordVersion.id).where(RecordVersion.record_type == marker)
    written = unit_of_work(lambda session: session.scalars(mine).all())
    assert sorted(written) == sorted(row["id"] for row in rows)


def test_a_row_read_by_the_driver_is_decoded_as_the_model_reads_it(migrated):
    table = cast(Table, IdempotencyKey.__table__)
    row = _key("first") | {"status_code": 201, "response_headers": {"ETag": 'W/"1"', "Location": "/v1/x"}}
    row["response_body"] = '{"title": "ü"}'
    unit_of_work(lambda session: insert_rows(session.connection(), table, [row]))
    columns = ("request_hash", "status_code", "response_headers", "response_body", "created_at")
    where = {"la_code": "990", "actor": "someone", "key": row["key"]}
    found = unit_of_work(lambda session: first_row(session.connection(), table, columns, where))
    assert found == tuple(row[column] for column in columns)
    missing = where | {"key": "no such key"}
    assert unit_of_work(lambda session: first_row(session.connection(), table, columns, missing)) is None
