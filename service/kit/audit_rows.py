"""Audit events as the database driver takes them: the hottest insert of the service, written with
no per-value work by SQLAlchemy.

Every read writes an audit event per record shown (50 for a page of 50), so the events of a request
go to the driver as one multi-row ``INSERT ... VALUES (...), (...)`` of plain values
(:func:`service.kit.driver_rows.insert_values`; on SQLite a page's insert is about a quarter cheaper
than an ``executemany`` of the same rows). Unlike the other rows a request writes
(:func:`service.kit.driver_rows.insert_rows`, each value through its column's bind processor), ids
and times are encoded here once per value, in the form SQLAlchemy's own types store them (on SQLite
a UUID as its 32 hex digits and a time as ``YYYY-MM-DD HH:MM:SS.ffffff`` in UTC; on PostgreSQL the
driver takes UUIDs and aware times as they are), so the rows read back through the models exactly as
if the ORM had written them (tests/audit/test_audit_events.py reads them back). SQLAlchemy's
per-value bind processing was about a third of the cost of a page's audit insert.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection

from service.kit.driver_rows import insert_values

COLUMNS = (
    "id",
    "occurred_at",
    "la_code",
    "actor",
    "action",
    "record_type",
    "record_id",
    "record_version",
    "case_id",
    "child_id",
    "request_id",
    "correlation_id",
)

Touched = tuple[int, uuid.UUID, int, uuid.UUID | None, uuid.UUID | None]
"""One event's own values: its id (as its 128-bit value, see ``new_id_values``), the record's id and
version, the record's case and child."""


@dataclass(frozen=True)
class Request:
    """What the events of one request share: when, for which authority, who, what and which request."""

    at: datetime
    la_code: str
    actor: str
    action: str
    record_type: str
    request_id: str
    correlation_id: str | None


@dataclass(frozen=True)
class _Driver:
    an_id: Callable[[uuid.UUID], Any]
    a_time: Callable[[datetime], Any]
    a_new_id: Callable[[int], Any]


def _same(value: Any) -> Any:
    return value


def _sqlite_time(value: datetime) -> str:
    return f"{value.astimezone(UTC):%Y-%m-%d %H:%M:%S.%f}"


@cache
def _driver(dialect_name: str) -> _Driver:
    if dialect_name == "sqlite":
        return _Driver(lambda value: value.hex, _sqlite_time, lambda value: f"{value:032x}")
    return _Driver(_same, _same, lambda value: uuid.UUID(int=value))


def insert_audit_rows(connection: Connection, request: Request, touched: Sequence[Touched]) -> None:
    """Insert one event per record touched, in one statement (per
    :data:`service.kit.driver_rows.ROWS_PER_STATEMENT`), on the connection of the unit's transaction."""
    driver = _driver(connection.dialect.name)
    an_id, a_new_id = driver.an_id, driver.a_new_id
    at = driver.a_time(request.at)
    who = (request.la_code, request.actor, request.action, request.record_type)
    which = (request.request_id, request.correlation_id)
    values = [
        (
            a_new_id(event_id),
            at,
            *who,
            an_id(record_id),
            version,
            None if case_id is None else an_id(case_id),
            None if child_id is None else an_id(child_id),
            *which,
        )
        for event_id, record_id, version, case_id, child_id in touched
    ]
    insert_values(connection, "audit_events", COLUMNS, values)
