"""UTCDateTime (service/models/base.py): every stored instant reads back aware and in UTC, whatever
form SQLite holds it in. (On PostgreSQL the column is timestamptz; the whole suite reads it.)"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, insert, select, text

from service.models.base import UTCDateTime

TABLE = Table("moments", MetaData(), Column("n", Integer, primary_key=True), Column("at", UTCDateTime()))


@pytest.fixture()
def sqlite():
    engine = create_engine("sqlite://")
    TABLE.metadata.create_all(engine)
    yield engine
    engine.dispose()


def _read(engine, n: int) -> datetime | None:
    with engine.connect() as connection:
        return connection.execute(select(TABLE.c.at).where(TABLE.c.n == n)).scalar_one()


def test_an_instant_written_with_any_offset_reads_back_the_same_instant_in_utc(sqlite):
    india = datetime(2026, 3, 1, 13, 35, 9, 123456, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    with sqlite.begin() as connection:
        connection.execute(insert(TABLE), [{"n": 1, "at": india}, {"n": 2, "at": None}])
        stored = connection.execute(text("SELECT at FROM moments WHERE n = 1")).scalar_one()
    assert stored == "2026-03-01 08:05:09.123456"  # UTC, no offset: the form the fast read expects
    read = _read(sqlite, 1)
    assert read == india and read.tzinfo is UTC and read.isoformat() == "2026-03-01T08:05:09.123456+00:00"
    assert _read(sqlite, 2) is None


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ("2026-03-01 08:05:09", datetime(2026, 3, 1, 8, 5, 9, tzinfo=UTC)),
        ("2026-03-01 10:05:09.5+02:00", datetime(2026, 3, 1, 8, 5, 9, 500000, tzinfo=UTC)),
        ("2026-03-01T08:05:09Z", datetime(2026, 3, 1, 8, 5, 9, tzinfo=UTC)),
    ],
)
def test_text_in_another_form_still_reads_as_its_instant_in_utc(sqlite, stored, expected):
    """Text another writer left (no fraction, an offset of its own): the general path, not an error."""
    with sqlite.begin() as connection:
        connection.execute(text("INSERT INTO moments (n, at) VALUES (3, :at)"), {"at": stored})
    read = _read(sqlite, 3)
    assert read == expected and read.utcoffset() == timedelta(0)
