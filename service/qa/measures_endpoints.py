"""GET /v1/qa/measures: the meaningful measures for an authority, a period and perhaps a team."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query, Request, Response
from sqlalchemy.orm import Session

from service.kit.auth import Reader
from service.kit.fields import Day
from service.kit.operations import READ_ERRORS, answered_as, reading
from service.kit.records import audit
from service.kit.responses import json_response
from service.kit.routing import area_router
from service.kit.work import run_unit
from service.qa.kinds import MEASURES_REPORT
from service.qa.rules import measures_csv, measures_period, measures_report
from service.qa.schemas import MeasuresReport

router = area_router(tags=["qa"])


@reading(
    router,
    "/v1/qa/measures",
    MeasuresReport,
    "SOS-QA-101",
    "SOS-QA-102",
    "SOS-QA-103",
    "SOS-QA-104",
    responses={
        **READ_ERRORS,
        **answered_as(
            "text/csv", "The measures, as JSON or (with `format=csv` or `Accept: text/csv`) as CSV."
        ),
    },
)
async def get_qa_measures(
    request: Request,
    caller: Reader,
    period: Annotated[
        str | None, Query(description="A month, YYYY-MM; or give from and to.", examples=["2026-03"])
    ] = None,
    start: Annotated[Day | None, Query(alias="from", description="First day (with to).")] = None,
    end: Annotated[Day | None, Query(alias="to", description="Last day (with from).")] = None,
    team: Annotated[
        str | None,
        Query(max_length=100, description="Count only the cases this team held in the period."),
    ] = None,
    format: Annotated[Literal["json", "csv"] | None, Query(description="csv, or json (the default).")] = None,
) -> Response:
    """Compute the meaningful measures.

    Computes the quality-assurance measures M1-M15 for your authority (or one team) over a month
    or a date range, from the records already kept: no double entry. Each measure comes with its
    numerator, denominator and value, and its definition in plain words (also the code list
    `qa_measure`). Measures the service cannot compute from its records say why in
    `not_computable`, and derived ones say how in `note`. Only counts are returned, never a
    child's data; the computation is still written to the audit trail. JSON, or CSV with
    `format=csv` or `Accept: text/csv`.
    """
    chosen = measures_period(period, start, end)

    def work(session: Session) -> MeasuresReport:
        report = measures_report(session, caller.la_code, chosen, team)
        asked = MEASURES_REPORT.asked(caller, chosen.label, team or "")
        audit(session, caller, "read_measures", MEASURES_REPORT, [asked])
        return report

    report = await run_unit(request, work, alone=True)
    wants_csv = format == "csv" or (format is None and "text/csv" in request.headers.get("accept", ""))
    if wants_csv:
        return Response(measures_csv(report), media_type="text/csv; charset=utf-8")
    return json_response(report)
