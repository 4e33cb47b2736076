"""The statutory records from the front door to child protection, and relationships: each rule
refuses with problem+json naming the field and the requirement, and leaves every row count as it was."""

from __future__ import annotations

from datetime import date
from typing import Any

from service.contract.examples import body
from tests.support import Api, assert_problem, move, person
from tests.support.assessment import map_body, rating_body, scale
from tests.support.statutory import ENDED, Family, refused, same


def test_section47_target_is_worked_out_and_a_disagreeing_one_refused(fam: Family, db: Any) -> None:
    referral = fam.referral()
    discussion = fam.discussion(referral, held_on="2025-04-10")
    with same(db):
        refused(
            fam.post(
                "section47-enquiries",
                "create_section47_enquiry",
                referral_id=referral["id"],
                strategy_discussion_id=discussion["id"],
                started_on="2025-04-10",
                icpc_target_date="2025-05-01",
            ),
            "SOS-CIN-005",
            "/icpc_target_date",
        )
    made = fam.enquiry(referral, discussion, started_on="2025-04-10", icpc_target_date="2025-05-06")
    assert made["icpc_target_date"] == "2025-05-06" and made["initial_conference_date"] is None
    with same(db):
        refused(
            fam.post(
                "section47-enquiries",
                "create_section47_enquiry",
                referral_id=referral["id"],
                strategy_discussion_id=discussion["id"],
                started_on="2025-04-09",
            ),
            "SOS-CIN-005",
            "/started_on",
        )


def test_referral_rules(fam: Family, db: Any) -> None:
    stranger = person(fam.api)
    with same(db):
        refused(
            fam.post("referrals", "create_referral", closure_date="2026-01-01"),
            "SOS-CIN-001",
            "/closure_reason",
        )
        refused(
            fam.post("referrals", "create_referral", closure_date="2025-03-01", closure_reason="RC8"),
            "SOS-CIN-001",
            "/closure_date",
        )
        refused(
            fam.api.post(f"/v1/cases/{fam.case}/referrals", body("create_referral", child_id=stranger["id"])),
            "SOS-CASE-002",
            "/child_id",
        )
        problem = assert_problem(
            fam.post("referrals", "create_referral", source="Q"), 422, "validation_failed"
        )
        assert problem["errors"][0]["code_list"] == "cin_referral_source"


def test_a_retired_factor_is_refused_on_a_real_field(fam: Family, db: Any) -> None:
    """SOS-REF-002 against the reference: 18A was retired in 2020-21 and is refused for a new record."""
    referral = fam.referral()
    with same(db):
        for code in ("18A", "19A", "8A"):
            problem = assert_problem(
                fam.post(
                    "single-assessments",
                    "create_single_assessment",
                    referral_id=referral["id"],
                    factors=[code],
                ),
                422,
                "validation_failed",
            )
            error = problem["errors"][0]
            assert (error["pointer"], error["code"], error["code_list"]) == (
                "/factors/0",
                "code_retired",
                "cin_assessment_factor",
            )
        refused(
            fam.post(
                "single-assessments",
                "create_single_assessment",
                referral_id=referral["id"],
                factors=["21", "1B"],
            ),
            "SOS-CIN-003",
            "/factors",
        )
        refused(
            fam.post(
                "single-assessments",
                "create_single_assessment",
                referral_id=referral["id"],
                factors=["1B", "1B"],
            ),
            "SOS-CIN-003",
            "/factors",
        )
        refused(
            fam.post(
                "single-assessments",
                "create_single_assessment",
                referral_id=referral["id"],
                started_on="2025-03-01",
            ),
            "SOS-CIN-002",
            "/started_on",
        )
    made = fam.made(
        "single-assessments",
        "create_single_assessment",
        referral_id=referral["id"],
        factors=["18B", "21"][:1],
    )
    assert made["factors"] == ["18B"]


def test_records_on_a_referral_name_the_childs_referral(fam: Family, api: Api, db: Any) -> None:
    referral = fam.referral()
    sibling = person(api)
    api.created(
        f"/v1/cases/{fam.case}/members",
        {"person_id": sibling["id"], "role": "CHILD", "joined_on": "2025-01-14"},
    )
    siblings = api.created(f"/v1/cases/{fam.case}/referrals", body("create_referral", child_id=sibling["id"]))
    with same(db):
        for what, operation in (
            ("cin-plans", "create_cin_plan"),
            ("strategy-discussions", "create_strategy_discussion"),
            ("single-assessments", "create_single_assessment"),
        ):
            refused(fam.post(what, operation, referral_id=siblings["id"]), "SOS-CIN-002", "/referral_id")
        refused(
            fam.post("cin-plans", "create_cin_plan", referral_id=referral["id"], start_date="2025-03-01"),
            "SOS-CIN-002",
            "/start_date",
        )
        refused(
            fam.post("cin-plans", "create_cin_plan", referral_id=referral["id"], end_date="2025-03-04"),
            "SOS-CIN-004",
            "/end_date",
        )


def test_conference_rules(fam: Family, db: Any) -> None:
    referral, discussion, s47 = fam.chain()
    other = Family(fam.api)
    other_map = fam.api.created(f"/v1/cases/{other.case}/maps", map_body(other.child))
    with same(db):
        refused(fam.conference(section47_id=s47["id"], held_on="2025-02-28"), "SOS-CIN-006", "/held_on")
        refused(fam.conference(section47_id=None), "SOS-CIN-006", "/section47_id")
        refused(fam.conference(section47_id=s47["id"], outcome="PLAN_ENDED"), "SOS-CIN-006", "/outcome")
        refused(fam.conference(section47_id=s47["id"], map_id=other_map["id"]), "SOS-CIN-006", "/map_id")
        refused(
            fam.conference(conference_type="REVIEW", section47_id=None, outcome="PLAN_CONTINUED"),
            "SOS-CIN-006",
            "/cp_plan_id",
        )
    conference = fam.conference(section47_id=s47["id"]).json()
    enquiry = fam.api.get(f"/v1/section47-enquiries/{s47['id']}").json()
    assert enquiry["initial_conference_date"] == conference["held_on"] == "2025-03-20"
    # A later enquiry (one runs at a time, SOS-CIN-017) that needed no conference takes none.
    not_needed = fam.enquiry(
        referral, discussion, started_on="2025-03-21", conference_not_required=True, outcome="CHILD_IN_NEED"
    )
    with same(db):
        refused(
            fam.conference(section47_id=not_needed["id"], held_on="2025-03-24"),
            "SOS-CIN-006",
            "/section47_id",
        )


def test_cp_plan_rules_and_previous_plans(fam: Family, db: Any) -> None:
    referral, _, s47 = fam.chain()
    no_plan = fam.conference(section47_id=s47["id"], outcome="NO_PLAN").json()
    icpc = fam.conference(section47_id=s47["id"]).json()
    plan_fields = {"referral_id": referral["id"], "conference_id": icpc["id"]}
    with same(db):
        refused(
            fam.post("cp-plans", "create_cp_plan", **{**plan_fields, "conference_id": no_plan["id"]}),
            "SOS-CIN-007",
            "/conference_id",
        )
        refused(
            fam.post("cp-plans", "create_cp_plan", **plan_fields, start_date="2025-03-01"),
            "SOS-CIN-007",
            "/start_date",
        )
        refused(
            fam.post("cp-plans", "create_cp_plan", **plan_fields, start_date="2025-03-19"),
            "SOS-CIN-007",
            "/start_date",
        )
        problem = assert_problem(
            fam.post("cp-plans", "create_cp_plan", **plan_fields, initial_category="N"), 422
        )
        assert problem["errors"][0]["code_list"] == "cin_category_of_abuse"
        assert assert_problem(
            fam.post("cp-plans", "create_cp_plan", **plan_fields, number_of_previous_plans=0), 422
        )
    first = fam.made("cp-plans", "create_cp_plan", **plan_fields, end_date="2025-06-01")
    assert first["number_of_previous_plans"] == 0
    with same(db):
        assert_problem(fam.post("cp-plans", "create_cp_plan", **plan_fields), 409)
    again = fam.conference(section47_id=s47["id"], held_on="2025-09-01").json()
    second = fam.made(
        "cp-plans",
        "create_cp_plan",
        referral_id=referral["id"],
        conference_id=again["id"],
        start_date="2025-09-01",
    )
    assert second["number_of_previous_plans"] == 1
    assert fam.api.get(f"/v1/cp-plans/{first['id']}").json()["number_of_previous_plans"] == 0


def test_a_plan_review_is_within_its_plan_and_names_a_review_conference(fam: Family, db: Any) -> None:
    referral, _, s47 = fam.chain()
    icpc = fam.conference(section47_id=s47["id"]).json()
    plan = fam.made("cp-plans", "create_cp_plan", referral_id=referral["id"], conference_id=icpc["id"])
    reviews = f"/v1/cp-plans/{plan['id']}/reviews"
    with same(db):
        refused(fam.api.post(reviews, {"review_date": "2025-03-01"}), "SOS-CIN-008", "/review_date")
        refused(
            fam.api.post(reviews, {"review_date": "2025-06-12", "conference_id": icpc["id"]}),
            "SOS-CIN-008",
            "/conference_id",
        )
    made = fam.api.created(reviews, {"review_date": "2025-06-12"})
    assert (made["cp_plan_id"], made["child_id"]) == (plan["id"], fam.child)


def test_the_census_day_rules_of_conferences_plans_and_reviews(fam: Family, db: Any) -> None:
    """As the CIN census validator checks them: no initial conference on a weekend (8875); a plan an
    initial conference started starts that day (2885); it ends (8840) and is reviewed (8841) on a
    later day, not the day it started."""
    referral, _, s47 = fam.chain()
    with same(db):
        saturday = refused(
            fam.conference(section47_id=s47["id"], held_on="2025-03-22"), "SOS-CIN-006", "/held_on"
        )
        assert saturday["errors"][0]["code"] == "on_a_weekend"
    icpc = fam.conference(section47_id=s47["id"]).json()
    assert date.fromisoformat(icpc["held_on"]).weekday() < 5
    plan_fields = {"referral_id": referral["id"], "conference_id": icpc["id"], "start_date": icpc["held_on"]}
    with same(db):
        late = fam.post("cp-plans", "create_cp_plan", **{**plan_fields, "start_date": "2025-03-24"})
        assert refused(late, "SOS-CIN-007", "/start_date")["errors"][0]["code"] == "not_on_conference_day"
        same_day = fam.post("cp-plans", "create_cp_plan", **plan_fields, end_date=icpc["held_on"])
        refused(same_day, "SOS-CIN-007", "/end_date")
    plan = fam.made("cp-plans", "create_cp_plan", **plan_fields)
    reviews = f"/v1/cp-plans/{plan['id']}/reviews"
    with same(db):
        refused(fam.api.post(reviews, {"review_date": plan["start_date"]}), "SOS-CIN-008", "/review_date")
    fam.api.created(reviews, {"review_date": "2025-06-12"})


def test_a_plan_transferred_in_starts_on_the_day_of_its_conference(fam: Family, db: Any) -> None:
    """The CIN census takes a transfer-in conference as the child's initial one (rule 2885): the plan it
    started starts that day."""
    referral = fam.referral()
    transfer = fam.conference(conference_type="TRANSFER_IN", section47_id=None, held_on="2025-03-05").json()
    plan_fields = {"referral_id": referral["id"], "conference_id": transfer["id"], "start_date": "2025-03-06"}
    with same(db):
        late = refused(fam.post("cp-plans", "create_cp_plan", **plan_fields), "SOS-CIN-007", "/start_date")
        assert late["errors"][0]["detail"] == "not the day of its transfer-in conference (2025-03-05)", late
    fam.made("cp-plans", "create_cp_plan", **{**plan_fields, "start_date": "2025-03-05"})


def test_an_amended_plan_keeps_its_reviews_within_it(fam: Family, db: Any) -> None:
    referral, _, s47 = fam.chain()
    icpc = fam.conference(section47_id=s47["id"]).json()
    plan = fam.made("cp-plans", "create_cp_plan", referral_id=referral["id"], conference_id=icpc["id"])
    fam.api.created(f"/v1/cp-plans/{plan['id']}/reviews", {"review_date": "2025-06-12"})
    path = f"/v1/cp-plans/{plan['id']}"
    with same(db):
        ended = fam.api.patch(path, {"end_date": "2025-06-11"}, headers=ENDED)
        assert refused(ended, "SOS-CIN-008", "/end_date")["errors"][0]["code"] == "before_a_review"
    assert fam.api.patch(path, {"end_date": "2025-06-12"}, headers=ENDED).status_code == 200


def test_a_referral_date_moves_no_later_than_its_records(fam: Family, db: Any) -> None:
    referral, _, _ = fam.chain()  # the discussion and section 47 on 2025-03-03
    path = f"/v1/referrals/{referral['id']}"
    with same(db):
        moved = fam.api.patch(path, {"referral_date": "2025-03-04"}, headers=ENDED)
        problem = refused(moved, "SOS-CIN-002", "/referral_date")
        assert problem["errors"][0]["code"] == "after_its_records"
        assert "2025-03-03" in problem["detail"], problem
    assert fam.api.patch(path, {"referral_date": "2025-03-03"}, headers=ENDED).status_code == 200


def test_relationships_per_child_with_parental_responsibility(fam: Family, api: Api, db: Any) -> None:
    sibling = person(api)
    api.created(
        f"/v1/cases/{fam.case}/members",
        {"person_id": sibling["id"], "role": "CHILD", "joined_on": "2025-01-14"},
    )
    partner = person(api, date_of_birth="1990-01-01")
    api.created(
        f"/v1/cases/{fam.case}/members",
        {"person_id": partner["id"], "role": "ADULT", "joined_on": "2025-01-14"},
    )
    path = f"/v1/cases/{fam.case}/relationships"
    api.created(
        path,
        body("create_relationship", person_id=partner["id"], child_id=fam.child, relationship_type="FATHER"),
    )
    api.created(
        path,
        body(
            "create_relationship",
            person_id=partner["id"],
            child_id=sibling["id"],
            relationship_type="PARENT_PARTNER",
            parental_responsibility=False,
            from_date="2024-01-01",
        ),
    )
    with same(db):
        refused(
            api.post(path, body("create_relationship", person_id=fam.child, child_id=sibling["id"])),
            "SOS-REL-001",
            "/person_id",
        )
        refused(
            api.post(
                path,
                body(
                    "create_relationship", person_id=partner["id"], child_id=fam.child, to_date="2017-01-01"
                ),
            ),
            "SOS-REL-001",
            "/to_date",
        )
        refused(
            api.post(path, body("create_relationship", person_id=partner["id"], child_id=partner["id"])),
            "SOS-CASE-002",
            "/child_id",
        )
    kinds = {
        r["child_id"]: r["relationship_type"]
        for r in api.get(path, params={"person_id": partner["id"]}).json()["items"]
    }
    assert kinds == {fam.child: "FATHER", sibling["id"]: "PARENT_PARTNER"}
    holding = api.get(
        path, params={"child_id": sibling["id"], "parental_responsibility": "true", "on": "2025-01-01"}
    ).json()
    assert holding["items"] == []
    assert len(api.get(path, params={"child_id": fam.child, "on": "2018-06-01"}).json()["items"]) == 1
    assert api.get(path, params={"child_id": fam.child, "on": "2018-04-01"}).json()["items"] == []


def test_early_help_consent_rests_on_parental_responsibility(fam: Family, api: Api, db: Any) -> None:
    outsider = person(api)["id"]
    with same(db):
        refused(
            fam.post("early-help-episodes", "create_early_help_episode", consent_given_by_person_id=None),
            "SOS-EH-002",
            "/consent_given_by_person_id",
        )
        refused(
            fam.post("early-help-episodes", "create_early_help_episode", consent_given_by_person_id=outsider),
            "SOS-EH-002",
            "/consent_given_by_person_id",
        )
        refused(
            fam.post(
                "early-help-episodes",
                "create_early_help_episode",
                consent_given_by_person_id=fam.mother,
                outcome="NEEDS_MET",
            ),
            "SOS-EH-001",
            "/ended_on",
        )
    episode = fam.made(
        "early-help-episodes", "create_early_help_episode", consent_given_by_person_id=fam.mother
    )
    assert episode["consent_given_by_holds_parental_responsibility"] is False
    api.created(
        f"/v1/cases/{fam.case}/relationships",
        body("create_relationship", person_id=fam.mother, child_id=fam.child),
    )
    again = api.get(f"/v1/early-help-episodes/{episode['id']}").json()
    assert again["consent_given_by_holds_parental_responsibility"] is True
    with same(db):
        refused(
            api.patch(f"/v1/early-help-episodes/{episode['id']}", {"ended_on": "2025-01-01"}, headers=ENDED),
            "SOS-EH-001",
            "/ended_on",
        )


def test_rating_occasion_is_of_the_same_case(fam: Family, api: Api, db: Any) -> None:
    _, _, s47 = fam.chain()
    icpc = fam.conference(section47_id=s47["id"]).json()
    other = Family(api)
    _, _, other_s47 = other.chain()
    elsewhere = other.conference(section47_id=other_s47["id"]).json()
    the_scale = scale(api, fam.case)
    ratings = f"/v1/scales/{the_scale['id']}/ratings"
    with same(db):
        refused(
            api.post(ratings, rating_body(occasion_type="CP_CONFERENCE", occasion_id=elsewhere["id"])),
            "SOS-SCALE-005",
            "/occasion_id",
        )
        refused(
            api.post(ratings, rating_body(occasion_type="NETWORK_MEETING", occasion_id=icpc["id"])),
            "SOS-SCALE-005",
            "/occasion_id",
        )
        refused(api.post(ratings, rating_body(occasion_id=icpc["id"])), "SOS-SCALE-005", "/occasion_type")
    made = api.created(ratings, rating_body(occasion_type="CP_CONFERENCE", occasion_id=icpc["id"]))
    assert (made["occasion_type"], made["occasion_id"]) == ("CP_CONFERENCE", icpc["id"])


def test_moves_rest_on_the_events(fam: Family, api: Api, db: Any) -> None:
    case, child = fam.case, fam.child
    with same(db):
        refused(
            move(api, case, child, "CIN", "2025-03-02", grounds=None), "SOS-STAGE-005", "/grounds/referral_id"
        )
    late = fam.referral(referral_date="2025-03-05")
    nfa = fam.referral(no_further_action=True)
    with same(db):
        for grounds in (
            {"referral_id": late["id"]},
            {"referral_id": nfa["id"]},
            {"conference_id": late["id"]},
        ):
            problem = refused(
                move(api, case, child, "CIN", "2025-03-02", grounds=grounds), "SOS-STAGE-005", ""
            )
            assert problem["errors"][0]["pointer"].startswith("/grounds")
        refused(
            move(api, case, child, "EARLY_HELP", "2025-03-02", grounds={"referral_id": late["id"]}),
            "SOS-STAGE-001",
            "/grounds",
        )
    # Both were made only to be refused as grounds: a child's referrals do not overlap (SOS-CIN-012).
    for made in (late, nfa):
        wrong = api.post(
            f"/v1/referrals/{made['id']}/entered-in-error", {"reason": "Test only."}, headers=ENDED
        )
        assert wrong.status_code == 200, wrong.text
    referral = fam.referral()
    up = move(api, case, child, "CIN", "2025-03-02", grounds={"referral_id": referral["id"]})
    assert up.status_code == 201 and up.json()["grounds"]["referral_id"] == referral["id"]
    discussion = fam.discussion(referral)
    s47 = fam.enquiry(referral, discussion)
    no_plan = fam.conference(section47_id=s47["id"], outcome="NO_PLAN").json()
    icpc = fam.conference(section47_id=s47["id"]).json()
    with same(db):
        refused(
            move(api, case, child, "CP", "2025-03-20", grounds={"conference_id": icpc["id"]}),
            "SOS-STAGE-006",
            "/grounds/conference_id",
        )  # no plan recorded yet
        refused(
            move(api, case, child, "CP", "2025-03-20", grounds={"conference_id": no_plan["id"]}),
            "SOS-STAGE-006",
            "/grounds/conference_id",
        )
    plan = fam.made("cp-plans", "create_cp_plan", referral_id=referral["id"], conference_id=icpc["id"])
    with same(db):
        refused(
            move(api, case, child, "CP", "2025-03-19", grounds={"conference_id": icpc["id"]}),
            "SOS-STAGE-006",
            "/grounds/conference_id",
        )
    assert (
        move(api, case, child, "CP", "2025-03-20", grounds={"conference_id": icpc["id"]}).status_code == 201
    )
    with same(db):
        refused(
            move(api, case, child, "CIN", "2025-08-20", grounds={"cp_plan_id": plan["id"]}),
            "SOS-STAGE-007",
            "/grounds/cp_plan_id",
        )
    ended = api.patch(f"/v1/cp-plans/{plan['id']}", {"end_date": "2025-08-20"}, headers=ENDED)
    assert ended.status_code == 200, ended.text
    down = move(api, case, child, "CIN", "2025-08-20", grounds={"cp_plan_id": plan["id"]})
    assert down.status_code == 201 and down.json()["kind"] == "STEP_DOWN"


def test_a_step_down_to_early_help_rests_on_the_referral_closed(fam: Family, api: Api, db: Any) -> None:
    """SOS-STAGE-011: CIN down to early help names the child's referral, closed on or before the move
    with RC7 or RC9, so the episode of need does not stay open in the CIN census after the step down."""
    case, child = fam.case, fam.child
    referral = fam.referral()
    named = {"referral_id": referral["id"]}
    assert move(api, case, child, "CIN", "2025-03-02", grounds=named).status_code == 201
    path = f"/v1/referrals/{referral['id']}"

    def step_down(on: str, grounds: dict[str, str] | None = None) -> Any:
        return move(api, case, child, "EARLY_HELP", on, grounds=grounds)

    with same(db):
        refused(step_down("2025-09-01"), "SOS-STAGE-011", "/grounds/referral_id")
        refused(step_down("2025-09-01", named), "SOS-STAGE-011", "/grounds/referral_id")  # still open
    for version, (closed_on, reason) in enumerate((("2025-09-01", "RC8"), ("2025-09-02", "RC7")), start=1):
        change = {"closure_date": closed_on, "closure_reason": reason}
        amended = api.patch(path, change, headers={"If-Match": f'W/"{version}"'})
        assert amended.status_code == 200, amended.text
        with same(db):  # closed with no further action; then closed only after the move
            refused(step_down("2025-09-01", named), "SOS-STAGE-011", "/grounds/referral_id")
    down = step_down("2025-09-02", named)
    assert down.status_code == 201, down.text
    assert (down.json()["kind"], down.json()["grounds"]["referral_id"]) == ("STEP_DOWN", referral["id"])
