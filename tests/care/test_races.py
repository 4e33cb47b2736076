"""The episode rules read the child's other episodes before writing: 20 clients racing against two
service processes on the run's database (SQLite, or PostgreSQL with SOS_TEST_POSTGRES_URL) still leave
one episode where one is allowed. Each write of an episode locks the child's row first."""

from __future__ import annotations

import pytest

from service.contract.examples import body
from tests.support import Api, case_with_child
from tests.support.races import CLIENTS, race, statuses

ROUNDS = 3


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_one_first_episode_of_a_child_wins(api: Api, tokens, two_processes, round_):
    the_case, child = case_with_child(api)
    path = f"/v1/cases/{the_case['id']}/lac-episodes"
    episode = body("create_lac_episode", child_id=child["id"])
    results = race(two_processes, tokens["writer"], lambda http, i: http.post(path, json=episode))
    assert statuses(results) == {201: 1, 422: CLIENTS - 1}, statuses(results)
    refusals = {r.json()["requirement"] for r in results if r.status_code == 422}
    assert refusals == {"SOS-903-002"}
    listed = api.get(path, params={"child_id": child["id"]}).json()["items"]
    assert len(listed) == 1


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_episodes_of_one_period_chain_one_at_a_time(api: Api, tokens, two_processes, round_):
    """Each client ends the open episode (X1) and adds the next one in the same day; whatever the
    order, the child's episodes still join without gaps or overlaps."""
    the_case, child = case_with_child(api)
    path = f"/v1/cases/{the_case['id']}/lac-episodes"
    first = api.created(path, body("create_lac_episode", child_id=child["id"]))
    next_one = body(
        "create_lac_episode",
        child_id=child["id"],
        start_date="2025-06-20",
        reason_new_episode="P",
        placement_type="U4",
    )

    def close_then_add(http, i):
        http.patch(
            f"/v1/lac-episodes/{first['id']}",
            json={"end_date": "2025-06-20", "reason_ceased": "X1", "effective_on": "2025-06-20"},
            headers={"If-Match": 'W/"1"'},
        )
        return http.post(path, json=next_one)

    results = race(two_processes, tokens["writer"], close_then_add)
    assert statuses(results) == {201: 1, 422: CLIENTS - 1}, statuses(results)
    listed = api.get(path, params={"child_id": child["id"]}).json()["items"]
    assert sorted(e["start_date"] for e in listed) == ["2025-05-30", "2025-06-20"]


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_one_first_episode_wins_across_two_cases_of_the_child(api: Api, tokens, two_processes, round_):
    """The child is a member of two cases: creates under each lock different cases, so only the lock
    on the child's own row keeps the episodes of one child from overlapping."""
    the_case, child = case_with_child(api)
    other = api.created("/v1/cases", body("create_case", reference=None, title="Second case"))
    api.created(
        f"/v1/cases/{other['id']}/members",
        body("create_case_member", "child", person_id=child["id"], joined_on="2025-01-14"),
    )
    paths = [f"/v1/cases/{c['id']}/lac-episodes" for c in (the_case, other)]
    episode = body("create_lac_episode", child_id=child["id"])
    results = race(two_processes, tokens["writer"], lambda http, i: http.post(paths[i % 2], json=episode))
    assert statuses(results) == {201: 1, 422: CLIENTS - 1}, statuses(results)
    found = sum(len(api.get(p, params={"child_id": child["id"]}).json()["items"]) for p in paths)
    assert found == 1
