"""The fields of the map, danger statements with their safety goals, scales and ratings, declared once
(see service/kit/fields.py), and the bodies of the area's own operations.

Every name and quotation in the examples is invented (the Thornbury family of domain.md section 9).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, Field, field_validator, model_validator

from service.kit.fields import (
    SET_ONCE,
    Day,
    Fields,
    Input,
    Whole,
    amend_schema,
    optional,
    optional_text,
    practice_date,
    required,
)
from service.kit.governed import governed_by
from service.kit.records import ENTERED_IN_ERROR
from service.kit.schemas import PracticeStep, RecordRead, Shown
from service.reference_data.registry import CodeFrom

# Coded fields: a current code of the named list (SOS-REC-003).
MapContext = Annotated[str, CodeFrom("map_context", "What the map was made for.", "ASSESSMENT")]
Vocabulary = Annotated[
    str, CodeFrom("vocabulary", "The words the case's records are shown in.", "SAFETY", max_length=16)
]
EntryCategory = Annotated[
    str, CodeFrom("map_entry_category", "Which part of the map the entry belongs to.", "HARM")
]
DatePrecision = Annotated[
    str, CodeFrom("date_precision", "How exactly the event date is known.", "DAY", max_length=16)
]
StatementKind = Annotated[
    str,
    CodeFrom(
        "statement_kind",
        "Whether the statement is about likely future harm or harm that has happened.",
        "DANGER",
        max_length=16,
    ),
]
FamilyPosition = Annotated[
    str,
    CodeFrom("family_position", "Where the family stands on the statement.", "PARTLY_AGREES", max_length=16),
]
ScaleKind = Annotated[str, CodeFrom("scale_kind", "What the scale measures.", "SAFETY", max_length=16)]
RaterRole = Annotated[
    str, CodeFrom("rater_role", "The rater's part in the child's life or the case.", "SOCIAL_WORKER")
]
RatingContext = Annotated[str, CodeFrom("rating_context", "Where the rating was given.", "CONFERENCE")]
RatingOccasion = Annotated[
    str, CodeFrom("rating_occasion", "The kind of record where the rating was given.", "CP_CONFERENCE")
]

Text = Annotated[str, Field(min_length=1, max_length=4000)]
Name = Annotated[str, Field(min_length=1, max_length=200)]
# Practice-rule fields: the service checks these itself so a refusal names the requirement
# (SOS-DS-002, SOS-SCALE-002); the published schema still states the limits.
RuleText = Annotated[str, Field(max_length=4000, json_schema_extra={"minLength": 1})]
AT_LEAST_ONE: dict[str, Any] = {"minItems": 1}


class Labels(BaseModel):
    """The words a screen shows for these records in the case's vocabulary."""

    statement: str = required("What to call a statement.", "danger statement")
    goal: str = required("What to call a goal.", "safety goal")
    scale: str = required("What to call a scale.", "safety scale")


# --- the map -----------------------------------------------------------------------------------


class MapEntryFields(Fields):
    category: EntryCategory
    text: Text = required(
        "What was seen or said, specifically and in plain words.",
        "Leo arrived at school hungry six times in December 2024.",
    )
    event_date: Day | None = optional("For harm: when it happened (required for HARM).", "2024-12-01")
    event_date_precision: DatePrecision | None = optional(
        "For harm: how exactly event_date is known (required with event_date)."
    )
    reported_by: str | None = optional("Who said or saw it.", "Leo's school", max_length=200)
    alternative_account: str | None = optional_text(
        "Someone's different account of the same thing.", "Maya says Leo had breakfast but would not eat it."
    )
    children_affected: list[uuid.UUID] = Field(
        default_factory=list, max_length=20, description="Which of the case's children the entry is about."
    )


class MapEntry(MapEntryFields, Input):
    """One typed entry on the map: harm, a complicating factor, a strength, existing safety, a next step."""

    @model_validator(mode="after")
    def _harm_is_dated(self) -> MapEntry:
        if self.category == "HARM" and (self.event_date is None or self.event_date_precision is None):
            raise ValueError("a HARM entry needs event_date and event_date_precision")
        if (self.event_date is None) != (self.event_date_precision is None):
            raise ValueError("event_date and event_date_precision go together")
        return self


class MapEntryRead(MapEntryFields, Shown):
    pass


class MapFields(Fields):
    context: list[MapContext] = required(
        "What the map was made for.", ["ASSESSMENT"], min_length=1, max_length=6
    )
    vocabulary: Vocabulary | None = optional(
        "Leave out to use the case's vocabulary on mapped_on, from its children's stages."
    )
    mapped_on: Day = required("The date the map was made.", "2025-01-21")
    participants: list[Name] = Field(
        default_factory=list,
        max_length=50,
        description="Who took part in making the map, by name.",
        examples=[["Maya Thornbury", "Amira Shah"]],
    )
    entries: list[MapEntry] = Field(
        default_factory=list,
        description="The map's typed entries: harm, complicating factors, strengths, existing safety, "
        "next steps.",
        **governed_by("SOS-MAP-002", max_length=200),
    )
    analysis: str | None = optional(
        "The worker's analysis of the map: what the harm, the worries and the safety add up to, in plain "
        "words the family can read.",
        "The shouting has stopped since Pat moved in, but nobody outside the family has seen it yet.",
        max_length=8000,
    )
    judgement_rating: Whole | None = optional(
        "Where the worker judges things stand on the map's day, 0 to 10: 0, the child will be hurt; 10, "
        "safe enough for the agency to close.",
        4,
        ge=0,
        le=10,
        requirement="SOS-FAM-003",
    )


class MapCreate(MapFields, Input):
    """A new version of the case's map. Earlier versions stay as they were."""


MapAmend = amend_schema(MapFields)


class MapRead(MapFields, RecordRead):
    case_id: uuid.UUID = required("The case the record belongs to.")
    map_version: int = required("1, 2, 3 ... per case, in the order the versions were made.")
    vocabulary: Vocabulary = required("The words the map is shown in (list vocabulary).")
    labels: Labels = required("What to call the statement, goal and scale in that vocabulary.")
    # The entries as stored, every field shown (the create's entries check their codes and dates).
    entries: list[MapEntryRead] = required(MapFields.model_fields["entries"].description)  # type: ignore[assignment]


# --- danger statements with their safety goals --------------------------------------------------


class SafetyGoalFields(Fields):
    parent_actions: RuleText = required(
        "What the parents or carers will be doing.",
        "Maya has a plan with Pat and Sam for who gets Leo up on night-shift days.",
    )
    child_experience: RuleText = required(
        "What the child will experience.", "Leo gets to school on time, with breakfast, at least 95% of days."
    )
    professional_observation: RuleText = required(
        "What professionals will see that shows it is good enough.",
        "The school sees Leo on time and ready to learn.",
    )
    best_hopes: str | None = optional_text(
        "The family's best hopes, if they said them.", "Maya: 'Leo happy at school and me less tired.'"
    )
    family_goal_words: str | None = optional_text(
        "The family's own goal in their own words, kept beside the agency's safety goal (not a paraphrase).",
        "Maya: 'Leo gets up with Nana on my night shifts and has his breakfast at her table.'",
    )
    sustain_duration: str = required(
        "How long the change must be seen to last before the goal counts as met: "
        "an ISO 8601 duration such as P3M or P6M, longer than zero.",
        "P3M",
        max_length=32,
    )
    sustain_from: Day | None = optional(
        "From when the change has been seen; needed before the goal can be marked met.", "2026-01-12"
    )


class SafetyGoalCreate(SafetyGoalFields, Input):
    """What must be seen, and for how long, to be confident the child is safe enough."""


SafetyGoalAmend = amend_schema(SafetyGoalFields, doc="Send only the goal's fields that change.", part=True)


class SafetyGoalRead(SafetyGoalFields, Shown):
    met_on: Day | None = required("The date the goal was marked met, once it has been.", "2026-04-13")


GOAL = "The safety goal paired with the statement: created, re-worded and met together with it."


class DangerStatementFields(Fields):
    children: list[uuid.UUID] = required(
        "The case's children the statement is about (at least one).",
        max_length=20,
        json_schema_extra=AT_LEAST_ONE,
    )
    statement_kind: StatementKind = "DANGER"
    who_is_worried: list[Annotated[str, Field(max_length=200)]] = required(
        "The people or agencies who are worried (at least one).",
        ["Leo's school", "Amira Shah"],
        max_length=30,
        json_schema_extra=AT_LEAST_ONE,
    )
    worried_about: RuleText = required(
        "What they are worried about: the behaviour and events, specifically.",
        "Leo misses school and comes in hungry when Maya works nights.",
    )
    impact_on_child: RuleText = required(
        "What it does to the child, now and later.", "Leo falls behind and feels different from his friends."
    )
    if_nothing_changes: RuleText = required(
        "What people think will happen to the child if nothing changes.",
        "Leo will keep missing school and going hungry.",
    )
    opening_acknowledgement: str | None = optional_text(
        "What the family has already done, said first if wanted.",
        "Maya walks Leo to school when she is not on nights.",
    )
    family_position: FamilyPosition
    dispute_text: str | None = optional_text(
        "The family's view, in their words; required when family_position is DISPUTES.",
        "Maya says it was an accident and she was not drunk.",
    )
    written_on: Day = Field(
        default_factory=date.today,
        examples=["2025-01-21"],
        description="The practice date this version was written (default: today). Orders it in the journey.",
    )
    goal: SafetyGoalCreate = required(GOAL, requirement="SOS-DS-001")


class DangerStatementCreate(DangerStatementFields, Input):
    """A danger (or harm) statement together with its safety goal: one is never recorded without the other."""


DangerStatementAmend = amend_schema(
    DangerStatementFields,
    doc="Re-word the statement or its goal. Each change makes a new version; the history keeps the old one.",
    parts={"goal": SafetyGoalAmend},
)


class DangerStatementRead(DangerStatementFields, RecordRead):
    case_id: uuid.UUID = required("The case the record belongs to.")
    goal: SafetyGoalRead = required(GOAL)  # type: ignore[assignment]  # with met_on
    vocabulary: str = required("The case's vocabulary now, from its children's stages.", "WELLBEING")
    labels: Labels = required("What to call the statement, goal and scale in that vocabulary.")
    worded_in_version: int = required(
        "The version whose change last re-worded the statement or its goal (what network members are "
        "told). A member told this version or a later one is informed; amending only dates (the goal's "
        "sustain_from, say) keeps it, so no one has to be told again.",
        2,
    )
    warnings: list[str] = Field(
        default_factory=list,
        description="Practice warnings that do not refuse the write, "
        "such as more than three active statements on the case.",
    )


ACTIVE, GOAL_MET, WITHDRAWN = "active", "goal_met", "withdrawn"
STATEMENT_STATUSES = (ACTIVE, GOAL_MET, WITHDRAWN, ENTERED_IN_ERROR)
"""A danger statement's statuses (rules.py moves them; the list filter takes only these)."""


class StatementFilters(BaseModel):
    status: str | None = optional(
        "Only statements with this status: active, goal_met, withdrawn or entered_in_error.", max_length=32
    )

    @field_validator("status")
    @classmethod
    def _a_status_statements_have(cls, value: str | None) -> str | None:
        """A status no statement can have is refused (422 naming it), not answered with an empty page
        that reads as "none" (``ACTIVE`` for ``active``). Checked here rather than declared as an enum:
        the 1.0.0 contract took any text."""
        if value is not None and value not in STATEMENT_STATUSES:
            raise ValueError(f"one of {', '.join(STATEMENT_STATUSES)}")
        return value


class GoalMet(Input):
    met_on: Day = required("The date the goal is judged met.", "2026-04-13")
    effective_on: Day | None = practice_date("met_on, the day the goal is judged met")

    @property
    def practice_day(self) -> date:
        return self.effective_on or self.met_on


class Withdrawal(PracticeStep):
    reason: str = required(
        "Why the worry no longer applies.",
        "The worry was resolved another way; agreed at the network meeting.",
        min_length=3,
        max_length=2000,
    )


# --- scales and ratings -------------------------------------------------------------------------


class ScaleFields(Fields):
    kind: Annotated[ScaleKind, SET_ONCE]
    question: Text = required("The scaling question as asked.", "How safe are Leo and Ruby at home?")
    anchor_0: Text = required("What 0 means on this scale.", "The children cannot live at home.")
    anchor_10: Text = required(
        "What 10 means on this scale.", "Everyone knows the children are safe enough to close the case."
    )
    danger_statement_id: uuid.UUID | None = optional(
        "The danger statement of the same case the scale is tied to, if any."
    )
    defined_on: Annotated[Day, SET_ONCE] = Field(
        default_factory=date.today,
        examples=["2025-01-21"],
        description="The practice date the scale was set up (default: today).",
    )


class ScaleCreate(ScaleFields, Input):
    """A scaling question with what 0 and 10 mean: the anchors decide what every rating means."""


ScaleAmend = amend_schema(ScaleFields, fixed="a scale's kind and date")


class ScaleRead(ScaleFields, RecordRead):
    case_id: uuid.UUID = required("The case the record belongs to.")
    vocabulary: str = required("The case's vocabulary now.", "SAFETY")
    scale_label: str = required("What to call the scale now.", "safety scale")


class RatingFields(Fields):
    value: Whole = required(
        "The rating: a whole number from 0 to 10, as the scale's anchors define.",
        4,
        json_schema_extra={"minimum": 0, "maximum": 10},
        requirement="SOS-SCALE-002",
    )
    rater_name: Name = required("Who gave the rating.", "Mr Hale", requirement="SOS-SCALE-002")
    rater_role: RaterRole
    rated_on: Day = required("The date the rating was given.", "2025-03-20", requirement="SOS-SCALE-002")
    context: RatingContext
    reason: RuleText = required(
        "Why that number: what got the rater there.",
        "Leo is in school every day now, but he is quiet on Mondays.",
        requirement="SOS-SCALE-002",
    )
    one_point_higher: str | None = optional_text(
        "What one point higher would look like to the rater.",
        "Maya telling school herself when things are hard.",
    )
    meeting_ref: str | None = optional(
        "The meeting the rating was given at: its reference in words, or its id (then a conference, plan "
        "review or network meeting of the rating's case, SOS-SCALE-005).",
        "ICPC 2025-03-20",
        max_length=200,
    )
    occasion_type: RatingOccasion | None = optional(
        "The kind of record occasion_id names; given together with it."
    )
    occasion_id: uuid.UUID | None = optional(
        "Where the rating was given: a child protection conference, a child protection plan "
        "review or a network meeting of the rating's case (SOS-SCALE-005)."
    )
    child_id: uuid.UUID | None = optional(
        "On a scale about the whole family, the child this rating is about (a child member of the case): "
        "the baby in care and her brother at home can be rated apart. Such a rating shows in that child's "
        "journey and chronology only. Leave out for a rating about all the children.",
        requirement="SOS-SCALE-007",
    )


class RatingCreate(RatingFields, Input):
    """One person's number, with their reason. Ratings are kept as given: never edited, never averaged."""


class RatingRead(RatingFields, RecordRead):
    scale_id: uuid.UUID = required("The scale rated.")
    scale_version: int = required("The scale's version (its question and anchors) when rated.")
    case_id: uuid.UUID = required("The case the record belongs to.")
    warnings: list[str] = Field(
        default_factory=list,
        description="Practice warnings that do not refuse the write: a rating of 1 or below is recorded "
        "with a warning to consider escalating. Only the response to the create carries them.",
    )


class SeriesPoint(BaseModel):
    rating_id: uuid.UUID = required("The rating's id (GET /v1/ratings/{id}).")
    rated_on: date = required("The date the rating was given.")
    value: int = required("The rating: a whole number from 0 to 10, as the scale's anchors define.")
    context: str = required("Where the rating was given (list rating_context).")
    reason: str = required("Why that number: what got the rater there.")


class RaterSeries(BaseModel):
    rater_name: str = required("Who gave the ratings.")
    rater_role: str = required("The rater's part in the child's life or the case (list rater_role).")
    points: list[SeriesPoint] = required("This rater's ratings, oldest first.")


class ScaleSeries(BaseModel):
    """Each rater's ratings over time, side by side. No average: the spread is the evidence."""

    scale_id: uuid.UUID = required("The scale rated.")
    scale_label: str = required("What to call the scale in the case's current vocabulary.")
    anchor_0: str = required("What 0 means on this scale.")
    anchor_10: str = required("What 10 means on this scale.")
    raters: list[RaterSeries] = required("One series per rater, in the order they first rated.")


class CaseVocabulary(BaseModel):
    case_id: uuid.UUID = required("The case.")
    vocabulary: str = required("The words the records are shown in (list vocabulary).", "SAFETY")
    labels: Labels = required("What to call the statement, goal and scale in that vocabulary.")
    child_stages: dict[str, list[str]] = required("Each child's open stages now, by child id.")
