"""Amendments that read the records hanging off what they amend, racing the creates of those records:
20 clients against two service processes on the run's database (SQLite, or PostgreSQL with
SOS_TEST_POSTGRES_URL). No review is left after the end of its plan: a review's create locks the
plan (its parent) and the plan's amendment locks the plan (its record). No record on a referral is
left before the referral's date: the records' creates lock the case (their parent) and the
referral's amendment takes the case's lock before it reads them."""

from __future__ import annotations

import httpx
import pytest

from service.contract.examples import body
from tests.kit.test_races import CLIENTS, race, statuses, two_processes  # noqa: F401  (the fixture)
from tests.support import AMENDED_ON, Api, case_with_child, open_referral, plan_started

ROUNDS = 3


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_no_review_is_left_after_the_end_of_its_plan(api: Api, tokens, two_processes, round_):  # noqa: F811
    the_case, child = case_with_child(api)
    made = plan_started(api, the_case["id"], child["id"], "2025-03-20", override_reason="Not under test.")
    assert made is not None
    plan = made[1]
    path = f"/v1/cp-plans/{plan['id']}"
    review = body("create_cp_plan_review", review_date="2025-06-12")
    ending = {"end_date": "2025-06-01", "effective_on": AMENDED_ON, "amendment_reason": "Plan ended."}

    def send(http: httpx.Client, i: int) -> httpx.Response:
        if i % 2:
            return http.post(f"{path}/reviews", json=review)
        return http.patch(path, json=ending, headers={"If-Match": 'W/"1"'})

    results = race(two_processes, tokens["writer"], send)
    assert set(statuses(results)) <= {200, 201, 412, 422}, statuses(results)
    now = api.get(path).json()
    reviews = api.get(f"{path}/reviews", params={"limit": 100}).json()["items"]
    if now["end_date"] is not None:
        assert now["end_date"] == "2025-06-01"
        assert reviews == [], (now, reviews)
    else:
        assert len(reviews) == CLIENTS // 2, reviews


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_no_record_is_left_before_its_referral(api: Api, tokens, two_processes, round_):  # noqa: F811
    the_case, child = case_with_child(api)
    referral = open_referral(api, the_case["id"], child["id"], "2025-03-02")
    assert referral is not None
    path = f"/v1/referrals/{referral['id']}"
    plan = body("create_cin_plan", child_id=child["id"], referral_id=referral["id"], start_date="2025-03-05")
    later = {"referral_date": "2025-03-10", "effective_on": AMENDED_ON, "amendment_reason": "Date corrected."}

    def send(http: httpx.Client, i: int) -> httpx.Response:
        if i % 2:
            return http.post(f"/v1/cases/{the_case['id']}/cin-plans", json=plan)
        return http.patch(path, json=later, headers={"If-Match": 'W/"1"'})

    results = race(two_processes, tokens["writer"], send)
    assert set(statuses(results)) <= {200, 201, 412, 422}, statuses(results)
    now = api.get(path).json()
    plans = api.get(f"/v1/cases/{the_case['id']}/cin-plans", params={"limit": 100}).json()["items"]
    if now["referral_date"] == "2025-03-10":
        assert plans == [], (now, plans)
    else:
        assert len(plans) == CLIENTS // 2, plans
