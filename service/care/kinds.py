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
from service.care import schemas as care_schemas
from service.care.episodes import only_the_last, period_starts
from service.kit.records import Creating, RecordType
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
from service.statutory.kinds import child_record
from service.statutory.rules import MOVES_STAY_GROUNDED


def _care_record(
    name: str,
    model: Any,
    requirement: str,
    *,
    description: str,
    get_requirements: tuple[str, ...] = (),
    before_entered_in_error: Any = None,
    **declared: Any,
) -> RecordType[Any]:
    """One record type of a child in a case (:func:`child_record`), created and amended under its one
    check (``requirement``, :data:`rules.CHECKS`)."""
    build, on_amend = rules.recording(model, name)
    return child_record(
        name,
        model,
        schemas=care_schemas,
        creating=Creating(description=description, build=build, requirements=("SOS-CASE-002", requirement)),
        before_entered_in_error=before_entered_in_error,
        on_amend=on_amend,
        requirements={
            "amend": [requirement],
            **({"get": list(get_requirements)} if get_requirements else {}),
            **({"entered_in_error": ["SOS-903-002"]} if before_entered_in_error else {}),
        },
        **declared,
    )


LAC_EPISODE = _care_record(
    "lac_episode",
    LookedAfterEpisode,
    "SOS-903-001",
    label="looked-after episode",
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
    kept=MOVES_STAY_GROUNDED,
)

LAC_REVIEW = _care_record(
    "lac_review",
    LookedAfterReview,
    "SOS-LAC-001",
    label="looked-after review",
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
    "missing_episode",
    MissingEpisode,
    "SOS-LAC-002",
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
    "permanence_decision",
    PermanenceDecision,
    "SOS-LAC-003",
    effective_date=lambda r: r.decided_on,
    summary=lambda r: f"Permanence plan: {r.plan.replace('_', ' ').lower()}",
    description=(
        "Records a decision on how a looked-after child will find a permanent home: the plan, its date "
        "and who made it; for adoption the milestones and the adopters (SSDA903 AD1 and PlacedAdoption), "
        "and the child's previous permanence order, if any (PrevPerm)."
    ),
)

PATHWAY_PLAN = _care_record(
    "pathway_plan",
    PathwayPlan,
    "SOS-LAC-004",
    effective_date=lambda r: r.end_date or r.start_date,
    summary=lambda r: f"Pathway plan, personal adviser {r.personal_adviser}",
    description=(
        "Records a care leaver's pathway plan: its start, the dates it was reviewed, the personal "
        "adviser, and its end."
    ),
)

CARE_LEAVER_CONTACT = _care_record(
    "care_leaver_contact",
    CareLeaverContact,
    "SOS-LAC-005",
    label="care-leaver contact",
    effective_date=lambda r: r.contact_date,
    summary=lambda r: f"Care-leaver contact (in touch: {r.in_touch})",
    description=(
        "Records a contact with a care leaver (SSDA903 OC3): whether the authority is in touch and, "
        "when it is, what the young person is doing and where they live."
    ),
)

UASC_STATUS = _care_record(
    "uasc_status",
    UascStatus,
    "SOS-LAC-006",
    label="UASC status",
    effective_date=lambda r: r.ceased_on or r.start_date,
    summary=lambda r: "Unaccompanied asylum-seeking child" + (", ceased" if r.ceased_on else ""),
    description=(
        "Records that a child is an unaccompanied asylum-seeking child, from when, and the date that "
        "ceased (SSDA903 UASC), on or before the child's 18th birthday."
    ),
)

HEALTH_OUTCOME = _care_record(
    "health_outcome",
    HealthOutcome,
    "SOS-RET-006",
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
    "mother_status",
    MotherStatus,
    "SOS-RET-007",
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
