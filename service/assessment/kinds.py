"""The map, danger statement (with its safety goal), scale and rating record types."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import Path
from sqlalchemy import ColumnElement

from service.assessment import rules, schemas
from service.assessment.schemas import RatingCreate, RatingRead, StatementFilters
from service.cases.kinds import CASE
from service.kit.records import Creating, Listing, Parent, RecordType, when_sent
from service.models.assessment import AssessmentMap, DangerStatement, Scale, ScaleRating

MAP = RecordType(
    name="map",
    kept_as="assessment_map",
    model=AssessmentMap,
    schemas=schemas,
    parent=Parent(CASE),
    effective_date=lambda m: m.mapped_on,
    summary=lambda m: f"Map version {m.map_version} ({m.vocabulary.lower()}), {len(m.entries)} entries",
    creating=Creating(
        summary="Make a new version of the case's map",
        description=(
            "Each call makes the next version (1, 2, 3 ... per case) with its typed entries; earlier "
            "versions stay as they were. Without `vocabulary`, the case's vocabulary on `mapped_on` is used."
        ),
        build=rules.new_map,
        requirements=("SOS-MAP-001", "SOS-MAP-002", "SOS-VOCAB-001", "SOS-FAM-003"),
    ),
    listing=Listing(
        summary="List a case's map versions",
        description="Every version of the case's map, entered-in-error ones included, a page at a time.",
        requirements=("SOS-MAP-001",),
    ),
    derive=rules.map_reads,
    on_amend=when_sent("entries", rules.check_entries),
    requirements={"get": ["SOS-MAP-001"], "amend": ["SOS-MAP-002", "SOS-FAM-003"]},
)


def _with_status(filters: Any) -> list[ColumnElement[bool]]:
    return [] if filters.status is None else [DangerStatement.status == filters.status]


STATEMENT = RecordType(
    name="danger_statement",
    model=DangerStatement,
    schemas=schemas,
    parent=Parent(CASE),
    effective_date=lambda s: s.goal_met_on if s.status == rules.GOAL_MET else s.written_on,
    summary=lambda s: f"Statement ({s.family_position.lower()}): {s.worried_about}",
    creating=Creating(
        operation_id="record_danger_statement",
        summary="Record a danger statement with its safety goal",
        description=(
            "The statement and its goal come in one body and are kept as one pair, so a statement never "
            "exists without its goal. More than three active statements on the case adds a warning."
        ),
        build=rules.new_statement,
        requirements=(
            "SOS-DS-001",
            "SOS-DS-002",
            "SOS-DS-003",
            "SOS-DS-004",
            "SOS-GOAL-001",
            "SOS-VOCAB-002",
            "SOS-FAM-003",
        ),
        respond=rules.add_warnings,
    ),
    listing=Listing(
        description="The case's statements with their goals, each labelled in the case's current vocabulary.",
        requirements=("SOS-VOCAB-002",),
        filters=StatementFilters,
        where=_with_status,
    ),
    derive=rules.statement_reads,
    on_amend=rules.statement_changes,
    requirements={
        "get": ["SOS-VOCAB-002"],
        "amend": [
            "SOS-DS-001",
            "SOS-DS-002",
            "SOS-DS-003",
            "SOS-DS-005",
            "SOS-GOAL-001",
            "SOS-NET-006",
            "SOS-FAM-003",
        ],
        "history": ["SOS-DS-005"],
    },
)

SCALE = RecordType(
    name="scale",
    model=Scale,
    schemas=schemas,
    parent=Parent(CASE),
    effective_date=lambda s: s.defined_on,
    summary=lambda s: f"{s.kind.title()} scale: {s.question}",
    creating=Creating(
        summary="Set up a scale",
        description=(
            "A scaling question with what 0 and 10 mean, perhaps tied to one danger statement of the case."
        ),
        build=rules.new_scale,
        requirements=("SOS-SCALE-001", "SOS-VOCAB-002"),
    ),
    listing=Listing(
        description="The case's scales with their anchors, labelled in the case's current vocabulary.",
    ),
    derive=rules.scale_reads,
    on_amend=rules.scale_changes,
    requirements={"get": ["SOS-VOCAB-002"], "amend": ["SOS-SCALE-001"]},
)

RATING = RecordType(
    name="scale_rating",
    label="rating",
    model=ScaleRating,
    path="/v1/ratings",
    read_schema=RatingRead,
    amend_schema=None,  # never amended: a wrong rating is entered in error and a new one recorded
    parent=Parent(SCALE, segment="ratings", entered_in_error_rule="SOS-SCALE-002"),
    effective_date=lambda r: r.rated_on,
    summary=lambda r: f"Rating {r.value}/10 by {r.rater_name} ({r.rater_role.lower()})",
    creating=Creating(
        operation_id="record_scale_rating",
        schema=RatingCreate,
        summary="Record a rating on a scale",
        description=(
            "One person's number from 0 to 10 with their reason. Ratings are kept as given: there is no "
            "amendment; a wrong one is marked entered in error and a new one recorded. A rating of 1 or "
            "below is recorded and answered with a warning in `warnings` (the point where authorities "
            "escalate)."
        ),
        build=rules.new_rating,
        requirements=("SOS-SCALE-002", "SOS-SCALE-003", "SOS-SCALE-005", "SOS-SCALE-006", "SOS-SCALE-007"),
        respond=rules.rating_warnings,
    ),
    listing=Listing(
        description="Every rating on the scale, entered-in-error ones included, a page at a time.",
    ),
    derive=rules.rating_reads,
    requirements={"get": ["SOS-SCALE-002"], "entered_in_error": ["SOS-SCALE-003"]},
)

ScaleId = Annotated[uuid.UUID, Path(description="The scale's id.")]
"""The scale in a path, for operations under ``/v1/scales/{scale_id}/...`` (the series, a chart)."""
StatementId = Annotated[uuid.UUID, Path(description="The danger statement's id.")]
"""The danger statement in a path, for its named steps (goal met, withdraw)."""
