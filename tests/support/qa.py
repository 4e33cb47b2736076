"""Factories for the QA tests: a case whose every practice record is arranged through the API, so
each audit item's evidence has a known value."""

from __future__ import annotations

from typing import Any

from tests.support import Api, move, person
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
    body: dict[str, Any] = {
        "audited_on": AUDIT_DATE,
        "auditor": "Priya Nair, practice lead",
        "items": [
            {
                "item_code": code,
                "rating": "NOT_APPLICABLE" if code == "A13" else "PARTLY",
                "comment": f"On {code}.",
            }
            for code in (ALL_ITEMS if items is None else items)
        ],
        "overall": 6,
        "learning_actions": "Three Houses with Kit before the review.",
    }
    return {**body, **overrides}


def rate(api: Api, scale_id: str, value: int, on: str, name: str, role: str) -> dict[str, Any]:
    return api.created(
        f"/v1/scales/{scale_id}/ratings",
        {
            "value": value,
            "rater_name": name,
            "rater_role": role,
            "rated_on": on,
            "context": "HOME_VISIT",
            "reason": f"{name} says {value}.",
        },
    )


def scale(api: Api, case_id: str) -> dict[str, Any]:
    return api.created(
        f"/v1/cases/{case_id}/scales",
        {
            "kind": "SAFETY",
            "question": "How safe is Kit at home at night?",
            "anchor_0": "Kit will be hurt",
            "anchor_10": "Everyone knows Kit is safe",
        },
    )


def arranged_case(api: Api) -> dict[str, Any]:
    """A case with every practice record, each count chosen so the evidence can be asserted."""
    fam = family(api)  # child "Test", sibling "Kit", mother "Jo", one AGREES statement
    case_id, child, sibling = fam["case_id"], fam["child"]["id"], fam["sibling"]["id"]
    move(api, case_id, child, "EARLY_HELP", "2025-01-14")
    api.created(
        f"/v1/cases/{case_id}/allocations",
        {
            "team": "Northfield family help team",
            "worker": "Alex Moor, social worker",
            "allocated_on": "2025-01-14",
        },
    )
    disputed = danger_statement(api, case_id, [child, sibling])
    disputed = api.patch(
        f"/v1/danger-statements/{disputed['id']}",
        {"family_position": "DISPUTES", "dispute_text": "Jo says the school has it wrong."},
        headers=etag_headers(disputed),
    ).json()
    api.created(
        f"/v1/cases/{case_id}/maps",
        {
            "context": ["ASSESSMENT"],
            "mapped_on": "2025-04-01",
            "participants": ["Jo", "Alex Moor"],
            "entries": [
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
        },
    )
    the_scale = scale(api, case_id)
    rate(api, the_scale["id"], 3, "2025-02-01", "Alex Moor", "SOCIAL_WORKER")
    rate(api, the_scale["id"], 5, "2025-04-10", "Alex Moor", "SOCIAL_WORKER")
    rate(api, the_scale["id"], 4, "2025-04-10", "Jo", "PARENT")
    rate(api, the_scale["id"], 7, "2025-05-01", "Jo", "PARENT")
    api.created(f"/v1/children/{child}/voice", voice_body(fam, recorded_on="2025-03-01"))
    api.created(
        f"/v1/cases/{case_id}/words-and-pictures",
        {
            "purpose": "WHY_INVOLVED",
            "audience_children": [child],
            "co_authors": ["Jo"],
            "document_status": "SHARED",
            "shared_on": "2025-04-14",
        },
    )
    api.created(
        f"/v1/cases/{case_id}/words-and-pictures",
        {"purpose": "SAFETY_PLAN", "audience_children": [sibling], "document_status": "DRAFT"},
    )
    told = network_member(api, case_id)
    half_told = network_member(api, case_id, relationship_to_child="TEACHER", naturally_connected=False)
    network_member(api, case_id, relationship_to_child="AUNT_UNCLE")
    for statement in (fam["statement"], disputed):
        api.created(
            f"/v1/network-members/{told['id']}/informed",
            {
                "danger_statement_id": statement["id"],
                "version": statement["version"],
                "informed_on": "2025-04-02",
            },
        )
    api.created(
        f"/v1/network-members/{half_told['id']}/informed",
        {"danger_statement_id": disputed["id"], "version": disputed["version"], "informed_on": "2025-04-02"},
    )
    api.created(
        f"/v1/cases/{case_id}/network/meetings",
        {
            "held_on": "2025-04-02",
            "attendees": [{"network_member_id": told["id"]}, {"name": "Alex Moor, social worker"}],
            "purpose": "Tell the network the worries.",
            "decisions": "Nan checks in every morning.",
        },
    )
    fam["statement"] = api.get(f"/v1/danger-statements/{fam['statement']['id']}").json()
    api.created(
        f"/v1/cases/{case_id}/safety-plans",
        plan_body(fam, child_friendly_version={"format": "WORDS_AND_PICTURES", "summary": "Nan helps Mum."}),
    )
    for description, planned, status, actual in (
        ("First network meeting", "2025-04-02", "DONE", "2025-04-02"),
        ("Review the plan", "2025-07-16", "PLANNED", None),
        ("Family group conference", "2025-04-20", "SLIPPED", None),
    ):
        api.created(
            f"/v1/cases/{case_id}/milestones",
            {
                "description": description,
                "planned_date": planned,
                "milestone_status": status,
                "actual_date": actual,
            },
        )
    stepped = move(api, case_id, child, "CIN", "2025-04-25")
    assert stepped.status_code == 201, stepped.text
    fam.update(scale=the_scale, disputed=disputed, told=told)
    return fam


__all__ = ["ALL_ITEMS", "AUDIT_DATE", "arranged_case", "audit_body", "person", "rate", "scale"]
