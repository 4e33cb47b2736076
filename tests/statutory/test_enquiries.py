"""One section 47 enquiry on a referral runs at a time (SOS-CIN-017; CIN census rules 8890 and 8839):
from its start to its initial conference, both days counted, or on and on while it has none and does
not say none is needed. Checked on the enquiry's create and amendment, on its initial conference's
amendment and on the conference's entry in error; a refusal names the field and writes nothing."""

from __future__ import annotations

from typing import Any

from tests.support.statutory import ENDED, Family, refused, same


def _overlap(response: Any, pointer: str) -> dict[str, Any]:
    problem = refused(response, "SOS-CIN-017", pointer)
    assert problem["errors"][0]["code"] == "enquiries_overlap", problem
    return problem


def test_one_enquiry_on_a_referral_runs_at_a_time(fam: Family, db: Any) -> None:
    referral, discussion, first = fam.chain()  # the first enquiry from 2025-03-03, open
    on = {"referral_id": referral["id"], "strategy_discussion_id": discussion["id"]}
    later = fam.post("section47-enquiries", "create_section47_enquiry", **on, started_on="2025-03-10")
    with same(db):
        problem = _overlap(later, "/started_on")
        assert "2025-03-03 (no initial conference yet)" in problem["errors"][0]["detail"], problem
    conference = fam.conference(section47_id=first["id"], held_on="2025-03-05", outcome="NO_PLAN").json()
    with same(db):  # the day of the first one's conference still counts
        _overlap(
            fam.post("section47-enquiries", "create_section47_enquiry", **on, started_on="2025-03-05"),
            "/started_on",
        )
    second = fam.enquiry(referral, discussion, started_on="2025-03-06")
    with same(db):
        moved = fam.api.patch(
            f"/v1/section47-enquiries/{second['id']}", {"started_on": "2025-03-04"}, headers=ENDED
        )
        _overlap(moved, "/started_on")
        later_conference = {"held_on": "2025-03-07"}
        _overlap(
            fam.api.patch(f"/v1/cp-conferences/{conference['id']}", later_conference, headers=ENDED),
            "/held_on",
        )
        wrong = fam.api.post(
            f"/v1/cp-conferences/{conference['id']}/entered-in-error", {"reason": "Test."}, headers=ENDED
        )
        assert wrong.status_code == 409 and wrong.json()["requirement"] == "SOS-CIN-017", wrong.text


def test_an_enquiry_that_needed_no_conference_holds_no_days(fam: Family) -> None:
    referral, discussion, first = fam.chain()
    assert (
        fam.api.patch(
            f"/v1/section47-enquiries/{first['id']}", {"conference_not_required": True}, headers=ENDED
        ).status_code
        == 200
    )
    fam.enquiry(referral, discussion, conference_not_required=True)  # the same day as the first
