from __future__ import annotations

import datetime as _dt
import uuid
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field, model_validator

from service.kit.fields import Day, Fields, Flag, Input, optional, required, required_text
from service.kit.schemas import ChangeKind, RecordRead
from service.reference_data.registry import CodeFrom

Stage = Annotated[str, CodeFrom("stage", "A stage on the continuum of service.", "CIN", max_length=16)]


class TransitionGrounds(Input):
    """The statutory event a move rests on (domain.md 8.5 rule 9): exactly one id.

    Into CIN from the front door or early help: ``referral_id``, an open referral of the child dated on
    or before the move; from CIN down to early help, ``referral_id`` too, the child's referral closed
    on or before the move with reason RC7 or RC9. From CIN into CP: ``conference_id``, an initial (or
    transfer-in) conference of the child that started a child protection plan. From CP down to CIN:
    ``cp_plan_id``, the child's plan, ended on or before the move. Into care, home from care and on to
    care-leaver status: ``lac_episode_id``, the child's looked-after episode that started or ended the
    period of care. Other moves take no grounds."""

    referral_id: uuid.UUID | None = optional(
        "A referral of the child: open (into CIN), or closed with reason RC7 or RC9 (CIN down to early help)."
    )
    conference_id: uuid.UUID | None = optional(
        "The initial conference of the child that started a plan (into CP)."
    )
    cp_plan_id: uuid.UUID | None = optional("The child's ended plan (CP down to CIN).")
    lac_episode_id: uuid.UUID | None = optional(
        "The child's looked-after episode: the one that started the period of care (into "
        "care, reason for new episode S) or the one that ended it (home from care, to care leaver)."
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> TransitionGrounds:
        ids = (self.referral_id, self.conference_id, self.cp_plan_id, self.lac_episode_id)
        if sum(v is not None for v in ids) != 1:
            raise ValueError("give exactly one of referral_id, conference_id, cp_plan_id or lac_episode_id")
        return self


class TransitionGroundsRead(BaseModel):
    """The statutory event the move rested on, as recorded."""

    referral_id: uuid.UUID | None = optional("The referral (into CIN; closed, down to early help).")
    conference_id: uuid.UUID | None = optional("The initial conference (into CP).")
    cp_plan_id: uuid.UUID | None = optional("The ended plan (CP down to CIN).")
    lac_episode_id: uuid.UUID | None = optional(
        "The looked-after episode (into care, home from care, to care leaver)."
    )


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
        "Taken for compatibility and not kept: no stage expects anything of the case itself. The map "
        "check (SOS-MAP-003) is made when an initial conference starts a plan, with the "
        "conference's own override_reason, and a move into CP rests on that conference.",
        "Conference held on the day of the incident; the map is booked for next week.",
        min_length=3,
        max_length=2000,
    )

    grounds: TransitionGrounds | None = optional(
        "The statutory event the move rests on: required into CIN from the front door or early "
        "help and from CIN down to early help (referral_id), from CIN into CP (conference_id), from CP "
        "down to CIN (cp_plan_id), and into care, home from care and on to care-leaver status "
        "(lac_episode_id); refused for any other move (SOS-STAGE-005 to SOS-STAGE-011)."
    )


class StageTransitionCreate(StageTransitionFields, Input):
    """Move one child on the continuum. The kind (step up, step down, ...) is worked out from the move."""

    from_stage: Stage | None = optional(
        "Which open stage ends; needed only when the child has two (CP and LAC)."
    )


class StageTransitionRead(StageTransitionFields, RecordRead):
    case_id: uuid.UUID = required("The case.")
    grounds: TransitionGroundsRead | None = required(  # type: ignore[assignment]
        "The statutory event the move rested on; null for a move that needs none."
    )
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
    effective_date: date | None = required(
        "The record's own date (the same on every version), if it has one."
    )
    effective_on: date = required("The practice date of this change: the journey is in this order.")
    recorded_at: datetime = required("When it was recorded.")
    record_type: str = required("The kind of record, e.g. `stage_transition`.", "person")
    record_id: uuid.UUID = required("The record.")
    version: int = required("The record's version this entry made.")
    change: ChangeKind
    summary: str = required("One line saying what happened.")
    stages: list[str] = required("The child's open stages on that date.")


class Journey(BaseModel):
    child_id: uuid.UUID = required("The child.")
    case_ids: list[uuid.UUID] = required("Every case the child is a child member of.")
    current_stages: list[str] = required("The child's open stages now.")
    entries: list[JourneyEntry] = required("Every record and change, in time order.")


class ChronologyEntry(BaseModel):
    date: _dt.date = required(
        "The practice date: the day it happened, not the day it was typed.", "2025-03-20"
    )
    what_happened: str = required(
        "What happened, in plain words: the kind of record, the change and the record's own summary; for "
        'an amendment, the reason given, after the kind of amendment where it said ("(correction: ...)").',
        "Danger statement recorded: Statement (partly_agrees): Leo misses school on night shifts.",
    )
    who: str = required("Who recorded it (the token subject of the worker or system).")
    record_type: str = required("The source record's kind.", "danger_statement")
    record_id: uuid.UUID = required("The source record (read it, and its history, by this id).")
    version: int = required("The source record's version this entry is.")
    change: ChangeKind
    recorded_at: datetime = required("When it was recorded (UTC).")
    child_id: uuid.UUID | None = required("The child the record is about, when it is about one child.")
    record_entered_in_error: bool = required(
        "True when the source record was later marked entered in error: read this entry knowing it was "
        "recorded by mistake."
    )


class Chronology(BaseModel):
    about: str = required("Whose chronology: the child's name, or the case's title.", "Leo Thornbury")
    child_id: uuid.UUID | None = required("The child, for a child's chronology.")
    case_ids: list[uuid.UUID] = required("The cases it covers.")
    entries: list[ChronologyEntry] = required(
        "Every change, in practice-date order (then in the order recorded). A child's chronology leaves "
        "out records about their siblings only."
    )
