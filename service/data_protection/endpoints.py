"""Data protection: how long each child's records are kept (domain.md 6.3 and 8.5 rule 12), a subject
access export of a person's records, a child's or an adult's, with what to review before disclosure
(6.1, 6.3 and 8.5 rule 13), and the person's access log: who read or changed those records (6.3 and
8.5 rule 13)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import Path, Request, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.audit.events import AuditEventRead, events_page
from service.config import get_settings
from service.data_protection.export import subject_access_export, versions_about
from service.data_protection.export_page import export_html
from service.data_protection.retention import child_retention
from service.data_protection.schemas import Retention, SubjectAccessExport
from service.kit.auth import AdminOrAuditor, Auditor, Reader
from service.kit.operations import READ_ERRORS, about, answered_as, reading
from service.kit.pagination import Page, Paging
from service.kit.responses import PageFormat, json_or_page, json_response, page_response
from service.kit.routing import area_router
from service.models import AuditEvent
from service.people.kinds import PERSON

router = area_router(tags=["data-protection"])
ChildId = Annotated[uuid.UUID, Path(description="The child's person id.")]


@reading(router, "/v1/children/{child_id}/retention", Retention, "SOS-DP-001")
async def get_child_retention(child_id: ChildId, request: Request, caller: Reader) -> Response:
    """How long the child's records are kept.

    Worked out from the records on every read, never typed: 100 years from an adoption order; for a
    child ever looked after, to the 75th anniversary of the birth (15 years from a death before 18);
    and for every child the authority's own policy (until 18 and some years with no change). The
    records are kept until the latest date of the rules that apply; each rule says whether it applies
    and why. Audited as one read of the child.
    """
    inactive_years = get_settings().retention_inactive_years

    def work(session: Session, child: Any) -> Retention:
        return child_retention(session, caller.la_code, child, inactive_years)

    return json_response(await about(request, caller, PERSON, child_id, "read_retention", work))


EXPORT_ANSWERS = {
    **READ_ERRORS,
    **answered_as(
        "text/html",
        "The export, as JSON or (with `format=html` or `Accept: text/html`) a page to review and print.",
    ),
}


PersonId = Annotated[uuid.UUID, Path(description="The person's id: a child's or an adult's.")]


@reading(
    router,
    "/v1/people/{person_id}/subject-access-export",
    SubjectAccessExport,
    "SOS-DP-002",
    responses=EXPORT_ANSWERS,
)
async def get_person_subject_access_export(
    person_id: PersonId, request: Request, caller: AdminOrAuditor, format: PageFormat = None
) -> Response:
    """Everything recorded about a person, a child or an adult, for a subject access request.

    Every version of every record about them, in the order of their chronology, each as the API
    showed it, with the reason given for the change: their own records and those kept for them; the
    family's records of the cases they are a child of, or a parent of the children in (mother,
    father, step-parent, a parent's partner; for a child, not those naming only other children); and
    any record of their cases, or of a case whose safety network they are in, that refers to them by
    id. With each entry, the places an officer reviews before disclosure: staff names, other people
    (by id, with everyone referred to named in `people`, or in words; a record kept for another child
    marked as a whole), free text, corrections and health records. The service marks; it withholds
    nothing. JSON, or with `format=html` or `Accept: text/html` a page to review and print, the marked
    places highlighted. Needs the admin or audit scope; audited as one read of the person.
    """

    def work(session: Session, person: Any) -> SubjectAccessExport:
        return subject_access_export(session, caller.la_code, person)

    export = await about(request, caller, PERSON, person_id, "export_subject_access", work)
    return json_or_page(request, export, export_html, format)


@reading(router, "/v1/people/{person_id}/access-log", Page[AuditEventRead], "SOS-DP-004", "SOS-AUDIT-002")
async def get_person_access_log(
    person_id: PersonId, request: Request, caller: Auditor, paging: Paging
) -> Response:
    """Who read or changed the records about a person.

    Every audit event of a record about the person, a child or an adult, by the rule of the subject
    access export (their own records and those kept for them, their family's records, records naming
    them): who, when, which record and version, what was done, in which request; oldest first, a page
    at a time (`updated_since` is the time of the event, and bounds the search). For a complaint, an
    internal investigation, or a subject access request about who has seen the file. Needs the audit
    scope, as every audit event does; each page is audited as a read of the person, and shows that
    read too.
    """

    def work(session: Session, person: Any) -> tuple[list[AuditEventRead], str | None]:
        versions, _ = versions_about(session, caller.la_code, person)
        about_them = select(AuditEvent.__table__).where(
            AuditEvent.la_code == caller.la_code,
            AuditEvent.record_id.in_({v.record_id for v in versions}),
        )
        return events_page(session, about_them, paging)

    items, cursor = await about(request, caller, PERSON, person_id, "read_access_log", work)
    return page_response(request, items, cursor)
