"""The person record type."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from service.kit.auth import Caller
from service.kit.errors import ValidationFailed, field_error
from service.kit.records import Creating, Listing, RecordType, Subject, amended
from service.models import Person
from service.people import schemas
from service.people.schemas import BIRTH_DATES


def _one_birth_date(
    _session: Session, _caller: Caller, person: Person, data: dict[str, Any]
) -> dict[str, Any]:
    born, expected = amended(person, data, "date_of_birth", "expected_date_of_birth")
    if born is not None and expected is not None:
        raise ValidationFailed(
            f"The person would have both birth dates: {BIRTH_DATES}.",
            errors=[field_error("/expected_date_of_birth", BIRTH_DATES, "one_birth_date")],
        )
    return data


PERSON = RecordType(
    name="person",
    plural="people",
    model=Person,
    schemas=schemas,
    subject=lambda p: Subject(case_id=None, child_id=p.id),
    effective_date=lambda p: p.date_of_birth or p.expected_date_of_birth,
    summary=lambda p: f"Person recorded: {p.given_name} {p.family_name}",
    creating=Creating(
        description=(
            "Records a child (born or unborn) or an adult around a child; add them to a case as a member."
        ),
        requirements=("SOS-REC-001",),
    ),
    listing=Listing(
        description="The authority's people, oldest change first, a page at a time.",
    ),
    on_amend=_one_birth_date,
)
