"""The assessment map, danger statements with their safety goals, and scales with their ratings: the
operations of each record type, the named steps of a statement, a scale's series and the case's
vocabulary."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request, Response
from sqlalchemy.orm import Session

from service.assessment import rules
from service.assessment.kinds import MAP, RATING, SCALE, STATEMENT, ScaleId, StatementId
from service.assessment.schemas import CaseVocabulary, DangerStatementRead, GoalMet, ScaleSeries, Withdrawal
from service.cases.kinds import CASE, CaseId
from service.kit.auth import Reader, Writer
from service.kit.errors import ValidationFailed, field_error
from service.kit.operations import Change, IfMatch, about, act, add_operations, reading, stepping
from service.kit.records import audit
from service.kit.responses import json_response
from service.kit.routing import area_router
from service.kit.work import run_unit
from service.reference_data.registry import code_lists

router = area_router(tags=["assessment"])

add_operations(router, MAP)
add_operations(router, STATEMENT)
add_operations(router, SCALE)
add_operations(router, RATING)


@stepping(router, "/v1/danger-statements/{danger_statement_id}/goal-met", DangerStatementRead, "SOS-GOAL-002")
async def mark_safety_goal_met(
    danger_statement_id: StatementId,
    body: GoalMet,
    request: Request,
    caller: Writer,
    if_match: IfMatch = None,
) -> Response:
    """Mark a safety goal met.

    Allowed only once the change has lasted: sustain_from plus sustain_duration must fall on or
    before met_on. Sets the pair's status to goal_met as a new version. Needs If-Match.
    """

    def met(_session: Session, statement: Any) -> Change:
        return rules.goal_met(statement, body.met_on)

    return await act(request, caller, STATEMENT, danger_statement_id, if_match, met, on=body.practice_day)


@stepping(router, "/v1/danger-statements/{danger_statement_id}/withdraw", DangerStatementRead, "SOS-DS-005")
async def withdraw_danger_statement(
    danger_statement_id: StatementId,
    body: Withdrawal,
    request: Request,
    caller: Writer,
    if_match: IfMatch = None,
) -> Response:
    """Withdraw a danger statement.

    For a worry that no longer applies (not one recorded in error): the pair stays readable with
    status withdrawn and your reason, and no longer counts as active. Needs If-Match.
    """

    def withdrawn(_session: Session, statement: Any) -> Change:
        return rules.withdrawal(statement, body.reason)

    return await act(
        request, caller, STATEMENT, danger_statement_id, if_match, withdrawn, on=body.effective_on
    )


RaterRoleFilter = Annotated[
    str | None, Query(max_length=32, description="Only raters with this role (list rater_role).")
]


@reading(router, "/v1/scales/{scale_id}/series", ScaleSeries, "SOS-SCALE-004")
async def get_scale_series(
    scale_id: ScaleId, request: Request, caller: Reader, rater_role: RaterRoleFilter = None
) -> Response:
    """A scale's ratings per rater over time.

    Each rater's ratings in date order, side by side. Nothing is averaged: the spread between
    people and the movement over time are the evidence. Entered-in-error ratings are left out.
    """

    def work(session: Session) -> ScaleSeries:
        scale = SCALE.get(session, caller, scale_id)
        if rater_role is not None and rater_role not in code_lists()["rater_role"].codes:
            raise ValidationFailed(
                f"'{rater_role}' is not a code of the list rater_role.",
                errors=[
                    field_error(
                        "/rater_role",
                        "unknown code",
                        "code_unknown",
                        location="query",
                        code_list="rater_role",
                    )
                ],
            )
        ratings, series = rules.series_of(session, scale, rater_role)
        audit(session, caller, "read", RATING, ratings)
        return series

    return json_response(await run_unit(request, work))


@reading(router, "/v1/cases/{case_id}/vocabulary", CaseVocabulary, "SOS-VOCAB-001")
async def get_case_vocabulary(case_id: CaseId, request: Request, caller: Reader) -> Response:
    """The case's vocabulary now.

    Which words the case's statements, goals and scales are shown in, worked out from its
    children's open stages, with each child's stages.
    """
    vocabulary = await about(request, caller, CASE, case_id, "read_vocabulary", rules.vocabulary_now)
    return json_response(vocabulary)
