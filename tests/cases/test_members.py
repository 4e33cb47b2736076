"""Case members: read with the person's name, worked out from the person record (not stored); a
member is a person of the authority, a current member once, only an adult has a relationship to
the children, and no one leaves before joining, on create and on amend. A refusal names its field
and writes nothing."""

from __future__ import annotations

import uuid
from typing import Any

from service.models import CaseMember, RecordVersion
from tests.support import Api, assert_problem, case, count, person


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


def _counts(db: Any) -> tuple[int, int]:
    try:
        return count(db, CaseMember), count(db, RecordVersion)
    finally:
        db.rollback()


def _member(api: Api, case_id: str, role: str, **fields: Any) -> dict[str, Any]:
    someone = person(api, given_name="Rowan", family_name=f"Quillfeather-{uuid.uuid4().hex[:6]}")
    return api.created(
        f"/v1/cases/{case_id}/members",
        {"person_id": someone["id"], "role": role, "joined_on": "2025-03-10", **fields},
    )


def _amend(api: Api, member: dict[str, Any], **changes: Any) -> Any:
    return api.patch(
        f"/v1/case-members/{member['id']}",
        {**changes, "amendment_reason": "Corrected from the family's account."},
        headers={"If-Match": f'W/"{member["version"]}"'},
    )


def test_a_member_must_be_a_person_of_the_authority(api: Api, db: Any) -> None:
    the_case = case(api)
    nobody = str(uuid.uuid4())
    before = _counts(db)
    problem = assert_problem(
        api.post(
            f"/v1/cases/{the_case['id']}/members",
            {"person_id": nobody, "role": "ADULT", "joined_on": "2025-03-10"},
        ),
        422,
        "rule_violated",
    )
    assert problem["type"].endswith("/rule-violated")
    assert [(e["pointer"], e["code"]) for e in problem["errors"]] == [("/person_id", "reference_not_found")]
    assert nobody in problem["detail"]
    assert _counts(db) == before
    assert api.get(f"/v1/cases/{the_case['id']}/members").json()["items"] == []


def test_a_child_member_takes_no_relationship_to_the_children(api: Api, db: Any) -> None:
    the_case = case(api)
    child = _member(api, the_case["id"], "CHILD")
    sibling = person(api)
    before = _counts(db)
    made = api.post(
        f"/v1/cases/{the_case['id']}/members",
        {
            "person_id": sibling["id"],
            "role": "CHILD",
            "joined_on": "2025-03-10",
            "relationship_to_children": "SIBLING",
        },
    )
    assert [(e["pointer"], e["code"]) for e in assert_problem(made, 422)["errors"]] == [
        ("/relationship_to_children", "adults_only")
    ]
    problem = assert_problem(_amend(api, child, relationship_to_children="MOTHER"), 422, "validation_failed")
    assert problem["type"].endswith("/validation-failed")
    assert [(e["pointer"], e["code"]) for e in problem["errors"]] == [
        ("/relationship_to_children", "adults_only")
    ]
    assert _counts(db) == before
    now = api.get(f"/v1/case-members/{child['id']}").json()
    assert (now["version"], now["relationship_to_children"]) == (child["version"], None)


def test_a_member_cannot_leave_before_joining(api: Api, db: Any) -> None:
    the_case = case(api)
    adult = _member(api, the_case["id"], "ADULT", relationship_to_children="AUNT_UNCLE")
    aunt = person(api)
    before = _counts(db)
    made = api.post(
        f"/v1/cases/{the_case['id']}/members",
        {"person_id": aunt["id"], "role": "ADULT", "joined_on": "2025-03-10", "left_on": "2025-03-09"},
    )
    assert [(e["pointer"], e["code"]) for e in assert_problem(made, 422)["errors"]] == [
        ("/left_on", "before_joined_on")
    ]
    problem = assert_problem(_amend(api, adult, left_on="2025-03-09"), 422, "validation_failed")
    assert [(e["pointer"], e["code"]) for e in problem["errors"]] == [("/left_on", "before_joined_on")]
    assert "2025-03-10" in problem["detail"]
    assert _counts(db) == before
    now = api.get(f"/v1/case-members/{adult['id']}").json()
    assert (now["version"], now["left_on"]) == (adult["version"], None)
    left = _amend(api, adult, left_on="2025-03-10")
    assert left.status_code == 200, left.text
    assert left.json()["left_on"] == "2025-03-10"


def test_a_person_is_a_current_member_of_a_case_once(api: Api, db: Any) -> None:
    the_case = case(api)
    adult = _member(api, the_case["id"], "ADULT", relationship_to_children="GRANDPARENT")
    again = {"person_id": adult["person_id"], "role": "ADULT", "joined_on": "2025-04-01"}
    before = _counts(db)
    problem = assert_problem(api.post(f"/v1/cases/{the_case['id']}/members", again), 409, "conflict")
    assert problem["type"].endswith("/conflict")
    assert problem["requirement"] == "SOS-CASE-001"
    assert _counts(db) == before
    left = _amend(api, adult, left_on="2025-03-31")
    assert left.status_code == 200, left.text
    rejoined = api.post(f"/v1/cases/{the_case['id']}/members", again)
    assert rejoined.status_code == 201, rejoined.text
