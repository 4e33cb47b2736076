"""Request and response bodies of the planning area. All names in examples are invented."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, Field, model_validator

from service.kit.schemas import AMENDMENT_REASON, Input, RecordRead
from service.reference_data.registry import CodeFrom

Relationship = Annotated[
    str, CodeFrom("relationship_type", "How the member is related to the case's children.", "GRANDPARENT")
]
NetworkRole = Annotated[
    str, CodeFrom("network_role", "What the member does in the safety network.", "DAILY_CHECK_IN")
]
PlanStatus = Annotated[
    str, CodeFrom("safety_plan_status", "Where the plan version is in its life.", "AGREED", max_length=16)
]
RuleKept = Annotated[
    str, CodeFrom("rule_kept", "Whether the rule held over the period reviewed.", "YES", max_length=16)
]
VoiceTool = Annotated[
    str, CodeFrom("child_voice_tool", "The tool used to hear the child.", "THREE_HOUSES", max_length=16)
]
VoiceSection = Annotated[
    str,
    CodeFrom(
        "child_voice_section", "Which part of the tool the child's words belong to.", "WORRIES", max_length=16
    ),
]
WPPurpose = Annotated[
    str, CodeFrom("words_pictures_purpose", "What the explanation is for.", "WHY_INVOLVED", max_length=16)
]
WPStatus = Annotated[
    str,
    CodeFrom(
        "words_pictures_status",
        "Whether the explanation is drafted, agreed or shared.",
        "SHARED",
        max_length=16,
    ),
]
MilestoneStatus = Annotated[
    str, CodeFrom("milestone_status", "Where the milestone stands.", "PLANNED", max_length=16)
]


def _text(description: str, example: str, max_length: int = 4000) -> Any:
    return Field(min_length=1, max_length=max_length, description=description, examples=[example])


# --- Safety network --------------------------------------------------------------------------


class NetworkMemberCreate(Input):
    """Add a person to the case's safety network."""

    person_id: uuid.UUID = Field(description="A person of your authority (POST /v1/people).")
    relationship_to_child: Relationship
    roles: list[NetworkRole] = Field(
        min_length=1,
        max_length=9,
        description="At least one role in the network.",
        examples=[["DAILY_CHECK_IN", "RESPITE_CARER"]],
    )
    naturally_connected: bool = Field(
        description="True for family, friends and neighbours; false for a professional in the network.",
        examples=[True],
    )
    joined_on: date = Field(description="The date the person joined the network.", examples=["2025-04-02"])


class NetworkMemberAmend(Input):
    relationship_to_child: Relationship | None = None
    roles: list[NetworkRole] | None = Field(default=None, min_length=1, max_length=9)
    naturally_connected: bool | None = None
    left_on: date | None = Field(
        default=None, description="The date the person left the network.", examples=["2026-10-01"]
    )
    amendment_reason: str | None = AMENDMENT_REASON


class InformedCreate(Input):
    """Which version of a danger statement the member was told, and when."""

    danger_statement_id: uuid.UUID = Field(description="A danger statement of the member's case.")
    version: int = Field(
        ge=1, description="The statement's version the member was told (its ETag number).", examples=[2]
    )
    informed_on: date = Field(description="The date the member was told.", examples=["2025-04-02"])


class InformedEntry(BaseModel):
    danger_statement_id: uuid.UUID
    version: int
    informed_on: date


class InformedStatus(BaseModel):
    """Derived on every read, never stored: re-wording a statement makes everyone not yet informed of it."""

    danger_statement_id: uuid.UUID
    current_version: int = Field(description="The statement's version now.")
    informed_of_current: bool = Field(description="Whether the member was told this version.")
    informed_on: date | None = Field(
        description="When the member was told the current version, if they were."
    )
    last_informed_version: int | None = Field(description="The latest version the member was told, if any.")


class NetworkMemberRead(RecordRead):
    case_id: uuid.UUID
    person_id: uuid.UUID
    relationship_to_child: str
    roles: list[str]
    naturally_connected: bool
    joined_on: date
    left_on: date | None
    informed_history: list[InformedEntry] = Field(
        description="Every statement version the member was told, oldest first (as recorded)."
    )
    informed: list[InformedStatus] = Field(
        description="For each active danger statement of the case: informed of its current version or not."
    )
    informed_of_all_current: bool = Field(
        description="True when the member was told the current version of every active danger statement."
    )


class Attendee(Input):
    """Exactly one of network_member_id (a member of this case's network) or name."""

    network_member_id: uuid.UUID | None = Field(default=None, description="A member of this case's network.")
    name: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="Someone who is not a network member, with their role.",
        examples=["Alex Moor, social worker"],
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> Attendee:
        if (self.network_member_id is None) == (self.name is None):
            raise ValueError("give exactly one of network_member_id or name")
        return self


class NetworkMeetingCreate(Input):
    """Record a meeting of the case's safety network."""

    held_on: date = Field(examples=["2025-04-02"])
    attendees: list[Attendee] = Field(min_length=1, max_length=100)
    purpose: str = _text(
        "What the meeting was for.", "Tell the network about the worries and start the plan."
    )
    decisions: str = _text("What the meeting decided.", "Grandmother checks in every day.")


class NetworkMeetingAmend(Input):
    held_on: date | None = None
    attendees: list[Attendee] | None = Field(default=None, min_length=1, max_length=100)
    purpose: str | None = Field(default=None, min_length=1, max_length=4000)
    decisions: str | None = Field(default=None, min_length=1, max_length=4000)
    amendment_reason: str | None = AMENDMENT_REASON


class AttendeeRead(BaseModel):
    network_member_id: uuid.UUID | None
    name: str | None


class NetworkMeetingRead(RecordRead):
    case_id: uuid.UUID
    held_on: date
    attendees: list[AttendeeRead]
    purpose: str
    decisions: str


# --- Safety plans ----------------------------------------------------------------------------


class PlanRule(Input):
    """Who does what, and when, to keep the child safe."""

    text: str = _text("The rule, in the family's words.", "The children's visitor does not stay overnight.")
    trigger: str | None = Field(
        default=None,
        max_length=2000,
        description="The warning sign that sets it off.",
        examples=["If mum has had a drink"],
    )
    responsible_person_ids: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=20,
        description="Who keeps the rule: current network members or the case's adults and children. "
        "At least one "
        "when the plan is agreed or active.",
    )
    monitor_person_ids: list[uuid.UUID] = Field(
        default_factory=list, max_length=20, description="Who checks the rule is kept."
    )
    addresses_statement_ids: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=20,
        description="The case's danger statements the rule answers. At least one when agreed or active.",
    )


class BottomLine(Input):
    """A non-negotiable set by the authority."""

    text: str = _text("The bottom line.", "No unsupervised contact with the named adult.")
    set_by: str = _text("The worker who set it.", "Alex Moor, social worker", 200)
    rationale: str = _text("Why it is non-negotiable.", "Two incidents of violence in the home.")


class ChildFriendlyVersion(Input):
    """The plan told for the children; a summary, a document reference, or both."""

    format: str = Field(
        min_length=1, max_length=50, description="How it is told.", examples=["WORDS_AND_PICTURES"]
    )
    summary: str | None = Field(
        default=None, max_length=4000, examples=["Mum keeps us safe with Nana's help."]
    )
    document_ref: str | None = Field(
        default=None,
        max_length=500,
        description="Where the document is kept.",
        examples=["dms://plans/sp-1-children.pdf"],
    )

    @model_validator(mode="after")
    def _something(self) -> ChildFriendlyVersion:
        if not self.summary and not self.document_ref:
            raise ValueError("give a summary or a document_ref")
        return self


class SafetyPlanCreate(Input):
    """A new version of the case's safety plan; the current version (if any) is superseded."""

    plan_status: PlanStatus = Field(description="DRAFT, AGREED or ACTIVE for a new version.")
    title: str | None = Field(default=None, max_length=200, examples=["Reunification plan"])
    rules: list[PlanRule] = Field(default_factory=list, max_length=50)
    bottom_lines: list[BottomLine] = Field(default_factory=list, max_length=20)
    review_by: date = Field(
        description="When the plan must be reviewed; at most 3 months after agreed_on.",
        examples=["2025-05-16"],
    )
    agreed_on: date | None = Field(
        default=None, description="Needed when AGREED or ACTIVE.", examples=["2025-04-16"]
    )
    child_friendly_version: ChildFriendlyVersion | None = None


class SafetyPlanAmend(Input):
    """Change a version's status or dates; to change rules or bottom lines, create a new version."""

    plan_status: PlanStatus | None = None
    review_by: date | None = None
    agreed_on: date | None = None
    child_friendly_version: ChildFriendlyVersion | None = None
    amendment_reason: str | None = AMENDMENT_REASON


class PlanRuleRead(BaseModel):
    text: str
    trigger: str | None
    responsible_person_ids: list[uuid.UUID]
    monitor_person_ids: list[uuid.UUID]
    addresses_statement_ids: list[uuid.UUID]


class BottomLineRead(BaseModel):
    text: str
    set_by: str
    rationale: str


class ChildFriendlyRead(BaseModel):
    format: str
    summary: str | None
    document_ref: str | None


class SafetyPlanRead(RecordRead):
    case_id: uuid.UUID
    plan_version: int = Field(description="1, 2, 3 ... per case.")
    plan_status: str
    title: str | None
    rules: list[PlanRuleRead] = Field(
        description="The rules; a review names them by position, starting at 1."
    )
    bottom_lines: list[BottomLineRead]
    review_by: date
    agreed_on: date | None
    child_friendly_version: ChildFriendlyRead | None
    supersedes_id: uuid.UUID | None = Field(description="The version this one replaced.")


class RuleResult(Input):
    rule_index: int = Field(
        ge=1, description="The rule's position in the plan's rules, starting at 1.", examples=[1]
    )
    kept: RuleKept
    note: str | None = Field(default=None, max_length=2000, examples=["Visitor found in the home at night."])


class SafetyPlanReviewCreate(Input):
    """Whether each rule of the plan held."""

    reviewed_on: date = Field(examples=["2025-05-30"])
    rule_results: list[RuleResult] = Field(min_length=1, max_length=50)
    summary: str | None = Field(default=None, max_length=4000, examples=["Plan broke down; children moved."])


class RuleResultRead(BaseModel):
    rule_index: int
    kept: str
    note: str | None


class SafetyPlanReviewRead(RecordRead):
    safety_plan_id: uuid.UUID
    case_id: uuid.UUID
    reviewed_on: date
    rule_results: list[RuleResultRead]
    summary: str | None


# --- The child's voice -----------------------------------------------------------------------


class VoiceItem(Input):
    section: VoiceSection
    child_words: str = _text("The child's exact words, never paraphrased.", "I like my nana's pancakes.")
    drawing_ref: str | None = Field(
        default=None,
        max_length=500,
        description="Where the drawing is kept.",
        examples=["dms://drawings/0001.jpg"],
    )


class PersonRef(Input):
    """Exactly one of person_id or name."""

    person_id: uuid.UUID | None = Field(default=None, description="A person of your authority.")
    name: str | None = Field(default=None, min_length=1, max_length=200, examples=["My teacher"])

    @model_validator(mode="after")
    def _exactly_one(self) -> PersonRef:
        if (self.person_id is None) == (self.name is None):
            raise ValueError("give exactly one of person_id or name")
        return self


class ChildVoiceCreate(Input):
    """What a child said with one tool on one day, in their own words."""

    case_id: uuid.UUID | None = Field(
        default=None,
        description="The case the child is a child member of; may be left out when the child is in "
        "one case only.",
    )
    tool: VoiceTool
    recorded_on: date = Field(examples=["2025-01-28"])
    worker: str = Field(
        min_length=1,
        max_length=200,
        description="Who sat with the child.",
        examples=["Alex Moor, family practitioner"],
    )
    items: list[VoiceItem] = Field(min_length=1, max_length=100)
    read_back_to_child: bool = Field(description="Whether everything was read back to the child.")
    safety_path_position: int | None = Field(
        default=None,
        description="Safety House only: where the child put themself on the safety path, 0 to 10.",
        examples=[4],
    )
    child_agreed_sharing_with: list[PersonRef] = Field(default_factory=list, max_length=50)


class ChildVoiceAmend(Input):
    items: list[VoiceItem] | None = Field(default=None, min_length=1, max_length=100)
    read_back_to_child: bool | None = None
    safety_path_position: int | None = None
    child_agreed_sharing_with: list[PersonRef] | None = Field(default=None, max_length=50)
    amendment_reason: str | None = AMENDMENT_REASON


class VoiceItemRead(BaseModel):
    section: str
    child_words: str
    drawing_ref: str | None


class PersonRefRead(BaseModel):
    person_id: uuid.UUID | None
    name: str | None


class ChildVoiceRead(RecordRead):
    case_id: uuid.UUID
    child_id: uuid.UUID
    tool: str
    recorded_on: date
    worker: str
    items: list[VoiceItemRead]
    read_back_to_child: bool
    safety_path_position: int | None
    child_agreed_sharing_with: list[PersonRefRead]


class WordsAndPicturesCreate(Input):
    """An explanation for the case's children, written or drawn with their parents."""

    purpose: WPPurpose
    audience_children: list[uuid.UUID] = Field(
        min_length=1, max_length=20, description="Child members of this case it is for."
    )
    co_authors: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="Who wrote it with the worker.",
        examples=[["Jo Example (mother)"]],
    )
    document_status: WPStatus
    shared_on: date | None = Field(
        default=None, description="Required when SHARED, and only then.", examples=["2025-04-14"]
    )
    document_ref: str | None = Field(default=None, max_length=500, examples=["dms://wp/0001.pdf"])
    summary: str | None = Field(
        default=None, max_length=4000, examples=["Why workers are visiting, told with Mum's drawings."]
    )


class WordsAndPicturesAmend(Input):
    audience_children: list[uuid.UUID] | None = Field(default=None, min_length=1, max_length=20)
    co_authors: list[str] | None = Field(default=None, max_length=20)
    document_status: WPStatus | None = None
    shared_on: date | None = None
    document_ref: str | None = Field(default=None, max_length=500)
    summary: str | None = Field(default=None, max_length=4000)
    amendment_reason: str | None = AMENDMENT_REASON


class WordsAndPicturesRead(RecordRead):
    case_id: uuid.UUID
    purpose: str
    audience_children: list[uuid.UUID]
    co_authors: list[str]
    document_status: str
    shared_on: date | None
    document_ref: str | None
    summary: str | None


# --- Trajectory ------------------------------------------------------------------------------


class MilestoneCreate(Input):
    """A planned step on the case's trajectory."""

    description: str = _text("What should happen.", "First network meeting held.", 2000)
    planned_date: date = Field(examples=["2025-04-03"])
    actual_date: date | None = Field(
        default=None, description="When it happened; required when DONE, and only then."
    )
    milestone_status: MilestoneStatus


class MilestoneAmend(Input):
    description: str | None = Field(default=None, min_length=1, max_length=2000)
    planned_date: date | None = None
    actual_date: date | None = None
    milestone_status: MilestoneStatus | None = None
    amendment_reason: str | None = AMENDMENT_REASON


class MilestoneRead(RecordRead):
    case_id: uuid.UUID
    description: str
    planned_date: date
    actual_date: date | None
    milestone_status: str


class Trajectory(BaseModel):
    case_id: uuid.UUID
    milestones: list[MilestoneRead] = Field(
        description="Milestones in planned-date order (entered in error left out; read them by id)."
    )


# --- Field descriptions shared by name ----------------------------------------------------------
# A field called the same in several bodies means the same thing; fields that already say more
# keep their own description.

FIELD_DOCS: dict[str, str] = {
    "case_id": "The case the record belongs to.",
    "child_id": "The child the record is about.",
    "person_id": "A person of your authority.",
    "safety_plan_id": "The safety plan version reviewed.",
    "network_member_id": "A member of this case's safety network.",
    "name": "The person's name (and role), when they are not referred to by id.",
    "relationship_to_child": "How the member is related to the case's children (relationship_type).",
    "roles": "What the member does in the network (network_role codes).",
    "naturally_connected": "True for family, friends and neighbours; false for a professional.",
    "joined_on": "The date the person joined the network.",
    "left_on": "The date the person left the network; empty while they are a member.",
    "danger_statement_id": "A danger statement of the case.",
    "version": "The danger statement's version the member was told.",
    "informed_on": "The date the member was told.",
    "held_on": "The date the meeting was held.",
    "attendees": "Who came: network members by id, anyone else by name.",
    "purpose": "What it is for.",
    "decisions": "What the meeting decided.",
    "plan_status": "Where the plan version is in its life (safety_plan_status).",
    "title": "A short name for the plan version.",
    "rules": "The plan's rules, in order; reviews name them by position from 1.",
    "bottom_lines": "The authority's non-negotiables, with who set them and why.",
    "review_by": "The date the plan must be reviewed by.",
    "agreed_on": "The date the family, network and authority agreed the plan.",
    "child_friendly_version": "The plan told for the children.",
    "text": "The words of the rule or bottom line.",
    "trigger": "The warning sign that sets the rule off.",
    "responsible_person_ids": "Who keeps the rule (person ids).",
    "monitor_person_ids": "Who checks the rule is kept (person ids).",
    "addresses_statement_ids": "The case's danger statements the rule answers.",
    "set_by": "The worker who set the bottom line.",
    "rationale": "Why the bottom line is non-negotiable.",
    "format": "How the child-friendly version is told, e.g. WORDS_AND_PICTURES.",
    "summary": "A short account in words.",
    "document_ref": "Where the document is kept (a reference into your document store).",
    "reviewed_on": "The date of the review.",
    "rule_results": "For each rule reviewed: whether it was kept, with a note.",
    "rule_index": "The rule's position in the plan's rules, starting at 1.",
    "kept": "Whether the rule was kept (rule_kept).",
    "note": "What happened, in a sentence or two.",
    "tool": "The tool used with the child (child_voice_tool).",
    "recorded_on": "The date the child was heard.",
    "worker": "Who sat with the child.",
    "items": "What the child said, section by section, in their exact words.",
    "section": "The part of the tool the words belong to (child_voice_section).",
    "child_words": "The child's exact words, never paraphrased.",
    "drawing_ref": "Where the child's drawing is kept.",
    "read_back_to_child": "Whether everything was read back to the child before finishing.",
    "safety_path_position": "Safety House only: where the child put themself on the safety path, 0 to 10.",
    "child_agreed_sharing_with": "Who the child agreed their words may be shared with.",
    "audience_children": "The child members of the case the explanation is for.",
    "co_authors": "Who wrote or drew it with the worker (parents or carers).",
    "document_status": "Whether the explanation is drafted, agreed or shared (words_pictures_status).",
    "shared_on": "The date it was shared with the children; only when SHARED.",
    "description": "What the milestone is.",
    "planned_date": "When it should happen.",
    "actual_date": "When it happened; only when DONE.",
    "milestone_status": "Where the milestone stands (milestone_status).",
    "milestones": "Milestones in planned-date order.",
}


def _describe_fields() -> None:
    for model in [v for v in globals().values() if isinstance(v, type) and issubclass(v, BaseModel)]:
        if model.__module__ != __name__:
            continue
        changed = False
        for name, info in model.model_fields.items():
            if info.description is None and name in FIELD_DOCS:
                info.description = FIELD_DOCS[name]
                changed = True
        if changed:
            model.model_rebuild(force=True)


_describe_fields()
