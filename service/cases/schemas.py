from __future__ import annotations

import uuid
from datetime import date

from pydantic import Field, model_validator

from service.kit.schemas import AMENDMENT_REASON, Input, RecordRead
from service.reference_data.registry import coded

PersonRole = coded("person_role", "Whether the member is one of the case's children or an adult.", "CHILD")
Relationship = coded("relationship_type", "How an adult is related to the case's children.", "GRANDPARENT")


class CaseCreate(Input):
    """Open a family's working file. Its children and adults are added as members."""

    title: str = Field(min_length=1, max_length=200, description="How workers refer to the family.",
                       examples=["Thornbury family"])
    reference: str | None = Field(default=None, max_length=50, description="The authority's own case reference.",
                                  examples=["EM-C-0001"])
    opened_on: date = Field(description="The date the case was opened.", examples=["2025-01-14"])


class CaseAmend(Input):
    title: str | None = Field(default=None, min_length=1, max_length=200)
    reference: str | None = Field(default=None, max_length=50)
    opened_on: date | None = None
    amendment_reason: str | None = AMENDMENT_REASON


class CaseRead(RecordRead):
    title: str
    reference: str | None
    opened_on: date


class CaseMemberCreate(Input):
    person_id: uuid.UUID = Field(description="A person of your authority (POST /v1/people).")
    role: PersonRole
    relationship_to_children: Relationship | None = Field(
        default=None, description="For an adult: how they are related to the children."
    )
    joined_on: date = Field(examples=["2025-01-14"])

    @model_validator(mode="after")
    def _relationship_is_for_adults(self) -> CaseMemberCreate:
        if self.role == "CHILD" and self.relationship_to_children is not None:
            raise ValueError("relationship_to_children is for adult members only")
        return self


class CaseMemberAmend(Input):
    relationship_to_children: Relationship | None = None
    left_on: date | None = Field(default=None, description="The date the person stopped being part of the case.")
    amendment_reason: str | None = AMENDMENT_REASON


class CaseMemberRead(RecordRead):
    case_id: uuid.UUID
    person_id: uuid.UUID
    role: str
    relationship_to_children: str | None
    joined_on: date
    left_on: date | None
