"""Cases: a family's working file with its members; records about a child name a member child."""

from __future__ import annotations

from typing import Any

import pytest

from sos_conformance.client import Api
from sos_conformance.data import Factory, all_items
from sos_conformance.expect import check, etag_of, expect_problem, expect_refusal, expect_status, json_body
from sos_conformance.plugin import area, requirement
from sos_conformance.practice import statement

pytestmark = area("cases", "core")


@pytest.mark.check("SOS-CHK-CASE-001")
@requirement("SOS-CASE-001")
def test_a_person_is_a_current_member_once(api: Api, make: Factory) -> None:
    """Adding a current member again is refused, and the case still has one membership for them."""
    the_case = make.case()
    child = make.person()
    make.member(the_case["id"], child["id"])
    adult = make.person(given_name=make.run_id, family_name="Adult", date_of_birth="1990-01-01", sex="2")
    make.member(the_case["id"], adult["id"], role="ADULT", relationship_to_children="GRANDPARENT")
    expect_problem(
        api.post(
            f"/v1/cases/{the_case['id']}/members",
            {"person_id": child["id"], "role": "CHILD", "joined_on": "2025-02-01"},
        ),
        409,
        422,
    )
    members = all_items(api, f"/v1/cases/{the_case['id']}/members", {"limit": 100})
    check(
        sorted(m["person_id"] for m in members) == sorted([child["id"], adult["id"]]),
        "one membership each for the child and the adult",
        str([m["person_id"] for m in members]),
    )


@pytest.mark.check("SOS-CHK-CASE-002")
@requirement("SOS-CASE-002")
def test_records_about_a_child_name_a_member_child(api: Api, make: Factory) -> None:
    """A stage move for a person who is not a child member of the case is 422 on this rule (another
    rule refusing the move, such as a missing referral, does not show this one is kept)."""
    the_case = make.case()
    stranger = make.person()
    adult = make.person(family_name="Adult", date_of_birth="1990-01-01")
    make.member(the_case["id"], adult["id"], role="ADULT", relationship_to_children="GRANDPARENT")
    for person in (stranger, adult):
        response = make.move(the_case["id"], person["id"], "CIN", "2025-02-01")
        expect_refusal(response, 422, "SOS-CASE-002")
    expect_status(api.get(f"/v1/cases/{the_case['id']}"), 200)


@pytest.mark.check("SOS-CHK-CASE-003")
@requirement("SOS-CASE-003")
def test_a_member_the_cases_records_name_is_not_entered_in_error(api: Api, make: Factory) -> None:
    """A child member named by a danger statement of the case is not marked entered in error (409
    naming the requirement, the membership still active); once the statement is entered in error,
    the membership is."""
    the_case = make.case()
    child = make.person()
    membership = make.member(the_case["id"], child["id"])
    said = statement(make, the_case["id"], child["id"])
    member_path = f"/v1/case-members/{membership['id']}"

    def mark(path: str) -> Any:
        etag = etag_of(expect_status(api.get(path), 200))
        return api.post(
            f"{path}/entered-in-error", {"reason": "Conformance: wrong case"}, headers={"If-Match": etag}
        )

    expect_refusal(mark(member_path), 409, "SOS-CASE-003")
    kept = json_body(expect_status(api.get(member_path), 200))
    check(kept.get("status") == "active", "the membership still active", repr(kept.get("status")))
    expect_status(mark(f"/v1/danger-statements/{said['id']}"), 200)
    marked = json_body(expect_status(mark(member_path), 200))
    check(
        marked.get("status") == "entered_in_error",
        "marked once nothing of the case names the child",
        repr(marked.get("status")),
    )
