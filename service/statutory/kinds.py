"""The statutory record types, from the front door to child protection, and relationships.

Each is listed and created under its case (``/v1/cases/{case_id}/referrals``, ...) with a required
``child_id``, and lives at its own path (``/v1/referrals/{referral_id}``, ...); a child protection
plan's reviews are listed and created under the plan.
"""

from __future__ import annotations

from typing import Any

from service.cases.kinds import CASE
from service.kit.records import Creating, Listing, M, Parent, RecordType, plural_of
from service.models.statutory import (
    ChildProtectionConference,
    ChildProtectionPlan,
    ChildProtectionPlanReview,
    CinPlan,
    EarlyHelpEpisode,
    PersonRelationship,
    Referral,
    Section47Enquiry,
    SingleAssessment,
    StrategyDiscussion,
)
from service.statutory import rules
from service.statutory import schemas as statutory_schemas
from service.statutory.schemas import (
    ChildFilter,
    ConferenceAmend,
    ConferenceCreate,
    ConferenceRead,
    RelationshipFilters,
    Section47Amend,
    Section47Create,
    Section47Read,
)

ON_REFERRAL = ("SOS-CASE-002", "SOS-CIN-002")
ACTIVITY = (*ON_REFERRAL, "SOS-CIN-011", "SOS-CIN-013")
"""The create of what the census counts as activity on a referral: dated by the referral's closure, and
not on a referral with no further action."""
BEYOND_ASSESSMENT = (*ACTIVITY, "SOS-CIN-016")
"""Activity beyond an assessment: not on a referral closed after assessment either."""


def child_record(
    name: str, model: type[M], *, label: str = "", schemas: Any = statutory_schemas, **declared: Any
) -> RecordType[M]:
    """A record type about one child of a case, its schemas named in ``schemas``: listed and created under
    the case (``/v1/cases/{case_id}/<plural, dashed>``), every child's or one child's (``child_id``)."""
    label = label or name.replace("_", " ")
    words = plural_of(label)
    listing = Listing(
        description=f"The case's {words}, every child's or one child's (`child_id`), a page at a time.",
        filters=ChildFilter,
        where=rules.child_filter(model),
    )
    return RecordType(
        name=name, label=label, model=model, schemas=schemas, parent=Parent(CASE), listing=listing, **declared
    )


EARLY_HELP_EPISODE = child_record(
    "early_help_episode",
    EarlyHelpEpisode,
    effective_date=lambda r: r.ended_on or r.assessment_started_on,
    summary=lambda r: (
        f"Early help assessment by {r.completing_organisation}"
        + (f", ended ({r.outcome.replace('_', ' ').lower()})" if r.outcome else "")
    ),
    creating=Creating(
        description=(
            "Records a child's early help assessment (start, completion, the organisation completing it, "
            "the lead professional), consent to share information with its date and who gave it (a member "
            "of the case), and, when it ends, its outcome. The read says whether the person who consented "
            "held parental responsibility for the child on that date, from the case's relationships."
        ),
        build=rules.new_early_help,
        requirements=("SOS-CASE-002", "SOS-EH-001", "SOS-EH-002"),
    ),
    derive=rules.early_help_reads,
    on_amend=rules.early_help_changes,
    requirements={"amend": ["SOS-EH-001", "SOS-EH-002"], "get": ["SOS-EH-002"]},
)

REFERRAL = child_record(
    "referral",
    Referral,
    effective_date=lambda r: r.closure_date or r.referral_date,
    summary=lambda r: (
        f"Referral (source {r.source})"
        + (f", closed {r.closure_reason}" if r.closure_reason else "")
        + (", no further action" if r.no_further_action else "")
    ),
    creating=Creating(
        description=(
            "Records a referral of a child of the case to children's social care (the CIN census "
            "CINdetails): its date, source and primary need, whether it led to no further action, and when "
            "and why it closed. A move into child in need from the front door or early help rests on an "
            "open referral (SOS-STAGE-005)."
        ),
        build=rules.new_referral,
        requirements=("SOS-CASE-002", "SOS-CIN-001", "SOS-CIN-012", "SOS-CIN-015"),
    ),
    on_amend=rules.referral_changes,
    kept=rules.MOVES_STAY_GROUNDED,
    requirements={
        "amend": [
            "SOS-CIN-001",
            "SOS-CIN-002",
            "SOS-CIN-011",
            "SOS-CIN-012",
            "SOS-CIN-013",
            "SOS-CIN-015",
            "SOS-CIN-016",
        ]
    },
)

SINGLE_ASSESSMENT = child_record(
    "single_assessment",
    SingleAssessment,
    effective_date=lambda r: r.authorised_on or r.started_on,
    summary=lambda r: "Single assessment" + (f", factors {', '.join(r.factors)}" if r.factors else ""),
    creating=Creating(
        description=(
            "Records a child and family assessment on one of the child's referrals: its start, internal "
            "review and authorisation dates and the factors it found (CIN census codes; a retired code is "
            "refused)."
        ),
        build=rules.new_single_assessment,
        requirements=(*ACTIVITY, "SOS-CIN-003", "SOS-CIN-014", "SOS-REF-002"),
    ),
    on_amend=rules.single_assessment_changes,
    requirements={"amend": ["SOS-CIN-002", "SOS-CIN-003", "SOS-CIN-011", "SOS-CIN-014", "SOS-REF-002"]},
)

CIN_PLAN = child_record(
    "cin_plan",
    CinPlan,
    label="child in need plan",
    effective_date=lambda r: r.end_date or r.start_date,
    summary=lambda r: "Child in need plan" + (" ended" if r.end_date else " started"),
    creating=Creating(
        description=(
            "Records a child in need plan on one of the child's referrals: its start and end. It does not "
            "overlap the child's other CIN plans nor a child protection plan of the child (either may "
            "start on the day the other ended)."
        ),
        build=rules.new_cin_plan,
        requirements=(*BEYOND_ASSESSMENT, "SOS-CIN-004", "SOS-CIN-012", "SOS-CIN-018"),
    ),
    on_amend=rules.cin_plan_changes,
    requirements={"amend": ["SOS-CIN-002", "SOS-CIN-004", "SOS-CIN-011", "SOS-CIN-012", "SOS-CIN-018"]},
)

STRATEGY_DISCUSSION = child_record(
    "strategy_discussion",
    StrategyDiscussion,
    effective_date=lambda r: r.held_on,
    summary=lambda r: (
        f"Strategy discussion ({', '.join(r.agencies)}): {r.decision.replace('_', ' ').lower()}"
    ),
    creating=Creating(
        description=(
            "Records a strategy discussion on one of the child's referrals: when, which agencies took part "
            "and what it decided. A section 47 enquiry names the discussion that started it, and its "
            "initial conference target date counts from the discussion's date."
        ),
        build=rules.new_strategy_discussion,
        requirements=ON_REFERRAL,
    ),
    on_amend=rules.strategy_discussion_changes,
    requirements={"amend": ["SOS-CIN-002"]},
)

SECTION47 = child_record(
    "section47_enquiry",
    Section47Enquiry,
    label="section 47 enquiry",
    read_schema=Section47Read,
    amend_schema=Section47Amend,
    effective_date=lambda r: r.started_on,
    summary=lambda r: (
        "Section 47 enquiry" + (f": {r.outcome.replace('_', ' ').lower()}" if r.outcome else " started")
    ),
    creating=Creating(
        schema=Section47Create,
        description=(
            "Records a section 47 enquiry on one of the child's referrals, started by a strategy discussion "
            "on the same referral: its start, whether an initial conference is not required, and its "
            "outcome. The initial conference target date is worked out (the discussion's date plus 15 "
            "working days, England bank holidays left out) and shown on every read; leave it out of the "
            "body (a date that disagrees is refused)."
        ),
        build=rules.new_section47,
        requirements=(*BEYOND_ASSESSMENT, "SOS-CIN-005", "SOS-CIN-017"),
    ),
    derive=rules.section47_reads,
    on_amend=rules.section47_changes,
    requirements={"amend": ["SOS-CIN-005", "SOS-CIN-011", "SOS-CIN-017"], "get": ["SOS-CIN-005"]},
)

CONFERENCE = child_record(
    "cp_conference",
    ChildProtectionConference,
    label="child protection conference",
    read_schema=ConferenceRead,
    amend_schema=ConferenceAmend,
    effective_date=lambda r: r.held_on,
    summary=lambda r: (
        f"{r.conference_type.replace('_', ' ').title()} child protection conference: "
        f"{r.outcome.replace('_', ' ').lower()}"
    ),
    creating=Creating(
        schema=ConferenceCreate,
        description=(
            "Records an initial conference (naming the child's section 47 enquiry, not held before it "
            "started), a review conference (naming the plan it reviews) or a transfer-in conference: the "
            "date, the chair, who attended, the outcome, and the map version, danger statements and "
            "ratings it considered and the safety plan it agreed (all of this case). A conference whose "
            "outcome starts a plan needs a current map version, an active danger (or harm) statement and "
            "a rating on the case; without them it answers 422 naming what is missing, unless "
            "`override_reason` says why it goes ahead anyway (SOS-MAP-003)."
        ),
        build=rules.new_conference,
        requirements=("SOS-CASE-002", "SOS-CIN-006", "SOS-CIN-011", "SOS-MAP-003"),
    ),
    on_amend=rules.conference_changes,
    kept=rules.MOVES_STAY_GROUNDED,
    before_entered_in_error=rules.conference_entered_in_error,
    requirements={
        "amend": ["SOS-CIN-006", "SOS-CIN-011", "SOS-CIN-017", "SOS-MAP-003"],
        "entered_in_error": ["SOS-CIN-011", "SOS-CIN-017"],
    },
)

CP_PLAN = child_record(
    "cp_plan",
    ChildProtectionPlan,
    label="child protection plan",
    effective_date=lambda r: r.end_date or r.start_date,
    summary=lambda r: f"Child protection plan ({r.latest_category})" + (" ended" if r.end_date else ""),
    creating=Creating(
        description=(
            "Records a child protection plan started by an initial (or transfer-in) conference of the "
            "child with outcome PLAN_STARTED, on one of the child's referrals and not before it: its start "
            "and end, its initial and latest category (CIN census codes) and the case's safety plan at its "
            "core. It does not overlap the child's other plans nor a CIN plan of the child (either may "
            "start on the day the other ended). The number of previous plans is worked out from the "
            "child's earlier plans and shown on every read."
        ),
        build=rules.new_cp_plan,
        requirements=(*BEYOND_ASSESSMENT, "SOS-CIN-007", "SOS-CIN-012", "SOS-CIN-018"),
    ),
    derive=rules.cp_plan_reads,
    on_amend=rules.cp_plan_changes,
    kept=rules.MOVES_STAY_GROUNDED,
    requirements={
        "amend": ["SOS-CIN-007", "SOS-CIN-008", "SOS-CIN-011", "SOS-CIN-012", "SOS-CIN-018"],
        "get": ["SOS-CIN-007"],
    },
)

CP_PLAN_REVIEW: RecordType[ChildProtectionPlanReview] = RecordType(
    name="cp_plan_review",
    label="child protection plan review",
    model=ChildProtectionPlanReview,
    schemas=statutory_schemas,
    parent=Parent(CP_PLAN, segment="reviews", entered_in_error_rule="SOS-CIN-008"),
    effective_date=lambda r: r.review_date,
    summary=lambda r: "Child protection plan reviewed",
    creating=Creating(
        summary="Record a review of a child protection plan",
        description=(
            "Records the date a child protection plan was reviewed, and the review conference of the plan "
            "where it was, if any. The date falls within the plan and not while a child in need plan of "
            "the child is open (CIN census rule 4003), which follows from a CIN plan not running while "
            "the plan does; a review on the day the plan ended may meet a CIN plan starting that day."
        ),
        build=rules.new_plan_review,
        requirements=("SOS-CIN-008",),
    ),
    listing=Listing(
        summary="List a plan's reviews",
        description="The reviews of one child protection plan, a page at a time.",
    ),
    on_amend=rules.plan_review_changes,
    requirements={"amend": ["SOS-CIN-008"]},
)

RELATIONSHIP: RecordType[PersonRelationship] = RecordType(
    name="relationship",
    model=PersonRelationship,
    schemas=statutory_schemas,
    parent=Parent(CASE),
    effective_date=lambda r: r.from_date,
    summary=lambda r: (
        f"{r.relationship_type.replace('_', ' ').title()}"
        + (", with parental responsibility" if r.parental_responsibility else "")
    ),
    creating=Creating(
        summary="Record how an adult is related to a child",
        description=(
            "Records how one adult member of the case is related to one child member of it (father of one "
            "child, mother's partner to another) and whether they hold parental responsibility for that "
            "child, from a date and perhaps until a date. Consent and conference invitations can rest on "
            "it. (A case member's `relationship_to_children` is one word for all the children: use this.)"
        ),
        build=rules.new_relationship,
        requirements=("SOS-CASE-002", "SOS-REL-001"),
    ),
    listing=Listing(
        description=(
            "The case's relationships, a page at a time: for one child (`child_id`), one adult "
            "(`person_id`), in force on a date (`on`), and only those holding parental responsibility "
            "(`parental_responsibility=true`)."
        ),
        requirements=("SOS-LIST-001", "SOS-REL-002"),
        filters=RelationshipFilters,
        where=lambda filters: rules.relationship_filters(filters),
    ),
    on_amend=rules.relationship_changes,
    requirements={"amend": ["SOS-REL-001"]},
)

ALL = (
    EARLY_HELP_EPISODE,
    REFERRAL,
    SINGLE_ASSESSMENT,
    CIN_PLAN,
    STRATEGY_DISCUSSION,
    SECTION47,
    CONFERENCE,
    CP_PLAN,
    CP_PLAN_REVIEW,
    RELATIONSHIP,
)
