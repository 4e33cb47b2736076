"""The safety network, safety plans, the child's voice, words and pictures and the trajectory:
each rule refuses with a problem naming its requirement, and a refusal writes nothing."""

from __future__ import annotations

import uuid
from typing import Any

from service.contract import examples
from service.models import AuditEvent
from service.models.planning import (
    ChildVoiceRecord,
    Milestone,
    NetworkMeeting,
    NetworkMember,
    SafetyPlan,
    SafetyPlanReview,
    WordsAndPictures,
)
from tests.support import assert_problem, count, move, person
from tests.support.assessment import map_body
from tests.support.planning import (
    counts,
    etag_headers,
    family,
    history,
    milestone_body,
    network_member,
    plan_body,
    refused,
    voice_body,
)

# --- Safety network -------------------------------------------------------------------------


def test_informed_is_derived_and_resets_when_a_statement_is_reworded(api, db):
    fam = family(api)
    member = network_member(api, fam["case_id"])
    assert member["informed"][0]["informed_of_current"] is False
    assert member["informed_of_all_current"] is False

    statement = fam["statement"]
    informed = api.created(
        f"/v1/network-members/{member['id']}/informed",
        examples.body(
            "record_network_member_informed",
            danger_statement_id=statement["id"],
            version=statement["version"],
            informed_on="2025-04-02",
        ),
    )
    assert informed["version"] == 2
    assert informed["informed_of_all_current"] is True
    assert informed["informed"] == [
        {
            "danger_statement_id": statement["id"],
            "current_version": 1,
            "worded_in_version": 1,
            "informed_of_current": True,
            "informed_on": "2025-04-02",
            "last_informed_version": 1,
        }
    ]

    reworded = api.patch(
        f"/v1/danger-statements/{statement['id']}",
        {"worried_about": "The child misses school and comes in hungry after night shifts."},
        headers=etag_headers(statement),
    )
    assert reworded.status_code == 200, reworded.text
    assert reworded.json()["version"] == 2

    now = api.get(f"/v1/network-members/{member['id']}").json()
    assert now["version"] == 2, "the member record itself did not change"
    assert now["informed_of_all_current"] is False
    assert now["informed"][0]["informed_of_current"] is False
    assert now["informed"][0]["last_informed_version"] == 1
    assert now["informed_history"] == [
        {"danger_statement_id": statement["id"], "version": 1, "informed_on": "2025-04-02"}
    ]

    api.created(
        f"/v1/network-members/{member['id']}/informed",
        examples.body(
            "record_network_member_informed",
            danger_statement_id=statement["id"],
            version=2,
            informed_on="2025-04-20",
        ),
    )
    assert api.get(f"/v1/network-members/{member['id']}").json()["informed_of_all_current"] is True
    versions = history(api, f"/v1/network-members/{member['id']}")
    assert [v["change"] for v in versions] == ["create", "informed", "informed"]


def test_informed_follows_the_wording_not_every_version(api):
    """Amending only a goal's sustain_from keeps everyone told the wording informed; re-wording the goal
    then makes them not informed, and telling them a version from the new wording on informs them."""
    fam = family(api)
    member = network_member(api, fam["case_id"])
    statement = fam["statement"]
    path = f"/v1/danger-statements/{statement['id']}"
    told = {"danger_statement_id": statement["id"], "version": 1, "informed_on": "2025-04-02"}
    api.created(f"/v1/network-members/{member['id']}/informed", told)

    dated = api.patch(path, {"goal": {"sustain_from": "2025-04-10"}}, headers=etag_headers(statement))
    assert dated.status_code == 200, dated.text
    assert (dated.json()["version"], dated.json()["worded_in_version"]) == (2, 1)
    now = api.get(f"/v1/network-members/{member['id']}").json()
    assert now["informed_of_all_current"] is True
    assert now["informed"][0] | {"danger_statement_id": None} == {
        "danger_statement_id": None,
        "current_version": 2,
        "worded_in_version": 1,
        "informed_of_current": True,
        "informed_on": "2025-04-02",
        "last_informed_version": 1,
    }

    reworded = api.patch(
        path,
        {"goal": {"parent_actions": "Maya asks Pat to stay over on night shifts."}},
        headers=etag_headers(dated.json()),
    )
    assert (reworded.json()["version"], reworded.json()["worded_in_version"]) == (3, 3)
    assert api.get(f"/v1/network-members/{member['id']}").json()["informed_of_all_current"] is False
    api.created(
        f"/v1/network-members/{member['id']}/informed", {**told, "version": 2, "informed_on": "2025-04-12"}
    )
    assert api.get(f"/v1/network-members/{member['id']}").json()["informed_of_all_current"] is False
    api.created(
        f"/v1/network-members/{member['id']}/informed", {**told, "version": 3, "informed_on": "2025-04-20"}
    )
    assert api.get(f"/v1/network-members/{member['id']}").json()["informed_of_all_current"] is True


def test_informed_is_worked_out_in_one_query_for_a_page(api):
    """The derived informed status of a page of members costs one query of the statements, not one
    per member."""
    from sqlalchemy import event

    from service.db import get_engine

    fam = family(api)
    for _ in range(5):
        network_member(api, fam["case_id"])
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        if "FROM danger_statements" in sql:
            statements.append(sql)

    event.listen(get_engine(), "before_cursor_execute", seen)
    try:
        page = api.get(f"/v1/cases/{fam['case_id']}/network/members")
    finally:
        event.remove(get_engine(), "before_cursor_execute", seen)
    assert page.status_code == 200, page.text
    assert len(page.json()["items"]) == 5
    assert all(m["informed_of_all_current"] is False for m in page.json()["items"])
    assert len(statements) == 1, statements


def test_informing_of_a_version_not_reached_or_another_case_writes_nothing(api, db):
    fam = family(api)
    other = family(api)
    member = network_member(api, fam["case_id"])
    path = f"/v1/network-members/{member['id']}/informed"
    statement = fam["statement"]
    refused(
        api,
        db,
        [NetworkMember],
        path,
        {"danger_statement_id": statement["id"], "version": 2, "informed_on": "2025-04-02"},
        422,
        "SOS-NET-002",
    )
    refused(
        api,
        db,
        [NetworkMember],
        path,
        {"danger_statement_id": other["statement"]["id"], "version": 1, "informed_on": "2025-04-02"},
        422,
        "SOS-NET-002",
    )
    assert api.get(f"/v1/network-members/{member['id']}").json()["version"] == 1


def test_a_person_is_a_current_network_member_once(api, db):
    fam = family(api)
    member = network_member(api, fam["case_id"])
    path = f"/v1/cases/{fam['case_id']}/network/members"
    body = examples.body(
        "create_network_member", person_id=member["person_id"], roles=["MONITOR"], joined_on="2025-05-01"
    )
    refused(api, db, [NetworkMember], path, body, 409, "SOS-NET-001")
    refused(api, db, [NetworkMember], path, {**body, "roles": []}, 422, None)
    refused(api, db, [NetworkMember], path, {**body, "roles": ["NOT_A_ROLE"]}, 422, None)
    refused(
        api,
        db,
        [NetworkMember],
        f"/v1/network-members/{member['id']}",
        {"left_on": "2025-01-01"},
        422,
        "SOS-NET-001",
        method="patch",
        headers=etag_headers(member),
    )
    left = api.patch(
        f"/v1/network-members/{member['id']}", {"left_on": "2025-09-01"}, headers=etag_headers(member)
    )
    assert left.status_code == 200, left.text
    assert [v["version"] for v in history(api, f"/v1/network-members/{member['id']}")] == [1, 2]
    network_member(api, fam["case_id"], person_id=member["person_id"], joined_on="2025-10-01")


def test_network_member_of_another_authority_is_not_found(api, other_api):
    fam = family(api)
    member = network_member(api, fam["case_id"])
    assert other_api.get(f"/v1/network-members/{member['id']}").status_code == 404
    assert other_api.get(f"/v1/cases/{fam['case_id']}/network/members").status_code == 404


def test_network_meetings_name_members_of_this_case(api, db):
    fam = family(api)
    other = family(api)
    mine = network_member(api, fam["case_id"])
    theirs = network_member(api, other["case_id"])
    path = f"/v1/cases/{fam['case_id']}/network/meetings"
    body = examples.body(
        "create_network_meeting",
        purpose="Start the plan.",
        decisions="Daily check-ins.",
        attendees=[{"network_member_id": mine["id"]}, {"name": "Test worker"}],
    )
    refused(
        api,
        db,
        [NetworkMeeting],
        path,
        {**body, "attendees": [{"network_member_id": theirs["id"]}]},
        422,
        "SOS-NET-004",
    )
    refused(
        api,
        db,
        [NetworkMeeting],
        path,
        {**body, "attendees": [{"name": "x", "network_member_id": mine["id"]}]},
        422,
        None,
    )
    meeting = api.created(path, body)
    listed = api.get(path).json()["items"]
    assert [m["id"] for m in listed] == [meeting["id"]]
    amended = api.patch(
        f"/v1/network-meetings/{meeting['id']}",
        {"decisions": "Daily check-ins by Nana."},
        headers=etag_headers(meeting),
    )
    assert amended.status_code == 200, amended.text
    assert [v["change"] for v in history(api, f"/v1/network-meetings/{meeting['id']}")] == ["create", "amend"]


def test_a_network_meeting_names_a_map_version_of_its_own_case(api, db):
    """SOS-NET-004: the map version a meeting worked from is one of its case's, not entered in error,
    on create and on amendment; refused naming map_id, nothing written."""
    fam, other = family(api), family(api)
    ours = api.created(f"/v1/cases/{fam['case_id']}/maps", map_body(fam["child"]["id"]))
    theirs = api.created(f"/v1/cases/{other['case_id']}/maps", map_body(other["child"]["id"]))
    wrong = api.created(f"/v1/cases/{fam['case_id']}/maps", map_body(fam["child"]["id"]))
    marked = api.post(
        f"/v1/maps/{wrong['id']}/entered-in-error", {"reason": "Wrong family."}, headers=etag_headers(wrong)
    )
    assert marked.status_code == 200, marked.text
    path = f"/v1/cases/{fam['case_id']}/network/meetings"
    body = examples.body("create_network_meeting", attendees=[{"name": "Test worker"}])
    for not_ours in (theirs["id"], wrong["id"], str(uuid.uuid4())):
        problem = refused(api, db, [NetworkMeeting], path, {**body, "map_id": not_ours}, 422, "SOS-NET-004")
        assert [e["pointer"] for e in problem["errors"]] == ["/map_id"], problem
    meeting = api.created(path, {**body, "map_id": ours["id"]})
    assert meeting["map_id"] == ours["id"]
    item = f"/v1/network-meetings/{meeting['id']}"
    moved = api.patch(item, {"map_id": theirs["id"]}, headers=etag_headers(meeting))
    assert assert_problem(moved, 422)["errors"][0]["pointer"] == "/map_id"
    assert api.get(item).json()["map_id"] == ours["id"]
    cleared = api.patch(item, {"map_id": None}, headers=etag_headers(meeting))
    assert cleared.status_code == 200 and cleared.json()["map_id"] is None, cleared.text


# --- Safety plans ---------------------------------------------------------------------------


def test_agreed_plan_needs_rules_responsible_people_and_statements(api, db):
    fam = family(api)
    path = f"/v1/cases/{fam['case_id']}/safety-plans"
    good = plan_body(fam)
    rule = good["rules"][0]
    refused(api, db, [SafetyPlan], path, {**good, "rules": []}, 422, "SOS-PLAN-002")
    problem = refused(
        api,
        db,
        [SafetyPlan],
        path,
        {**good, "rules": [{**rule, "responsible_person_ids": []}]},
        422,
        "SOS-PLAN-002",
    )
    assert problem["errors"][0]["pointer"] == "/rules/0/responsible_person_ids"
    problem = refused(
        api,
        db,
        [SafetyPlan],
        path,
        {**good, "rules": [{**rule, "addresses_statement_ids": []}]},
        422,
        "SOS-PLAN-002",
    )
    assert problem["errors"][0]["pointer"] == "/rules/0/addresses_statement_ids"
    stranger = person(api, given_name="Stranger", date_of_birth="1980-01-01")
    refused(api, db, [SafetyPlan], path, plan_body(fam, responsible=stranger["id"]), 422, "SOS-PLAN-002")
    other = family(api)
    refused(
        api,
        db,
        [SafetyPlan],
        path,
        {**good, "rules": [{**rule, "addresses_statement_ids": [other["statement"]["id"]]}]},
        422,
        "SOS-PLAN-002",
    )
    refused(api, db, [SafetyPlan], path, {**good, "plan_status": "ACTIVE", "rules": []}, 422, "SOS-PLAN-002")
    refused(api, db, [SafetyPlan], path, {**good, "plan_status": "SUPERSEDED"}, 422, "SOS-PLAN-001")
    # A draft may be incomplete; a network member may be responsible.
    draft = api.created(path, {**good, "plan_status": "DRAFT", "rules": [], "agreed_on": None})
    assert draft["plan_version"] == 1
    member = network_member(api, fam["case_id"])
    plan = api.created(path, plan_body(fam, responsible=member["person_id"]))
    assert plan["plan_version"] == 2 and plan["supersedes_id"] == draft["id"]


def test_review_by_is_at_most_three_months_after_agreement(api, db):
    fam = family(api)
    path = f"/v1/cases/{fam['case_id']}/safety-plans"
    problem = refused(
        api, db, [SafetyPlan], path, plan_body(fam, review_by="2025-07-17"), 422, "SOS-PLAN-003"
    )
    assert problem["errors"][0]["pointer"] == "/review_by"
    refused(api, db, [SafetyPlan], path, plan_body(fam, review_by="2025-04-15"), 422, "SOS-PLAN-003")
    refused(api, db, [SafetyPlan], path, plan_body(fam, agreed_on=None), 422, "SOS-PLAN-003")
    draft = api.created(path, plan_body(fam, plan_status="DRAFT", agreed_on=None, review_by="2026-01-01"))
    refused(
        api,
        db,
        [SafetyPlan],
        f"/v1/safety-plans/{draft['id']}",
        {"plan_status": "AGREED", "agreed_on": "2025-04-16"},
        422,
        "SOS-PLAN-003",
        method="patch",
        headers=etag_headers(draft),
    )
    agreed = api.patch(
        f"/v1/safety-plans/{draft['id']}",
        {"plan_status": "AGREED", "agreed_on": "2025-10-01", "review_by": "2025-12-31"},
        headers=etag_headers(draft),
    )
    assert agreed.status_code == 200, agreed.text
    assert agreed.json()["plan_status"] == "AGREED"


def test_a_new_plan_version_supersedes_the_current_one(api, db):
    fam = family(api)
    path = f"/v1/cases/{fam['case_id']}/safety-plans"
    v1 = api.created(path, plan_body(fam))
    v2 = api.created(path, plan_body(fam, agreed_on="2025-10-01", review_by="2025-12-15"))
    assert (v2["plan_version"], v2["supersedes_id"]) == (2, v1["id"])
    old = api.get(f"/v1/safety-plans/{v1['id']}").json()
    assert old["plan_status"] == "SUPERSEDED" and old["version"] == 2
    versions = history(api, f"/v1/safety-plans/{v1['id']}")
    assert [(v["change"], v["data"]["plan_status"]) for v in versions] == [
        ("create", "AGREED"),
        ("superseded", "SUPERSEDED"),
    ]
    refused(
        api,
        db,
        [SafetyPlan],
        f"/v1/safety-plans/{v1['id']}",
        {"plan_status": "ACTIVE"},
        409,
        "SOS-PLAN-001",
        method="patch",
        headers=etag_headers(old),
    )
    refused(
        api,
        db,
        [SafetyPlan],
        f"/v1/safety-plans/{v2['id']}",
        {"plan_status": "SUPERSEDED"},
        422,
        "SOS-PLAN-001",
        method="patch",
        headers=etag_headers(v2),
    )
    listed = api.get(path).json()["items"]
    assert sorted(p["plan_version"] for p in listed) == [1, 2]


def test_plan_reviews_record_whether_each_rule_held(api, db):
    fam = family(api)
    plan = api.created(f"/v1/cases/{fam['case_id']}/safety-plans", plan_body(fam))
    path = f"/v1/safety-plans/{plan['id']}/reviews"
    refused(
        api,
        db,
        [SafetyPlanReview],
        path,
        {"reviewed_on": "2025-05-30", "rule_results": [{"rule_index": 2, "kept": "NO"}]},
        422,
        "SOS-PLAN-004",
    )
    refused(
        api,
        db,
        [SafetyPlanReview],
        path,
        {
            "reviewed_on": "2025-05-30",
            "rule_results": [{"rule_index": 1, "kept": "NO"}, {"rule_index": 1, "kept": "YES"}],
        },
        422,
        "SOS-PLAN-004",
    )
    refused(
        api,
        db,
        [SafetyPlanReview],
        path,
        {"reviewed_on": "2025-05-30", "rule_results": [{"rule_index": 1, "kept": "MAYBE"}]},
        422,
        None,
    )
    review = api.created(
        path,
        examples.body(
            "create_safety_plan_review",
            rule_results=[{"rule_index": 1, "kept": "NO", "note": "Visitor found at night."}],
        ),
    )
    assert review["rule_results"] == [{"rule_index": 1, "kept": "NO", "note": "Visitor found at night."}]
    assert [r["id"] for r in api.get(path).json()["items"]] == [review["id"]]
    assert [v["change"] for v in history(api, f"/v1/safety-plan-reviews/{review['id']}")] == ["create"]
    draft = api.created(f"/v1/cases/{fam['case_id']}/safety-plans", plan_body(fam, plan_status="DRAFT"))
    refused(
        api,
        db,
        [SafetyPlanReview],
        f"/v1/safety-plans/{draft['id']}/reviews",
        {"reviewed_on": "2025-05-30", "rule_results": [{"rule_index": 1, "kept": "NO"}]},
        422,
        "SOS-PLAN-004",
    )


# --- The child's voice ----------------------------------------------------------------------


def test_three_houses_takes_only_its_own_sections(api, db):
    fam = family(api)
    path = f"/v1/children/{fam['child']['id']}/voice"
    body = voice_body(
        fam,
        items=[
            {"section": "WORRIES", "child_words": "shouting"},
            {"section": "PEOPLE_INSIDE", "child_words": "Nana"},
        ],
    )
    problem = refused(api, db, [ChildVoiceRecord], path, body, 422, "SOS-VOICE-002")
    assert problem["errors"][0]["pointer"] == "/items/1/section"
    refused(
        api,
        db,
        [ChildVoiceRecord],
        path,
        voice_body(fam, tool="SAFETY_HOUSE", items=[{"section": "DREAMS", "child_words": "a dog"}]),
        422,
        "SOS-VOICE-002",
    )
    refused(
        api,
        db,
        [ChildVoiceRecord],
        path,
        voice_body(fam, items=[{"section": "WORRIES", "child_words": " "}]),
        422,
        None,
    )
    record = api.created(path, voice_body(fam))
    assert record["items"][0]["child_words"] == "shouting at night"
    refused(
        api,
        db,
        [ChildVoiceRecord],
        f"/v1/child-voice-records/{record['id']}",
        {"items": [{"section": "SAFETY_RULES", "child_words": "no shouting"}]},
        422,
        "SOS-VOICE-002",
        method="patch",
        headers=etag_headers(record),
    )
    amended = api.patch(
        f"/v1/child-voice-records/{record['id']}",
        {"items": [{"section": "DREAMS", "child_words": "mummy not tired"}]},
        headers=etag_headers(record),
    )
    assert amended.status_code == 200, amended.text
    assert [v["version"] for v in history(api, f"/v1/child-voice-records/{record['id']}")] == [1, 2]


def test_safety_path_is_0_to_10_and_only_for_safety_house(api, db):
    fam = family(api)
    path = f"/v1/children/{fam['child']['id']}/voice"
    house = voice_body(fam, tool="SAFETY_HOUSE", items=[{"section": "PEOPLE_INSIDE", "child_words": "Mummy"}])
    refused(api, db, [ChildVoiceRecord], path, {**house, "safety_path_position": 11}, 422, "SOS-VOICE-003")
    refused(api, db, [ChildVoiceRecord], path, {**house, "safety_path_position": -1}, 422, "SOS-VOICE-003")
    refused(api, db, [ChildVoiceRecord], path, voice_body(fam, safety_path_position=4), 422, "SOS-VOICE-003")
    for position in (0, 10):
        assert (
            api.created(path, {**house, "safety_path_position": position})["safety_path_position"] == position
        )


def test_child_voice_is_for_a_child_of_the_case_and_only_in_their_journey(api, db):
    fam = family(api)
    other = family(api)
    refused(
        api,
        db,
        [ChildVoiceRecord],
        f"/v1/children/{fam['child']['id']}/voice",
        voice_body(fam, case_id=other["case_id"]),
        422,
        "SOS-VOICE-001",
    )
    refused(
        api,
        db,
        [ChildVoiceRecord],
        f"/v1/children/{fam['mother']['id']}/voice",
        voice_body(fam),
        422,
        "SOS-VOICE-001",
    )
    record = api.created(f"/v1/children/{fam['child']['id']}/voice", voice_body(fam))
    assert [r["id"] for r in api.get(f"/v1/children/{fam['child']['id']}/voice").json()["items"]] == [
        record["id"]
    ]
    mine = api.get(f"/v1/children/{fam['child']['id']}/journey").json()["entries"]
    sibling = api.get(f"/v1/children/{fam['sibling']['id']}/journey").json()["entries"]
    assert record["id"] in {e["record_id"] for e in mine}
    assert record["id"] not in {e["record_id"] for e in sibling}
    events = db.query(AuditEvent).filter(AuditEvent.record_id == uuid.UUID(record["id"])).all()
    assert {str(e.child_id) for e in events} == {fam["child"]["id"]}
    db.rollback()


# --- Words and pictures ---------------------------------------------------------------------


def test_shared_words_and_pictures_need_the_date_shared(api, db):
    fam = family(api)
    path = f"/v1/cases/{fam['case_id']}/words-and-pictures"
    body = examples.body(
        "create_words_and_pictures",
        audience_children=[fam["child"]["id"]],
        co_authors=["Jo (mother)"],
        document_status="SHARED",
        shared_on="2025-04-14",
    )
    problem = refused(api, db, [WordsAndPictures], path, {**body, "shared_on": None}, 422, "SOS-WP-002")
    assert problem["errors"][0]["pointer"] == "/shared_on"
    refused(api, db, [WordsAndPictures], path, {**body, "document_status": "DRAFT"}, 422, "SOS-WP-002")
    refused(
        api,
        db,
        [WordsAndPictures],
        path,
        {**body, "audience_children": [fam["mother"]["id"]]},
        422,
        "SOS-WP-001",
    )
    refused(api, db, [WordsAndPictures], path, {**body, "audience_children": []}, 422, None)
    draft = api.created(path, {**body, "document_status": "DRAFT", "shared_on": None})
    refused(
        api,
        db,
        [WordsAndPictures],
        f"/v1/words-and-pictures/{draft['id']}",
        {"document_status": "SHARED"},
        422,
        "SOS-WP-002",
        method="patch",
        headers=etag_headers(draft),
    )
    shared = api.patch(
        f"/v1/words-and-pictures/{draft['id']}",
        {"document_status": "SHARED", "shared_on": "2025-04-14"},
        headers=etag_headers(draft),
    )
    assert shared.status_code == 200, shared.text
    versions = history(api, f"/v1/words-and-pictures/{draft['id']}")
    assert [v["data"]["document_status"] for v in versions] == ["DRAFT", "SHARED"]
    assert [w["id"] for w in api.get(path).json()["items"]] == [draft["id"]]


# --- Trajectory and continuity --------------------------------------------------------------


def test_trajectory_in_planned_date_order_and_done_needs_a_date(api, db):
    fam = family(api)
    path = f"/v1/cases/{fam['case_id']}/milestones"
    later = api.created(path, milestone_body("Review conference", "2025-06-12"))
    sooner = api.created(path, milestone_body("Network meeting", "2025-04-03"))
    agreed = milestone_body("Plan agreed", "2025-04-17")
    refused(api, db, [Milestone], path, {**agreed, "milestone_status": "DONE"}, 422, "SOS-TRAJ-002")
    refused(api, db, [Milestone], path, {**agreed, "actual_date": "2025-04-17"}, 422, "SOS-TRAJ-002")
    refused(
        api,
        db,
        [Milestone],
        f"/v1/milestones/{sooner['id']}",
        {"milestone_status": "DONE"},
        422,
        "SOS-TRAJ-002",
        method="patch",
        headers=etag_headers(sooner),
    )
    refused(
        api,
        db,
        [Milestone],
        f"/v1/milestones/{sooner['id']}",
        {"planned_date": None},
        422,
        None,
        method="patch",
        headers=etag_headers(sooner),
    )
    done = api.patch(
        f"/v1/milestones/{sooner['id']}",
        examples.body("amend_milestone", "done", actual_date="2025-04-02"),
        headers=etag_headers(sooner),
    )
    assert done.status_code == 200, done.text
    trajectory = api.get(f"/v1/cases/{fam['case_id']}/trajectory").json()
    assert [m["id"] for m in trajectory["milestones"]] == [sooner["id"], later["id"]]
    assert trajectory["milestones"][0]["milestone_status"] == "DONE"
    assert [v["change"] for v in history(api, f"/v1/milestones/{sooner['id']}")] == ["create", "amend"]


def test_stage_transitions_carry_planning_records_forward(api):
    fam = family(api)
    case_id = fam["case_id"]
    member = network_member(api, case_id)
    plan = api.created(f"/v1/cases/{case_id}/safety-plans", plan_body(fam))
    milestone = api.created(
        f"/v1/cases/{case_id}/milestones", milestone_body("Network meeting", "2025-04-03")
    )
    moved = move(api, case_id, fam["child"]["id"], "EARLY_HELP")
    assert moved.status_code == 201, moved.text
    carried = moved.json()["carried_forward"]
    assert carried["network_member_ids"] == [member["id"]]
    assert carried["safety_plan_id"] == plan["id"]
    assert carried["milestone_ids"] == [milestone["id"]]
    assert carried["words_and_pictures_ids"] == []
    assert api.get(f"/v1/network-members/{member['id']}").json()["version"] == 1


def test_create_replays_with_the_same_idempotency_key(api, db):
    fam = family(api)
    path = f"/v1/cases/{fam['case_id']}/milestones"
    body = milestone_body("Network meeting", "2025-04-03")
    first = api.post(path, body, headers={"Idempotency-Key": "plan-test-1"})
    [before] = counts(db, [Milestone])
    again = api.post(path, body, headers={"Idempotency-Key": "plan-test-1"})
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert counts(db, [Milestone]) == [before]


def test_a_pre_verbal_childs_observations_are_kept_apart_from_words(api, db):
    fam = family(api)
    path = f"/v1/children/{fam['child']['id']}/voice"
    seen = [
        {"observed": "Settled in her grandmother's arms; cried when the door banged.", "with_whom": "Nana"}
    ]
    made = api.created(path, voice_body(fam, items=[], observations=seen))
    assert (made["items"], [o["observed"] for o in made["observations"]]) == ([], [seen[0]["observed"]])
    before = count(db, ChildVoiceRecord)
    refused = assert_problem(api.post(path, voice_body(fam, items=[], observations=[])), 422)
    assert (refused["requirement"], refused["errors"][0]["pointer"]) == ("SOS-VOICE-005", "/items")
    assert count(db, ChildVoiceRecord) == before
    words = api.created(path, voice_body(fam))
    assert words["observations"] == [] and words["items"][0]["child_words"] == "shouting at night"
