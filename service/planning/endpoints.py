"""The safety network, safety plans, the child's voice, words and pictures, and the trajectory."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Path, Request, Response
from sqlalchemy.orm import Session

from service.cases.kinds import CASE, CaseId
from service.kit import records as kit
from service.kit.auth import Reader, Writer
from service.kit.idempotency import Stored, idempotency_guard
from service.kit.operations import WRITE_ERRORS, add_operations, reading, requirement_ids
from service.kit.responses import json_response, record_headers
from service.kit.routing import area_router
from service.kit.work import run_unit
from service.planning import rules
from service.planning.kinds import (
    CHILD_VOICE,
    FAMILY_SHARING,
    MILESTONE,
    NETWORK_MEETING,
    NETWORK_MEMBER,
    SAFETY_PLAN,
    SAFETY_PLAN_REVIEW,
    WORDS_AND_PICTURES,
)
from service.planning.schemas import InformedCreate, NetworkMemberRead, Trajectory

router = area_router(tags=["planning"])
MemberId = Annotated[uuid.UUID, Path(alias="network_member_id", description="The network member's id.")]

for kind in (
    NETWORK_MEMBER,
    NETWORK_MEETING,
    SAFETY_PLAN,
    SAFETY_PLAN_REVIEW,
    CHILD_VOICE,
    WORDS_AND_PICTURES,
    MILESTONE,
    FAMILY_SHARING,
):
    add_operations(router, kind)


@router.post(
    "/v1/network-members/{network_member_id}/informed",
    response_model=NetworkMemberRead,
    status_code=201,
    responses=WRITE_ERRORS,
    openapi_extra=requirement_ids("SOS-NET-002", "SOS-NET-003", "SOS-HTTP-010"),
)
async def record_network_member_informed(
    member_id: MemberId, body: InformedCreate, request: Request, caller: Writer
) -> Response:
    """Record that a member was told a danger statement.

    Records which version of one of the case's danger statements the member was told, and when. It
    is kept on the member as a list, so this makes a new version of the member. Whether a member is
    informed is worked out on every read against each statement's current version: once a
    statement is re-worded, everyone must be told again.
    """
    guard = await idempotency_guard(request, caller)

    def work(session: Session) -> tuple[Stored, bool]:
        earlier = guard.replay(session)
        if earlier is not None:
            return earlier, True
        member = NETWORK_MEMBER.get(session, caller, member_id, lock=True)
        step = rules.told(session, member, body)
        changes = kit.column_values(NETWORK_MEMBER, step.changes)
        shown = kit.change(
            session,
            caller,
            NETWORK_MEMBER,
            member,
            changes,
            on=body.informed_on,
            reason=step.reason,
            step=step.change,
        )
        headers = record_headers(member.version, NETWORK_MEMBER.location(member))
        stored = Stored(201, headers, shown.model_dump_json())
        guard.remember(session, stored)
        return stored, False

    stored, replayed = await run_unit(request, work)
    return stored.response(replayed)


@reading(router, "/v1/cases/{case_id}/trajectory", Trajectory, "SOS-TRAJ-001")
async def get_case_trajectory(case_id: CaseId, request: Request, caller: Reader) -> Response:
    """Read the case's trajectory.

    The case's milestones in planned-date order, each with its status and the date it happened.
    Milestones entered in error are left out (they stay readable by id).
    """

    def work(session: Session) -> Trajectory:
        CASE.get(session, caller, case_id)
        milestones = kit.read(session, caller, MILESTONE, rules.trajectory(session, case_id))
        return Trajectory(case_id=case_id, milestones=milestones)

    return json_response(await run_unit(request, work))
