"""A referral is dated no more than 40 weeks (280 days) before the child's birth or expected birth
(SOS-CIN-015; CIN census rule 8606), on create and when its date is amended. Only the referral's date
is checked: a birth recorded later than that is taken as it happened, and the referral can still be
amended otherwise (closed)."""

from __future__ import annotations

from typing import Any

from tests.support import Api, case, person
from tests.support.statutory import ENDED, refused, same

UNBORN = {"date_of_birth": None, "expected_date_of_birth": "2025-09-01", "sex": "0"}
FORTY_WEEKS_BEFORE = "2024-11-25"  # 2025-09-01 less 280 days


def _unborn_in_a_case(api: Api) -> tuple[str, str]:
    the_case = case(api, opened_on="2024-11-01")
    child = person(api, **UNBORN)
    api.created(
        f"/v1/cases/{the_case['id']}/members",
        {"person_id": child["id"], "role": "CHILD", "joined_on": "2024-11-01"},
    )
    return the_case["id"], child["id"]


def _referral(on: str, child_id: str) -> dict[str, Any]:
    return {"child_id": child_id, "referral_date": on, "source": "6", "primary_need": "N1"}


def test_a_referral_is_no_more_than_forty_weeks_before_the_birth(api: Api, db: Any) -> None:
    case_id, child_id = _unborn_in_a_case(api)
    referrals = f"/v1/cases/{case_id}/referrals"
    with same(db):
        problem = refused(
            api.post(referrals, _referral("2024-11-24", child_id)), "SOS-CIN-015", "/referral_date"
        )
        assert problem["errors"][0]["code"] == "before_pregnancy", problem
        assert "expected birth (2025-09-01)" in problem["errors"][0]["detail"], problem
    made = api.created(referrals, _referral(FORTY_WEEKS_BEFORE, child_id))
    path = f"/v1/referrals/{made['id']}"
    with same(db):
        refused(
            api.patch(path, {"referral_date": "2024-11-01"}, headers=ENDED), "SOS-CIN-015", "/referral_date"
        )


def test_a_birth_later_than_forty_weeks_is_taken_and_the_referral_still_closes(api: Api) -> None:
    case_id, child_id = _unborn_in_a_case(api)
    made = api.created(f"/v1/cases/{case_id}/referrals", _referral(FORTY_WEEKS_BEFORE, child_id))
    born = {"date_of_birth": "2025-09-12", "expected_date_of_birth": None, "sex": "2"}
    assert api.patch(f"/v1/people/{child_id}", born, headers=ENDED).status_code == 200
    closed = {"closure_date": "2025-10-01", "closure_reason": "RC1"}
    assert api.patch(f"/v1/referrals/{made['id']}", closed, headers=ENDED).status_code == 200
    earlier = {**_referral("2024-11-20", child_id), "closure_date": "2024-11-24", "closure_reason": "RC1"}
    with_born = api.post(f"/v1/cases/{case_id}/referrals", earlier)
    refused(with_born, "SOS-CIN-015", "/referral_date")  # a new one is checked against the birth
