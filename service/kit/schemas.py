"""Schema pieces shared by every record type."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from service.kit.fields import AMENDMENT_REASON, Day, Input, practice_date

__all__ = [
    "AMENDMENT_REASON",
    "ChangeKind",
    "EnteredInError",
    "History",
    "HistoryEntry",
    "Input",
    "PracticeStep",
    "RecordRead",
    "Shown",
]


class RecordRead(BaseModel):
    """Fields every record carries; all are set by the server.

    A record type's read schema is ``class <Thing>Read(<Thing>Fields, RecordRead)``: filled from the
    record by attribute, every field present in every response (so required in the contract).
    """

    model_config = ConfigDict(from_attributes=True, json_schema_serialization_defaults_required=True)

    id: uuid.UUID = Field(description="Server-chosen identifier.")
    version: int = Field(ge=1, description="Starts at 1 and goes up by one with every change; the ETag.")
    status: str = Field(description="`active`, or `entered_in_error` (still readable).", examples=["active"])
    status_reason: str | None = Field(description="Why the status changed, when it did.")
    created_at: datetime = Field(description="When the record was first saved (UTC).")
    updated_at: datetime = Field(description="When the latest version was saved (UTC).")
    created_by: str = Field(description="Who recorded it (the token subject).")
    updated_by: str = Field(description="Who made the latest change.")
    test_data: bool = Field(
        description="True when the record was made by a request marked `X-Test-Data: true` (a conformance "
        "run, say). Such records are kept and read like any other, but measures and statutory returns "
        "leave them out. Set by the server when the record is made; never changed."
    )


class Shown(BaseModel):
    """Base of a nested shape as a response shows it (``class PlanRuleRead(PlanRule, Shown)``): the
    shape's fields, and any the response adds, every one present (so required in the contract), read as
    stored: keys it does not know are ignored and text is kept as it is, even where the shape is also a
    request body (an :class:`Input`)."""

    model_config = ConfigDict(
        extra="ignore", str_strip_whitespace=False, json_schema_serialization_defaults_required=True
    )


def read_fields(record: Any) -> dict[str, Any]:
    return {name: getattr(record, name) for name in RecordRead.model_fields}


class PracticeStep(Input):
    """Base of the body of a named practice step (withdrawing a statement...): the practice date it is
    about, required. A step whose body already says its date defaults ``effective_on`` to it instead."""

    effective_on: Day = practice_date()


class EnteredInError(Input):
    reason: str = Field(
        min_length=3,
        max_length=2000,
        description="Why the record was entered in error.",
        examples=["Recorded on the wrong family's case."],
    )
    effective_on: Day | None = practice_date("the day it is marked (UTC)")


ChangeKind = Annotated[str, Field(description="create, amend, entered_in_error or a named practice step.")]
"""What made a version of a record: its creation, an amendment, marking it entered in error, or a named
practice step (by the step's name). Shown as ``change`` by the history, the journey and the chronology."""


class HistoryEntry(BaseModel):
    version: int = Field(description="The version this entry made (1 for the first).")
    change: ChangeKind
    reason: str | None = Field(description="The reason given with the change (amendment or error reason).")
    reason_code: str | None = Field(
        description="What kind of amendment it was, when the amendment said (`amendment_reason_code`, "
        "code list `amendment_reason`); null for every other change and for an amendment that did not say.",
        examples=["CORRECTION"],
        json_schema_extra={"x-code-list": "amendment_reason"},
    )
    recorded_at: datetime = Field(description="When the version was saved (UTC).")
    recorded_by: str = Field(description="Who saved it (the token subject).")
    effective_date: date | None = Field(description="The practice date the record stands for, if any.")
    effective_on: date = Field(
        description="The practice date this version is about: the day the change happened (sent as "
        "`effective_on` with an amendment or a step; on creation the record's own date, else the day it was "
        "recorded)."
    )
    data: dict[str, Any] = Field(description="The record as it read at this version.")


class History(BaseModel):
    record_id: uuid.UUID = Field(description="The record whose history this is.")
    record_type: str = Field(description="The kind of record, e.g. `person`, `case`.", examples=["person"])
    versions: list[HistoryEntry] = Field(description="Every version, oldest first.")
