"""Request and response bodies of allocations, collaborative case audits and family and staff feedback.

Every name in the examples is invented.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, Field

from service.kit.schemas import AMENDMENT_REASON, Input, RecordRead
from service.reference_data.registry import CodeFrom

AuditItemCode = Annotated[str, CodeFrom("qa_audit_item", "The audit item answered.", "A3")]
AuditRating = Annotated[str, CodeFrom("qa_audit_rating", "How well the case meets the item.", "PARTLY")]
FamilyQuestion = Annotated[
    str, CodeFrom("family_feedback_question", "The family feedback question answered.", "F1")
]
StaffQuestion = Annotated[
    str, CodeFrom("staff_feedback_question", "The staff feedback question answered.", "S2")
]
RespondentRole = Annotated[
    str, CodeFrom("feedback_respondent_role", "Who gave the feedback.", "PARENT", max_length=32)
]

TEAM_EXAMPLE = "Northfield family help team"
WORKER_EXAMPLE = "Alex Moor, social worker"

# --- allocations --------------------------------------------------------------------------------


class AllocationCreate(Input):
    """Which team and worker hold the case from a date."""

    team: str = Field(
        min_length=1, max_length=100, description="The team that holds the case.", examples=[TEAM_EXAMPLE]
    )
    worker: str = Field(
        min_length=1,
        max_length=200,
        description="The allocated worker, by name and role.",
        examples=[WORKER_EXAMPLE],
    )
    allocated_on: date = Field(description="The date the case was allocated.", examples=["2025-01-14"])


class AllocationAmend(Input):
    """End an allocation (ended_on) or correct it."""

    team: str | None = Field(
        default=None, min_length=1, max_length=100, description="The team that holds the case."
    )
    worker: str | None = Field(
        default=None, min_length=1, max_length=200, description="The allocated worker, by name and role."
    )
    allocated_on: date | None = Field(default=None, description="The date the case was allocated.")
    ended_on: date | None = Field(
        default=None,
        description="The date the allocation ended; not before allocated_on. Set it to end the allocation.",
        examples=["2025-06-30"],
    )
    amendment_reason: str | None = AMENDMENT_REASON


class AllocationRead(RecordRead):
    case_id: uuid.UUID = Field(description="The case allocated.")
    team: str = Field(description="The team that holds the case.", examples=[TEAM_EXAMPLE])
    worker: str = Field(description="The allocated worker.", examples=[WORKER_EXAMPLE])
    allocated_on: date = Field(description="The date the case was allocated.")
    ended_on: date | None = Field(description="The date the allocation ended, once it has.")
    current: bool = Field(
        description="Whether this is the case's current allocation: "
        "the latest (by allocated_on) without ended_on."
    )


# --- collaborative case audits ------------------------------------------------------------------


class AuditTemplate(BaseModel):
    """The audit template an audit used: the item list and its version."""

    list_id: str = Field(description="The code list of the audit items.", examples=["qa_audit_item"])
    version: str = Field(description="The list's version when the audit was answered.", examples=["1.0.0"])


class ItemEvidence(BaseModel):
    """What the records held for one audit item: computed from them, never typed."""

    item_code: str = Field(description="The audit item (list qa_audit_item).", examples=["A9"])
    label: str = Field(description="The item's wording.")
    recorded_by_service: bool = Field(
        description="False when this service keeps no records the item could be judged from."
    )
    summary: str = Field(
        description="The evidence in one sentence.",
        examples=[
            "3 current network members, 2 naturally connected; 1 told every current statement; 1 meeting."
        ],
    )
    facts: dict[str, Any] = Field(
        description="The evidence as data: counts, dates and ids, named per item (see the guide)."
    )


class AuditEvidence(BaseModel):
    """The evidence for every item of the audit template, as the case's records stand."""

    case_id: uuid.UUID = Field(description="The case.")
    as_of: date = Field(description="The date review periods count back from (3 months for scaling).")
    template: AuditTemplate = Field(description="The audit template the items come from.")
    items: list[ItemEvidence] = Field(description="One entry per template item, in template order.")


class AuditItemAnswer(Input):
    """The rating of one audit item, agreed by auditor and worker."""

    item_code: AuditItemCode
    rating: AuditRating
    comment: str | None = Field(
        default=None,
        max_length=4000,
        description="What auditor and worker saw and agreed.",
        examples=["Danger statements are clear; the impact on Ruby is not yet written."],
    )


class CaseAuditCreate(Input):
    """A collaborative case audit: every item of the template answered once."""

    audited_on: date = Field(
        description="The date of the audit; review periods count back from it.", examples=["2025-05-20"]
    )
    auditor: str = Field(
        min_length=1, max_length=200, description="Who led the audit.", examples=["Priya Nair, practice lead"]
    )
    worker: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="The worker who audited with the auditor. Defaults to the case's current allocation; "
        "required when the case has none.",
        examples=[WORKER_EXAMPLE],
    )
    items: list[AuditItemAnswer] = Field(
        max_length=100, description="Every item of the audit template, each exactly once."
    )
    overall: int = Field(
        ge=0, le=10, description="The overall judgement of the practice, 0 to 10.", examples=[6]
    )
    learning_actions: str | None = Field(
        default=None,
        max_length=4000,
        description="What the worker and team will do next.",
        examples=["Complete Three Houses with Ruby before the review."],
    )


class CaseAuditAmend(Input):
    """Correct an audit's answers; the evidence kept with it stays as the auditor saw it."""

    audited_on: date | None = Field(default=None, description="The date of the audit.")
    auditor: str | None = Field(default=None, min_length=1, max_length=200, description="Who led the audit.")
    worker: str | None = Field(
        default=None, min_length=1, max_length=200, description="The worker who audited with the auditor."
    )
    items: list[AuditItemAnswer] | None = Field(
        default=None, max_length=100, description="Every item of the audit template, each exactly once."
    )
    overall: int | None = Field(default=None, ge=0, le=10, description="The overall judgement, 0 to 10.")
    learning_actions: str | None = Field(
        default=None, max_length=4000, description="What the worker and team will do next."
    )
    amendment_reason: str | None = AMENDMENT_REASON


class AuditItemRead(BaseModel):
    item_code: str = Field(description="The audit item (list qa_audit_item).", examples=["A3"])
    label: str = Field(description="The item's wording.")
    rating: str = Field(description="The rating (list qa_audit_rating).", examples=["PARTLY"])
    comment: str | None = Field(description="What auditor and worker saw and agreed.")
    evidence: ItemEvidence | None = Field(
        description="The evidence the records held for the item when the audit was made."
    )


class CaseAuditRead(RecordRead):
    case_id: uuid.UUID = Field(description="The case audited.")
    audited_on: date = Field(description="The date of the audit.")
    auditor: str = Field(description="Who led the audit.")
    worker: str = Field(description="The worker who audited with the auditor.")
    template: AuditTemplate = Field(description="The audit template (item list and version) answered.")
    items: list[AuditItemRead] = Field(description="Each item's rating and comment beside its evidence.")
    overall: int = Field(description="The overall judgement, 0 to 10.")
    learning_actions: str | None = Field(description="What the worker and team will do next.")
    evidence_as_of: date = Field(description="The date the evidence was computed for (the audit date).")


# --- feedback -----------------------------------------------------------------------------------


class FamilyAnswer(Input):
    question_code: FamilyQuestion
    value: int = Field(
        ge=0, le=10, description="The answer, 0 (not at all) to 10 (completely).", examples=[7]
    )
    text: str | None = Field(
        default=None,
        max_length=4000,
        description="Anything the respondent said, in their words.",
        examples=["I know now that it is about the mornings."],
    )


class StaffAnswer(Input):
    question_code: StaffQuestion
    value: int = Field(
        ge=0, le=10, description="The answer, 0 (not at all) to 10 (completely).", examples=[4]
    )
    text: str | None = Field(
        default=None,
        max_length=4000,
        description="Anything the respondent added.",
        examples=["Supervision is mostly about deadlines."],
    )


class AnswerRead(BaseModel):
    question_code: str = Field(description="The question answered.", examples=["F1"])
    value: int = Field(description="The answer, 0 to 10.")
    text: str | None = Field(description="Anything the respondent said.")


class FamilyFeedbackCreate(Input):
    """What a parent, carer or child said about the help they get."""

    given_on: date = Field(description="The date the feedback was given.", examples=["2025-05-02"])
    respondent_role: RespondentRole
    respondent_person_id: uuid.UUID | None = Field(
        default=None, description="The respondent, if named: a member of the case."
    )
    answers: list[FamilyAnswer] = Field(
        min_length=1, max_length=20, description="The questions answered, each at most once."
    )


class FamilyFeedbackRead(RecordRead):
    case_id: uuid.UUID = Field(description="The case the feedback is about.")
    given_on: date = Field(description="The date the feedback was given.")
    respondent_role: str = Field(description="Who gave it (list feedback_respondent_role).")
    respondent_person_id: uuid.UUID | None = Field(description="The respondent, if named.")
    answers: list[AnswerRead] = Field(description="The answers given.")


class StaffFeedbackCreate(Input):
    """What a member of staff said about how the organisation supports the practice."""

    given_on: date = Field(description="The date the feedback was given.", examples=["2025-05-02"])
    team: str = Field(
        min_length=1, max_length=100, description="The respondent's team.", examples=[TEAM_EXAMPLE]
    )
    anonymous: bool = Field(
        description="When true the feedback names nobody: respondent must be left out and the record "
        "reads created_by 'anonymous'."
    )
    respondent: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="Who gave it; required unless anonymous, and refused when anonymous.",
        examples=["Sam Okafor, social worker"],
    )
    answers: list[StaffAnswer] = Field(
        min_length=1, max_length=20, description="The questions answered, each at most once."
    )


class StaffFeedbackRead(RecordRead):
    given_on: date = Field(description="The date the feedback was given.")
    team: str = Field(description="The respondent's team.")
    anonymous: bool = Field(description="Whether the feedback names nobody.")
    respondent: str | None = Field(description="Who gave it; null when anonymous.")
    answers: list[AnswerRead] = Field(description="The answers given.")
