"""Stage rules applied to the database: a child's open stages and the carry-forward of records."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.models import StageTransition
from service.stages.rules import TransitionFact, replay

CarryForward = Callable[[Session, uuid.UUID], dict[str, Any]]
# Each practice area adds a function naming what it carries forward for a case.
CARRY_FORWARD: list[CarryForward] = []

EntryCheck = Callable[[Session, uuid.UUID], list[str]]
# What a case must hold before a child may enter a stage, by stage. Each practice area registers its
# checks; a check names what is missing for the case (an empty list when nothing is).
ENTRY_CHECKS: dict[str, list[EntryCheck]] = {}


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


def missing_for_entry(session: Session, case_id: uuid.UUID, stage: str) -> list[str]:
    missing: list[str] = []
    for check in ENTRY_CHECKS.get(stage, []):
        missing.extend(check(session, case_id))
    return missing
