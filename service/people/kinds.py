"""The person record type."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from sqlalchemy.orm import Session

from service.kit.auth import Caller
from service.kit.records import Consistent, Creating, Kept, Listing, RecordType, Subject
from service.models import Person
from service.people import rules, schemas
from service.people.death import death_changes
from service.people.identifiers import identifier_changes, new_person
from service.people.named import not_named


def _amending(session: Session, caller: Caller, person: Person, changes: dict[str, Any]) -> dict[str, Any]:
    """A person's amendment: the identifiers it gives held by no one else, and a death it records
    after the child's plans and moves but a close."""
    return death_changes(session, caller, person, identifier_changes(session, caller, person, changes))


BIRTH_DATE_RULES: list[Callable[[Session, Person, Collection[str]], None]] = []
"""Rules of the areas above this one that rest on a child's date of birth and must still hold after it
changes, registered by those areas: the statutory area's, that a care leaver's move still rests on
their age (SOS-STAGE-012). Each is given the person as changed and the changed columns."""


def _birth_date_kept(session: Session, person: Person, changed: Collection[str]) -> None:
    if {"date_of_birth", "expected_date_of_birth"} & set(changed):
        for rule in BIRTH_DATE_RULES:
            rule(session, person, changed)


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
        build=new_person,
        requirements=("SOS-REC-001", "SOS-CIN-009", "SOS-CIN-010", "SOS-CIN-019"),
    ),
    listing=Listing(
        description="The authority's people, oldest change first, a page at a time.",
    ),
    requirements={
        "amend": ["SOS-CIN-009", "SOS-CIN-010", "SOS-CIN-018", "SOS-CIN-019", "SOS-STAGE-013"],
        "entered_in_error": ["SOS-REC-009"],
    },
    on_amend=_amending,
    before_entered_in_error=not_named,
    consistent=Consistent(
        rules.check_person,
        ("date_of_birth", "expected_date_of_birth", "sex", "disabilities", "date_of_death"),
    ),
    kept=Kept(_birth_date_kept, "SOS-STAGE-012", carried_by=("amend",)),
)
