"""The rules of the looked-after and care-leaver records (no FastAPI).

Every record is about a child member of its case (SOS-CASE-002), and every write first locks the
child's row, because the rules read the child's other records (episodes above all) before writing.
Each record type has one check, run on the create and on the record as an amendment would leave it,
so an amendment cannot make a record break a rule its create would have refused. The SSDA903 rules of
episodes are in :mod:`service.care.episodes`; the grounds of moves into and out of care in
:mod:`service.care.grounds`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.care.episodes import check_own, check_sequence, live_episodes, lock_child, periods
from service.cases.rules import require_child_of_case
from service.kit.auth import Caller
from service.kit.dates import add_months, add_working_days, birthday, not_before
from service.kit.errors import refuse
from service.kit.records import ENTERED_IN_ERROR
from service.models import Case, Person
from service.models.assessment import ScaleRating
from service.models.care import LookedAfterReview

Check = Callable[[Session, uuid.UUID, uuid.UUID, dict[str, Any], "uuid.UUID | None"], None]
"""``check(session, case_id, child_id, values, own_id)``: refuses by raising."""

FIRST_REVIEW_WORKING_DAYS = 20
SECOND_REVIEW_MONTHS = 3
LATER_REVIEW_MONTHS = 6


def recording(model: Any, name: str) -> tuple[Callable[..., Any], Callable[..., Any]]:
    """The create (``build``) and the amendment hook (``on_amend``) of record type ``name``, with its
    check from :data:`CHECKS` (looked up on every call)."""

    def build(session: Session, _caller: Caller, case: Case, body: Any) -> Any:
        require_child_of_case(session, case.id, body.child_id, "/child_id")
        lock_child(session, body.child_id)
        data = body.model_dump()
        CHECKS[name](session, case.id, body.child_id, data, None)
        return {**data, "case_id": case.id}

    def changes(session: Session, _caller: Caller, record: Any, data: dict[str, Any]) -> dict[str, Any]:
        lock_child(session, record.child_id)
        values = {c.key: getattr(record, c.key) for c in record.__table__.columns} | data
        CHECKS[name](session, record.case_id, record.child_id, values, record.id)
        return data

    return build, changes


def _together(v: dict[str, Any], first: str, second: str, requirement: str, message: str) -> None:
    if (v.get(first) is None) != (v.get(second) is None):
        missing = first if v.get(first) is None else second
        raise refuse(
            f"/{missing}", f"{first} and {second} go together", "fields_go_together", requirement, message
        )


# --- episode ------------------------------------------------------------------------------------


def check_episode(
    session: Session, _case_id: uuid.UUID, child_id: uuid.UUID, v: dict[str, Any], own: uuid.UUID | None
) -> None:
    check_own(v)
    check_sequence(session, child_id, v, own)


# --- review -------------------------------------------------------------------------------------


def check_review(
    session: Session, case_id: uuid.UUID, child_id: uuid.UUID, v: dict[str, Any], _own: uuid.UUID | None
) -> None:
    for i, rating_id in enumerate(v.get("rating_ids") or []):
        rating = session.get(ScaleRating, uuid.UUID(str(rating_id)))
        if rating is None or rating.case_id != case_id or rating.status == ENTERED_IN_ERROR:
            raise refuse(
                f"/rating_ids/{i}",
                "not a rating of this case",
                "not_of_this_case",
                "SOS-LAC-001",
                "A looked-after review names only ratings of its own case.",
            )


def review_due(period_start: date, earlier: Sequence[date]) -> date:
    """When the next review of a period of care is due, after its ``earlier`` reviews (in order)."""
    if not earlier:
        return add_working_days(period_start, FIRST_REVIEW_WORKING_DAYS)
    return add_months(earlier[-1], SECOND_REVIEW_MONTHS if len(earlier) == 1 else LATER_REVIEW_MONTHS)


def review_timing(session: Session, records: Sequence[Any]) -> list[dict[str, Any]]:
    """Derived on read: whether each review was held in time in its period of care."""
    out = []
    for r in records:
        period = next(
            (p for p in periods(live_episodes(session, r.child_id)) if p.covers(r.review_date)), None
        )
        if period is None:
            out.append({"on_time": None})
            continue
        earlier = sorted(
            d
            for d in session.scalars(
                select(LookedAfterReview.review_date).where(
                    LookedAfterReview.child_id == r.child_id,
                    LookedAfterReview.status != ENTERED_IN_ERROR,
                    LookedAfterReview.id != r.id,
                    LookedAfterReview.review_date < r.review_date,
                    LookedAfterReview.review_date >= period.start,
                )
            )
        )
        out.append({"on_time": r.review_date <= review_due(period.start, earlier)})
    return out


# --- missing episode ----------------------------------------------------------------------------


def check_missing(
    session: Session, _case_id: uuid.UUID, child_id: uuid.UUID, v: dict[str, Any], _own: uuid.UUID | None
) -> None:
    not_before(v.get("end_date"), v["start_date"], "/end_date", "the start", "SOS-LAC-002")
    if v.get("return_interview_accepted") is not None and v.get("return_interview_offered") is not True:
        raise refuse(
            "/return_interview_accepted",
            "only when a return interview was offered",
            "interview_not_offered",
            "SOS-LAC-002",
            "Whether a return interview was accepted is recorded only when one was offered.",
        )


# --- permanence decision ------------------------------------------------------------------------

ADOPTION_PLANS = frozenset({"ADOPTION", "FFA_CONCURRENT"})
ADOPTION_FIELDS = (
    "adoption_best_interests_on",
    "adoption_matched_on",
    "adopted_by_foster_carers",
    "adopter_count",
    "adopter_sexes",
    "adopter_legal_status",
    "placed_for_adoption_on",
)
SINGLE = {"adopter_sexes": ("M1", "F1"), "adopter_legal_status": ("L0",)}


def check_permanence(
    _session: Session, _case_id: uuid.UUID, _child_id: uuid.UUID, v: dict[str, Any], _own: uuid.UUID | None
) -> None:
    if v["plan"] not in ADOPTION_PLANS:
        for name in ADOPTION_FIELDS:
            if v.get(name) is not None:
                raise refuse(
                    f"/{name}",
                    "only with an adoption plan (ADOPTION or FFA_CONCURRENT)",
                    "adoption_fields_without_plan",
                    "SOS-LAC-003",
                    "Adoption milestones and adopters are recorded on a decision whose plan is adoption.",
                )
    not_before(
        v.get("adoption_matched_on"),
        v.get("adoption_best_interests_on"),
        "/adoption_matched_on",
        "the best-interests decision",
        "SOS-LAC-003",
    )
    _together(
        v,
        "placed_for_adoption_ceased_on",
        "placed_for_adoption_ceased_reason",
        "SOS-LAC-003",
        "A decision to place for adoption ends with both its date and its reason.",
    )
    not_before(
        v.get("placed_for_adoption_ceased_on"),
        v.get("placed_for_adoption_on"),
        "/placed_for_adoption_ceased_on",
        "the decision to place for adoption",
        "SOS-LAC-003",
    )
    for name, single_codes in SINGLE.items():
        code, count = v.get(name), v.get("adopter_count")
        if code is not None and count is not None and (code in single_codes) != (count == 1):
            raise refuse(
                f"/{name}",
                f"does not agree with adopter_count {count}",
                "adopters_disagree",
                "SOS-LAC-003",
                "The adopters' sex and legal status agree with how many adopters there are.",
            )
    if v.get("previous_permanence_on") is not None and v.get("previous_permanence") in (None, "Z1"):
        raise refuse(
            "/previous_permanence_on",
            "only with a previous permanence order (P1 to P4)",
            "previous_permanence_date",
            "SOS-LAC-003",
            "The date of a previous permanence order is recorded only with that order.",
        )


# --- pathway plan, care-leaver contact, UASC ----------------------------------------------------


def check_pathway_plan(
    _session: Session, _case_id: uuid.UUID, _child_id: uuid.UUID, v: dict[str, Any], _own: uuid.UUID | None
) -> None:
    not_before(v.get("end_date"), v["start_date"], "/end_date", "the plan's start", "SOS-LAC-004")
    dates = [date.fromisoformat(str(d)) for d in v.get("review_dates") or []]
    for i, day in enumerate(dates):
        not_before(
            day,
            v["start_date"] if i == 0 else dates[i - 1],
            f"/review_dates/{i}",
            "the plan's start" if i == 0 else "the review before",
            "SOS-LAC-004",
        )
        if v.get("end_date") is not None and day > v["end_date"]:
            raise refuse(
                f"/review_dates/{i}",
                f"after the plan ended ({v['end_date']})",
                "date_out_of_order",
                "SOS-LAC-004",
                "A pathway plan is reviewed between its start and its end.",
            )


def check_contact(
    _session: Session, _case_id: uuid.UUID, _child_id: uuid.UUID, v: dict[str, Any], _own: uuid.UUID | None
) -> None:
    in_touch = v["in_touch"] == "YES"
    for name in ("activity", "accommodation"):
        if (v.get(name) is not None) != in_touch:
            raise refuse(
                f"/{name}",
                "required when in touch (YES), left out otherwise",
                "contact_incomplete" if in_touch else "contact_not_in_touch",
                "SOS-LAC-005",
                "A contact in touch with the young person (YES) records their activity and accommodation; "
                "any other answer records neither (SSDA903 OC3).",
            )


def check_uasc(
    session: Session, _case_id: uuid.UUID, child_id: uuid.UUID, v: dict[str, Any], _own: uuid.UUID | None
) -> None:
    not_before(v.get("ceased_on"), v["start_date"], "/ceased_on", "the start", "SOS-LAC-006")
    child = session.get(Person, child_id)
    born = child.date_of_birth if child is not None else None
    if born is not None and v.get("ceased_on") is not None and v["ceased_on"] > birthday(born, 18):
        raise refuse(
            "/ceased_on",
            f"after the child's 18th birthday ({birthday(born, 18)})",
            "uasc_after_eighteen",
            "SOS-LAC-006",
            "UASC status ceases on or before the child's 18th birthday.",
        )


def check_health_outcome(
    _session: Session, _case_id: uuid.UUID, _child_id: uuid.UUID, v: dict[str, Any], _own: uuid.UUID | None
) -> None:
    year_ending = v["year_ending"]
    if (year_ending.month, year_ending.day) != (3, 31):
        raise refuse(
            "/year_ending",
            "a 31 March",
            "outcomes_year_ending",
            "SOS-RET-006",
            "Outcomes are for the year to a 31 March, the SSDA903 year end.",
        )
    if v.get("sdq_score") is not None and v.get("sdq_reason") is not None:
        raise refuse(
            "/sdq_reason",
            "left out when there is a score",
            "sdq_reason_with_score",
            "SOS-RET-006",
            "A reason for no SDQ score is recorded only when there is no score (OC2).",
        )
    misuse = v.get("substance_misuse") is True
    received = v.get("intervention_received")
    if (received is not None) != misuse:
        raise refuse(
            "/intervention_received",
            "recorded with a substance misuse problem, left out otherwise",
            "intervention_without_misuse" if received is not None else "intervention_received_missing",
            "SOS-RET-006",
            "Whether an intervention was received is recorded exactly when a substance misuse problem was "
            "identified (OC2).",
        )
    offered = v.get("intervention_offered")
    if (offered is not None) != (misuse and received is False):
        raise refuse(
            "/intervention_offered",
            "recorded only when no intervention was received",
            "intervention_offered_mismatch",
            "SOS-RET-006",
            "Whether an intervention was offered is recorded only when one was not received (OC2).",
        )


def check_mother_status(
    session: Session, _case_id: uuid.UUID, child_id: uuid.UUID, v: dict[str, Any], _own: uuid.UUID | None
) -> None:
    born = v.get("child_born_on")
    if (born is not None) != bool(v["is_mother"]):
        raise refuse(
            "/child_born_on",
            "given when she is a mother, left out otherwise",
            "mother_child_birth",
            "SOS-RET-007",
            "A mother's child's date of birth is recorded, and only a mother's (SSDA903 MC_DOB).",
        )
    if born is not None and born > v["recorded_on"]:
        raise refuse(
            "/child_born_on",
            f"on or before the date recorded ({v['recorded_on']})",
            "date_out_of_order",
            "SOS-RET-007",
            "A child's date of birth is not after the date it was recorded.",
        )
    young_woman = session.get(Person, child_id)
    dob = young_woman.date_of_birth if young_woman is not None else None
    if born is not None and dob is not None and born < birthday(dob, 11):
        raise refuse(
            "/child_born_on",
            f"on or after her 11th birthday ({birthday(dob, 11)})",
            "date_out_of_order",
            "SOS-RET-007",
            "A mother's child is born after her 11th birthday.",
        )


CHECKS: dict[str, Check] = {
    "lac_episode": check_episode,
    "lac_review": check_review,
    "missing_episode": check_missing,
    "permanence_decision": check_permanence,
    "pathway_plan": check_pathway_plan,
    "care_leaver_contact": check_contact,
    "uasc_status": check_uasc,
    "health_outcome": check_health_outcome,
    "mother_status": check_mother_status,
}
"""The one check of each record type, by its name."""
