"""Rows as the database driver takes and gives them: the inserts of every write, and the
Idempotency-Key look-up of every create, sent with ``exec_driver_sql`` (no compiling, no cache key,
no parameter processing by SQLAlchemy).

A create writes four rows (the record, its history version, its audit event and its Idempotency-Key)
and an amend two or three. Through SQLAlchemy's Core each insert also computed its statement's cache
key, looked up its compiled form and processed its parameters: inserting a history version cost
41 to 52 µs that way against 29 to 43 µs here (SQLite, thread CPU time, 5,000 rows a run). Here the
statement is SQL text made once per table and row count, and
each value is encoded by **SQLAlchemy's own bind processor of its column** (the same function a Core
insert calls), so what is stored is exactly what the ORM would have stored, and reads back through
the models unchanged (tests/kit/test_driver_rows.py compares the two, column by column, on both
databases).

:func:`insert_values` is the one way rows reach the driver: :func:`insert_rows` (any table, rows as
mappings) and :mod:`service.kit.audit_rows` (the audit events, values it encodes itself) both use it.
Rows of one call go in one multi-row ``INSERT ... VALUES (...), (...)``, at most
:data:`ROWS_PER_STATEMENT` rows a statement. :func:`first_row` reads one row back the same way, each
value decoded by its column's result processor.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Connection, Dialect, Table

ROWS_PER_STATEMENT = 100
"""The most rows one statement inserts (audit events have 12 columns: 1,200 parameters, far below
SQLite's and PostgreSQL's limits; a page has at most 100 records)."""


@cache
def _statement(dialect: Dialect, table: str, columns: tuple[str, ...], rows: int) -> str:
    """The insert of ``rows`` rows, names quoted where the dialect needs it, with the driver's
    positional parameter (``?`` for sqlite3, ``%s`` for psycopg)."""
    quote = dialect.identifier_preparer.quote
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    row = "(" + ", ".join(mark for _ in columns) + ")"
    names = ", ".join(quote(column) for column in columns)
    return f"INSERT INTO {quote(table)} ({names}) VALUES " + ", ".join([row] * rows)


def insert_values(
    connection: Connection, table: str, columns: tuple[str, ...], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert ``rows``, each its values already in the driver's form, in ``columns``' order."""
    dialect = connection.dialect
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        chunk = rows[start : start + ROWS_PER_STATEMENT]
        flat = tuple(value for row in chunk for value in row)
        connection.exec_driver_sql(_statement(dialect, table, columns, len(chunk)), flat)


Processor = Callable[[Any], Any] | None


@cache
def _encoders(table: Table, dialect: Dialect) -> tuple[tuple[str, ...], tuple[Processor, ...]]:
    """The table's column names and each column's bind processor on this dialect (None: as it is)."""
    columns = tuple(column.key for column in table.columns)
    encoders = tuple(column.type.dialect_impl(dialect).bind_processor(dialect) for column in table.columns)
    return columns, encoders


def insert_rows(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert whole rows of ``table``: each row names every column (a column's default is the
    caller's to fill in), and each value, None too, is encoded by its column's own bind processor (as
    a Core insert does: a JSON column stores None as JSON ``null``)."""
    columns, encoders = _encoders(table, connection.dialect)
    pairs = tuple(zip(columns, encoders, strict=True))
    values = [
        tuple(row[name] if encode is None else encode(row[name]) for name, encode in pairs) for row in rows
    ]
    insert_values(connection, table.name, columns, values)


@cache
def _lookup(dialect: Dialect, table: str, columns: tuple[str, ...], keys: tuple[str, ...]) -> str:
    quote = dialect.identifier_preparer.quote
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    where = " AND ".join(f"{quote(key)} = {mark}" for key in keys)
    return f"SELECT {', '.join(quote(column) for column in columns)} FROM {quote(table)} WHERE {where}"


@cache
def _decoders(table: Table, columns: tuple[str, ...], dialect: Dialect) -> tuple[Processor, ...]:
    return tuple(table.c[name].type.dialect_impl(dialect).result_processor(dialect, None) for name in columns)


def first_row(
    connection: Connection, table: Table, columns: tuple[str, ...], where: Mapping[str, str]
) -> tuple[Any, ...] | None:
    """``columns`` of the first row whose columns equal ``where`` (text values), decoded as the model
    reads them; None if there is none."""
    dialect = connection.dialect
    found = connection.exec_driver_sql(
        _lookup(dialect, table.name, columns, tuple(where)), tuple(where.values())
    ).first()
    if found is None:
        return None
    decoders = _decoders(table, columns, dialect)
    return tuple(
        value if decode is None or value is None else decode(value)
        for value, decode in zip(found, decoders, strict=True)
    )
