"""SOS-CASE-003: a case membership whose person records standing in the case name is not marked
entered in error (409 saying which, nothing changed) while no other membership of theirs in the case
stands; once those records are entered in error, it is."""

from __future__ import annotations

from typing import Any

from service.contract.examples import body
from service.models import CaseMember, RecordVersion
from tests.support import Api, assert_problem, case_with_child, rows_unchanged
from tests.support.planning import etag_headers, family


def _membership(api: Api, case_id: str, person_id: str) -> dict[str, Any]:
    members = api.get(f"/v1/cases/{case_id}/members", params={"limit": 100}).json()["items"]
    return next(m for m in members if m["person_id"] == person_id and m["status"] == "active")


def _mark(api: Api, member: dict[str, Any]) -> Any:
    return api.post(
        f"/v1/case-members/{member['id']}/entered-in-error",
        {"reason": "Added to the wrong family's case."},
        headers=etag_headers(member),
    )


def test_a_member_the_cases_records_name_is_not_marked_in_error(api: Api, db: Any) -> None:
    fam = family(api)
    child = _membership(api, fam["case_id"], fam["child"]["id"])
    referral = api.created(
        f"/v1/cases/{fam['case_id']}/referrals",
        body("create_referral", child_id=fam["child"]["id"], referral_date="2025-03-02"),
    )
    with rows_unchanged(db, [CaseMember, RecordVersion]):
        problem = assert_problem(_mark(api, child), 409)
    assert problem["requirement"] == "SOS-CASE-003", problem
    assert "danger statements (1)" in problem["detail"] and "referrals (1)" in problem["detail"], problem

    for path in (f"/v1/referrals/{referral['id']}", f"/v1/danger-statements/{fam['statement']['id']}"):
        etag = etag_headers(api.get(path).json())
        gone = api.post(f"{path}/entered-in-error", {"reason": "Wrong family."}, headers=etag)
        assert gone.status_code == 200, gone.text
    marked = _mark(api, child)
    assert marked.status_code == 200 and marked.json()["status"] == "entered_in_error", marked.text


def test_a_member_nothing_names_or_named_through_another_membership_is_marked(api: Api) -> None:
    fam = family(api)
    assert _mark(api, _membership(api, fam["case_id"], fam["sibling"]["id"])).status_code == 200
    the_case, child = case_with_child(api)
    first = _membership(api, the_case["id"], child["id"])
    left = {"left_on": "2025-02-01", "effective_on": "2025-02-01"}
    first = api.patch(f"/v1/case-members/{first['id']}", left, headers=etag_headers(first)).json()
    back = body("create_case_member", "child", person_id=child["id"], joined_on="2025-02-20")
    again = api.created(f"/v1/cases/{the_case['id']}/members", back)
    api.created(
        f"/v1/cases/{the_case['id']}/referrals",
        body("create_referral", child_id=child["id"], referral_date="2025-03-02"),
    )
    assert _mark(api, first).status_code == 200  # the records rest on the other membership
    assert assert_problem(_mark(api, again), 409)["requirement"] == "SOS-CASE-003"
