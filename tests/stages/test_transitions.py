"""Stage transitions and the journey through the API
(SOS-STAGE-001..004, SOS-JOURNEY-001, SOS-CASE-002)."""

from __future__ import annotations

from service.models import StageTransition
from tests.support import assert_problem, case, case_with_child, count, move, person

# These tests are about the stage rules, not the map a move into CP expects (SOS-MAP-003).
NO_MAP = {"override_reason": "Stage rules under test; no map recorded."}


def test_transition_kind_is_worked_out_and_stages_follow(api):
    the_case, child = case_with_child(api)
    first = move(api, the_case["id"], child["id"], "EARLY_HELP", "2025-01-14").json()
    assert (first["from_stage"], first["kind"]) == (None, "OPEN")
    up = move(api, the_case["id"], child["id"], "CIN", "2025-03-02").json()
    assert (up["from_stage"], up["to_stage"], up["kind"]) == ("EARLY_HELP", "CIN", "STEP_UP")
    stages = api.get(f"/v1/children/{child['id']}/stages").json()
    assert stages["stages"] == ["CIN"] and "CIN -> CP" in stages["allowed_next"]


def test_cp_and_lac_run_together(api):
    the_case, child = case_with_child(api)
    assert move(api, the_case["id"], child["id"], "CIN", "2025-01-01").status_code == 201
    assert move(api, the_case["id"], child["id"], "CP", "2025-02-01", **NO_MAP).status_code == 201
    assert (
        move(api, the_case["id"], child["id"], "LAC", "2025-03-01", from_stage_continues=True).status_code
        == 201
    )
    assert api.get(f"/v1/children/{child['id']}/stages").json()["stages"] == ["CP", "LAC"]
    ambiguous = assert_problem(move(api, the_case["id"], child["id"], "CIN", "2025-04-01"), 422)
    assert ambiguous["errors"][0]["pointer"] == "/from_stage"
    ended = move(api, the_case["id"], child["id"], "LAC", "2025-04-01", from_stage="CP").json()
    assert ended["kind"] == "STEP_DOWN"
    assert api.get(f"/v1/children/{child['id']}/stages").json()["stages"] == ["LAC"]


def test_backdated_transition_is_refused(api, db):
    the_case, child = case_with_child(api)
    move(api, the_case["id"], child["id"], "CIN", "2025-03-01")
    before = count(db, StageTransition)
    body = assert_problem(move(api, the_case["id"], child["id"], "CP", "2025-02-01"), 422)
    assert body["requirement"] == "SOS-STAGE-003"
    assert count(db, StageTransition) == before


def test_only_the_latest_transition_can_be_entered_in_error(api):
    the_case, child = case_with_child(api)
    first = move(api, the_case["id"], child["id"], "CIN", "2025-01-01").json()
    second = move(api, the_case["id"], child["id"], "CP", "2025-02-01", **NO_MAP).json()
    refused = api.post(
        f"/v1/stage-transitions/{first['id']}/entered-in-error",
        {"reason": "wrong"},
        headers={"If-Match": 'W/"1"'},
    )
    assert assert_problem(refused, 409)["requirement"] == "SOS-STAGE-004"
    ok = api.post(
        f"/v1/stage-transitions/{second['id']}/entered-in-error",
        {"reason": "wrong child"},
        headers={"If-Match": 'W/"1"'},
    )
    assert ok.status_code == 200 and ok.json()["status"] == "entered_in_error"
    assert api.get(f"/v1/children/{child['id']}/stages").json()["stages"] == ["CIN"]


def test_transition_needs_a_child_of_the_case(api):
    the_case = case(api)
    stranger = person(api)
    body = assert_problem(move(api, the_case["id"], stranger["id"], "CIN"), 422)
    assert body["requirement"] == "SOS-CASE-002"


def test_journey_is_in_time_order_with_stages(api):
    the_case, child = case_with_child(api)
    move(api, the_case["id"], child["id"], "EARLY_HELP", "2025-01-14")
    move(api, the_case["id"], child["id"], "CIN", "2025-03-02")
    move(api, the_case["id"], child["id"], "CP", "2025-03-20", **NO_MAP)
    path = f"/v1/cases/{the_case['id']}"
    api.patch(path, {"title": "Renamed"}, headers={"If-Match": 'W/"1"'}, on="2025-03-10")
    journey = api.get(f"/v1/children/{child['id']}/journey").json()
    assert journey["current_stages"] == ["CP"]
    dates = [e["effective_on"] for e in journey["entries"]]
    assert dates == sorted(dates)
    renamed = next(e for e in journey["entries"] if (e["record_type"], e["change"]) == ("case", "amend"))
    assert (renamed["effective_on"], renamed["stages"]) == ("2025-03-10", ["CIN"])
    kinds = [(e["record_type"], e["change"]) for e in journey["entries"]]
    assert ("case", "create") in kinds and ("case", "amend") in kinds
    transitions = [e for e in journey["entries"] if e["record_type"] == "stage_transition"]
    assert [e["stages"] for e in transitions] == [["EARLY_HELP"], ["CIN"], ["CP"]]


def test_other_childs_records_are_not_in_the_journey(api):
    the_case, leo = case_with_child(api)
    ruby = person(api)
    api.created(
        f"/v1/cases/{the_case['id']}/members",
        {"person_id": ruby["id"], "role": "CHILD", "joined_on": "2025-01-14"},
    )
    move(api, the_case["id"], ruby["id"], "CIN", "2025-01-20")
    leo_journey = api.get(f"/v1/children/{leo['id']}/journey").json()
    assert all(e["record_id"] != ruby["id"] for e in leo_journey["entries"])
    assert not [e for e in leo_journey["entries"] if e["record_type"] == "stage_transition"]


def test_member_once_and_adult_relationship(api):
    the_case, child = case_with_child(api)
    again = api.post(
        f"/v1/cases/{the_case['id']}/members",
        {"person_id": child["id"], "role": "CHILD", "joined_on": "2025-01-14"},
    )
    assert_problem(again, 409)
    adult = person(api, date_of_birth="1990-01-01")
    bad = api.post(
        f"/v1/cases/{the_case['id']}/members",
        {
            "person_id": adult["id"],
            "role": "ADULT",
            "relationship_to_children": "BEST_MATE",
            "joined_on": "2025-01-14",
        },
    )
    assert assert_problem(bad, 422)["errors"][0]["code_list"] == "relationship_type"
