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
    created_at: datetime
    updated_at: datetime
    created_by: str = Field(description="Who recorded it (the token subject).")
    updated_by: str = Field(description="Who made the latest change.")


def read_fields(record: Any) -> dict[str, Any]:
    return {name: getattr(record, name) for name in RecordRead.model_fields}


class EnteredInError(Input):
    reason: str = Field(min_length=3, max_length=2000, description="Why the record was entered in error.",
                        examples=["Recorded on the wrong family's case."])


class HistoryEntry(BaseModel):
    version: int
    change: str = Field(description="create, amend, entered_in_error or a named practice step.")
    reason: str | None
    recorded_at: datetime
    recorded_by: str
    effective_date: date | None
    data: dict[str, Any] = Field(description="The record as it read at this version.")


class History(BaseModel):
    record_id: uuid.UUID
    record_type: str
    versions: list[HistoryEntry]


AMENDMENT_REASON = Field(
    default=None, max_length=2000, description="Why the record is being amended; kept in its history.",
    examples=["Date corrected after speaking to the school."],
)
