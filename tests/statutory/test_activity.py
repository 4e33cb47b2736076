"""What a referral and its assessments carry. A referral with no further action carries no activity:
no single assessment, CIN plan, section 47 enquiry or child protection plan (SOS-CIN-013; CIN census
rules 8831, 4000, 8832), refused on the record's create and on the referral's amendment to no further
action. One
single assessment on a referral is open (not authorised) at a time (SOS-CIN-014; rule 8896), and an
authorised one lists its factors (SOS-CIN-003; rule 8897Q). Each refusal names the field and writes
nothing."""

from __future__ import annotations

from typing import Any

from tests.support.statutory import ENDED, Family, refused, same


def test_no_activity_on_a_referral_with_no_further_action(fam: Family, db: Any) -> None:
    referral = fam.referral(no_further_action=True)
    on = {"referral_id": referral["id"]}
    with same(db):
        for what, operation in (
            ("single-assessments", "create_single_assessment"),
            ("cin-plans", "create_cin_plan"),
        ):
            problem = refused(fam.post(what, operation, **on), "SOS-CIN-013", "/referral_id")
            assert problem["errors"][0]["code"] == "no_further_action", problem
    discussion = fam.discussion(referral)  # not activity the census counts
    with same(db):
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
    with same(db):
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
    with same(db):
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
    with same(db):
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
    with same(db):
        reopened = {"authorised_on": None}
        refused(
            fam.api.patch(f"/v1/single-assessments/{first['id']}", reopened, headers={"If-Match": 'W/"2"'}),
            "SOS-CIN-014",
            "/authorised_on",
        )


def test_an_authorised_assessment_lists_its_factors(fam: Family, db: Any) -> None:
    """SOS-CIN-003 (CIN census rule 8897Q): 21 says none was found; an empty list is refused once the
    assessment is authorised, on create and on amend."""
    on = {"referral_id": fam.referral()["id"]}
    with same(db):
        problem = refused(
            fam.post(
                "single-assessments", "create_single_assessment", **on, factors=[], authorised_on="2025-04-01"
            ),
            "SOS-CIN-003",
            "/factors",
        )
        assert problem["errors"][0]["code"] == "authorised_without_factors", problem
    made = fam.made("single-assessments", "create_single_assessment", **on, factors=[])
    path = f"/v1/single-assessments/{made['id']}"
    with same(db):
        refused(
            fam.api.patch(path, {"authorised_on": "2025-04-01"}, headers=ENDED), "SOS-CIN-003", "/factors"
        )
    done = {"authorised_on": "2025-04-01", "factors": ["21"]}
    assert fam.api.patch(path, done, headers=ENDED).status_code == 200


def test_nothing_beyond_an_assessment_on_a_referral_closed_after_one(fam: Family, db: Any) -> None:
    """SOS-CIN-016 (CIN census rule 2990): a referral closed with RC8 or RC9 carries no CIN plan,
    section 47 enquiry or child protection plan; closing one that has them with those reasons is
    refused naming /closure_reason."""
    referral = fam.referral()
    on = {"referral_id": referral["id"]}
    fam.made("single-assessments", "create_single_assessment", **on, authorised_on="2025-03-09")
    closed = {"closure_date": "2025-03-10", "closure_reason": "RC8"}
    assert fam.api.patch(f"/v1/referrals/{referral['id']}", closed, headers=ENDED).status_code == 200
    discussion = fam.discussion(referral)
    with same(db):
        problem = refused(fam.post("cin-plans", "create_cin_plan", **on), "SOS-CIN-016", "/referral_id")
        assert problem["errors"][0]["code"] == "closed_after_assessment", problem
        refused(
            fam.post(
                "section47-enquiries",
                "create_section47_enquiry",
                **on,
                strategy_discussion_id=discussion["id"],
            ),
            "SOS-CIN-016",
            "/referral_id",
        )
    other = fam.referral(referral_date="2025-03-10")
    fam.made("cin-plans", "create_cin_plan", referral_id=other["id"], start_date="2025-03-12")
    path = f"/v1/referrals/{other['id']}"
    with same(db):
        for reason in ("RC8", "RC9"):
            after = {"closure_date": "2025-03-20", "closure_reason": reason}
            problem = refused(fam.api.patch(path, after, headers=ENDED), "SOS-CIN-016", "/closure_reason")
            assert "CIN plan of 2025-03-12" in problem["errors"][0]["detail"], problem
    services_ceased = {"closure_date": "2025-03-20", "closure_reason": "RC7"}
    assert fam.api.patch(path, services_ceased, headers=ENDED).status_code == 200
