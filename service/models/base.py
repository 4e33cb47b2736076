"""Declarative base, naming convention and the columns every case record shares."""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    TypeDecorator,
    Uuid,
    false,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class _Entropy(threading.local):
    """Random bytes from the operating system, read 4 KiB at a time per thread: one system call gives
    the random part of about 400 ids (ids are made on every request: a call per id was a measurable
    part of an audited read). A forked child starts with nothing read, so it never repeats its
    parent's bytes."""

    pool: bytes = b""
    used: int = 0

    def take(self, count: int) -> bytes:
        used, pool = self.used, self.pool
        if used + count > len(pool):
            pool, used = os.urandom(max(4096, count)), 0
            self.pool = pool
        self.used = used + count
        return pool[used : used + count]


_entropy = _Entropy()
os.register_at_fork(after_in_child=lambda: _entropy.__dict__.clear())

_VERSION_7 = 0x7 << 76
_VARIANT = 0b10 << 62
_LOW_62 = (1 << 62) - 1

_from_iso = datetime.fromisoformat


def new_id() -> uuid.UUID:
    """A new server-chosen id: a UUID version 7 (RFC 9562), whose first 48 bits are the time in
    milliseconds, so ids are unique like any UUID but new rows land at the end of every primary-key
    index instead of at random pages (much cheaper inserts, above all for audit events). The other
    74 bits are random, from the operating system's generator."""
    return new_ids(1)[0]


def new_ids(count: int) -> list[uuid.UUID]:
    """``count`` new ids (see :func:`new_id`), made at once."""
    return [uuid.UUID(int=value) for value in new_id_values(count)]


def new_id_values(count: int) -> list[int]:
    """The 128-bit values of ``count`` new ids, for a writer that needs no UUID objects (the audit
    writer: a page of 50 records takes 50 ids)."""
    stamp = (time.time_ns() // 1_000_000) << 80 | _VERSION_7 | _VARIANT
    random = _entropy.take(10 * count)
    values = []
    for start in range(0, 10 * count, 10):
        bits = int.from_bytes(random[start : start + 10]) >> 6
        values.append(stamp | (bits >> 62) << 64 | bits & _LOW_62)
    return values


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp always stored in UTC and always read back timezone-aware.

    SQLite keeps no offset, so values are normalised to UTC before they are written and the
    offset is put back when they are read; PostgreSQL stores ``timestamptz``.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        if value.tzinfo is not UTC:  # the service's own timestamps are UTC already (utcnow)
            value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def result_processor(self, dialect: Dialect, coltype: object) -> Callable[[Any], datetime | None]:
        """Read back aware, in UTC, in one function per value (the usual ``process_result_value`` is
        composed by TypeDecorator with two more Python calls per value, and a page of 50 records reads
        100 timestamps or more).

        On SQLite the stored text is UTC with no offset (``YYYY-MM-DD HH:MM:SS.ffffff``, written by
        :meth:`process_bind_param` or the audit writer), so the offset is added to the text and parsed
        once: ``datetime.replace(tzinfo=...)`` on the parsed value cost eight times as much (0.78 µs
        against 0.09 µs a value, measured). Any other stored form (one with an offset, or a value the
        driver already converted) takes the general path: the dialect's own conversion, then UTC."""
        convert = self.impl_instance.result_processor(dialect, coltype)

        def in_utc(value: Any) -> datetime | None:
            if value is None:
                return None
            if convert is not None:
                value = convert(value)
            return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

        if dialect.name != "sqlite":
            return in_utc

        def from_sqlite(value: Any) -> datetime | None:
            if value is None:
                return None
            try:
                return _from_iso(value + "+00:00")
            except (TypeError, ValueError):  # not the form this type writes
                return in_utc(value)

        return from_sqlite


JSONType = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSONType, list[Any]: JSONType}


class RecordMixin:
    """What every case record carries: identity, owning authority, version and who recorded it.

    ``version`` is SQLAlchemy's version counter: an UPDATE names the version it read, so two
    writers can never silently overwrite each other even if they race past the If-Match check.
    """

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)

    @declared_attr
    def la_code(cls) -> Mapped[str]:  # indexed by :func:`index_pages`, first of three columns
        return mapped_column(String(3), ForeignKey("local_authorities.code"))

    version: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = mapped_column(String(32), default="active")
    status_reason: Mapped[str | None] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    created_by: Mapped[str] = mapped_column(String(200))
    updated_by: Mapped[str] = mapped_column(String(200))
    # Made by a request marked ``X-Test-Data: true`` (a conformance run, say): kept like any record,
    # left out of measures and returns.
    test_data: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, server_default=false())

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.version}


def index_pages(base: type[Base]) -> None:
    """Give every record table the index its list pages walk: (``la_code``, ``updated_at``, ``id``).

    Every list is one authority's records in that order, a page at a time
    (:func:`service.kit.pagination.page_of`); without this index the database sorts all of the
    authority's records for every page. The index also serves every lookup by authority alone."""
    for mapper in base.registry.mappers:
        table = mapper.local_table
        if issubclass(mapper.class_, RecordMixin) and isinstance(table, Table):
            name = f"ix_{table.name}_la_code_updated_at_id"
            if not any(index.name == name for index in table.indexes):
                Index(name, table.c.la_code, table.c.updated_at, table.c.id)
