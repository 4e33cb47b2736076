"""A closed referral is finished (SOS-CIN-011; CIN census rules 8565 and 8867): nothing on it is dated
after its closure, its single assessments are authorised, and both hold from either side: the record
created or amended on a closed referral, and the referral closed (or its closure moved) under its
records. Each refusal names the field and leaves every table as it was."""

from __future__ import annotations

from typing import Any

from tests.support.statutory import ENDED, Family, refused, same

CLOSED = {"closure_date": "2025-03-10", "closure_reason": "RC1"}


def _closed_referral(fam: Family) -> dict[str, Any]:
    return fam.referral(**CLOSED)


def test_nothing_is_dated_after_the_referral_closed(fam: Family, db: Any) -> None:
    referral = _closed_referral(fam)
    on = {"referral_id": referral["id"]}
    with same(db):
        for what, operation, fields, pointer in (
            ("cin-plans", "create_cin_plan", {"start_date": "2025-03-11"}, "/start_date"),
            (
                "cin-plans",
                "create_cin_plan",
                {"start_date": "2025-03-05", "end_date": "2025-03-12"},
                "/end_date",
            ),
            ("single-assessments", "create_single_assessment", {"started_on": "2025-03-11"}, "/started_on"),
            (
                "single-assessments",
                "create_single_assessment",
                {"started_on": "2025-03-03", "authorised_on": "2025-03-12"},
                "/authorised_on",
            ),
        ):
            problem = refused(fam.post(what, operation, **on, **fields), "SOS-CIN-011", pointer)
            assert problem["errors"][0]["code"] == "after_closure", problem
            assert "2025-03-10" in problem["errors"][0]["detail"], problem
    discussion = fam.discussion(referral, held_on="2025-03-04")
    with same(db):
        refused(
            fam.post(
                "section47-enquiries",
                "create_section47_enquiry",
                **on,
                strategy_discussion_id=discussion["id"],
                started_on="2025-03-11",
            ),
            "SOS-CIN-011",
            "/started_on",
        )
    fam.made("cin-plans", "create_cin_plan", **on, start_date="2025-03-05", end_date="2025-03-10")


def test_an_assessment_on_a_closed_referral_is_authorised(fam: Family, db: Any) -> None:
    referral = _closed_referral(fam)
    with same(db):
        problem = refused(
            fam.post("single-assessments", "create_single_assessment", referral_id=referral["id"]),
            "SOS-CIN-011",
            "/authorised_on",
        )
        assert problem["errors"][0]["code"] == "referral_closed", problem
    made = fam.made(
        "single-assessments",
        "create_single_assessment",
        referral_id=referral["id"],
        authorised_on="2025-03-10",
    )
    path = f"/v1/single-assessments/{made['id']}"
    with same(db):
        refused(fam.api.patch(path, {"authorised_on": None}, headers=ENDED), "SOS-CIN-011", "/authorised_on")
        refused(
            fam.api.patch(path, {"authorised_on": "2025-03-11"}, headers=ENDED),
            "SOS-CIN-011",
            "/authorised_on",
        )


def test_a_referral_closes_after_its_records(fam: Family, db: Any) -> None:
    referral = fam.referral()
    fam.made("cin-plans", "create_cin_plan", referral_id=referral["id"], start_date="2025-03-05")
    fam.made(
        "single-assessments",
        "create_single_assessment",
        referral_id=referral["id"],
        authorised_on="2025-04-14",
    )
    path = f"/v1/referrals/{referral['id']}"
    with same(db):
        problem = refused(fam.api.patch(path, CLOSED, headers=ENDED), "SOS-CIN-011", "/closure_date")
        assert problem["errors"][0]["code"] == "before_its_records", problem
        assert "authorisation of 2025-04-14" in problem["errors"][0]["detail"], problem
    closed = fam.api.patch(path, {**CLOSED, "closure_date": "2025-04-14"}, headers=ENDED)
    assert closed.status_code == 200, closed.text
    with same(db):
        moved = fam.api.patch(
            path, {"closure_date": "2025-04-13"}, headers={"If-Match": closed.headers["ETag"]}
        )
        refused(moved, "SOS-CIN-011", "/closure_date")


def test_a_referral_closes_once_its_assessments_are_authorised(fam: Family, db: Any) -> None:
    referral = fam.referral()
    made = fam.made("single-assessments", "create_single_assessment", referral_id=referral["id"])
    path = f"/v1/referrals/{referral['id']}"
    with same(db):
        problem = refused(fam.api.patch(path, CLOSED, headers=ENDED), "SOS-CIN-011", "/closure_date")
        assert problem["errors"][0]["code"] == "assessment_not_authorised", problem
    authorised = fam.api.patch(
        f"/v1/single-assessments/{made['id']}", {"authorised_on": "2025-03-09"}, headers=ENDED
    )
    assert authorised.status_code == 200, authorised.text
    assert fam.api.patch(path, CLOSED, headers=ENDED).status_code == 200


def test_an_initial_conference_is_held_by_the_closure(fam: Family, db: Any) -> None:
    referral, _, s47 = fam.chain()  # the section 47 on 2025-03-03
    first = fam.conference(section47_id=s47["id"], held_on="2025-03-05", outcome="NO_PLAN")
    assert first.status_code == 201, first.text
    closes = fam.api.patch(f"/v1/referrals/{referral['id']}", CLOSED, headers=ENDED)
    assert closes.status_code == 200, closes.text
    with same(db):
        problem = refused(
            fam.conference(section47_id=s47["id"], held_on="2025-03-11", outcome="NO_PLAN"),
            "SOS-CIN-011",
            "/held_on",
        )
        assert problem["errors"][0]["code"] == "after_closure", problem


def test_a_referral_does_not_close_before_its_initial_conference(fam: Family, db: Any) -> None:
    referral, _, s47 = fam.chain()
    held = fam.conference(section47_id=s47["id"], held_on="2025-03-12", outcome="NO_PLAN")
    assert held.status_code == 201, held.text
    with same(db):
        problem = refused(
            fam.api.patch(f"/v1/referrals/{referral['id']}", CLOSED, headers=ENDED),
            "SOS-CIN-011",
            "/closure_date",
        )
        assert "initial conference of 2025-03-12" in problem["errors"][0]["detail"], problem


def test_a_child_protection_plan_ends_by_the_closure(fam: Family, db: Any) -> None:
    referral, _, s47 = fam.chain()
    conference = fam.conference(section47_id=s47["id"], held_on="2025-03-05")
    assert conference.status_code == 201, conference.text
    plan = fam.made(
        "cp-plans",
        "create_cp_plan",
        referral_id=referral["id"],
        conference_id=conference.json()["id"],
        start_date="2025-03-05",
        end_date="2025-03-07",
    )
    path = f"/v1/referrals/{referral['id']}"
    closed = fam.api.patch(path, {**CLOSED, "closure_date": "2025-03-07"}, headers=ENDED)
    assert closed.status_code == 200, closed.text
    with same(db):
        refused(
            fam.api.patch(f"/v1/cp-plans/{plan['id']}", {"end_date": "2025-03-08"}, headers=ENDED),
            "SOS-CIN-011",
            "/end_date",
        )


def test_a_referral_closes_once_its_enquiries_are_finished(fam: Family, db: Any) -> None:
    """Rule 8868: each section 47 enquiry on a closed referral had its initial conference or says none is
    needed, from every side: the closure, the enquiry's create and amendment, and the conference's entry
    in error (its type and enquiry are fixed at creation)."""
    referral, discussion, s47 = fam.chain()  # no conference yet
    path = f"/v1/referrals/{referral['id']}"
    with same(db):
        problem = refused(fam.api.patch(path, CLOSED, headers=ENDED), "SOS-CIN-011", "/closure_date")
        assert problem["errors"][0]["code"] == "enquiry_unfinished", problem
    conference = fam.conference(section47_id=s47["id"], held_on="2025-03-05", outcome="NO_PLAN").json()
    assert fam.api.patch(path, CLOSED, headers=ENDED).status_code == 200
    enquiry = {
        "referral_id": referral["id"],
        "strategy_discussion_id": discussion["id"],
        "started_on": "2025-03-06",
    }
    with same(db):
        refused(
            fam.post("section47-enquiries", "create_section47_enquiry", **enquiry),
            "SOS-CIN-011",
            "/conference_not_required",
        )
        wrong = fam.api.post(
            f"/v1/cp-conferences/{conference['id']}/entered-in-error", {"reason": "Test."}, headers=ENDED
        )
        assert wrong.status_code == 409 and wrong.json()["requirement"] == "SOS-CIN-011", wrong.text
    fam.made("section47-enquiries", "create_section47_enquiry", **enquiry, conference_not_required=True)
    none_needed = fam.made(
        "section47-enquiries", "create_section47_enquiry", **enquiry, conference_not_required=True
    )
    with same(db):
        refused(
            fam.api.patch(
                f"/v1/section47-enquiries/{none_needed['id']}",
                {"conference_not_required": False},
                headers=ENDED,
            ),
            "SOS-CIN-011",
            "/conference_not_required",
        )
