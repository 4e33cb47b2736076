"""Request examples for the planning operations, valid and refused (see service/contract/examples.py).

Everyone named is invented. CHILD_ID and PERSON_ID are placeholders the contract tests replace.
"""

from __future__ import annotations

from typing import Any

from service.examples import (
    CHILD_ID,
    PERSON_ID,
    Example,
    Refused,
    amendment,
    broken_rule,
    invalid,
    record_id,
    register,
    unknown_code,
)

# Placeholders for records of the example's case, made by the contract tests with their create examples.
STATEMENT_ID = record_id("danger_statement")
MEMBER_ID = record_id("network_member")
WORKER = "Tom Baines, social worker"


def _shared_without_date(value: dict[str, Any]) -> Refused:
    return broken_rule(
        "Refused: shared without the date it was shared",
        value,
        "Shared words and pictures need the date they were shared with the children.",
        "/shared_on",
        "required",
        requirement="SOS-WP-002",
    )


def _done_without_date(value: dict[str, Any]) -> Refused:
    return broken_rule(
        "Refused: a milestone that is done needs the date it happened",
        value,
        "A milestone that is done needs the date it happened.",
        "/actual_date",
        "required",
        requirement="SOS-TRAJ-002",
    )


_MEMBER = {
    "person_id": PERSON_ID,
    "relationship_to_child": "GRANDPARENT",
    "roles": ["DAILY_CHECK_IN", "RESPITE_CARER"],
    "naturally_connected": True,
    "joined_on": "2025-04-02",
}

register(
    "create_network_member",
    valid={
        "grandmother": Example("The children's grandmother joins the network", _MEMBER),
        "per_child": Example(
            "A relative whose relationship is said child by child",
            {
                **_MEMBER,
                "relationship_to_child": "OTHER",
                "relationship_to_children": [{"child_id": CHILD_ID, "relationship": "GRANDPARENT"}],
            },
        ),
    },
    refused={
        "no_role": invalid(
            "Refused: a member has at least one role", {**_MEMBER, "roles": []}, "/roles", "too_short"
        ),
        "child_twice": broken_rule(
            "Refused: one relationship a child",
            {
                **_MEMBER,
                "relationship_to_children": [
                    {"child_id": CHILD_ID, "relationship": "GRANDPARENT"},
                    {"child_id": CHILD_ID, "relationship": "OTHER"},
                ],
            },
            "Each per-child relationship names a different child of this case.",
            "/relationship_to_children/1/child_id",
            "reference_not_found",
            requirement="SOS-NET-007",
        ),
    },
)

register(
    "amend_network_member",
    valid={
        "left": amendment(
            "The member leaves the network",
            "2026-10-01",
            left_on="2026-10-01",
            reason="Case closed; the network stood down.",
        )
    },
    refused={
        "no_role": invalid(
            "Refused: a member keeps at least one role",
            {"roles": [], "effective_on": "2025-04-02"},
            "/roles",
            "too_short",
        )
    },
)

_TOLD = {"danger_statement_id": STATEMENT_ID, "version": 1, "informed_on": "2025-04-02"}

register(
    "record_network_member_informed",
    valid={"told": Example("The member was told version 1 of a danger statement", _TOLD)},
    refused={
        "version_zero": invalid(
            "Refused: statement versions start at 1",
            {**_TOLD, "version": 0},
            "/version",
            "greater_than_equal",
        )
    },
)

_MEETING = {
    "held_on": "2025-04-02",
    "attendees": [{"name": "Pat Ellison, grandmother"}, {"name": WORKER}],
    "purpose": "Tell the network about the worries and safety goals, and start the safety plan.",
    "decisions": "Pat checks in every day; Sam is the emergency contact.",
}

register(
    "create_network_meeting",
    valid={"first": Example("The network's first meeting", _MEETING)},
    refused={
        "nobody": invalid(
            "Refused: a meeting has at least one attendee",
            {**_MEETING, "attendees": []},
            "/attendees",
            "too_short",
            requirement="SOS-NET-004",
        ),
        "both": invalid(
            "Refused: an attendee is a member id or a name, not both",
            {**_MEETING, "attendees": [{"network_member_id": MEMBER_ID, "name": "Pat Ellison"}]},
            "/attendees/0",
            "value_error",
            requirement="SOS-NET-004",
        ),
    },
)

register(
    "amend_network_meeting",
    valid={
        "member": Example(
            "Name an attendee by their network membership",
            {"attendees": [{"network_member_id": MEMBER_ID}, {"name": WORKER}], "effective_on": "2025-04-02"},
        )
    },
    refused={
        "both": invalid(
            "Refused: an attendee is a member id or a name, not both",
            {
                "effective_on": "2025-04-02",
                "attendees": [{"network_member_id": MEMBER_ID, "name": "Pat Ellison"}],
            },
            "/attendees/0",
            "value_error",
            requirement="SOS-NET-004",
        )
    },
)

_RULES = [
    {
        "text": "Leo tells his teacher or Jess if he is scared.",
        "trigger": "Shouting at home",
        "responsible_person_ids": [CHILD_ID],
        "monitor_person_ids": [],
        "addresses_statement_ids": [STATEMENT_ID],
    },
]
_BOTTOM_LINE = {
    "text": "No unsupervised contact between Dean and the children.",
    "set_by": WORKER,
    "rationale": "Dean pushed Maya while she held Ruby.",
}

register(
    "create_safety_plan",
    valid={
        "agreed": Example(
            "An agreed plan: each rule has someone responsible and answers a danger statement",
            {
                "plan_status": "AGREED",
                "title": "Safety plan",
                "rules": _RULES,
                "bottom_lines": [_BOTTOM_LINE],
                "agreed_on": "2025-04-16",
                "review_by": "2025-05-16",
                "child_friendly_version": {
                    "format": "WORDS_AND_PICTURES",
                    "summary": "Who keeps us safe.",
                },
            },
        ),
        "draft": Example(
            "A draft still being worked out: rules may be incomplete",
            {
                "plan_status": "DRAFT",
                "rules": [{"text": "Someone checks in every evening."}],
                "review_by": "2025-05-16",
            },
        ),
    },
    refused={
        "agreed_without_rules": broken_rule(
            "Refused: an agreed plan needs at least one rule",
            {"plan_status": "AGREED", "rules": [], "review_by": "2025-05-16", "agreed_on": "2025-04-16"},
            "An agreed or active safety plan needs at least one rule, and each rule at least one "
            "responsible person and one danger statement.",
            "/rules",
            "required",
            "an agreed plan needs at least one rule",
            requirement="SOS-PLAN-002",
        ),
        "review_too_late": broken_rule(
            "Refused: the review is due more than three months after agreement",
            {
                "plan_status": "AGREED",
                "rules": _RULES,
                "agreed_on": "2025-04-16",
                "review_by": "2025-08-01",
            },
            "The review must be due between the day the plan was agreed (2025-04-16) and 2025-07-16 "
            "(3 months later).",
            "/review_by",
            "review_too_late",
            requirement="SOS-PLAN-003",
        ),
    },
)

register(
    "amend_safety_plan",
    valid={
        "active": amendment(
            "The agreed plan is now in use",
            "2025-04-02",
            plan_status="ACTIVE",
            reason="Plan started after the network meeting.",
        ),
        "agreed": amendment(
            "The grandmother agreed this version of the plan",
            "2025-04-16",
            network_agreement=[{"network_member_id": MEMBER_ID, "agreed_on": "2025-04-16"}],
        ),
    },
    refused={
        "superseded": broken_rule(
            "Refused: only a new version supersedes a plan",
            {"plan_status": "SUPERSEDED", "effective_on": "2025-04-02"},
            "A plan version is superseded only by recording a new version (create_safety_plan).",
            "/plan_status",
            "status_not_allowed",
            requirement="SOS-PLAN-001",
        ),
        "declined_without_reason": invalid(
            "Refused: a member who declined says why",
            {
                "effective_on": "2025-04-16",
                "network_agreement": [{"network_member_id": MEMBER_ID, "declined_on": "2025-04-16"}],
            },
            "/network_agreement/0",
            "value_error",
            requirement="SOS-PLAN-005",
        ),
    },
)

register(
    "create_safety_plan_review",
    valid={
        "broke_down": Example(
            "The plan broke down",
            {
                "reviewed_on": "2025-05-30",
                "rule_results": [
                    {"rule_index": 1, "kept": "UNKNOWN", "note": "Leo was asleep; not asked yet."},
                ],
                "summary": "Police protection; the children went to their grandmother.",
            },
        )
    },
    refused={
        "rule_zero": invalid(
            "Refused: rules are numbered from 1",
            {"reviewed_on": "2025-05-30", "rule_results": [{"rule_index": 0, "kept": "NO"}]},
            "/rule_results/0/rule_index",
            "greater_than_equal",
        )
    },
)

_HOUSES = {
    "tool": "THREE_HOUSES",
    "recorded_on": "2025-01-28",
    "worker": "Amira Shah, early help practitioner",
    "items": [
        {"section": "WORRIES", "child_words": "Dean shouts at mummy and I hide with Ruby"},
        {"section": "GOOD_THINGS", "child_words": "Nana Pat's pancakes"},
        {"section": "DREAMS", "child_words": "mummy not tired"},
    ],
    "read_back_to_child": True,
    "child_agreed_sharing_with": [{"name": "Mummy"}],
}

_SAFETY_HOUSE = {
    "tool": "SAFETY_HOUSE",
    "recorded_on": "2025-09-10",
    "worker": WORKER,
    "items": [
        {"section": "PEOPLE_INSIDE", "child_words": "Mummy, Nana Pat and Ruby"},
        {"section": "PEOPLE_OUTSIDE", "child_words": "Dean outside the gate until he has done his course"},
        {"section": "SAFETY_RULES", "child_words": "Mummy doesn't drink when we're there"},
    ],
    "read_back_to_child": True,
    "safety_path_position": 4,
    "child_agreed_sharing_with": [{"name": "Mummy"}, {"name": "Nana Pat"}],
}


def _nothing_heard(summary: str, value: dict[str, Any]) -> Refused:
    """A voice record with neither the child's words nor an observation (SOS-VOICE-005)."""
    return broken_rule(
        summary,
        value,
        "A voice record holds the child's own words (items) or, for a child too young to say them, the "
        "worker's observations (observations).",
        "/items",
        "nothing_heard",
        "give items, observations or both",
        requirement="SOS-VOICE-005",
    )


register(
    "create_child_voice_record",
    valid={
        "three_houses": Example("Three Houses, in the child's words", _HOUSES),
        "safety_house": Example("Safety House, with the child's place on the safety path", _SAFETY_HOUSE),
        "pre_verbal": Example(
            "A baby too young for words: the worker's observations, none put as her words",
            {
                **_HOUSES,
                "items": [],
                "observations": [
                    {
                        "observed": "Settled quickly in her grandmother's arms; turned away and cried when "
                        "the front door banged.",
                        "with_whom": "Her grandmother",
                    }
                ],
            },
        ),
    },
    refused={
        "nothing_heard": _nothing_heard(
            "Refused: neither the child's words nor an observation",
            {**_HOUSES, "items": [], "observations": []},
        ),
        "wrong_house": broken_rule(
            "Refused: Three Houses has no 'people inside' section",
            {**_HOUSES, "items": [{"section": "PEOPLE_INSIDE", "child_words": "Nana"}]},
            "A section does not belong to the THREE_HOUSES tool.",
            "/items/0/section",
            "section_not_for_tool",
            requirement="SOS-VOICE-002",
        ),
        "path_on_houses": broken_rule(
            "Refused: only a Safety House has a safety path",
            {**_HOUSES, "safety_path_position": 4},
            "Only a Safety House record has a safety path position.",
            "/safety_path_position",
            "not_for_tool",
            requirement="SOS-VOICE-003",
        ),
    },
)

register(
    "amend_child_voice_record",
    valid={
        "read_back": amendment(
            "Record that the words were read back",
            "2025-04-02",
            read_back_to_child=True,
            reason="Read back at the next visit.",
        )
    },
    refused={
        "no_items": _nothing_heard(
            "Refused: the record would keep neither the child's words nor an observation",
            {"items": [], "effective_on": "2025-04-02"},
        )
    },
)

_WP = {
    "purpose": "WHY_INVOLVED",
    "audience_children": [CHILD_ID],
    "co_authors": ["Maya Thornbury (mother)"],
    "document_status": "DRAFT",
    "summary": "Why Tom and Amira visit, with Mum's drawings.",
}

register(
    "create_words_and_pictures",
    valid={"draft": Example("A first draft with Mum", _WP)},
    refused={"shared_no_date": _shared_without_date({**_WP, "document_status": "SHARED"})},
)

register(
    "amend_words_and_pictures",
    valid={
        "shared": Example(
            "Shared with the children",
            {"document_status": "SHARED", "shared_on": "2025-04-14", "effective_on": "2025-04-14"},
        )
    },
    refused={
        "shared_no_date": _shared_without_date({"document_status": "SHARED", "effective_on": "2025-04-14"})
    },
)

_MILESTONE = {
    "description": "First network meeting",
    "planned_date": "2025-04-03",
    "milestone_status": "PLANNED",
}

register(
    "create_milestone",
    valid={"planned": Example("A planned network meeting", _MILESTONE)},
    refused={"done_no_date": _done_without_date({**_MILESTONE, "milestone_status": "DONE"})},
)

register(
    "amend_milestone",
    valid={
        "done": Example(
            "The meeting happened a day early",
            {"milestone_status": "DONE", "actual_date": "2025-04-02", "effective_on": "2025-04-02"},
        )
    },
    refused={
        "done_no_date": _done_without_date(
            {"milestone_status": "DONE", "actual_date": None, "effective_on": "2025-04-02"}
        )
    },
)

_SHARING = {
    "danger_statement_id": STATEMENT_ID,
    "shared_on": "2025-04-16",
    "shared_with": [{"name": "Maya Thornbury (mother)"}, {"name": "Dev Thornbury (father)"}],
    "share_form": "WRITTEN",
    "note": "Read through together; both parents kept a copy.",
}

register(
    "create_family_sharing",
    valid={"statement": Example("A danger statement read through with both parents", _SHARING)},
    refused={
        "nobody": invalid(
            "Refused: shared with at least one person",
            {**_SHARING, "shared_with": []},
            "/shared_with",
            "too_short",
            requirement="SOS-FAM-002",
        ),
        "form": unknown_code(
            "Refused: a form not in the list", _SHARING, "share_form", "EMAILED", "share_form"
        ),
        "elsewhere": broken_rule(
            "Refused: a statement that is not one of this case's",
            {**_SHARING, "danger_statement_id": "00000000-0000-4000-8000-000000000001"},
            "What was shared must be a record of this case.",
            "/danger_statement_id",
            "reference_not_found",
            requirement="SOS-FAM-001",
        ),
    },
)

register(
    "amend_family_sharing",
    valid={
        "interpreted": Example(
            "It was explained through an interpreter, not handed over in writing",
            {"share_form": "INTERPRETED", "effective_on": "2025-04-16"},
        )
    },
    refused={
        "nobody": invalid(
            "Refused: shared with at least one person",
            {"shared_with": [], "effective_on": "2025-04-16"},
            "/shared_with",
            "too_short",
            requirement="SOS-FAM-002",
        )
    },
)
