"""Stage transitions, and each child's stages and whole journey."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from service.kit.auth import Reader
from service.kit.operations import about, add_operations, reading
from service.kit.responses import json_response
from service.models import CaseMember, RecordVersion
from service.people.kinds import PERSON
from service.stages.kinds import TRANSITION
from service.stages.moves import allowed_moves, replay
from service.stages.rules import facts, open_stages, transitions_of
from service.stages.schemas import ChildStages, Journey, JourneyEntry

router = APIRouter(tags=["stages"])
ChildId = Annotated[uuid.UUID, Path(description="The child's person id.")]

add_operations(router, TRANSITION)


@reading(router, "/v1/children/{child_id}/stages", ChildStages, "SOS-STAGE-002")
async def get_child_stages(child_id: ChildId, request: Request, caller: Reader) -> Response:
    """A child's open stages.

    Where the child is on the continuum now, and which moves the rules allow next.
    """

    def stages_of(session: Session, child: Any) -> ChildStages:
        stages = open_stages(session, child.id)
        return ChildStages(child_id=child.id, stages=sorted(stages), allowed_next=allowed_moves(stages))

    return json_response(await about(request, caller, PERSON, child_id, "read_stages", stages_of))


@reading(router, "/v1/children/{child_id}/journey", Journey, "SOS-JOURNEY-001")
async def get_child_journey(child_id: ChildId, request: Request, caller: Reader) -> Response:
    """A child's whole journey.

    Every record about the child and their case, and every change to it, in time order from the
    front door on, each with the stages the child was at on that date.
    """

    def journey(session: Session, child: Any) -> Journey:
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
        ordered = sorted(versions, key=lambda v: (v.effective_on, v.recorded_at, v.version))
        return Journey(
            child_id=child_id,
            case_ids=case_ids,
            current_stages=sorted(replay(moves)),
            entries=[
                JourneyEntry(
                    **{name: getattr(v, name) for name in JourneyEntry.model_fields if name != "stages"},
                    stages=sorted(replay(moves, v.effective_on)),
                )
                for v in ordered
            ],
        )

    return json_response(await about(request, caller, PERSON, child_id, "read_journey", journey))
