"""Rules that read other rows before a write hold when 20 clients race, against two real service
processes on the run's database (SQLite or PostgreSQL): exactly one record where one is allowed, no
lost update, and the child's stages stay readable. Five rounds each.

How they hold: every create locks its parent (the case) for the rest of its transaction, and every
amendment or practice step locks its record (``SELECT ... FOR UPDATE`` on PostgreSQL); on SQLite each
unit holds the database's one write lock from its first statement (``BEGIN IMMEDIATE``). A move and a
change to the referral (plan, episode) it rests on both lock the child (SOS-STAGE-012); an
``Idempotency-Key`` is held by its unique constraint.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from service.contract.examples import body
from service.models import Case
from tests.support import AMENDED_ON, Api, case_with_child, close_referral, move, person
from tests.support.assessment import if_match, map_body
from tests.support.care import at_cin
from tests.support.planning import family, network_member, plan_body
from tests.support.qa import informed
from tests.support.races import CLIENTS, race, statuses

ROUNDS = 5


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_one_move_of_a_child_wins(api: Api, tokens, two_processes, round_):
    the_case, child = case_with_child(api)
    path = f"/v1/cases/{the_case['id']}/transitions"
    move_in = body("record_stage_transition", child_id=child["id"], to_stage="EARLY_HELP")
    results = race(two_processes, tokens["writer"], lambda http, i: http.post(path, json=move_in))
    assert statuses(results) == {201: 1, 422: CLIENTS - 1}, statuses(results)
    stages = api.get(f"/v1/children/{child['id']}/stages")
    assert stages.status_code == 200 and stages.json()["stages"] == ["EARLY_HELP"]
    assert api.get(f"/v1/children/{child['id']}/journey").status_code == 200


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_one_current_membership_wins(api: Api, tokens, two_processes, round_):
    the_case, _child = case_with_child(api)
    adult = person(api, given_name="Racer", date_of_birth="1990-01-01")
    member = body("create_case_member", "grandparent", person_id=adult["id"])
    path = f"/v1/cases/{the_case['id']}/members"
    results = race(two_processes, tokens["writer"], lambda http, i: http.post(path, json=member))
    assert statuses(results) == {201: 1, 409: CLIENTS - 1}, statuses(results)


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_map_versions_are_numbered_without_gaps_or_twins(api: Api, tokens, two_processes, round_):
    the_case, child = case_with_child(api)
    path = f"/v1/cases/{the_case['id']}/maps"
    results = race(
        two_processes, tokens["writer"], lambda http, i: http.post(path, json=map_body(child["id"]))
    )
    assert statuses(results) == {201: CLIENTS}, statuses(results)
    assert sorted(r.json()["map_version"] for r in results) == list(range(1, CLIENTS + 1))


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_one_safety_plan_is_current(api: Api, tokens, two_processes, round_):
    fam = family(api)
    path = f"/v1/cases/{fam['case_id']}/safety-plans"
    results = race(two_processes, tokens["writer"], lambda http, i: http.post(path, json=plan_body(fam)))
    assert statuses(results) == {201: CLIENTS}, statuses(results)
    plans = api.get(path, params={"limit": 100}).json()["items"]
    assert sorted(p["plan_version"] for p in plans) == list(range(1, CLIENTS + 1))
    assert [p["plan_status"] for p in plans].count("SUPERSEDED") == CLIENTS - 1


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_one_allocation_is_current(api: Api, tokens, two_processes, round_):
    the_case, _child = case_with_child(api)
    path = f"/v1/cases/{the_case['id']}/allocations"
    results = race(
        two_processes, tokens["writer"], lambda http, i: http.post(path, json=body("create_allocation"))
    )
    assert statuses(results) == {201: CLIENTS}, statuses(results)
    current = [a for a in api.get(path, params={"limit": 100}).json()["items"] if a["current"]]
    assert len(current) == 1


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_one_of_twenty_writers_with_one_etag_wins(api: Api, tokens, two_processes, round_):
    the_case, _child = case_with_child(api)
    path = f"/v1/cases/{the_case['id']}"
    headers = if_match(api.get(path).json())

    def amend(http: httpx.Client, i: int) -> httpx.Response:
        return http.patch(path, json={"title": f"Writer {i}", "effective_on": AMENDED_ON}, headers=headers)

    results = race(two_processes, tokens["writer"], amend)
    assert statuses(results) == {200: 1, 412: CLIENTS - 1}, statuses(results)
    history = api.get(f"{path}/history").json()["versions"]
    assert [v["version"] for v in history] == [1, 2]


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_no_informed_entry_is_lost(api: Api, tokens, two_processes, round_):
    fam = family(api)
    member = network_member(api, fam["case_id"])
    path = f"/v1/network-members/{member['id']}/informed"
    told = informed(fam["statement"])
    results = race(two_processes, tokens["writer"], lambda http, i: http.post(path, json=told))
    assert statuses(results) == {201: CLIENTS}, statuses(results)
    assert len(api.get(f"/v1/network-members/{member['id']}").json()["informed_history"]) == CLIENTS


def test_moves_still_refused_in_order_after_the_races(api: Api):
    """A control: the same move made twice one after the other is refused the second time."""
    the_case, child = case_with_child(api)
    assert move(api, the_case["id"], child["id"], "EARLY_HELP").status_code == 201
    assert move(api, the_case["id"], child["id"], "EARLY_HELP").status_code == 422


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_one_idempotency_key_creates_one_case(db, tokens, two_processes, round_):
    """SOS-HTTP-010: twenty retries of one case's create, with one key, sent at once. A case has no
    parent to lock, so only the key's unique constraint stands between them and twenty cases: each
    retry gets the first response back (201, replayed) or, while the first is still in flight, 409
    (PostgreSQL; on SQLite a retry waits for the one writer, so it is always a replay)."""
    key = f"race-{uuid.uuid4()}"
    new_case = {"title": f"Retried {key[-12:]}", "opened_on": "2025-01-14"}
    retry = {"Idempotency-Key": key}
    results = race(
        two_processes, tokens["writer"], lambda http, i: http.post("/v1/cases", json=new_case, headers=retry)
    )
    assert set(statuses(results)) <= {201, 409}, statuses(results)
    created = [r for r in results if r.status_code == 201]
    assert len({r.json()["id"] for r in created}) == 1, statuses(results)
    assert [r.headers.get("idempotent-replayed") for r in created].count(None) == 1
    db.expire_all()
    assert db.scalar(select(func.count()).where(Case.title == new_case["title"])) == 1


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_a_step_down_and_reopening_its_referral_do_not_both_win(api: Api, tokens, two_processes, round_):
    """SOS-STAGE-011: ten clients step a child down to early help on the referral's closure while ten
    reopen the referral: either the move or the reopening is saved, never both (the child in early
    help with the referral open, which the CIN census would count)."""
    the_case, child = case_with_child(api)
    assert move(api, the_case["id"], child["id"], "CIN", "2025-03-02").status_code == 201
    referral = close_referral(api, the_case["id"], child["id"], "2025-09-02")
    assert referral is not None
    step_down = body(
        "record_stage_transition",
        child_id=child["id"],
        to_stage="EARLY_HELP",
        effective_date="2025-09-02",
        grounds={"referral_id": referral["id"]},
    )
    reopen = {"closure_date": None, "closure_reason": None}
    results = _one_wins(
        api, two_processes, tokens, the_case["id"], step_down, f"/v1/referrals/{referral['id']}", reopen
    )
    refused = [r.json() for r in results if r.status_code == 422]
    assert {p["code"] for p in refused} == {"rule_violated"}, refused


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_a_move_to_care_leaver_and_a_younger_date_of_birth_do_not_both_win(
    api: Api, tokens, two_processes, round_
):
    """SOS-STAGE-010 and SOS-STAGE-012: ten clients move a young person to care leaver while ten amend
    their date of birth to one under which they are 14: the move or the amendment is saved, never both
    (a care leaver of 14, whom SSDA903 would report)."""
    young = at_cin(api, born="2008-03-01")
    stay = young.made_episode(start_date="2024-01-10", legal_status="C2")
    into_care = {"lac_episode_id": stay["id"]}
    assert move(api, young.case, young.child, "LAC", "2024-01-10", grounds=into_care).status_code == 201
    young.end_episode(stay, "2024-04-10", "E8")
    leave = body(
        "record_stage_transition",
        child_id=young.child,
        to_stage="CARE_LEAVER",
        effective_date="2024-04-10",
        grounds={"lac_episode_id": stay["id"]},
    )
    path = f"/v1/people/{young.child}"
    results = _one_wins(api, two_processes, tokens, young.case, leave, path, {"date_of_birth": "2010-03-01"})
    stages = api.get(f"/v1/children/{young.child}/stages").json()["stages"]
    born = api.get(path).json()["date_of_birth"]
    assert (stages, born) in ((["CARE_LEAVER"], "2008-03-01"), (["LAC"], "2010-03-01")), (stages, born)
    # Refused: a move after the move (SOS-STAGE-001) or of a child now 14 (SOS-STAGE-010); a date of
    # birth the move no longer bears out (SOS-STAGE-012).
    refused = {r.json()["requirement"] for r in results if r.status_code == 422}
    assert refused <= {"SOS-STAGE-001", "SOS-STAGE-010", "SOS-STAGE-012"}, refused


def _one_wins(
    api: Api, two_processes: str, tokens: dict[str, str], case_id: str, move_body: Any, path: str, change: Any
) -> list[httpx.Response]:
    """Half the clients send a child's move, half the change to the record at ``path`` the move rests on,
    all with the record's one ETag: the move or the change is saved, never both."""
    etag = {"If-Match": api.get(path).headers["ETag"]}
    amendment = {**change, "effective_on": AMENDED_ON}

    def send(http: httpx.Client, i: int) -> httpx.Response:
        if i % 2:
            return http.patch(path, json=amendment, headers=etag)
        return http.post(f"/v1/cases/{case_id}/transitions", json=move_body)

    results = race(two_processes, tokens["writer"], send)
    won = statuses(results)[200] + statuses(results)[201]
    assert won == 1 and set(statuses(results)) <= {200, 201, 412, 422}, statuses(results)
    return results
