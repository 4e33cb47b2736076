"""The planning record types: the safety network and its meetings, safety plans and their reviews,
the child's voice, words and pictures, and the trajectory's milestones."""

from __future__ import annotations

import dataclasses

from service.cases.kinds import CASE
from service.kit.records import Consistent, Creating, Listing, Parent, RecordType, when_sent
from service.models.planning import (
    ChildVoiceRecord,
    FamilySharing,
    Milestone,
    NetworkMeeting,
    NetworkMember,
    SafetyPlan,
    SafetyPlanReview,
    WordsAndPictures,
)
from service.people.kinds import PERSON
from service.planning import rules, schemas, sharing
from service.planning.schemas import ChildVoiceAmend, ChildVoiceCreate, ChildVoiceRead

CHILD = dataclasses.replace(
    PERSON, name="child", label="child", path="/v1/children", creating=None, listing=None
)
"""A person seen as a child: the parent of a child's voice records, ``/v1/children/{child_id}/voice``.
Only loaded (tenancy as for any person); its records are people."""

NETWORK_MEMBER: RecordType[NetworkMember] = RecordType(
    name="network_member",
    model=NetworkMember,
    schemas=schemas,
    parent=Parent(CASE, segment="network/members"),
    effective_date=lambda m: m.joined_on,
    summary=lambda m: f"Safety network member ({', '.join(m.roles)})",
    creating=Creating(
        summary="Add a person to the safety network",
        description=(
            "Adds a person of your authority to the case's safety network: family, friends and neighbours "
            "who are naturally connected, and professionals. The network belongs to the case, so it is "
            "kept across every stage transition. A person can be a current member only once."
        ),
        build=rules.new_member,
        requirements=("SOS-NET-001", "SOS-NET-003", "SOS-NET-007"),
    ),
    listing=Listing(
        summary="List the safety network",
        description=(
            "Every member of the case's network, past and present, a page at a time, each with whether "
            "they have been told the current version of every active danger statement."
        ),
        requirements=("SOS-LIST-001", "SOS-NET-003", "SOS-NET-006"),
    ),
    derive=rules.member_reads,
    consistent=Consistent(rules.left_after_joining, ("joined_on", "left_on")),
    on_amend=when_sent("relationship_to_children", rules.check_child_relationships),
    before_entered_in_error=rules.member_not_named,
    requirements={
        "get": ["SOS-NET-003", "SOS-NET-006"],
        "amend": ["SOS-NET-001", "SOS-NET-007"],
        "entered_in_error": ["SOS-NET-008"],
    },
)

NETWORK_MEETING: RecordType[NetworkMeeting] = RecordType(
    name="network_meeting",
    model=NetworkMeeting,
    schemas=schemas,
    parent=Parent(CASE, segment="network/meetings"),
    effective_date=lambda m: m.held_on,
    summary=lambda m: f"Network meeting: {m.purpose}",
    creating=Creating(
        description=(
            "Records a meeting of the case's safety network: when, who came (network members by id, "
            "anyone else by name), what it was for, what was decided, and the case's map version it "
            "worked from (`map_id`, optional)."
        ),
        build=rules.new_meeting,
        requirements=("SOS-NET-004", "SOS-NET-008"),
    ),
    listing=Listing(
        summary="List network meetings",
        description="The case's network meetings, a page at a time.",
    ),
    on_amend=rules.meeting_changes,
    requirements={"amend": ["SOS-NET-004", "SOS-NET-008"]},
)

SAFETY_PLAN: RecordType[SafetyPlan] = RecordType(
    name="safety_plan",
    model=SafetyPlan,
    schemas=schemas,
    parent=Parent(CASE),
    effective_date=lambda p: p.agreed_on,
    summary=lambda p: (
        f"Safety plan version {p.plan_version} ({p.plan_status.lower()}), {len(p.rules)} rule(s)"
    ),
    creating=Creating(
        summary="Record a new version of the safety plan",
        description=(
            "Records the case's safety plan as a new version (1, 2, 3 ...): its rules, each with who keeps "
            "it, who checks it and which danger statements it answers; the authority's bottom lines; when "
            "it will be reviewed; and a version told for the children. The case's current version, if "
            "any, is marked SUPERSEDED (a new version in its history). An AGREED or ACTIVE plan needs at "
            "least one rule, each with a responsible person from the network or the family and a danger "
            "statement of this case, and a review no more than three months after it was agreed. Each "
            "network member's answer to the version (agreed, or declined and why) goes in "
            "`network_agreement`, on the create or by amending the plan as answers come in."
        ),
        build=lambda session, caller, case, body: rules.new_plan(session, caller, case, body, SAFETY_PLAN),
        requirements=("SOS-PLAN-001", "SOS-PLAN-002", "SOS-PLAN-003", "SOS-PLAN-005", "SOS-NET-008"),
    ),
    listing=Listing(
        summary="List safety plan versions",
        description="Every version of the case's safety plan, superseded ones included, a page at a time.",
        requirements=("SOS-LIST-001", "SOS-PLAN-001"),
    ),
    on_amend=rules.check_plan_change,
    requirements={
        "amend": ["SOS-PLAN-001", "SOS-PLAN-002", "SOS-PLAN-003", "SOS-PLAN-005", "SOS-NET-008"],
        "get": ["SOS-PLAN-005"],
    },
)

SAFETY_PLAN_REVIEW: RecordType[SafetyPlanReview] = RecordType(
    name="safety_plan_review",
    model=SafetyPlanReview,
    schemas=schemas,
    parent=Parent(SAFETY_PLAN, segment="reviews", entered_in_error_rule="SOS-PLAN-004"),
    effective_date=lambda r: r.reviewed_on,
    summary=lambda r: (
        "Safety plan reviewed: "
        + ", ".join(f"rule {x['rule_index']} {x['kept'].lower()}" for x in r.rule_results)
    ),
    creating=Creating(
        description=(
            "Records whether each rule of one plan version held (yes, partly, no, unknown) with a note. "
            "Rules are named by their position in the plan, starting at 1, each at most once. A draft plan "
            "has nothing to review yet."
        ),
        build=rules.new_review,
        requirements=("SOS-PLAN-004",),
    ),
    listing=Listing(
        summary="List a plan version's reviews",
        description="The reviews of one safety plan version, a page at a time.",
    ),
)

CHILD_VOICE: RecordType[ChildVoiceRecord] = RecordType(
    name="child_voice_record",
    label="child's voice record",
    model=ChildVoiceRecord,
    read_schema=ChildVoiceRead,
    amend_schema=ChildVoiceAmend,
    parent=Parent(CHILD, segment="voice"),
    effective_date=lambda v: v.recorded_on,
    summary=lambda v: f"The child's voice ({v.tool.replace('_', ' ').lower()}), {len(v.items)} item(s)",
    creating=Creating(
        schema=ChildVoiceCreate,
        summary="Record the child's own words",
        description=(
            "Records what a child said (and drew) with one tool on one day, word for word, section by "
            "section: Three Houses takes worries, good things and dreams; Safety House takes people inside, "
            "people outside, safety rules and other, and the child's place on the safety path (0 to 10). "
            "The child must be a child member of the case named in the body (which may be left out when "
            "the child is in one case only). The record is about this child only, so it shows in this "
            "child's journey and no sibling's. For a child too young to put things in words, the worker's "
            "observations go in `observations`, kept apart from the child's own words in `items`."
        ),
        build=rules.new_voice_record,
        requirements=("SOS-VOICE-001", "SOS-VOICE-002", "SOS-VOICE-003", "SOS-VOICE-004", "SOS-VOICE-005"),
    ),
    listing=Listing(
        summary="List a child's voice records",
        description="Everything recorded in the child's own words, across all their cases, a page at a time.",
    ),
    consistent=Consistent(rules.check_voice, ("tool", "items", "safety_path_position", "observations")),
    requirements={"amend": ["SOS-VOICE-002", "SOS-VOICE-003", "SOS-VOICE-005"], "get": ["SOS-VOICE-004"]},
)

WORDS_AND_PICTURES: RecordType[WordsAndPictures] = RecordType(
    name="words_and_pictures",
    plural="words_and_pictures",
    label="words and pictures explanation",
    model=WordsAndPictures,
    schemas=schemas,
    parent=Parent(CASE),
    effective_date=lambda w: w.shared_on,
    summary=lambda w: (
        f"Words and pictures ({w.purpose.replace('_', ' ').lower()}), {w.document_status.lower()}"
    ),
    creating=Creating(
        description=(
            "Records an explanation for the case's children, written or drawn with their parents: what it "
            "is for, which children it is for, who wrote it, and whether it is drafted, agreed or shared "
            "(with the date it was shared). Amend it as it moves on; each change is a new version."
        ),
        build=rules.new_words_and_pictures,
        requirements=("SOS-WP-001", "SOS-WP-002"),
    ),
    listing=Listing(
        summary="List words and pictures explanations",
        description="The case's words and pictures explanations, a page at a time.",
    ),
    on_amend=rules.check_words_change,
    requirements={"amend": ["SOS-WP-001", "SOS-WP-002"]},
)

MILESTONE: RecordType[Milestone] = RecordType(
    name="milestone",
    model=Milestone,
    schemas=schemas,
    parent=Parent(CASE),
    effective_date=lambda m: m.actual_date or m.planned_date,
    summary=lambda m: f"Milestone ({m.milestone_status.lower()}): {m.description}",
    creating=Creating(
        summary="Add a milestone to the trajectory",
        description=(
            "Adds a planned step to the case's trajectory (a network meeting, the plan tested with "
            "overnight stays, a review conference, step down). Amend it when it happens, slips or is "
            "dropped; a milestone that is done needs the date it happened."
        ),
        requirements=("SOS-TRAJ-002",),
    ),
    consistent=Consistent(rules.check_milestone, ("milestone_status", "actual_date")),
    requirements={"amend": ["SOS-TRAJ-002"]},
)

FAMILY_SHARING: RecordType[FamilySharing] = RecordType(
    name="family_sharing",
    label="record of sharing with the family",
    model=FamilySharing,
    schemas=schemas,
    parent=Parent(CASE, segment="shared-with-family"),
    effective_date=lambda s: s.shared_on,
    summary=lambda s: (
        f"{sharing.what_was_shared(s).capitalize()} (version {s.item_version}) shared with the family "
        f"({s.share_form.replace('_', ' ').lower()}), with {len(s.shared_with)} person(s)"
    ),
    creating=Creating(
        summary="Record that something was shared with the family",
        description=(
            "Records that a map version, a danger statement or a safety plan version of the case was "
            "shared with the family: on which day, with whom (members of the case or of its safety network "
            "by person id, anyone else by name) and in which form (told, a written copy, words and "
            "pictures, through an interpreter...). The version shared is kept (the current one when "
            "`item_version` is left out), so a later re-wording does not change what the family saw. It "
            "shows in the chronology on the day it was shared."
        ),
        build=sharing.new_sharing,
        requirements=("SOS-FAM-001", "SOS-FAM-002"),
    ),
    listing=Listing(
        summary="List what was shared with the family",
        description="Every record of the case's maps, statements and plans being shared with the family.",
    ),
    on_amend=when_sent("shared_with", sharing.check_recipients),
    requirements={"amend": ["SOS-FAM-002"]},
)
