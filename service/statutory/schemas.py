"""The fields of the statutory records and of relationships, declared once (see service/kit/fields.py).

Codes come from the published CIN census lists (reference_data/cin_*.csv, retired codes refused on
new records) and from our own lists for what has no national code. All names in examples are invented.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, Field

from service.kit.fields import SET_ONCE, Day, Fields, Flag, Input, amend_schema, optional, required
from service.kit.schemas import RecordRead, Shown
from service.reference_data.registry import CodeFrom

ReferralSource = Annotated[
    str, CodeFrom("cin_referral_source", "Who made the referral (CIN census ReferralSource).", "6", 8)
]
PrimaryNeed = Annotated[
    str, CodeFrom("cin_primary_need", "The child's main need (CIN census PrimaryNeedCode).", "N1", 8)
]
ClosureReason = Annotated[
    str,
    CodeFrom("cin_reason_for_closure", "Why the referral closed (CIN census ReasonForClosure).", "RC7", 8),
]
Factor = Annotated[
    str,
    CodeFrom(
        "cin_assessment_factor", "A factor found at the end of the assessment (AssessmentFactors).", "3B", 8
    ),
]
Category = Annotated[
    str, CodeFrom("cin_category_of_abuse", "The category of abuse of the plan (CIN census).", "EMO", 8)
]
EarlyHelpOutcome = Annotated[
    str, CodeFrom("early_help_outcome", "How the early help episode ended.", "NEEDS_MET")
]
StrategyDecision = Annotated[
    str, CodeFrom("strategy_decision", "What the strategy discussion decided.", "SECTION_47")
]
Section47Outcome = Annotated[
    str, CodeFrom("section47_outcome", "What the enquiry concluded.", "INITIAL_CONFERENCE")
]
ConferenceType = Annotated[
    str, CodeFrom("conference_type", "Initial, review or transfer-in conference.", "INITIAL", 16)
]
ConferenceOutcome = Annotated[
    str, CodeFrom("conference_outcome", "What the conference decided about the plan.", "PLAN_STARTED")
]
RelationshipType = Annotated[
    str, CodeFrom("relationship_type", "How the adult is related to this child.", "FATHER")
]


def _text(description: str, example: str, max_length: int = 200) -> Any:
    return Field(min_length=1, max_length=max_length, description=description, examples=[example])


ChildOfCase = Annotated[uuid.UUID, SET_ONCE]
CHILD_FIELD = Field(description="A child member of the case: the child the record is about.")
CaseOfRecord = Annotated[uuid.UUID, Field(description="The case.")]
"""The ``case_id`` of a read schema here and in the care records: the case the record belongs to."""


class ChildRecordFields(Fields):
    """The first field of a record about one child of the case (statutory, care): the child, fixed."""

    child_id: ChildOfCase = CHILD_FIELD


class ReferralRecordFields(ChildRecordFields):
    """The first fields of a record on one of the child's referrals: the child and the referral."""

    referral_id: Annotated[uuid.UUID, SET_ONCE] = required(
        "The child's referral this record belongs to (same case and child), fixed at creation."
    )


# --- Early help ---------------------------------------------------------------------------------


class EarlyHelpEpisodeFields(ChildRecordFields):
    assessment_started_on: Day = required("The date the early help assessment started.", "2025-01-14")
    assessment_completed_on: Day | None = optional("The date the assessment was completed.", "2025-02-11")
    completing_organisation: str = _text(
        "The organisation completing the assessment (Annex A list 2).", "Eastmoor Family Hub"
    )
    lead_professional: str | None = optional(
        "The lead professional for the family, with their role.",
        "Amira Shah, early help practitioner",
        max_length=200,
    )
    consent_to_share: Flag | None = optional(
        (
            "Whether consent to share information was given (true) or refused (false); empty "
            "until asked. When set, consent_given_on and consent_given_by_person_id are required."
        ),
        True,
    )
    consent_given_on: Day | None = optional("The date consent was given or refused.", "2025-01-14")
    consent_given_by_person_id: uuid.UUID | None = optional(
        "Who gave or refused consent: a member of the case (a parent, or the child)."
    )
    ended_on: Day | None = optional("The date the early help episode ended.", "2025-03-02")
    outcome: EarlyHelpOutcome | None = optional("How the episode ended; only with ended_on.")


class EarlyHelpEpisodeCreate(EarlyHelpEpisodeFields, Input):
    """Record an early help assessment for a child of the case."""


EarlyHelpEpisodeAmend = amend_schema(EarlyHelpEpisodeFields, fixed="the child")


class EarlyHelpEpisodeRead(EarlyHelpEpisodeFields, RecordRead):
    case_id: CaseOfRecord
    consent_given_by_holds_parental_responsibility: bool | None = required(
        "Worked out on every read from the case's relationships: whether the person who gave "
        "consent held parental responsibility for the child on that date (null when no consent is "
        "recorded, or the person is the child)."
    )


# --- Referral -----------------------------------------------------------------------------------


class ReferralFields(ChildRecordFields):
    referral_date: Day = required("The date of the referral (CINreferralDate).", "2025-03-02")
    source: ReferralSource
    primary_need: PrimaryNeed | None = optional("The child's main need, once known.")
    no_further_action: Flag = Field(
        default=False,
        description="True when the referral led to no further action (ReferralNFA).",
        examples=[False],
    )
    closure_date: Day | None = optional("The date the episode of need closed (CINclosureDate).", "2026-07-13")
    closure_reason: ClosureReason | None = optional("Why it closed; given together with closure_date.")


class ReferralCreate(ReferralFields, Input):
    """Record a referral of a child of the case to children's social care."""


ReferralAmend = amend_schema(ReferralFields, fixed="the child")


class ReferralRead(ReferralFields, RecordRead):
    case_id: CaseOfRecord


# --- Single assessment --------------------------------------------------------------------------


class SingleAssessmentFields(ReferralRecordFields):
    started_on: Day = required("The date the assessment started (AssessmentActualStartDate).", "2025-03-03")
    internal_review_on: Day | None = optional(
        "The date of the internal review (AssessmentInternalReviewDate).", "2025-04-10"
    )
    authorised_on: Day | None = optional(
        "The date the assessment was authorised (AssessmentAuthorisationDate).", "2025-04-14"
    )
    factors: list[Factor] = Field(
        default_factory=list,
        max_length=40,
        description="The factors found at the end of the assessment, each once; 21 (no factors) "
        "stands alone.",
        examples=[["3B", "1B", "16A"]],
    )


class SingleAssessmentCreate(SingleAssessmentFields, Input):
    """Record a child and family assessment on a referral."""


SingleAssessmentAmend = amend_schema(SingleAssessmentFields, fixed="child and referral")


class SingleAssessmentRead(SingleAssessmentFields, RecordRead):
    case_id: CaseOfRecord


# --- CIN plan -----------------------------------------------------------------------------------


class CinPlanFields(ReferralRecordFields):
    start_date: Day = required("The date the plan started (CINPlanStartDate).", "2026-03-30")
    end_date: Day | None = optional("The date the plan ended (CINPlanEndDate).", "2026-07-13")


class CinPlanCreate(CinPlanFields, Input):
    """Record a child in need plan on a referral."""


CinPlanAmend = amend_schema(CinPlanFields, fixed="child and referral")


class CinPlanRead(CinPlanFields, RecordRead):
    case_id: CaseOfRecord


# --- Strategy discussion ------------------------------------------------------------------------


class StrategyDiscussionFields(ReferralRecordFields):
    held_on: Day = required("The date of the discussion.", "2025-03-03")
    agencies: list[Annotated[str, Field(min_length=1, max_length=200)]] = required(
        "The agencies that took part, at least one.",
        ["Children's social care", "Police", "Health"],
        min_length=1,
        max_length=30,
    )
    decision: StrategyDecision


class StrategyDiscussionCreate(StrategyDiscussionFields, Input):
    """Record a strategy discussion on a referral."""


StrategyDiscussionAmend = amend_schema(StrategyDiscussionFields, fixed="child and referral")


class StrategyDiscussionRead(StrategyDiscussionFields, RecordRead):
    case_id: CaseOfRecord


# --- Section 47 enquiry -------------------------------------------------------------------------


class Section47Fields(ReferralRecordFields):
    strategy_discussion_id: Annotated[uuid.UUID, SET_ONCE] = required(
        "The strategy discussion that started the enquiry (same referral)."
    )
    started_on: Day = required("The date the enquiry started (S47ActualStartDate).", "2025-03-03")
    conference_not_required: Flag = Field(
        default=False,
        description="True when no initial conference is needed (ICPCnotRequired).",
        examples=[False],
    )
    outcome: Section47Outcome | None = optional("What the enquiry concluded, once it has.")


class Section47Create(Section47Fields, Input):
    """Record a section 47 enquiry. The initial conference target date is worked out, never typed."""

    icpc_target_date: Day | None = optional(
        (
            "Leave it out: the service works it out (the strategy discussion's date plus 15 working "
            "days, England bank holidays left out). A date that disagrees is refused (SOS-CIN-005)."
        ),
        "2025-03-24",
    )


Section47Amend = amend_schema(Section47Fields, fixed="child, referral and discussion")


class Section47Read(Section47Fields, RecordRead):
    case_id: CaseOfRecord
    icpc_target_date: date = required(
        "Worked out on every read: the strategy discussion's date plus 15 working days (InitialCPCtarget)."
    )
    initial_conference_date: date | None = required(
        "The date of the initial conference held on this enquiry, if any (DateOfInitialCPC)."
    )


# --- Child protection conference ----------------------------------------------------------------


class ConferenceAttendee(Input):
    """Someone who attended: their name and role or agency, and their person id if they are a person of
    the authority."""

    name: str = _text("The attendee's name.", "Maya Thornbury")
    role: str = _text("Their role or agency.", "Mother")
    person_id: uuid.UUID | None = optional("The person, if recorded in the service.")


class ConferenceAttendeeRead(ConferenceAttendee, Shown):
    """Who attended."""


class ConferenceFields(ChildRecordFields):
    conference_type: Annotated[ConferenceType, SET_ONCE]
    section47_id: Annotated[uuid.UUID | None, SET_ONCE] = optional(
        "For an initial conference: the child's section 47 enquiry it follows."
    )
    cp_plan_id: Annotated[uuid.UUID | None, SET_ONCE] = optional(
        "For a review conference: the child's child protection plan it reviews."
    )
    held_on: Day = required("The date the conference was held.", "2025-03-20")
    chair: str = _text("Who chaired the conference.", "Lena Ortiz, conference chair")
    attendees: list[ConferenceAttendee] = required(
        "Who attended, at least one.", min_length=1, max_length=100
    )
    outcome: ConferenceOutcome
    map_id: uuid.UUID | None = optional("The case's map version the conference considered.")
    danger_statement_ids: list[uuid.UUID] = Field(
        default_factory=list, max_length=50, description="The case's danger statements it considered."
    )
    rating_ids: list[uuid.UUID] = Field(
        default_factory=list, max_length=200, description="The ratings on the case's scales it considered."
    )
    safety_plan_id: uuid.UUID | None = optional("The case's safety plan version the conference agreed.")
    override_reason: str | None = optional(
        (
            "Why a plan starts although the case lacks a current map version, an active danger "
            "(or harm) statement or a rating (SOS-MAP-003). Omit it unless a 422 named that requirement; it "
            "is not kept when nothing is missing."
        ),
        "Conference held the day after the incident; mapping is booked for next week.",
        min_length=3,
        max_length=2000,
    )


class ConferenceCreate(ConferenceFields, Input):
    """Record a child protection conference for a child of the case."""


ConferenceAmend = amend_schema(ConferenceFields, fixed="the child, the type and what it follows")


class ConferenceRead(ConferenceFields, RecordRead):
    case_id: CaseOfRecord
    attendees: list[ConferenceAttendeeRead] = required("Who attended.")  # type: ignore[assignment]


# --- Child protection plan ----------------------------------------------------------------------


class CpPlanFields(ReferralRecordFields):
    conference_id: Annotated[uuid.UUID, SET_ONCE] = required(
        "The initial (or transfer-in) conference of the child that started the plan (outcome PLAN_STARTED)."
    )
    start_date: Day = required("The date the plan started (CPPstartDate).", "2025-03-20")
    end_date: Day | None = optional("The date the plan ended (CPPendDate).", "2025-08-20")
    initial_category: Annotated[Category, SET_ONCE]
    latest_category: Category
    safety_plan_id: uuid.UUID | None = optional("The case's safety plan at the core of this plan.")


class CpPlanCreate(CpPlanFields, Input):
    """Record a child protection plan started at a conference."""


CpPlanAmend = amend_schema(CpPlanFields, fixed="child, referral, conference and initial category")


class CpPlanRead(CpPlanFields, RecordRead):
    case_id: CaseOfRecord
    number_of_previous_plans: int = required(
        "Worked out on every read: the child's earlier child protection plans (NumberOfPreviousCPP)."
    )


class CpPlanReviewFields(Fields):
    review_date: Day = required("The date the plan was reviewed (CPPreviewDate).", "2025-06-12")
    conference_id: uuid.UUID | None = optional(
        "The review conference of this plan where the review took place, if any."
    )


class CpPlanReviewCreate(CpPlanReviewFields, Input):
    """Record a review of a child protection plan."""


CpPlanReviewAmend = amend_schema(CpPlanReviewFields)


class CpPlanReviewRead(CpPlanReviewFields, RecordRead):
    cp_plan_id: uuid.UUID = required("The plan reviewed.")
    case_id: CaseOfRecord
    child_id: uuid.UUID = required("The child.")


# --- Relationships ------------------------------------------------------------------------------


class RelationshipFields(Fields):
    person_id: Annotated[uuid.UUID, SET_ONCE] = required("An adult member of the case.")
    child_id: ChildOfCase = CHILD_FIELD
    relationship_type: RelationshipType
    parental_responsibility: Flag = required(
        "Whether the adult holds parental responsibility for this child.", True
    )
    from_date: Day = required("The date the relationship (and responsibility) began.", "2018-05-01")
    to_date: Day | None = optional("The date it ended, if it has.", "2026-10-01")


class RelationshipCreate(RelationshipFields, Input):
    """Record how an adult of the case is related to one child of it."""


RelationshipAmend = amend_schema(RelationshipFields, fixed="the adult and the child")


class RelationshipRead(RelationshipFields, RecordRead):
    case_id: CaseOfRecord


class RelationshipFilters(BaseModel):
    child_id: uuid.UUID | None = optional("Only relationships to this child.")
    person_id: uuid.UUID | None = optional("Only relationships of this adult.")
    on: date | None = optional(
        "Only relationships in force on this date (from_date on or before, no to_date before)."
    )
    parental_responsibility: bool | None = optional("true: only those holding parental responsibility.")


class ChildFilter(BaseModel):
    child_id: uuid.UUID | None = optional("Only this child's records.")
