"""GET /v1/qa/measures: the meaningful measures for an authority, a period and perhaps a team."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from service.db import SessionDep
from service.kit.auth import Reader
from service.kit.errors import ValidationFailed, field_error
from service.kit.legacy_records import audit_event
from service.kit.legacy_routes import READ_ERRORS
from service.qa.measures import BY_CODE, MeasureResult, Period, compute_measures

router = APIRouter(tags=["qa"])

REQUIREMENTS = ["SOS-QA-101", "SOS-QA-102", "SOS-QA-103", "SOS-QA-104"]
CSV_COLUMNS = [
    "code",
    "label",
    "period",
    "period_start",
    "period_end",
    "team",
    "numerator",
    "denominator",
    "value",
    "value_kind",
    "not_computable",
    "note",
    "definition",
]


class MeasureDefinitionRead(BaseModel):
    numerator: str = Field(description="What is counted, in plain words.")
    denominator: str = Field(description="What it is counted out of.")
    period: str = Field(description="Which dates the measure looks at.")
    inclusions: str = Field(description="What is included and left out.")


class MeasureRead(BaseModel):
    code: str = Field(description="The measure's code in the list `qa_measure`.", examples=["M1"])
    label: str = Field(description="The measure's name.", examples=["Danger statement coverage"])
    definition: MeasureDefinitionRead = Field(description="What the measure counts, in plain words.")
    period: str = Field(description="The period as asked: a month, or from/to.", examples=["2026-03"])
    period_start: date = Field(description="First day of the period (inclusive).")
    period_end: date = Field(description="Last day of the period (inclusive); the as-at date.")
    team: str | None = Field(description="The team the cases were counted for, or null for the authority.")
    value_kind: str = Field(
        description="How to read `value`: ratio (numerator / denominator, 0 to 1), median_days, mean "
        "(of 0-10 answers), or not_computable.",
        examples=["ratio"],
    )
    numerator: int | None = Field(description="How many counted; null when not computable.")
    denominator: int | None = Field(description="Out of how many; null when not computable.")
    value: float | None = Field(description="The measure; null when nothing to count or not computable.")
    details: dict[str, float | int | None] = Field(description="The measure's secondary figures, named.")
    not_computable: str | None = Field(description="Why the service cannot compute it from its records.")
    note: str | None = Field(description="How a derived measure was worked out.")


class MeasuresReport(BaseModel):
    la_code: str = Field(description="The authority the measures are for.", examples=["990"])
    period: str = Field(description="The period as asked: a month or from/to.", examples=["2026-03"])
    period_start: date = Field(description="First day of the period (inclusive).", examples=["2026-03-01"])
    period_end: date = Field(
        description="Last day of the period (inclusive): the date open cases are counted on.",
        examples=["2026-03-31"],
    )
    team: str | None = Field(description="The team, or null for the whole authority.")
    measures: list[MeasureRead] = Field(description="Every measure M1-M15, in order.")


def _period(period: str | None, start: date | None, end: date | None) -> Period:
    if period is not None and (start is not None or end is not None):
        raise ValidationFailed(
            "Give either period (a month) or from and to, not both.",
            errors=[field_error("/period", "not with from/to", "period_conflict", location="query")],
        )
    try:
        if period is not None:
            return Period.month(period)
        if start is None or end is None:
            raise ValidationFailed(
                "Give period=YYYY-MM, or both from and to (dates).",
                errors=[
                    field_error(f"/{name}", "required", "required", location="query")
                    for name, value in (("from", start), ("to", end))
                    if value is None
                ]
                or [field_error("/period", "required", "required", location="query")],
            )
        return Period.between(start, end)
    except ValueError as exc:
        pointer = "/period" if period is not None else "/to"
        raise ValidationFailed(
            f"The period is not valid: {exc}.",
            errors=[field_error(pointer, str(exc), "period_invalid", location="query")],
        ) from exc


def _read(result: MeasureResult, period: str) -> MeasureRead:
    measure = BY_CODE[result.code]
    return MeasureRead(
        code=result.code,
        label=result.label,
        definition=MeasureDefinitionRead(
            numerator=measure.numerator,
            denominator=measure.denominator,
            period=measure.period,
            inclusions=measure.inclusions,
        ),
        period=period,
        period_start=result.period_start,
        period_end=result.period_end,
        team=result.team,
        value_kind=result.value_kind,
        numerator=result.numerator,
        denominator=result.denominator,
        value=result.value,
        details=result.details,
        not_computable=result.not_computable,
        note=result.note,
    )


def _csv(report: MeasuresReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for m in report.measures:
        definition = BY_CODE[m.code].definition
        values: dict[str, Any] = {**m.model_dump(mode="json"), "definition": definition}
        writer.writerow(["" if values[c] is None else values[c] for c in CSV_COLUMNS])
    return out.getvalue()


@router.get(
    "/v1/qa/measures",
    response_model=MeasuresReport,
    responses={
        **READ_ERRORS,
        200: {
            "description": "The measures, as JSON or (with `format=csv` or `Accept: text/csv`) as CSV.",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        },
    },
    openapi_extra={"x-requirements": REQUIREMENTS},
)
def get_qa_measures(
    session: SessionDep,
    caller: Reader,
    request: Request,
    period: Annotated[
        str | None, Query(description="A month, YYYY-MM; or give from and to.", examples=["2026-03"])
    ] = None,
    start: Annotated[date | None, Query(alias="from", description="First day (with to).")] = None,
    end: Annotated[date | None, Query(alias="to", description="Last day (with from).")] = None,
    team: Annotated[
        str | None,
        Query(max_length=100, description="Count only the cases this team held in the period."),
    ] = None,
    format: Annotated[Literal["json", "csv"] | None, Query(description="csv, or json (the default).")] = None,
) -> Any:
    """Compute the meaningful measures.

    Computes the quality-assurance measures M1-M15 for your authority (or one team) over a month
    or a date range, from the records already kept: no double entry. Each measure comes with its
    numerator, denominator and value, and its definition in plain words (also the code list
    `qa_measure`). Measures the service cannot compute from its records say why in
    `not_computable`, and derived ones say how in `note`. Only counts are returned, never a
    child's data; the computation is still written to the audit trail. JSON, or CSV with
    `format=csv` or `Accept: text/csv`.
    """
    chosen = _period(period, start, end)
    results = compute_measures(session, caller.la_code, chosen, team)
    report = MeasuresReport(
        la_code=caller.la_code,
        period=chosen.label,
        period_start=chosen.start,
        period_end=chosen.end,
        team=team,
        measures=[_read(r, chosen.label) for r in results],
    )
    audit_event(
        session,
        caller,
        "read_measures",
        "qa_measures",
        uuid.uuid5(uuid.NAMESPACE_URL, f"sos:qa_measures:{caller.la_code}:{chosen.label}:{team or ''}"),
        1,
    )
    wants_csv = format == "csv" or (format is None and "text/csv" in request.headers.get("accept", ""))
    if wants_csv:
        return Response(_csv(report), media_type="text/csv; charset=utf-8")
    return report
