from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from service.kit.schemas import Input, RecordRead
from service.reference_data.registry import coded

Stage = coded("stage", "A stage on the continuum of service.", "CIN", max_length=16)


class StageTransitionCreate(Input):
    """Move one child on the continuum. The kind (step up, step down, ...) is worked out from the move."""

    child_id: uuid.UUID = Field(description="A child member of this case.")
    to_stage: Stage
    from_stage: Stage | None = Field(
        default=None, description="Which open stage ends; needed only when the child has two (CP and LAC)."
    )
    from_stage_continues: bool = Field(
        default=False, description="For CP -> LAC only: child protection carries on alongside care."
    )
    effective_date: date = Field(examples=["2025-03-02"])
    reason: str = Field(min_length=3, max_length=4000, examples=["Police notification of domestic abuse."])
    decided_by: str = Field(min_length=1, max_length=200, description="Who made the decision.",
                            examples=["Team manager, Eastmoor CIN team"])


class StageTransitionRead(RecordRead):
    case_id: uuid.UUID
    child_id: uuid.UUID
    from_stage: str | None
    to_stage: str
    kind: str = Field(description="From the list transition_kind.", examples=["STEP_UP"])
    from_stage_continues: bool
    effective_date: date
    reason: str
    decided_by: str
    carried_forward: dict[str, Any] = Field(
        description="The case's practice records that carry on unchanged across this move, by type."
    )


class ChildStages(BaseModel):
    child_id: uuid.UUID
    stages: list[str] = Field(description="The child's open stages now (CP and LAC may both be open).")
    allowed_next: list[str] = Field(description="The moves the rules allow from here.")


class JourneyEntry(BaseModel):
    effective_date: date | None = Field(description="The practice date of the event.")
    recorded_at: datetime = Field(description="When it was recorded.")
    record_type: str
    record_id: uuid.UUID
    version: int
    change: str
    summary: str
    stages: list[str] = Field(description="The child's open stages on that date.")


class Journey(BaseModel):
    child_id: uuid.UUID
    case_ids: list[uuid.UUID]
    current_stages: list[str]
    entries: list[JourneyEntry] = Field(description="Every record and change, in time order.")
