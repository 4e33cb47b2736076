"""The safety network, safety plans, the child's voice, words and pictures, and the trajectory."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response
from pydantic import BaseModel
from pydantic_core import to_jsonable_python
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.cases.kinds import CASE, CaseId
from service.db import SessionDep
from service.kit.auth import Caller, Reader, Writer
from service.kit.errors import Conflict, NotFound, RuleViolation, ValidationFailed, field_error
from service.kit.legacy_idempotency import Idempotency, created
from service.kit.legacy_records import ENTERED_IN_ERROR, RecordKind, Subject, etag
from service.kit.legacy_routes import READ_ERRORS, WRITE_ERRORS, add_record_routes, requirement_ids
from service.kit.pagination import Page, Paging, fetch_page
from service.kit.schemas import read_fields
from service.models.planning import (
    ChildVoiceRecord,
    Milestone,
    NetworkMeeting,
    NetworkMember,
    SafetyPlan,
    SafetyPlanReview,
    WordsAndPictures,
)
from service.people.kinds import PERSON
from service.planning import service as rules
from service.planning.schemas import (
    Attendee,
    ChildFriendlyVersion,
    ChildVoiceAmend,
    ChildVoiceCreate,
    ChildVoiceRead,
    InformedCreate,
    InformedEntry,
    MilestoneAmend,
    MilestoneCreate,
    MilestoneRead,
    NetworkMeetingAmend,
    NetworkMeetingCreate,
    NetworkMeetingRead,
    NetworkMemberAmend,
    NetworkMemberCreate,
    NetworkMemberRead,
    PersonRef,
    SafetyPlanAmend,
    SafetyPlanCreate,
    SafetyPlanRead,
    SafetyPlanReviewCreate,
    SafetyPlanReviewRead,
    Trajectory,
    VoiceItem,
    WordsAndPicturesAmend,
    WordsAndPicturesCreate,
    WordsAndPicturesRead,
)

router = APIRouter(tags=["planning"])
ChildId = Annotated[uuid.UUID, Path(description="The child's person id.")]
MemberId = Annotated[uuid.UUID, Path(alias="network_member_id", description="The network member's id.")]
PlanId = Annotated[uuid.UUID, Path(alias="safety_plan_id", description="The safety plan version's id.")]


def _json(value: Any) -> Any:
    return to_jsonable_python(value)


# --- Record kinds ---------------------------------------------------------------------------


def member_to_read(session: Session, m: NetworkMember) -> NetworkMemberRead:
    informed, all_current = rules.informed_status(session, m)
    return NetworkMemberRead(
        **read_fields(m),
        case_id=m.case_id,
        person_id=m.person_id,
        relationship_to_child=m.relationship_to_child,
        roles=m.roles,
        naturally_connected=m.naturally_connected,
        joined_on=m.joined_on,
        left_on=m.left_on,
        informed_history=[InformedEntry.model_validate(e) for e in m.informed or []],
        informed=informed,
        informed_of_all_current=all_current,
    )


NETWORK_MEMBER = RecordKind(
    record_type="network_member",
    label="network member",
    model=NetworkMember,
    to_read=member_to_read,
    subject=lambda m: Subject(case_id=m.case_id),
    effective_date=lambda m: m.joined_on,
    summary=lambda m: f"Safety network member ({', '.join(m.roles)})",
)


def meeting_to_read(_session: Session, m: NetworkMeeting) -> NetworkMeetingRead:
    return NetworkMeetingRead(
        **read_fields(m),
        case_id=m.case_id,
        held_on=m.held_on,
        attendees=m.attendees,
        purpose=m.purpose,
        decisions=m.decisions,
    )


NETWORK_MEETING = RecordKind(
    record_type="network_meeting",
    label="network meeting",
    model=NetworkMeeting,
    to_read=meeting_to_read,
    subject=lambda m: Subject(case_id=m.case_id),
    effective_date=lambda m: m.held_on,
    summary=lambda m: f"Network meeting: {m.purpose}",
)


def plan_to_read(_session: Session, p: SafetyPlan) -> SafetyPlanRead:
    return SafetyPlanRead(
        **read_fields(p),
        case_id=p.case_id,
        plan_version=p.plan_version,
        plan_status=p.plan_status,
        title=p.title,
        rules=p.rules,
        bottom_lines=p.bottom_lines,
        review_by=p.review_by,
        agreed_on=p.agreed_on,
        child_friendly_version=p.child_friendly_version,
        supersedes_id=p.supersedes_id,
    )


SAFETY_PLAN = RecordKind(
    record_type="safety_plan",
    label="safety plan",
    model=SafetyPlan,
    to_read=plan_to_read,
    subject=lambda p: Subject(case_id=p.case_id),
    effective_date=lambda p: p.agreed_on,
    summary=lambda p: (
        f"Safety plan version {p.plan_version} ({p.plan_status.lower()}), {len(p.rules)} rule(s)"
    ),
)


def review_to_read(_session: Session, r: SafetyPlanReview) -> SafetyPlanReviewRead:
    return SafetyPlanReviewRead(
        **read_fields(r),
        safety_plan_id=r.safety_plan_id,
        case_id=r.case_id,
        reviewed_on=r.reviewed_on,
        rule_results=r.rule_results,
        summary=r.summary,
    )


SAFETY_PLAN_REVIEW = RecordKind(
    record_type="safety_plan_review",
    label="safety plan review",
    model=SafetyPlanReview,
    to_read=review_to_read,
    subject=lambda r: Subject(case_id=r.case_id),
    effective_date=lambda r: r.reviewed_on,
    summary=lambda r: (
        "Safety plan reviewed: "
        + ", ".join(f"rule {x['rule_index']} {x['kept'].lower()}" for x in r.rule_results)
    ),
)


def voice_to_read(_session: Session, v: ChildVoiceRecord) -> ChildVoiceRead:
    return ChildVoiceRead(
        **read_fields(v),
        case_id=v.case_id,
        child_id=v.child_id,
        tool=v.tool,
        recorded_on=v.recorded_on,
        worker=v.worker,
        items=v.items,
        read_back_to_child=v.read_back_to_child,
        safety_path_position=v.safety_path_position,
        child_agreed_sharing_with=v.child_agreed_sharing_with,
    )


CHILD_VOICE = RecordKind(
    record_type="child_voice_record",
    label="child's voice record",
    model=ChildVoiceRecord,
    to_read=voice_to_read,
    subject=lambda v: Subject(case_id=v.case_id, child_id=v.child_id),
    effective_date=lambda v: v.recorded_on,
    summary=lambda v: f"The child's voice ({v.tool.replace('_', ' ').lower()}), {len(v.items)} item(s)",
)


def wp_to_read(_session: Session, w: WordsAndPictures) -> WordsAndPicturesRead:
    return WordsAndPicturesRead(
        **read_fields(w),
        case_id=w.case_id,
        purpose=w.purpose,
        audience_children=w.audience_children,
        co_authors=w.co_authors,
        document_status=w.document_status,
        shared_on=w.shared_on,
        document_ref=w.document_ref,
        summary=w.summary,
    )


WORDS_AND_PICTURES = RecordKind(
    record_type="words_and_pictures",
    label="words and pictures explanation",
    model=WordsAndPictures,
    to_read=wp_to_read,
    subject=lambda w: Subject(case_id=w.case_id),
    effective_date=lambda w: w.shared_on,
    summary=lambda w: (
        f"Words and pictures ({w.purpose.replace('_', ' ').lower()}), {w.document_status.lower()}"
    ),
)


def milestone_to_read(_session: Session, m: Milestone) -> MilestoneRead:
    return MilestoneRead(
        **read_fields(m),
        case_id=m.case_id,
        description=m.description,
        planned_date=m.planned_date,
        actual_date=m.actual_date,
        milestone_status=m.milestone_status,
    )


MILESTONE = RecordKind(
    record_type="milestone",
    label="milestone",
    model=Milestone,
    to_read=milestone_to_read,
    subject=lambda m: Subject(case_id=m.case_id),
    effective_date=lambda m: m.actual_date or m.planned_date,
    summary=lambda m: f"Milestone ({m.milestone_status.lower()}): {m.description}",
)


# --- Safety network -------------------------------------------------------------------------


@router.post(
    "/v1/cases/{case_id}/network/members",
    response_model=NetworkMemberRead,
    status_code=201,
    responses=WRITE_ERRORS,
    openapi_extra=requirement_ids("SOS-NET-001", "SOS-NET-003", "SOS-HTTP-010"),
)
def create_network_member(
    case_id: CaseId,
    body: NetworkMemberCreate,
    session: SessionDep,
    caller: Writer,
    guard: Idempotency,
    response: Response,
) -> NetworkMemberRead:
    """Add a person to the safety network.

    Adds a person of your authority to the case's safety network: family, friends and neighbours who
    are naturally connected, and professionals. The network belongs to the case, so it is kept
    across every stage transition. A person can be a current member only once.
    """
    CASE.get(session, caller, case_id)
    rules.require_person(session, caller, body.person_id, "/person_id", "SOS-NET-001")
    if any(m.person_id == body.person_id for m in rules.current_network(session, case_id)):
        raise Conflict(
            "This person is already a current member of the case's safety network.", requirement="SOS-NET-001"
        )
    member = NetworkMember(
        case_id=case_id,
        person_id=body.person_id,
        relationship_to_child=body.relationship_to_child,
        roles=list(body.roles),
        naturally_connected=body.naturally_connected,
        joined_on=body.joined_on,
        informed=[],
    )
    read = NETWORK_MEMBER.create(session, caller, member)
    created(
        session, guard, response, read, version=member.version, location=f"/v1/network-members/{member.id}"
    )
    return read


@router.get(
    "/v1/cases/{case_id}/network/members",
    response_model=Page[NetworkMemberRead],
    responses=READ_ERRORS,
    openapi_extra=requirement_ids("SOS-LIST-001", "SOS-NET-003"),
)
def list_network_members(
    case_id: CaseId,
    session: SessionDep,
    caller: Reader,
    paging: Paging,
    request: Request,
    response: Response,
) -> Page[NetworkMemberRead]:
    """List the safety network.

    Every member of the case's network, past and present, a page at a time, each with whether they
    have been told the current version of every active danger statement.
    """
    CASE.get(session, caller, case_id)
    query = select(NetworkMember).where(NetworkMember.case_id == case_id)
    rows, cursor = fetch_page(session, query, NetworkMember, paging, request, response)
    return Page[NetworkMemberRead](items=NETWORK_MEMBER.read_many(session, caller, rows), next_cursor=cursor)


def _member_amend(
    session: Session, _caller: Caller, member: NetworkMember, data: dict[str, Any]
) -> dict[str, Any]:
    _refuse_nulls(member, data)
    left_on = data.get("left_on", member.left_on)
    if left_on is not None and left_on < member.joined_on:
        raise RuleViolation(
            f"A member cannot leave the network before joining it on {member.joined_on}.",
            errors=[field_error("/left_on", "before joined_on", "before_joined_on")],
            requirement="SOS-NET-001",
        )
    return _json_fields(data, "roles")


def _refuse_nulls(record: Any, data: dict[str, Any]) -> None:
    """A merge-patch null clears a field; fields the record cannot be without refuse it (422)."""
    columns = type(record).__table__.c
    wrong = [
        field_error(f"/{name}", "cannot be cleared", "null_not_allowed")
        for name, value in data.items()
        if value is None and name in columns and not columns[name].nullable
    ]
    if wrong:
        raise ValidationFailed(
            f"The request clears {len(wrong)} field(s) the record cannot be without.", errors=wrong
        )


def _json_fields(data: dict[str, Any], *names: str, **shapes: type[BaseModel]) -> dict[str, Any]:
    """Make JSON-column values of an amend storable. ``shapes`` names nested bodies: they are dumped whole,
    since an amend body is read with exclude_unset, which would drop their unset optional fields too."""
    out = dict(data)
    for name in names:
        if name in out:
            out[name] = _json(out[name])
    for name, shape in shapes.items():
        value = out.get(name)
        if isinstance(value, list):
            out[name] = [shape.model_validate(v).model_dump(mode="json") for v in value]
        elif isinstance(value, dict):
            out[name] = shape.model_validate(value).model_dump(mode="json")
    return out


add_record_routes(
    router,
    NETWORK_MEMBER,
    path="/v1/network-members",
    name="network_member",
    read_schema=NetworkMemberRead,
    amend_schema=NetworkMemberAmend,
    on_amend=_member_amend,
    requirements={"get": ["SOS-NET-003"], "amend": ["SOS-NET-001"]},
)


@router.post(
    "/v1/network-members/{network_member_id}/informed",
    response_model=NetworkMemberRead,
    status_code=201,
    responses=WRITE_ERRORS,
    openapi_extra=requirement_ids("SOS-NET-002", "SOS-NET-003", "SOS-HTTP-010"),
)
def record_network_member_informed(
    member_id: MemberId,
    body: InformedCreate,
    session: SessionDep,
    caller: Writer,
    guard: Idempotency,
    response: Response,
) -> NetworkMemberRead:
    """Record that a member was told a danger statement.

    Records which version of one of the case's danger statements the member was told, and when. It
    is kept on the member as a list, so this makes a new version of the member. Whether a member is
    informed is worked out on every read against each statement's current version: once a
    statement is re-worded, everyone must be told again.
    """
    member = NETWORK_MEMBER.get(session, caller, member_id)
    if member.status == ENTERED_IN_ERROR:
        raise Conflict("This network member was entered in error.", requirement="SOS-NET-002")
    statement = next(
        (s for s in rules.statements_of_case(session, member.case_id) if s.id == body.danger_statement_id),
        None,
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
    informed = [*(member.informed or []), _json(body.model_dump())]
    read = NETWORK_MEMBER.amend(
        session,
        caller,
        member,
        {"informed": informed},
        etag(member.version),
        reason=f"Told version {body.version} of danger statement {statement.id}",
        change="informed",
    )
    created(
        session, guard, response, read, version=member.version, location=f"/v1/network-members/{member.id}"
    )
    return read


def _check_attendees(session: Session, case_id: uuid.UUID, attendees: list[dict[str, Any]]) -> None:
    members = {
        str(m)
        for m in session.scalars(
            select(NetworkMember.id).where(NetworkMember.case_id == case_id, NetworkMember.status == "active")
        )
    }
    wrong = [
        field_error(
            f"/attendees/{i}/network_member_id", "not a member of this case's network", "reference_not_found"
        )
        for i, a in enumerate(attendees)
        if a.get("network_member_id") is not None and str(a["network_member_id"]) not in members
    ]
    if wrong:
        raise RuleViolation(
            "An attendee is named as a network member but is not one of this case's.",
            errors=wrong,
            requirement="SOS-NET-004",
        )


@router.post(
    "/v1/cases/{case_id}/network/meetings",
    response_model=NetworkMeetingRead,
    status_code=201,
    responses=WRITE_ERRORS,
    openapi_extra=requirement_ids("SOS-NET-004", "SOS-HTTP-010"),
)
def create_network_meeting(
    case_id: CaseId,
    body: NetworkMeetingCreate,
    session: SessionDep,
    caller: Writer,
    guard: Idempotency,
    response: Response,
) -> NetworkMeetingRead:
    """Record a network meeting.

    Records a meeting of the case's safety network: when, who came (network members by id, anyone
    else by name), what it was for and what was decided.
    """
    CASE.get(session, caller, case_id)
    data = body.model_dump(mode="json")
    _check_attendees(session, case_id, data["attendees"])
    meeting = NetworkMeeting(
        case_id=case_id,
        held_on=body.held_on,
        attendees=data["attendees"],
        purpose=body.purpose,
        decisions=body.decisions,
    )
    read = NETWORK_MEETING.create(session, caller, meeting)
    created(
        session, guard, response, read, version=meeting.version, location=f"/v1/network-meetings/{meeting.id}"
    )
    return read


@router.get(
    "/v1/cases/{case_id}/network/meetings",
    response_model=Page[NetworkMeetingRead],
    responses=READ_ERRORS,
    openapi_extra=requirement_ids("SOS-LIST-001"),
)
def list_network_meetings(
    case_id: CaseId,
    session: SessionDep,
    caller: Reader,
    paging: Paging,
    request: Request,
    response: Response,
) -> Page[NetworkMeetingRead]:
    """List network meetings.

    The case's network meetings, a page at a time.
    """
    CASE.get(session, caller, case_id)
    query = select(NetworkMeeting).where(NetworkMeeting.case_id == case_id)
    rows, cursor = fetch_page(session, query, NetworkMeeting, paging, request, response)
    return Page[NetworkMeetingRead](
        items=NETWORK_MEETING.read_many(session, caller, rows), next_cursor=cursor
    )


def _meeting_amend(
    session: Session, _caller: Caller, meeting: NetworkMeeting, data: dict[str, Any]
) -> dict[str, Any]:
    _refuse_nulls(meeting, data)
    data = _json_fields(data, attendees=Attendee)
    if "attendees" in data:
        _check_attendees(session, meeting.case_id, data["attendees"])
    return data


add_record_routes(
    router,
    NETWORK_MEETING,
    path="/v1/network-meetings",
    name="network_meeting",
    read_schema=NetworkMeetingRead,
    amend_schema=NetworkMeetingAmend,
    on_amend=_meeting_amend,
    requirements={"amend": ["SOS-NET-004"]},
)


# --- Safety plans ---------------------------------------------------------------------------


@router.post(
    "/v1/cases/{case_id}/safety-plans",
    response_model=SafetyPlanRead,
    status_code=201,
    responses=WRITE_ERRORS,
    openapi_extra=requirement_ids("SOS-PLAN-001", "SOS-PLAN-002", "SOS-PLAN-003", "SOS-HTTP-010"),
)
def create_safety_plan(
    case_id: CaseId,
    body: SafetyPlanCreate,
    session: SessionDep,
    caller: Writer,
    guard: Idempotency,
    response: Response,
) -> SafetyPlanRead:
    """Record a new version of the safety plan.

    Records the case's safety plan as a new version (1, 2, 3 ...): its rules, each with who keeps
    it, who checks it and which danger statements it answers; the authority's bottom lines; when it
    will be reviewed; and a version told for the children. The case's current version, if any, is
    marked SUPERSEDED (a new version in its history). An AGREED or ACTIVE plan needs at least one
    rule, each with a responsible person from the network or the family and a danger statement of
    this case, and a review no more than three months after it was agreed.
    """
    CASE.get(session, caller, case_id)
    if body.plan_status not in rules.LIVE_PLAN_STATUSES:
        raise RuleViolation(
            "A new plan version starts as DRAFT, AGREED or ACTIVE; "
            "versions become SUPERSEDED or ENDED later.",
            errors=[field_error("/plan_status", "DRAFT, AGREED or ACTIVE", "status_not_allowed")],
            requirement="SOS-PLAN-001",
        )
    data = body.model_dump(mode="json")
    rules.check_plan(
        session,
        case_id,
        plan_status=body.plan_status,
        rules=data["rules"],
        review_by=body.review_by,
        agreed_on=body.agreed_on,
    )
    previous = rules.current_plan(session, case_id)
    plan = SafetyPlan(
        case_id=case_id,
        plan_version=rules.next_plan_version(session, case_id),
        plan_status=body.plan_status,
        title=body.title,
        rules=data["rules"],
        bottom_lines=data["bottom_lines"],
        review_by=body.review_by,
        agreed_on=body.agreed_on,
        child_friendly_version=data["child_friendly_version"],
        supersedes_id=previous.id if previous is not None else None,
    )
    read = SAFETY_PLAN.create(session, caller, plan)
    if previous is not None:
        SAFETY_PLAN.amend(
            session,
            caller,
            previous,
            {"plan_status": "SUPERSEDED"},
            etag(previous.version),
            reason=f"Superseded by plan version {plan.plan_version}",
            change="superseded",
        )
    created(session, guard, response, read, version=plan.version, location=f"/v1/safety-plans/{plan.id}")
    return read


@router.get(
    "/v1/cases/{case_id}/safety-plans",
    response_model=Page[SafetyPlanRead],
    responses=READ_ERRORS,
    openapi_extra=requirement_ids("SOS-LIST-001", "SOS-PLAN-001"),
)
def list_safety_plans(
    case_id: CaseId,
    session: SessionDep,
    caller: Reader,
    paging: Paging,
    request: Request,
    response: Response,
) -> Page[SafetyPlanRead]:
    """List safety plan versions.

    Every version of the case's safety plan, superseded ones included, a page at a time.
    """
    CASE.get(session, caller, case_id)
    query = select(SafetyPlan).where(SafetyPlan.case_id == case_id)
    rows, cursor = fetch_page(session, query, SafetyPlan, paging, request, response)
    return Page[SafetyPlanRead](items=SAFETY_PLAN.read_many(session, caller, rows), next_cursor=cursor)


def _plan_amend(session: Session, _caller: Caller, plan: SafetyPlan, data: dict[str, Any]) -> dict[str, Any]:
    _refuse_nulls(plan, data)
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
    data = _json_fields(data, child_friendly_version=ChildFriendlyVersion)
    rules.check_plan(
        session,
        plan.case_id,
        plan_status=data.get("plan_status") or plan.plan_status,
        rules=plan.rules,
        review_by=data.get("review_by") or plan.review_by,
        agreed_on=data.get("agreed_on", plan.agreed_on),
    )
    return data


add_record_routes(
    router,
    SAFETY_PLAN,
    path="/v1/safety-plans",
    name="safety_plan",
    read_schema=SafetyPlanRead,
    amend_schema=SafetyPlanAmend,
    on_amend=_plan_amend,
    requirements={"amend": ["SOS-PLAN-001", "SOS-PLAN-002", "SOS-PLAN-003"]},
)


@router.post(
    "/v1/safety-plans/{safety_plan_id}/reviews",
    response_model=SafetyPlanReviewRead,
    status_code=201,
    responses=WRITE_ERRORS,
    openapi_extra=requirement_ids("SOS-PLAN-004", "SOS-HTTP-010"),
)
def create_safety_plan_review(
    plan_id: PlanId,
    body: SafetyPlanReviewCreate,
    session: SessionDep,
    caller: Writer,
    guard: Idempotency,
    response: Response,
) -> SafetyPlanReviewRead:
    """Record a safety plan review.

    Records whether each rule of one plan version held (yes, partly, no, unknown) with a note.
    Rules are named by their position in the plan, starting at 1, each at most once. A draft plan
    has nothing to review yet.
    """
    plan = SAFETY_PLAN.get(session, caller, plan_id)
    if plan.status == ENTERED_IN_ERROR:
        raise Conflict("This plan version was entered in error.", requirement="SOS-PLAN-004")
    if plan.plan_status == "DRAFT":
        raise RuleViolation(
            "A draft plan has not been put to use, so it cannot be reviewed.",
            errors=[field_error("/safety_plan_id", "plan is DRAFT", "plan_not_in_use", location="path")],
            requirement="SOS-PLAN-004",
        )
    seen: set[int] = set()
    wrong = []
    for i, result in enumerate(body.rule_results):
        if result.rule_index > len(plan.rules):
            wrong.append(
                field_error(
                    f"/rule_results/{i}/rule_index",
                    f"the plan has {len(plan.rules)} rule(s)",
                    "rule_not_found",
                )
            )
        elif result.rule_index in seen:
            wrong.append(field_error(f"/rule_results/{i}/rule_index", "named twice", "duplicate"))
        seen.add(result.rule_index)
    if wrong:
        raise RuleViolation(
            "Each result must name a different rule of this plan version.",
            errors=wrong,
            requirement="SOS-PLAN-004",
        )
    review = SafetyPlanReview(
        safety_plan_id=plan.id,
        case_id=plan.case_id,
        reviewed_on=body.reviewed_on,
        rule_results=_json(body.model_dump()["rule_results"]),
        summary=body.summary,
    )
    read = SAFETY_PLAN_REVIEW.create(session, caller, review)
    created(
        session,
        guard,
        response,
        read,
        version=review.version,
        location=f"/v1/safety-plan-reviews/{review.id}",
    )
    return read


@router.get(
    "/v1/safety-plans/{safety_plan_id}/reviews",
    response_model=Page[SafetyPlanReviewRead],
    responses=READ_ERRORS,
    openapi_extra=requirement_ids("SOS-LIST-001"),
)
def list_safety_plan_reviews(
    plan_id: PlanId,
    session: SessionDep,
    caller: Reader,
    paging: Paging,
    request: Request,
    response: Response,
) -> Page[SafetyPlanReviewRead]:
    """List a plan version's reviews.

    The reviews of one safety plan version, a page at a time.
    """
    SAFETY_PLAN.get(session, caller, plan_id)
    query = select(SafetyPlanReview).where(SafetyPlanReview.safety_plan_id == plan_id)
    rows, cursor = fetch_page(session, query, SafetyPlanReview, paging, request, response)
    return Page[SafetyPlanReviewRead](
        items=SAFETY_PLAN_REVIEW.read_many(session, caller, rows), next_cursor=cursor
    )


add_record_routes(
    router,
    SAFETY_PLAN_REVIEW,
    path="/v1/safety-plan-reviews",
    name="safety_plan_review",
    read_schema=SafetyPlanReviewRead,
    amend_schema=None,
)


# --- The child's voice ----------------------------------------------------------------------


def _case_of_child(
    session: Session, caller: Caller, child_id: uuid.UUID, case_id: uuid.UUID | None
) -> uuid.UUID:
    """The case named in the body, which must have the child as a child member; if none is named,
    the child's only case."""
    if case_id is None:
        cases = rules.cases_of_child(session, child_id)
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
    if child_id not in rules.case_children(session, case_id):
        raise RuleViolation(
            "The child is not a child member of this case.",
            errors=[field_error("/case_id", "the child is not a child of this case", "not_a_child_of_case")],
            requirement="SOS-VOICE-001",
        )
    return case_id


@router.post(
    "/v1/children/{child_id}/voice",
    response_model=ChildVoiceRead,
    status_code=201,
    responses=WRITE_ERRORS,
    openapi_extra=requirement_ids(
        "SOS-VOICE-001", "SOS-VOICE-002", "SOS-VOICE-003", "SOS-VOICE-004", "SOS-HTTP-010"
    ),
)
def create_child_voice_record(
    child_id: ChildId,
    body: ChildVoiceCreate,
    session: SessionDep,
    caller: Writer,
    guard: Idempotency,
    response: Response,
) -> ChildVoiceRead:
    """Record the child's own words.

    Records what a child said (and drew) with one tool on one day, word for word, section by
    section: Three Houses takes worries, good things and dreams; Safety House takes people inside,
    people outside, safety rules and other, and the child's place on the safety path (0 to 10).
    The child must be a child member of the case named in the body (which may be left out when
    the child is in one case only). The record is about this child only, so it shows in this
    child's journey and no sibling's.
    """
    PERSON.get(session, caller, child_id)
    case_id = _case_of_child(session, caller, child_id, body.case_id)
    data = body.model_dump(mode="json")
    rules.check_voice(body.tool, data["items"], body.safety_path_position)
    record = ChildVoiceRecord(
        case_id=case_id,
        child_id=child_id,
        tool=body.tool,
        recorded_on=body.recorded_on,
        worker=body.worker,
        items=data["items"],
        read_back_to_child=body.read_back_to_child,
        safety_path_position=body.safety_path_position,
        child_agreed_sharing_with=data["child_agreed_sharing_with"],
    )
    read = CHILD_VOICE.create(session, caller, record)
    created(
        session,
        guard,
        response,
        read,
        version=record.version,
        location=f"/v1/child-voice-records/{record.id}",
    )
    return read


@router.get(
    "/v1/children/{child_id}/voice",
    response_model=Page[ChildVoiceRead],
    responses=READ_ERRORS,
    openapi_extra=requirement_ids("SOS-LIST-001"),
)
def list_child_voice_records(
    child_id: ChildId,
    session: SessionDep,
    caller: Reader,
    paging: Paging,
    request: Request,
    response: Response,
) -> Page[ChildVoiceRead]:
    """List a child's voice records.

    Everything recorded in the child's own words, across all their cases, a page at a time.
    """
    PERSON.get(session, caller, child_id)
    query = select(ChildVoiceRecord).where(
        ChildVoiceRecord.child_id == child_id, ChildVoiceRecord.la_code == caller.la_code
    )
    rows, cursor = fetch_page(session, query, ChildVoiceRecord, paging, request, response)
    return Page[ChildVoiceRead](items=CHILD_VOICE.read_many(session, caller, rows), next_cursor=cursor)


def _voice_amend(
    _session: Session, _caller: Caller, record: ChildVoiceRecord, data: dict[str, Any]
) -> dict[str, Any]:
    _refuse_nulls(record, data)
    data = _json_fields(data, items=VoiceItem, child_agreed_sharing_with=PersonRef)
    rules.check_voice(
        record.tool,
        data.get("items", record.items),
        data.get("safety_path_position", record.safety_path_position),
    )
    return data


add_record_routes(
    router,
    CHILD_VOICE,
    path="/v1/child-voice-records",
    name="child_voice_record",
    read_schema=ChildVoiceRead,
    amend_schema=ChildVoiceAmend,
    on_amend=_voice_amend,
    requirements={"amend": ["SOS-VOICE-002", "SOS-VOICE-003"], "get": ["SOS-VOICE-004"]},
)


# --- Words and pictures ---------------------------------------------------------------------


@router.post(
    "/v1/cases/{case_id}/words-and-pictures",
    response_model=WordsAndPicturesRead,
    status_code=201,
    responses=WRITE_ERRORS,
    openapi_extra=requirement_ids("SOS-WP-001", "SOS-WP-002", "SOS-HTTP-010"),
)
def create_words_and_pictures(
    case_id: CaseId,
    body: WordsAndPicturesCreate,
    session: SessionDep,
    caller: Writer,
    guard: Idempotency,
    response: Response,
) -> WordsAndPicturesRead:
    """Record a words and pictures explanation.

    Records an explanation for the case's children, written or drawn with their parents: what it is
    for, which children it is for, who wrote it, and whether it is drafted, agreed or shared (with
    the date it was shared). Amend it as it moves on; each change is a new version.
    """
    CASE.get(session, caller, case_id)
    rules.check_words_and_pictures(
        session, case_id, body.audience_children, body.document_status, body.shared_on
    )
    data = body.model_dump(mode="json")
    record = WordsAndPictures(
        case_id=case_id,
        purpose=body.purpose,
        audience_children=data["audience_children"],
        co_authors=data["co_authors"],
        document_status=body.document_status,
        shared_on=body.shared_on,
        document_ref=body.document_ref,
        summary=body.summary,
    )
    read = WORDS_AND_PICTURES.create(session, caller, record)
    created(
        session, guard, response, read, version=record.version, location=f"/v1/words-and-pictures/{record.id}"
    )
    return read


@router.get(
    "/v1/cases/{case_id}/words-and-pictures",
    response_model=Page[WordsAndPicturesRead],
    responses=READ_ERRORS,
    openapi_extra=requirement_ids("SOS-LIST-001"),
)
def list_words_and_pictures(
    case_id: CaseId,
    session: SessionDep,
    caller: Reader,
    paging: Paging,
    request: Request,
    response: Response,
) -> Page[WordsAndPicturesRead]:
    """List words and pictures explanations.

    The case's words and pictures explanations, a page at a time.
    """
    CASE.get(session, caller, case_id)
    query = select(WordsAndPictures).where(WordsAndPictures.case_id == case_id)
    rows, cursor = fetch_page(session, query, WordsAndPictures, paging, request, response)
    return Page[WordsAndPicturesRead](
        items=WORDS_AND_PICTURES.read_many(session, caller, rows), next_cursor=cursor
    )


def _wp_amend(
    session: Session, _caller: Caller, record: WordsAndPictures, data: dict[str, Any]
) -> dict[str, Any]:
    _refuse_nulls(record, data)
    data = _json_fields(data, "audience_children", "co_authors")
    rules.check_words_and_pictures(
        session,
        record.case_id,
        data.get("audience_children", record.audience_children),
        data.get("document_status") or record.document_status,
        data.get("shared_on", record.shared_on),
    )
    return data


add_record_routes(
    router,
    WORDS_AND_PICTURES,
    path="/v1/words-and-pictures",
    name="words_and_pictures",
    read_schema=WordsAndPicturesRead,
    amend_schema=WordsAndPicturesAmend,
    on_amend=_wp_amend,
    requirements={"amend": ["SOS-WP-001", "SOS-WP-002"]},
)


# --- Trajectory -----------------------------------------------------------------------------


@router.post(
    "/v1/cases/{case_id}/milestones",
    response_model=MilestoneRead,
    status_code=201,
    responses=WRITE_ERRORS,
    openapi_extra=requirement_ids("SOS-TRAJ-002", "SOS-HTTP-010"),
)
def create_milestone(
    case_id: CaseId,
    body: MilestoneCreate,
    session: SessionDep,
    caller: Writer,
    guard: Idempotency,
    response: Response,
) -> MilestoneRead:
    """Add a milestone to the trajectory.

    Adds a planned step to the case's trajectory (a network meeting, the plan tested with
    overnight stays, a review conference, step down). Amend it when it happens, slips or is
    dropped; a milestone that is done needs the date it happened.
    """
    CASE.get(session, caller, case_id)
    rules.check_milestone(body.milestone_status, body.actual_date)
    milestone = Milestone(case_id=case_id, **body.model_dump())
    read = MILESTONE.create(session, caller, milestone)
    created(
        session, guard, response, read, version=milestone.version, location=f"/v1/milestones/{milestone.id}"
    )
    return read


@router.get(
    "/v1/cases/{case_id}/trajectory",
    response_model=Trajectory,
    responses=READ_ERRORS,
    openapi_extra=requirement_ids("SOS-TRAJ-001"),
)
def get_case_trajectory(case_id: CaseId, session: SessionDep, caller: Reader) -> Trajectory:
    """Read the case's trajectory.

    The case's milestones in planned-date order, each with its status and the date it happened.
    Milestones entered in error are left out (they stay readable by id).
    """
    CASE.get(session, caller, case_id)
    rows = list(
        session.scalars(
            select(Milestone)
            .where(Milestone.case_id == case_id, Milestone.status != ENTERED_IN_ERROR)
            .order_by(Milestone.planned_date, Milestone.created_at, Milestone.id)
        )
    )
    return Trajectory(case_id=case_id, milestones=MILESTONE.read_many(session, caller, rows))


def _milestone_amend(
    _session: Session, _caller: Caller, m: Milestone, data: dict[str, Any]
) -> dict[str, Any]:
    _refuse_nulls(m, data)
    rules.check_milestone(
        data.get("milestone_status") or m.milestone_status, data.get("actual_date", m.actual_date)
    )
    return data


add_record_routes(
    router,
    MILESTONE,
    path="/v1/milestones",
    name="milestone",
    read_schema=MilestoneRead,
    amend_schema=MilestoneAmend,
    on_amend=_milestone_amend,
    requirements={"amend": ["SOS-TRAJ-002"]},
)
