"""Refusals of the statutory rules that no statutory test reached: a section 47 enquiry naming
another referral's strategy discussion, a conference naming what its type does not follow, a child
protection plan around another case's safety plan, a plan review after the plan ended or of a plan
entered in error, and a move resting on another child's referral. Each leaves every row count as it
was."""

from __future__ import annotations

from typing import Any

from service.contract.examples import body
from tests.support import Api, assert_problem, move, person, rule_refused
from tests.support.assessment import rating_body, scale
from tests.support.planning import family, plan_body
from tests.support.statutory import Family, same


def test_a_section47_names_a_strategy_discussion_on_its_own_referral(fam: Family, db: Any) -> None:
    first = fam.referral(closure_date="2025-03-05", closure_reason="RC1")
    discussion = fam.discussion(first)
    second = fam.referral(referral_date="2025-03-05")
    with same(db):
        rule_refused(
            fam.post(
                "section47-enquiries",
                "create_section47_enquiry",
                referral_id=second["id"],
                strategy_discussion_id=discussion["id"],
            ),
            "SOS-CIN-005",
            "/strategy_discussion_id",
            "discussion_not_of_referral",
        )
    made = fam.enquiry(first, discussion, conference_not_required=True)  # first closed: finished
    assert made["strategy_discussion_id"] == discussion["id"]


def test_a_conference_names_only_what_its_type_follows(fam: Family, db: Any) -> None:
    referral, _, s47 = fam.chain()
    icpc = fam.conference(section47_id=s47["id"]).json()
    plan = fam.made("cp-plans", "create_cp_plan", referral_id=referral["id"], conference_id=icpc["id"])
    with same(db):
        rule_refused(
            fam.conference(section47_id=s47["id"], cp_plan_id=plan["id"]),
            "SOS-CIN-006",
            "/cp_plan_id",
            "not_for_type",
        )
        rule_refused(
            fam.conference(
                conference_type="REVIEW",
                section47_id=s47["id"],
                cp_plan_id=plan["id"],
                held_on="2025-06-12",
                outcome="PLAN_CONTINUED",
            ),
            "SOS-CIN-006",
            "/section47_id",
            "not_for_type",
        )
        rule_refused(
            fam.conference(conference_type="TRANSFER_IN", section47_id=None, cp_plan_id=plan["id"]),
            "SOS-CIN-006",
            "/cp_plan_id",
            "not_for_type",
        )
    review = fam.conference(
        conference_type="REVIEW",
        section47_id=None,
        cp_plan_id=plan["id"],
        held_on="2025-06-12",
        outcome="PLAN_CONTINUED",
    )
    assert review.status_code == 201, review.text


def test_a_cp_plan_is_built_around_a_safety_plan_of_its_own_case(fam: Family, api: Api, db: Any) -> None:
    referral, _, s47 = fam.chain()
    icpc = fam.conference(section47_id=s47["id"]).json()
    elsewhere = family(api)
    foreign = api.created(f"/v1/cases/{elsewhere['case_id']}/safety-plans", plan_body(elsewhere))
    with same(db):
        rule_refused(
            fam.post(
                "cp-plans",
                "create_cp_plan",
                referral_id=referral["id"],
                conference_id=icpc["id"],
                safety_plan_id=foreign["id"],
            ),
            "SOS-CIN-007",
            "/safety_plan_id",
            "not_of_this_case",
        )


def _cp_plan(fam: Family, end_date: str | None = "2025-08-01") -> dict[str, Any]:
    """A child protection plan from the chain's initial conference (2025-03-20), ending on ``end_date``."""
    referral, _, s47 = fam.chain()
    icpc = fam.conference(section47_id=s47["id"]).json()
    return fam.made(
        "cp-plans",
        "create_cp_plan",
        referral_id=referral["id"],
        conference_id=icpc["id"],
        end_date=end_date,
    )


def test_a_plan_review_is_not_after_the_plan_ended(fam: Family, db: Any) -> None:
    plan = _cp_plan(fam)
    reviews = f"/v1/cp-plans/{plan['id']}/reviews"
    with same(db):
        problem = rule_refused(
            fam.api.post(reviews, {"review_date": "2025-08-02"}),
            "SOS-CIN-008",
            "/review_date",
            "date_out_of_order",
        )
        assert "2025-08-01" in problem["detail"]
    made = fam.api.created(reviews, {"review_date": "2025-08-01"})
    assert made["review_date"] == "2025-08-01"


def test_a_plan_entered_in_error_is_not_reviewed(fam: Family, db: Any) -> None:
    plan = _cp_plan(fam)
    gone = fam.api.post(
        f"/v1/cp-plans/{plan['id']}/entered-in-error",
        {"reason": "Recorded against the wrong child."},
        headers={"If-Match": f'W/"{plan["version"]}"'},
    )
    assert gone.status_code == 200, gone.text
    reviews = f"/v1/cp-plans/{plan['id']}/reviews"
    with same(db):
        problem = assert_problem(fam.api.post(reviews, {"review_date": "2025-06-12"}), 409, "conflict")
    assert problem["type"].endswith("/conflict")
    assert problem["requirement"] == "SOS-CIN-008"
    assert "entered in error" in problem["detail"]
    assert fam.api.get(reviews).json()["items"] == []


def test_a_move_rests_on_a_referral_of_this_child(fam: Family, api: Api, db: Any) -> None:
    other = Family(api)
    theirs = other.referral()
    mine = fam.referral()
    with same(db):
        problem = rule_refused(
            move(api, fam.case, fam.child, "CIN", on="2025-03-05", grounds={"referral_id": theirs["id"]}),
            "SOS-STAGE-005",
            "/grounds/referral_id",
            "grounds_not_met",
        )
        assert "referral of this child in this case" in problem["detail"]
    moved = move(api, fam.case, fam.child, "CIN", on="2025-03-05", grounds={"referral_id": mine["id"]})
    assert moved.status_code == 201, moved.text


# --- dates out of order that no other test sent (each a call of the one date check) -------------


def test_an_early_help_assessment_is_not_completed_before_it_started(fam: Family, db: Any) -> None:
    with same(db):
        rule_refused(
            fam.post(
                "early-help-episodes",
                "create_early_help_episode",
                consent_given_by_person_id=fam.mother,
                assessment_completed_on="2025-01-13",
            ),
            "SOS-EH-001",
            "/assessment_completed_on",
            "date_out_of_order",
        )


def test_a_single_assessment_is_not_reviewed_or_authorised_before_it_started(fam: Family, db: Any) -> None:
    referral = fam.referral()
    with same(db):
        for name in ("internal_review_on", "authorised_on"):
            rule_refused(
                fam.post(
                    "single-assessments",
                    "create_single_assessment",
                    referral_id=referral["id"],
                    started_on="2025-03-03",
                    **{name: "2025-03-02"},
                ),
                "SOS-CIN-003",
                f"/{name}",
                "date_out_of_order",
            )


def test_a_strategy_discussion_is_not_held_before_its_referral(fam: Family, db: Any) -> None:
    referral = fam.referral()  # 2025-03-02
    with same(db):
        rule_refused(
            fam.post(
                "strategy-discussions",
                "create_strategy_discussion",
                referral_id=referral["id"],
                held_on="2025-03-01",
            ),
            "SOS-CIN-002",
            "/held_on",
            "date_out_of_order",
        )


def test_a_section47_is_not_amended_to_start_before_its_discussion(fam: Family, db: Any) -> None:
    _, _, s47 = fam.chain()  # discussion and enquiry on 2025-03-03
    path = f"/v1/section47-enquiries/{s47['id']}"
    with same(db):
        rule_refused(
            fam.api.patch(path, {"started_on": "2025-03-02"}, headers={"If-Match": f'W/"{s47["version"]}"'}),
            "SOS-CIN-005",
            "/started_on",
            "date_out_of_order",
        )
    assert fam.api.get(path).json()["version"] == s47["version"]


def test_a_review_conference_is_not_held_before_the_plan_started(fam: Family, db: Any) -> None:
    referral, _, s47 = fam.chain()
    icpc = fam.conference(section47_id=s47["id"]).json()
    plan = fam.made("cp-plans", "create_cp_plan", referral_id=referral["id"], conference_id=icpc["id"])
    with same(db):
        rule_refused(
            fam.conference(
                conference_type="REVIEW",
                section47_id=None,
                cp_plan_id=plan["id"],
                held_on="2025-03-19",
                outcome="PLAN_CONTINUED",
            ),
            "SOS-CIN-006",
            "/held_on",
            "date_out_of_order",
        )


def test_a_cp_plan_does_not_end_before_it_started(fam: Family, db: Any) -> None:
    referral, _, s47 = fam.chain()
    icpc = fam.conference(section47_id=s47["id"]).json()
    with same(db):
        rule_refused(
            fam.post(
                "cp-plans",
                "create_cp_plan",
                referral_id=referral["id"],
                conference_id=icpc["id"],
                end_date="2025-03-19",
            ),
            "SOS-CIN-007",
            "/end_date",
            "date_out_of_order",
        )


def test_records_on_a_referral_are_about_a_child_of_the_case(fam: Family, api: Api, db: Any) -> None:
    """A record naming a person who is no child of the case is refused on child_id (SOS-CASE-002),
    before its referral, discussion, enquiry or conference are looked at."""
    referral, discussion, s47 = fam.chain()
    icpc = fam.conference(section47_id=s47["id"]).json()
    stranger = person(api, given_name="Corin", family_name="Ashgrove")["id"]
    sent = {
        "single-assessments": body("create_single_assessment", referral_id=referral["id"]),
        "section47-enquiries": body(
            "create_section47_enquiry", referral_id=referral["id"], strategy_discussion_id=discussion["id"]
        ),
        "cp-conferences": body(
            "create_cp_conference",
            section47_id=s47["id"],
            map_id=None,
            danger_statement_ids=[],
            rating_ids=[],
            override_reason="Test: the map is not under test.",
        ),
        "cp-plans": body("create_cp_plan", referral_id=referral["id"], conference_id=icpc["id"]),
    }
    with same(db):
        for what, record in sent.items():
            response = api.post(f"/v1/cases/{fam.case}/{what}", {**record, "child_id": stranger})
            rule_refused(response, "SOS-CASE-002", "/child_id", "not_a_child_of_case")


def test_a_conference_considers_only_records_of_its_own_case(fam: Family, api: Api, db: Any) -> None:
    _, _, s47 = fam.chain()
    other = family(api)
    foreign_rating = api.created(
        f"/v1/scales/{scale(api, other['case_id'])['id']}/ratings", rating_body(rated_on="2025-03-10")
    )
    foreign_plan = api.created(f"/v1/cases/{other['case_id']}/safety-plans", plan_body(other))
    with same(db):
        for field, value, pointer in (
            ("danger_statement_ids", [other["statement"]["id"]], "/danger_statement_ids/0"),
            ("rating_ids", [foreign_rating["id"]], "/rating_ids/0"),
            ("safety_plan_id", foreign_plan["id"], "/safety_plan_id"),
        ):
            rule_refused(
                fam.conference(section47_id=s47["id"], **{field: value}),
                "SOS-CIN-006",
                pointer,
                "not_of_this_case",
            )


def test_a_move_rests_on_a_conference_or_plan_of_this_child(fam: Family, api: Api, db: Any) -> None:
    other = Family(api)
    referral, _, s47 = other.chain()
    their_conference = other.conference(section47_id=s47["id"]).json()
    their_plan = other.made(
        "cp-plans",
        "create_cp_plan",
        referral_id=referral["id"],
        conference_id=their_conference["id"],
        end_date="2025-05-01",
    )
    assert move(api, fam.case, fam.child, "CIN", "2025-03-05").status_code == 201
    with same(db):
        rule_refused(
            move(
                api,
                fam.case,
                fam.child,
                "CP",
                "2025-04-01",
                grounds={"conference_id": their_conference["id"]},
            ),
            "SOS-STAGE-006",
            "/grounds/conference_id",
            "grounds_not_met",
        )
    up = move(
        api, fam.case, fam.child, "CP", "2025-04-01", override_reason="Test: the map is not under test."
    )
    assert up.status_code == 201, up.text
    with same(db):
        rule_refused(
            move(api, fam.case, fam.child, "CIN", "2025-06-01", grounds={"cp_plan_id": their_plan["id"]}),
            "SOS-STAGE-007",
            "/grounds/cp_plan_id",
            "grounds_not_met",
        )


def test_an_amended_enquiry_still_fits_its_initial_conference(fam: Family, db: Any) -> None:
    """CIN census rule 8615 from the enquiry's side: its start is not moved past its initial
    conference, nor does it come to say that no conference was required while one followed it."""
    _, _, s47 = fam.chain()  # started 2025-03-03
    path = f"/v1/section47-enquiries/{s47['id']}"
    icpc = fam.conference(section47_id=s47["id"], held_on="2025-03-10", outcome="NO_PLAN").json()
    with same(db):
        problem = rule_refused(
            fam.amend(path, 1, started_on="2025-03-11"), "SOS-CIN-006", "/started_on", "date_out_of_order"
        )
        assert "2025-03-10" in problem["errors"][0]["detail"], problem
        rule_refused(
            fam.amend(path, 1, conference_not_required=True),
            "SOS-CIN-006",
            "/conference_not_required",
            "conference_held",
        )
    moved = fam.amend(path, 1, started_on="2025-03-10")
    assert moved.status_code == 200, moved.text  # the conference's own day is not after it
    fam.entered_in_error(f"/v1/cp-conferences/{icpc['id']}")
    later = fam.amend(path, 2, started_on="2025-03-11")
    assert later.status_code == 200, later.text  # no conference follows it now


def test_a_cin_plan_does_not_run_while_a_plan_of_the_child_does(fam: Family, db: Any) -> None:
    """CIN census rules 4016, 4017 and 4001 on both plans, made or amended (SOS-CIN-012): a child
    protection plan does not start within a CIN plan of the child, and a CIN plan does not start
    within a plan nor run into one; either may start on the day the other ended (the step up at the
    initial conference). A plan entered in error no longer counts."""
    referral, _, s47 = fam.chain()
    icpc = fam.conference(section47_id=s47["id"]).json()
    on = {"referral_id": referral["id"]}
    cin = fam.made("cin-plans", "create_cin_plan", **on, start_date="2025-03-05", end_date=None)
    cin_path, plan_fields = f"/v1/cin-plans/{cin['id']}", {**on, "conference_id": icpc["id"]}
    with same(db):
        rule_refused(
            fam.post("cp-plans", "create_cp_plan", **plan_fields),
            "SOS-CIN-012",
            "/start_date",
            "periods_overlap",
        )
    stepped_up = fam.amend(cin_path, 1, end_date=icpc["held_on"])
    assert stepped_up.status_code == 200, stepped_up.text
    plan = fam.made("cp-plans", "create_cp_plan", **plan_fields)
    assert plan["start_date"] == icpc["held_on"]
    inside = {**on, "start_date": "2025-05-01", "end_date": "2025-05-31"}
    with same(db):
        rule_refused(
            fam.amend(cin_path, 2, end_date="2025-03-21"), "SOS-CIN-012", "/end_date", "periods_overlap"
        )
        problem = rule_refused(
            fam.post("cin-plans", "create_cin_plan", **inside),
            "SOS-CIN-012",
            "/start_date",
            "periods_overlap",
        )
        assert "child protection plan" in problem["errors"][0]["detail"], problem
        assert "4016" in problem["detail"], problem
    fam.entered_in_error(f"/v1/cp-plans/{plan['id']}")
    fam.made("cin-plans", "create_cin_plan", **inside)


def _steps_down(fam: Family, plan: dict[str, Any]) -> None:
    """A CIN plan of the child on the plan's referral, open from 2025-06-12."""
    fam.made(
        "cin-plans",
        "create_cin_plan",
        referral_id=plan["referral_id"],
        start_date="2025-06-12",
        end_date=None,
    )


def test_a_child_steps_down_to_a_cin_plan_at_the_review_that_ends_the_plan(fam: Family, db: Any) -> None:
    """Rule 4003 leaves out a review held on the day its plan ended: the review conference that ends a
    child protection plan is where a child steps down to a CIN plan starting that day. Moving the
    plan's end off that day afterwards would run the plan into the CIN plan (SOS-CIN-012)."""
    plan = _cp_plan(fam, None)
    path = f"/v1/cp-plans/{plan['id']}"
    fam.api.created(f"{path}/reviews", body("create_cp_plan_review", review_date="2025-06-12"))
    ended = fam.amend(path, 1, end_date="2025-06-12")
    assert ended.status_code == 200, ended.text
    _steps_down(fam, plan)
    with same(db):
        for end in ("2025-06-20", None):
            rule_refused(fam.amend(path, 2, end_date=end), "SOS-CIN-012", "/end_date", "periods_overlap")
    fine = fam.amend(path, 2, latest_category="PHY")
    assert fine.status_code == 200, fine.text  # an amendment that keeps the end is not held up


def test_the_review_that_ends_a_plan_is_taken_after_the_cin_plan_that_follows(fam: Family, db: Any) -> None:
    """The other order of recording the step down: the plan ended, the CIN plan from that day, then the
    review held that day (and an earlier one, before the CIN plan started)."""
    plan = _cp_plan(fam, "2025-06-12")
    _steps_down(fam, plan)
    reviews = f"/v1/cp-plans/{plan['id']}/reviews"
    fam.api.created(reviews, body("create_cp_plan_review", review_date="2025-06-12"))
    fam.api.created(reviews, body("create_cp_plan_review", review_date="2025-06-11"))
