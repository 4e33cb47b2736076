from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Query, Request, Response
from sqlalchemy import ColumnElement, select, union_all

from service.audit.events import AuditEventRead, events_page
from service.kit.auth import Auditor
from service.kit.operations import reading
from service.kit.pagination import Page, Paging
from service.kit.responses import page_response
from service.kit.routing import area_router
from service.kit.work import run_unit
from service.models import AuditEvent

router = area_router(prefix="/v1/audit-events", tags=["audit"])


@reading(router, "", Page[AuditEventRead], "SOS-AUDIT-001", "SOS-AUDIT-002")
async def list_audit_events(
    request: Request,
    caller: Auditor,
    paging: Paging,
    record_id: Annotated[uuid.UUID | None, Query(description="Only events about this record.")] = None,
    child_id: Annotated[uuid.UUID | None, Query(description="Only events about this person.")] = None,
    case_id: Annotated[uuid.UUID | None, Query(description="Only events about this case's records.")] = None,
    request_id: Annotated[
        str | None,
        Query(
            max_length=100,
            description="Only events of one request: the X-Request-ID the client sent (its correlation "
            "id), or the service's request id (events written within an hour of the time that id carries).",
        ),
    ] = None,
) -> Response:
    """List audit events.

    Who read or changed which record, when, and in which request: oldest first, a page at a
    time (updated_since filters on the time of the event). Needs the audit scope.
    """
    query = select(AuditEvent.__table__).where(_of_authority(caller.la_code, request_id))
    for column, value in (
        (AuditEvent.record_id, record_id),
        (AuditEvent.child_id, child_id),
        (AuditEvent.case_id, case_id),
    ):
        if value is not None:
            query = query.where(column == value)

    items, cursor = await run_unit(request, lambda session: events_page(session, query, paging))
    return page_response(request, items, cursor)


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
REQUEST_LASTS = timedelta(hours=1)
"""Far longer than any request runs (the slowest, a return with its validation, takes seconds): the
events of a request are written within this of the time its id carries, so a look-up by the
service's id reads an hour of the authority's events at most."""


def _of_authority(la_code: str, request_id: str | None) -> ColumnElement[bool]:
    """The authority's events; with ``request_id``, only those of that request: the client's
    X-Request-ID, found by its index (migration 0019), or the service's own id, a UUID version 7,
    found by the time it carries (its events were written by the process that made it, from then).
    Written as ``id IN (one UNION ALL the other)``: as one OR beside the authority, SQLite walks all
    the authority's events by time instead (36 ms against 0.07 ms at 300,000 events)."""
    if request_id is None:
        return AuditEvent.la_code == la_code
    theirs = select(AuditEvent.id).where(
        AuditEvent.la_code == la_code, AuditEvent.correlation_id == request_id
    )
    began = _time_of(request_id)
    if began is None:
        return AuditEvent.id.in_(theirs)
    ours = select(AuditEvent.id).where(
        AuditEvent.la_code == la_code,
        AuditEvent.occurred_at >= began,
        AuditEvent.occurred_at < began + REQUEST_LASTS,
        AuditEvent.request_id == request_id,
    )
    return AuditEvent.id.in_(union_all(ours, theirs))


def _time_of(request_id: str) -> datetime | None:
    """The time a UUID version 7 carries, to the millisecond, or None for any other string (and for
    one whose time, with the span of a request, lies past the last date Python holds: no request of
    ours was made then)."""
    try:
        found = uuid.UUID(request_id)
    except ValueError:
        return None
    if found.version != 7:
        return None
    try:
        began = EPOCH + timedelta(milliseconds=found.int >> 80)
        began + REQUEST_LASTS  # the query's upper bound must fit too
    except OverflowError:
        return None
    return began
