"""An invented family (not the demo one) walked through the API from early help to a step down from
child protection: every event recorded as a supplier's system would, each move naming the event it
rests on, the child's stages and journey following.

The Ashdowns (all invented): Noor (6), her mother Hana, Hana's partner Ravi, who is not Noor's father.
"""

from __future__ import annotations

from typing import Any

from service.contract.examples import body
from tests.support import Api, person
from tests.support.assessment import map_body, rating_body, scale, statement


def test_front_door_to_child_protection_and_back(api: Api) -> None:
    noor = person(api, given_name="Noor", family_name="Ashdown", date_of_birth="2019-02-11")["id"]
    hana = person(api, given_name="Hana", family_name="Ashdown", date_of_birth="1993-07-30")["id"]
    ravi = person(api, given_name="Ravi", family_name="Mendes", date_of_birth="1989-03-03")["id"]
    case = api.created(
        "/v1/cases", body("create_case", title="Ashdown family", reference=None, opened_on="2025-09-01")
    )
    base = f"/v1/cases/{case['id']}"
    api.created(f"{base}/members", {"person_id": noor, "role": "CHILD", "joined_on": "2025-09-01"})
    for adult in (hana, ravi):
        api.created(f"{base}/members", {"person_id": adult, "role": "ADULT", "joined_on": "2025-09-01"})
    api.created(
        f"{base}/relationships",
        body("create_relationship", person_id=hana, child_id=noor, from_date="2019-02-11"),
    )
    api.created(
        f"{base}/relationships",
        body(
            "create_relationship",
            person_id=ravi,
            child_id=noor,
            relationship_type="PARENT_PARTNER",
            parental_responsibility=False,
            from_date="2024-05-01",
        ),
    )

    def post(what: str, operation: str, **fields: Any) -> dict[str, Any]:
        return api.created(f"{base}/{what}", body(operation, child_id=noor, **fields))

    def transition(to: str, on: str, **grounds: str) -> dict[str, Any]:
        return api.created(
            f"{base}/transitions",
            body(
                "record_stage_transition",
                child_id=noor,
                to_stage=to,
                effective_date=on,
                grounds=grounds or None,
            ),
        )

    def stages() -> list[str]:
        return list(api.get(f"/v1/children/{noor}/stages").json()["stages"])

    # Early help, with Hana's consent: she holds parental responsibility.
    episode = post(
        "early-help-episodes",
        "create_early_help_episode",
        assessment_started_on="2025-09-01",
        consent_given_on="2025-09-01",
        consent_given_by_person_id=hana,
    )
    assert episode["consent_given_by_holds_parental_responsibility"] is True
    transition("EARLY_HELP", "2025-09-01")

    # The school refers; early help ends stepped up; Noor moves to child in need on the referral.
    referral = post(
        "referrals", "create_referral", referral_date="2025-10-06", source="2A", primary_need="N1"
    )
    api.patch(
        f"/v1/early-help-episodes/{episode['id']}",
        {"ended_on": "2025-10-06", "outcome": "STEPPED_UP", "effective_on": "2025-10-06"},
        headers={"If-Match": 'W/"1"'},
    )
    transition("CIN", "2025-10-06", referral_id=referral["id"])
    assert stages() == ["CIN"]

    assessment = post(
        "single-assessments",
        "create_single_assessment",
        referral_id=referral["id"],
        started_on="2025-10-07",
        factors=["3B", "4B"],
    )
    discussion = post(
        "strategy-discussions",
        "create_strategy_discussion",
        referral_id=referral["id"],
        held_on="2025-10-08",
        agencies=["Children's social care", "Police", "School"],
    )
    s47 = post(
        "section47-enquiries",
        "create_section47_enquiry",
        referral_id=referral["id"],
        strategy_discussion_id=discussion["id"],
        started_on="2025-10-08",
    )
    assert s47["icpc_target_date"] == "2025-10-29"  # 15 working days after 8 October 2025

    # The map the initial conference needs, then the conference and the plan it starts.
    the_map = api.created(f"{base}/maps", map_body(noor))
    worry = statement(api, case["id"], noor)
    the_scale = scale(api, case["id"])
    rating = api.created(f"/v1/scales/{the_scale['id']}/ratings", rating_body(rated_on="2025-10-20"))
    icpc = post(
        "cp-conferences",
        "create_cp_conference",
        section47_id=s47["id"],
        held_on="2025-10-27",
        attendees=[{"name": "Hana Ashdown", "role": "Mother", "person_id": hana}],
        map_id=the_map["id"],
        danger_statement_ids=[worry["id"]],
        rating_ids=[rating["id"]],
    )
    assert icpc["override_reason"] is None
    at_conference = api.created(
        f"/v1/scales/{the_scale['id']}/ratings",
        rating_body(rated_on="2025-10-27", occasion_type="CP_CONFERENCE", occasion_id=icpc["id"]),
    )
    assert at_conference["occasion_id"] == icpc["id"]
    plan = post(
        "cp-plans",
        "create_cp_plan",
        referral_id=referral["id"],
        conference_id=icpc["id"],
        start_date="2025-10-27",
        initial_category="PHY",
        latest_category="PHY",
    )
    assert plan["number_of_previous_plans"] == 0
    transition("CP", "2025-10-27", conference_id=icpc["id"])
    assert stages() == ["CP"]

    # A review conference; the plan continues, the category changes, the review is recorded.
    review = post(
        "cp-conferences",
        "create_cp_conference",
        conference_type="REVIEW",
        section47_id=None,
        cp_plan_id=plan["id"],
        held_on="2026-01-26",
        outcome="PLAN_CONTINUED",
        attendees=[{"name": "Hana Ashdown", "role": "Mother"}],
        map_id=None,
        danger_statement_ids=[worry["id"]],
        rating_ids=[],
    )
    plan = api.patch(
        f"/v1/cp-plans/{plan['id']}",
        {"latest_category": "EMO", "effective_on": "2026-01-26"},
        headers={"If-Match": 'W/"1"'},
    ).json()
    api.created(
        f"/v1/cp-plans/{plan['id']}/reviews", {"review_date": "2026-01-26", "conference_id": review["id"]}
    )

    # The next review ends the plan; Noor steps down to child in need on the ended plan.
    post(
        "cp-conferences",
        "create_cp_conference",
        conference_type="REVIEW",
        section47_id=None,
        cp_plan_id=plan["id"],
        held_on="2026-04-20",
        outcome="PLAN_ENDED",
        attendees=[{"name": "Hana Ashdown", "role": "Mother"}],
        map_id=None,
        danger_statement_ids=[],
        rating_ids=[],
    )
    ended = api.patch(
        f"/v1/cp-plans/{plan['id']}",
        {"end_date": "2026-04-20", "effective_on": "2026-04-20"},
        headers={"If-Match": 'W/"2"'},
    )
    assert ended.status_code == 200, ended.text
    assert (ended.json()["initial_category"], ended.json()["latest_category"]) == ("PHY", "EMO")
    down = transition("CIN", "2026-04-20", cp_plan_id=plan["id"])
    assert (down["kind"], down["grounds"]["cp_plan_id"]) == ("STEP_DOWN", plan["id"])
    post("cin-plans", "create_cin_plan", referral_id=referral["id"], start_date="2026-04-21")
    assert stages() == ["CIN"]

    journey = api.get(f"/v1/children/{noor}/journey").json()
    kinds = {e["record_type"] for e in journey["entries"]}
    assert {
        "early_help_episode",
        "referral",
        "single_assessment",
        "strategy_discussion",
        "section47_enquiry",
        "cp_conference",
        "cp_plan",
        "cp_plan_review",
        "cin_plan",
        "relationship",
    } <= kinds
    plan_entries = [e for e in journey["entries"] if e["record_type"] == "cp_plan"]
    assert plan_entries[0]["stages"] == ["CP"] and plan_entries[-1]["stages"] == ["CIN"]
    assert assessment["factors"] == ["3B", "4B"]
