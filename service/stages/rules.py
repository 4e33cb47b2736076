"""Stage rules applied to the database: a child's open stages, a new move, and the carry-forward of
records (no FastAPI)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.cases.rules import require_child_of_case
from service.kit.auth import Caller
from service.kit.errors import Conflict, RuleViolation, field_error
from service.models import Case, StageTransition
from service.people import death
from service.stages.moves import Move, TransitionFact, TransitionRefused, plan_move, replay

CarryForward = Callable[[Session, uuid.UUID], dict[str, Any]]
# Each practice area adds a function naming what it carries forward for a case.
CARRY_FORWARD: list[CarryForward] = []

MoveCheck = Callable[[Session, Case, Any, Move], "dict[str, Any] | None"]
# What a move must rest on (domain.md 8.5 rule 9). The statutory area registers its check: it
# refuses a move whose grounds do not hold and returns the grounds to keep on the transition.
MOVE_CHECKS: list[MoveCheck] = []


def transitions_of(session: Session, child_id: uuid.UUID) -> list[StageTransition]:
    return list(
        session.scalars(
            select(StageTransition)
            .where(StageTransition.child_id == child_id, StageTransition.status == "active")
            .order_by(StageTransition.effective_date, StageTransition.created_at)
        )
    )


def facts(transitions: list[StageTransition]) -> list[TransitionFact]:
    return [
        TransitionFact(t.effective_date, t.from_stage, t.to_stage, t.from_stage_continues)
        for t in transitions
    ]


def open_stages(session: Session, child_id: uuid.UUID, on: date | None = None) -> frozenset[str]:
    return replay(facts(transitions_of(session, child_id)), on)


def carried_forward(session: Session, case_id: uuid.UUID) -> dict[str, Any]:
    carried: dict[str, Any] = {}
    for provider in CARRY_FORWARD:
        carried.update(provider(session, case_id))
    return carried


def new_transition(session: Session, _caller: Caller, case: Case, body: Any) -> StageTransition:
    """A child's move, checked against the allowed moves, its date and what it rests on (a move into
    child protection rests on the initial conference that started a plan, where the map is checked:
    SOS-MAP-003)."""
    require_child_of_case(session, case.id, body.child_id, "/child_id")
    death.check_move_not_after_death(session, body.child_id, body.to_stage, body.effective_date)
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
    grounds = None
    for check in MOVE_CHECKS:
        grounds = check(session, case, body, move) or grounds
    return StageTransition(
        case_id=case.id,
        child_id=body.child_id,
        from_stage=move.from_stage,
        to_stage=move.to_stage,
        kind=move.kind,
        from_stage_continues=body.from_stage_continues,
        effective_date=body.effective_date,
        reason=body.reason,
        decided_by=body.decided_by,
        carried_forward=carried_forward(session, case.id),
        grounds=grounds,
    )


def only_the_latest(session: Session, _caller: Caller, transition: StageTransition) -> None:
    """Only a child's latest move can be marked entered in error, so a replay never becomes invalid."""
    latest = transitions_of(session, transition.child_id)[-1]
    if latest.id != transition.id:
        raise Conflict(
            "Only a child's most recent stage transition can be marked entered in error; later moves "
            "depend on this one.",
            requirement="SOS-STAGE-004",
        )
