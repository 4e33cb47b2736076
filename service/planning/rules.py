"""Planning rules (no FastAPI): who may be named in a plan, what "informed" means now, the current
plan of a case, each record's checks on create and amend, and what a stage transition carries
forward.

Every refusal of a catalogue rule names its requirement. The ``new_*`` functions are the record
types' ``build`` hooks, the ``check_*_change`` ones their ``on_amend`` hooks (see kinds.py).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.cases.kinds import CASE
from service.cases.rules import members_of, require_person
from service.kit import records as kit
from service.kit.auth import Caller
from service.kit.dates import add_months
from service.kit.errors import Conflict, FieldError, NotFound, RuleViolation, field_error, refuse
from service.kit.operations import Change
from service.kit.records import ENTERED_IN_ERROR, RecordType
from service.models import Case, CaseMember, Person
from service.models.assessment import AssessmentMap, DangerStatement
from service.models.planning import (
    Milestone,
    NetworkMeeting,
    NetworkMember,
    SafetyPlan,
    WordsAndPictures,
)
from service.planning.schemas import InformedEntry, InformedStatus
from service.stages.rules import CARRY_FORWARD

# Domain rule 8: review no more than this many months after the plan was agreed.
PLAN_REVIEW_MONTHS = 3
LIVE_PLAN_STATUSES = ("DRAFT", "AGREED", "ACTIVE")
AGREED_STATUSES = ("AGREED", "ACTIVE")
TOOL_SECTIONS: dict[str, frozenset[str]] = {
    "THREE_HOUSES": frozenset({"WORRIES", "GOOD_THINGS", "DREAMS"}),
    "SAFETY_HOUSE": frozenset({"PEOPLE_INSIDE", "PEOPLE_OUTSIDE", "SAFETY_RULES", "OTHER"}),
}


# --- Danger statements (another area's table) -----------------------------------------------


def statements_of_case(session: Session, case_id: uuid.UUID) -> list[DangerStatement]:
    """The case's danger statements that were not entered in error."""
    return kit.live(session, DangerStatement.case_id, case_id, DangerStatement.created_at, DangerStatement.id)


def active_statements_of(session: Session, case_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[Any]]:
    """The active danger statements of each case, in one query."""
    wanted = set(case_ids)
    found: dict[uuid.UUID, list[Any]] = defaultdict(list)
    if wanted:
        for statement in session.scalars(
            select(DangerStatement)
            .where(DangerStatement.case_id.in_(wanted), DangerStatement.status == "active")
            .order_by(DangerStatement.created_at, DangerStatement.id)
        ):
            found[statement.case_id].append(statement)
    return found


# --- What a network member was told ---------------------------------------------------------


def informed_of(member: NetworkMember, statements: Sequence[Any]) -> tuple[list[InformedStatus], bool]:
    """Per active statement of the member's case: was the member told its current wording? Derived,
    never stored, so re-wording a statement makes everyone not yet told the new wording (and amending
    only its dates does not)."""
    told: dict[str, dict[int, date]] = {}
    for entry in member.informed or []:
        told.setdefault(str(entry["danger_statement_id"]), {})[int(entry["version"])] = date.fromisoformat(
            str(entry["informed_on"])
        )
    result = []
    for statement in statements:
        versions = told.get(str(statement.id), {})
        wording = told_wording(versions, statement.worded_in_version, statement.version)
        result.append(
            InformedStatus(
                danger_statement_id=statement.id,
                current_version=statement.version,
                worded_in_version=statement.worded_in_version,
                informed_of_current=bool(wording),
                informed_on=min(versions[v] for v in wording) if wording else None,
                last_informed_version=max(versions) if versions else None,
            )
        )
    return result, all(s.informed_of_current for s in result)


def told_wording(told: Iterable[int], worded_in_version: int, version: int) -> list[int]:
    """The versions told that carry a statement's current wording: from the version that last re-worded
    it (``worded_in_version``) to its version now. A version amending only dates keeps the wording."""
    return [v for v in told if worded_in_version <= v <= version]


def informed_status(session: Session, member: NetworkMember) -> tuple[list[InformedStatus], bool]:
    """One member's informed status (see :func:`informed_of`)."""
    return informed_of(member, active_statements_of(session, [member.case_id])[member.case_id])


def member_reads(session: Session, members: Sequence[NetworkMember]) -> list[dict[str, Any]]:
    """The worked-out fields of network members' reads: what each was told, and whether they are
    informed of every active statement now. One query for the whole page."""
    statements = active_statements_of(session, {m.case_id for m in members})
    out = []
    for member in members:
        informed, all_current = informed_of(member, statements.get(member.case_id, []))
        out.append(
            {
                "informed_history": [InformedEntry.model_validate(e) for e in member.informed or []],
                "informed": informed,
                "informed_of_all_current": all_current,
            }
        )
    return out


# --- People who may be named ----------------------------------------------------------------


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
    """The case's children, for a record about to name some of them: their memberships held until it
    is saved (see ``service.cases.rules.members_of``)."""
    return {m.person_id for m in members_of(session, case_id, "CHILD", held=True)}


def cases_of_child(session: Session, child_id: uuid.UUID) -> list[uuid.UUID]:
    """The cases the child is a child member of, for a record about to be kept for the child in one:
    the memberships held until it is saved."""
    query = select(CaseMember).where(
        CaseMember.person_id == child_id, CaseMember.role == "CHILD", CaseMember.status == "active"
    )
    return sorted({m.case_id for m in session.scalars(query.with_for_update(read=True))})


# --- The safety network ---------------------------------------------------------------------


def left_after_joining(joined_on: date, left_on: date | None) -> None:
    if left_on is not None and left_on < joined_on:
        raise refuse(
            "/left_on",
            "before joined_on",
            "before_joined_on",
            "SOS-NET-001",
            f"A member cannot leave the network before joining it on {joined_on}.",
        )


def new_member(session: Session, caller: Caller, case: Case, body: Any) -> dict[str, Any]:
    """A person of the authority joins the case's network, once at a time."""
    require_person(session, caller, body.person_id, "/person_id", "SOS-NET-001")
    if any(m.person_id == body.person_id for m in current_network(session, case.id)):
        raise Conflict(
            "This person is already a current member of the case's safety network.", requirement="SOS-NET-001"
        )
    data = body.model_dump()
    check_child_relationships(session, case.id, data["relationship_to_children"])
    return {**data, "case_id": case.id, "informed": []}


def check_child_relationships(
    session: Session, case_id: uuid.UUID, entries: Sequence[dict[str, Any]]
) -> None:
    """Each entry names a different child member of the case."""
    children = {str(c) for c in case_children(session, case_id)}
    wrong = each_once(
        entries, "relationship_to_children", "child_id", children, "not a child member of this case"
    )
    refuse_entries(wrong, "Each per-child relationship names a different child of this case.", "SOS-NET-007")


def told(session: Session, member: NetworkMember, body: Any) -> Change:
    """Record that the member was told one version of one of the case's danger statements."""
    if member.status == ENTERED_IN_ERROR:
        raise Conflict("This network member was entered in error.", requirement="SOS-NET-002")
    statement = next(
        (s for s in statements_of_case(session, member.case_id) if s.id == body.danger_statement_id), None
    )
    if statement is None:
        raise RuleViolation(
            "The danger statement is not one of this member's case.",
            errors=[
                field_error(
                    "/danger_statement_id", "not a danger statement of the case", "reference_not_found"
                )
            ],
            requirement="SOS-NET-002",
        )
    if body.version > statement.version:
        raise RuleViolation(
            f"The danger statement is at version {statement.version}; "
            f"version {body.version} does not exist yet.",
            errors=[field_error("/version", f"at most {statement.version}", "version_not_found")],
            requirement="SOS-NET-002",
        )
    return Change(
        {"informed": [*(member.informed or []), body.model_dump()]},
        "informed",
        f"Told version {body.version} of danger statement {statement.id}",
    )


def refuse_entries(errors: list[FieldError], message: str, requirement: str) -> None:
    """Refuse the write naming its rule when any entry is wrong."""
    if errors:
        raise RuleViolation(message, errors=errors, requirement=requirement)


def named_outside(
    entries: Sequence[dict[str, Any]], field: str, key: str, allowed: set[str], detail: str
) -> list[FieldError]:
    """The entries of a list field naming, by ``key``, something not ``allowed`` (entries without it pass)."""
    return [
        field_error(f"/{field}/{i}/{key}", detail, "reference_not_found")
        for i, entry in enumerate(entries)
        if entry.get(key) is not None and str(entry[key]) not in allowed
    ]


def each_once(
    entries: Sequence[dict[str, Any]], field: str, key: str, allowed: set[str], outside: str
) -> list[FieldError]:
    """The entries of a list field whose ``key`` is not one of ``allowed``, or repeats an earlier entry's."""
    seen: set[str] = set()
    wrong: list[FieldError] = []
    for i, entry in enumerate(entries):
        ref = str(entry[key])
        if ref not in allowed or ref in seen:
            detail = "named already" if ref in seen else outside
            wrong.append(field_error(f"/{field}/{i}/{key}", detail, "reference_not_found"))
        seen.add(ref)
    return wrong


def member_ids(session: Session, case_id: uuid.UUID) -> set[str]:
    """The ids of the case's network memberships, past and present (not entered in error), for a
    record about to name some of them: each is held (``FOR SHARE`` on PostgreSQL; SQLite has one
    writer) until the record is saved, so a membership cannot be marked entered in error meanwhile
    (SOS-NET-008, :func:`member_not_named`)."""
    query = select(NetworkMember.id).where(NetworkMember.case_id == case_id, NetworkMember.status == "active")
    return {str(m) for m in session.scalars(query.with_for_update(read=True))}


NAMING_A_MEMBER = (
    (NetworkMeeting, NetworkMeeting.attendees, "network meeting"),
    (SafetyPlan, SafetyPlan.network_agreement, "safety plan version"),
)
"""The records of a case that name its network members by id (``network_member_id`` in a JSON list)."""


def member_not_named(session: Session, _caller: Caller, member: NetworkMember) -> None:
    """SOS-NET-008: a membership that meetings or plan answers standing in its case name is not marked
    entered in error (409 saying which). The kit holds the member row (``FOR UPDATE``) and a record
    naming it holds it too (:func:`member_ids`): the count and a new naming cannot cross."""
    named = records_naming(session, member)
    if named:
        raise Conflict(
            f"Records that stand name this network member: {', '.join(named)}. Amend them (or enter them "
            "in error) first, so that no meeting or plan goes on naming a member who never was one.",
            requirement="SOS-NET-008",
        )


def records_naming(session: Session, member: NetworkMember) -> list[str]:
    """Which records standing in the member's case name it, with how many of each ("network meetings
    (2)"); empty when none do."""
    key = str(member.id)
    named = []
    for model, entries, what in NAMING_A_MEMBER:
        lists = session.scalars(
            select(entries).where(model.case_id == member.case_id, model.status == "active")
        )
        count = sum(1 for entry_list in lists if any(e.get("network_member_id") == key for e in entry_list))
        if count:
            named.append(f"{what}s ({count})")
    return named


def check_attendees(session: Session, case_id: uuid.UUID, attendees: Sequence[dict[str, Any]]) -> None:
    wrong = named_outside(
        attendees,
        "attendees",
        "network_member_id",
        member_ids(session, case_id),
        "not a member of this case's network",
    )
    refuse_entries(
        wrong, "An attendee is named as a network member but is not one of this case's.", "SOS-NET-004"
    )


def check_agreement(session: Session, case_id: uuid.UUID, answers: Sequence[dict[str, Any]]) -> None:
    """Each answer to a plan version is from a member of this case's network, each member at most once."""
    members = member_ids(session, case_id)
    wrong = each_once(
        answers, "network_agreement", "network_member_id", members, "not a member of this case's network"
    )
    refuse_entries(
        wrong,
        "Each answer to the plan is from a different member of this case's safety network.",
        "SOS-PLAN-005",
    )


def check_meeting_map(session: Session, case_id: uuid.UUID, map_id: uuid.UUID | None) -> None:
    """The map version a meeting worked from is one of its case's, not entered in error. The map's
    row is read under its lock, so it cannot be marked entered in error while the meeting is written
    (marking it waits until the meeting is saved)."""
    if map_id is None:
        return
    found = session.get(AssessmentMap, map_id, with_for_update=True)
    if found is None or found.case_id != case_id or found.status == ENTERED_IN_ERROR:
        raise refuse(
            "/map_id",
            "not a map version of this case",
            "not_of_this_case",
            "SOS-NET-004",
            "A network meeting works from one of its own case's map versions (not one entered in error).",
        )


def new_meeting(session: Session, _caller: Caller, case: Case, body: Any) -> dict[str, Any]:
    data = body.model_dump()
    check_attendees(session, case.id, data["attendees"])
    check_meeting_map(session, case.id, data.get("map_id"))
    return {**data, "case_id": case.id}


def meeting_changes(
    session: Session, _caller: Caller, meeting: NetworkMeeting, changes: dict[str, Any]
) -> dict[str, Any]:
    """An amendment's attendees and map version, when sent, checked as on create."""
    if "attendees" in changes:
        check_attendees(session, meeting.case_id, changes["attendees"])
    if "map_id" in changes:
        check_meeting_map(session, meeting.case_id, changes["map_id"])
    return changes


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


def _unknown_references(
    session: Session, case_id: uuid.UUID, rules: Sequence[dict[str, Any]]
) -> list[FieldError]:
    """Rules naming a statement of another case, or a person neither in the network nor the case."""
    statements = {str(s.id) for s in statements_of_case(session, case_id)}
    allowed = {str(p) for p in carers_and_network(session, case_id)}
    wrong: list[FieldError] = []
    for i, rule in enumerate(rules):
        for j, sid in enumerate(rule.get("addresses_statement_ids") or []):
            if str(sid) not in statements:
                wrong.append(
                    field_error(
                        f"/rules/{i}/addresses_statement_ids/{j}",
                        "not a danger statement of this case",
                        "reference_not_found",
                    )
                )
        for key in ("responsible_person_ids", "monitor_person_ids"):
            wrong.extend(
                field_error(
                    f"/rules/{i}/{key}/{j}",
                    "not a current network member or member of this case",
                    "not_network_or_carer",
                )
                for j, pid in enumerate(rule.get(key) or [])
                if str(pid) not in allowed
            )
    return wrong


def _incomplete_rules(rules: Sequence[dict[str, Any]]) -> list[FieldError]:
    """Domain rule 8: an agreed plan has rules, each with someone responsible and a statement."""
    if not rules:
        return [field_error("/rules", "an agreed plan needs at least one rule", "required")]
    wrong: list[FieldError] = []
    for i, rule in enumerate(rules):
        if not rule.get("responsible_person_ids"):
            wrong.append(
                field_error(
                    f"/rules/{i}/responsible_person_ids",
                    "an agreed plan's rule needs at least one responsible person",
                    "required",
                )
            )
        if not rule.get("addresses_statement_ids"):
            wrong.append(
                field_error(
                    f"/rules/{i}/addresses_statement_ids",
                    "an agreed plan's rule needs at least one danger statement",
                    "required",
                )
            )
    return wrong


def _check_review_date(agreed: bool, review_by: date, agreed_on: date | None) -> None:
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
    agreed = plan_status in AGREED_STATUSES
    wrong = _unknown_references(session, case_id, rules)
    if wrong:
        raise RuleViolation(
            "A rule names a person who is neither in the network nor a member of the case, "
            "or a danger statement of another case.",
            errors=wrong,
            requirement="SOS-PLAN-002",
        )
    wrong = _incomplete_rules(rules) if agreed else []
    if wrong:
        raise RuleViolation(
            "An agreed or active safety plan needs at least one rule, "
            "and each rule at least one responsible person and one danger statement.",
            errors=wrong,
            requirement="SOS-PLAN-002",
        )
    _check_review_date(agreed, review_by, agreed_on)


def new_plan(
    session: Session, caller: Caller, case: Case, body: Any, rtype: RecordType[SafetyPlan]
) -> SafetyPlan:
    """A new version of the case's plan (1, 2, 3 ...); the current version, if any, is superseded
    (a new version of it, in its history)."""
    if body.plan_status not in LIVE_PLAN_STATUSES:
        raise RuleViolation(
            "A new plan version starts as DRAFT, AGREED or ACTIVE; "
            "versions become SUPERSEDED or ENDED later.",
            errors=[field_error("/plan_status", "DRAFT, AGREED or ACTIVE", "status_not_allowed")],
            requirement="SOS-PLAN-001",
        )
    data = body.model_dump()
    check_agreement(session, case.id, data["network_agreement"])
    check_plan(
        session,
        case.id,
        plan_status=body.plan_status,
        rules=data["rules"],
        review_by=body.review_by,
        agreed_on=body.agreed_on,
    )
    version = next_plan_version(session, case.id)
    previous = current_plan(session, case.id)
    plan = kit.new_record(
        rtype,
        data,
        case_id=case.id,
        plan_version=version,
        supersedes_id=previous.id if previous is not None else None,
    )
    if previous is not None:  # superseded on the new version's practice date, not the day it is typed
        kit.change(
            session,
            caller,
            rtype,
            previous,
            {"plan_status": "SUPERSEDED"},
            on=rtype.effective_date(plan) or date.today(),
            reason=f"Superseded by plan version {version}",
            step="superseded",
        )
    return plan


def check_plan_change(
    session: Session, _caller: Caller, plan: SafetyPlan, data: dict[str, Any]
) -> dict[str, Any]:
    if plan.plan_status == "SUPERSEDED":
        raise Conflict(
            "This plan version was superseded; it stays as history and cannot change.",
            requirement="SOS-PLAN-001",
        )
    if data.get("plan_status") == "SUPERSEDED":
        raise RuleViolation(
            "A plan version is superseded only by recording a new version (create_safety_plan).",
            errors=[field_error("/plan_status", "set by a new version", "status_not_allowed")],
            requirement="SOS-PLAN-001",
        )
    if "network_agreement" in data:
        check_agreement(session, plan.case_id, data["network_agreement"])
    status, review_by, agreed_on = kit.amended(plan, data, "plan_status", "review_by", "agreed_on")
    check_plan(
        session, plan.case_id, plan_status=status, rules=plan.rules, review_by=review_by, agreed_on=agreed_on
    )
    return data


def new_review(_session: Session, _caller: Caller, plan: SafetyPlan, body: Any) -> dict[str, Any]:
    """A review of a plan version in use: each result names a different rule of it, from 1."""
    if plan.plan_status == "DRAFT":
        raise RuleViolation(
            "A draft plan has not been put to use, so it cannot be reviewed.",
            errors=[field_error("/safety_plan_id", "plan is DRAFT", "plan_not_in_use", location="path")],
            requirement="SOS-PLAN-004",
        )
    seen: set[int] = set()
    wrong = []
    for i, result in enumerate(body.rule_results):
        pointer = f"/rule_results/{i}/rule_index"
        if result.rule_index > len(plan.rules):
            wrong.append(field_error(pointer, f"the plan has {len(plan.rules)} rule(s)", "rule_not_found"))
        elif result.rule_index in seen:
            wrong.append(field_error(pointer, "named twice", "duplicate"))
        seen.add(result.rule_index)
    if wrong:
        raise RuleViolation(
            "Each result must name a different rule of this plan version.",
            errors=wrong,
            requirement="SOS-PLAN-004",
        )
    return {**body.model_dump(), "safety_plan_id": plan.id, "case_id": plan.case_id}


# --- The child's voice ----------------------------------------------------------------------


def case_of_child(
    session: Session, caller: Caller, child_id: uuid.UUID, case_id: uuid.UUID | None
) -> uuid.UUID:
    """The case named in the body, which must have the child as a child member; if none is named,
    the child's only case."""
    if case_id is None:
        cases = cases_of_child(session, child_id)
        if len(cases) != 1:
            raise RuleViolation(
                f"The child is a child member of {len(cases)} cases; name the case in case_id.",
                errors=[
                    field_error("/case_id", "required unless the child is in exactly one case", "required")
                ],
                requirement="SOS-VOICE-001",
            )
        return cases[0]
    try:
        CASE.get(session, caller, case_id)
    except NotFound as exc:
        raise RuleViolation(
            f"There is no case with id {case_id} in your authority.",
            errors=[field_error("/case_id", "no such case", "reference_not_found")],
            requirement="SOS-VOICE-001",
        ) from exc
    if child_id not in case_children(session, case_id):
        raise RuleViolation(
            "The child is not a child member of this case.",
            errors=[field_error("/case_id", "the child is not a child of this case", "not_a_child_of_case")],
            requirement="SOS-VOICE-001",
        )
    return case_id


def check_voice(
    tool: str,
    items: Sequence[dict[str, Any]],
    safety_path_position: int | None,
    observations: Sequence[dict[str, Any]],
) -> None:
    if not items and not observations:
        raise RuleViolation(
            "A voice record holds the child's own words (items) or, for a child too young to say them, the "
            "worker's observations (observations).",
            errors=[field_error("/items", "give items, observations or both", "nothing_heard")],
            requirement="SOS-VOICE-005",
        )
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


def new_voice_record(session: Session, caller: Caller, child: Person, body: Any) -> dict[str, Any]:
    """What a child said, in a case the child is a child member of; about this child only."""
    case_id = case_of_child(session, caller, child.id, body.case_id)
    return {**body.model_dump(exclude={"case_id"}), "case_id": case_id, "child_id": child.id}


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
    _dated_when(
        document_status == "SHARED",
        shared_on,
        ("/shared_on", "SHARED", "SOS-WP-002"),
        "Shared words and pictures need the date they were shared with the children.",
        "Only shared words and pictures have a shared date.",
    )


def new_words_and_pictures(session: Session, _caller: Caller, case: Case, body: Any) -> dict[str, Any]:
    check_words_and_pictures(session, case.id, body.audience_children, body.document_status, body.shared_on)
    return {**body.model_dump(), "case_id": case.id}


def check_words_change(
    session: Session, _caller: Caller, record: WordsAndPictures, data: dict[str, Any]
) -> dict[str, Any]:
    amended = kit.amended(record, data, "audience_children", "document_status", "shared_on")
    check_words_and_pictures(session, record.case_id, *amended)
    return data


# --- Trajectory -----------------------------------------------------------------------------


def check_milestone(milestone_status: str, actual_date: date | None) -> None:
    _dated_when(
        milestone_status == "DONE",
        actual_date,
        ("/actual_date", "DONE", "SOS-TRAJ-002"),
        "A milestone that is done needs the date it happened.",
        "Only a milestone that is done has an actual date.",
    )


def _dated_when(reached: bool, day: date | None, field: tuple[str, str, str], needed: str, only: str) -> None:
    """A date required once a status is reached, and only then; ``field`` is the date's pointer, the
    status and the requirement."""
    pointer, status, requirement = field
    if reached and day is None:
        error = field_error(pointer, f"required when {status}", "required")
        raise RuleViolation(needed, errors=[error], requirement=requirement)
    if not reached and day is not None:
        error = field_error(pointer, f"only when {status}", "not_allowed")
        raise RuleViolation(only, errors=[error], requirement=requirement)


def trajectory(session: Session, case_id: uuid.UUID) -> list[Milestone]:
    """The case's milestones in planned-date order; those entered in error are left out."""
    return kit.live(
        session, Milestone.case_id, case_id, Milestone.planned_date, Milestone.created_at, Milestone.id
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
