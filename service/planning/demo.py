"""The demo family's planning records (domain.md section 9), as dated steps recorded through the API.

The steps run in date order with the stage moves and the assessment steps (see service/demo.py), so
the statements they name ("ds1", "ds2" in ctx) are the ones recorded by then, at the wording of that
day. These steps add "hale" to ctx["people"], and "milestones", "network_members" and "sp1".
"""

from __future__ import annotations

from datetime import date
from typing import Any

from service.demo import DemoClient, Step

Ctx = dict[str, Any]


def _case_path(ctx: Ctx) -> str:
    return f"/v1/cases/{ctx['case']['id']}"


def _done(api: DemoClient, ctx: Ctx, key: str, on: str) -> None:
    milestone = ctx["milestones"][key]
    ctx["milestones"][key] = api.patch(
        f"/v1/milestones/{milestone['id']}",
        {"milestone_status": "DONE", "actual_date": on},
        milestone["version"],
    )


def trajectory(api: DemoClient, ctx: Ctx) -> None:
    """Step 10 (2025-03-20): trajectory milestones set at the initial conference."""
    ctx["milestones"] = {
        key: api.post(f"{_case_path(ctx)}/milestones", body)
        for key, body in {
            "nm1": {
                "description": "First safety network meeting",
                "planned_date": "2025-04-03",
                "milestone_status": "PLANNED",
            },
            "plan": {
                "description": "Safety plan agreed with the family and network",
                "planned_date": "2025-04-17",
                "milestone_status": "PLANNED",
            },
            "rcpc": {
                "description": "Review child protection conference",
                "planned_date": "2025-06-12",
                "milestone_status": "PLANNED",
            },
        }.items()
    }


def three_houses(api: DemoClient, ctx: Ctx) -> None:
    """Step 5 (2025-01-28): Leo's Three Houses (early help)."""
    people = ctx["people"]
    api.post(
        f"/v1/children/{people['leo']}/voice",
        {
            "case_id": ctx["case"]["id"],
            "tool": "THREE_HOUSES",
            "recorded_on": "2025-01-28",
            "worker": "Amira Shah, early help practitioner",
            "read_back_to_child": True,
            "items": [
                {"section": "WORRIES", "child_words": "Dean shouts at mummy and I hide with Ruby"},
                {"section": "GOOD_THINGS", "child_words": "Nana Pat's pancakes"},
                {"section": "DREAMS", "child_words": "mummy not tired"},
            ],
            "child_agreed_sharing_with": [{"person_id": people["maya"]}, {"name": "Amira Shah"}],
        },
    )


def network(api: DemoClient, ctx: Ctx) -> None:
    """Step 11 (2025-04-02): the safety network, told the statements, and its first meeting."""
    people = ctx["people"]
    people["hale"] = api.post("/v1/people", {"given_name": "Adrian", "family_name": "Hale", "sex": "1"})["id"]
    members = {
        key: api.post(
            f"{_case_path(ctx)}/network/members",
            {
                "person_id": people[key],
                "relationship_to_child": relationship,
                "roles": roles,
                "naturally_connected": natural,
                "joined_on": "2025-04-02",
            },
        )
        for key, relationship, roles, natural in (
            ("pat", "GRANDPARENT", ["DAILY_CHECK_IN", "RESPITE_CARER"], True),
            ("sam", "AUNT_UNCLE", ["EMERGENCY_CONTACT"], True),
            ("jess", "FAMILY_FRIEND", ["SAFETY_PERSON_FOR_CHILD"], True),
            ("hale", "TEACHER", ["MONITOR"], False),
        )
    }
    ctx["network_members"] = members
    for member in members.values():
        # On 2 April 2025 the network is told DS1 as re-worded in March (v2) and DS2 as first written
        # (v1), the versions of that day; later versions (goals met) show them as not yet told the
        # current wording.
        for statement in (ctx["ds1"], ctx["ds2"]):
            api.post(
                f"/v1/network-members/{member['id']}/informed",
                {
                    "danger_statement_id": statement["id"],
                    "version": statement["version"],
                    "informed_on": "2025-04-02",
                },
            )
    api.post(
        f"{_case_path(ctx)}/network/meetings",
        {
            "held_on": "2025-04-02",
            "attendees": [
                *({"network_member_id": m["id"]} for m in members.values()),
                {"name": "Maya Thornbury (mother)"},
                {"name": "Tom Baines, social worker"},
            ],
            "purpose": "Tell the network about the worries and safety goals, and start building "
            "the safety plan.",
            "decisions": "Pat checks in every day and has the children if needed; "
            "Sam is the emergency contact; Jess is Leo's safety person next door; "
            "Mr Hale watches for signs at school. Draft rules by 16 April.",
        },
    )
    _done(api, ctx, "nm1", "2025-04-02")


def words_and_pictures(api: DemoClient, ctx: Ctx) -> None:
    """Step 12 (2025-04-10, shared 2025-04-14): words and pictures W1."""
    api.post(
        f"{_case_path(ctx)}/words-and-pictures",
        {
            "purpose": "WHY_INVOLVED",
            "audience_children": [ctx["people"]["leo"]],
            "co_authors": ["Maya Thornbury (mother)"],
            "document_status": "SHARED",
            "shared_on": "2025-04-14",
            "document_ref": "demo://words-and-pictures/w1",
            "summary": "Why Tom and Amira visit: grown-ups' arguments got scary, and everyone is helping Mum "
            "keep Leo and Ruby safe.",
        },
    )


def first_safety_plan(api: DemoClient, ctx: Ctx) -> None:
    """Step 13 (2025-04-16): safety plan SP1 v1, agreed."""
    people, ds1, ds2 = ctx["people"], ctx["ds1"], ctx["ds2"]
    ctx["sp1"] = api.post(
        f"{_case_path(ctx)}/safety-plans",
        {
            "plan_status": "AGREED",
            "title": "Safety plan",
            "rules": [
                {
                    "text": "Dean does not stay or visit when the children are home.",
                    "responsible_person_ids": [people["maya"]],
                    "monitor_person_ids": [people["pat"]],
                    "addresses_statement_ids": [ds2["id"]],
                },
                {
                    "text": "If Maya has had a drink, she phones Sam, who comes and takes the children.",
                    "trigger": "Maya has had a drink while caring for the children",
                    "responsible_person_ids": [people["maya"], people["sam"]],
                    "monitor_person_ids": [],
                    "addresses_statement_ids": [ds2["id"]],
                },
                {
                    "text": "Leo tells Mr Hale or Jess if he is scared.",
                    "responsible_person_ids": [people["leo"]],
                    "monitor_person_ids": [people["hale"]],
                    "addresses_statement_ids": [ds1["id"], ds2["id"]],
                },
            ],
            "bottom_lines": [
                {
                    "text": "No unsupervised contact between Dean and the children until he completes the "
                    "domestic abuse programme.",
                    "set_by": "Tom Baines, social worker",
                    "rationale": "Dean pushed Maya while she held Ruby; Leo hides when they argue.",
                }
            ],
            "review_by": "2025-05-16",
            "agreed_on": "2025-04-16",
            "child_friendly_version": {
                "format": "WORDS_AND_PICTURES",
                "document_ref": "demo://safety-plan/sp1-v1-kids",
                "summary": "Who keeps Leo and Ruby safe, and who Leo can tell.",
            },
        },
    )
    _done(api, ctx, "plan", "2025-04-16")


def incident_review(api: DemoClient, ctx: Ctx) -> None:
    """Step 14 (2025-05-30): review after the incident."""
    api.post(
        f"/v1/safety-plans/{ctx['sp1']['id']}/reviews",
        {
            "reviewed_on": "2025-05-30",
            "summary": "Dean found in the home at 23:00 with Maya intoxicated; police "
            "protection. The children went to Pat.",
            "rule_results": [
                {"rule_index": 1, "kept": "NO", "note": "Dean was in the home at 23:00."},
                {"rule_index": 2, "kept": "NO", "note": "Maya had been drinking and did not call Sam."},
                {"rule_index": 3, "kept": "UNKNOWN", "note": "Leo was asleep; not asked yet."},
            ],
        },
    )


def review_conference(api: DemoClient, ctx: Ctx) -> None:
    """Step 17 (2025-06-12): the review conference milestone is done."""
    _done(api, ctx, "rcpc", "2025-06-12")


def safety_house(api: DemoClient, ctx: Ctx) -> None:
    """Step 20 (2025-09-10): Leo's Safety House."""
    people = ctx["people"]
    api.post(
        f"/v1/children/{people['leo']}/voice",
        {
            "case_id": ctx["case"]["id"],
            "tool": "SAFETY_HOUSE",
            "recorded_on": "2025-09-10",
            "worker": "Tom Baines, social worker",
            "read_back_to_child": True,
            "safety_path_position": 4,
            "items": [
                {"section": "PEOPLE_INSIDE", "child_words": "Mummy, Nana Pat and Ruby"},
                {
                    "section": "PEOPLE_OUTSIDE",
                    "child_words": "Dean outside the gate until he has done his course",
                },
                {"section": "SAFETY_RULES", "child_words": "Mummy doesn't drink when we're there"},
            ],
            "child_agreed_sharing_with": [{"person_id": people["maya"]}, {"person_id": people["pat"]}],
        },
    )


def reunification_plan(api: DemoClient, ctx: Ctx) -> None:
    """Step 21 (2025-10-01): SP1 v2, the reunification plan (supersedes v1), and its milestones."""
    people, ds1, ds2 = ctx["people"], ctx["ds1"], ctx["ds2"]
    both = [ds1["id"], ds2["id"]]
    ctx["sp1"] = api.post(
        f"{_case_path(ctx)}/safety-plans",
        {
            "plan_status": "AGREED",
            "title": "Reunification plan",
            "agreed_on": "2025-10-01",
            "review_by": "2025-12-15",
            "rules": [
                {
                    "text": "Family time builds from days to overnights to weekends as each stage goes well.",
                    "responsible_person_ids": [people["maya"]],
                    "monitor_person_ids": [people["pat"]],
                    "addresses_statement_ids": both,
                },
                {
                    "text": "Pat and Sam check in with Maya and the children every day.",
                    "responsible_person_ids": [people["pat"], people["sam"]],
                    "monitor_person_ids": [],
                    "addresses_statement_ids": both,
                },
                {
                    "text": "Maya goes to alcohol support every week and does not drink when caring.",
                    "trigger": "Maya feels like a drink",
                    "responsible_person_ids": [people["maya"]],
                    "monitor_person_ids": [people["sam"]],
                    "addresses_statement_ids": [ds2["id"]],
                },
                {
                    "text": "Dean stays away from the home until he has completed the programme.",
                    "responsible_person_ids": [people["maya"]],
                    "monitor_person_ids": [people["jess"]],
                    "addresses_statement_ids": [ds2["id"]],
                },
            ],
            "bottom_lines": [
                {
                    "text": "No unsupervised contact between Dean and the children until he completes the "
                    "domestic abuse programme.",
                    "set_by": "Tom Baines, social worker",
                    "rationale": "The May incident showed the first plan could not hold without it.",
                }
            ],
            "child_friendly_version": {
                "format": "WORDS_AND_PICTURES",
                "summary": "Coming home step by step.",
            },
        },
    )
    for key, description, planned in (
        ("overnights", "Plan tested with overnight stays", "2025-11-01"),
        ("home", "Children return home", "2026-01-12"),
        ("step_down", "Step down to early help", "2026-07-13"),
    ):
        ctx["milestones"][key] = api.post(
            f"{_case_path(ctx)}/milestones",
            {"description": description, "planned_date": planned, "milestone_status": "PLANNED"},
        )


def steps() -> list[Step]:
    """The planning records of domain.md section 9, each on its date."""
    return [
        Step(date(2025, 1, 28), "5. Leo's Three Houses", three_houses),
        Step(date(2025, 3, 20), "10. Trajectory milestones set at the initial conference", trajectory),
        Step(date(2025, 4, 2), "11. Safety network told the statements; first network meeting", network),
        Step(date(2025, 4, 10), "12. Words and pictures W1", words_and_pictures),
        Step(date(2025, 4, 16), "13. Safety plan SP1 v1 agreed", first_safety_plan),
        Step(date(2025, 5, 30), "14. SP1 reviewed after the incident", incident_review),
        Step(date(2025, 6, 12), "17. Review conference held", review_conference),
        Step(date(2025, 9, 10), "20. Leo's Safety House", safety_house),
        Step(date(2025, 10, 1), "21. SP1 v2, the reunification plan, and its milestones", reunification_plan),
    ]
