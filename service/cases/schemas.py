from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from pydantic import Field, model_validator

from service.kit.schemas import AMENDMENT_REASON, Input, RecordRead
from service.reference_data.registry import CodeFrom

TITLE = "How workers refer to the family."
REFERENCE = "The authority's own case reference."
OPENED_ON = "The date the case was opened."
JOINED_ON = "The date the person became part of the case."
LEFT_ON = "The date the person stopped being part of the case."
RELATIONSHIP = "For an adult: how they are related to the children; code from the list `relationship_type`."
PersonRole = Annotated[
    str, CodeFrom("person_role", "Whether the member is one of the case's children or an adult.", "CHILD")
]
Relationship = Annotated[
    str, CodeFrom("relationship_type", "How an adult is related to the case's children.", "GRANDPARENT")
]


class CaseCreate(Input):
    """Open a family's working file. Its children and adults are added as members."""

    title: str = Field(
        min_length=1,
        max_length=200,
        description="How workers refer to the family.",
        examples=["Thornbury family"],
    )
    reference: str | None = Field(
        default=None, max_length=50, description="The authority's own case reference.", examples=["EM-C-0001"]
    )
    opened_on: date = Field(description="The date the case was opened.", examples=["2025-01-14"])


class CaseAmend(Input):
    """Send only the fields that change."""

    title: str | None = Field(default=None, min_length=1, max_length=200, description=TITLE)
    reference: str | None = Field(default=None, max_length=50, description=REFERENCE)
    opened_on: date | None = Field(default=None, description=OPENED_ON)
    amendment_reason: str | None = AMENDMENT_REASON


class CaseRead(RecordRead):
    title: str = Field(description=TITLE)
    reference: str | None = Field(description=REFERENCE)
    opened_on: date = Field(description=OPENED_ON)


class CaseMemberCreate(Input):
    person_id: uuid.UUID = Field(description="A person of your authority (POST /v1/people).")
    role: PersonRole
    relationship_to_children: Relationship | None = Field(default=None, description=RELATIONSHIP)
    joined_on: date = Field(description=JOINED_ON, examples=["2025-01-14"])

    @model_validator(mode="after")
    def _relationship_is_for_adults(self) -> CaseMemberCreate:
        if self.role == "CHILD" and self.relationship_to_children is not None:
            raise ValueError("relationship_to_children is for adult members only")
        return self


class CaseMemberAmend(Input):
    """Send only the fields that change; a member's person and role are fixed."""

    relationship_to_children: Relationship | None = Field(default=None, description=RELATIONSHIP)
    left_on: date | None = Field(default=None, description=LEFT_ON)
    amendment_reason: str | None = AMENDMENT_REASON


class CaseMemberRead(RecordRead):
    case_id: uuid.UUID = Field(description="The case.")
    person_id: uuid.UUID = Field(description="The person who is a member.")
    role: str = Field(description="`CHILD` or `ADULT`, from the list `person_role`.", examples=["CHILD"])
    relationship_to_children: str | None = Field(description=RELATIONSHIP)
    joined_on: date = Field(description=JOINED_ON)
    left_on: date | None = Field(description=LEFT_ON)
