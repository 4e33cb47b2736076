"""Each network member's answer to a safety plan version: agreed on a day, or declined with why; from
members of this case's network, each once; refusals name SOS-PLAN-005 and write nothing."""

from __future__ import annotations

from service.models.planning import SafetyPlan
from tests.support.planning import etag_headers, family, history, network_member, plan_body, refused


def test_the_plan_read_shows_who_agreed_and_who_declined(api, db):
    fam = family(api)
    nana = network_member(api, fam["case_id"])
    uncle = network_member(api, fam["case_id"])
    plan = api.created(
        f"/v1/cases/{fam['case_id']}/safety-plans",
        plan_body(fam, network_agreement=[{"network_member_id": nana["id"], "agreed_on": "2025-04-16"}]),
    )
    assert [(a["network_member_id"], a["agreed_on"]) for a in plan["network_agreement"]] == [
        (nana["id"], "2025-04-16")
    ]
    answers = [
        {"network_member_id": nana["id"], "agreed_on": "2025-04-16"},
        {"network_member_id": uncle["id"], "declined_on": "2025-04-18", "declined_reason": "Works nights."},
    ]
    path = f"/v1/safety-plans/{plan['id']}"
    amended = api.patch(
        path, {"network_agreement": answers, "effective_on": "2025-04-18"}, headers=etag_headers(plan)
    )
    assert amended.status_code == 200, amended.text
    read = api.get(path).json()
    assert [
        (a["network_member_id"], a["agreed_on"], a["declined_reason"]) for a in read["network_agreement"]
    ] == [
        (nana["id"], "2025-04-16", None),
        (uncle["id"], None, "Works nights."),
    ]
    assert [v["version"] for v in history(api, path)] == [1, 2]


def test_answers_come_from_this_cases_network_each_once_and_a_decline_says_why(api, db):
    fam = family(api)
    other = family(api)
    nana = network_member(api, fam["case_id"])
    stranger = network_member(api, other["case_id"])
    plans = f"/v1/cases/{fam['case_id']}/safety-plans"

    def answered(*answers):
        return plan_body(fam, network_agreement=list(answers))

    agreed = {"network_member_id": nana["id"], "agreed_on": "2025-04-16"}
    problem = refused(
        api,
        db,
        [SafetyPlan],
        plans,
        answered({**agreed, "network_member_id": stranger["id"]}),
        422,
        "SOS-PLAN-005",
    )
    assert problem["errors"][0]["pointer"] == "/network_agreement/0/network_member_id"
    problem = refused(api, db, [SafetyPlan], plans, answered(agreed, agreed), 422, "SOS-PLAN-005")
    assert problem["errors"][0]["pointer"] == "/network_agreement/1/network_member_id"
    declined = {"network_member_id": nana["id"], "declined_on": "2025-04-16"}
    refused(api, db, [SafetyPlan], plans, answered(declined), 422, "SOS-PLAN-005")
    refused(
        api,
        db,
        [SafetyPlan],
        plans,
        answered({**agreed, **declined, "declined_reason": "x"}),
        422,
        "SOS-PLAN-005",
    )
    refused(api, db, [SafetyPlan], plans, answered({**agreed, "declined_reason": "x"}), 422, "SOS-PLAN-005")

    plan = api.created(plans, plan_body(fam))
    assert plan["network_agreement"] == []
    refused(
        api,
        db,
        [SafetyPlan],
        f"/v1/safety-plans/{plan['id']}",
        {
            "network_agreement": [{**agreed, "network_member_id": stranger["id"]}],
            "effective_on": "2025-04-16",
        },
        422,
        "SOS-PLAN-005",
        method="patch",
        headers=etag_headers(plan),
    )
    assert api.get(f"/v1/safety-plans/{plan['id']}").json()["version"] == 1
