"""A plan's amendment reads the plan's reviews before writing, and a review's create reads the plan:
20 clients racing against two service processes on the run's database (SQLite, or PostgreSQL with
SOS_TEST_POSTGRES_URL) never leave a review after the end of its plan. A review's create locks the
plan (its parent) and the amendment locks the plan (its record), so one waits for the other."""

from __future__ import annotations

import httpx
import pytest

from service.contract.examples import body
from tests.kit.test_races import CLIENTS, race, statuses, two_processes  # noqa: F401  (the fixture)
from tests.support import AMENDED_ON, Api, case_with_child, plan_started

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
