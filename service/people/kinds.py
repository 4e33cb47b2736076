"""The person record type."""

from __future__ import annotations

from service.kit.records import Consistent, Creating, Listing, RecordType, Subject
from service.models import Person
from service.people import rules, schemas
from service.people.death import death_changes

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
        requirements=("SOS-REC-001", "SOS-CIN-009", "SOS-CIN-010"),
    ),
    listing=Listing(
        description="The authority's people, oldest change first, a page at a time.",
    ),
    requirements={"amend": ["SOS-CIN-009", "SOS-CIN-010", "SOS-CIN-018"]},
    on_amend=death_changes,
    consistent=Consistent(
        rules.check_person,
        ("date_of_birth", "expected_date_of_birth", "sex", "disabilities", "date_of_death"),
    ),
)
