"""Test-data helpers shared by the practice areas (assessment and planning)."""

from __future__ import annotations

from typing import Any

from sos_conformance.data import Factory


def statement_body(make: Factory, child_id: str, **goal: Any) -> dict[str, Any]:
    return {
        "children": [child_id],
        "who_is_worried": ["Social worker"],
        "statement_kind": "DANGER",
        "worried_about": f"{make.run_id}: the adults shout and push each other when the child is there.",
        "impact_on_child": "The child has been frightened and could be hurt.",
        "if_nothing_changes": "The child could be physically hurt.",
        "family_position": "AGREES",
        "goal": {
            "parent_actions": "The adults keep arguments away from the child.",
            "child_experience": "The child feels calm at home.",
            "professional_observation": "Visits and the school see a calm child.",
            "sustain_duration": "P3M",
            **goal,
        },
    }


def statement(make: Factory, case_id: str, child_id: str, **goal: Any) -> dict[str, Any]:
    return make.created(f"/v1/cases/{case_id}/danger-statements", statement_body(make, child_id, **goal))


def scale(make: Factory, case_id: str, **extra: Any) -> dict[str, Any]:
    return make.created(
        f"/v1/cases/{case_id}/scales",
        {
            "kind": "SAFETY",
            "question": f"{make.run_id}: how safe is the child at home?",
            "anchor_0": "The child will be hurt",
            "anchor_10": "Everyone is confident the child is safe",
            **extra,
        },
    )


def network_member(make: Factory, case_id: str, person_id: str | None = None) -> dict[str, Any]:
    if person_id is None:
        person_id = make.person(family_name="Network", date_of_birth="1970-01-01", sex="2")["id"]
    return make.created(
        f"/v1/cases/{case_id}/network/members",
        {
            "person_id": person_id,
            "relationship_to_child": "GRANDPARENT",
            "roles": ["SAFETY_PERSON_FOR_CHILD"],
            "naturally_connected": True,
            "joined_on": "2025-02-01",
        },
    )
