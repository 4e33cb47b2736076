"""Planning rules applied to the database: who may be named in a plan, what "informed" means now,
the current plan of a case, and what a stage transition carries forward.
"""

from __future__ import annotations

import calendar
import uuid
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.kit.auth import Caller
from service.kit.errors import FieldError, RuleViolation, field_error
from service.kit.legacy_records import ENTERED_IN_ERROR
from service.models import CaseMember, Person
from service.models.planning import Milestone, NetworkMember, SafetyPlan, WordsAndPictures
from service.planning.schemas import InformedStatus
from service.stages.rules import CARRY_FORWARD

# Domain rule 8: review no more than this many months after the plan was agreed.
PLAN_REVIEW_MONTHS = 3
LIVE_PLAN_STATUSES = ("DRAFT", "AGREED", "ACTIVE")
AGREED_STATUSES = ("AGREED", "ACTIVE")
TOOL_SECTIONS: dict[str, frozenset[str]] = {
    "THREE_HOUSES": frozenset({"WORRIES", "GOOD_THINGS", "DREAMS"}),
    "SAFETY_HOUSE": frozenset({"PEOPLE_INSIDE", "PEOPLE_OUTSIDE", "SAFETY_RULES", "OTHER"}),
}


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- Danger statements (another area's table, looked up by model name) ------------------------


def statements_of_case(session: Session, case_id: uuid.UUID) -> list[Any]:
    """The case's danger statements that were not entered in error."""
    from service.models.assessment import DangerStatement

    return list(
        session.scalars(
            select(DangerStatement)
            .where(DangerStatement.case_id == case_id, DangerStatement.status != ENTERED_IN_ERROR)
            .order_by(DangerStatement.created_at, DangerStatement.id)
        )
    )


def active_statements(session: Session, case_id: uuid.UUID) -> list[Any]:
    return [s for s in statements_of_case(session, case_id) if s.status == "active"]


def informed_status(session: Session, member: NetworkMember) -> tuple[list[InformedStatus], bool]:
    """Per active statement of the case: was the member told its current version? Derived, never stored."""
    told: dict[str, dict[int, date]] = {}
    for entry in member.informed or []:
        told.setdefault(entry["danger_statement_id"], {})[int(entry["version"])] = date.fromisoformat(
            entry["informed_on"]
        )
    result = []
    for statement in active_statements(session, member.case_id):
        versions = told.get(str(statement.id), {})
        result.append(
            InformedStatus(
                danger_statement_id=statement.id,
                current_version=statement.version,
                informed_of_current=statement.version in versions,
                informed_on=versions.get(statement.version),
                last_informed_version=max(versions) if versions else None,
            )
        )
    return result, all(s.informed_of_current for s in result)


# --- People who may be named ----------------------------------------------------------------


def require_person(
    session: Session, caller: Caller, person_id: uuid.UUID, pointer: str, requirement: str
) -> Person:
    person = session.get(Person, person_id)
    if person is None or person.la_code != caller.la_code:
        raise RuleViolation(
            f"There is no person with id {person_id} in your authority.",
            errors=[field_error(pointer, "no such person", "reference_not_found")],
            requirement=requirement,
        )
    return person


def current_network(session: Session, case_id: uuid.UUID) -> list[NetworkMember]:
    return list(
        session.scalars(
            select(NetworkMember)
            .where(
                NetworkMember.case_id == case_id,
                NetworkMember.status == "active",
                NetworkMember.left_on.is_(None),
            )
            .order_by(NetworkMember.joined_on, NetworkMember.id)
        )
    )


def carers_and_network(session: Session, case_id: uuid.UUID) -> set[uuid.UUID]:
    """Person ids a plan may make responsible: current network members and current case members."""
    case_people = session.scalars(
        select(CaseMember.person_id).where(
            CaseMember.case_id == case_id, CaseMember.status == "active", CaseMember.left_on.is_(None)
        )
    )
    return {m.person_id for m in current_network(session, case_id)} | set(case_people)


def case_children(session: Session, case_id: uuid.UUID) -> set[uuid.UUID]:
    return set(
        session.scalars(
            select(CaseMember.person_id).where(
                CaseMember.case_id == case_id, CaseMember.role == "CHILD", CaseMember.status == "active"
            )
        )
    )


def cases_of_child(session: Session, child_id: uuid.UUID) -> list[uuid.UUID]:
    return list(
        session.scalars(
            select(CaseMember.case_id)
            .where(
                CaseMember.person_id == child_id, CaseMember.role == "CHILD", CaseMember.status == "active"
            )
            .distinct()
        )
    )


# --- Safety plans ---------------------------------------------------------------------------


def current_plan(session: Session, case_id: uuid.UUID) -> SafetyPlan | None:
    return session.scalars(
        select(SafetyPlan)
        .where(
            SafetyPlan.case_id == case_id,
            SafetyPlan.status == "active",
            SafetyPlan.plan_status.in_(LIVE_PLAN_STATUSES),
        )
        .order_by(SafetyPlan.plan_version.desc())
    ).first()


def next_plan_version(session: Session, case_id: uuid.UUID) -> int:
    latest = session.scalar(select(func.max(SafetyPlan.plan_version)).where(SafetyPlan.case_id == case_id))
    return int(latest or 0) + 1


def check_plan(
    session: Session,
    case_id: uuid.UUID,
    *,
    plan_status: str,
    rules: Sequence[dict[str, Any]],
    review_by: date,
    agreed_on: date | None,
) -> None:
    """Refuse a plan version that names strangers or statements of another case, and (domain rule 8)
    an agreed or active plan without rules, responsible people, statements or a timely review date."""
    statements = {str(s.id) for s in statements_of_case(session, case_id)}
    allowed = {str(p) for p in carers_and_network(session, case_id)}
    agreed = plan_status in AGREED_STATUSES
    refs: list[FieldError] = []
    rule8: list[FieldError] = []
    for i, rule in enumerate(rules):
        for j, sid in enumerate(rule.get("addresses_statement_ids") or []):
            if str(sid) not in statements:
                refs.append(
                    field_error(
                        f"/rules/{i}/addresses_statement_ids/{j}",
                        "not a danger statement of this case",
                        "reference_not_found",
                    )
                )
        for key in ("responsible_person_ids", "monitor_person_ids"):
            for j, pid in enumerate(rule.get(key) or []):
                if str(pid) not in allowed:
                    refs.append(
                        field_error(
                            f"/rules/{i}/{key}/{j}",
                            "not a current network member or member of this case",
                            "not_network_or_carer",
                        )
                    )
        if agreed and not rule.get("responsible_person_ids"):
            rule8.append(
                field_error(
                    f"/rules/{i}/responsible_person_ids",
                    "an agreed plan's rule needs at least one responsible person",
                    "required",
                )
            )
        if agreed and not rule.get("addresses_statement_ids"):
            rule8.append(
                field_error(
                    f"/rules/{i}/addresses_statement_ids",
                    "an agreed plan's rule needs at least one danger statement",
                    "required",
                )
            )
    if agreed and not rules:
        rule8.append(field_error("/rules", "an agreed plan needs at least one rule", "required"))
    if refs:
        raise RuleViolation(
            "A rule names a person who is neither in the network nor a member of the case, "
            "or a danger statement "
            "of another case.",
            errors=refs,
            requirement="SOS-PLAN-002",
        )
    if rule8:
        raise RuleViolation(
            "An agreed or active safety plan needs at least one rule, "
            "and each rule at least one responsible person "
            "and one danger statement.",
            errors=rule8,
            requirement="SOS-PLAN-002",
        )
    if agreed and agreed_on is None:
        raise RuleViolation(
            "An agreed or active safety plan needs the date it was agreed.",
            errors=[field_error("/agreed_on", "required when AGREED or ACTIVE", "required")],
            requirement="SOS-PLAN-003",
        )
    if agreed_on is not None:
        latest = add_months(agreed_on, PLAN_REVIEW_MONTHS)
        if not agreed_on <= review_by <= latest:
            raise RuleViolation(
                f"The review must be due between the day the plan was agreed ({agreed_on}) and {latest} "
                f"({PLAN_REVIEW_MONTHS} months later).",
                errors=[
                    field_error("/review_by", f"must be between {agreed_on} and {latest}", "review_too_late")
                ],
                requirement="SOS-PLAN-003",
            )


# --- The child's voice ----------------------------------------------------------------------


def check_voice(tool: str, items: Iterable[dict[str, Any]], safety_path_position: int | None) -> None:
    allowed = TOOL_SECTIONS.get(tool)
    if allowed is not None:
        wrong = [
            field_error(
                f"/items/{i}/section",
                f"{tool} takes only {', '.join(sorted(allowed))}",
                "section_not_for_tool",
            )
            for i, item in enumerate(items)
            if item["section"] not in allowed
        ]
        if wrong:
            raise RuleViolation(
                f"A section does not belong to the {tool} tool.", errors=wrong, requirement="SOS-VOICE-002"
            )
    if safety_path_position is not None:
        if tool != "SAFETY_HOUSE":
            raise RuleViolation(
                "Only a Safety House record has a safety path position.",
                errors=[field_error("/safety_path_position", "only for SAFETY_HOUSE", "not_for_tool")],
                requirement="SOS-VOICE-003",
            )
        if not 0 <= safety_path_position <= 10:
            raise RuleViolation(
                "The safety path position is a whole number from 0 to 10.",
                errors=[field_error("/safety_path_position", "must be 0 to 10", "out_of_range")],
                requirement="SOS-VOICE-003",
            )


# --- Words and pictures ---------------------------------------------------------------------


def check_words_and_pictures(
    session: Session,
    case_id: uuid.UUID,
    audience: Sequence[Any],
    document_status: str,
    shared_on: date | None,
) -> None:
    children = {str(c) for c in case_children(session, case_id)}
    wrong = [
        field_error(f"/audience_children/{i}", "not a child member of this case", "not_a_child_of_case")
        for i, child in enumerate(audience)
        if str(child) not in children
    ]
    if wrong:
        raise RuleViolation(
            "Words and pictures are for the case's own children.", errors=wrong, requirement="SOS-WP-001"
        )
    if document_status == "SHARED" and shared_on is None:
        raise RuleViolation(
            "Shared words and pictures need the date they were shared with the children.",
            errors=[field_error("/shared_on", "required when SHARED", "required")],
            requirement="SOS-WP-002",
        )
    if document_status != "SHARED" and shared_on is not None:
        raise RuleViolation(
            "Only shared words and pictures have a shared date.",
            errors=[field_error("/shared_on", "only when SHARED", "not_allowed")],
            requirement="SOS-WP-002",
        )


# --- Trajectory -----------------------------------------------------------------------------


def check_milestone(milestone_status: str, actual_date: date | None) -> None:
    if milestone_status == "DONE" and actual_date is None:
        raise RuleViolation(
            "A milestone that is done needs the date it happened.",
            errors=[field_error("/actual_date", "required when DONE", "required")],
            requirement="SOS-TRAJ-002",
        )
    if milestone_status != "DONE" and actual_date is not None:
        raise RuleViolation(
            "Only a milestone that is done has an actual date.",
            errors=[field_error("/actual_date", "only when DONE", "not_allowed")],
            requirement="SOS-TRAJ-002",
        )


# --- Continuity -----------------------------------------------------------------------------


def carried_forward(session: Session, case_id: uuid.UUID) -> dict[str, Any]:
    """What a stage transition carries forward: the case's planning records, never restarted."""
    plan = current_plan(session, case_id)
    milestones = session.scalars(
        select(Milestone.id)
        .where(Milestone.case_id == case_id, Milestone.status == "active")
        .order_by(Milestone.planned_date, Milestone.id)
    )
    words = session.scalars(
        select(WordsAndPictures.id)
        .where(WordsAndPictures.case_id == case_id, WordsAndPictures.status == "active")
        .order_by(WordsAndPictures.created_at, WordsAndPictures.id)
    )
    return {
        "network_member_ids": [str(m.id) for m in current_network(session, case_id)],
        "safety_plan_id": str(plan.id) if plan is not None else None,
        "milestone_ids": [str(i) for i in milestones],
        "words_and_pictures_ids": [str(i) for i in words],
    }


if carried_forward not in CARRY_FORWARD:
    CARRY_FORWARD.append(carried_forward)
