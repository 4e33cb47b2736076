"""Rules of case membership (no FastAPI)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.kit.auth import Caller
from service.kit.errors import Conflict, RuleViolation, ValidationFailed, field_error
from service.kit.records import ENTERED_IN_ERROR
from service.models import Case, CaseMember, Person


def members_of(
    session: Session, case_id: uuid.UUID, role: str | None = None, *, held: bool = False
) -> list[CaseMember]:
    """The case's memberships not entered in error (of one role), in the order they joined.

    ``held``: for a record about to name some of their people (a write's check). Each membership is
    then held (``FOR SHARE`` on PostgreSQL; SQLite has one writer) until the record is saved, so it
    cannot be marked entered in error meanwhile (SOS-CASE-003, :mod:`service.cases.named`)."""
    query = select(CaseMember).where(CaseMember.case_id == case_id, CaseMember.status == "active")
    if role is not None:
        query = query.where(CaseMember.role == role)
    if held:
        query = query.with_for_update(read=True)
    return list(session.scalars(query.order_by(CaseMember.joined_on, CaseMember.id)))


def member_reads(session: Session, members: Sequence[CaseMember]) -> list[dict[str, Any]]:
    """The worked-out field of case members' reads: each person's name, in one query for the page."""
    ids = {m.person_id for m in members}
    names = (
        {
            person_id: f"{given} {family}"
            for person_id, given, family in session.execute(
                select(Person.id, Person.given_name, Person.family_name).where(Person.id.in_(ids))
            )
        }
        if ids
        else {}
    )
    return [{"person_name": names.get(m.person_id, "")} for m in members]


def require_child_of_case(session: Session, case_id: uuid.UUID, child_id: uuid.UUID, pointer: str) -> None:
    if not any(m.person_id == child_id for m in members_of(session, case_id, "CHILD", held=True)):
        raise RuleViolation(
            "The person is not a child member of this case.",
            errors=[field_error(pointer, "not a child of this case", "not_a_child_of_case")],
            requirement="SOS-CASE-002",
        )


ADULTS_ONLY = "relationship_to_children is for adult members only"


def require_person(
    session: Session,
    caller: Caller,
    person_id: uuid.UUID,
    pointer: str = "/person_id",
    requirement: str | None = None,
) -> Any:
    """A person of the caller's authority named in a body (422 naming the field, not 404), not entered
    in error (a record made in error names no one new: SOS-REC-008). Read under a lock that marking
    the person entered in error waits for (FOR NO KEY UPDATE on PostgreSQL, so records naming the
    person are still inserted meanwhile), so the two cannot cross."""
    person = session.get(Person, person_id, with_for_update={"key_share": True}, populate_existing=True)
    if person is None or person.la_code != caller.la_code:
        raise RuleViolation(
            f"There is no person with id {person_id} in your authority.",
            errors=[field_error(pointer, "no such person", "reference_not_found")],
            requirement=requirement,
        )
    if person.status == ENTERED_IN_ERROR:
        raise RuleViolation(
            f"The person {person_id} was entered in error: name the person's right record.",
            errors=[field_error(pointer, "a person entered in error", "reference_entered_in_error")],
            requirement="SOS-REC-008",
        )
    return person


def new_member(session: Session, caller: Caller, case: Case, body: Any) -> CaseMember:
    """A new member of the case: a person of the authority, not already a current member."""
    require_person(session, caller, body.person_id)
    if any(m.person_id == body.person_id and m.left_on is None for m in members_of(session, case.id)):
        raise Conflict("This person is already a current member of the case.", requirement="SOS-CASE-001")
    return CaseMember(case_id=case.id, **body.model_dump())


def check_member(
    role: str, relationship_to_children: str | None, joined_on: date, left_on: date | None
) -> None:
    """A member as made or as amended: only an adult has a relationship to the children, and no one
    leaves the case before joining it."""
    if role == "CHILD" and relationship_to_children is not None:
        raise ValidationFailed(
            f"The member is a child: {ADULTS_ONLY}.",
            errors=[field_error("/relationship_to_children", ADULTS_ONLY, "adults_only")],
        )
    if left_on is not None and left_on < joined_on:
        raise ValidationFailed(
            f"A member cannot leave the case before joining it on {joined_on}.",
            errors=[field_error("/left_on", "before joined_on", "before_joined_on")],
        )
