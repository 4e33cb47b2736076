from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from service.cases.endpoints import CASE, CaseId, require_child_of_case
from service.db import SessionDep
from service.kit.auth import Caller, Reader, Writer
from service.kit.errors import Conflict, RuleViolation, field_error
from service.kit.idempotency import Idempotency, created
from service.kit.pagination import Page, Paging, fetch_page
from service.kit.records import RecordKind, Subject, audit_event
from service.kit.routes import READ_ERRORS, WRITE_ERRORS, add_record_routes
from service.kit.schemas import read_fields
from service.models import CaseMember, RecordVersion, StageTransition
from service.people.endpoints import PERSON
from service.stages.rules import TransitionRefused, allowed_moves, plan_move, replay
from service.stages.schemas import (
    ChildStages,
    Journey,
    JourneyEntry,
    StageTransitionCreate,
    StageTransitionRead,
)
from service.stages.service import carried_forward, facts, missing_for_entry, open_stages, transitions_of

router = APIRouter(tags=["stages"])
ChildId = Annotated[uuid.UUID, Path(description="The child's person id.")]


def to_read(_session: Session, t: StageTransition) -> StageTransitionRead:
    return StageTransitionRead(
        **read_fields(t),
        case_id=t.case_id,
        child_id=t.child_id,
        from_stage=t.from_stage,
        to_stage=t.to_stage,
        kind=t.kind,
        from_stage_continues=t.from_stage_continues,
        effective_date=t.effective_date,
        reason=t.reason,
        decided_by=t.decided_by,
        carried_forward=t.carried_forward,
        override_reason=t.override_reason,
    )


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


TRANSITION = RecordKind(
    record_type="stage_transition",
    label="stage transition",
    model=StageTransition,
    to_read=to_read,
    subject=lambda t: Subject(case_id=t.case_id, child_id=t.child_id),
    effective_date=lambda t: t.effective_date,
    summary=lambda t: f"{t.kind.replace('_', ' ').title()}: {t.from_stage or 'front door'} -> {t.to_stage}",
)


@router.post(
    "/v1/cases/{case_id}/transitions",
    response_model=StageTransitionRead,
    status_code=201,
    responses=WRITE_ERRORS,
    openapi_extra={
        "x-requirements": [
            "SOS-STAGE-001",
            "SOS-STAGE-002",
            "SOS-STAGE-003",
            "SOS-MAP-003",
            "SOS-CASE-002",
            "SOS-HTTP-010",
        ]
    },
)
def record_stage_transition(
    case_id: CaseId,
    body: StageTransitionCreate,
    session: SessionDep,
    caller: Writer,
    guard: Idempotency,
    response: Response,
) -> StageTransitionRead:
    """Move a child on the continuum.

    Steps a child up or down, into or out of care, or closes, checked against the allowed moves.
    The case's practice records are carried forward, never restarted; the response says what was
    carried. A refused move answers 422 with the moves allowed from here. A move into CP needs a
    current map version, an active danger (or harm) statement and a scale rating; without them it
    answers 422 naming what is missing, unless `override_reason` says why it goes ahead anyway.
    """
    CASE.get(session, caller, case_id)
    require_child_of_case(session, case_id, body.child_id, "/child_id")
    history = transitions_of(session, body.child_id)
    if history and body.effective_date < history[-1].effective_date:
        raise RuleViolation(
            f"The child's last move was on {history[-1].effective_date}; "
            "a new move cannot be dated before it.",
            errors=[field_error("/effective_date", "before the child's last move", "before_last_transition")],
            requirement="SOS-STAGE-003",
        )
    current = replay(facts(history))
    try:
        move = plan_move(current, body.to_stage, body.from_stage, body.from_stage_continues)
    except TransitionRefused as refused:
        raise RuleViolation(
            refused.detail,
            errors=[field_error(refused.pointer, refused.detail, "transition_not_allowed")],
            requirement="SOS-STAGE-001",
            allowed=refused.allowed,
        ) from refused
    # Entry checks guard opening a stage; a move back to a stage already open (home from care
    # with CP carrying on) starts nothing new.
    missing = [] if move.to_stage in current else missing_for_entry(session, case_id, move.to_stage)
    if missing and body.override_reason is None:
        raise RuleViolation(
            f"Before a child protection plan starts the case needs {_listed(missing)}. "
            "Record them first, or give override_reason to record the move anyway.",
            errors=[
                field_error(
                    "/override_reason",
                    f"missing: {'; '.join(missing)}; give a reason to go ahead without them",
                    "cp_map_incomplete",
                )
            ],
            requirement="SOS-MAP-003",
        )
    transition = StageTransition(
        case_id=case_id,
        child_id=body.child_id,
        from_stage=move.from_stage,
        to_stage=move.to_stage,
        kind=move.kind,
        from_stage_continues=body.from_stage_continues,
        effective_date=body.effective_date,
        reason=body.reason,
        decided_by=body.decided_by,
        carried_forward=carried_forward(session, case_id),
        override_reason=body.override_reason if missing else None,
    )
    read = TRANSITION.create(session, caller, transition)
    created(
        session,
        guard,
        response,
        read,
        version=transition.version,
        location=f"/v1/stage-transitions/{transition.id}",
    )
    return read


@router.get(
    "/v1/cases/{case_id}/transitions",
    response_model=Page[StageTransitionRead],
    responses=READ_ERRORS,
    openapi_extra={"x-requirements": ["SOS-LIST-001"]},
)
def list_stage_transitions(
    case_id: CaseId, session: SessionDep, caller: Reader, paging: Paging, request: Request, response: Response
) -> Page[StageTransitionRead]:
    """List a case's stage transitions.

    Every move of every child of the case, a page at a time.
    """
    CASE.get(session, caller, case_id)
    query = select(StageTransition).where(StageTransition.case_id == case_id)
    rows, cursor = fetch_page(session, query, StageTransition, paging, request, response)
    return Page[StageTransitionRead](items=TRANSITION.read_many(session, caller, rows), next_cursor=cursor)


def _only_the_latest(session: Session, _caller: Caller, transition: StageTransition) -> None:
    latest = transitions_of(session, transition.child_id)[-1]
    if latest.id != transition.id:
        raise Conflict(
            "Only a child's most recent stage transition can be marked entered in error; later moves "
            "depend on this one.",
            requirement="SOS-STAGE-004",
        )


add_record_routes(
    router,
    TRANSITION,
    path="/v1/stage-transitions",
    name="stage_transition",
    read_schema=StageTransitionRead,
    amend_schema=None,
    before_entered_in_error=_only_the_latest,
    requirements={"entered_in_error": ["SOS-STAGE-004"]},
)


@router.get(
    "/v1/children/{child_id}/stages",
    response_model=ChildStages,
    responses=READ_ERRORS,
    openapi_extra={"x-requirements": ["SOS-STAGE-002"]},
)
def get_child_stages(child_id: ChildId, session: SessionDep, caller: Reader) -> ChildStages:
    """A child's open stages.

    Where the child is on the continuum now, and which moves the rules allow next.
    """
    person = PERSON.get(session, caller, child_id)
    audit_event(session, caller, "read_stages", "person", person.id, person.version, child_id=person.id)
    stages = open_stages(session, child_id)
    return ChildStages(child_id=child_id, stages=sorted(stages), allowed_next=allowed_moves(stages))


@router.get(
    "/v1/children/{child_id}/journey",
    response_model=Journey,
    responses=READ_ERRORS,
    openapi_extra={"x-requirements": ["SOS-JOURNEY-001"]},
)
def get_child_journey(child_id: ChildId, session: SessionDep, caller: Reader) -> Journey:
    """A child's whole journey.

    Every record about the child and their case, and every change to it, in time order from the
    front door on, each with the stages the child was at on that date.
    """
    person = PERSON.get(session, caller, child_id)
    case_ids = list(
        session.scalars(
            select(CaseMember.case_id)
            .where(CaseMember.person_id == child_id, CaseMember.role == "CHILD")
            .distinct()
        )
    )
    versions = session.scalars(
        select(RecordVersion).where(
            RecordVersion.la_code == caller.la_code,
            or_(
                RecordVersion.child_id == child_id,
                RecordVersion.case_id.in_(case_ids) & RecordVersion.child_id.is_(None),
            ),
        )
    ).all()
    moves = facts(transitions_of(session, child_id))
    ordered = sorted(
        versions, key=lambda v: (v.effective_date or v.recorded_at.date(), v.recorded_at, v.version)
    )
    audit_event(session, caller, "read_journey", "person", person.id, person.version, child_id=person.id)
    return Journey(
        child_id=child_id,
        case_ids=case_ids,
        current_stages=sorted(replay(moves)),
        entries=[
            JourneyEntry(
                effective_date=v.effective_date,
                recorded_at=v.recorded_at,
                record_type=v.record_type,
                record_id=v.record_id,
                version=v.version,
                change=v.change,
                summary=v.summary,
                stages=sorted(replay(moves, v.effective_date or v.recorded_at.date())),
            )
            for v in ordered
        ],
    )
