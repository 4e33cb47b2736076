"""GET /v1/returns/...: the statutory returns made from the records (admin or audit scope), each
request written to the audit trail as ONE bulk read of the authority's records."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Path, Query, Request, Response
from sqlalchemy.orm import Session

from service.kit.auth import AdminOrAuditor, Caller
from service.kit.errors import ValidationFailed, field_error
from service.kit.operations import READ_ERRORS, answered_as, reading
from service.kit.records import audit
from service.kit.routing import area_router
from service.kit.work import run_unit
from service.qa.kinds import Report
from service.returns.annex_a import LISTS, annex_a_list
from service.returns.cin import cin_census
from service.returns.collection_year import CollectionYear
from service.returns.ssda903 import TABLES, ssda903

router = area_router(tags=["returns"])

CIN_CENSUS = Report("return_cin_census")
"""The CIN census (GET /v1/returns/cin-census): one audit event per request (SOS-RET-003)."""
SSDA903 = Report("return_ssda903")
"""An SSDA903 table (GET /v1/returns/ssda903/{table}): one audit event per request."""
ANNEX_A = Report("return_annex_a")
"""An Annex A list (GET /v1/returns/annex-a/{list_number}): one audit event per request."""

YearQuery = Annotated[
    str,
    Query(
        pattern=r"^\d{4}-\d{2}$",
        description="The DfE collection year, e.g. 2025-26 (1 April 2025 to the census date 31 March 2026).",
        examples=["2025-26"],
    ),
]


class XmlResponse(Response):
    media_type = "application/xml"


def collection_year(text: str) -> CollectionYear:
    try:
        return CollectionYear.parse(text)
    except ValueError as exc:
        raise ValidationFailed(
            f"The year {text} is not a collection year: {exc}.",
            errors=[field_error("/year", str(exc), "year_invalid", location="query")],
            requirement="SOS-RET-002",
        ) from exc


def audited(session: Session, caller: Caller, report: Report, year: CollectionYear, *more: str) -> None:
    """The return's one audit event: a bulk read of the authority's records for the year."""
    audit(session, caller, "read_return", report, [report.asked(caller, year.label, *more)])


def _media_type(response_class: type[Response]) -> str:
    """The response's media type without its parameters: ``text/csv``, ``application/xml``."""
    return str(response_class.media_type).split(";")[0]


def _return_reading(path: str, requirement: str, response_class: type[Response], what: str) -> Any:
    """The decorator of a return's read: its own requirement, then every return's (the collection year,
    one audit event); answered as a file of the response's media type."""
    return reading(
        router,
        path,
        None,
        requirement,
        "SOS-RET-002",
        "SOS-RET-003",
        response_class=response_class,
        responses={**answered_as(_media_type(response_class), what), **READ_ERRORS},
    )


def _attachment(
    response_class: type[Response], content: bytes | str, stem: str, caller: Caller, year: CollectionYear
) -> Response:
    """The return as a file to save, ``<stem>-<authority>-<year>.<csv or xml>`` (the media type's subtype)."""
    suffix = _media_type(response_class).split("/")[1]
    disposition = f'attachment; filename="{stem}-{caller.la_code}-{year.label}.{suffix}"'
    return response_class(content, headers={"Content-Disposition": disposition})


@_return_reading("/v1/returns/cin-census", "SOS-RET-001", XmlResponse, "The CIN census document (XML).")
async def get_cin_census_return(request: Request, caller: AdminOrAuditor, year: YearQuery) -> Response:
    """The Children in Need census for a collection year.

    Made from the authority's statutory records as they stood at the census date (referrals,
    assessments, CIN plans, section 47 enquiries, initial conferences, child protection plans and
    their reviews), in the DfE's XML layout. Test data and records entered in error are left out;
    nothing missing is filled in. Needs the admin or audit scope; each request is one audit event.
    Check it first with `sos-reference returns validate`.
    """
    chosen = collection_year(year)

    def work(session: Session) -> bytes:
        census = cin_census(session, caller.la_code, chosen)
        audited(session, caller, CIN_CENSUS, chosen)
        return census.xml

    return _attachment(XmlResponse, await run_unit(request, work, alone=True), "cin-census", caller, chosen)


class CsvResponse(Response):
    media_type = "text/csv; charset=utf-8"


@_return_reading("/v1/returns/annex-a/{list_number}", "SOS-RET-004", CsvResponse, "The Annex A list (CSV).")
async def get_annex_a_list(
    request: Request,
    caller: AdminOrAuditor,
    year: YearQuery,
    list_number: Annotated[
        int,
        Path(
            ge=2,
            le=10,
            description="The Annex A list: 2 early help, 3 referrals, 4 assessments, 5 section "
            "47 enquiries, 6 CIN plans, 7 child protection plans, 8 children in care, 9 care leavers, "
            "10 adoption. Lists 1 (contacts) and 11 (adopters) are not made: the service holds no "
            "such records.",
        ),
    ],
) -> Response:
    """One of Ofsted's Annex A lists for a collection year.

    Lists 2 to 10, made from the records (early help assessments, referrals, assessments, section 47
    enquiries, CIN plans, child protection plans, looked-after episodes, care-leaver contacts,
    adoption decisions): each row a record of the year with its child's
    identifier, gender, ethnicity, date of birth and disabilities. Test data and records entered in
    error are left out. Needs the admin or audit scope; each request is one audit event.
    """
    chosen = collection_year(year)

    def work(session: Session) -> str:
        text = annex_a_list(session, caller.la_code, list_number, chosen)
        audited(session, caller, ANNEX_A, chosen, str(list_number))
        return text

    name = LISTS[list_number].file_name.removesuffix(".csv")
    return _attachment(CsvResponse, await run_unit(request, work, alone=True), name, caller, chosen)


Ssda903Table = Literal[
    "header",
    "episodes",
    "reviews",
    "uasc",
    "oc2",
    "oc3",
    "ad1",
    "placed_for_adoption_errors",
    "previous_permanence",
    "missing",
    "sw_episodes",
]
_TABLE_OF_FILE = {name: table for table, (name, _) in TABLES.items()}


@_return_reading("/v1/returns/ssda903/{table}", "SOS-RET-005", CsvResponse, "One SSDA903 table (CSV).")
async def get_ssda903_table(
    request: Request,
    caller: AdminOrAuditor,
    year: YearQuery,
    table: Annotated[Ssda903Table, Path(description="The table, named as its file (header, episodes, ...).")],
) -> Response:
    """One table of the SSDA903 children looked after return for a collection year.

    Made from the looked-after records as they stood at the census date, with the columns the DfE's
    layout and the validator use (dates dd/mm/yyyy). Test data and records entered in error are left
    out; tables the service holds no records for (OC2, social worker episodes) are sent with their
    header only. Needs the admin or audit scope; each request is one audit event.
    """
    chosen = collection_year(year)

    def work(session: Session) -> str:
        text = ssda903(session, caller.la_code, chosen).csv(_TABLE_OF_FILE[table])
        audited(session, caller, SSDA903, chosen, table)
        return text

    return _attachment(CsvResponse, await run_unit(request, work, alone=True), table, caller, chosen)
