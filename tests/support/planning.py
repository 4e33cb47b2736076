"""Factories for the planning tests: a family case with a danger statement, network members, plans."""

from __future__ import annotations

from typing import Any

from tests.support import Api, case_with_child, person


def family(api: Api) -> dict[str, Any]:
    """A case with a child, a mother (adult member), a sibling and one danger statement."""
    the_case, child = case_with_child(api)
    case_id = the_case["id"]
    mother = person(api, given_name="Jo", sex="2", date_of_birth="1990-03-01")
    api.created(
        f"/v1/cases/{case_id}/members",
        {
            "person_id": mother["id"],
            "role": "ADULT",
            "relationship_to_children": "MOTHER",
            "joined_on": "2025-01-14",
        },
    )
    sibling = person(api, given_name="Kit", date_of_birth="2021-02-02")
    api.created(
        f"/v1/cases/{case_id}/members",
        {"person_id": sibling["id"], "role": "CHILD", "joined_on": "2025-01-14"},
    )
    statement = danger_statement(api, case_id, [child["id"]])
    return {
        "case": the_case,
        "case_id": case_id,
        "child": child,
        "mother": mother,
        "sibling": sibling,
        "statement": statement,
    }


def danger_statement(api: Api, case_id: str, children: list[str]) -> dict[str, Any]:
    return api.created(
        f"/v1/cases/{case_id}/danger-statements",
        {
            "children": children,
            "who_is_worried": ["Test school"],
            "worried_about": "The child comes to school hungry on days the parent works nights.",
            "impact_on_child": "The child falls behind and feels different.",
            "if_nothing_changes": "The child will keep missing learning.",
            "family_position": "AGREES",
            "goal": {
                "parent_actions": "A childcare plan for night shifts.",
                "child_experience": "The child is at school on time with breakfast.",
                "professional_observation": "The school sees the child on time.",
                "sustain_duration": "P3M",
            },
        },
    )


def network_member(api: Api, case_id: str, **overrides: Any) -> dict[str, Any]:
    who = (
        overrides.pop("person_id", None)
        or person(api, given_name="Net", sex="2", date_of_birth="1970-01-01")["id"]
    )
    body = {
        "person_id": who,
        "relationship_to_child": "GRANDPARENT",
        "roles": ["DAILY_CHECK_IN"],
        "naturally_connected": True,
        "joined_on": "2025-04-02",
    }
    return api.created(f"/v1/cases/{case_id}/network/members", {**body, **overrides})


def plan_body(fam: dict[str, Any], responsible: str | None = None, **overrides: Any) -> dict[str, Any]:
    body = {
        "plan_status": "AGREED",
        "agreed_on": "2025-04-16",
        "review_by": "2025-07-16",
        "rules": [
            {
                "text": "The visitor does not stay when the children are home.",
                "responsible_person_ids": [responsible or fam["mother"]["id"]],
                "monitor_person_ids": [],
                "addresses_statement_ids": [fam["statement"]["id"]],
            }
        ],
        "bottom_lines": [
            {"text": "No unsupervised contact.", "set_by": "Test worker", "rationale": "Incident."}
        ],
    }
    return {**body, **overrides}


def voice_body(fam: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    body = {
        "case_id": fam["case_id"],
        "tool": "THREE_HOUSES",
        "recorded_on": "2025-01-28",
        "worker": "Test worker",
        "items": [
            {"section": "WORRIES", "child_words": "shouting at night"},
            {"section": "GOOD_THINGS", "child_words": "pancakes"},
        ],
        "read_back_to_child": True,
    }
    return {**body, **overrides}


def etag_headers(record: dict[str, Any]) -> dict[str, str]:
    return {"If-Match": f'W/"{record["version"]}"'}
