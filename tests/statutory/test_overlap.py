"""A child's referrals, CIN plans and child protection plans each do not overlap (SOS-CIN-012; CIN census
rules 8820, 4014 and 8940, and with them 8815, 8816, 4004 and 8935): one may start on the day the one
before ended, an open one runs on, and an open referral with no further action holds no days. Checked
on create and on amend, across all the child's cases; a refusal names the field and writes nothing."""

from __future__ import annotations

from typing import Any

from tests.support import case
from tests.support.statutory import ENDED, Family, refused, same


def _overlap(response: Any, pointer: str, within: str) -> None:
    problem = refused(response, "SOS-CIN-012", pointer)
    assert problem["errors"][0]["code"] == "periods_overlap", problem
    assert within in problem["errors"][0]["detail"], problem


def _closed(on: str) -> dict[str, str]:
    return {"closure_date": on, "closure_reason": "RC1"}


def test_referrals_do_not_overlap(fam: Family, db: Any) -> None:
    first = fam.referral()  # 2025-03-02, open
    with same(db):
        _overlap(
            fam.post("referrals", "create_referral", referral_date="2025-03-05"),
            "/referral_date",
            "still open",
        )
        earlier = fam.post(
            "referrals", "create_referral", referral_date="2025-03-01", **_closed("2025-03-03")
        )
        _overlap(earlier, "/closure_date", "2025-03-02 (still open)")
    path = f"/v1/referrals/{first['id']}"
    assert fam.api.patch(path, _closed("2025-03-05"), headers=ENDED).status_code == 200
    fam.referral(referral_date="2025-03-05")  # starts on the day the first closed
    with same(db):
        reopened = {"closure_date": None, "closure_reason": None}
        _overlap(fam.api.patch(path, reopened, headers={"If-Match": 'W/"2"'}), "/closure_date", "2025-03-05")


def test_an_open_referral_with_no_further_action_holds_no_days(fam: Family) -> None:
    fam.referral(referral_date="2025-05-01", no_further_action=True)
    fam.referral(referral_date="2025-05-02")


def test_a_childs_referrals_do_not_overlap_across_cases(fam: Family, db: Any) -> None:
    fam.referral()
    other = case(fam.api)
    fam.api.created(
        f"/v1/cases/{other['id']}/members",
        {"person_id": fam.child, "role": "CHILD", "joined_on": "2025-01-14"},
    )
    referral = {"child_id": fam.child, "referral_date": "2025-04-01", "source": "6", "primary_need": "N1"}
    with same(db):
        _overlap(fam.api.post(f"/v1/cases/{other['id']}/referrals", referral), "/referral_date", "still open")


def test_cin_plans_do_not_overlap(fam: Family, db: Any) -> None:
    referral = {"referral_id": fam.referral()["id"]}
    plan = fam.made("cin-plans", "create_cin_plan", **referral, start_date="2025-03-05")
    with same(db):
        _overlap(
            fam.post("cin-plans", "create_cin_plan", **referral, start_date="2025-03-20"),
            "/start_date",
            "2025-03-05 (still open)",
        )
    ended = fam.api.patch(f"/v1/cin-plans/{plan['id']}", {"end_date": "2025-03-20"}, headers=ENDED)
    assert ended.status_code == 200, ended.text
    fam.made("cin-plans", "create_cin_plan", **referral, start_date="2025-03-20")
    with same(db):
        later = {"end_date": "2025-03-21"}
        _overlap(
            fam.api.patch(f"/v1/cin-plans/{plan['id']}", later, headers={"If-Match": 'W/"2"'}),
            "/end_date",
            "2025-03-20 (still open)",
        )


def test_child_protection_plans_do_not_overlap(fam: Family, db: Any) -> None:
    referral, _, s47 = fam.chain()
    first = fam.conference(section47_id=s47["id"], held_on="2025-03-05").json()
    plan = fam.made(
        "cp-plans",
        "create_cp_plan",
        referral_id=referral["id"],
        conference_id=first["id"],
        start_date="2025-03-05",
    )
    again = fam.conference(section47_id=s47["id"], held_on="2025-03-12").json()
    second = {"referral_id": referral["id"], "conference_id": again["id"], "start_date": "2025-03-12"}
    with same(db):
        _overlap(fam.post("cp-plans", "create_cp_plan", **second), "/start_date", "2025-03-05 (still open)")
    ended = fam.api.patch(f"/v1/cp-plans/{plan['id']}", {"end_date": "2025-03-12"}, headers=ENDED)
    assert ended.status_code == 200, ended.text
    fam.made("cp-plans", "create_cp_plan", **second)
