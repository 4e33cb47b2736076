"""The fields of allocations, collaborative case audits and family and staff feedback, declared once
(see service/kit/fields.py), and the bodies of the evidence and the measures.

Every name in the examples is invented.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, Field

from service.kit.fields import (
    Day,
    Fields,
    Flag,
    Input,
    Whole,
    amend_schema,
    optional,
    optional_text,
    required,
)
from service.kit.schemas import RecordRead, Shown
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
Team = Annotated[str, Field(min_length=1, max_length=100)]
WorkerId = Annotated[str, Field(min_length=4, max_length=16, pattern=r"^(SW|XX)[A-Za-z0-9]+$")]
AllocationReason = Annotated[
    str,
    CodeFrom("ssda903_sw_reason", "Why the case came to this worker (SSDA903 SW_REASON).", "FCONTA", 8),
]
Someone = Annotated[str, Field(min_length=1, max_length=200)]

TEAM_EXAMPLE = "Northfield family help team"
WORKER_EXAMPLE = "Alex Moor, social worker"


# --- allocations --------------------------------------------------------------------------------


class AllocationFields(Fields):
    team: Team = required("The team that holds the case.", TEAM_EXAMPLE)
    worker: Someone = required("The allocated worker, by name and role.", WORKER_EXAMPLE)
    allocated_on: Day = required("The date the case was allocated.", "2025-01-14")
    ended_on: Day | None = optional(
        "The date the allocation ended; not before allocated_on. Set it to end the allocation.", "2025-06-30"
    )
    worker_id: WorkerId | None = optional(
        "The worker's Social Work England registration number (SW and digits), or an identifier "
        "starting XX for a worker without one: the SSDA903 social worker episode's SW_ID.",
        "SW104233",
    )
    reason: AllocationReason | None = optional(
        "Why the case came to this worker: FCONTA for the first allocation, otherwise why the worker "
        "changed (SSDA903 SW_REASON)."
    )


class AllocationCreate(AllocationFields, Input):
    """Which team and worker hold the case from a date."""


AllocationAmend = amend_schema(AllocationFields, doc="End an allocation (ended_on) or correct it.")


class AllocationRead(AllocationFields, RecordRead):
    case_id: uuid.UUID = required("The case allocated.")
    current: bool = required(
        "Whether this is the case's current allocation: the latest (by allocated_on) without ended_on."
    )


# --- collaborative case audits ------------------------------------------------------------------


class AuditTemplate(BaseModel):
    """The audit template an audit used: the item list and its version."""

    list_id: str = required("The code list of the audit items.", "qa_audit_item")
    version: str = required("The list's version when the audit was answered.", "1.0.0")


class ItemEvidence(BaseModel):
    """What the records held for one audit item: computed from them, never typed."""

    item_code: str = required("The audit item (list qa_audit_item).", "A9")
    label: str = required("The item's wording.")
    recorded_by_service: bool = required(
        "False when this service keeps no records the item could be judged from."
    )
    summary: str = required(
        "The evidence in one sentence.",
        "3 current network members, 2 naturally connected; 1 told every current statement; 1 meeting.",
    )
    facts: dict[str, Any] = required(
        "The evidence as data: counts, dates and ids, named per item (see the guide)."
    )


class AuditEvidence(BaseModel):
    """The evidence for every item of the audit template, as the case's records stand."""

    case_id: uuid.UUID = required("The case.")
    as_of: date = required("The date review periods count back from (3 months for scaling).")
    template: AuditTemplate = required("The audit template the items come from.")
    items: list[ItemEvidence] = required("One entry per template item, in template order.")


class AuditItem(Fields):
    item_code: AuditItemCode
    rating: AuditRating
    comment: str | None = optional_text(
        "What auditor and worker saw and agreed.",
        "Danger statements are clear; the impact on Ruby is not yet written.",
    )


class AuditItemAnswer(AuditItem, Input):
    """The rating of one audit item, agreed by auditor and worker."""


class AuditItemRead(AuditItem, Shown):
    label: str = required("The item's wording.")
    evidence: ItemEvidence | None = required(
        "The evidence the records held for the item when the audit was made."
    )


class CaseAuditFields(Fields):
    audited_on: Day = required("The date of the audit; review periods count back from it.", "2025-05-20")
    auditor: Someone = required("Who led the audit.", "Priya Nair, practice lead")
    worker: Someone | None = optional(
        "The worker who audited with the auditor. Defaults to the case's current allocation; "
        "required when the case has none.",
        WORKER_EXAMPLE,
    )
    items: list[AuditItemAnswer] = required(
        "Every item of the audit template, each exactly once.", max_length=100
    )
    overall: Whole = required("The overall judgement of the practice, 0 to 10.", 6, ge=0, le=10)
    learning_actions: str | None = optional_text(
        "What the worker and team will do next.", "Complete Three Houses with Ruby before the review."
    )


class CaseAuditCreate(CaseAuditFields, Input):
    """A collaborative case audit: every item of the template answered once."""


CaseAuditAmend = amend_schema(
    CaseAuditFields, doc="Correct an audit's answers; the evidence kept with it stays as the auditor saw it."
)


class CaseAuditRead(CaseAuditFields, RecordRead):
    case_id: uuid.UUID = required("The case audited.")
    worker: str = required("The worker who audited with the auditor.")  # always set once made
    template: AuditTemplate = required("The audit template (item list and version) answered.")
    items: list[AuditItemRead] = required("Each item's rating and comment beside its evidence.")  # type: ignore[assignment]
    evidence_as_of: date = required("The date the evidence was computed for (the audit date).")


# --- feedback -----------------------------------------------------------------------------------


class Answer(Fields):
    question_code: str = required("The question answered.", "F1", max_length=32)
    value: Whole = required("The answer, 0 (not at all) to 10 (completely).", 7, ge=0, le=10)
    text: str | None = optional_text(
        "Anything the respondent said, in their words.", "It helps to know what everyone is worried about."
    )


class FamilyAnswer(Answer, Input):
    question_code: FamilyQuestion


class StaffAnswer(Answer, Input):
    question_code: StaffQuestion


class AnswerRead(Answer, Shown):
    pass


class FamilyFeedbackFields(Fields):
    given_on: Day = required("The date the feedback was given.", "2025-05-02")
    respondent_role: RespondentRole
    respondent_person_id: uuid.UUID | None = optional("The respondent, if named: a member of the case.")
    answers: list[FamilyAnswer] = required(
        "The questions answered, each at most once.", min_length=1, max_length=20
    )


class FamilyFeedbackCreate(FamilyFeedbackFields, Input):
    """What a parent, carer or child said about the help they get."""


class FamilyFeedbackRead(FamilyFeedbackFields, RecordRead):
    case_id: uuid.UUID = required("The case the feedback is about.")
    answers: list[AnswerRead] = required("The answers given.")  # type: ignore[assignment]


class StaffFeedbackFields(Fields):
    given_on: Day = required("The date the feedback was given.", "2025-05-02")
    team: Team = required("The respondent's team.", TEAM_EXAMPLE)
    anonymous: Flag = required(
        "When true the feedback names nobody: respondent must be left out and the record "
        "reads created_by 'anonymous'."
    )
    respondent: Someone | None = optional(
        "Who gave it; required unless anonymous, and refused when anonymous.", "Sam Okafor, social worker"
    )
    answers: list[StaffAnswer] = required(
        "The questions answered, each at most once.", min_length=1, max_length=20
    )


class StaffFeedbackCreate(StaffFeedbackFields, Input):
    """What a member of staff said about how the organisation supports the practice."""


class StaffFeedbackRead(StaffFeedbackFields, RecordRead):
    answers: list[AnswerRead] = required("The answers given.")  # type: ignore[assignment]


class StaffFeedbackFilters(BaseModel):
    team: str | None = optional("Only feedback from this team.", max_length=100)


# --- measures -----------------------------------------------------------------------------------


class MeasureDefinitionRead(BaseModel):
    numerator: str = required("What is counted, in plain words.")
    denominator: str = required("What it is counted out of.")
    period: str = required("Which dates the measure looks at.")
    inclusions: str = required("What is included and left out.")


class MeasureRead(BaseModel):
    code: str = required("The measure's code in the list `qa_measure`.", "M1")
    label: str = required("The measure's name.", "Danger statement coverage")
    definition: MeasureDefinitionRead = required("What the measure counts, in plain words.")
    period: str = required("The period as asked: a month, or from/to.", "2026-03")
    period_start: date = required("First day of the period (inclusive).")
    period_end: date = required("Last day of the period (inclusive); the as-at date.")
    team: str | None = required("The team the cases were counted for, or null for the authority.")
    value_kind: str = required(
        "How to read `value`: ratio (numerator / denominator, 0 to 1), median_days, mean "
        "(of 0-10 answers), or not_computable.",
        "ratio",
    )
    numerator: int | None = required("How many counted; null when not computable.")
    denominator: int | None = required("Out of how many; null when not computable.")
    value: float | None = required("The measure; null when nothing to count or not computable.")
    details: dict[str, float | int | None] = required("The measure's secondary figures, named.")
    not_computable: str | None = required("Why the service cannot compute it from its records.")
    note: str | None = required("How a derived measure was worked out.")


class MeasuresReport(BaseModel):
    la_code: str = required("The authority the measures are for.", "990")
    period: str = required("The period as asked: a month or from/to.", "2026-03")
    period_start: date = required("First day of the period (inclusive).", "2026-03-01")
    period_end: date = required(
        "Last day of the period (inclusive): the date open cases are counted on.", "2026-03-31"
    )
    team: str | None = required("The team, or null for the whole authority.")
    measures: list[MeasureRead] = required("Every measure M1-M15, in order.")
