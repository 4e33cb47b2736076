"""The fields of a case and of a case member, declared once (see service/kit/fields.py)."""

from __future__ import annotations

import uuid
from typing import Annotated

from service.kit.fields import SET_ONCE, Day, Fields, Input, amend_schema, optional, required, required_text
from service.kit.schemas import RecordRead
from service.reference_data.registry import CodeFrom

PersonRole = Annotated[
    str, CodeFrom("person_role", "Whether the member is one of the case's children or an adult.", "CHILD")
]
Relationship = Annotated[
    str, CodeFrom("relationship_type", "For an adult: how they are related to the children.", "GRANDPARENT")
]


class CaseFields(Fields):
    title: str = required_text("How workers refer to the family.", "Thornbury family", 200)
    reference: str | None = optional("The authority's own case reference.", "EM-C-0001", max_length=50)
    opened_on: Day = required("The date the case was opened.", "2025-01-14")


class CaseCreate(CaseFields, Input):
    """Open a family's working file. Its children and adults are added as members."""


CaseAmend = amend_schema(CaseFields)


class CaseRead(CaseFields, RecordRead):
    pass


class CaseMemberFields(Fields):
    person_id: Annotated[uuid.UUID, SET_ONCE] = required("A person of your authority (POST /v1/people).")
    role: Annotated[PersonRole, SET_ONCE]
    relationship_to_children: Relationship | None = None
    joined_on: Annotated[Day, SET_ONCE] = required(
        "The date the person became part of the case.", "2025-01-14"
    )
    left_on: Day | None = optional("The date the person stopped being part of the case.", "2026-10-01")


class CaseMemberCreate(CaseMemberFields, Input):
    """Add a child or an adult (a person of the same authority) to the case."""


CaseMemberAmend = amend_schema(CaseMemberFields, fixed="a member's person and role")


class CaseMemberRead(CaseMemberFields, RecordRead):
    case_id: uuid.UUID = required("The case.")
    person_name: str = required(
        "The person's given and family name as their person record reads now (worked out, not stored; "
        "amend the person to change it).",
        "Leo Thornbury",
    )
