"""Case members read with the person's name, worked out from the person record (not stored)."""

from __future__ import annotations

from service.models import CaseMember
from tests.support import assert_problem, case, count, person


def test_members_carry_the_persons_name_as_it_reads_now(api):
    the_case = case(api)
    leo = person(api, given_name="Leo", family_name="Moorcroft")
    member = api.created(
        f"/v1/cases/{the_case['id']}/members",
        {"person_id": leo["id"], "role": "CHILD", "joined_on": "2025-01-14"},
    )
    assert member["person_name"] == "Leo Moorcroft"
    listed = api.get(f"/v1/cases/{the_case['id']}/members").json()["items"]
    assert [m["person_name"] for m in listed] == ["Leo Moorcroft"]
    etag = api.get(f"/v1/people/{leo['id']}").headers["ETag"]
    renamed = api.patch(
        f"/v1/people/{leo['id']}",
        {"family_name": "Ashdown", "amendment_reason": "Name changed by deed poll."},
        headers={"If-Match": etag},
    )
    assert renamed.status_code == 200, renamed.text
    assert api.get(f"/v1/case-members/{member['id']}").json()["person_name"] == "Leo Ashdown"


def test_person_name_is_not_sent_by_clients(api):
    the_case = case(api)
    someone = person(api)
    response = api.post(
        f"/v1/cases/{the_case['id']}/members",
        {"person_id": someone["id"], "role": "CHILD", "joined_on": "2025-01-14", "person_name": "X"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/person_name"


def test_a_child_member_has_no_relationship_to_the_children_on_create_or_amend(api, db):
    the_case = case(api)
    path = f"/v1/cases/{the_case['id']}/members"
    child = {"person_id": person(api)["id"], "role": "CHILD", "joined_on": "2025-01-14"}
    before = count(db, CaseMember)
    refused = assert_problem(api.post(path, {**child, "relationship_to_children": "SIBLING"}), 422)
    assert [(e["pointer"], e["code"]) for e in refused["errors"]] == [
        ("/relationship_to_children", "adults_only")
    ]
    assert count(db, CaseMember) == before
    member = api.created(path, child)
    amended = api.patch(
        f"/v1/case-members/{member['id']}",
        {"relationship_to_children": "SIBLING", "amendment_reason": "Keyed in error."},
        headers={"If-Match": 'W/"1"'},
    )
    assert assert_problem(amended, 422)["errors"][0]["pointer"] == "/relationship_to_children"


def test_no_one_leaves_a_case_before_joining_it_on_create_or_amend(api, db):
    the_case = case(api)
    path = f"/v1/cases/{the_case['id']}/members"
    adult = {"person_id": person(api)["id"], "role": "ADULT", "joined_on": "2025-01-14"}
    before = count(db, CaseMember)
    refused = assert_problem(api.post(path, {**adult, "left_on": "2025-01-13"}), 422)
    assert [(e["pointer"], e["code"]) for e in refused["errors"]] == [("/left_on", "before_joined_on")]
    assert count(db, CaseMember) == before
    member = api.created(path, adult)
    amended = api.patch(
        f"/v1/case-members/{member['id']}",
        {"left_on": "2025-01-10", "amendment_reason": "Moved out."},
        headers={"If-Match": 'W/"1"'},
    )
    assert assert_problem(amended, 422)["errors"][0]["pointer"] == "/left_on"
    assert api.get(f"/v1/case-members/{member['id']}").json()["version"] == 1
