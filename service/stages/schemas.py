from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field

from service.kit.fields import Day, Fields, Flag, Input, optional, required, required_text
from service.kit.schemas import RecordRead
from service.reference_data.registry import CodeFrom

Stage = Annotated[str, CodeFrom("stage", "A stage on the continuum of service.", "CIN", max_length=16)]


class StageTransitionFields(Fields):
    child_id: uuid.UUID = required("A child member of this case: the child who moves.")
    to_stage: Stage
    from_stage_continues: Flag = Field(
        default=False, description="For CP -> LAC only: child protection carries on alongside care."
    )
    effective_date: Day = required("The date the move took effect (the decision's date).", "2025-03-02")
    reason: str = required(
        "Why the child moved, in the worker's words.",
        "Police notification of domestic abuse.",
        min_length=3,
        max_length=4000,
    )
    decided_by: str = required_text("Who made the decision.", "Team manager, Eastmoor CIN team", 200)
    override_reason: str | None = optional(
        "Why the move goes ahead although the case lacks what the stage expects: for a move into CP, "
        "a current map version, an active danger (or harm) statement and a scale rating (SOS-MAP-003). "
        "Omit it unless a 422 named that requirement; it is not kept when nothing is missing.",
        "Conference held on the day of the incident; the map is booked for next week.",
        min_length=3,
        max_length=2000,
    )


class StageTransitionCreate(StageTransitionFields, Input):
    """Move one child on the continuum. The kind (step up, step down, ...) is worked out from the move."""

    from_stage: Stage | None = optional(
        "Which open stage ends; needed only when the child has two (CP and LAC)."
    )


class StageTransitionRead(StageTransitionFields, RecordRead):
    case_id: uuid.UUID = required("The case.")
    from_stage: str | None = required("The stage that ended; null at the front door.")
    kind: str = required("From the list transition_kind.", "STEP_UP")
    carried_forward: dict[str, Any] = required(
        "The case's practice records that carry on unchanged across this move, by type."
    )


class ChildStages(BaseModel):
    child_id: uuid.UUID = required("The child.")
    stages: list[str] = required("The child's open stages now (CP and LAC may both be open).")
    allowed_next: list[str] = required("The moves the rules allow from here.")


class JourneyEntry(BaseModel):
    effective_date: date | None = required("The practice date of the event.")
    recorded_at: datetime = required("When it was recorded.")
    record_type: str = required("The kind of record, e.g. `stage_transition`.", "person")
    record_id: uuid.UUID = required("The record.")
    version: int = required("The record's version this entry made.")
    change: str = required("create, amend, entered_in_error or a named practice step.")
    summary: str = required("One line saying what happened.")
    stages: list[str] = required("The child's open stages on that date.")


class Journey(BaseModel):
    child_id: uuid.UUID = required("The child.")
    case_ids: list[uuid.UUID] = required("Every case the child is a child member of.")
    current_stages: list[str] = required("The child's open stages now.")
    entries: list[JourneyEntry] = required("Every record and change, in time order.")
