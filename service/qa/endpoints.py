"""Quality assurance: allocations, collaborative case audits, family and staff feedback, the evidence
for an audit, and pictures of a case's practice."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Query, Request, Response
from sqlalchemy.orm import Session

from service.assessment.kinds import RATING, SCALE, ScaleId
from service.cases.kinds import CASE, CaseId
from service.kit.auth import Reader
from service.kit.fields import Day
from service.kit.operations import READ_ERRORS, about, add_operations, answered_as, reading
from service.kit.records import audit
from service.kit.responses import json_response
from service.kit.routing import area_router
from service.qa import rules
from service.qa.evidence import evidence_for_case
from service.qa.kinds import ALLOCATION, CASE_AUDIT, FAMILY_FEEDBACK, STAFF_FEEDBACK
from service.qa.pictures import SVG_MEDIA_TYPE, whiteboard_rows, whiteboard_svg
from service.qa.schemas import AuditEvidence

router = area_router(tags=["qa"])
for record_type in (ALLOCATION, CASE_AUDIT, FAMILY_FEEDBACK, STAFF_FEEDBACK):
    add_operations(router, record_type)


class SvgResponse(Response):
    media_type = SVG_MEDIA_TYPE


def _svg(path: str, what: str, requirement: str) -> Any:
    """The decorator of a read answering with a picture (SVG)."""
    responses = {**answered_as(SVG_MEDIA_TYPE, what), **READ_ERRORS}
    return reading(router, path, None, requirement, response_class=SvgResponse, responses=responses)


@reading(router, "/v1/cases/{case_id}/audit-evidence", AuditEvidence, "SOS-QA-004")
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

    def evidence(session: Session, case: Any) -> AuditEvidence:
        return rules.case_evidence(session, case.id, on or date.today())

    return json_response(await about(request, caller, CASE, case_id, "read_audit_evidence", evidence))


@_svg("/v1/cases/{case_id}/whiteboard.svg", "The case's practice whiteboard as SVG.", "SOS-QA-007")
async def get_case_whiteboard(case_id: CaseId, request: Request, caller: Reader) -> Response:
    """A case's practice whiteboard (SVG).

    One row per part of the practice (map, danger statements and goals, scaling, child's voice,
    network, safety plan, words and pictures, trajectory), each CURRENT, PRESENT or MISSING with a
    short fact, in colour and in words. Worked out from the records, like the audit evidence. A
    closed case is shown as it stood on the day it closed, and nothing on it is CURRENT: what was
    current then is AT CLOSE.
    """

    def whiteboard(session: Session, case: Any) -> str:
        closed_on = rules.case_closed_on(session, case.id)
        as_of = closed_on or date.today()
        rows = whiteboard_rows(evidence_for_case(session, case.id, as_of), as_of, closed_on)
        return whiteboard_svg(case.title, case.reference, as_of, rows, closed_on)

    return SvgResponse(await about(request, caller, CASE, case_id, "read_whiteboard", whiteboard))


@_svg("/v1/scales/{scale_id}/chart.svg", "The scale's ratings per rater as an SVG line chart.", "SOS-QA-008")
async def get_scale_chart(scale_id: ScaleId, request: Request, caller: Reader) -> Response:
    """A scale's trajectory per rater (SVG).

    One line per rater (name and role) through their ratings in date order; x is the date, y runs
    from 0 to 10 with the scale's two anchors as the axis labels. Entered-in-error ratings are left
    out; nothing is averaged.
    """

    def chart(session: Session, scale: Any) -> str:
        ratings = rules.live_ratings(session, scale)
        audit(session, caller, "read", RATING, ratings)
        return rules.scale_chart(session, scale, ratings)

    return SvgResponse(await about(request, caller, SCALE, scale_id, "read", chart))
