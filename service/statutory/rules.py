"""The rules of the statutory records and relationships (no FastAPI), and what a stage move must rest on.

* Every record is about a child member of its case (SOS-CASE-002); records that hang off a referral
  name a referral of the same case and child and are not dated before it (SOS-CIN-002).
* CIN census consistency (domain.md 8.5 rule 10): a plan does not start before its referral; a
  conference is not held before its section 47 enquiry started; the initial conference target date
  is the strategy discussion's date plus 15 working days, England bank holidays left out (worked
  out, never typed: a given date that disagrees is refused); categories come from the list; a
  CIN plan does not run while a child protection plan does (validator rules 4016, 4017 and 4001),
  so no plan review falls inside an open CIN plan (rule 4003); a CIN plan may start on the day a
  plan ended, the step down at the review that ends it.
* A conference that starts a plan needs the case's map (SOS-MAP-003, domain.md rule 5): the check
  moved here from the move into CP, with ``override_reason`` on the conference.
* **Moves are checked against the events, not recorded by them** (domain.md rule 9): a stage
  transition stays the one way a child's stage changes, and a move that needs an event names it in
  ``grounds`` (:func:`check_grounds`, registered with the stage rules): into CIN from the front door
  or early help an open referral; from CIN into CP an initial conference that started a plan, with
  its plan; from CP back to CIN the plan, ended.

Each create has a ``new_*`` build and each amend a ``*_changes`` hook: both run the same checker on
the record's values as they would be, so an amendment cannot make a record break a rule its create
would have refused.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

from sqlalchemy import false as sql_false
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.assessment.rules import cp_map_missing
from service.cases.rules import members_of, require_child_of_case
from service.kit.auth import Caller
from service.kit.dates import add_working_days, not_before
from service.kit.errors import Conflict, RuleViolation, field_error, refuse
from service.kit.records import ENTERED_IN_ERROR, Kept
from service.models import Case, Person
from service.models.assessment import AssessmentMap, DangerStatement, ScaleRating
from service.models.planning import SafetyPlan
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
from service.people.death import check_not_after_death, locked_child
from service.people.kinds import BIRTH_DATE_RULES
from service.stages.moves import Move
from service.stages.rules import MOVE_CHECKS, transitions_of

ICPC_WORKING_DAYS = 15
NO_FACTORS = "21"
SATURDAY = 5
"""``date.weekday()`` of a Saturday (Sunday is 6)."""
FORTY_WEEKS = timedelta(days=280)
"""How long before the birth a referral may be dated (CIN census rule 8606)."""
STARTS_A_PLAN = ("INITIAL", "TRANSFER_IN")


def _values(record: Any, data: dict[str, Any]) -> dict[str, Any]:
    """A record's fields as they would be after an amendment (the record's own, then the changes)."""
    names = {c.key for c in record.__table__.columns}
    return {**{name: getattr(record, name) for name in names}, **data}


def checked_in_case(
    model: Any, check: Callable[[Session, uuid.UUID, dict[str, Any]], None]
) -> tuple[Callable[..., Any], Callable[..., dict[str, Any]]]:
    """The create (``build``) and amendment hook (``on_amend``) of a record about a child of the case
    whose rules are one ``check(session, case_id, values)``, on the body as sent and on the record as
    amended. Give ``check`` as a lambda calling this module's check, so the check is looked up on
    every call (the conformance suite's broken variants replace it)."""

    def build(session: Session, _caller: Caller, case: Case, body: Any) -> Any:
        require_child_of_case(session, case.id, body.child_id, "/child_id")
        data = body.model_dump()
        check(session, case.id, data)
        return model(case_id=case.id, **data)

    def changes(session: Session, _caller: Caller, record: Any, data: dict[str, Any]) -> dict[str, Any]:
        check(session, record.case_id, _values(record, data))
        return data

    return build, changes


def _live(session: Session, model: Any, record_id: Any, la_code: str) -> Any:
    """A record of the authority that is not entered in error, or None (ids from JSON columns are text)."""
    if isinstance(record_id, str):
        record_id = uuid.UUID(record_id)
    record = session.get(model, record_id) if record_id is not None else None
    if record is None or record.la_code != la_code or record.status == ENTERED_IN_ERROR:
        return None
    return record


def _of_child(
    session: Session, model: Any, record_id: Any, la_code: str, case_id: uuid.UUID, child_id: Any
) -> Any:
    """A record of the authority, not entered in error, about this child in this case; else None."""
    record = _live(session, model, record_id, la_code)
    if record is None or record.case_id != case_id or record.child_id != child_id:
        return None
    return record


# --- shared checks ------------------------------------------------------------------------------


def referral_of(
    session: Session, caller: Caller, case_id: uuid.UUID, child_id: uuid.UUID, referral_id: uuid.UUID
) -> Referral:
    """The child's referral in this case, named by a record that hangs off it (SOS-CIN-002), locked
    and read under the lock: the record's dates are checked against the referral's, and an amendment
    of the referral's date holds the same lock while it reads the records (check_records_not_before)."""
    referral = _of_child(session, Referral, referral_id, caller.la_code, case_id, child_id)
    if referral is not None:
        referral = session.get(Referral, referral.id, with_for_update=True, populate_existing=True)
    if referral is None:
        raise refuse(
            "/referral_id",
            "not a referral of this child in this case",
            "referral_not_of_child",
            "SOS-CIN-002",
            "The referral named is not a referral of this child in this case.",
        )
    return referral


def _after(day: date | None, earlier: date, pointer: str, what: str, requirement: str, rule: str) -> None:
    """``day`` after ``earlier``: not before it, and not the same day either (the CIN census's ``rule``)."""
    not_before(day, earlier, pointer, what, requirement)
    if day == earlier:
        raise refuse(
            pointer,
            f"the same day as {what} ({earlier})",
            "same_day",
            requirement,
            f"{pointer.strip('/')} cannot be the same day as {what} ({earlier}) (CIN census rule {rule}).",
        )


def _same_case(
    session: Session,
    caller: Caller,
    model: Any,
    ids: Sequence[Any],
    case_id: uuid.UUID,
    pointer: str,
    what: str,
) -> None:
    for i, record_id in enumerate(ids):
        record = _live(session, model, record_id, caller.la_code)
        if record is None or record.case_id != case_id:
            where = f"{pointer}/{i}" if len(ids) > 1 or pointer.endswith("_ids") else pointer
            raise refuse(
                where,
                f"not {what} of this case",
                "not_of_this_case",
                "SOS-CIN-006",
                f"The conference can only consider {what} of its own case.",
            )


# --- early help ---------------------------------------------------------------------------------


def check_early_help(session: Session, case_id: uuid.UUID, v: dict[str, Any]) -> None:
    not_before(
        v.get("assessment_completed_on"),
        v["assessment_started_on"],
        "/assessment_completed_on",
        "the assessment's start",
        "SOS-EH-001",
    )
    not_before(
        v.get("ended_on"), v["assessment_started_on"], "/ended_on", "the assessment's start", "SOS-EH-001"
    )
    if v.get("outcome") is not None and v.get("ended_on") is None:
        raise refuse(
            "/ended_on",
            "an outcome needs the date the episode ended",
            "outcome_without_end",
            "SOS-EH-001",
            "An early help outcome is recorded with the date the episode ended.",
        )
    if v.get("consent_to_share") is not None:
        for name in ("consent_given_on", "consent_given_by_person_id"):
            if v.get(name) is None:
                raise refuse(
                    f"/{name}",
                    "required when consent_to_share is given",
                    "consent_incomplete",
                    "SOS-EH-002",
                    "Consent is recorded with its date and who gave it.",
                )
    person = v.get("consent_given_by_person_id")
    if person is not None and not any(m.person_id == person for m in members_of(session, case_id, held=True)):
        raise refuse(
            "/consent_given_by_person_id",
            "not a member of this case",
            "not_a_member_of_case",
            "SOS-EH-002",
            "Consent is given by a member of the case: a parent or the child.",
        )


new_early_help, early_help_changes = checked_in_case(
    EarlyHelpEpisode, lambda session, case_id, v: check_early_help(session, case_id, v)
)


def holds_parental_responsibility(
    session: Session, person_id: uuid.UUID, child_id: uuid.UUID, on: date
) -> bool:
    return bool(
        session.scalar(
            select(PersonRelationship.id)
            .where(
                PersonRelationship.person_id == person_id,
                PersonRelationship.child_id == child_id,
                PersonRelationship.parental_responsibility.is_(True),
                PersonRelationship.status != ENTERED_IN_ERROR,
                PersonRelationship.from_date <= on,
                (PersonRelationship.to_date.is_(None)) | (PersonRelationship.to_date >= on),
            )
            .limit(1)
        )
    )


def early_help_reads(session: Session, records: Sequence[Any]) -> list[dict[str, Any]]:
    out = []
    for r in records:
        person, on = r.consent_given_by_person_id, r.consent_given_on
        held = None
        if person is not None and on is not None and person != r.child_id:
            held = holds_parental_responsibility(session, person, r.child_id, on)
        out.append({"consent_given_by_holds_parental_responsibility": held})
    return out


# --- referral -----------------------------------------------------------------------------------


def check_referral(v: dict[str, Any]) -> None:
    not_before(v.get("closure_date"), v["referral_date"], "/closure_date", "the referral date", "SOS-CIN-001")
    if (v.get("closure_date") is None) != (v.get("closure_reason") is None):
        missing = "/closure_reason" if v.get("closure_reason") is None else "/closure_date"
        raise refuse(
            missing,
            "closure_date and closure_reason go together",
            "closure_incomplete",
            "SOS-CIN-001",
            "A referral closes with both its closure date and its reason.",
        )


def _referral(session: Session, _case_id: uuid.UUID, v: dict[str, Any]) -> None:
    check_referral(v)
    check_no_overlap(session, Referral, v)


def check_referral_near_birth(session: Session, v: dict[str, Any]) -> None:
    """A referral is dated no more than 40 weeks (280 days) before the child's birth, or expected birth
    (SOS-CIN-015; CIN census rule 8606): an earlier date is a slip of the year. The child's row is read
    under its lock. Only the referral is checked: a birth recorded later than 40 weeks after a pre-birth
    referral is taken as it happened, and the census validator flags it for the authority to explain."""
    child = locked_child(session, v["child_id"])
    born = child.date_of_birth or child.expected_date_of_birth
    if born is not None and v["referral_date"] < born - FORTY_WEEKS:
        birth = "birth" if child.date_of_birth else "expected birth"
        raise refuse(
            "/referral_date",
            f"more than 40 weeks before the child's {birth} ({born})",
            "before_pregnancy",
            "SOS-CIN-015",
            f"A referral is dated no more than 40 weeks before the child's {birth} on {born} (CIN census "
            "rule 8606).",
        )


_new_referral, _referral_checked = checked_in_case(
    Referral, lambda session, case_id, v: _referral(session, case_id, v)
)


def new_referral(session: Session, caller: Caller, case: Case, body: Any) -> Referral:
    referral: Referral = _new_referral(session, caller, case, body)
    check_referral_near_birth(
        session, {"child_id": referral.child_id, "referral_date": referral.referral_date}
    )
    return referral


ON_A_REFERRAL: tuple[tuple[Any, str, str], ...] = (
    (SingleAssessment, "started_on", "single assessment"),
    (CinPlan, "start_date", "CIN plan"),
    (StrategyDiscussion, "held_on", "strategy discussion"),
    (Section47Enquiry, "started_on", "section 47 enquiry"),
    (ChildProtectionPlan, "start_date", "child protection plan"),
)
"""The records that hang off a referral, each with the date that is not before the referral's."""


def referral_changes(
    session: Session, caller: Caller, referral: Referral, data: dict[str, Any]
) -> dict[str, Any]:
    data = _referral_checked(session, caller, referral, data)
    if "referral_date" in data:
        check_records_not_before(session, referral, data["referral_date"])
        check_referral_near_birth(session, {"child_id": referral.child_id, **data})
    if data.get("closure_date") is not None:
        check_records_by_closure(session, referral, data["closure_date"])
    if data.get("no_further_action"):
        check_no_activity(session, referral)
    if data.get("closure_reason") in CLOSED_AFTER_ASSESSMENT:
        check_nothing_beyond_assessment(session, referral)
    return data


def _on_the_referral(
    session: Session, referral: Referral, model: Any, column: str, extreme: Any
) -> date | None:
    """The earliest (``func.min``) or latest (``func.max``) ``column`` of the referral's ``model``
    records that are not entered in error; None when it has none."""
    return session.scalar(
        select(extreme(getattr(model, column))).where(
            model.referral_id == referral.id, model.status != ENTERED_IN_ERROR
        )
    )


def _first_of(session: Session, referral: Referral, models: Collection[Any]) -> tuple[str, date] | None:
    """The first kind of ``models`` found on the referral (in :data:`ON_A_REFERRAL`'s order), with the
    earliest date of that kind; None when there is none."""
    for model, column, what in ON_A_REFERRAL:
        first = _on_the_referral(session, referral, model, column, func.min) if model in models else None
        if first is not None:
            return what, first
    return None


def check_records_not_before(session: Session, referral: Referral, day: date) -> None:
    """A referral's date amended keeps its records on or after it (SOS-CIN-002; CIN census rules 1103,
    1104, 1105, 2889 and 4015). The amendment holds the referral's lock, and a record's create or
    amendment takes it before it reads the referral's date (referral_of), so a record cannot be
    dated by the old date while the date moves."""
    for model, column, what in ON_A_REFERRAL:
        earliest = _on_the_referral(session, referral, model, column, func.min)
        if earliest is not None and earliest < day:
            raise refuse(
                "/referral_date",
                f"after its {what} of {earliest}",
                "after_its_records",
                "SOS-CIN-002",
                f"The referral cannot be dated after its {what} of {earliest}.",
            )


# --- a referral with no further action ------------------------------------------------------------

ACTIVITY: dict[Any, str] = {
    SingleAssessment: "single assessment",
    CinPlan: "CIN plan",
    Section47Enquiry: "section 47 enquiry",
    ChildProtectionPlan: "child protection plan",
}
"""What the CIN census counts as activity on a referral (a strategy discussion is not in the return)."""


def check_further_action(referral: Referral, model: Any) -> None:
    """Activity is not recorded on a referral with no further action (SOS-CIN-013; CIN census rules
    8831, 4000 and 8832). The create holds the referral's lock (referral_of), which the referral's
    amendment to no further action holds while it looks for activity (:func:`check_no_activity`)."""
    if model in ACTIVITY and referral.no_further_action:
        raise refuse(
            "/referral_id",
            "a referral with no further action",
            "no_further_action",
            "SOS-CIN-013",
            f"A {ACTIVITY[model]} is not recorded on a referral with no further action (CIN census "
            "rules 8831, 4000 and 8832).",
        )


def check_no_activity(session: Session, referral: Referral) -> None:
    """A referral marked as no further action has no activity on it (SOS-CIN-013)."""
    found = _first_of(session, referral, ACTIVITY)
    if found is not None:
        what, first = found
        raise refuse(
            "/no_further_action",
            f"its {what} of {first} is further action",
            "has_activity",
            "SOS-CIN-013",
            f"The referral led to further action: its {what} of {first} (CIN census rules 8831, 4000 and "
            "8832).",
        )


# --- a referral closed after assessment ----------------------------------------------------------

CLOSED_AFTER_ASSESSMENT = ("RC8", "RC9")
"""Closure reasons saying the case closed after assessment (no further action, or referred to early
help): the referral went no further than its assessment."""
BEYOND_ASSESSMENT = frozenset(ACTIVITY) - {SingleAssessment}


def check_closed_after_assessment(referral: Referral, model: Any) -> None:
    """Nothing beyond an assessment is recorded on a referral closed after assessment (SOS-CIN-016; CIN
    census rule 2990): no CIN plan, section 47 enquiry or child protection plan. The create holds the
    referral's lock, which the referral's amendment holds while it looks
    (:func:`check_nothing_beyond_assessment`)."""
    if model in BEYOND_ASSESSMENT and referral.closure_reason in CLOSED_AFTER_ASSESSMENT:
        raise refuse(
            "/referral_id",
            f"a referral closed after assessment ({referral.closure_reason})",
            "closed_after_assessment",
            "SOS-CIN-016",
            f"A {ACTIVITY[model]} is not recorded on a referral closed after assessment (CIN census rule "
            "2990).",
        )


def check_activity_allowed(referral: Referral, model: Any) -> None:
    """What a referral's state says may not be recorded on it: no activity after no further action
    (SOS-CIN-013), nothing beyond an assessment after a closure after assessment (SOS-CIN-016). The
    create of a record on a referral calls this once, holding the referral's lock."""
    check_further_action(referral, model)
    check_closed_after_assessment(referral, model)


def check_nothing_beyond_assessment(session: Session, referral: Referral) -> None:
    """A referral closed after assessment (RC8, RC9) has no CIN plan, section 47 enquiry or child
    protection plan on it (SOS-CIN-016)."""
    found = _first_of(session, referral, BEYOND_ASSESSMENT)
    if found is not None:
        what, first = found
        raise refuse(
            "/closure_reason",
            f"its {what} of {first} goes beyond the assessment",
            "beyond_assessment",
            "SOS-CIN-016",
            f"The referral did not close after assessment alone: its {what} of {first} (CIN census rule "
            "2990).",
        )


# --- a child's periods ---------------------------------------------------------------------------

PERIODS: dict[Any, tuple[str, str, str]] = {
    Referral: ("referral_date", "closure_date", "referral"),
    CinPlan: ("start_date", "end_date", "CIN plan"),
    ChildProtectionPlan: ("start_date", "end_date", "child protection plan"),
}
"""Records that run from a start to an end (none while open): their start and end columns and what
a person calls one."""

KEPT_APART: dict[Any, tuple[tuple[Any, str], ...]] = {
    Referral: ((Referral, "rule 8820"),),
    CinPlan: ((CinPlan, "rule 4014"), (ChildProtectionPlan, "rules 4016, 4017 and 4001")),
    ChildProtectionPlan: ((ChildProtectionPlan, "rule 8940"), (CinPlan, "rules 4016, 4017 and 4001")),
}
"""The periods of a child that a period of each kind does not overlap, each with the CIN census rule
that keeps them apart: its own kind's, and for a plan the other kind of plan (a CIN plan does not run
while a child protection plan does)."""


def _until(start: date, end: date | None, holds_no_days: bool = False) -> date:
    """The first day after a period: its end (the next period may start on it), or, while it is open,
    no end. An open referral with no further action holds no days (rule 8820 leaves it out)."""
    if end is not None:
        return end
    return start if holds_no_days else date.max


def check_no_overlap(session: Session, model: Any, v: dict[str, Any]) -> Person:
    """A child's period does not overlap the child's others it is kept apart from (:data:`KEPT_APART`),
    across all the child's cases (SOS-CIN-012; CIN census rules 8820, 8815 and 8816, 4014 and 4004,
    8940 and 8935, and between the plans 4016, 4017 and 4001): one may start on the day the one
    before ended, and two open ones always overlap. The child's person row is locked (FOR NO KEY
    UPDATE on PostgreSQL, so records naming the child are still inserted meanwhile) before the child's
    other records are read, so two writes cannot both pass; the row is returned, for the caller's
    other rules about the child."""
    start_name, end_name, mine = PERIODS[model]
    child = locked_child(session, v["child_id"])
    start = v[start_name]
    until = _until(start, v.get(end_name), bool(v.get("no_further_action")))
    for kind, rule in KEPT_APART[model]:
        other_start_name, other_end_name, what = PERIODS[kind]
        nfa = kind.no_further_action if kind is Referral else sql_false()
        others = select(getattr(kind, other_start_name), getattr(kind, other_end_name), nfa).where(
            kind.child_id == v["child_id"], kind.status != ENTERED_IN_ERROR
        )
        if v.get("id") is not None and kind is model:
            others = others.where(model.id != v["id"])
        for other_start, other_end, other_nfa in session.execute(others):
            other_until = _until(other_start, other_end, bool(other_nfa))
            shown = f"{other_start} to {other_end}" if other_end else f"{other_start} (still open)"
            if other_start <= start < other_until:
                pointer, detail = f"/{start_name}", f"within the child's {what} of {shown}"
            elif start <= other_start < until:
                pointer, detail = f"/{end_name}", f"the child's {what} of {shown} starts within this one"
            else:
                continue
            apart = f"{what}s" if kind is model else f"{mine}s and {what}s"
            raise refuse(
                pointer,
                detail,
                "periods_overlap",
                "SOS-CIN-012",
                f"A child's {apart} do not overlap: this one would share days with the {what} of {shown} "
                f"(CIN census {rule}). The earlier of the two ends on or before the day the later one starts "
                "(the later may start on that day).",
            )
    return child


def check_child_plan(session: Session, model: Any, v: dict[str, Any]) -> None:
    """A child's CIN or child protection plan, read under the child's person row lock (taken once):
    not overlapping the child's others of its kind (SOS-CIN-012), nor dated after the child's death
    (SOS-CIN-018)."""
    check_not_after_death(check_no_overlap(session, model, v), model, v)


# --- a closed referral --------------------------------------------------------------------------

BY_CLOSURE: tuple[tuple[Any, str, str], ...] = (
    (SingleAssessment, "started_on", "single assessment's start"),
    (SingleAssessment, "authorised_on", "single assessment's authorisation"),
    (CinPlan, "start_date", "CIN plan's start"),
    (CinPlan, "end_date", "CIN plan's end"),
    (Section47Enquiry, "started_on", "section 47 enquiry's start"),
    (ChildProtectionPlan, "end_date", "child protection plan's end"),
)
"""The dates of a referral's records that the CIN census wants on or before the referral's closure
(rule 8565, with the initial conference's date, which :func:`check_records_by_closure` reads through
the conference's section 47 enquiry)."""


def check_by_closure(v: dict[str, Any], referral: Referral, *names: str) -> None:
    """A record on a closed referral is dated on or before the closure (SOS-CIN-011, CIN census rule
    8565), and a single assessment on it (the one record with ``authorised_on``) is authorised (rule
    8867). The caller holds the referral's lock (:func:`referral_of`, or the initial conference's
    lock through its enquiry), which the referral's closing amendment holds too."""
    closed = referral.closure_date
    if closed is None:
        return
    for name in names:
        day = v.get(name)
        if day is not None and day > closed:
            raise refuse(
                f"/{name}",
                f"after the referral closed ({closed})",
                "after_closure",
                "SOS-CIN-011",
                f"Nothing on the referral is dated after it closed on {closed} (CIN census rule 8565).",
            )
    if "authorised_on" in names and v.get("authorised_on") is None:
        raise refuse(
            "/authorised_on",
            f"required: the referral closed on {closed}",
            "referral_closed",
            "SOS-CIN-011",
            "A single assessment on a closed referral is authorised (CIN census rule 8867).",
        )


def check_records_by_closure(session: Session, referral: Referral, closed: date) -> None:
    """A referral closed, or its closure moved, keeps its records on or before the closure, has its
    single assessments authorised and its section 47 enquiries finished (SOS-CIN-011; CIN census rules
    8565, 8867 and 8868). The amendment holds the referral's lock, which each record's create and
    amendment takes before it reads the closure."""
    for model, column, what in BY_CLOSURE:
        _closes_after(_on_the_referral(session, referral, model, column, func.max), closed, what)
    conferences = (
        select(func.max(ChildProtectionConference.held_on))
        .join(Section47Enquiry, Section47Enquiry.id == ChildProtectionConference.section47_id)
        .where(
            Section47Enquiry.referral_id == referral.id,
            Section47Enquiry.status != ENTERED_IN_ERROR,
            ChildProtectionConference.status != ENTERED_IN_ERROR,
            ChildProtectionConference.conference_type == "INITIAL",
        )
    )
    _closes_after(session.scalar(conferences), closed, "initial conference")
    unauthorised = session.scalar(
        select(func.min(SingleAssessment.started_on)).where(
            SingleAssessment.referral_id == referral.id,
            SingleAssessment.status != ENTERED_IN_ERROR,
            SingleAssessment.authorised_on.is_(None),
        )
    )
    if unauthorised is not None:
        raise refuse(
            "/closure_date",
            f"its single assessment of {unauthorised} is not authorised",
            "assessment_not_authorised",
            "SOS-CIN-011",
            "A referral closes once its single assessments are authorised (CIN census rule 8867).",
        )
    check_enquiries_finished(session, referral)


def check_enquiries_finished(session: Session, referral: Referral) -> None:
    """A referral closes once each section 47 enquiry on it had its initial conference or says none is
    needed (SOS-CIN-011; CIN census rule 8868)."""
    unfinished = session.scalar(
        select(func.min(Section47Enquiry.started_on)).where(
            Section47Enquiry.referral_id == referral.id,
            Section47Enquiry.status != ENTERED_IN_ERROR,
            Section47Enquiry.conference_not_required.is_(False),
            ~_initial_conferences(Section47Enquiry.id).exists(),
        )
    )
    if unfinished is not None:
        raise refuse(
            "/closure_date",
            f"its section 47 enquiry of {unfinished} had no initial conference, nor says none is needed",
            "enquiry_unfinished",
            "SOS-CIN-011",
            "A referral closes once each section 47 enquiry on it had its initial conference or recorded "
            "that none is needed (CIN census rule 8868).",
        )


def _initial_conferences(section47_id: Any) -> Any:
    """The initial conferences (not entered in error) that followed a section 47 enquiry: their ids and
    dates."""
    return select(ChildProtectionConference.id, ChildProtectionConference.held_on).where(
        ChildProtectionConference.section47_id == section47_id,
        ChildProtectionConference.status != ENTERED_IN_ERROR,
        ChildProtectionConference.conference_type == "INITIAL",
    )


def check_enquiry_finished(session: Session, v: dict[str, Any], referral: Referral) -> None:
    """A section 47 enquiry on a closed referral had its initial conference or says none is needed
    (SOS-CIN-011; CIN census rule 8868): on its create (no conference can follow it yet) and when an
    amendment takes back ``conference_not_required``. The caller holds the referral's lock."""
    if referral.closure_date is None or v.get("conference_not_required"):
        return
    if v.get("id") is not None and session.scalar(_initial_conferences(v["id"]).limit(1)) is not None:
        return
    raise refuse(
        "/conference_not_required",
        f"required: the referral closed on {referral.closure_date} and no initial conference followed",
        "enquiry_unfinished",
        "SOS-CIN-011",
        "On a closed referral a section 47 enquiry had its initial conference or records that none was "
        "needed (CIN census rule 8868). Record the enquiry and its conference before the referral closes.",
    )


def conference_entered_in_error(
    session: Session, _caller: Caller, conference: ChildProtectionConference
) -> None:
    """An initial conference entered in error leaves its section 47 enquiry without it: refused (409)
    while the enquiry's referral is closed and no other initial conference followed the enquiry, nor
    says none was needed (SOS-CIN-011; CIN census rule 8868), and when the enquiry, open again, would
    run over another enquiry on the referral (SOS-CIN-017; rule 8890). Its type and enquiry are fixed
    at creation, so this is the one way it leaves the enquiry. Locks the enquiry's referral."""
    if conference.conference_type != "INITIAL" or conference.section47_id is None:
        return
    enquiry = session.get(Section47Enquiry, conference.section47_id)
    if enquiry is None or enquiry.status == ENTERED_IN_ERROR:
        return
    referral = session.get(Referral, enquiry.referral_id, with_for_update=True, populate_existing=True)
    if referral is None:
        return
    others = _initial_conferences(enquiry.id).where(ChildProtectionConference.id != conference.id)
    unfinished = referral.closure_date is not None and not enquiry.conference_not_required
    if unfinished and session.scalar(others.limit(1)) is None:
        raise Conflict(
            f"The section 47 enquiry's referral closed on {referral.closure_date}, and this is the "
            "enquiry's initial conference (CIN census rule 8868). Reopen the referral first.",
            requirement="SOS-CIN-011",
        )
    overlap = enquiry_overlap(session, referral, _values(enquiry, {}), (conference.id, None))
    if overlap is not None:
        raise Conflict(
            f"Without this initial conference its section 47 enquiry would run on: {overlap[1]} (CIN "
            "census rule 8890).",
            requirement="SOS-CIN-017",
        )


# --- a referral's section 47 enquiries ----------------------------------------------------------

Held = tuple[uuid.UUID | None, date | None]
"""One initial conference's date as it would be (None: entered in error), by the conference's id."""


def _enquiry_days(
    session: Session, enquiry_id: Any, started_on: date, none_needed: bool, held: Held | None
) -> tuple[date, date] | None:
    """The days a section 47 enquiry runs, both ends counted (rule 8890): from its start to its initial
    conference, or on and on while it has none; None when it has none and says none is needed."""
    dates: dict[Any, date | None] = {}
    if enquiry_id is not None:
        query = _initial_conferences(enquiry_id)
        dates = {conference_id: held_on for conference_id, held_on in session.execute(query)}
    if held is not None and (held[0] in dates or held[1] is not None):
        dates[held[0]] = held[1]
    conferences = [d for d in dates.values() if d is not None]
    if conferences:
        return started_on, min(conferences)
    return None if none_needed else (started_on, date.max)


def enquiry_overlap(
    session: Session, referral: Referral, v: dict[str, Any], held: Held | None = None
) -> tuple[str, str] | None:
    """Where a section 47 enquiry (``v``, as it would be) runs over another on its referral (SOS-CIN-017;
    CIN census rules 8890 and 8839): the field to name and what is wrong; None when it does not. ``held``
    replaces one initial conference's date. The caller holds the referral's lock."""
    mine = _enquiry_days(session, v.get("id"), v["started_on"], bool(v.get("conference_not_required")), held)
    others = select(
        Section47Enquiry.id, Section47Enquiry.started_on, Section47Enquiry.conference_not_required
    ).where(Section47Enquiry.referral_id == referral.id, Section47Enquiry.status != ENTERED_IN_ERROR)
    if v.get("id") is not None:
        others = others.where(Section47Enquiry.id != v["id"])
    for other_id, started, none_needed in session.execute(others):
        theirs = _enquiry_days(session, other_id, started, none_needed, held)
        if theirs is not None and theirs[0] <= v["started_on"] <= theirs[1]:
            until = (
                "no initial conference yet" if theirs[1] == date.max else f"to its conference of {theirs[1]}"
            )
            return "/started_on", f"within the referral's section 47 enquiry of {started} ({until})"
        if mine is not None and mine[0] <= started <= mine[1]:
            return "/started_on", f"runs over the start of the referral's section 47 enquiry of {started}"
    return None


def check_enquiries_apart(
    session: Session, referral: Referral, v: dict[str, Any], held: Held | None = None
) -> None:
    """One section 47 enquiry on a referral runs at a time (SOS-CIN-017; CIN census rules 8890 and
    8839), from its start to its initial conference (both days counted), or on while it has none and
    does not say none is needed."""
    overlap = enquiry_overlap(session, referral, v, held)
    if overlap is not None:
        pointer, detail = overlap
        if held is not None:
            pointer = "/held_on"
        raise refuse(
            pointer,
            detail,
            "enquiries_overlap",
            "SOS-CIN-017",
            "One section 47 enquiry on a referral runs at a time, from its start to its initial "
            "conference (CIN census rule 8890).",
        )


def _closes_after(latest: date | None, closed: date, what: str) -> None:
    if latest is not None and latest > closed:
        raise refuse(
            "/closure_date",
            f"before its {what} of {latest}",
            "before_its_records",
            "SOS-CIN-011",
            f"The referral cannot close before its {what} of {latest} (CIN census rule 8565).",
        )


# --- records on a referral ----------------------------------------------------------------------


def check_single_assessment(v: dict[str, Any], referral: Referral) -> None:
    not_before(v["started_on"], referral.referral_date, "/started_on", "the referral", "SOS-CIN-002")
    for name in ("internal_review_on", "authorised_on"):
        not_before(v.get(name), v["started_on"], f"/{name}", "the assessment's start", "SOS-CIN-003")
    check_by_closure(v, referral, "started_on", "authorised_on")
    factors = list(v.get("factors") or [])
    if len(set(factors)) != len(factors):
        raise refuse(
            "/factors",
            "a factor is listed twice",
            "duplicate_factor",
            "SOS-CIN-003",
            "Each assessment factor is listed once.",
        )
    if NO_FACTORS in factors and len(factors) > 1:
        raise refuse(
            "/factors",
            "21 (no factors identified) stands alone",
            "no_factors_not_alone",
            "SOS-CIN-003",
            "Factor 21 (no factors identified) cannot be listed with other factors.",
        )
    if v.get("authorised_on") is not None and not factors:
        raise refuse(
            "/factors",
            f"required once the assessment is authorised: {NO_FACTORS} when none was found",
            "authorised_without_factors",
            "SOS-CIN-003",
            f"An authorised assessment lists the factors it found, or {NO_FACTORS} (no factors identified) "
            "(CIN census rule 8897Q).",
        )


def _on_referral(build: Callable[[Any, dict[str, Any], Referral], None], model: Any) -> Callable[..., Any]:
    """The create of a record that hangs off a referral: a child of the case, its referral, its checks."""

    def create(session: Session, caller: Caller, case: Case, body: Any) -> Any:
        require_child_of_case(session, case.id, body.child_id, "/child_id")
        referral = referral_of(session, caller, case.id, body.child_id, body.referral_id)
        check_activity_allowed(referral, model)
        data = body.model_dump()
        build(session, data, referral)
        return {**data, "case_id": case.id}

    return create


def _amend_on_referral(build: Callable[[Any, dict[str, Any], Referral], None]) -> Callable[..., Any]:
    def changes(session: Session, caller: Caller, record: Any, data: dict[str, Any]) -> dict[str, Any]:
        referral = referral_of(session, caller, record.case_id, record.child_id, record.referral_id)
        build(session, _values(record, data), referral)
        return data

    return changes


def _assessment(session: Session, v: dict[str, Any], referral: Referral) -> None:
    check_single_assessment(v, referral)
    check_one_open_assessment(session, v, referral)


def check_one_open_assessment(session: Session, v: dict[str, Any], referral: Referral) -> None:
    """At most one single assessment on a referral is open, not yet authorised (SOS-CIN-014; CIN
    census rule 8896). The create or amendment holds the referral's lock (referral_of)."""
    if v.get("authorised_on") is not None:
        return
    others = select(func.min(SingleAssessment.started_on)).where(
        SingleAssessment.referral_id == referral.id,
        SingleAssessment.status != ENTERED_IN_ERROR,
        SingleAssessment.authorised_on.is_(None),
    )
    if v.get("id") is not None:
        others = others.where(SingleAssessment.id != v["id"])
    started = session.scalar(others)
    if started is not None:
        raise refuse(
            "/authorised_on",
            f"required while the referral's assessment of {started} is open",
            "another_assessment_open",
            "SOS-CIN-014",
            f"The referral's single assessment of {started} is not authorised yet: one assessment on a "
            "referral is open at a time (CIN census rule 8896).",
        )


def check_cin_plan(v: dict[str, Any], referral: Referral) -> None:
    not_before(v["start_date"], referral.referral_date, "/start_date", "the referral", "SOS-CIN-002")
    not_before(v.get("end_date"), v["start_date"], "/end_date", "the plan's start", "SOS-CIN-004")
    check_by_closure(v, referral, "start_date", "end_date")


def check_strategy_discussion(v: dict[str, Any], referral: Referral) -> None:
    not_before(v["held_on"], referral.referral_date, "/held_on", "the referral", "SOS-CIN-002")


def _cin_plan(session: Session, v: dict[str, Any], referral: Referral) -> None:
    check_cin_plan(v, referral)
    check_child_plan(session, CinPlan, v)


def _strategy(_session: Session, v: dict[str, Any], referral: Referral) -> None:
    check_strategy_discussion(v, referral)


new_single_assessment = _on_referral(_assessment, SingleAssessment)
single_assessment_changes = _amend_on_referral(_assessment)
new_cin_plan = _on_referral(_cin_plan, CinPlan)
cin_plan_changes = _amend_on_referral(_cin_plan)
new_strategy_discussion = _on_referral(_strategy, StrategyDiscussion)
strategy_discussion_changes = _amend_on_referral(_strategy)


# --- section 47 ---------------------------------------------------------------------------------


def _discussion_of(session: Session, la_code: str, v: dict[str, Any]) -> StrategyDiscussion:
    discussion = _live(session, StrategyDiscussion, v["strategy_discussion_id"], la_code)
    if (
        discussion is None
        or discussion.referral_id != v["referral_id"]
        or discussion.child_id != v["child_id"]
    ):
        raise refuse(
            "/strategy_discussion_id",
            "not a strategy discussion on this referral",
            "discussion_not_of_referral",
            "SOS-CIN-005",
            "A section 47 enquiry names the strategy discussion on its referral that started it.",
        )
    return discussion


def icpc_target(discussion: StrategyDiscussion) -> date:
    return add_working_days(discussion.held_on, ICPC_WORKING_DAYS)


def new_section47(session: Session, caller: Caller, case: Case, body: Any) -> Section47Enquiry:
    require_child_of_case(session, case.id, body.child_id, "/child_id")
    referral = referral_of(session, caller, case.id, body.child_id, body.referral_id)
    check_activity_allowed(referral, Section47Enquiry)
    data = body.model_dump()
    given = data.pop("icpc_target_date", None)
    discussion = _discussion_of(session, caller.la_code, data)
    target = icpc_target(discussion)
    if given is not None and given != target:
        raise refuse(
            "/icpc_target_date",
            f"must be {target}: the strategy discussion plus 15 working days",
            "target_date_derived",
            "SOS-CIN-005",
            f"The initial conference target date is worked out: {discussion.held_on} plus 15 working "
            f"days is {target}. Leave icpc_target_date out.",
        )
    not_before(
        data["started_on"], discussion.held_on, "/started_on", "its strategy discussion", "SOS-CIN-005"
    )
    check_by_closure(data, referral, "started_on")
    check_enquiry_finished(session, data, referral)
    check_enquiries_apart(session, referral, data)
    return Section47Enquiry(case_id=case.id, **data)


def section47_changes(
    session: Session, caller: Caller, record: Section47Enquiry, data: dict[str, Any]
) -> dict[str, Any]:
    v = _values(record, data)
    discussion = _discussion_of(session, caller.la_code, v)
    not_before(v["started_on"], discussion.held_on, "/started_on", "its strategy discussion", "SOS-CIN-005")
    referral = referral_of(session, caller, record.case_id, record.child_id, record.referral_id)
    check_by_closure(v, referral, "started_on")
    check_enquiry_finished(session, v, referral)
    check_enquiries_apart(session, referral, v)
    check_still_followed(session, record.id, v)
    return data


def check_still_followed(session: Session, section47_id: uuid.UUID, v: dict[str, Any]) -> None:
    """An amended section 47 enquiry still fits the initial conference that followed it, if one did
    (SOS-CIN-006): it does not start after the conference was held (CIN census rule 8615) and does not
    now say that no conference is required. The caller holds the referral's lock, which a conference's
    create and amendment take before they read the enquiry."""
    first = session.execute(
        _initial_conferences(section47_id).order_by(ChildProtectionConference.held_on).limit(1)
    ).first()
    if first is None:
        return
    held = first.held_on
    if v["started_on"] > held:
        raise refuse(
            "/started_on",
            f"after its initial conference ({held})",
            "date_out_of_order",
            "SOS-CIN-006",
            f"The enquiry's initial conference was held on {held}; the enquiry started on or before it "
            "(CIN census rule 8615).",
        )
    if v.get("conference_not_required"):
        raise refuse(
            "/conference_not_required",
            f"an initial conference followed it ({held})",
            "conference_held",
            "SOS-CIN-006",
            f"An initial conference followed this enquiry on {held}: enter it in error first.",
        )


def section47_reads(session: Session, records: Sequence[Any]) -> list[dict[str, Any]]:
    discussion_ids = {r.strategy_discussion_id for r in records}
    held: dict[Any, date] = {}
    if discussion_ids:
        query = select(StrategyDiscussion.id, StrategyDiscussion.held_on)
        for discussion_id, held_on in session.execute(query.where(StrategyDiscussion.id.in_(discussion_ids))):
            held[discussion_id] = held_on
    ids = [r.id for r in records]
    conferences: dict[Any, date] = {}
    if ids:
        for s47_id, held_on in session.execute(
            select(ChildProtectionConference.section47_id, ChildProtectionConference.held_on)
            .where(
                ChildProtectionConference.section47_id.in_(ids),
                ChildProtectionConference.status != ENTERED_IN_ERROR,
            )
            .order_by(ChildProtectionConference.held_on)
        ):
            conferences.setdefault(s47_id, held_on)
    return [
        {
            "icpc_target_date": add_working_days(held[r.strategy_discussion_id], ICPC_WORKING_DAYS),
            "initial_conference_date": conferences.get(r.id),
        }
        for r in records
    ]


# --- conferences --------------------------------------------------------------------------------

OUTCOMES = {
    "INITIAL": ("PLAN_STARTED", "NO_PLAN"),
    "TRANSFER_IN": ("PLAN_STARTED", "NO_PLAN"),
    "REVIEW": ("PLAN_CONTINUED", "PLAN_ENDED"),
}


def _not_named(v: dict[str, Any], name: str, detail: str) -> None:
    """A conference of this type names no ``name`` (SOS-CIN-006)."""
    if v.get(name) is not None:
        raise refuse(f"/{name}", detail, "not_for_type", "SOS-CIN-006")


def _check_what_it_follows(session: Session, caller: Caller, case_id: uuid.UUID, v: dict[str, Any]) -> None:
    """An initial conference follows the child's section 47 enquiry, a review conference the child's
    plan; a transfer-in conference names neither (it follows another authority's plan)."""

    def followed(model: Any, name: str, detail: str, message: str) -> Any:
        """What the conference follows, named in ``name``: a record of the child in this case, else
        refused (``<name, less _id>_required``)."""
        record = _of_child(session, model, v.get(name), caller.la_code, case_id, v["child_id"])
        if record is None:
            raise refuse(f"/{name}", detail, f"{name.removesuffix('_id')}_required", "SOS-CIN-006", message)
        return record

    kind = v["conference_type"]
    if kind == "INITIAL":
        _not_named(v, "cp_plan_id", "only a review conference names a plan")
        s47 = followed(
            Section47Enquiry,
            "section47_id",
            "an initial conference names the child's section 47 enquiry",
            "An initial conference names the section 47 enquiry of this child that it follows.",
        )
        # The enquiry is read again under its referral's lock, which the enquiry's amendment holds
        # while it checks the conferences that followed it (check_still_followed).
        referral = session.get(Referral, s47.referral_id, with_for_update=True, populate_existing=True)
        session.refresh(s47)
        if s47.conference_not_required:
            raise refuse(
                "/section47_id",
                "the enquiry says no conference is required",
                "conference_not_required",
                "SOS-CIN-006",
                "The section 47 enquiry recorded that no initial conference is required.",
            )
        not_before(v["held_on"], s47.started_on, "/held_on", "its section 47 enquiry started", "SOS-CIN-006")
        if referral is not None:
            check_by_closure(v, referral, "held_on")
            check_enquiries_apart(session, referral, _values(s47, {}), (v.get("id"), v["held_on"]))
    elif kind == "REVIEW":
        _not_named(v, "section47_id", "only an initial conference names a section 47 enquiry")
        plan = followed(
            ChildProtectionPlan,
            "cp_plan_id",
            "a review conference names the child's plan",
            "A review conference names the child protection plan of this child it reviews.",
        )
        not_before(v["held_on"], plan.start_date, "/held_on", "the plan's start", "SOS-CIN-006")
    else:
        for name in ("section47_id", "cp_plan_id"):
            _not_named(v, name, "a transfer-in conference follows another authority's plan")


def cp_map_incomplete(missing: list[str]) -> RuleViolation:
    """The refusal of a conference that would start a child protection plan while the case lacks what a
    plan needs (SOS-MAP-003), unless an ``override_reason`` says why it goes ahead."""
    listed = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " and " + missing[-1]
    return RuleViolation(
        f"Before a child protection plan starts the case needs {listed}. "
        "Record them first, or give override_reason to record the conference anyway.",
        errors=[
            field_error(
                "/override_reason",
                f"missing: {'; '.join(missing)}; give a reason to go ahead without them",
                "cp_map_incomplete",
            )
        ],
        requirement="SOS-MAP-003",
    )


def check_conference(session: Session, caller: Caller, case_id: uuid.UUID, v: dict[str, Any]) -> str | None:
    """The conference's rules; returns the override reason to keep (only when the map check needed one)."""
    kind = v["conference_type"]
    if v["outcome"] not in OUTCOMES[kind]:
        raise refuse(
            "/outcome",
            f"a {kind.lower()} conference's outcome is one of {', '.join(OUTCOMES[kind])}",
            "outcome_not_for_type",
            "SOS-CIN-006",
            f"The outcome {v['outcome']} does not fit a conference of type {kind}.",
        )
    _check_what_it_follows(session, caller, case_id, v)
    if kind == "INITIAL" and v["held_on"].weekday() >= SATURDAY:
        raise refuse(
            "/held_on",
            f"{v['held_on']} is a {v['held_on']:%A}: an initial conference is held on a weekday",
            "on_a_weekend",
            "SOS-CIN-006",
            "An initial child protection conference is not held on a Saturday or Sunday "
            "(CIN census rule 8875).",
        )
    if v.get("map_id") is not None:
        _same_case(session, caller, AssessmentMap, [v["map_id"]], case_id, "/map_id", "a map version")
    _same_case(
        session,
        caller,
        DangerStatement,
        v.get("danger_statement_ids") or [],
        case_id,
        "/danger_statement_ids",
        "danger statements",
    )
    _same_case(session, caller, ScaleRating, v.get("rating_ids") or [], case_id, "/rating_ids", "ratings")
    if v.get("safety_plan_id") is not None:
        _same_case(
            session, caller, SafetyPlan, [v["safety_plan_id"]], case_id, "/safety_plan_id", "a safety plan"
        )
    if v["outcome"] != "PLAN_STARTED":
        return None
    missing = cp_map_missing(session, case_id)
    if missing and not v.get("override_reason"):
        raise cp_map_incomplete(missing)
    return v.get("override_reason") if missing else None


def new_conference(session: Session, caller: Caller, case: Case, body: Any) -> dict[str, Any]:
    require_child_of_case(session, case.id, body.child_id, "/child_id")
    data = body.model_dump()
    data["override_reason"] = check_conference(session, caller, case.id, data)
    return {**data, "case_id": case.id}


def conference_changes(
    session: Session, caller: Caller, record: ChildProtectionConference, data: dict[str, Any]
) -> dict[str, Any]:
    v = _values(record, data)
    if "override_reason" not in data:
        v["override_reason"] = record.override_reason
    return {**data, "override_reason": check_conference(session, caller, record.case_id, v)}


# --- child protection plans ---------------------------------------------------------------------


def check_cp_plan(
    session: Session, caller: Caller, v: dict[str, Any], referral: Referral, plan_id: Any = None
) -> None:
    not_before(v["start_date"], referral.referral_date, "/start_date", "the referral", "SOS-CIN-007")
    _after(v.get("end_date"), v["start_date"], "/end_date", "the plan's start", "SOS-CIN-007", "8840")
    check_by_closure(v, referral, "end_date")
    conference = _live(session, ChildProtectionConference, v["conference_id"], caller.la_code)
    if (
        conference is None
        or conference.case_id != referral.case_id
        or conference.child_id != v["child_id"]
        or conference.conference_type not in STARTS_A_PLAN
        or conference.outcome != "PLAN_STARTED"
    ):
        raise refuse(
            "/conference_id",
            "not an initial or transfer-in conference of the child that started a plan",
            "conference_did_not_start_a_plan",
            "SOS-CIN-007",
            "A child protection plan names the initial (or transfer-in) conference of this child whose "
            "outcome was PLAN_STARTED.",
        )
    not_before(v["start_date"], conference.held_on, "/start_date", "its conference", "SOS-CIN-007")
    if v["start_date"] != conference.held_on:  # the census takes a transfer-in conference as the initial one
        kind = "initial" if conference.conference_type == "INITIAL" else "transfer-in"
        article = "an" if kind == "initial" else "a"
        raise refuse(
            "/start_date",
            f"not the day of its {kind} conference ({conference.held_on})",
            "not_on_conference_day",
            "SOS-CIN-007",
            f"A plan {article} {kind} conference started starts on the day of the conference (CIN census "
            "rule 2885).",
        )
    other = session.scalar(
        select(ChildProtectionPlan.id).where(
            ChildProtectionPlan.conference_id == conference.id,
            ChildProtectionPlan.status != ENTERED_IN_ERROR,
            ChildProtectionPlan.id != plan_id if plan_id is not None else ChildProtectionPlan.id.is_not(None),
        )
    )
    if other is not None:
        raise Conflict("That conference already started a child protection plan.", requirement="SOS-CIN-007")
    if v.get("safety_plan_id") is not None:
        plan = _live(session, SafetyPlan, v["safety_plan_id"], caller.la_code)
        if plan is None or plan.case_id != referral.case_id:
            raise refuse(
                "/safety_plan_id",
                "not a safety plan of this case",
                "not_of_this_case",
                "SOS-CIN-007",
                "The safety plan at the core of the plan is one of the case's own.",
            )


def new_cp_plan(session: Session, caller: Caller, case: Case, body: Any) -> ChildProtectionPlan:
    require_child_of_case(session, case.id, body.child_id, "/child_id")
    referral = referral_of(session, caller, case.id, body.child_id, body.referral_id)
    check_activity_allowed(referral, ChildProtectionPlan)
    data = body.model_dump()
    check_cp_plan(session, caller, data, referral)
    check_child_plan(session, ChildProtectionPlan, data)
    return ChildProtectionPlan(case_id=case.id, **data)


def cp_plan_changes(
    session: Session, caller: Caller, record: ChildProtectionPlan, data: dict[str, Any]
) -> dict[str, Any]:
    referral = referral_of(session, caller, record.case_id, record.child_id, record.referral_id)
    values = _values(record, data)
    check_cp_plan(session, caller, values, referral, plan_id=record.id)
    check_child_plan(session, ChildProtectionPlan, values)
    _reviews_stay_within(session, record.id, values["start_date"], values.get("end_date"))
    return data


def _reviews_stay_within(session: Session, plan_id: uuid.UUID, start: date, end: date | None) -> None:
    """A plan amended keeps its reviews within it, after the day it starts and not after it ends
    (SOS-CIN-008). A review's create locks the plan, its parent, and this amendment holds the plan's
    lock, so the two cannot pass each other."""
    reviews = select(ChildProtectionPlanReview.review_date).where(
        ChildProtectionPlanReview.cp_plan_id == plan_id, ChildProtectionPlanReview.status != ENTERED_IN_ERROR
    )
    first = session.scalar(reviews.order_by(ChildProtectionPlanReview.review_date).limit(1))
    if first is not None and first <= start:
        raise refuse(
            "/start_date",
            f"on or after a review of the plan ({first})",
            "after_a_review",
            "SOS-CIN-008",
            f"The plan cannot start on or after its review of {first} (CIN census rule 8841).",
        )
    last = session.scalar(reviews.order_by(ChildProtectionPlanReview.review_date.desc()).limit(1))
    if end is not None and last is not None and last > end:
        raise refuse(
            "/end_date",
            f"before a review of the plan ({last})",
            "before_a_review",
            "SOS-CIN-008",
            f"The plan cannot end before its review of {last}.",
        )


def cp_plan_reads(session: Session, records: Sequence[Any]) -> list[dict[str, Any]]:
    """NumberOfPreviousCPP: the child's plans (not entered in error) that started before this one."""
    children = {r.child_id for r in records}
    starts: dict[Any, list[tuple[date, Any]]] = {}
    if children:
        for child_id, start, plan_id in session.execute(
            select(
                ChildProtectionPlan.child_id, ChildProtectionPlan.start_date, ChildProtectionPlan.id
            ).where(
                ChildProtectionPlan.child_id.in_(children), ChildProtectionPlan.status != ENTERED_IN_ERROR
            )
        ):
            starts.setdefault(child_id, []).append((start, plan_id))
    return [
        {
            "number_of_previous_plans": sum(
                1 for start, plan_id in starts.get(r.child_id, []) if plan_id != r.id and start < r.start_date
            )
        }
        for r in records
    ]


def check_plan_review(session: Session, caller: Caller, plan: ChildProtectionPlan, v: dict[str, Any]) -> None:
    """A review is dated within its plan, after the day it started (SOS-CIN-008, CIN census rule 8841),
    and names a review conference of the plan, if any. No review falls while a CIN plan of the child is
    open (rule 4003) because no CIN plan runs while a child protection plan does (SOS-CIN-012,
    :data:`KEPT_APART`): a CIN plan may start on the day the plan ended, the day of the review that
    ended it, which rule 4003 leaves out."""
    day = v["review_date"]
    _after(day, plan.start_date, "/review_date", "the plan's start", "SOS-CIN-008", "8841")
    if plan.end_date is not None and day > plan.end_date:
        raise refuse(
            "/review_date",
            f"after the plan ended ({plan.end_date})",
            "date_out_of_order",
            "SOS-CIN-008",
            f"review_date cannot be after the plan ended ({plan.end_date}).",
        )
    conference = v.get("conference_id")
    if conference is not None:
        found = _live(session, ChildProtectionConference, conference, caller.la_code)
        if found is None or found.conference_type != "REVIEW" or found.cp_plan_id != plan.id:
            raise refuse(
                "/conference_id",
                "not a review conference of this plan",
                "not_a_review_of_plan",
                "SOS-CIN-008",
                "The conference named is not a review conference of this plan.",
            )


def new_plan_review(
    session: Session, caller: Caller, plan: ChildProtectionPlan, body: Any
) -> ChildProtectionPlanReview:
    data = body.model_dump()
    check_plan_review(session, caller, plan, data)
    return ChildProtectionPlanReview(cp_plan_id=plan.id, case_id=plan.case_id, child_id=plan.child_id, **data)


def plan_review_changes(
    session: Session, caller: Caller, record: ChildProtectionPlanReview, data: dict[str, Any]
) -> dict[str, Any]:
    plan = session.get(ChildProtectionPlan, record.cp_plan_id)
    assert plan is not None
    check_plan_review(session, caller, plan, _values(record, data))
    return data


# --- relationships ------------------------------------------------------------------------------


def check_relationship(session: Session, case_id: uuid.UUID, v: dict[str, Any]) -> None:
    adults = {m.person_id for m in members_of(session, case_id, "ADULT", held=True)}
    if v["person_id"] not in adults:
        raise refuse(
            "/person_id",
            "not an adult member of this case",
            "not_an_adult_of_case",
            "SOS-REL-001",
            "A relationship links an adult member of the case to a child member of it.",
        )
    not_before(v.get("to_date"), v["from_date"], "/to_date", "from_date", "SOS-REL-001")


new_relationship, relationship_changes = checked_in_case(
    PersonRelationship, lambda session, case_id, v: check_relationship(session, case_id, v)
)


def relationship_filters(filters: Any) -> list[Any]:
    found: list[Any] = []
    if filters.child_id is not None:
        found.append(PersonRelationship.child_id == filters.child_id)
    if filters.person_id is not None:
        found.append(PersonRelationship.person_id == filters.person_id)
    if filters.on is not None:
        found.append(PersonRelationship.from_date <= filters.on)
        found.append(PersonRelationship.to_date.is_(None) | (PersonRelationship.to_date >= filters.on))
        found.append(PersonRelationship.status != ENTERED_IN_ERROR)
    if filters.parental_responsibility is not None:
        found.append(PersonRelationship.parental_responsibility.is_(filters.parental_responsibility))
    return found


def child_filter(model: Any) -> Callable[[Any], list[Any]]:
    def where(filters: Any) -> list[Any]:
        return [] if filters.child_id is None else [model.child_id == filters.child_id]

    return where


# --- what a stage move rests on (domain.md 8.5 rule 9) ------------------------------------------

FRONT_DOOR = (None, "EARLY_HELP", "CLOSED")
# A step down to early help closes the episode of need for a reason that leaves early help to carry on
# (CIN census closure reasons): RC7, services ceased (the child no longer in need), or RC9, closed
# after assessment and referred to early help (domain.md 8.5 rule 9).
STEP_DOWN_CLOSURES = ("RC7", "RC9")


@dataclass(frozen=True)
class MoreGrounds:
    """The grounds of moves another area rules on (the care area: into and out of care): ``needed``
    gives the requirement a move rests on (or None), ``check`` checks the event named in ``name``
    (``check(session, case, body, move, requirement, record_id)``, refusing by raising)."""

    name: str
    needed: Callable[[Move], str | None]
    check: Callable[[Session, Case, Any, Move, str, Any], None]


MORE_GROUNDS: list[MoreGrounds] = []


@dataclass(frozen=True)
class Need:
    """What a move must name in ``grounds`` (``name``) and the requirement that says so."""

    name: str
    requirement: str


def grounds_needed(move: Move) -> Need | None:
    """Which event a move rests on: a referral (open, into CIN; closed, down to early help), an
    initial conference that started a plan, a plan."""
    if move.to_stage == "CIN" and move.from_stage in FRONT_DOOR:
        return Need("referral_id", "SOS-STAGE-005")
    if move.from_stage == "CIN" and move.to_stage == "EARLY_HELP":
        return Need("referral_id", "SOS-STAGE-011")
    if move.from_stage == "CIN" and move.to_stage == "CP":
        return Need("conference_id", "SOS-STAGE-006")
    if move.from_stage == "CP" and move.to_stage == "CIN" and move.kind == "STEP_DOWN":
        return Need("cp_plan_id", "SOS-STAGE-007")
    return None


def _grounds_refused(need: Need, detail: str, message: str) -> RuleViolation:
    return refuse(f"/grounds/{need.name}", detail, "grounds_not_met", need.requirement, message)


def _grounds_record(
    session: Session, case: Case, body: Any, need: Need, model: Any, given_id: Any, what: str
) -> Any:
    """The record a move names in ``grounds`` (``need``): a ``what`` of the child in this case, else
    refused."""
    record = _of_child(session, model, given_id, case.la_code, case.id, body.child_id)
    if record is None:
        raise _grounds_refused(
            need,
            f"not a {what} of this child in this case",
            f"The move names no {what} of this child in this case.",
        )
    return record


def _check_referral(r: Referral, on: date, need: Need) -> None:
    """Into CIN, an open referral; down to early help, the episode of need closed for a reason that
    hands on to early help."""
    if need.requirement == "SOS-STAGE-011":
        if r.closure_date is None or r.closure_date > on or r.closure_reason not in STEP_DOWN_CLOSURES:
            raise _grounds_refused(
                need,
                f"a referral closed on or before the move with reason {' or '.join(STEP_DOWN_CLOSURES)}",
                "A step down from child in need to early help rests on the child's referral closed on or "
                "before the move, with reason RC7 (no longer in need) or RC9 (closed after assessment, "
                "referred to early help): close the referral first, then the move.",
            )
    elif r.referral_date > on or r.no_further_action or (r.closure_date is not None and r.closure_date <= on):
        raise _grounds_refused(
            need,
            "the referral is not open on the move's date",
            "A move into child in need rests on an open referral of the child (not no further "
            "action) dated on or before the move.",
        )


def _check_statutory_grounds(session: Session, case: Case, body: Any, need: Need, given_id: Any) -> None:
    """The statutory event a move rests on (a referral, a conference, a plan): the child's, in this
    case, and in the state the move needs on its date."""
    on = body.effective_date
    if need.name == "referral_id":
        _check_referral(_grounds_record(session, case, body, need, Referral, given_id, "referral"), on, need)
    elif need.name == "conference_id":
        c = _grounds_record(session, case, body, need, ChildProtectionConference, given_id, "conference")
        plan = session.scalar(
            select(ChildProtectionPlan).where(
                ChildProtectionPlan.conference_id == c.id,
                ChildProtectionPlan.status != ENTERED_IN_ERROR,
                ChildProtectionPlan.start_date <= on,
            )
        )
        if (
            c.conference_type not in STARTS_A_PLAN
            or c.outcome != "PLAN_STARTED"
            or c.held_on > on
            or plan is None
            or (plan.end_date is not None and plan.end_date <= on)
        ):
            raise _grounds_refused(
                need,
                "not an initial conference that started a plan in force on the move's date",
                "A move into child protection rests on an initial (or transfer-in) conference "
                "of the child, held on or before the move, whose outcome started a child "
                "protection plan that is in force.",
            )
    else:
        p = _grounds_record(session, case, body, need, ChildProtectionPlan, given_id, "child protection plan")
        if p.end_date is None or p.end_date > on:
            raise _grounds_refused(
                need,
                "the plan has not ended on or before the move's date",
                "A step down from child protection rests on the child's plan ended on or before the move.",
            )


def _need_of(move: Move) -> tuple[Need | None, MoreGrounds | None]:
    """What a move must name in ``grounds``, and the other area that rules on it (None: this one)."""
    for more in MORE_GROUNDS:
        requirement = more.needed(move)
        if requirement:
            return Need(more.name, requirement), more
    return grounds_needed(move), None


def _check_named(
    session: Session, case: Case, body: Any, move: Move, need: Need, more: MoreGrounds | None, given: Any
) -> None:
    """The event a move names (``given``) holds as the move needs on its date, else refused. Reads
    under the child's lock, which a change to such an event takes before it reads the child's moves
    (:func:`moves_still_grounded`), so a move and that change cannot cross."""
    session.get(Person, body.child_id, with_for_update={"key_share": True})
    if more is not None:
        more.check(session, case, body, move, need.requirement, given)
    else:
        _check_statutory_grounds(session, case, body, need, given)


def check_grounds(session: Session, case: Case, body: Any, move: Move) -> dict[str, Any] | None:
    """The event a move names in ``grounds``, checked; returns the grounds to keep on the transition."""
    given = {k: v for k, v in (body.grounds.model_dump() if body.grounds else {}).items() if v is not None}
    need, more = _need_of(move)
    if need is None:
        if given:
            raise refuse(
                "/grounds",
                "this move rests on no statutory event; leave grounds out",
                "grounds_not_expected",
                "SOS-STAGE-001",
                f"A move from {move.from_stage or '(no stage)'} to {move.to_stage} takes no grounds.",
            )
        return None
    if need.name not in given or len(given) > 1:
        raise refuse(
            f"/grounds/{need.name}",
            f"required: the move rests on grounds.{need.name}",
            "grounds_required",
            need.requirement,
            f"A move from {move.from_stage or 'the front door'} to {move.to_stage} names the event it "
            f"rests on in grounds.{need.name}.",
        )
    _check_named(session, case, body, move, need, more, given[need.name])
    return {need.name: str(given[need.name])}


def moves_still_grounded(session: Session, record: Any, changed: Collection[str]) -> None:
    """SOS-STAGE-012: after a change to an event a child's moves rest on (a referral, a conference, a
    child protection plan, a looked-after episode), each of the child's moves still rests on what it
    names, checked as when the move was made (SOS-STAGE-005 to SOS-STAGE-011) with the record as
    changed. So the referral a step down to early help rests on is not reopened, nor the plan a step
    down from child protection rests on un-ended, and the CIN census and SSDA903 never count a child
    the stages say has moved on. Refused: 422 naming the changed field, or 409 when the record is
    entered in error (enter the move in error first)."""
    _moves_kept(session, record.child_id, changed, "this record ({name}, {requirement})", record.status)


def moves_still_of_age(session: Session, child: Person, changed: Collection[str]) -> None:
    """SOS-STAGE-012 for a child's date of birth, which a move to care leaver rests on (SOS-STAGE-010:
    16 or over, looked after 91 days since the 14th birthday): a change of it is checked against the
    child's moves as a change of a move's grounds is."""
    _moves_kept(session, child.id, changed, "the child's date of birth ({requirement})", child.status)


def _moves_kept(
    session: Session, child_id: uuid.UUID, changed: Collection[str], resting_on: str, status: str
) -> None:
    """Every grounded move of the child (a child has a handful) checked again, under the child's lock,
    which a move's grounds check takes too (:func:`_check_named`); ``resting_on`` says what changed, in
    the refusal (formatted with the move's grounds ``name`` and ``requirement``)."""
    session.get(Person, child_id, with_for_update={"key_share": True})
    for t in transitions_of(session, child_id):
        move = Move(t.from_stage, t.to_stage, t.kind, frozenset())
        need, more = _need_of(move)
        if need is None or not t.grounds or need.name not in t.grounds:
            continue
        case = session.get_one(Case, t.case_id)
        on_that_day = SimpleNamespace(child_id=t.child_id, effective_date=t.effective_date)
        try:
            _check_named(session, case, on_that_day, move, need, more, t.grounds[need.name])
        except RuleViolation as lost:
            what = f"The child's move from {t.from_stage or 'the front door'} to {t.to_stage}"
            rests_on = resting_on.format(name=need.name, requirement=need.requirement)
            what += f" on {t.effective_date} rests on {rests_on}"
            if status == ENTERED_IN_ERROR:
                raise Conflict(
                    f"{what}: enter the move in error first.", requirement="SOS-STAGE-012"
                ) from lost
            needs = "; ".join(e.detail for e in lost.errors or [])
            raise refuse(
                f"/{min(changed, key=_grounds_first)}",
                f"the child's move of {t.effective_date} rests on the record as it was",
                "grounds_of_a_move",
                "SOS-STAGE-012",
                f"{what}, which needs {needs}. To change both, enter the move in error first (a child's "
                "latest move can be), then amend the record.",
            ) from lost


GROUNDS_FIELDS = (
    "closure_date",
    "closure_reason",
    "referral_date",
    "no_further_action",
    "end_date",
    "start_date",
    "conference_id",
    "held_on",
    "outcome",
    "reason_new_episode",
    "reason_ceased",
    "legal_status",
    "date_of_birth",
    "expected_date_of_birth",
)
"""The fields of a referral, conference, plan, looked-after episode or child that a move's grounds check
reads: a refused change names the first of them it changed (else the first field it changed)."""


def _grounds_first(name: str) -> int:
    return GROUNDS_FIELDS.index(name) if name in GROUNDS_FIELDS else len(GROUNDS_FIELDS)


MOVES_STAY_GROUNDED = Kept(
    lambda session, record, changed: moves_still_grounded(session, record, changed), "SOS-STAGE-012"
)
"""Declared by the record types a move can rest on (a lambda, so the broken variants' replacement of
:func:`moves_still_grounded` is the one called)."""


if check_grounds not in MOVE_CHECKS:
    MOVE_CHECKS.append(check_grounds)
if moves_still_of_age not in BIRTH_DATE_RULES:
    BIRTH_DATE_RULES.append(moves_still_of_age)
