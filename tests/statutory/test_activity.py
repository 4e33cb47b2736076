"""What a referral carries. A referral with no further action carries no activity: no single
assessment, CIN plan, section 47 enquiry or child protection plan (SOS-CIN-013; CIN census rules 8831,
4000, 8832), refused on the record's create and on the referral's amendment to no further action. One
single assessment on a referral is open (not authorised) at a time (SOS-CIN-014; rule 8896). Each
refusal names the field and writes nothing."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

import pytest

from tests.statutory.test_statutory import ENDED, TABLES, Family, refused
from tests.support import Api, rows_unchanged


@pytest.fixture()
def fam(api: Api) -> Family:
    return Family(api)


def _same(db: Any) -> AbstractContextManager[None]:
    return rows_unchanged(db, TABLES)


def test_no_activity_on_a_referral_with_no_further_action(fam: Family, db: Any) -> None:
    referral = fam.referral(no_further_action=True)
    on = {"referral_id": referral["id"]}
    with _same(db):
        for what, operation in (
            ("single-assessments", "create_single_assessment"),
            ("cin-plans", "create_cin_plan"),
        ):
            problem = refused(fam.post(what, operation, **on), "SOS-CIN-013", "/referral_id")
            assert problem["errors"][0]["code"] == "no_further_action", problem
    discussion = fam.discussion(referral)  # not activity the census counts
    with _same(db):
        refused(
            fam.post(
                "section47-enquiries",
                "create_section47_enquiry",
                **on,
                strategy_discussion_id=discussion["id"],
            ),
            "SOS-CIN-013",
            "/referral_id",
        )


def test_a_child_protection_plan_is_not_on_a_referral_with_no_further_action(fam: Family, db: Any) -> None:
    referral, _, s47 = fam.chain()
    conference = fam.conference(section47_id=s47["id"], held_on="2025-03-05").json()
    closed = {"closure_date": "2025-03-06", "closure_reason": "RC1"}
    assert fam.api.patch(f"/v1/referrals/{referral['id']}", closed, headers=ENDED).status_code == 200
    nfa = fam.referral(referral_date="2025-03-06", no_further_action=True)
    with _same(db):
        refused(
            fam.post(
                "cp-plans",
                "create_cp_plan",
                referral_id=nfa["id"],
                conference_id=conference["id"],
                start_date="2025-03-05",
            ),
            "SOS-CIN-013",
            "/referral_id",
        )


def test_a_referral_with_activity_is_not_marked_no_further_action(fam: Family, db: Any) -> None:
    referral = fam.referral()
    made = fam.made("cin-plans", "create_cin_plan", referral_id=referral["id"])
    path = f"/v1/referrals/{referral['id']}"
    with _same(db):
        problem = refused(
            fam.api.patch(path, {"no_further_action": True}, headers=ENDED),
            "SOS-CIN-013",
            "/no_further_action",
        )
        assert problem["errors"][0]["code"] == "has_activity", problem
        assert "CIN plan of 2025-03-05" in problem["errors"][0]["detail"], problem
    wrong = fam.api.post(
        f"/v1/cin-plans/{made['id']}/entered-in-error", {"reason": "Test only."}, headers=ENDED
    )
    assert wrong.status_code == 200, wrong.text
    assert fam.api.patch(path, {"no_further_action": True}, headers=ENDED).status_code == 200


def test_one_open_assessment_on_a_referral(fam: Family, db: Any) -> None:
    on = {"referral_id": fam.referral()["id"]}
    first = fam.made("single-assessments", "create_single_assessment", **on)
    with _same(db):
        problem = refused(
            fam.post("single-assessments", "create_single_assessment", **on, started_on="2025-03-20"),
            "SOS-CIN-014",
            "/authorised_on",
        )
        assert problem["errors"][0]["code"] == "another_assessment_open", problem
        assert "2025-03-03" in problem["errors"][0]["detail"], problem
    authorised = fam.api.patch(
        f"/v1/single-assessments/{first['id']}", {"authorised_on": "2025-03-19"}, headers=ENDED
    )
    assert authorised.status_code == 200, authorised.text
    second = fam.made("single-assessments", "create_single_assessment", **on, started_on="2025-03-20")
    assert second["authorised_on"] is None
    with _same(db):
        reopened = {"authorised_on": None}
        refused(
            fam.api.patch(f"/v1/single-assessments/{first['id']}", reopened, headers={"If-Match": 'W/"2"'}),
            "SOS-CIN-014",
            "/authorised_on",
        )
