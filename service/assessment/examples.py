"""Request examples of the assessment operations, valid and refused (see service/contract/examples.py).

Examples on case paths are sent to the service by the contract tests (a fresh case with one child,
CHILD_ID; PERSON_ID is a person who is not a member). Everyone named is invented.
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
    missing,
    not_sent_by_clients,
    register,
)

NOT_A_CHILD = "Every child named must be a child member of this case."


def _statement(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "children": [CHILD_ID],
        "statement_kind": "DANGER",
        "who_is_worried": ["Leo's school", "Amira Shah"],
        "worried_about": "Leo misses school and comes in hungry on the days Maya works nights.",
        "impact_on_child": "Leo falls behind and feels 'different' from his friends.",
        "if_nothing_changes": "Leo will keep missing school and going without breakfast.",
        "family_position": "PARTLY_AGREES",
        "goal": {
            "parent_actions": "Maya has a night-shift childcare plan with Pat and Sam.",
            "child_experience": "Leo gets to school on time, with breakfast, on at least 95% of days.",
            "professional_observation": "The school sees Leo on time and ready to learn.",
            "sustain_duration": "P3M",
            "family_goal_words": "Maya: 'Leo gets up at Nana's on my night shifts and eats breakfast there.'",
        },
    }
    return {**body, **overrides}


def _map(child: str = CHILD_ID) -> dict[str, Any]:
    return {
        "context": ["ASSESSMENT"],
        "mapped_on": "2025-01-21",
        "participants": ["Maya Thornbury", "Amira Shah"],
        "entries": [
            {
                "category": "HARM",
                "text": "Leo arrived at school hungry six times in December 2024.",
                "event_date": "2024-12-01",
                "event_date_precision": "MONTH",
                "reported_by": "Leo's school",
                "children_affected": [child],
            },
            {"category": "EXISTING_SAFETY", "text": "Pat collects Leo from school on Fridays."},
            {"category": "NEXT_STEP", "text": "Meet Pat and Sam to talk about night-shift mornings."},
        ],
        "analysis": "The mornings after Maya's night shifts are the worry; Pat already helps on Fridays.",
        "judgement_rating": 5,
    }


def _without_their_view(summary: str, value: dict[str, Any]) -> Refused:
    """A statement the family disputes, recorded without their view (SOS-DS-003)."""
    return broken_rule(
        summary,
        value,
        "The family disputes this statement: record their view, in their words, in dispute_text.",
        "/dispute_text",
        "dispute_text_required",
        "required when family_position is DISPUTES",
        requirement="SOS-DS-003",
    )


register(
    "create_map",
    valid={"first_map": Example("A map made at an early help assessment", _map())},
    refused={
        "not_a_child": broken_rule(
            "Refused: an entry names someone who is not a child of the case",
            _map(PERSON_ID),
            NOT_A_CHILD,
            "/entries/0/children_affected/0",
            "not_a_child_of_case",
            "not a child of this case",
            requirement="SOS-MAP-002",
        ),
        "harm_undated": invalid(
            "Refused: a harm entry says when it happened",
            {
                **_map(),
                "entries": [{**_map()["entries"][0], "event_date": None, "event_date_precision": None}],
            },
            "/entries/0",
            "value_error",
            "a HARM entry needs event_date and event_date_precision",
            requirement="SOS-MAP-002",
        ),
    },
)

register(
    "amend_map",
    valid={
        "participants": amendment(
            "Add someone who took part",
            "2025-04-02",
            participants=["Maya Thornbury", "Amira Shah", "Pat Ellison"],
            reason="Pat joined for the second half.",
        )
    },
    refused={
        "server_owned": not_sent_by_clients(
            "Refused: the map's version number is set by the server",
            {"map_version": 3, "effective_on": "2025-04-02"},
        )
    },
)

register(
    "record_danger_statement",
    fixture="sustained",
    valid={
        "statement_and_goal": Example("A statement with its goal", _statement()),
        "sustained": Example(
            "A statement whose goal's change has been seen since 12 January 2026",
            _statement(
                goal={**_statement()["goal"], "sustain_duration": "P6M", "sustain_from": "2026-01-12"}
            ),
        ),
        "disputed": Example(
            "A statement the family disputes, with their words",
            _statement(
                family_position="DISPUTES",
                dispute_text="Maya says Leo has breakfast but will not eat it.",
            ),
        ),
    },
    refused={
        "no_goal": missing(
            "Refused: a statement is never recorded without its goal",
            _statement(),
            "goal",
            requirement="SOS-DS-001",
        ),
        "dispute_without_words": _without_their_view(
            "Refused: the family disputes it but their view is missing",
            _statement(family_position="DISPUTES"),
        ),
        "nobody_worried": broken_rule(
            "Refused: nobody is named as worried",
            _statement(who_is_worried=[]),
            "A statement says who is worried, what about, the impact on the child and what happens if "
            "nothing changes; its goal says what parents, child and professionals will see.",
            "/who_is_worried",
            "who_is_worried_required",
            "name at least one person or agency",
            requirement="SOS-DS-002",
        ),
        "no_duration": broken_rule(
            "Refused: the goal must say how long the change has to last",
            _statement(goal={**_statement()["goal"], "sustain_duration": "P0D"}),
            "How long the change must last has to be longer than zero.",
            "/goal/sustain_duration",
            "duration_not_positive",
            "must be longer than zero",
            requirement="SOS-GOAL-001",
        ),
    },
)

register(
    "amend_danger_statement",
    valid={
        "reword": amendment(
            "Re-word the statement at step up",
            "2025-04-02",
            worried_about="When Maya works nights nobody gets Leo up, so he misses school or "
            "arrives without breakfast; this happened six times in December 2024.",
            reason="Re-worded as a danger statement at step up to child in need.",
        ),
        "sustain_from": Example(
            "Record from when the change has been seen",
            {"goal": {"sustain_from": "2026-01-12"}, "effective_on": "2026-01-12"},
        ),
    },
    refused={
        "dispute_without_words": _without_their_view(
            "Refused: the family now disputes it but their view is missing",
            {"family_position": "DISPUTES", "effective_on": "2025-04-02"},
        )
    },
)

register(
    "mark_safety_goal_met",
    valid={"met": Example("The change has lasted six months", {"met_on": "2026-07-13"})},
    refused={
        "too_soon": broken_rule(
            "Refused: the change has not lasted long enough yet",
            {"met_on": "2026-06-30"},
            "The change has to be seen for P6M from 2026-01-12: the goal can be marked met on "
            "2026-07-12 at the earliest.",
            "/met_on",
            "goal_not_sustained_long_enough",
            "earliest 2026-07-12",
            requirement="SOS-GOAL-002",
        )
    },
)

_WITHDRAWAL = {"reason": "Dean has moved abroad."}

register(
    "withdraw_danger_statement",
    valid={
        "resolved": Example("A worry that no longer applies", {**_WITHDRAWAL, "effective_on": "2025-04-02"})
    },
    refused={
        "no_reason": missing(
            "Refused: a withdrawal needs a reason", {"effective_on": "2025-04-02", **_WITHDRAWAL}, "reason"
        )
    },
)

_SCALE = {
    "kind": "SAFETY",
    "question": "How safe are Leo and Ruby at home?",
    "anchor_0": "The children cannot live at home.",
    "anchor_10": "The children are safe enough to close the case.",
}

register(
    "create_scale",
    valid={"safety": Example("A safety scale", _SCALE)},
    refused={
        "no_anchor": missing("Refused: what 10 means must be recorded with the scale", _SCALE, "anchor_10")
    },
)

register(
    "amend_scale",
    valid={
        "question": amendment(
            "Re-word the question",
            "2025-04-02",
            question="How safe are Leo and Ruby when Dean visits?",
            reason="Agreed at ICPC.",
        )
    },
    refused={
        "kind": not_sent_by_clients(
            "Refused: a scale's kind cannot change (set up a new scale)",
            {"kind": "WELLBEING", "effective_on": "2025-04-02"},
        )
    },
)

_RATING = {
    "value": 4,
    "rater_name": "Mr Hale",
    "rater_role": "OTHER_AGENCY_EDUCATION",
    "rated_on": "2025-03-20",
    "context": "CONFERENCE",
    "reason": "Leo is attending more, but is quiet and jumpy.",
    "one_point_higher": "Leo telling me himself how things are at home.",
    "meeting_ref": "ICPC 2025-03-20",
}

register(
    "record_scale_rating",
    valid={
        "conference": Example("A rating given at a conference", _RATING),
        "one_child": Example(
            "A rating about one of the family's children", {**_RATING, "child_id": CHILD_ID}
        ),
    },
    fixture="conference",
    refused={
        "eleven": broken_rule(
            "Refused: ratings run from 0 to 10",
            {**_RATING, "value": 11},
            "A rating is a whole number from 0 to 10 with the rater's reason.",
            "/value",
            "rating_out_of_range",
            "a whole number from 0 to 10",
            requirement="SOS-SCALE-002",
        ),
        "not_a_child": broken_rule(
            "Refused: the rating names someone who is not a child of the case",
            {**_RATING, "child_id": PERSON_ID},
            NOT_A_CHILD,
            "/child_id",
            "not_a_child_of_case",
            "not a child of this case",
            requirement="SOS-SCALE-007",
        ),
        "meeting_not_in_case": broken_rule(
            "Refused: the meeting named by id is not one of the case's",
            {**_RATING, "meeting_ref": "01a2298a-0000-7000-8000-000000000000"},
            "meeting_ref 01a2298a-0000-7000-8000-000000000000 is an id, but no conference, plan review or "
            "network meeting of the rating's case has it: give the meeting's id, or a reference in words.",
            "/meeting_ref",
            "meeting_not_in_case",
            "no such meeting in this case",
            requirement="SOS-SCALE-005",
        ),
        "not_whole": invalid(
            "Refused: a rating is a whole number",
            {**_RATING, "value": 6.5},
            "/value",
            "int_type",
            requirement="SOS-SCALE-002",
        ),
    },
)
