"""The fields of the looked-after and care-leaver records, declared once (see service/kit/fields.py).

Codes come from the published SSDA903 lists (reference_data/ssda903_*.csv) and, for the permanence
plan, from our own list. Each field says which SSDA903 field it feeds. All names in examples are
invented.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from pydantic import Field

from service.kit.fields import (
    Day,
    Flag,
    Input,
    Whole,
    amend_schema,
    optional,
    required,
    required_text,
)
from service.kit.schemas import RecordRead
from service.reference_data.registry import CodeFrom
from service.statutory.schemas import CaseOfRecord, ChildRecordFields

ReasonNewEpisode = Annotated[
    str, CodeFrom("ssda903_reason_new_episode", "Why this episode began (SSDA903 RNE).", "S", 8)
]
LegalStatus = Annotated[
    str, CodeFrom("ssda903_legal_status", "The legal basis of the child's care (SSDA903 LS).", "V2", 8)
]
CategoryOfNeed = Annotated[str, CodeFrom("cin_primary_need", "The child's main need (SSDA903 CIN).", "N1", 8)]
PlacementType = Annotated[
    str, CodeFrom("ssda903_placement_type", "Where the child is placed (SSDA903 PLACE).", "U6", 8)
]
PlacementProvider = Annotated[
    str,
    CodeFrom("ssda903_placement_provider", "Who provides the placement (SSDA903 PLACE_PROVIDER).", "PR1", 8),
]
ReasonCeased = Annotated[
    str, CodeFrom("ssda903_reason_ceased", "Why the episode ended (SSDA903 REC).", "X1", 8)
]
ReasonPlaceChange = Annotated[
    str,
    CodeFrom(
        "ssda903_reason_place_change",
        "Why the placement changed at the end of this episode (SSDA903 REASON_PLACE_CHANGE).",
        "CARPL",
        8,
    ),
]
Participation = Annotated[
    str,
    CodeFrom(
        "ssda903_review_participation",
        "How the child took part in the review (SSDA903 REVIEW_CODE).",
        "PN1",
        8,
    ),
]
MissingType = Annotated[
    str,
    CodeFrom(
        "ssda903_missing_type", "Missing (M) or away without authorisation (A) (SSDA903 MISSING).", "M", 8
    ),
]
PermanencePlan = Annotated[
    str, CodeFrom("permanence_plan", "How the child will find a permanent home.", "REUNIFICATION")
]
PreviousPermanence = Annotated[
    str,
    CodeFrom("ssda903_prev_perm", "The child's permanence before this care (PrevPerm PREV_PERM).", "Z1", 8),
]
ReasonPlacedCeased = Annotated[
    str,
    CodeFrom(
        "ssda903_reason_placed_ceased",
        "Why the decision to place for adoption ended (PlacedAdoption REASON_PLACED_CEASED).",
        "RD1",
        8,
    ),
]
AdopterSex = Annotated[
    str, CodeFrom("ssda903_adopter_sex", "The sex of the adopter or adopters (AD1 SEX_ADOPTR).", "MF", 8)
]
AdopterLegalStatus = Annotated[
    str,
    CodeFrom("ssda903_adopter_legal_status", "The adopters' relationship (AD1 LS_ADOPTR).", "L11", 8),
]
InTouch = Annotated[
    str, CodeFrom("ssda903_oc3_in_touch", "Whether the authority is in touch (OC3 IN_TOUCH).", "YES", 8)
]
Activity = Annotated[
    str, CodeFrom("ssda903_oc3_activity", "What the young person is doing (OC3 ACTIV).", "F2", 8)
]
Accommodation = Annotated[
    str,
    CodeFrom(
        "ssda903_oc3_accommodation",
        "Where the young person lives, suitable (1) or not (2) (OC3 ACCOM).",
        "E1",
        8,
    ),
]

SdqReason = Annotated[
    str,
    CodeFrom("ssda903_sdq_reason", "Why there is no SDQ score (OC2 SDQ_REASON).", "SDQ2", 8),
]

Postcode = Annotated[str, Field(min_length=2, max_length=8, pattern=r"^[A-Z0-9 ]+$")]


class _CaseOfRecord(RecordRead):
    case_id: CaseOfRecord


# --- Looked-after episode -----------------------------------------------------------------------


class LacEpisodeFields(ChildRecordFields):
    start_date: Day = required("The date the episode began (SSDA903 DECOM).", "2025-05-30")
    reason_new_episode: ReasonNewEpisode
    legal_status: LegalStatus
    category_of_need: CategoryOfNeed
    placement_type: PlacementType
    placement_provider: PlacementProvider | None = optional("Who provides the placement, once known.")
    end_date: Day | None = optional("The date the episode ended (SSDA903 DEC).", "2025-08-20")
    reason_ceased: ReasonCeased | None = optional("Why the episode ended; only with end_date.")
    reason_place_change: ReasonPlaceChange | None = optional(
        "Why the placement changed, for an episode that ended because it did; not for temporary placements."
    )
    home_postcode: Postcode | None = optional(
        "The postcode of the home the child was living at (SSDA903 HOME_POST), upper case.", "LS9 8AB"
    )
    placement_postcode: Postcode | None = optional(
        "The postcode of the placement (SSDA903 PL_POST), upper case.", "LS14 2QT"
    )
    urn: str | None = optional(
        "The placement's Ofsted unique reference number (SSDA903 URN), or XXXXXXX when it has none.",
        "SC123456",
        max_length=8,
    )


class LacEpisodeCreate(LacEpisodeFields, Input):
    """Record an SSDA903 episode of a looked-after child."""


LacEpisodeAmend = amend_schema(LacEpisodeFields, fixed="the child")


class LacEpisodeRead(LacEpisodeFields, _CaseOfRecord):
    period_of_care_start: date = required(
        "Worked out on every read: the start of the period of care this episode belongs to "
        "(the start of the latest episode up to this one with reason for new episode S)."
    )


# --- Looked-after review ------------------------------------------------------------------------


class LacReviewFields(ChildRecordFields):
    review_date: Day = required("The date of the review (SSDA903 REVIEW).", "2025-06-27")
    participation: Participation
    chair: str = required_text(
        "The independent reviewing officer who chaired it.",
        "Ruth Okafor, independent reviewing officer",
        max_length=200,
    )
    decisions: str | None = optional(
        "What the review decided, in plain words.",
        "Stay with the current foster carers; family time twice a week; plan for return home by autumn.",
        max_length=8000,
    )
    rating_ids: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=50,
        description="Scale ratings of the case given at the review (their context LAC_REVIEW).",
    )


class LacReviewCreate(LacReviewFields, Input):
    """Record a looked-after review."""


LacReviewAmend = amend_schema(LacReviewFields, fixed="the child")


class LacReviewRead(LacReviewFields, _CaseOfRecord):
    on_time: bool | None = required(
        "Worked out on every read: whether the review was held in time, the first within 20 "
        "working days of the period of care starting, the second within 3 months of the first, each later "
        "one within 6 months of the one before; null when no period of care of the child covers its date."
    )


# --- Missing episode ----------------------------------------------------------------------------


class MissingEpisodeFields(ChildRecordFields):
    missing_type: MissingType
    start_date: Day = required("The date the child went missing or away (SSDA903 MIS_START).", "2025-07-04")
    end_date: Day | None = optional("The date the child came back (SSDA903 MIS_END).", "2025-07-05")
    return_interview_offered: Flag | None = optional(
        "Whether a return interview was offered once the child came back.", True
    )
    return_interview_accepted: Flag | None = optional(
        "Whether the child took up the return interview; only when one was offered.", True
    )


class MissingEpisodeCreate(MissingEpisodeFields, Input):
    """Record a time a looked-after child was missing or away without authorisation."""


MissingEpisodeAmend = amend_schema(MissingEpisodeFields, fixed="the child")


class MissingEpisodeRead(MissingEpisodeFields, _CaseOfRecord):
    pass


# --- Permanence decision ------------------------------------------------------------------------


class PermanenceDecisionFields(ChildRecordFields):
    plan: PermanencePlan
    decided_on: Day = required("The date of the decision.", "2025-07-15")
    decided_by: str = required_text(
        "Who made the decision (a panel, the agency decision maker, a looked-after review).",
        "Looked-after review chaired by Ruth Okafor",
        max_length=200,
    )
    adoption_best_interests_on: Day | None = optional(
        "The date of the decision that adoption is in the child's best interests (AD1 DATE_INT)."
    )
    adoption_matched_on: Day | None = optional(
        "The date the child was matched with adopters (AD1 DATE_MATCH)."
    )
    adopted_by_foster_carers: Flag | None = optional(
        "Whether the adopters were the child's foster carers (AD1 FOSTER_CARE)."
    )
    adopter_count: Whole | None = optional("How many adopters: 1 or 2 (AD1 NB_ADOPTR).", 2, ge=1, le=2)
    adopter_sexes: AdopterSex | None = optional("The sex of the adopters.")
    adopter_legal_status: AdopterLegalStatus | None = optional("The adopters' relationship.")
    placed_for_adoption_on: Day | None = optional(
        "The date of the decision that the child should be placed for adoption (PlacedAdoption DATE_PLACED)."
    )
    placed_for_adoption_ceased_on: Day | None = optional(
        "The date that decision ended (PlacedAdoption DATE_PLACED_CEASED)."
    )
    placed_for_adoption_ceased_reason: ReasonPlacedCeased | None = optional(
        "Why it ended; only with placed_for_adoption_ceased_on."
    )
    previous_permanence: PreviousPermanence | None = optional(
        "Any permanence order the child had before this care."
    )
    previous_permanence_la: str | None = optional(
        "The authority that made the previous permanence arrangement (PrevPerm LA_PERM), its 3-digit code.",
        "383",
        max_length=8,
    )
    previous_permanence_on: Day | None = optional(
        "The date of the previous permanence order (PrevPerm DATE_PERM); only with previous_permanence."
    )


class PermanenceDecisionCreate(PermanenceDecisionFields, Input):
    """Record a permanence decision for a looked-after child."""


PermanenceDecisionAmend = amend_schema(PermanenceDecisionFields, fixed="the child")


class PermanenceDecisionRead(PermanenceDecisionFields, _CaseOfRecord):
    pass


# --- Pathway plan -------------------------------------------------------------------------------


class PathwayPlanFields(ChildRecordFields):
    start_date: Day = required("The date the pathway plan started.", "2025-09-01")
    review_dates: list[Day] = Field(
        default_factory=list,
        max_length=100,
        description="The dates the plan was reviewed, in order.",
        examples=[["2026-03-01"]],
    )
    personal_adviser: str = required_text(
        "The young person's personal adviser.", "Dan Whitlow, personal adviser", max_length=200
    )
    end_date: Day | None = optional("The date the plan ended.")


class PathwayPlanCreate(PathwayPlanFields, Input):
    """Record a care leaver's pathway plan."""


PathwayPlanAmend = amend_schema(PathwayPlanFields, fixed="the young person")


class PathwayPlanRead(PathwayPlanFields, _CaseOfRecord):
    pass


# --- Care-leaver contact ------------------------------------------------------------------------


class CareLeaverContactFields(ChildRecordFields):
    contact_date: Day = required("The date of the contact (around a birthday, for OC3).", "2026-02-10")
    in_touch: InTouch
    activity: Activity | None = optional("What the young person is doing; only when in touch.")
    accommodation: Accommodation | None = optional("Where the young person lives; only when in touch.")


class CareLeaverContactCreate(CareLeaverContactFields, Input):
    """Record a contact with a care leaver."""


CareLeaverContactAmend = amend_schema(CareLeaverContactFields, fixed="the young person")


class CareLeaverContactRead(CareLeaverContactFields, _CaseOfRecord):
    pass


# --- UASC status --------------------------------------------------------------------------------


class UascStatusFields(ChildRecordFields):
    start_date: Day = required(
        "The date the child was known as an unaccompanied asylum-seeking child.", "2025-04-02"
    )
    ceased_on: Day | None = optional("The date the child ceased to be one (UASC DUC).", "2026-01-20")


class UascStatusCreate(UascStatusFields, Input):
    """Record that a child is an unaccompanied asylum-seeking child."""


UascStatusAmend = amend_schema(UascStatusFields, fixed="the child")


class UascStatusRead(UascStatusFields, _CaseOfRecord):
    pass


# --- Health outcomes (OC2) ----------------------------------------------------------------------


class HealthOutcomeFields(ChildRecordFields):
    year_ending: Day = required(
        "The 31 March the outcomes are for: the child has then been looked after for twelve months.",
        "2026-03-31",
    )
    sdq_score: Whole | None = optional(
        "The strengths and difficulties questionnaire score, 0 to 40 (OC2 SDQ_SCORE); for a child "
        "aged 4 to 16.",
        14,
        ge=0,
        le=40,
    )
    sdq_reason: SdqReason | None = optional("Why there is no SDQ score; only without one (OC2 SDQ_REASON).")
    convicted: Flag | None = optional(
        "Convicted, or given a youth caution or final warning, in the year; aged 10 or over (OC2 CONVICTED).",
        False,
    )
    health_check: Flag | None = optional(
        "Development assessments up to date; under 5 (OC2 HEALTH_CHECK).", None
    )
    immunisations: Flag | None = optional("Immunisations up to date (OC2 IMMUNISATIONS).", True)
    teeth_check: Flag | None = optional("Teeth checked by a dentist in the year (OC2 TEETH_CHECK).", True)
    health_assessment: Flag | None = optional("Annual health assessment done (OC2 HEALTH_ASSESSMENT).", True)
    substance_misuse: Flag | None = optional(
        "Identified as having a substance misuse problem in the year (OC2 SUBSTANCE_MISUSE).", False
    )
    intervention_received: Flag | None = optional(
        "Received an intervention for it; only with a substance misuse problem (OC2 INTERVENTION_RECEIVED)."
    )
    intervention_offered: Flag | None = optional(
        "Offered an intervention and refused it; only when none was received (OC2 INTERVENTION_OFFERED)."
    )


class HealthOutcomeCreate(HealthOutcomeFields, Input):
    """Record a looked-after child's outcomes for the year to a 31 March."""


HealthOutcomeAmend = amend_schema(HealthOutcomeFields, fixed="the child")


class HealthOutcomeRead(HealthOutcomeFields, _CaseOfRecord):
    pass


# --- Mother status ------------------------------------------------------------------------------


class MotherStatusFields(ChildRecordFields):
    recorded_on: Day = required("The date this was recorded.", "2025-06-02")
    is_mother: Flag = required("Whether the young woman is a mother (SSDA903 MOTHER).", False)
    child_born_on: Day | None = optional(
        "Her child's date of birth; only when she is a mother (SSDA903 MC_DOB).", None
    )


class MotherStatusCreate(MotherStatusFields, Input):
    """Record whether a looked-after young woman is a mother."""


MotherStatusAmend = amend_schema(MotherStatusFields, fixed="the young woman")


class MotherStatusRead(MotherStatusFields, _CaseOfRecord):
    pass
