"""Migration 0018 (one person of an authority holds each authority child id and UPN) stops, changing
nothing, on a database whose people already share an id, naming it; once all but one holder is
entered in error it takes the index."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Table, column, insert, inspect, table, update

from service.models import LocalAuthority, Person
from service.ops import migrate

PEOPLE: Table = Person.__table__  # type: ignore[assignment]


def _person(person_id: uuid.UUID, la_child_id: str) -> dict[str, Any]:
    """A people row as written before 0018."""
    at = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
    return {
        "id": person_id,
        "la_code": "990",
        "version": 1,
        "status": "active",
        "created_at": at,
        "updated_at": at,
        "created_by": "someone",
        "updated_by": "someone",
        "test_data": False,
        "given_name": "Leo",
        "family_name": "Thornbury",
        "sex": "1",
        "la_child_id": la_child_id,
        "disabilities": [],
    }


def test_shared_ids_stop_the_migration_until_one_person_holds_each(empty_database: Any) -> None:
    url, engine = empty_database
    migrate.upgrade(url, "0017")
    then = {c["name"] for c in inspect(engine).get_columns("people")}  # the table as it was then
    people = table("people", *(column(c.name, c.type) for c in PEOPLE.columns if c.name in then))
    first, second = uuid.uuid4(), uuid.uuid4()
    with engine.begin() as db:
        db.execute(insert(LocalAuthority), [{"code": "990", "name": "Test authority"}])
        db.execute(insert(people), [_person(first, "EM000123"), _person(second, "EM000123")])
    with pytest.raises(RuntimeError, match="la_child_id 'EM000123' of authority 990 \\(2 people\\)"):
        migrate.upgrade(url)
    assert "uq_people_la_child_id" not in {i["name"] for i in inspect(engine).get_indexes("people")}
    with engine.begin() as db:
        db.execute(update(people).where(people.c.id == second).values(status="entered_in_error"))
    migrate.upgrade(url)
    indexes = {i["name"]: i for i in inspect(engine).get_indexes("people")}
    assert indexes["uq_people_la_child_id"]["unique"] and indexes["uq_people_upn"]["unique"]
