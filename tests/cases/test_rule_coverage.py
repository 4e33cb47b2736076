"""Refusals of case membership that no other test reached: a member who is no person of the
authority, a relationship to the children on a child member, and leaving before joining. Each
refusal names its field and writes nothing."""

from __future__ import annotations

import uuid
from typing import Any

from service.models import CaseMember, RecordVersion
from tests.support import Api, assert_problem, case, count, person


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


def test_a_child_member_takes_no_relationship_to_the_children_on_amendment(api: Api, db: Any) -> None:
    the_case = case(api)
    child = _member(api, the_case["id"], "CHILD")
    before = _counts(db)
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
    before = _counts(db)
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
