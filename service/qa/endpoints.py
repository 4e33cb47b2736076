"""Quality assurance: allocations, collaborative case audits, family and staff feedback, the evidence
for an audit, and pictures of a case's practice."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy.orm import Session

from service.assessment.kinds import RATING, SCALE, ScaleId
from service.cases.kinds import CASE, CaseId
from service.kit.auth import Reader
from service.kit.fields import Day
from service.kit.operations import READ_ERRORS, add_operations, requirement_ids
from service.kit.records import audit
from service.kit.responses import json_response
from service.kit.work import run_unit
from service.qa import rules
from service.qa.evidence import evidence_for_case
from service.qa.kinds import ALLOCATION, CASE_AUDIT, FAMILY_FEEDBACK, STAFF_FEEDBACK
from service.qa.pictures import SVG_MEDIA_TYPE, whiteboard_rows, whiteboard_svg
from service.qa.schemas import AuditEvidence

router = APIRouter(tags=["qa"])
for record_type in (ALLOCATION, CASE_AUDIT, FAMILY_FEEDBACK, STAFF_FEEDBACK):
    add_operations(router, record_type)


class SvgResponse(Response):
    media_type = SVG_MEDIA_TYPE


def _svg_responses(what: str) -> dict[int | str, dict[str, Any]]:
    return {
        200: {"description": what, "content": {SVG_MEDIA_TYPE: {"schema": {"type": "string"}}}},
        **READ_ERRORS,
    }


@router.get(
    "/v1/cases/{case_id}/audit-evidence",
    response_model=AuditEvidence,
    responses=READ_ERRORS,
    openapi_extra=requirement_ids("SOS-QA-004"),
)
async def get_case_audit_evidence(
    case_id: CaseId,
    request: Request,
    caller: Reader,
    on: Annotated[
        Day | None,
        Query(description="The date review periods count back from (the audit date); default today."),
    ] = None,
) -> Response:
    """The evidence for a case audit.

    For every item of the audit template, what the case's records already hold: computed from the
    map, statements, scales, child's voice, network, plan, trajectory and stage transitions, never
    typed. Items the service keeps no records for say so (`recorded_by_service` false).
    """

    def work(session: Session) -> AuditEvidence:
        case = CASE.get(session, caller, case_id)
        audit(session, caller, "read_audit_evidence", CASE, [case])
        return rules.case_evidence(session, case_id, on or date.today())

    return json_response(await run_unit(request, work))


@router.get(
    "/v1/cases/{case_id}/whiteboard.svg",
    response_class=SvgResponse,
    responses=_svg_responses("The case's practice whiteboard as SVG."),
    openapi_extra=requirement_ids("SOS-QA-007"),
)
async def get_case_whiteboard(case_id: CaseId, request: Request, caller: Reader) -> Response:
    """A case's practice whiteboard (SVG).

    One row per part of the practice (map, danger statements and goals, scaling, child's voice,
    network, safety plan, words and pictures, trajectory), each CURRENT, PRESENT or MISSING with a
    short fact, in colour and in words. Worked out from the records, like the audit evidence.
    """

    def work(session: Session) -> str:
        case = CASE.get(session, caller, case_id)
        audit(session, caller, "read_whiteboard", CASE, [case])
        today = date.today()
        rows = whiteboard_rows(evidence_for_case(session, case_id, today), today)
        return whiteboard_svg(case.title, case.reference, today, rows)

    return SvgResponse(await run_unit(request, work))


@router.get(
    "/v1/scales/{scale_id}/chart.svg",
    response_class=SvgResponse,
    responses=_svg_responses("The scale's ratings per rater as an SVG line chart."),
    openapi_extra=requirement_ids("SOS-QA-008"),
)
async def get_scale_chart(scale_id: ScaleId, request: Request, caller: Reader) -> Response:
    """A scale's trajectory per rater (SVG).

    One line per rater (name and role) through their ratings in date order; x is the date, y runs
    from 0 to 10 with the scale's two anchors as the axis labels. Entered-in-error ratings are left
    out; nothing is averaged.
    """

    def work(session: Session) -> str:
        scale = SCALE.get(session, caller, scale_id)
        ratings = rules.live_ratings(session, scale)
        audit(session, caller, "read", SCALE, [scale])
        audit(session, caller, "read", RATING, ratings)
        return rules.scale_chart(session, scale, ratings)

    return SvgResponse(await run_unit(request, work))
