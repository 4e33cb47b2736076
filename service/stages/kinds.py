"""The stage transition record type."""

from __future__ import annotations

from service.cases.kinds import CASE
from service.kit.records import Creating, Listing, Parent, RecordType
from service.models import StageTransition
from service.stages import rules, schemas

TRANSITION = RecordType(
    name="stage_transition",
    model=StageTransition,
    schemas=schemas,
    parent=Parent(CASE, segment="transitions"),
    effective_date=lambda t: t.effective_date,
    summary=lambda t: f"{t.kind.replace('_', ' ').title()}: {t.from_stage or 'front door'} -> {t.to_stage}",
    creating=Creating(
        operation_id="record_stage_transition",
        summary="Move a child on the continuum",
        description=(
            "Steps a child up or down, into or out of care, or closes, checked against the allowed moves. "
            "The case's practice records are carried forward, never restarted; the response says what was "
            "carried. A refused move answers 422 with the moves allowed from here. A move that the statutory "
            "process grounds names its event in `grounds`: a move into CP rests on the initial conference "
            "that started a plan, which is where the map is checked (a current map version, an active "
            "danger or harm statement and a scale rating, or the conference's `override_reason`)."
        ),
        build=rules.new_transition,
        requirements=(
            "SOS-STAGE-001",
            "SOS-STAGE-002",
            "SOS-STAGE-003",
            "SOS-STAGE-013",
            "SOS-MAP-003",
            "SOS-CASE-002",
        ),
    ),
    listing=Listing(
        description="Every move of every child of the case, a page at a time.",
    ),
    before_entered_in_error=rules.only_the_latest,
    requirements={"entered_in_error": ["SOS-STAGE-004"]},
)
