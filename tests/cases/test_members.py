"""Case members read with the person's name, worked out from the person record (not stored)."""

from __future__ import annotations

from tests.support import case, person


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
