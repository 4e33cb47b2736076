"""Family-facing practice records: that a map, a danger statement or a safety plan was shared with
the family, and with whom."""

from __future__ import annotations

from typing import Any

import pytest

from sos_conformance.client import Api
from sos_conformance.data import Factory, all_items
from sos_conformance.expect import check, expect_problem, expect_status, json_body
from sos_conformance.plugin import area, requirement
from sos_conformance.practice import network_member, statement, statement_body

pytestmark = area("planning", "core", "planning")


def sharing(item_id: str, **overrides: Any) -> dict[str, Any]:
    return {
        "danger_statement_id": item_id,
        "shared_on": "2025-02-20",
        "shared_with": [{"name": "The child's mother"}],
        "share_form": "WRITTEN",
        **overrides,
    }


@pytest.mark.check("SOS-CHK-FAM-001")
@requirement("SOS-FAM-001")
def test_what_is_shared_with_the_family_is_a_record_of_the_case(api: Api, make: Factory) -> None:
    """A statement of the case is shared at its current version; another case's statement, or a version
    the statement has not had, is refused with nothing written."""
    the_case, child = make.case_with_child()
    other_case, other_child = make.case_with_child()
    mine = statement(make, the_case["id"], child["id"])
    theirs = statement(make, other_case["id"], other_child["id"])
    path = f"/v1/cases/{the_case['id']}/shared-with-family"
    expect_problem(api.post(path, sharing(theirs["id"])), 422)
    expect_problem(api.post(path, sharing(mine["id"], item_version=mine["version"] + 1)), 422)
    check(all_items(api, path) == [], "a refused sharing writes nothing", repr(all_items(api, path)))
    shared = json_body(expect_status(api.post(path, sharing(mine["id"])), 201))
    check(
        shared.get("item_version") == mine["version"],
        "the version shared is the statement's current one when none is given",
        repr(shared.get("item_version")),
    )
    check(
        [s["id"] for s in all_items(api, path)] == [shared["id"]],
        "the sharing is listed",
        repr(all_items(api, path)),
    )


@pytest.mark.check("SOS-CHK-FAM-002")
@requirement("SOS-FAM-002")
def test_the_family_it_was_shared_with_are_people_of_the_case(api: Api, make: Factory) -> None:
    """Shared with nobody, or with a person of another case by id, is refused with nothing written; a
    network member by id and anyone by name are accepted."""
    the_case, child = make.case_with_child()
    other_case, _ = make.case_with_child()
    made = statement(make, the_case["id"], child["id"])
    member = network_member(make, the_case["id"])
    stranger = network_member(make, other_case["id"])
    path = f"/v1/cases/{the_case['id']}/shared-with-family"
    expect_problem(api.post(path, sharing(made["id"], shared_with=[])), 422)
    expect_problem(
        api.post(path, sharing(made["id"], shared_with=[{"person_id": stranger["person_id"]}])), 422
    )
    check(all_items(api, path) == [], "a refused sharing writes nothing", repr(all_items(api, path)))
    people = [{"person_id": member["person_id"]}, {"name": "The child's aunt"}]
    shared = json_body(expect_status(api.post(path, sharing(made["id"], shared_with=people)), 201))
    check(
        [p.get("person_id") for p in shared["shared_with"]] == [member["person_id"], None],
        "who it was shared with is kept as sent",
        repr(shared["shared_with"]),
    )


@pytest.mark.check("SOS-CHK-FAM-003")
@requirement("SOS-PLAN-005")
def test_each_network_members_answer_to_a_plan_version(api: Api, make: Factory) -> None:
    """A member of the case's network agrees a plan version and the read shows it; an answer from
    another case's network member, or a second answer from one member, is refused and changes nothing."""
    the_case, _ = make.case_with_child()
    other_case, _ = make.case_with_child()
    member = network_member(make, the_case["id"])
    stranger = network_member(make, other_case["id"])
    plan = make.created(
        f"/v1/cases/{the_case['id']}/safety-plans",
        {"plan_status": "DRAFT", "review_by": "2025-04-01", "title": "Conformance plan"},
    )
    path = f"/v1/safety-plans/{plan['id']}"
    agreed = {"network_member_id": member["id"], "agreed_on": "2025-03-01"}
    for wrong in ([{**agreed, "network_member_id": stranger["id"]}], [agreed, agreed]):
        expect_problem(
            api.patch(path, {"network_agreement": wrong}, headers={"If-Match": 'W/"1"'}, on="2025-03-01"), 422
        )
    expect_status(
        api.patch(path, {"network_agreement": [agreed]}, headers={"If-Match": 'W/"1"'}, on="2025-03-01"), 200
    )
    read = json_body(expect_status(api.get(path), 200))
    check(
        [(a.get("network_member_id"), a.get("agreed_on")) for a in read.get("network_agreement", [])]
        == [(member["id"], "2025-03-01")],
        "the plan read shows who agreed, once, after two refused answers",
        repr(read.get("network_agreement")),
    )


@pytest.mark.check("SOS-CHK-FAM-004")
@requirement("SOS-FAM-003")
def test_the_familys_words_and_the_workers_analysis_are_kept(api: Api, make: Factory) -> None:
    """A map's judgement off the 0 to 10 scale is refused; its analysis and judgement, and a goal's
    family_goal_words, read back as given."""
    the_case, child = make.case_with_child()
    maps = f"/v1/cases/{the_case['id']}/maps"
    context = [
        c["code"]
        for c in json_body(expect_status(api.get("/v1/reference-data/map_context"), 200))["codes"]
        if not c.get("retired")
    ][:1]
    body = {
        "context": context,
        "mapped_on": "2025-02-02",
        "analysis": f"{make.run_id}: mornings are the worry.",
    }
    expect_problem(api.post(maps, {**body, "judgement_rating": 11}), 422)
    made = json_body(expect_status(api.post(maps, {**body, "judgement_rating": 4}), 201))
    read = json_body(expect_status(api.get(f"/v1/maps/{made['id']}"), 200))
    check(
        (read.get("analysis"), read.get("judgement_rating")) == (body["analysis"], 4),
        "the map's analysis and judgement are read back as given",
        repr((read.get("analysis"), read.get("judgement_rating"))),
    )
    words = f"{make.run_id}: 'Nana gets him up on my night shifts.'"
    given = statement_body(make, child["id"], family_goal_words=words)
    pair = json_body(expect_status(api.post(f"/v1/cases/{the_case['id']}/danger-statements", given), 201))
    again = json_body(expect_status(api.get(f"/v1/danger-statements/{pair['id']}"), 200))
    check(
        again.get("goal", {}).get("family_goal_words") == words,
        "the family's goal in their words is read back beside the goal",
        repr(again.get("goal")),
    )


@pytest.mark.check("SOS-CHK-FAM-005")
@requirement("SOS-NET-007")
def test_a_network_members_relationship_to_each_child(api: Api, make: Factory) -> None:
    """A member's relationship per child is kept beside the single one; a child of another case, or the
    same child twice, is refused."""
    the_case, child = make.case_with_child()
    _, other_child = make.case_with_child()
    path = f"/v1/cases/{the_case['id']}/network/members"
    body = {
        "relationship_to_child": "GRANDPARENT",
        "roles": ["SAFETY_PERSON_FOR_CHILD"],
        "naturally_connected": True,
        "joined_on": "2025-02-01",
    }
    mine = {"child_id": child["id"], "relationship": "GRANDPARENT"}
    for wrong in ([{**mine, "child_id": other_child["id"]}], [mine, mine]):
        person = make.person(family_name="Network", date_of_birth="1970-01-01", sex="2")
        expect_problem(
            api.post(path, {**body, "person_id": person["id"], "relationship_to_children": wrong}), 422
        )
    person = make.person(family_name="Network", date_of_birth="1970-01-01", sex="2")
    made = json_body(
        expect_status(
            api.post(path, {**body, "person_id": person["id"], "relationship_to_children": [mine]}), 201
        )
    )
    read = json_body(expect_status(api.get(f"/v1/network-members/{made['id']}"), 200))
    check(
        (read.get("relationship_to_child"), read.get("relationship_to_children")) == ("GRANDPARENT", [mine]),
        "the per-child relationship is kept beside the single one",
        repr((read.get("relationship_to_child"), read.get("relationship_to_children"))),
    )
