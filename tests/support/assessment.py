"""Factories for the assessment records (maps, danger statements with goals, scales, ratings).

Bodies are built from the operations' registered examples (``body``) with the tests' own values, so a
field added to a record type and its example reaches every test that makes one.
"""

from __future__ import annotations

from typing import Any

from service.contract.examples import body
from tests.support import Api


def statement_body(child_id: str, **overrides: Any) -> dict[str, Any]:
    """A statement with its goal (the "statement_and_goal" example: three months, no sustain_from yet);
    ``goal`` overrides only the goal's fields it names."""
    example = body("record_danger_statement", "statement_and_goal")
    goal = {
        **example["goal"],
        "parent_actions": "The parent has a plan for mornings with two relatives.",
        "child_experience": "The child gets to school on time with breakfast.",
        "professional_observation": "School sees the child on time and ready to learn.",
        "sustain_duration": "P3M",
        **overrides.pop("goal", {}),
    }
    given = {
        "children": [child_id],
        "who_is_worried": ["School", "Early help practitioner"],
        "worried_about": "The child misses school and arrives hungry on night-shift days.",
        "impact_on_child": "The child falls behind and feels different.",
        "if_nothing_changes": "The child will keep missing school and going hungry.",
        "family_position": "PARTLY_AGREES",
        "goal": goal,
    }
    return {**example, **given, **overrides}


def statement(api: Api, case_id: str, child_id: str, **overrides: Any) -> dict[str, Any]:
    return api.created(f"/v1/cases/{case_id}/danger-statements", statement_body(child_id, **overrides))


def scale(api: Api, case_id: str, **overrides: Any) -> dict[str, Any]:
    given = {
        "kind": "SAFETY",
        "question": "How safe is the child at home?",
        "anchor_0": "The child cannot live at home.",
        "anchor_10": "Safe enough to close the case.",
    }
    return api.created(f"/v1/cases/{case_id}/scales", body("create_scale", **{**given, **overrides}))


def rating_body(**overrides: Any) -> dict[str, Any]:
    given = {
        "value": 4,
        "rater_name": "Test Worker",
        "rater_role": "SOCIAL_WORKER",
        "rated_on": "2025-03-20",
        "context": "CONFERENCE",
        "reason": "Some safety is in place but not yet tested.",
    }
    return body("record_scale_rating", **{**given, **overrides})


def map_body(child_id: str, **overrides: Any) -> dict[str, Any]:
    given = {
        "context": ["ASSESSMENT"],
        "mapped_on": "2025-02-10",
        "participants": ["Test Parent", "Test Worker"],
        "entries": [
            {
                "category": "HARM",
                "text": "Arrived hungry six times in December.",
                "event_date": "2024-12-01",
                "event_date_precision": "MONTH",
                "reported_by": "School",
                "children_affected": [child_id],
            },
            {"category": "NEXT_STEP", "text": "Meet the grandmother."},
        ],
    }
    return body("create_map", **{**given, **overrides})


def if_match(record: dict[str, Any]) -> dict[str, str]:
    return {"If-Match": f'W/"{record["version"]}"'}
