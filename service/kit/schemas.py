"""Schema pieces shared by every record type."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Input(BaseModel):
    """Base of every request body: unknown fields are refused, never ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class RecordRead(BaseModel):
    """Fields every record carries; all are set by the server."""

    id: uuid.UUID = Field(description="Server-chosen identifier.")
    version: int = Field(ge=1, description="Starts at 1 and goes up by one with every change; the ETag.")
    status: str = Field(description="`active`, or `entered_in_error` (still readable).", examples=["active"])
    status_reason: str | None = Field(description="Why the status changed, when it did.")
    created_at: datetime = Field(description="When the record was first saved (UTC).")
    updated_at: datetime = Field(description="When the latest version was saved (UTC).")
    created_by: str = Field(description="Who recorded it (the token subject).")
    updated_by: str = Field(description="Who made the latest change.")


def read_fields(record: Any) -> dict[str, Any]:
    return {name: getattr(record, name) for name in RecordRead.model_fields}


class EnteredInError(Input):
    reason: str = Field(
        min_length=3,
        max_length=2000,
        description="Why the record was entered in error.",
        examples=["Recorded on the wrong family's case."],
    )


class HistoryEntry(BaseModel):
    version: int = Field(description="The version this entry made (1 for the first).")
    change: str = Field(description="create, amend, entered_in_error or a named practice step.")
    reason: str | None = Field(description="The reason given with the change (amendment or error reason).")
    recorded_at: datetime = Field(description="When the version was saved (UTC).")
    recorded_by: str = Field(description="Who saved it (the token subject).")
    effective_date: date | None = Field(description="The practice date the record stands for, if any.")
    data: dict[str, Any] = Field(description="The record as it read at this version.")


class History(BaseModel):
    record_id: uuid.UUID = Field(description="The record whose history this is.")
    record_type: str = Field(description="The kind of record, e.g. `person`, `case`.", examples=["person"])
    versions: list[HistoryEntry] = Field(description="Every version, oldest first.")


AMENDMENT_REASON = Field(
    default=None,
    max_length=2000,
    description="Why the record is being amended; kept in its history.",
    examples=["Date corrected after speaking to the school."],
)
