"""Factories for the planning tests: a family case with a danger statement, network members, plans.

Bodies come from the operations' registered examples (``body``), with what each test needs on top.
"""

from __future__ import annotations

from typing import Any

from service.contract.examples import body
from service.models import RecordVersion
from tests.support import Api, assert_problem, case_with_child, count, person


def family(api: Api) -> dict[str, Any]:
    """A case with a child, a mother (adult member), a sibling and one danger statement."""
    the_case, child = case_with_child(api)
    case_id = the_case["id"]
    mother = person(api, given_name="Jo", sex="2", date_of_birth="1990-03-01")
    api.created(
        f"/v1/cases/{case_id}/members",
        body(
            "create_case_member",
            "grandparent",
            person_id=mother["id"],
            relationship_to_children="MOTHER",
            joined_on="2025-01-14",
        ),
    )
    sibling = person(api, given_name="Kit", date_of_birth="2021-02-02")
    api.created(
        f"/v1/cases/{case_id}/members",
        body("create_case_member", "child", person_id=sibling["id"], joined_on="2025-01-14"),
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
    return api.created(f"/v1/cases/{case_id}/danger-statements", danger_statement_body(children))


def danger_statement_body(children: list[str]) -> dict[str, Any]:
    """A danger statement with its goal about ``children`` (from the record_danger_statement example)."""
    return body(
        "record_danger_statement",
        "statement_and_goal",
        children=children,
        who_is_worried=["Test school"],
        worried_about="The child comes to school hungry on days the parent works nights.",
        impact_on_child="The child falls behind and feels different.",
        if_nothing_changes="The child will keep missing learning.",
        family_position="AGREES",
        goal={
            "parent_actions": "A childcare plan for night shifts.",
            "child_experience": "The child is at school on time with breakfast.",
            "professional_observation": "The school sees the child on time.",
            "sustain_duration": "P3M",
        },
    )


def network_member(api: Api, case_id: str, **overrides: Any) -> dict[str, Any]:
    """A new person joins the case's network as a grandparent checking in daily (unless overridden)."""
    who = (
        overrides.pop("person_id", None)
        or person(api, given_name="Net", sex="2", date_of_birth="1970-01-01")["id"]
    )
    given = {"person_id": who, "roles": ["DAILY_CHECK_IN"], **overrides}
    return api.created(f"/v1/cases/{case_id}/network/members", body("create_network_member", **given))


def plan_body(fam: dict[str, Any], responsible: str | None = None, **overrides: Any) -> dict[str, Any]:
    """An agreed plan (from the create_safety_plan example) whose one rule the mother keeps (or
    ``responsible``), answering the family's statement; no child-friendly version unless given."""
    rule = {
        "text": "The visitor does not stay when the children are home.",
        "responsible_person_ids": [responsible or fam["mother"]["id"]],
        "monitor_person_ids": [],
        "addresses_statement_ids": [fam["statement"]["id"]],
    }
    given = {
        "agreed_on": "2025-04-16",
        "review_by": "2025-07-16",
        "rules": [rule],
        "bottom_lines": [
            {"text": "No unsupervised contact.", "set_by": "Test worker", "rationale": "Incident."}
        ],
        "child_friendly_version": None,
        **overrides,
    }
    return body("create_safety_plan", "agreed", **given)


def voice_body(fam: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    """The family's child heard with Three Houses (from the create_child_voice_record example)."""
    given = {
        "case_id": fam["case_id"],
        "worker": "Test worker",
        "items": [
            {"section": "WORRIES", "child_words": "shouting at night"},
            {"section": "GOOD_THINGS", "child_words": "pancakes"},
        ],
        "child_agreed_sharing_with": [],
        **overrides,
    }
    return body("create_child_voice_record", "three_houses", **given)


def milestone_body(description: str, planned_date: str, **overrides: Any) -> dict[str, Any]:
    """A planned milestone (from the create_milestone example)."""
    return body(
        "create_milestone",
        description=description,
        planned_date=planned_date,
        milestone_status="PLANNED",
        **overrides,
    )


def etag_headers(record: dict[str, Any]) -> dict[str, str]:
    return {"If-Match": f'W/"{record["version"]}"'}


def refused(
    api: Any,
    db: Any,
    models: list[Any],
    path: str,
    body: Any,
    status: int,
    requirement: str | None,
    method: str = "post",
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Send a request that must be refused, and show that no row of ``models`` or history was written."""
    watched = [*models, RecordVersion]
    before = counts(db, watched)
    response = (
        api.post(path, body, headers=headers) if method == "post" else api.patch(path, body, headers=headers)
    )
    problem = assert_problem(response, status)
    if requirement is not None:
        assert problem.get("requirement") == requirement, problem
    assert counts(db, watched) == before
    return problem


def counts(db: Any, models: list[Any]) -> list[int]:
    """Row counts, then give the connection back (SQLite runs with a pool of one)."""
    result = [count(db, m) for m in models]
    db.rollback()
    return result


def history(api: Any, path: str) -> list[dict[str, Any]]:
    response = api.get(f"{path}/history")
    assert response.status_code == 200, response.text
    versions: list[dict[str, Any]] = response.json()["versions"]
    return versions
