"""The fields of the planning records, declared once (see service/kit/fields.py).

All names in examples are invented.

Nested shapes (a plan's rules, a meeting's attendees, a child's words...) are declared once, as the
shape the client sends (``PlanRule``); the shape a response shows is the same model read as stored
(``class PlanRuleRead(PlanRule, Shown)``: no fields of its own, each field always present). A record's
read schema names that read shape for its nested field (``rules: list[PlanRuleRead]``), so the
contract keeps a request component and a response component per shape, as before, instead of
FastAPI's ``PlanRule-Input`` / ``PlanRule-Output`` pair.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any, Self

from pydantic import BaseModel, Field, model_validator

from service.kit.fields import (
    SET_ONCE,
    Day,
    Fields,
    Flag,
    Input,
    Whole,
    amend_schema,
    optional,
    optional_text,
    required,
    required_text,
)
from service.kit.governed import governed_by
from service.kit.schemas import RecordRead, Shown
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


def _document_ref(example: str) -> Any:
    """The optional field saying where a document is kept, e.g. ``dms://wp/0001.pdf``."""
    return optional(
        "Where the document is kept (a reference into your document store).", example, max_length=500
    )


# --- Safety network --------------------------------------------------------------------------


class InformedCreate(Input):
    """Which version of a danger statement the member was told, and when."""

    danger_statement_id: uuid.UUID = required("A danger statement of the member's case.")
    version: Whole = required("The statement's version the member was told (its ETag number).", 2, ge=1)
    informed_on: Day = required("The date the member was told.", "2025-04-02")


class InformedEntry(InformedCreate, Shown):
    """One statement version the member was told, as recorded."""


class InformedStatus(BaseModel):
    """Derived on every read, never stored: re-wording a statement makes everyone not yet informed of it;
    amending only its dates does not."""

    danger_statement_id: uuid.UUID = required("A danger statement of the case.")
    current_version: int = required("The statement's version now.")
    worded_in_version: int = required(
        "The version that gave the statement its current wording; telling the member that version or a "
        "later one informs them."
    )
    informed_of_current: bool = required(
        "Whether the member was told the statement's current wording (a version from worded_in_version on)."
    )
    informed_on: date | None = required("When the member was told the current wording, if they were.")
    last_informed_version: int | None = required("The latest version the member was told, if any.")


class ChildRelationship(Input):
    """How the member is related to one child of the case."""

    child_id: uuid.UUID = required("A child member of this case.")
    relationship: Relationship


class ChildRelationshipRead(ChildRelationship, Shown):
    """How the member is related to one child, as recorded."""


PER_CHILD = (
    "How the member is related to each child of the case, one entry a child (a grandmother to one child "
    "may be a step-grandmother to another). relationship_to_child stays the member's relationship to "
    "the children as a whole."
)


class NetworkMemberFields(Fields):
    person_id: Annotated[uuid.UUID, SET_ONCE] = required("A person of your authority (POST /v1/people).")
    relationship_to_child: Relationship
    relationship_to_children: list[ChildRelationship] = Field(
        default_factory=list, max_length=20, description=PER_CHILD, **governed_by("SOS-NET-007")
    )
    roles: list[NetworkRole] = required(
        "What the member does in the network: at least one role.",
        ["DAILY_CHECK_IN", "RESPITE_CARER"],
        min_length=1,
        max_length=9,
    )
    naturally_connected: Flag = required(
        "True for family, friends and neighbours; false for a professional in the network.", True
    )
    joined_on: Annotated[Day, SET_ONCE] = required("The date the person joined the network.", "2025-04-02")
    left_on: Day | None = optional(
        "The date the person left the network; empty while they are a member.", "2026-10-01"
    )


class NetworkMemberCreate(NetworkMemberFields, Input):
    """Add a person to the case's safety network."""


NetworkMemberAmend = amend_schema(NetworkMemberFields, fixed="a member's person and joining date")


class NetworkMemberRead(NetworkMemberFields, RecordRead):
    case_id: uuid.UUID = required("The case whose network this is.")
    relationship_to_children: list[ChildRelationshipRead] = required(PER_CHILD)  # type: ignore[assignment]
    informed_history: list[InformedEntry] = required(
        "Every statement version the member was told, oldest first (as recorded)."
    )
    informed: list[InformedStatus] = required(
        "For each active danger statement of the case: informed of its current version or not."
    )
    informed_of_all_current: bool = required(
        "True when the member was told the current version of every active danger statement."
    )


class OneOfTwo(Input):
    """Someone named one of two ways, by id or by name: exactly one of the shape's first two fields."""

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        first, second = list(type(self).model_fields)[:2]
        if (getattr(self, first) is None) == (getattr(self, second) is None):
            raise ValueError(f"give exactly one of {first} or {second}")
        return self


class Attendee(OneOfTwo):
    """Exactly one of network_member_id (a member of this case's network) or name."""

    network_member_id: uuid.UUID | None = optional("A member of this case's safety network.")
    name: str | None = optional(
        "Someone who is not a network member, with their role.",
        "Alex Moor, social worker",
        min_length=1,
        max_length=200,
    )


class AttendeeRead(Attendee, Shown):
    """Who came: a network member by id, or someone else by name."""


class NetworkMeetingFields(Fields):
    held_on: Day = required("The date the meeting was held.", "2025-04-02", requirement="SOS-NET-004")
    attendees: list[Attendee] = required(
        "Who came: network members by id, anyone else by name.",
        min_length=1,
        max_length=100,
        requirement="SOS-NET-004",
    )
    purpose: str = required_text(
        "What the meeting was for.",
        "Tell the network about the worries and start the plan.",
        requirement="SOS-NET-004",
    )
    decisions: str = required_text(
        "What the meeting decided.", "Grandmother checks in every day.", requirement="SOS-NET-004"
    )
    map_id: uuid.UUID | None = optional(
        "The case's map version the meeting worked from (one of this case's maps, not entered in error).",
        requirement="SOS-NET-004",
    )


class NetworkMeetingCreate(NetworkMeetingFields, Input):
    """Record a meeting of the case's safety network."""


NetworkMeetingAmend = amend_schema(NetworkMeetingFields)


class NetworkMeetingRead(NetworkMeetingFields, RecordRead):
    case_id: uuid.UUID = required("The case whose network met.")
    attendees: list[AttendeeRead] = required("Who came: network members by id, anyone else by name.")  # type: ignore[assignment]


# --- Safety plans ----------------------------------------------------------------------------


class PlanRule(Input):
    """Who does what, and when, to keep the child safe."""

    text: str = required_text(
        "The rule, in the family's words.", "The children's visitor does not stay overnight."
    )
    trigger: str | None = optional(
        "The warning sign that sets the rule off.", "If mum has had a drink", max_length=2000
    )
    responsible_person_ids: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=20,
        description="Who keeps the rule (person ids): current network members or the case's adults and "
        "children. At least one when the plan is agreed or active.",
    )
    monitor_person_ids: list[uuid.UUID] = Field(
        default_factory=list, max_length=20, description="Who checks the rule is kept (person ids)."
    )
    addresses_statement_ids: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=20,
        description="The case's danger statements the rule answers. At least one when agreed or active.",
    )


class PlanRuleRead(PlanRule, Shown):
    """A rule of the plan, as agreed."""


class BottomLine(Input):
    """A non-negotiable set by the authority."""

    text: str = required_text("The bottom line.", "No unsupervised contact with the named adult.")
    set_by: str = required_text("The worker who set the bottom line.", "Alex Moor, social worker", 200)
    rationale: str = required_text(
        "Why the bottom line is non-negotiable.", "Two incidents of violence in the home."
    )


class BottomLineRead(BottomLine, Shown):
    """A bottom line, with who set it and why."""


class ChildFriendlyVersion(Input):
    """The plan told for the children; a summary, a document reference, or both."""

    format: str = required_text(
        "How the child-friendly version is told, e.g. WORDS_AND_PICTURES.", "WORDS_AND_PICTURES", 50
    )
    summary: str | None = optional_text("A short account in words.", "Mum keeps us safe with Nana's help.")
    document_ref: str | None = _document_ref("dms://plans/sp-1-children.pdf")

    @model_validator(mode="after")
    def _something(self) -> ChildFriendlyVersion:
        if not self.summary and not self.document_ref:
            raise ValueError("give a summary or a document_ref")
        return self


class ChildFriendlyRead(ChildFriendlyVersion, Shown):
    """The plan as told for the children."""


CHILD_FRIENDLY = "The plan told for the children."


class MemberAgreement(Input):
    """One network member's answer to the plan version: agreed on a day, or declined on a day, with why."""

    network_member_id: uuid.UUID = required("A member of this case's safety network.")
    agreed_on: Day | None = optional("The day the member agreed this version of the plan.", "2025-04-16")
    declined_on: Day | None = optional("The day the member said they could not agree it.")
    declined_reason: str | None = optional(
        "Why the member did not agree, in their words or the worker's: needed when declined.",
        "Cannot do the school run on Mondays.",
        min_length=1,
        max_length=2000,
    )

    @model_validator(mode="after")
    def _agreed_or_declined(self) -> Self:
        if (self.agreed_on is None) == (self.declined_on is None):
            raise ValueError("give exactly one of agreed_on or declined_on")
        if (self.declined_on is None) != (self.declined_reason is None):
            raise ValueError("a declined_reason goes with declined_on, and only with it")
        return self


class MemberAgreementRead(MemberAgreement, Shown):
    """A network member's answer to the plan version, as recorded."""


AGREEMENT = (
    "Each network member's answer to this plan version: agreed (with the day) or declined (with the day "
    "and why), each member at most once. Amend the plan to add answers as they come in."
)


class SafetyPlanFields(Fields):
    plan_status: PlanStatus = required(
        "Where the plan version is in its life: DRAFT, AGREED or ACTIVE for a new version; "
        "SUPERSEDED only by a newer version."
    )
    title: Annotated[str | None, SET_ONCE] = optional(
        "A short name for the plan version.", "Reunification plan", max_length=200
    )
    rules: Annotated[list[PlanRule], SET_ONCE] = Field(
        default_factory=list,
        max_length=50,
        description="The plan's rules, in order; reviews name them by position from 1.",
    )
    bottom_lines: Annotated[list[BottomLine], SET_ONCE] = Field(
        default_factory=list,
        max_length=20,
        description="The authority's non-negotiables, with who set them and why.",
    )
    review_by: Day = required(
        "When the plan must be reviewed; at most 3 months after agreed_on.", "2025-05-16"
    )
    agreed_on: Day | None = optional(
        "The date the family, network and authority agreed the plan. Needed when AGREED or ACTIVE.",
        "2025-04-16",
    )
    child_friendly_version: ChildFriendlyVersion | None = optional(CHILD_FRIENDLY)
    network_agreement: list[MemberAgreement] = Field(
        default_factory=list, max_length=100, description=AGREEMENT, **governed_by("SOS-PLAN-005")
    )


class SafetyPlanCreate(SafetyPlanFields, Input):
    """A new version of the case's safety plan; the current version (if any) is superseded."""


SafetyPlanAmend = amend_schema(
    SafetyPlanFields,
    doc="Change a version's status or dates; to change rules or bottom lines, create a new version.",
)


class SafetyPlanRead(SafetyPlanFields, RecordRead):
    case_id: uuid.UUID = required("The case the plan is for.")
    plan_version: int = required("1, 2, 3 ... per case.")
    supersedes_id: uuid.UUID | None = required("The version this one replaced.")
    rules: list[PlanRuleRead] = required("The rules; a review names them by position, starting at 1.")  # type: ignore[assignment]
    bottom_lines: list[BottomLineRead] = required(  # type: ignore[assignment]
        "The authority's non-negotiables, with who set them and why."
    )
    child_friendly_version: ChildFriendlyRead | None = required(CHILD_FRIENDLY)
    network_agreement: list[MemberAgreementRead] = required(AGREEMENT)  # type: ignore[assignment]


class RuleResult(Input):
    """Whether one rule of the plan held."""

    rule_index: Whole = required("The rule's position in the plan's rules, starting at 1.", 1, ge=1)
    kept: RuleKept
    note: str | None = optional(
        "What happened, in a sentence or two.", "Visitor found in the home at night.", max_length=2000
    )


class RuleResultRead(RuleResult, Shown):
    """Whether one rule held, as reviewed."""


class SafetyPlanReviewFields(Fields):
    reviewed_on: Day = required("The date of the review.", "2025-05-30")
    rule_results: list[RuleResult] = required(
        "For each rule reviewed: whether it was kept, with a note.", min_length=1, max_length=50
    )
    summary: str | None = optional_text("A short account in words.", "Plan broke down; children moved.")


class SafetyPlanReviewCreate(SafetyPlanReviewFields, Input):
    """Whether each rule of the plan held."""


class SafetyPlanReviewRead(SafetyPlanReviewFields, RecordRead):
    safety_plan_id: uuid.UUID = required("The safety plan version reviewed.")
    case_id: uuid.UUID = required("The plan's case.")
    rule_results: list[RuleResultRead] = required("For each rule reviewed: whether it was kept, with a note.")  # type: ignore[assignment]


# --- The child's voice -----------------------------------------------------------------------


class VoiceItem(Input):
    """Some of the child's words, in one section of the tool."""

    section: VoiceSection
    child_words: str = required_text(
        "The child's exact words, never paraphrased.", "I like my nana's pancakes."
    )
    drawing_ref: str | None = optional(
        "Where the child's drawing is kept.", "dms://drawings/0001.jpg", max_length=500
    )


class VoiceItemRead(VoiceItem, Shown):
    """The child's words in one section, as recorded."""


class VoiceObservation(Input):
    """What the worker saw of a child too young to put it in words, in the worker's own words."""

    observed: str = required_text(
        "What the worker saw or heard: the child's play, sounds, how they were with each person. Said by "
        "the worker, never put as the child's own words.",
        "Mia reached for her grandmother and settled at once when she was picked up.",
    )
    with_whom: str | None = optional(
        "Who was with the child at the time.", "Her grandmother, Pat Ellison", max_length=200
    )


class VoiceObservationRead(VoiceObservation, Shown):
    """An observation of the child, as recorded."""


class PersonRef(OneOfTwo):
    """Exactly one of person_id or name."""

    person_id: uuid.UUID | None = optional("A person of your authority.")
    name: str | None = optional(
        "The person's name (and role), when they are not referred to by id.",
        "My teacher",
        min_length=1,
        max_length=200,
    )


class PersonRefRead(PersonRef, Shown):
    """Someone the child agreed may hear their words: a person by id, or a name."""


ITEMS = (
    "What the child said, section by section, in their exact words (may be empty for a child who does not "
    "talk yet: see observations)."
)
OBSERVATIONS = (
    "For a child too young to put things in words (a baby, a toddler): what the worker observed, kept apart "
    "from items, the child's own words. A record has items, observations or both (SOS-VOICE-005)."
)
SHARING = "Who the child agreed their words may be shared with."


class ChildVoiceFields(Fields):
    tool: Annotated[VoiceTool, SET_ONCE]
    recorded_on: Annotated[Day, SET_ONCE] = required("The date the child was heard.", "2025-01-28")
    worker: Annotated[str, SET_ONCE] = required_text(
        "Who sat with the child.", "Alex Moor, family practitioner", 200
    )
    items: list[VoiceItem] = Field(default_factory=list, max_length=100, description=ITEMS)
    observations: list[VoiceObservation] = Field(
        default_factory=list, max_length=100, description=OBSERVATIONS, **governed_by("SOS-VOICE-005")
    )
    read_back_to_child: Flag = required(
        "Whether everything was read back to the child before finishing.", True
    )
    safety_path_position: Whole | None = optional(
        "Safety House only: where the child put themself on the safety path, 0 to 10.", 4
    )
    child_agreed_sharing_with: list[PersonRef] = Field(
        default_factory=list, max_length=50, description=SHARING
    )


class ChildVoiceCreate(ChildVoiceFields, Input):
    """What a child said with one tool on one day, in their own words."""

    case_id: uuid.UUID | None = optional(
        "The case the child is a child member of; may be left out when the child is in one case only."
    )


ChildVoiceAmend = amend_schema(ChildVoiceFields, fixed="the tool, the day and the worker")


class ChildVoiceRead(ChildVoiceFields, RecordRead):
    case_id: uuid.UUID = required("The case the child was heard in.")
    child_id: uuid.UUID = required("The child the record is about.")
    items: list[VoiceItemRead] = required(ITEMS)  # type: ignore[assignment]
    observations: list[VoiceObservationRead] = required(OBSERVATIONS)  # type: ignore[assignment]
    child_agreed_sharing_with: list[PersonRefRead] = required(SHARING)  # type: ignore[assignment]


# --- Words and pictures ----------------------------------------------------------------------


class WordsAndPicturesFields(Fields):
    purpose: Annotated[WPPurpose, SET_ONCE]
    audience_children: list[uuid.UUID] = required(
        "The child members of the case the explanation is for.", min_length=1, max_length=20
    )
    co_authors: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="Who wrote or drew it with the worker (parents or carers).",
        examples=[["Jo Example (mother)"]],
    )
    document_status: WPStatus
    shared_on: Day | None = optional(
        "The date it was shared with the children: required when SHARED, and only then.", "2025-04-14"
    )
    document_ref: str | None = _document_ref("dms://wp/0001.pdf")
    summary: str | None = optional_text(
        "A short account in words.", "Why workers are visiting, told with Mum's drawings."
    )


class WordsAndPicturesCreate(WordsAndPicturesFields, Input):
    """An explanation for the case's children, written or drawn with their parents."""


WordsAndPicturesAmend = amend_schema(WordsAndPicturesFields, fixed="what the explanation is for")


class WordsAndPicturesRead(WordsAndPicturesFields, RecordRead):
    case_id: uuid.UUID = required("The case whose children it is for.")


# --- Trajectory ------------------------------------------------------------------------------


class MilestoneFields(Fields):
    description: str = required_text("What should happen.", "First network meeting held.", 2000)
    planned_date: Day = required("When it should happen.", "2025-04-03")
    actual_date: Day | None = optional("When it happened: required when DONE, and only then.", "2025-04-02")
    milestone_status: MilestoneStatus


class MilestoneCreate(MilestoneFields, Input):
    """A planned step on the case's trajectory."""


MilestoneAmend = amend_schema(MilestoneFields)


class MilestoneRead(MilestoneFields, RecordRead):
    case_id: uuid.UUID = required("The case whose trajectory it is on.")


class Trajectory(BaseModel):
    case_id: uuid.UUID = required("The case.")
    milestones: list[MilestoneRead] = required(
        "Milestones in planned-date order (entered in error left out; read them by id)."
    )


# --- Shared with the family ------------------------------------------------------------------

ShareForm = Annotated[
    str, CodeFrom("share_form", "How it was shared: told, a written copy, words and pictures...", "WRITTEN")
]
SHARED_WITH = (
    "Who it was shared with: each a member of the case or of its safety network by person id, or "
    "anyone else by name."
)


class FamilySharingFields(Fields):
    map_id: Annotated[uuid.UUID | None, SET_ONCE] = optional(
        "The map version shared, a map of this case; or give danger_statement_id or safety_plan_id.",
        requirement="SOS-FAM-001",
    )
    danger_statement_id: Annotated[uuid.UUID | None, SET_ONCE] = optional(
        "The danger statement shared (with its goal), one of this case's; or give map_id or safety_plan_id.",
        requirement="SOS-FAM-001",
    )
    safety_plan_id: Annotated[uuid.UUID | None, SET_ONCE] = optional(
        "The safety plan version shared, one of this case's; or give map_id or danger_statement_id.",
        requirement="SOS-FAM-001",
    )
    item_version: Annotated[Whole | None, SET_ONCE] = optional(
        "Which version of that record was shared (its `version`); left out, the version current when "
        "this is recorded.",
        2,
        ge=1,
        requirement="SOS-FAM-001",
    )
    shared_on: Day = required("The date it was shared with the family.", "2025-04-16")
    shared_with: list[PersonRef] = required(
        SHARED_WITH, min_length=1, max_length=50, requirement="SOS-FAM-002"
    )
    share_form: ShareForm
    note: str | None = optional_text(
        "Anything worth knowing about how it went, in a sentence or two.",
        "Read through together at the kitchen table; Dad asked for a copy for his sister.",
    )


class FamilySharingCreate(FamilySharingFields, Input):
    """That a map version, a danger statement or a safety plan version was shared with the family."""


FamilySharingAmend = amend_schema(FamilySharingFields, fixed="what was shared")


class FamilySharingRead(FamilySharingFields, RecordRead):
    case_id: uuid.UUID = required("The case whose record was shared.")
    item_version: int = required("Which version of the record was shared.")
    shared_with: list[PersonRefRead] = required(SHARED_WITH)  # type: ignore[assignment]
