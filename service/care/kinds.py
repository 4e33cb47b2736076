"""The looked-after and care-leaver record types.

Each is listed and created under its case (``/v1/cases/{case_id}/lac-episodes``, ...) with a required
``child_id``, and lives at its own path (``/v1/lac-episodes/{lac_episode_id}``, ...).
"""

from __future__ import annotations

from typing import Any

from service.care import (
    grounds,  # noqa: F401  (registers the grounds of moves into and out of care)
    rules,
)
from service.care.episodes import only_the_last, period_starts
from service.care.schemas import (
    CareLeaverContactAmend,
    CareLeaverContactCreate,
    CareLeaverContactRead,
    HealthOutcomeAmend,
    HealthOutcomeCreate,
    HealthOutcomeRead,
    LacEpisodeAmend,
    LacEpisodeCreate,
    LacEpisodeRead,
    LacReviewAmend,
    LacReviewCreate,
    LacReviewRead,
    MissingEpisodeAmend,
    MissingEpisodeCreate,
    MissingEpisodeRead,
    MotherStatusAmend,
    MotherStatusCreate,
    MotherStatusRead,
    PathwayPlanAmend,
    PathwayPlanCreate,
    PathwayPlanRead,
    PermanenceDecisionAmend,
    PermanenceDecisionCreate,
    PermanenceDecisionRead,
    UascStatusAmend,
    UascStatusCreate,
    UascStatusRead,
)
from service.cases.kinds import CASE
from service.kit.records import Creating, Listing, Parent, RecordType, Subject
from service.models.care import (
    CareLeaverContact,
    HealthOutcome,
    LookedAfterEpisode,
    LookedAfterReview,
    MissingEpisode,
    MotherStatus,
    PathwayPlan,
    PermanenceDecision,
    UascStatus,
)
from service.statutory.rules import child_filter
from service.statutory.schemas import ChildFilter

TAG = "care"


def _child(record: Any) -> Subject:
    return Subject(case_id=record.case_id, child_id=record.child_id)


def _care_record(
    *,
    name: str,
    label: str,
    model: Any,
    schemas: tuple[Any, Any, Any],
    requirement: str,
    effective_date: Any,
    summary: Any,
    description: str,
    plural: str = "",
    derive: Any = None,
    get_requirements: tuple[str, ...] = (),
    before_entered_in_error: Any = None,
) -> RecordType[Any]:
    """One record type of a child in a case, listed and created under the case, with its one check."""
    create_schema, amend_schema, read_schema = schemas
    build, on_amend = rules.recording(model, name)
    plural = plural or f"{name}s"
    words = label + ("es" if label.endswith("s") else "s")
    record: RecordType[Any] = RecordType(
        name=name,
        label=label,
        plural=plural,
        model=model,
        read_schema=read_schema,
        amend_schema=amend_schema,
        tag=TAG,
        parent=Parent(CASE, "case_id", plural.replace("_", "-")),
        subject=_child,
        effective_date=effective_date,
        summary=summary,
        creating=Creating(
            schema=create_schema,
            summary=f"Record a {label}",
            description=description,
            build=build,
            requirements=("SOS-CASE-002", requirement),
        ),
        listing=Listing(
            summary=f"List a case's {words}",
            description=f"The case's {words}, every child's or one child's (`child_id`), a page at a time.",
            requirements=("SOS-LIST-001",),
            filters=ChildFilter,
            where=child_filter(model),
        ),
        derive=derive,
        before_entered_in_error=before_entered_in_error,
        on_amend=on_amend,
        requirements={
            "amend": [requirement],
            **({"get": list(get_requirements)} if get_requirements else {}),
            **({"entered_in_error": ["SOS-903-002"]} if before_entered_in_error else {}),
        },
    )
    return record


LAC_EPISODE = _care_record(
    name="lac_episode",
    label="looked-after episode",
    model=LookedAfterEpisode,
    schemas=(LacEpisodeCreate, LacEpisodeAmend, LacEpisodeRead),
    requirement="SOS-903-001",
    effective_date=lambda r: r.end_date or r.start_date,
    summary=lambda r: (
        f"Looked-after episode ({r.reason_new_episode}, {r.legal_status}, {r.placement_type})"
        + (f", ceased {r.reason_ceased}" if r.reason_ceased else "")
    ),
    description=(
        "Records one SSDA903 episode of a looked-after child: when it began and why (reason for new "
        "episode), the legal status, category of need, placement type and provider, the home and "
        "placement postcodes and the placement's URN, and when it ends, why it ceased and why the "
        "placement changed. A new episode begins whenever the legal status or the placement changes; "
        "the episodes of a period of care join without gaps (the one before ends with X1 the same day) "
        "and the first has reason S. Combinations the return rejects are refused naming the rule "
        "(SOS-903-001 to SOS-903-005). A move into care rests on an episode with reason S (SOS-STAGE-008)."
    ),
    derive=period_starts,
    get_requirements=("SOS-903-001",),
    before_entered_in_error=only_the_last,
)

LAC_REVIEW = _care_record(
    name="lac_review",
    label="looked-after review",
    model=LookedAfterReview,
    schemas=(LacReviewCreate, LacReviewAmend, LacReviewRead),
    requirement="SOS-LAC-001",
    effective_date=lambda r: r.review_date,
    summary=lambda r: f"Looked-after review ({r.participation})",
    description=(
        "Records a looked-after review chaired by an independent reviewing officer: its date, how the "
        "child took part (SSDA903 REVIEW_CODE), what was decided and the scale ratings given there. It "
        "falls within a period of care of the child. The read says whether it was held in time."
    ),
    derive=rules.review_timing,
    get_requirements=("SOS-LAC-001",),
)

MISSING_EPISODE = _care_record(
    name="missing_episode",
    label="missing episode",
    model=MissingEpisode,
    schemas=(MissingEpisodeCreate, MissingEpisodeAmend, MissingEpisodeRead),
    requirement="SOS-LAC-002",
    effective_date=lambda r: r.end_date or r.start_date,
    summary=lambda r: (
        ("Missing from care" if r.missing_type == "M" else "Away without authorisation")
        + (", returned" if r.end_date else "")
    ),
    description=(
        "Records a time a looked-after child was missing (whereabouts unknown, M) or away from the "
        "placement without authorisation (A): when it began and ended, and whether a return interview "
        "was offered and accepted."
    ),
)

PERMANENCE_DECISION = _care_record(
    name="permanence_decision",
    label="permanence decision",
    model=PermanenceDecision,
    schemas=(PermanenceDecisionCreate, PermanenceDecisionAmend, PermanenceDecisionRead),
    requirement="SOS-LAC-003",
    effective_date=lambda r: r.decided_on,
    summary=lambda r: f"Permanence plan: {r.plan.replace('_', ' ').lower()}",
    description=(
        "Records a decision on how a looked-after child will find a permanent home: the plan, its date "
        "and who made it; for adoption the milestones and the adopters (SSDA903 AD1 and PlacedAdoption), "
        "and the child's previous permanence order, if any (PrevPerm)."
    ),
)

PATHWAY_PLAN = _care_record(
    name="pathway_plan",
    label="pathway plan",
    model=PathwayPlan,
    schemas=(PathwayPlanCreate, PathwayPlanAmend, PathwayPlanRead),
    requirement="SOS-LAC-004",
    effective_date=lambda r: r.end_date or r.start_date,
    summary=lambda r: f"Pathway plan, personal adviser {r.personal_adviser}",
    description=(
        "Records a care leaver's pathway plan: its start, the dates it was reviewed, the personal "
        "adviser, and its end."
    ),
)

CARE_LEAVER_CONTACT = _care_record(
    name="care_leaver_contact",
    label="care-leaver contact",
    model=CareLeaverContact,
    schemas=(CareLeaverContactCreate, CareLeaverContactAmend, CareLeaverContactRead),
    requirement="SOS-LAC-005",
    effective_date=lambda r: r.contact_date,
    summary=lambda r: f"Care-leaver contact (in touch: {r.in_touch})",
    description=(
        "Records a contact with a care leaver (SSDA903 OC3): whether the authority is in touch and, "
        "when it is, what the young person is doing and where they live."
    ),
)

UASC_STATUS = _care_record(
    name="uasc_status",
    label="UASC status",
    plural="uasc_statuses",
    model=UascStatus,
    schemas=(UascStatusCreate, UascStatusAmend, UascStatusRead),
    requirement="SOS-LAC-006",
    effective_date=lambda r: r.ceased_on or r.start_date,
    summary=lambda r: "Unaccompanied asylum-seeking child" + (", ceased" if r.ceased_on else ""),
    description=(
        "Records that a child is an unaccompanied asylum-seeking child, from when, and the date that "
        "ceased (SSDA903 UASC), on or before the child's 18th birthday."
    ),
)

HEALTH_OUTCOME = _care_record(
    name="health_outcome",
    label="health outcome",
    model=HealthOutcome,
    schemas=(HealthOutcomeCreate, HealthOutcomeAmend, HealthOutcomeRead),
    requirement="SOS-RET-006",
    effective_date=lambda r: r.year_ending,
    summary=lambda r: f"Health and offending outcomes for the year to {r.year_ending}",
    description=(
        "Records a looked-after child's outcomes for the year to a 31 March (SSDA903 OC2), for a child "
        "looked after for twelve months or more at that date: development checks (under 5), "
        "immunisations, dental check, annual health assessment, the strengths and difficulties "
        "questionnaire score or why there is none (aged 4 to 16), convictions (aged 10 or over), and "
        "substance misuse with any intervention received or offered."
    ),
)

MOTHER_STATUS = _care_record(
    name="mother_status",
    label="mother status",
    plural="mother_statuses",
    model=MotherStatus,
    schemas=(MotherStatusCreate, MotherStatusAmend, MotherStatusRead),
    requirement="SOS-RET-007",
    effective_date=lambda r: r.recorded_on,
    summary=lambda r: "A mother" if r.is_mother else "Not a mother",
    description=(
        "Records whether a looked-after young woman is a mother (SSDA903 MOTHER) and, when she is, her "
        "child's date of birth (MC_DOB). The return sends the latest recorded by its census date."
    ),
)

ALL = (
    LAC_EPISODE,
    LAC_REVIEW,
    MISSING_EPISODE,
    PERMANENCE_DECISION,
    PATHWAY_PLAN,
    CARE_LEAVER_CONTACT,
    UASC_STATUS,
    HEALTH_OUTCOME,
    MOTHER_STATUS,
)
