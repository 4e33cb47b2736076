"""The statutory record types, from the front door to child protection, and relationships.

Each is listed and created under its case (``/v1/cases/{case_id}/referrals``, ...) with a required
``child_id``, and lives at its own path (``/v1/referrals/{referral_id}``, ...); a child protection
plan's reviews are listed and created under the plan.
"""

from __future__ import annotations

from typing import Any

from service.cases.kinds import CASE
from service.kit.records import Creating, Listing, Parent, RecordType
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
from service.statutory.schemas import (
    ChildFilter,
    CinPlanAmend,
    CinPlanCreate,
    CinPlanRead,
    ConferenceAmend,
    ConferenceCreate,
    ConferenceRead,
    CpPlanAmend,
    CpPlanCreate,
    CpPlanRead,
    CpPlanReviewAmend,
    CpPlanReviewCreate,
    CpPlanReviewRead,
    EarlyHelpEpisodeAmend,
    EarlyHelpEpisodeCreate,
    EarlyHelpEpisodeRead,
    ReferralAmend,
    ReferralCreate,
    ReferralRead,
    RelationshipAmend,
    RelationshipCreate,
    RelationshipFilters,
    RelationshipRead,
    Section47Amend,
    Section47Create,
    Section47Read,
    SingleAssessmentAmend,
    SingleAssessmentCreate,
    SingleAssessmentRead,
    StrategyDiscussionAmend,
    StrategyDiscussionCreate,
    StrategyDiscussionRead,
)

ON_REFERRAL = ("SOS-CASE-002", "SOS-CIN-002")


def _listing(label: str, model: Any, *requirements: str) -> Listing:
    return Listing(
        summary=f"List a case's {label}",
        description=f"The case's {label}, every child's or one child's (`child_id`), a page at a time.",
        requirements=("SOS-LIST-001", *requirements),
        filters=ChildFilter,
        where=rules.child_filter(model),
    )


EARLY_HELP_EPISODE: RecordType[EarlyHelpEpisode] = RecordType(
    name="early_help_episode",
    model=EarlyHelpEpisode,
    read_schema=EarlyHelpEpisodeRead,
    amend_schema=EarlyHelpEpisodeAmend,
    parent=Parent(CASE, segment="early-help-episodes"),
    effective_date=lambda r: r.ended_on or r.assessment_started_on,
    summary=lambda r: (
        f"Early help assessment by {r.completing_organisation}"
        + (f", ended ({r.outcome.replace('_', ' ').lower()})" if r.outcome else "")
    ),
    creating=Creating(
        schema=EarlyHelpEpisodeCreate,
        summary="Record an early help episode",
        description=(
            "Records a child's early help assessment (start, completion, the organisation completing it, "
            "the lead professional), consent to share information with its date and who gave it (a member "
            "of the case), and, when it ends, its outcome. The read says whether the person who consented "
            "held parental responsibility for the child on that date, from the case's relationships."
        ),
        build=rules.new_early_help,
        requirements=("SOS-CASE-002", "SOS-EH-001", "SOS-EH-002"),
    ),
    listing=_listing("early help episodes", EarlyHelpEpisode),
    derive=rules.early_help_reads,
    on_amend=rules.early_help_changes,
    requirements={"amend": ["SOS-EH-001", "SOS-EH-002"], "get": ["SOS-EH-002"]},
)

REFERRAL: RecordType[Referral] = RecordType(
    name="referral",
    model=Referral,
    read_schema=ReferralRead,
    amend_schema=ReferralAmend,
    parent=Parent(CASE, segment="referrals"),
    effective_date=lambda r: r.closure_date or r.referral_date,
    summary=lambda r: (
        f"Referral (source {r.source})"
        + (f", closed {r.closure_reason}" if r.closure_reason else "")
        + (", no further action" if r.no_further_action else "")
    ),
    creating=Creating(
        schema=ReferralCreate,
        summary="Record a referral",
        description=(
            "Records a referral of a child of the case to children's social care (the CIN census "
            "CINdetails): its date, source and primary need, whether it led to no further action, and when "
            "and why it closed. A move into child in need from the front door or early help rests on an "
            "open referral (SOS-STAGE-005)."
        ),
        build=rules.new_referral,
        requirements=("SOS-CASE-002", "SOS-CIN-001"),
    ),
    listing=_listing("referrals", Referral),
    on_amend=rules.referral_changes,
    requirements={"amend": ["SOS-CIN-001"]},
)

SINGLE_ASSESSMENT: RecordType[SingleAssessment] = RecordType(
    name="single_assessment",
    model=SingleAssessment,
    read_schema=SingleAssessmentRead,
    amend_schema=SingleAssessmentAmend,
    parent=Parent(CASE, segment="single-assessments"),
    effective_date=lambda r: r.authorised_on or r.started_on,
    summary=lambda r: "Single assessment" + (f", factors {', '.join(r.factors)}" if r.factors else ""),
    creating=Creating(
        schema=SingleAssessmentCreate,
        summary="Record a single assessment",
        description=(
            "Records a child and family assessment on one of the child's referrals: its start, internal "
            "review and authorisation dates and the factors it found (CIN census codes; a retired code is "
            "refused)."
        ),
        build=rules.new_single_assessment,
        requirements=(*ON_REFERRAL, "SOS-CIN-003", "SOS-REF-002"),
    ),
    listing=_listing("single assessments", SingleAssessment),
    on_amend=rules.single_assessment_changes,
    requirements={"amend": ["SOS-CIN-002", "SOS-CIN-003", "SOS-REF-002"]},
)

CIN_PLAN: RecordType[CinPlan] = RecordType(
    name="cin_plan",
    label="child in need plan",
    model=CinPlan,
    read_schema=CinPlanRead,
    amend_schema=CinPlanAmend,
    parent=Parent(CASE, segment="cin-plans"),
    effective_date=lambda r: r.end_date or r.start_date,
    summary=lambda r: "Child in need plan" + (" ended" if r.end_date else " started"),
    creating=Creating(
        schema=CinPlanCreate,
        summary="Record a child in need plan",
        description="Records a child in need plan on one of the child's referrals: its start and end.",
        build=rules.new_cin_plan,
        requirements=(*ON_REFERRAL, "SOS-CIN-004"),
    ),
    listing=_listing("child in need plans", CinPlan),
    on_amend=rules.cin_plan_changes,
    requirements={"amend": ["SOS-CIN-002", "SOS-CIN-004"]},
)

STRATEGY_DISCUSSION: RecordType[StrategyDiscussion] = RecordType(
    name="strategy_discussion",
    model=StrategyDiscussion,
    read_schema=StrategyDiscussionRead,
    amend_schema=StrategyDiscussionAmend,
    parent=Parent(CASE, segment="strategy-discussions"),
    effective_date=lambda r: r.held_on,
    summary=lambda r: (
        f"Strategy discussion ({', '.join(r.agencies)}): {r.decision.replace('_', ' ').lower()}"
    ),
    creating=Creating(
        schema=StrategyDiscussionCreate,
        summary="Record a strategy discussion",
        description=(
            "Records a strategy discussion on one of the child's referrals: when, which agencies took part "
            "and what it decided. A section 47 enquiry names the discussion that started it, and its "
            "initial conference target date counts from the discussion's date."
        ),
        build=rules.new_strategy_discussion,
        requirements=ON_REFERRAL,
    ),
    listing=_listing("strategy discussions", StrategyDiscussion),
    on_amend=rules.strategy_discussion_changes,
    requirements={"amend": ["SOS-CIN-002"]},
)

SECTION47: RecordType[Section47Enquiry] = RecordType(
    name="section47_enquiry",
    label="section 47 enquiry",
    model=Section47Enquiry,
    plural="section47_enquiries",
    read_schema=Section47Read,
    amend_schema=Section47Amend,
    parent=Parent(CASE, segment="section47-enquiries"),
    effective_date=lambda r: r.started_on,
    summary=lambda r: (
        "Section 47 enquiry" + (f": {r.outcome.replace('_', ' ').lower()}" if r.outcome else " started")
    ),
    creating=Creating(
        schema=Section47Create,
        summary="Record a section 47 enquiry",
        description=(
            "Records a section 47 enquiry on one of the child's referrals, started by a strategy discussion "
            "on the same referral: its start, whether an initial conference is not required, and its "
            "outcome. The initial conference target date is worked out (the discussion's date plus 15 "
            "working days, England bank holidays left out) and shown on every read; leave it out of the "
            "body (a date that disagrees is refused)."
        ),
        build=rules.new_section47,
        requirements=(*ON_REFERRAL, "SOS-CIN-005"),
    ),
    listing=_listing("section 47 enquiries", Section47Enquiry),
    derive=rules.section47_reads,
    on_amend=rules.section47_changes,
    requirements={"amend": ["SOS-CIN-005"], "get": ["SOS-CIN-005"]},
)

CONFERENCE: RecordType[ChildProtectionConference] = RecordType(
    name="cp_conference",
    label="child protection conference",
    model=ChildProtectionConference,
    read_schema=ConferenceRead,
    amend_schema=ConferenceAmend,
    parent=Parent(CASE, segment="cp-conferences"),
    effective_date=lambda r: r.held_on,
    summary=lambda r: (
        f"{r.conference_type.replace('_', ' ').title()} child protection conference: "
        f"{r.outcome.replace('_', ' ').lower()}"
    ),
    creating=Creating(
        schema=ConferenceCreate,
        summary="Record a child protection conference",
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
        requirements=("SOS-CASE-002", "SOS-CIN-006", "SOS-MAP-003"),
    ),
    listing=_listing("child protection conferences", ChildProtectionConference),
    on_amend=rules.conference_changes,
    requirements={"amend": ["SOS-CIN-006", "SOS-MAP-003"]},
)

CP_PLAN: RecordType[ChildProtectionPlan] = RecordType(
    name="cp_plan",
    label="child protection plan",
    model=ChildProtectionPlan,
    read_schema=CpPlanRead,
    amend_schema=CpPlanAmend,
    parent=Parent(CASE, segment="cp-plans"),
    effective_date=lambda r: r.end_date or r.start_date,
    summary=lambda r: f"Child protection plan ({r.latest_category})" + (" ended" if r.end_date else ""),
    creating=Creating(
        schema=CpPlanCreate,
        summary="Record a child protection plan",
        description=(
            "Records a child protection plan started by an initial (or transfer-in) conference of the "
            "child with outcome PLAN_STARTED, on one of the child's referrals and not before it: its start "
            "and end, its initial and latest category (CIN census codes) and the case's safety plan at its "
            "core. The number of previous plans is worked out from the child's earlier plans and shown on "
            "every read."
        ),
        build=rules.new_cp_plan,
        requirements=(*ON_REFERRAL, "SOS-CIN-007"),
    ),
    listing=_listing("child protection plans", ChildProtectionPlan),
    derive=rules.cp_plan_reads,
    on_amend=rules.cp_plan_changes,
    requirements={"amend": ["SOS-CIN-007"], "get": ["SOS-CIN-007"]},
)

CP_PLAN_REVIEW: RecordType[ChildProtectionPlanReview] = RecordType(
    name="cp_plan_review",
    label="child protection plan review",
    model=ChildProtectionPlanReview,
    read_schema=CpPlanReviewRead,
    amend_schema=CpPlanReviewAmend,
    parent=Parent(CP_PLAN, segment="reviews"),
    effective_date=lambda r: r.review_date,
    summary=lambda r: "Child protection plan reviewed",
    creating=Creating(
        schema=CpPlanReviewCreate,
        summary="Record a review of a child protection plan",
        description=(
            "Records the date a child protection plan was reviewed, and the review conference of the plan "
            "where it was, if any. The date falls within the plan and not while a child in need plan of "
            "the child is open (CIN census rule 4003)."
        ),
        build=rules.new_plan_review,
        requirements=("SOS-CIN-008",),
    ),
    listing=Listing(
        summary="List a plan's reviews",
        description="The reviews of one child protection plan, a page at a time.",
        requirements=("SOS-LIST-001",),
    ),
    on_amend=rules.plan_review_changes,
    requirements={"amend": ["SOS-CIN-008"]},
)

RELATIONSHIP: RecordType[PersonRelationship] = RecordType(
    name="relationship",
    model=PersonRelationship,
    read_schema=RelationshipRead,
    amend_schema=RelationshipAmend,
    parent=Parent(CASE, segment="relationships"),
    effective_date=lambda r: r.from_date,
    summary=lambda r: (
        f"{r.relationship_type.replace('_', ' ').title()}"
        + (", with parental responsibility" if r.parental_responsibility else "")
    ),
    creating=Creating(
        schema=RelationshipCreate,
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
        summary="List a case's relationships",
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
