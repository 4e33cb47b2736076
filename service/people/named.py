"""SOS-REC-009: a person named by records that stand is not entered in error. No FastAPI here.

A person entered in error drops out of everything read by person: the CIN census and SSDA903 report
only people not entered in error, so a child whose referrals, plans or episodes still stand would
leave the returns without a trace while their records stayed. Which records name a person is read
from the schema: every column of a record table with a foreign key to ``people.id`` (a case or
network membership, a relationship, a record kept for the child, a consent given, a survey
answered), so a record type added later is covered without a list to keep.

The person is read under ``SELECT ... FOR UPDATE`` (the kit locks a record it changes), and a record
naming them is inserted under the foreign key's ``FOR KEY SHARE`` of the same row (PostgreSQL; one
writer at a time on SQLite): the count and a new record naming the person cannot cross."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from sqlalchemy import Column, func, select
from sqlalchemy.orm import Session

from service.kit.auth import Caller
from service.kit.errors import Conflict
from service.kit.records import ENTERED_IN_ERROR
from service.models import Base, Person


@cache
def person_columns() -> tuple[Column[Any], ...]:
    """Every column of a record table (one with a ``status``) that refers to a person (the schema is
    fixed once the models are imported: read once)."""
    people = Person.__table__
    found = []
    for table in Base.metadata.sorted_tables:
        if table is people or "status" not in table.c:
            continue
        found += [c for c in table.c if any(fk.column.table is people for fk in c.foreign_keys)]
    return tuple(found)


def named_by(
    session: Session, person_id: Any, columns: Iterable[Column[Any]] | None = None, case_id: Any = None
) -> dict[str, int]:
    """How many records not entered in error name the person, by table (only those that do): by the
    given person ``columns`` (every one, :func:`person_columns`, unless given), in one case when
    ``case_id`` is given (the columns' tables then have a ``case_id``)."""
    counts: dict[str, int] = {}
    for column in person_columns() if columns is None else columns:
        table = column.table
        query = select(func.count()).where(column == person_id, table.c.status != ENTERED_IN_ERROR)
        if case_id is not None:
            query = query.where(table.c.case_id == case_id)
        if found := session.scalar(query):
            counts[table.name] = counts.get(table.name, 0) + found
    return counts


def not_named(session: Session, _caller: Caller, person: Person) -> None:
    """Refuse (409) to mark a person entered in error while records that stand name them."""
    counts = named_by(session, person.id)
    if counts:
        named = ", ".join(f"{table.replace('_', ' ')} ({n})" for table, n in sorted(counts.items()))
        raise Conflict(
            f"Records that stand name this person: {named}. Enter them in error first (for a person "
            "recorded twice, record them again on the right person), so that no child leaves the "
            "statutory returns while their records stand.",
            requirement="SOS-REC-009",
        )
