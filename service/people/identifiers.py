"""One child, one record: an authority child id (LAchildID) and a unique pupil number (UPN) each
belong to at most one person of the authority (SOS-CIN-019; CIN census rules 8510 and 1520). A child
recorded twice has their story split between two records, and the census refuses the return. No
FastAPI here.

Checked before the write, naming the person who holds the id (422), and held by a unique index on
each (``uq_people_la_child_id``, ``uq_people_upn``: the authority and the id, over the people not
entered in error), so two requests giving the same id at the same moment cannot both be saved: the
database refuses the second, answered 409 naming the field as the check would. A person entered in error
frees their ids. Test data holds ids like any record: the suite's children carry ids unique to its
run, and a supplier testing against live data uses invented ones.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from service.kit.auth import Caller
from service.kit.errors import Conflict, field_error, held_by_unique_index, refuse
from service.kit.records import ENTERED_IN_ERROR
from service.models import Person

IDENTIFIERS = {
    "la_child_id": ("authority child id", "8510"),
    "upn": ("unique pupil number", "1520"),
}
"""Each identifier one person holds: what it is called, and the CIN census rule."""

TAKEN = "identifier_taken"

_PEOPLE: Table = Person.__table__  # type: ignore[assignment]
for _name, (_what, _rule) in IDENTIFIERS.items():
    held_by_unique_index(
        next(index for index in _PEOPLE.indexes if index.name == f"uq_people_{_name}"),
        Conflict(
            f"The {_what} was given to another person at the same moment; one child has one record "
            f"(CIN census rule {_rule}). Nothing was saved: read the person who holds it.",
            errors=[field_error(f"/{_name}", "given to another person at the same moment", TAKEN)],
            requirement="SOS-CIN-019",
        ),
    )


def check_identifiers_free(
    session: Session, la_code: str, values: Mapping[str, Any], own: uuid.UUID | None = None
) -> None:
    """The identifiers in ``values`` (a person's, or an amendment's changes) are held by no other
    person of the authority than ``own``."""
    for name, (what, rule) in IDENTIFIERS.items():
        value = values.get(name)
        if value is None:
            continue
        column = getattr(Person, name)
        query = select(Person.id).where(
            Person.la_code == la_code, column == value, Person.status != ENTERED_IN_ERROR
        )
        holder = session.scalar(query.where(Person.id != own) if own is not None else query)
        if holder is not None:
            raise refuse(
                f"/{name}",
                f"already the {what} of person {holder}",
                TAKEN,
                "SOS-CIN-019",
                f"The {what} {value} belongs to person {holder}: one child has one record (CIN census "
                f"rule {rule}). Record what is new on that person, or correct the id.",
            )


def new_person(session: Session, caller: Caller, _parent: Any, body: BaseModel) -> dict[str, Any]:
    """The person a create makes: the body's fields, its identifiers held by no one else."""
    values = body.model_dump()
    check_identifiers_free(session, caller.la_code, values)
    return values


def identifier_changes(
    session: Session, caller: Caller, person: Person, changes: dict[str, Any]
) -> dict[str, Any]:
    """An amendment giving the person an identifier: held by no one else."""
    check_identifiers_free(session, caller.la_code, changes, person.id)
    return changes
