"""Factories for the QA tests: a case whose every practice record is arranged through the API, so
each audit item's evidence has a known value."""

from __future__ import annotations

import uuid
from typing import Any

from service.contract.examples import body
from service.qa.measures import MEASURES
from tests.support import Api, case, move, person
from tests.support.assessment import statement_body
from tests.support.planning import (
    danger_statement,
    etag_headers,
    family,
    network_member,
    plan_body,
    voice_body,
)

AUDIT_DATE = "2025-05-20"
ALL_ITEMS = [f"A{n}" for n in range(1, 15)]


def audit_body(items: list[str] | None = None, **overrides: Any) -> dict[str, Any]:
    """A case audit (from the create_case_audit example) answering ``items`` (every item by default),
    with no worker named unless one is given: the case's current allocation supplies it."""
    answers = [
        {"item_code": c, "rating": "NOT_APPLICABLE" if c == "A13" else "PARTLY", "comment": f"On {c}."}
        for c in (ALL_ITEMS if items is None else items)
    ]
    given = {"audited_on": AUDIT_DATE, "items": answers, "learning_actions": "Three Houses with Kit."}
    made = body("create_case_audit", **{**given, **overrides})
    return made if "worker" in overrides else {k: v for k, v in made.items() if k != "worker"}


def allocation(api: Api, case_id: str, **overrides: Any) -> dict[str, Any]:
    return api.created(f"/v1/cases/{case_id}/allocations", body("create_allocation", **overrides))


def family_feedback_body(**overrides: Any) -> dict[str, Any]:
    answers = [
        {"question_code": "F1", "value": 8, "text": "I know it is about the mornings."},
        {"question_code": "F7", "value": 6},
    ]
    return body("create_family_feedback", **{"answers": answers, **overrides})


def staff_feedback_body(**overrides: Any) -> dict[str, Any]:
    """Anonymous staff feedback (the create_staff_feedback example) from a team of its own."""
    given = {
        "team": f"Team {uuid.uuid4().hex[:6]}",
        "answers": [{"question_code": "S2", "value": 3, "text": "Supervision is about deadlines."}],
    }
    return body("create_staff_feedback", "anonymous", **{**given, **overrides})


def rate(api: Api, scale_id: str, value: int, on: str, name: str, role: str) -> dict[str, Any]:
    return api.created(
        f"/v1/scales/{scale_id}/ratings",
        body(
            "record_scale_rating",
            value=value,
            rater_name=name,
            rater_role=role,
            rated_on=on,
            context="HOME_VISIT",
            reason=f"{name} says {value}.",
        ),
    )


def scale(api: Api, case_id: str) -> dict[str, Any]:
    return api.created(
        f"/v1/cases/{case_id}/scales",
        body(
            "create_scale",
            kind="SAFETY",
            question="How safe is Kit at home at night?",
            anchor_0="Kit will be hurt",
            anchor_10="Everyone knows Kit is safe",
        ),
    )


def informed(statement: dict[str, Any]) -> dict[str, Any]:
    """A network member told the statement's current version."""
    return body(
        "record_network_member_informed",
        danger_statement_id=statement["id"],
        version=statement["version"],
        informed_on="2025-04-02",
    )


def arranged_case(api: Api) -> dict[str, Any]:
    """A case with every practice record, each count chosen so the evidence can be asserted."""
    fam = family(api)  # child "Test", sibling "Kit", mother "Jo", one AGREES statement
    case_id, child, sibling = fam["case_id"], fam["child"]["id"], fam["sibling"]["id"]
    move(api, case_id, child, "EARLY_HELP", "2025-01-14")
    allocation(api, case_id, worker="Alex Moor, social worker", allocated_on="2025-01-14")
    disputed = danger_statement(api, case_id, [child, sibling])
    disputed = api.patch(
        f"/v1/danger-statements/{disputed['id']}",
        {"family_position": "DISPUTES", "dispute_text": "Jo says the school has it wrong."},
        headers=etag_headers(disputed),
    ).json()
    _map(api, case_id, child)
    the_scale = scale(api, case_id)
    rate(api, the_scale["id"], 3, "2025-02-01", "Alex Moor", "SOCIAL_WORKER")
    rate(api, the_scale["id"], 5, "2025-04-10", "Alex Moor", "SOCIAL_WORKER")
    rate(api, the_scale["id"], 4, "2025-04-10", "Jo", "PARENT")
    rate(api, the_scale["id"], 7, "2025-05-01", "Jo", "PARENT")
    api.created(f"/v1/children/{child}/voice", voice_body(fam, recorded_on="2025-03-01"))
    _words_and_pictures(api, case_id, child, sibling)
    told = _network(api, case_id, [fam["statement"], disputed])
    fam["statement"] = api.get(f"/v1/danger-statements/{fam['statement']['id']}").json()
    api.created(
        f"/v1/cases/{case_id}/safety-plans",
        plan_body(fam, child_friendly_version={"format": "WORDS_AND_PICTURES", "summary": "Nan helps Mum."}),
    )
    _trajectory(api, case_id)
    stepped = move(api, case_id, child, "CIN", "2025-04-25")
    assert stepped.status_code == 201, stepped.text
    fam.update(scale=the_scale, disputed=disputed, told=told)
    return fam


def _map(api: Api, case_id: str, child: str) -> None:
    """Two harm entries (one with who reported it), one each of three other parts."""
    api.created(
        f"/v1/cases/{case_id}/maps",
        body(
            "create_map",
            context=["ASSESSMENT"],
            mapped_on="2025-04-01",
            participants=["Jo", "Alex Moor"],
            entries=[
                {
                    "category": "HARM",
                    "text": "Hungry at school on five days in March.",
                    "event_date": "2025-03-01",
                    "event_date_precision": "MONTH",
                    "reported_by": "Test school",
                    "children_affected": [child],
                },
                {
                    "category": "HARM",
                    "text": "Left alone overnight once.",
                    "event_date": "2025-02-14",
                    "event_date_precision": "DAY",
                },
                {"category": "COMPLICATING_FACTOR", "text": "Jo works nights."},
                {"category": "EXISTING_STRENGTH", "text": "Jo walks the children to school on days off."},
                {"category": "NEXT_STEP", "text": "Meet the grandparents."},
            ],
        ),
    )


def _words_and_pictures(api: Api, case_id: str, child: str, sibling: str) -> None:
    """Two explanations, one shared."""
    path = f"/v1/cases/{case_id}/words-and-pictures"
    api.created(
        path,
        body(
            "create_words_and_pictures",
            purpose="WHY_INVOLVED",
            audience_children=[child],
            co_authors=["Jo"],
            document_status="SHARED",
            shared_on="2025-04-14",
        ),
    )
    api.created(
        path,
        body(
            "create_words_and_pictures",
            purpose="SAFETY_PLAN",
            audience_children=[sibling],
            co_authors=["Jo"],
            document_status="DRAFT",
        ),
    )


def _network(api: Api, case_id: str, statements: list[dict[str, Any]]) -> dict[str, Any]:
    """Three members, two naturally connected; one told every statement, one only the last; a meeting."""
    told = network_member(api, case_id)
    half_told = network_member(api, case_id, relationship_to_child="TEACHER", naturally_connected=False)
    network_member(api, case_id, relationship_to_child="AUNT_UNCLE")
    for statement in statements:
        api.created(f"/v1/network-members/{told['id']}/informed", informed(statement))
    api.created(f"/v1/network-members/{half_told['id']}/informed", informed(statements[-1]))
    api.created(
        f"/v1/cases/{case_id}/network/meetings",
        body(
            "create_network_meeting",
            held_on="2025-04-02",
            attendees=[{"network_member_id": told["id"]}, {"name": "Alex Moor, social worker"}],
            purpose="Tell the network the worries.",
            decisions="Nan checks in every morning.",
        ),
    )
    return told


def _trajectory(api: Api, case_id: str) -> None:
    """A milestone done, one planned and one slipped."""
    for description, planned, status, actual in (
        ("First network meeting", "2025-04-02", "DONE", "2025-04-02"),
        ("Review the plan", "2025-07-16", "PLANNED", None),
        ("Family group conference", "2025-04-20", "SLIPPED", None),
    ):
        api.created(
            f"/v1/cases/{case_id}/milestones",
            body(
                "create_milestone",
                description=description,
                planned_date=planned,
                milestone_status=status,
                actual_date=actual,
            ),
        )


__all__ = [
    "ALL_ITEMS",
    "AUDIT_DATE",
    "allocation",
    "arranged_case",
    "audit_body",
    "family_feedback_body",
    "person",
    "rate",
    "scale",
    "staff_feedback_body",
]


PERIOD = "2025-06"
"""The month the measures tests ask for."""


def new_team() -> str:
    return f"T-{uuid.uuid4().hex[:10]}"


def team_case(
    api: Api, team: str, dobs: tuple[str, ...] = ("2018-05-01",), opened: str = "2023-01-02"
) -> tuple[str, list[str]]:
    """A case held by ``team`` from ``opened``, with one child per date of birth."""
    case_id = case(api, opened_on=opened)["id"]
    children = []
    for dob in dobs:
        child = person(api, date_of_birth=dob)
        api.created(
            f"/v1/cases/{case_id}/members", {"person_id": child["id"], "role": "CHILD", "joined_on": opened}
        )
        children.append(child["id"])
    allocation(api, case_id, team=team, worker="Test worker", allocated_on=opened)
    return case_id, children


def go(api: Api, case_id: str, child_id: str, *steps: tuple[Any, ...]) -> None:
    """Move a child through (to_stage, date[, extra fields]) steps; each must be accepted. The
    statutory event a move rests on is made for it (tests.support.move)."""
    for to_stage, on, *extra in steps:
        response = move(api, case_id, child_id, to_stage, on, **(extra[0] if extra else {}))
        assert response.status_code == 201, response.text


def statement(api: Api, case_id: str, child_id: str, written_on: str, **goal: Any) -> dict[str, Any]:
    body = statement_body(child_id, goal=goal)
    return api.created(f"/v1/cases/{case_id}/danger-statements", {**body, "written_on": written_on})


def measures(api: Api, team: str, **params: str) -> dict[str, dict[str, Any]]:
    response = api.get("/v1/qa/measures", params={"period": PERIOD, "team": team, **params})
    assert response.status_code == 200, response.text
    body = response.json()
    assert [m["code"] for m in body["measures"]] == [m.code for m in MEASURES]
    return {m["code"]: m for m in body["measures"]}
