"""Audit events as the API shows them, a page at a time (no FastAPI): the authority's event list and
a person's access log read them the same way."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import Select
from sqlalchemy.orm import Session

from service.kit.pagination import PageParams, page_of, page_statement
from service.models import AuditEvent


class AuditEventRead(BaseModel):
    id: uuid.UUID = Field(description="The event's id.")
    occurred_at: datetime = Field(description="When the read or write happened (UTC).")
    la_code: str = Field(description="The local authority the caller acted for.", examples=["990"])
    actor: str = Field(description="Who did it (the token subject).")
    action: str = Field(description="What was done, e.g. `read`, `create`, `amend`.", examples=["read"])
    record_type: str = Field(description="The kind of record touched.", examples=["person"])
    record_id: uuid.UUID = Field(description="The record touched.")
    record_version: int = Field(description="The record's version after the action.")
    case_id: uuid.UUID | None = Field(description="The case the record belongs to, if any.")
    child_id: uuid.UUID | None = Field(description="The child the record is about, if any.")
    request_id: str = Field(
        description="The service's own id of the request (unique per request), to join its events."
    )
    correlation_id: str | None = Field(
        description="The X-Request-ID the client sent with the request, if it sent one (it may repeat)."
    )


def events_page(
    session: Session, query: Select[Any], paging: PageParams
) -> tuple[list[AuditEventRead], str | None]:
    """One page of the audit events ``query`` selects (a Core ``select`` of the table), oldest first
    (``updated_since`` is the time of the event), and the cursor of the next page."""
    statement = page_statement(query, AuditEvent, paging, time_column="occurred_at")
    rows, cursor = page_of(session, statement, paging, {}, time_column="occurred_at")
    return [AuditEventRead.model_validate(row, from_attributes=True) for row in rows], cursor
