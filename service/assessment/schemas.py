"""Request and response bodies of the map, danger statements with safety goals, scales and ratings.

Every name and quotation in the examples is invented (the Thornbury family of domain.md section 9).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from service.kit.schemas import AMENDMENT_REASON, Input, RecordRead
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

Text = Annotated[str, Field(min_length=1, max_length=4000)]
Name = Annotated[str, Field(min_length=1, max_length=200)]


SustainDuration = Annotated[
    str,
    Field(
        max_length=32,
        description="How long the change must be seen to last before the goal counts as met: "
        "an ISO 8601 duration such as P3M or P6M, longer than zero.",
        examples=["P3M"],
    ),
]
# Practice-rule fields: the service checks these itself so a refusal names the requirement
# (SOS-DS-002, SOS-SCALE-002); the published schema still states the limits.
RuleText = Annotated[str, Field(max_length=4000, json_schema_extra={"minLength": 1})]
AT_LEAST_ONE: dict[str, Any] = {"minItems": 1}


# One table of field descriptions, shared by the create, amend and read schemas so the contract
# says the same thing about a field wherever it appears ("Class.field" for a different meaning).
FIELD_TEXT = {
    "case_id": "The case the record belongs to.",
    "vocabulary": "The words the records are shown in (list vocabulary).",
    "labels": "What to call the statement, goal and scale in that vocabulary.",
    "statement": "What to call a statement.",
    "goal": "The safety goal paired with the statement: created, re-worded and met together with it.",
    "Labels.goal": "What to call a goal.",
    "Labels.scale": "What to call a scale.",
    "children": "The case's children the statement is about (at least one).",
    "statement_kind": "DANGER (likely future harm) or HARM (harm that has happened); list statement_kind.",
    "who_is_worried": "The people or agencies who are worried (at least one).",
    "worried_about": "What they are worried about: the behaviour and events, in plain words.",
    "impact_on_child": "What it does to the child, now and later.",
    "if_nothing_changes": "What people think will happen to the child if nothing changes.",
    "opening_acknowledgement": "What the family has already done, said first if wanted.",
    "family_position": "Where the family stands on the statement (list family_position).",
    "dispute_text": "The family's view, in their words; required when family_position is DISPUTES.",
    "parent_actions": "What the parents or carers will be doing.",
    "child_experience": "What the child will experience.",
    "professional_observation": "What professionals will see that shows things are good enough.",
    "best_hopes": "The family's best hopes, if they said them.",
    "sustain_duration": "How long the change must be seen to last: an ISO 8601 duration such as P3M.",
    "sustain_from": "From when the change has been seen; needed before the goal can be marked met.",
    "met_on": "The date the goal was marked met, once it has been.",
    "context": "What the map was made for (list map_context).",
    "RatingRead.context": "Where the rating was given (list rating_context).",
    "SeriesPoint.context": "Where the rating was given (list rating_context).",
    "entries": "The map's typed entries: harm, complicating factors, strengths, existing safety, next steps.",
    "mapped_on": "The date the map was made.",
    "participants": "Who took part in making the map, by name.",
    "category": "Which part of the map the entry belongs to (list map_entry_category).",
    "text": "What was seen or said, specifically and in plain words.",
    "event_date": "For harm: when it happened.",
    "event_date_precision": "How exactly event_date is known (list date_precision).",
    "reported_by": "Who said or saw it.",
    "alternative_account": "Someone's different account of the same thing.",
    "children_affected": "Which of the case's children the entry is about.",
    "kind": "What the scale measures (list scale_kind).",
    "question": "The scaling question as asked.",
    "anchor_0": "What 0 means on this scale.",
    "anchor_10": "What 10 means on this scale.",
    "danger_statement_id": "The danger statement of the same case the scale is tied to, if any.",
    "scale_id": "The scale rated.",
    "scale_label": "What to call the scale in the case's current vocabulary.",
    "value": "The rating: a whole number from 0 to 10, as the scale's anchors define.",
    "rater_name": "Who gave the rating.",
    "rater_role": "The rater's part in the child's life or the case (list rater_role).",
    "rated_on": "The date the rating was given.",
    "reason": "Why that number: what got the rater there.",
    "one_point_higher": "What one point higher would look like to the rater.",
    "meeting_ref": "The meeting the rating was given at (its id or reference).",
    "rating_id": "The rating's id (GET /v1/ratings/{id}).",
    "raters": "One series per rater, in the order they first rated.",
}


def _describe(schema: dict[str, Any], cls: type[BaseModel]) -> None:
    for name, prop in schema.get("properties", {}).items():
        text = FIELD_TEXT.get(f"{cls.__name__}.{name}") or FIELD_TEXT.get(name)
        if text and "description" not in prop:
            prop["description"] = text


DESCRIBED = ConfigDict(json_schema_extra=_describe)


class In(Input):
    model_config = DESCRIBED


class Out(BaseModel):
    model_config = DESCRIBED


class RecordOut(RecordRead):
    model_config = DESCRIBED


class Labels(Out):
    """The words a screen shows for these records in the case's vocabulary."""

    statement: str = Field(examples=["danger statement"])
    goal: str = Field(examples=["safety goal"])
    scale: str = Field(examples=["safety scale"])


# --- the map -----------------------------------------------------------------------------------


class MapEntry(In):
    """One typed entry on the map: harm, a complicating factor, a strength, existing safety, a next step."""

    category: EntryCategory
    text: Text = Field(
        description="What was seen or said, specifically and in plain words.",
        examples=["Leo arrived at school hungry six times in December 2024."],
    )
    event_date: date | None = Field(
        default=None, description="For harm: when it happened (required for HARM).", examples=["2024-12-01"]
    )
    event_date_precision: DatePrecision | None = Field(
        default=None, description="For harm: how exactly event_date is known (required with event_date)."
    )
    reported_by: str | None = Field(
        default=None, max_length=200, description="Who said or saw it.", examples=["Leo's school"]
    )
    alternative_account: str | None = Field(
        default=None,
        max_length=4000,
        description="Someone's different account of the same thing.",
        examples=["Maya says Leo had breakfast but would not eat it."],
    )
    children_affected: list[uuid.UUID] = Field(
        default_factory=list, max_length=20, description="Which of the case's children the entry is about."
    )

    @model_validator(mode="after")
    def _harm_is_dated(self) -> MapEntry:
        if self.category == "HARM" and (self.event_date is None or self.event_date_precision is None):
            raise ValueError("a HARM entry needs event_date and event_date_precision")
        if (self.event_date is None) != (self.event_date_precision is None):
            raise ValueError("event_date and event_date_precision go together")
        return self


class MapEntryRead(Out):
    category: str
    text: str
    event_date: date | None
    event_date_precision: str | None
    reported_by: str | None
    alternative_account: str | None
    children_affected: list[uuid.UUID]


class MapCreate(In):
    """A new version of the case's map. Earlier versions stay as they were."""

    context: list[MapContext] = Field(
        min_length=1, max_length=6, description="What the map was made for.", examples=[["ASSESSMENT"]]
    )
    vocabulary: Vocabulary | None = Field(
        default=None,
        description="Leave out to use the case's vocabulary on mapped_on, from its children's stages.",
    )
    mapped_on: date = Field(examples=["2025-01-21"])
    participants: list[Name] = Field(
        default_factory=list,
        max_length=50,
        description="Who took part, by name.",
        examples=[["Maya Thornbury", "Amira Shah"]],
    )
    entries: list[MapEntry] = Field(default_factory=list, max_length=200)


class MapAmend(In):
    context: list[MapContext] | None = Field(default=None, min_length=1, max_length=6)
    vocabulary: Vocabulary | None = None
    mapped_on: date | None = None
    participants: list[Name] | None = Field(default=None, max_length=50)
    entries: list[MapEntry] | None = Field(default=None, max_length=200)
    amendment_reason: str | None = AMENDMENT_REASON


class MapRead(RecordOut):
    case_id: uuid.UUID
    map_version: int = Field(description="1, 2, 3 ... per case, in the order the versions were made.")
    context: list[str]
    vocabulary: str
    labels: Labels
    mapped_on: date
    participants: list[str]
    entries: list[MapEntryRead]


# --- danger statements with their safety goals --------------------------------------------------


class SafetyGoalCreate(In):
    """What must be seen, and for how long, to be confident the child is safe enough."""

    parent_actions: RuleText = Field(
        description="What the parents or carers will be doing.",
        examples=["Maya has a plan with Pat and Sam for who gets Leo up on night-shift days."],
    )
    child_experience: RuleText = Field(
        description="What the child will experience.",
        examples=["Leo gets to school on time, with breakfast, at least 95% of days."],
    )
    professional_observation: RuleText = Field(
        description="What professionals will see that shows it is good enough.",
        examples=["The school sees Leo on time and ready to learn."],
    )
    best_hopes: str | None = Field(
        default=None,
        max_length=4000,
        description="The family's best hopes, if said.",
        examples=["Maya: 'Leo happy at school and me less tired.'"],
    )
    sustain_duration: SustainDuration
    sustain_from: date | None = Field(
        default=None,
        description="From when the change has been seen; needed before the goal can be marked met.",
        examples=["2026-01-12"],
    )


class SafetyGoalAmend(In):
    parent_actions: RuleText | None = None
    child_experience: RuleText | None = None
    professional_observation: RuleText | None = None
    best_hopes: str | None = Field(default=None, max_length=4000)
    sustain_duration: SustainDuration | None = None
    sustain_from: date | None = None


class SafetyGoalRead(Out):
    parent_actions: str
    child_experience: str
    professional_observation: str
    best_hopes: str | None
    sustain_duration: str
    sustain_from: date | None
    met_on: date | None = Field(description="The date the goal was marked met, once it has been.")


class DangerStatementCreate(In):
    """A danger (or harm) statement together with its safety goal: one is never recorded without the other."""

    children: list[uuid.UUID] = Field(
        max_length=20,
        description="The case's children it is about (at least one).",
        json_schema_extra=AT_LEAST_ONE,
    )
    statement_kind: StatementKind = "DANGER"
    who_is_worried: list[Annotated[str, Field(max_length=200)]] = Field(
        max_length=30,
        description="The people or agencies worried (at least one).",
        examples=[["Leo's school", "Amira Shah"]],
        json_schema_extra=AT_LEAST_ONE,
    )
    worried_about: RuleText = Field(
        description="What they are worried about: the behaviour and events, specifically.",
        examples=["Leo misses school and comes in hungry when Maya works nights."],
    )
    impact_on_child: RuleText = Field(
        description="What it does to the child, now and later.",
        examples=["Leo falls behind and feels different from his friends."],
    )
    if_nothing_changes: RuleText = Field(
        description="What people think will happen if nothing changes.",
        examples=["Leo will keep missing school and going hungry."],
    )
    opening_acknowledgement: str | None = Field(
        default=None,
        max_length=4000,
        description="What the family has already done, said first if wanted.",
        examples=["Maya walks Leo to school when she is not on nights."],
    )
    family_position: FamilyPosition
    dispute_text: str | None = Field(
        default=None,
        max_length=4000,
        description="Required when the family disputes it: their view, in their words.",
        examples=["Maya says it was an accident and she was not drunk."],
    )
    written_on: date = Field(
        default_factory=date.today,
        examples=["2025-01-21"],
        description="The practice date this version was written (default: today). Orders it in the journey.",
    )
    goal: SafetyGoalCreate


class DangerStatementAmend(In):
    """Re-word the statement or its goal. Each change makes a new version; the history keeps the old one."""

    children: list[uuid.UUID] | None = Field(default=None, max_length=20, json_schema_extra=AT_LEAST_ONE)
    statement_kind: StatementKind | None = None
    who_is_worried: list[Annotated[str, Field(max_length=200)]] | None = Field(
        default=None, max_length=30, json_schema_extra=AT_LEAST_ONE
    )
    worried_about: RuleText | None = None
    impact_on_child: RuleText | None = None
    if_nothing_changes: RuleText | None = None
    opening_acknowledgement: str | None = Field(default=None, max_length=4000)
    family_position: FamilyPosition | None = None
    dispute_text: str | None = Field(default=None, max_length=4000)
    written_on: date | None = Field(default=None, description="The practice date this version was written.")
    goal: SafetyGoalAmend | None = None
    amendment_reason: str | None = AMENDMENT_REASON


class DangerStatementRead(RecordOut):
    case_id: uuid.UUID
    children: list[uuid.UUID]
    statement_kind: str
    who_is_worried: list[str]
    worried_about: str
    impact_on_child: str
    if_nothing_changes: str
    opening_acknowledgement: str | None
    family_position: str
    dispute_text: str | None
    written_on: date = Field(description="The practice date this version was written.")
    goal: SafetyGoalRead
    vocabulary: str = Field(
        description="The case's vocabulary now, from its children's stages.", examples=["WELLBEING"]
    )
    labels: Labels = Field(description="What to call the statement, goal and scale in that vocabulary.")
    warnings: list[str] = Field(
        default_factory=list,
        description="Practice warnings that do not refuse the write, "
        "such as more than three active statements on the case.",
    )


class GoalMet(In):
    met_on: date = Field(description="The date the goal is judged met.", examples=["2026-04-13"])


class Withdrawal(In):
    reason: str = Field(
        min_length=3,
        max_length=2000,
        description="Why the worry no longer applies.",
        examples=["The worry was resolved another way; agreed at the network meeting."],
    )


# --- scales and ratings -------------------------------------------------------------------------


class ScaleCreate(In):
    """A scaling question with what 0 and 10 mean: the anchors decide what every rating means."""

    kind: ScaleKind
    question: Text = Field(examples=["How safe are Leo and Ruby at home?"])
    anchor_0: Text = Field(description="What 0 means.", examples=["The children cannot live at home."])
    anchor_10: Text = Field(
        description="What 10 means.",
        examples=["Everyone knows the children are safe enough to close the case."],
    )
    danger_statement_id: uuid.UUID | None = Field(
        default=None, description="A danger statement of the same case."
    )
    defined_on: date = Field(
        default_factory=date.today,
        examples=["2025-01-21"],
        description="The practice date the scale was set up (default: today).",
    )


class ScaleAmend(In):
    question: Text | None = None
    anchor_0: Text | None = None
    anchor_10: Text | None = None
    danger_statement_id: uuid.UUID | None = None
    amendment_reason: str | None = AMENDMENT_REASON


class ScaleRead(RecordOut):
    case_id: uuid.UUID
    kind: str
    defined_on: date = Field(description="The practice date the scale was set up.")
    question: str
    anchor_0: str
    anchor_10: str
    danger_statement_id: uuid.UUID | None
    vocabulary: str = Field(description="The case's vocabulary now.", examples=["SAFETY"])
    scale_label: str = Field(description="What to call the scale now.", examples=["safety scale"])


class RatingCreate(In):
    """One person's number, with their reason. Ratings are kept as given: never edited, never averaged."""

    value: int = Field(
        description="A whole number from 0 to 10, as the anchors define.",
        examples=[4],
        json_schema_extra={"minimum": 0, "maximum": 10},
    )
    rater_name: Name = Field(examples=["Mr Hale"])
    rater_role: RaterRole
    rated_on: date = Field(examples=["2025-03-20"])
    context: RatingContext
    reason: RuleText = Field(
        description="Why that number: what got them there.",
        examples=["Leo is in school every day now, but he is quiet on Mondays."],
    )
    one_point_higher: str | None = Field(
        default=None,
        max_length=4000,
        description="What one point higher would look like to the rater.",
        examples=["Maya telling school herself when things are hard."],
    )
    meeting_ref: str | None = Field(
        default=None,
        max_length=200,
        description="The meeting the rating was given at (its id or reference).",
        examples=["ICPC 2025-03-20"],
    )


class RatingRead(RecordOut):
    scale_id: uuid.UUID
    scale_version: int = Field(description="The scale's version (its question and anchors) when rated.")
    case_id: uuid.UUID
    value: int
    rater_name: str
    rater_role: str
    rated_on: date
    context: str
    reason: str
    one_point_higher: str | None
    meeting_ref: str | None


class SeriesPoint(Out):
    rating_id: uuid.UUID
    rated_on: date
    value: int
    context: str
    reason: str


class RaterSeries(Out):
    rater_name: str
    rater_role: str
    points: list[SeriesPoint] = Field(description="This rater's ratings, oldest first.")


class ScaleSeries(Out):
    """Each rater's ratings over time, side by side. No average: the spread is the evidence."""

    scale_id: uuid.UUID
    scale_label: str
    anchor_0: str
    anchor_10: str
    raters: list[RaterSeries]


class CaseVocabulary(Out):
    case_id: uuid.UUID
    vocabulary: str = Field(examples=["SAFETY"])
    labels: Labels
    child_stages: dict[str, list[str]] = Field(description="Each child's open stages now, by child id.")
