"""Amendments that read the records hanging off what they amend, racing the creates of those records:
20 clients against two service processes on the run's database (SQLite, or PostgreSQL with
SOS_TEST_POSTGRES_URL). No review is left after the end of its plan: a review's create locks the
plan (its parent) and the plan's amendment locks the plan (its record). No record on a referral is
left before the referral's date, nor after its closure: a record's create locks the referral it
names (referral_of) and the referral's amendment holds that lock while it reads them. A child's
referrals do not overlap even when the child is in two cases: the create locks the child; nor do a
child's CIN plan and child protection plan (both lock the child, and on one referral the referral;
with both locks removed the test failed 4 of 6 rounds on PostgreSQL). Nothing is
left on a referral marked as no further action, and one assessment on a referral is open at a time:
both read under the referral's lock.

A racer may be answered 503 with Retry-After, nothing of it saved: units run in batches, one
transaction each, so two batches can take the same rows in opposite orders; the database breaks the
deadlock, the unit runs again alone, and after five lost races it is 503. What was saved is checked
against the rule whatever each racer was answered."""

from __future__ import annotations

from collections import Counter
from typing import Any

import httpx
import pytest

from service.contract.examples import body
from tests.support import AMENDED_ON, Api, case, case_with_child, open_referral, plan_started
from tests.support.races import CLIENTS, busy_ones_say_when, race, statuses

ROUNDS = 3


def creates_against_an_amendment(
    base: str,
    token: str,
    create: tuple[str, dict[str, Any]],
    amend: tuple[str, dict[str, Any]],
    version: int = 1,
) -> Counter[int]:
    """Half the clients create a record (``create``: path and body), half make one amendment of a
    record it depends on (``amend``: path and body, all on ``version``, so at most one succeeds)."""
    change = {**amend[1], "effective_on": AMENDED_ON, "amendment_reason": "Corrected."}

    def send(http: httpx.Client, i: int) -> httpx.Response:
        if i % 2:
            return http.post(create[0], json=create[1])
        return http.patch(amend[0], json=change, headers={"If-Match": f'W/"{version}"'})

    responses = race(base, token, send)
    counts = statuses(responses)
    assert set(counts) <= {200, 201, 412, 422, 503}, counts
    busy_ones_say_when(responses)
    return counts


def saved_as_answered(made: list[Any], amended: bool, counts: Counter[int]) -> None:
    """Nothing saved once the amendment won; else every create saved, but those answered 503."""
    if amended:
        assert not made, made
    else:
        assert len(made) == counts[201] == CLIENTS // 2 - counts[503], (counts, made)


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_no_review_is_left_after_the_end_of_its_plan(api: Api, tokens, two_processes, round_):
    the_case, child = case_with_child(api)
    made = plan_started(api, the_case["id"], child["id"], "2025-03-20", override_reason="Not under test.")
    assert made is not None
    path = f"/v1/cp-plans/{made[1]['id']}"
    review = (f"{path}/reviews", body("create_cp_plan_review", review_date="2025-06-12"))
    counts = creates_against_an_amendment(
        two_processes, tokens["writer"], review, (path, {"end_date": "2025-06-01"})
    )
    ended = api.get(path).json()["end_date"]
    reviews = api.get(f"{path}/reviews", params={"limit": 100}).json()["items"]
    saved_as_answered(reviews, ended == "2025-06-01", counts)


def _assessments(api: Api, started_on: str) -> tuple[str, str, tuple[str, dict[str, Any]]]:
    """A child with an open referral of 2025-03-02, and the create of an authorised assessment on it:
    (referral path, assessments path, the create). Assessments, unlike plans, may run side by side."""
    the_case, child = case_with_child(api)
    referral = open_referral(api, the_case["id"], child["id"], "2025-03-02")
    assert referral is not None
    assessments = f"/v1/cases/{the_case['id']}/single-assessments"
    assessment = body(
        "create_single_assessment",
        child_id=child["id"],
        referral_id=referral["id"],
        started_on=started_on,
        authorised_on=started_on,
    )
    return f"/v1/referrals/{referral['id']}", assessments, (assessments, assessment)


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_no_record_is_left_before_its_referral(api: Api, tokens, two_processes, round_):
    path, assessments, create = _assessments(api, "2025-03-05")
    counts = creates_against_an_amendment(
        two_processes, tokens["writer"], create, (path, {"referral_date": "2025-03-10"})
    )
    moved = api.get(path).json()["referral_date"]
    made = api.get(assessments, params={"limit": 100}).json()["items"]
    saved_as_answered(made, moved == "2025-03-10", counts)


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_no_record_is_left_after_its_referral_closed(api: Api, tokens, two_processes, round_):
    path, assessments, create = _assessments(api, "2025-03-12")
    closing = {"closure_date": "2025-03-10", "closure_reason": "RC1"}
    counts = creates_against_an_amendment(two_processes, tokens["writer"], create, (path, closing))
    closed = api.get(path).json()["closure_date"]
    made = api.get(assessments, params={"limit": 100}).json()["items"]
    saved_as_answered(made, closed == "2025-03-10", counts)


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_one_open_referral_of_a_child_in_two_cases_wins(api: Api, tokens, two_processes, round_):
    """The child is a member of two cases, and each client opens a referral for the child in one of
    them: the creates lock different cases, so only the child's lock keeps the second one out."""
    first, child = case_with_child(api)
    second = case(api)
    api.created(f"/v1/cases/{second['id']}/members", body("create_case_member", person_id=child["id"]))
    referral = body("create_referral", child_id=child["id"])
    cases = (first["id"], second["id"])
    results = race(
        two_processes,
        tokens["writer"],
        lambda http, i: http.post(f"/v1/cases/{cases[i % 2]}/referrals", json=referral),
    )
    assert statuses(results) == {201: 1, 422: CLIENTS - 1}, statuses(results)
    made = [
        item
        for case_id in cases
        for item in api.get(f"/v1/cases/{case_id}/referrals", params={"child_id": child["id"]}).json()[
            "items"
        ]
    ]
    assert len(made) == 1, made


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_no_activity_is_left_on_a_referral_with_no_further_action(api: Api, tokens, two_processes, round_):
    path, assessments, create = _assessments(api, "2025-03-05")
    counts = creates_against_an_amendment(
        two_processes, tokens["writer"], create, (path, {"no_further_action": True})
    )
    nfa = api.get(path).json()["no_further_action"]
    made = api.get(assessments, params={"limit": 100}).json()["items"]
    saved_as_answered(made, nfa, counts)


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_one_open_assessment_on_a_referral_wins(api: Api, tokens, two_processes, round_):
    _, assessments, (path, assessment) = _assessments(api, "2025-03-05")
    unauthorised = {**assessment, "authorised_on": None}
    results = race(two_processes, tokens["writer"], lambda http, i: http.post(path, json=unauthorised))
    assert statuses(results) == {201: 1, 422: CLIENTS - 1}, statuses(results)
    assert len(api.get(assessments, params={"limit": 100}).json()["items"]) == 1


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_nothing_beyond_assessment_is_left_after_rc8(api: Api, tokens, two_processes, round_):
    path, _, (assessments, assessment) = _assessments(api, "2025-03-05")
    api.created(assessments, assessment)  # authorised on 2025-03-05
    plans = assessments.replace("single-assessments", "cin-plans")
    plan = (
        plans,
        body("create_cin_plan", child_id=assessment["child_id"], referral_id=assessment["referral_id"]),
    )
    closing = {"closure_date": "2025-03-10", "closure_reason": "RC8"}
    creates_against_an_amendment(two_processes, tokens["writer"], plan, (path, closing))
    reason = api.get(path).json()["closure_reason"]
    made = api.get(plans, params={"limit": 100}).json()["items"]
    assert len(made) == (0 if reason == "RC8" else 1), (reason, made)  # plans do not overlap: one at most


def _enquiry(api: Api) -> tuple[str, str, dict[str, Any]]:
    """A child with an open referral of 2025-03-02 and a strategy discussion on it, and the create of a
    section 47 enquiry following the discussion: (referral path, enquiries path, the create's body)."""
    path, assessments, (_, assessment) = _assessments(api, "2025-03-05")
    ids = {"child_id": assessment["child_id"], "referral_id": assessment["referral_id"]}
    discussions = assessments.replace("single-assessments", "strategy-discussions")
    discussion = api.created(discussions, body("create_strategy_discussion", **ids))
    enquiries = assessments.replace("single-assessments", "section47-enquiries")
    return path, enquiries, body("create_section47_enquiry", **ids, strategy_discussion_id=discussion["id"])


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_no_unfinished_enquiry_is_left_on_a_closed_referral(api: Api, tokens, two_processes, round_):
    path, enquiries, created = _enquiry(api)
    enquiry = (enquiries, created)
    closing = {"closure_date": "2025-03-10", "closure_reason": "RC1"}
    creates_against_an_amendment(two_processes, tokens["writer"], enquiry, (path, closing))
    closed = api.get(path).json()["closure_date"]
    made = api.get(enquiries, params={"limit": 100}).json()["items"]
    assert len(made) == (0 if closed == "2025-03-10" else 1), (closed, made)  # one enquiry runs at a time


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_one_open_enquiry_on_a_referral_wins(api: Api, tokens, two_processes, round_):
    _, enquiries, enquiry = _enquiry(api)
    results = race(two_processes, tokens["writer"], lambda http, i: http.post(enquiries, json=enquiry))
    assert statuses(results) == {201: 1, 422: CLIENTS - 1}, statuses(results)
    assert len(api.get(enquiries, params={"limit": 100}).json()["items"]) == 1


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_no_plan_is_left_after_the_childs_death(api: Api, tokens, two_processes, round_):
    """Half the clients start a CIN plan after the day the other half record the child's death: the
    plan's create locks the child's person row before it reads the death, and the person's amendment
    holds that row while it reads the plans (SOS-CIN-018)."""
    the_case, child = case_with_child(api)
    referral = open_referral(api, the_case["id"], child["id"], "2025-03-02")
    assert referral is not None
    plan = body("create_cin_plan", child_id=child["id"], referral_id=referral["id"], start_date="2025-04-11")
    death = (f"/v1/people/{child['id']}", {"date_of_death": "2025-04-10"})
    creates_against_an_amendment(
        two_processes, tokens["writer"], (f"/v1/cases/{the_case['id']}/cin-plans", plan), death
    )
    died = api.get(f"/v1/people/{child['id']}").json()["date_of_death"]
    plans = api.get(f"/v1/cases/{the_case['id']}/cin-plans", params={"limit": 100}).json()["items"]
    assert (died, len(plans)) in (("2025-04-10", 0), (None, 1)), (died, plans)


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_no_move_is_left_after_the_childs_death(api: Api, tokens, two_processes, round_):
    """Half the clients move the child into early help the day after the other half record the
    child's death: the move locks the child's person row before it reads the death, and the person's
    amendment holds that row while it reads the moves (SOS-STAGE-013)."""
    the_case, child = case_with_child(api)
    moving = body(
        "record_stage_transition", child_id=child["id"], to_stage="EARLY_HELP", effective_date="2025-04-11"
    )
    death = (f"/v1/people/{child['id']}", {"date_of_death": "2025-04-10"})
    creates_against_an_amendment(
        two_processes, tokens["writer"], (f"/v1/cases/{the_case['id']}/transitions", moving), death
    )
    died = api.get(f"/v1/people/{child['id']}").json()["date_of_death"]
    moves = api.get(f"/v1/cases/{the_case['id']}/transitions", params={"limit": 100}).json()["items"]
    assert (died, len(moves)) in (("2025-04-10", 0), (None, 1)), (died, moves)


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_no_initial_conference_is_left_before_its_enquiry(api: Api, tokens, two_processes, round_):
    """Half the clients record the initial conference of a section 47 enquiry (held 2025-03-10), the
    other half move the enquiry's start to after it: the conference's create reads the enquiry again
    under the referral's lock, which the enquiry's amendment holds while it reads the conferences that
    followed it (SOS-CIN-006; CIN census rule 8615)."""
    _, enquiries, created = _enquiry(api)
    s47 = api.created(enquiries, created)
    conferences = enquiries.replace("section47-enquiries", "cp-conferences")
    conference = body(
        "create_cp_conference",
        child_id=s47["child_id"],
        section47_id=s47["id"],
        held_on="2025-03-10",
        outcome="NO_PLAN",
        attendees=[{"name": "Test parent", "role": "Parent"}],
        map_id=None,
        danger_statement_ids=[],
        rating_ids=[],
    )
    path = f"/v1/section47-enquiries/{s47['id']}"
    amend = (path, {"started_on": "2025-03-12"})
    creates_against_an_amendment(two_processes, tokens["writer"], (conferences, conference), amend)
    started = api.get(path).json()["started_on"]
    held = [c for c in api.get(conferences, params={"limit": 100}).json()["items"] if c["status"] == "active"]
    assert (started == "2025-03-12") == (not held), (started, held)


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_a_cin_plan_and_a_plan_of_the_child_are_kept_apart(api: Api, tokens, two_processes, round_):
    """A child protection plan ended on 2025-06-12. Half the clients start a CIN plan of the child on
    2025-07-01, the other half move the plan's end to 2025-07-31: each alone is taken, both would
    overlap (CIN census rules 4016 and 4017; SOS-CIN-012). Both writes lock the child's person row
    before they read the child's other plans."""
    the_case, child = case_with_child(api)
    made = plan_started(api, the_case["id"], child["id"], "2025-03-20", override_reason="Not under test.")
    assert made is not None
    plan = f"/v1/cp-plans/{made[1]['id']}"
    ended = api.patch(
        plan,
        {"end_date": "2025-06-12", "amendment_reason": "Ended at review."},
        headers={"If-Match": 'W/"1"'},
    )
    assert ended.status_code == 200, ended.text
    cin_plans = f"/v1/cases/{the_case['id']}/cin-plans"
    cin_plan = body(
        "create_cin_plan",
        child_id=child["id"],
        referral_id=made[1]["referral_id"],
        start_date="2025-07-01",
        end_date=None,
    )
    moved = (plan, {"end_date": "2025-07-31"})
    creates_against_an_amendment(two_processes, tokens["writer"], (cin_plans, cin_plan), moved, version=2)
    end = api.get(plan).json()["end_date"]
    started = [
        p for p in api.get(cin_plans, params={"limit": 100}).json()["items"] if p["status"] == "active"
    ]
    assert (end == "2025-07-31") == (not started), (end, started)
