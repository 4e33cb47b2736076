"""Planning practice rules: the safety network and who was told what, safety plan rules and
versions, and what a stage transition carries forward."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sos_conformance.client import Api
from sos_conformance.data import CP_OVERRIDE, Factory, all_items, amended
from sos_conformance.expect import check, etag_of, expect_problem, expect_refusal, expect_status, json_body
from sos_conformance.plugin import area, requirement
from sos_conformance.practice import network_member, statement

pytestmark = area("planning", "core", "planning")


def plan_body(**overrides: Any) -> dict[str, Any]:
    return {"plan_status": "DRAFT", "review_by": "2025-04-01", "title": "Conformance plan", **overrides}


@pytest.mark.check("SOS-CHK-PLAN-001")
@requirement("SOS-NET-002", "SOS-NET-003")
def test_informed_of_resets_when_a_statement_is_reworded(api: Api, make: Factory) -> None:
    """Telling a member the current version marks them informed; re-wording the statement makes
    them not informed without a new member version; a version not reached is refused."""
    the_case, child = make.case_with_child()
    made = statement(make, the_case["id"], child["id"])
    member = network_member(make, the_case["id"])
    check(
        member["informed_of_all_current"] is False,
        "a new member not yet informed",
        repr(member["informed_of_all_current"]),
    )
    informed = f"/v1/network-members/{member['id']}/informed"
    expect_problem(
        api.post(
            informed,
            {"danger_statement_id": made["id"], "version": 5, "informed_on": "2025-02-03"},
            headers={"If-Match": 'W/"1"'},
        ),
        422,
    )
    told = json_body(
        expect_status(
            api.post(
                informed,
                {"danger_statement_id": made["id"], "version": 1, "informed_on": "2025-02-03"},
                headers={"If-Match": 'W/"1"'},
            ),
            200,
            201,
        )
    )
    check(
        told["informed_of_all_current"] is True,
        "informed of all current statements after being told",
        repr(told["informed"]),
    )
    expect_status(
        api.patch(
            f"/v1/danger-statements/{made['id']}",
            {"worried_about": f"{make.run_id}: re-worded with the family."},
            headers={"If-Match": 'W/"1"'},
        ),
        200,
    )
    after = json_body(expect_status(api.get(f"/v1/network-members/{member['id']}"), 200))
    check(
        after["informed_of_all_current"] is False,
        "not informed once the statement is re-worded",
        repr(after["informed"]),
    )
    check(
        after["version"] == told["version"],
        "no new member version for the derived status",
        f"version {told['version']} -> {after['version']}",
    )


@pytest.mark.check("SOS-CHK-PLAN-002")
@requirement("SOS-PLAN-002")
def test_agreed_plan_needs_rules_with_people_and_statements(api: Api, make: Factory) -> None:
    """An agreed plan without rules, or with a rule naming a person outside the case, is 422."""
    the_case, child = make.case_with_child()
    made = statement(make, the_case["id"], child["id"])
    member = network_member(make, the_case["id"])
    path = f"/v1/cases/{the_case['id']}/safety-plans"
    agreed = {"plan_status": "AGREED", "agreed_on": "2025-03-01", "review_by": "2025-05-01"}
    expect_problem(api.post(path, plan_body(**agreed, rules=[])), 422)
    stranger = make.person(family_name="Stranger", date_of_birth="1980-01-01")
    bad_rule = {
        "text": "Stranger checks in daily",
        "responsible_person_ids": [stranger["id"]],
        "addresses_statement_ids": [made["id"]],
    }
    expect_problem(api.post(path, plan_body(**agreed, rules=[bad_rule])), 422)
    check(all_items(api, path) == [], "no plan saved", "a refused plan was saved")
    rule = {
        **bad_rule,
        "text": "Grandmother checks in daily",
        "responsible_person_ids": [member["person_id"]],
    }
    expect_status(api.post(path, plan_body(**agreed, rules=[rule])), 201)


@pytest.mark.check("SOS-CHK-PLAN-003")
@requirement("SOS-PLAN-003", "SOS-PLAN-001")
def test_agreed_plan_dates_and_versions(api: Api, make: Factory) -> None:
    """Agreed needs agreed_on and review_by within 3 months; a new version supersedes the old."""
    the_case, child = make.case_with_child()
    made = statement(make, the_case["id"], child["id"])
    member = network_member(make, the_case["id"])
    path = f"/v1/cases/{the_case['id']}/safety-plans"
    rules = [
        {
            "text": "Grandmother checks in daily",
            "responsible_person_ids": [member["person_id"]],
            "addresses_statement_ids": [made["id"]],
        }
    ]
    expect_problem(api.post(path, plan_body(plan_status="AGREED", review_by="2025-05-01", rules=rules)), 422)
    expect_problem(
        api.post(
            path, plan_body(plan_status="AGREED", agreed_on="2025-03-01", review_by="2025-07-15", rules=rules)
        ),
        422,
    )
    expect_problem(
        api.post(
            path, plan_body(plan_status="AGREED", agreed_on="2025-03-01", review_by="2025-02-15", rules=rules)
        ),
        422,
    )
    first = make.created(
        path, plan_body(plan_status="AGREED", agreed_on="2025-03-01", review_by="2025-06-01", rules=rules)
    )
    second = make.created(path, plan_body())
    check(
        (first["plan_version"], second["plan_version"]) == (1, 2),
        "plan versions 1 and 2",
        str((first["plan_version"], second["plan_version"])),
    )
    old = json_body(expect_status(api.get(f"/v1/safety-plans/{first['id']}"), 200))
    check(old["plan_status"] == "SUPERSEDED", "the first version SUPERSEDED", old["plan_status"])
    expect_problem(
        api.patch(
            f"/v1/safety-plans/{first['id']}",
            {"review_by": "2025-05-01"},
            headers={"If-Match": f'W/"{old["version"]}"'},
        ),
        409,
        422,
    )


@pytest.mark.check("SOS-CHK-PLAN-004")
@requirement("SOS-NET-005")
def test_transition_carries_the_network_and_plan_forward(api: Api, make: Factory) -> None:
    """A stage transition lists the network members and the current plan in carried_forward."""
    the_case, child = make.case_with_child()
    expect_status(make.move(the_case["id"], child["id"], "CIN", "2025-02-01"), 201)
    member = network_member(make, the_case["id"])
    plan = make.created(f"/v1/cases/{the_case['id']}/safety-plans", plan_body())
    moved = json_body(
        expect_status(make.move(the_case["id"], child["id"], "CP", "2025-02-20", **CP_OVERRIDE), 201)
    )
    carried = json.dumps(moved.get("carried_forward"))
    for what, record_id in (("network member", member["id"]), ("safety plan", plan["id"])):
        check(record_id in carried, f"the {what} {record_id} in carried_forward", carried[:500])
    after = json_body(expect_status(api.get(f"/v1/network-members/{member['id']}"), 200))
    check(
        after["version"] == member["version"] and after["status"] == "active",
        "the member carried on unchanged",
        f"version {after['version']}, status {after['status']}",
    )


@pytest.mark.check("SOS-CHK-PLAN-005")
@requirement("SOS-NET-001")
def test_network_member_once_and_leaving_after_joining(api: Api, make: Factory) -> None:
    """A person is a current network member once (409); leaving before joining is 422."""
    the_case, _ = make.case_with_child()
    member = network_member(make, the_case["id"])
    again = api.post(
        f"/v1/cases/{the_case['id']}/network/members",
        {
            "person_id": member["person_id"],
            "relationship_to_child": "GRANDPARENT",
            "roles": ["MONITOR"],
            "naturally_connected": True,
            "joined_on": "2025-02-05",
        },
    )
    expect_problem(again, 409)
    expect_problem(
        api.post(
            f"/v1/cases/{the_case['id']}/network/members",
            {
                "person_id": make.person()["id"],
                "relationship_to_child": "GRANDPARENT",
                "roles": [],
                "naturally_connected": True,
                "joined_on": "2025-02-05",
            },
        ),
        422,
    )
    expect_problem(
        api.patch(
            f"/v1/network-members/{member['id']}", {"left_on": "2025-01-01"}, headers={"If-Match": 'W/"1"'}
        ),
        422,
    )


@pytest.mark.check("SOS-CHK-PLAN-006")
@requirement("SOS-NET-004")
def test_network_meeting_needs_attendees_purpose_and_decisions(api: Api, make: Factory) -> None:
    """A meeting without attendees or decisions is 422; attendees by member id or by name are fine."""
    the_case, _ = make.case_with_child()
    member = network_member(make, the_case["id"])
    path = f"/v1/cases/{the_case['id']}/network/meetings"
    body = {
        "held_on": "2025-02-10",
        "purpose": "Agree the safety plan",
        "decisions": "Grandmother checks in daily",
        "attendees": [{"network_member_id": member["id"]}, {"name": "Head teacher"}],
    }
    expect_problem(api.post(path, {**body, "attendees": []}), 422)
    expect_problem(api.post(path, {**body, "decisions": ""}), 422)
    expect_status(api.post(path, body), 201)


@pytest.mark.check("SOS-CHK-PLAN-014")
@requirement("SOS-NET-004")
def test_network_meeting_works_from_a_map_version_of_its_case(api: Api, make: Factory) -> None:
    """A meeting may name the map version it worked from: one of its case's is kept and read back;
    another case's map, and a map entered in error, are refused naming map_id."""
    the_case, _ = make.case_with_child()
    other_case, _ = make.case_with_child()
    first_map = {"context": ["ASSESSMENT"], "mapped_on": "2025-02-02"}
    ours = make.created(f"/v1/cases/{the_case['id']}/maps", first_map)
    theirs = make.created(f"/v1/cases/{other_case['id']}/maps", first_map)
    wrong = make.created(f"/v1/cases/{the_case['id']}/maps", {**first_map, "mapped_on": "2025-02-03"})
    marked = api.post(
        f"/v1/maps/{wrong['id']}/entered-in-error",
        {"reason": "Conformance: mapped on the wrong case"},
        headers={"If-Match": f'W/"{wrong["version"]}"'},
    )
    expect_status(marked, 200)
    path = f"/v1/cases/{the_case['id']}/network/meetings"
    body = {
        "held_on": "2025-02-10",
        "purpose": "Tell the network about the worries",
        "decisions": "Grandmother checks in daily",
        "attendees": [{"name": "Head teacher"}],
    }
    for not_ours, what in ((theirs["id"], "another case's map"), (wrong["id"], "a map entered in error")):
        problem = expect_problem(api.post(path, {**body, "map_id": not_ours}), 422)
        pointers = [e.get("pointer") for e in problem.get("errors") or []]
        check("/map_id" in pointers, f"{what} refused naming /map_id", repr(pointers))
    made = json_body(expect_status(api.post(path, {**body, "map_id": ours["id"]}), 201))
    read = json_body(expect_status(api.get(f"/v1/network-meetings/{made['id']}"), 200))
    check(read.get("map_id") == ours["id"], f"map_id {ours['id']} read back", repr(read.get("map_id")))


@pytest.mark.check("SOS-CHK-PLAN-015")
@requirement("SOS-NET-008")
def test_a_network_member_a_meeting_names_is_not_entered_in_error(api: Api, make: Factory) -> None:
    """A network member named as a meeting's attendee is not marked entered in error (409 naming the
    requirement, the member still active); once the meeting no longer names them, they are."""
    the_case, _ = make.case_with_child()
    member = network_member(make, the_case["id"])
    meeting = make.created(
        f"/v1/cases/{the_case['id']}/network/meetings",
        {
            "held_on": "2025-02-10",
            "purpose": "Agree the safety plan",
            "decisions": "Grandmother checks in daily",
            "attendees": [{"network_member_id": member["id"]}, {"name": "Head teacher"}],
        },
    )
    member_path = f"/v1/network-members/{member['id']}"

    def mark() -> Any:
        etag = etag_of(expect_status(api.get(member_path), 200))
        marking = {"reason": "Conformance: added to the wrong case"}
        return api.post(f"{member_path}/entered-in-error", marking, headers={"If-Match": etag})

    expect_refusal(mark(), 409, "SOS-NET-008")
    kept = json_body(expect_status(api.get(member_path), 200))
    check(kept.get("status") == "active", "the member still active", repr(kept.get("status")))
    amended(
        api,
        f"/v1/network-meetings/{meeting['id']}",
        {"attendees": [{"name": "Head teacher"}], "effective_on": "2025-02-11"},
    )
    marked = json_body(expect_status(mark(), 200))
    check(
        marked.get("status") == "entered_in_error",
        "marked once nothing names them",
        repr(marked.get("status")),
    )


@pytest.mark.check("SOS-CHK-PLAN-007")
@requirement("SOS-PLAN-004")
def test_plan_review_records_each_rule_once(api: Api, make: Factory) -> None:
    """A draft cannot be reviewed; results name rules of the plan by position, each at most once."""
    the_case, child = make.case_with_child()
    made = statement(make, the_case["id"], child["id"])
    member = network_member(make, the_case["id"])
    path = f"/v1/cases/{the_case['id']}/safety-plans"
    draft = make.created(path, plan_body())
    expect_problem(
        api.post(
            f"/v1/safety-plans/{draft['id']}/reviews",
            {"reviewed_on": "2025-04-01", "rule_results": [{"rule_index": 1, "kept": "YES"}]},
        ),
        409,
        422,
    )
    rules = [
        {
            "text": "Grandmother checks in daily",
            "responsible_person_ids": [member["person_id"]],
            "addresses_statement_ids": [made["id"]],
        }
    ]
    agreed = make.created(
        path, plan_body(plan_status="AGREED", agreed_on="2025-03-01", review_by="2025-05-01", rules=rules)
    )
    reviews = f"/v1/safety-plans/{agreed['id']}/reviews"
    expect_problem(
        api.post(reviews, {"reviewed_on": "2025-04-01", "rule_results": [{"rule_index": 2, "kept": "YES"}]}),
        422,
    )
    expect_problem(
        api.post(
            reviews,
            {
                "reviewed_on": "2025-04-01",
                "rule_results": [{"rule_index": 1, "kept": "YES"}, {"rule_index": 1, "kept": "NO"}],
            },
        ),
        422,
    )
    expect_status(
        api.post(
            reviews, {"reviewed_on": "2025-04-01", "rule_results": [{"rule_index": 1, "kept": "PARTLY"}]}
        ),
        201,
    )


def voice_body(case_id: str, tool: str = "THREE_HOUSES", **extra: Any) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "tool": tool,
        "recorded_on": "2025-02-15",
        "worker": "Conformance Worker",
        "read_back_to_child": True,
        "items": [
            {"section": "WORRIES", "child_words": "When Dad shouts I hide under my bed, and I'm scared!"}
        ],
        **extra,
    }


@pytest.mark.check("SOS-CHK-PLAN-008")
@requirement("SOS-VOICE-001", "SOS-VOICE-004")
def test_voice_is_for_a_child_of_the_case_and_only_that_child(api: Api, make: Factory) -> None:
    """A voice record for a child outside the case is 422; it shows in the child's journey only."""
    the_case, child = make.case_with_child()
    sibling = make.person()
    make.member(the_case["id"], sibling["id"])
    stranger = make.person()
    expect_problem(api.post(f"/v1/children/{stranger['id']}/voice", voice_body(the_case["id"])), 422)
    record = make.created(f"/v1/children/{child['id']}/voice", voice_body(the_case["id"]))
    mine = json_body(expect_status(api.get(f"/v1/children/{child['id']}/journey"), 200))
    theirs = json_body(expect_status(api.get(f"/v1/children/{sibling['id']}/journey"), 200))
    check(record["id"] in {e["record_id"] for e in mine["entries"]}, "in the child's journey", "missing")
    check(
        record["id"] not in {e["record_id"] for e in theirs["entries"]},
        "not in the sibling's journey",
        "listed in the sibling's journey",
    )


@pytest.mark.check("SOS-CHK-PLAN-009")
@requirement("SOS-VOICE-002")
def test_voice_keeps_the_words_in_the_tool_sections(api: Api, make: Factory) -> None:
    """The child's words come back exactly; a section of another tool is 422."""
    the_case, child = make.case_with_child()
    path = f"/v1/children/{child['id']}/voice"
    record = make.created(path, voice_body(the_case["id"]))
    check(
        record["items"][0]["child_words"] == voice_body(the_case["id"])["items"][0]["child_words"],
        "the child's words exactly as given",
        repr(record["items"][0]["child_words"]),
    )
    wrong = voice_body(the_case["id"], items=[{"section": "PEOPLE_INSIDE", "child_words": "Nan"}])
    expect_problem(api.post(path, wrong), 422)
    house = voice_body(
        the_case["id"], tool="SAFETY_HOUSE", items=[{"section": "DREAMS", "child_words": "A dog"}]
    )
    expect_problem(api.post(path, house), 422)


@pytest.mark.check("SOS-CHK-PLAN-010")
@requirement("SOS-VOICE-003")
def test_safety_path_position_only_on_a_safety_house(api: Api, make: Factory) -> None:
    """A safety path position is 0 to 10 and only on a SAFETY_HOUSE record."""
    the_case, child = make.case_with_child()
    path = f"/v1/children/{child['id']}/voice"
    items = [{"section": "PEOPLE_INSIDE", "child_words": "Nan and me"}]
    expect_problem(
        api.post(path, voice_body(the_case["id"], tool="SAFETY_HOUSE", items=items, safety_path_position=11)),
        422,
    )
    expect_problem(api.post(path, voice_body(the_case["id"], safety_path_position=5)), 422)
    expect_status(
        api.post(path, voice_body(the_case["id"], tool="SAFETY_HOUSE", items=items, safety_path_position=5)),
        201,
    )


def words_body(child_id: str, **extra: Any) -> dict[str, Any]:
    return {"purpose": "WHY_INVOLVED", "audience_children": [child_id], "document_status": "DRAFT", **extra}


@pytest.mark.check("SOS-CHK-PLAN-011")
@requirement("SOS-WP-001")
def test_words_and_pictures_for_a_child_of_the_case(api: Api, make: Factory) -> None:
    """Words and pictures for a child outside the case is 422."""
    the_case, child = make.case_with_child()
    path = f"/v1/cases/{the_case['id']}/words-and-pictures"
    expect_problem(api.post(path, words_body(make.person()["id"])), 422)
    expect_status(api.post(path, words_body(child["id"])), 201)


@pytest.mark.check("SOS-CHK-PLAN-012")
@requirement("SOS-WP-002")
def test_shared_words_and_pictures_has_a_shared_date(api: Api, make: Factory) -> None:
    """SHARED needs shared_on; a draft with shared_on is 422."""
    the_case, child = make.case_with_child()
    path = f"/v1/cases/{the_case['id']}/words-and-pictures"
    expect_problem(api.post(path, words_body(child["id"], document_status="SHARED")), 422)
    expect_problem(api.post(path, words_body(child["id"], shared_on="2025-03-01")), 422)
    expect_status(
        api.post(path, words_body(child["id"], document_status="SHARED", shared_on="2025-03-01")), 201
    )


@pytest.mark.check("SOS-CHK-PLAN-013")
@requirement("SOS-TRAJ-001", "SOS-TRAJ-002")
def test_trajectory_in_planned_order_without_entered_in_error(api: Api, make: Factory) -> None:
    """Milestones come in planned-date order, entered in error left out; DONE needs its actual date."""
    the_case, _ = make.case_with_child()
    path = f"/v1/cases/{the_case['id']}/milestones"
    expect_problem(
        api.post(path, {"description": "Done", "planned_date": "2025-03-01", "milestone_status": "DONE"}), 422
    )
    expect_problem(
        api.post(
            path,
            {
                "description": "Planned",
                "planned_date": "2025-03-01",
                "milestone_status": "PLANNED",
                "actual_date": "2025-03-01",
            },
        ),
        422,
    )
    late = make.created(
        path, {"description": "Late", "planned_date": "2025-06-01", "milestone_status": "PLANNED"}
    )
    early = make.created(
        path,
        {
            "description": "Early",
            "planned_date": "2025-03-01",
            "milestone_status": "DONE",
            "actual_date": "2025-03-02",
        },
    )
    wrong = make.created(
        path, {"description": "Wrong", "planned_date": "2025-04-01", "milestone_status": "PLANNED"}
    )
    expect_status(
        api.post(
            f"/v1/milestones/{wrong['id']}/entered-in-error",
            {"reason": "Conformance: wrong"},
            headers={"If-Match": 'W/"1"'},
        ),
        200,
    )
    trajectory = json_body(expect_status(api.get(f"/v1/cases/{the_case['id']}/trajectory"), 200))
    ids = [m["id"] for m in trajectory["milestones"]]
    check(
        ids == [early["id"], late["id"]], "the early then the late milestone, without the wrong one", str(ids)
    )
