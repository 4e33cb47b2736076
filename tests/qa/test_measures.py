"""The meaningful measures M1-M15 on small hand-built data sets, each made through the API.

Every test works under its own team (allocations to ``T-<random>``) and asks for ``?team=`` so no
other test's records ever count. Expected values are worked out here, from what the test made.
The period is June 2025 throughout, so "as at" is 30 June 2025.
"""

from __future__ import annotations

import csv
import io
import statistics
from datetime import date
from typing import Any

from sqlalchemy import select

from service.contract.examples import body
from service.models import AuditEvent
from service.qa.measures import MEASURES, csv_rows
from service.reference_data.registry import code_lists
from tests.support import Api, assert_problem, person, plan_started
from tests.support.assessment import if_match
from tests.support.planning import plan_body, voice_body
from tests.support.qa import (
    PERIOD,
    family_feedback_body,
    go,
    measures,
    new_team,
    staff_feedback_body,
    statement,
    team_case,
)

AS_AT = date(2025, 6, 30)


def referral(api: Api, case_id: str, child_id: str, on: str, closed: str | None = None) -> dict[str, Any]:
    """A referral of the child on ``on``, closed on ``closed`` if given (a child's referrals do not
    overlap, so each but the child's last is closed)."""
    ending = {"closure_date": closed, "closure_reason": "RC1"} if closed else {}
    return api.created(
        f"/v1/cases/{case_id}/referrals",
        body("create_referral", child_id=child_id, referral_date=on, **ending),
    )


def cp_plan(api: Api, case_id: str, child_id: str, start: str, end: str | None = None) -> dict[str, Any]:
    """A child protection plan from ``start`` (with its referral, enquiry and initial conference),
    ended on ``end`` if given."""
    made = plan_started(api, case_id, child_id, start)
    assert made is not None
    plan = made[1]
    if end is not None:
        response = api.patch(f"/v1/cp-plans/{plan['id']}", {"end_date": end}, headers={"If-Match": 'W/"1"'})
        assert response.status_code == 200, response.text
        plan = response.json()
    return plan


def scale(api: Api, case_id: str) -> str:
    body = {
        "kind": "SAFETY",
        "question": "How safe is the child at home?",
        "anchor_0": "The child cannot live at home.",
        "anchor_10": "Safe enough to close the case.",
        "defined_on": "2025-01-10",
    }
    return str(api.created(f"/v1/cases/{case_id}/scales", body)["id"])


def rate(api: Api, scale_id: str, value: int, on: str, role: str = "SOCIAL_WORKER") -> None:
    api.created(
        f"/v1/scales/{scale_id}/ratings",
        {
            "value": value,
            "rater_name": f"Test {role.lower()}",
            "rater_role": role,
            "rated_on": on,
            "context": "HOME_VISIT",
            "reason": "Some safety is in place.",
        },
    )


def days(a: str, b: str) -> int:
    return (date.fromisoformat(b) - date.fromisoformat(a)).days


# --- definitions ---------------------------------------------------------------------------------


def test_the_code_list_and_the_code_define_the_measures_alike() -> None:
    listed = code_lists()["qa_measure"].codes
    assert [row["code"] for row in csv_rows()] == list(listed) == [f"M{n}" for n in range(1, 16)]
    for row in csv_rows():
        entry = listed[row["code"]]
        assert (entry.label, entry.definition) == (row["label"], row["definition"])
        for part in ("Numerator:", "Denominator:", "Period:", "Inclusions:"):
            assert part in entry.definition


# --- one test per measure -------------------------------------------------------------------------


def test_m1_danger_statement_coverage(api: Api) -> None:
    team = new_team()
    covered, [a] = team_case(api, team)
    go(api, covered, a, ("CIN", "2025-03-01"))
    statement(api, covered, a, "2025-03-10")
    bare, [b] = team_case(api, team)
    go(api, bare, b, ("CIN", "2025-03-01"))
    later, [c] = team_case(api, team)
    go(api, later, c, ("EARLY_HELP", "2025-02-01"))
    statement(api, later, c, "2025-07-10")  # written after the period: not current on 30 June
    closed, [d] = team_case(api, team)
    go(api, closed, d, ("CIN", "2025-03-01"), ("CLOSED", "2025-05-01"))
    statement(api, closed, d, "2025-03-10")  # closed case: not in the denominator
    met, [e] = team_case(api, team)
    go(api, met, e, ("CIN", "2025-01-05"))
    done = statement(api, met, e, "2025-01-06", sustain_from="2025-01-10", sustain_duration="P3M")
    api.post(f"/v1/danger-statements/{done['id']}/goal-met", {"met_on": "2025-04-15"}, headers=if_match(done))

    m1 = measures(api, team)["M1"]
    # open at 30 June: covered, bare, later, met (4); with a current statement: covered only.
    assert (m1["numerator"], m1["denominator"], m1["value"]) == (1, 4, 0.25)
    assert m1["value_kind"] == "ratio" and m1["not_computable"] is None


def test_m2_goal_pairing_leaves_out_entered_in_error(api: Api) -> None:
    team = new_team()
    one, [a] = team_case(api, team)
    go(api, one, a, ("CIN", "2025-02-01"))
    statement(api, one, a, "2025-02-10", sustain_duration="P6M")
    two, [b] = team_case(api, team)
    go(api, two, b, ("CIN", "2025-02-01"))
    statement(api, two, b, "2025-02-10")
    statement(api, two, b, "2025-03-10")
    wrong = statement(api, two, b, "2025-03-11")
    response = api.post(
        f"/v1/danger-statements/{wrong['id']}/entered-in-error",
        {"reason": "Recorded on the wrong case."},
        headers=if_match(wrong),
    )
    assert response.status_code == 200, response.text

    m2 = measures(api, team)["M2"]
    assert (m2["numerator"], m2["denominator"], m2["value"]) == (3, 3, 1.0)


def test_a_withdrawal_counts_from_its_practice_date_not_the_day_it_was_typed(api: Api) -> None:
    """A statement withdrawn in practice on 2025-06-15 (typed today) no longer counts as at 30 June;
    one withdrawn on 2025-07-02 still does."""
    team = new_team()
    one, [a] = team_case(api, team)
    go(api, one, a, ("CIN", "2025-02-01"))
    for withdrawn_on in ("2025-06-15", "2025-07-02"):
        made = statement(api, one, a, "2025-02-10")
        response = api.post(
            f"/v1/danger-statements/{made['id']}/withdraw",
            {"reason": "The worry no longer applies.", "effective_on": withdrawn_on},
            headers=if_match(made),
        )
        assert response.status_code == 200, response.text
    m2 = measures(api, team)["M2"]
    assert (m2["numerator"], m2["denominator"]) == (1, 1)


def test_m3_scaling_currency(api: Api) -> None:
    team = new_team()
    recent, [a] = team_case(api, team)
    go(api, recent, a, ("CIN", "2025-02-01"))
    s = scale(api, recent)
    rate(api, s, 4, "2025-05-01")
    rate(api, s, 7, "2025-05-01", "PARENT")
    rate(api, s, 5, "2025-06-01")
    stale, [b] = team_case(api, team)
    go(api, stale, b, ("CIN", "2025-01-15"))
    rate(api, scale(api, stale), 3, "2025-02-01")  # before 30 March: more than three months old
    none, [c] = team_case(api, team)
    go(api, none, c, ("EARLY_HELP", "2025-02-01"))

    m3 = measures(api, team)["M3"]
    assert (m3["numerator"], m3["denominator"]) == (1, 3)
    assert m3["value"] == round(1 / 3, 4)
    assert m3["details"]["median_distinct_rater_roles"] == 2  # social worker and parent


def test_m4_scaling_movement_uses_worker_ratings_only(api: Api) -> None:
    team = new_team()
    up, [a] = team_case(api, team)
    go(api, up, a, ("CIN", "2025-01-15"))
    s = scale(api, up)
    rate(api, s, 3, "2025-02-01")
    rate(api, s, 4, "2025-04-01")
    rate(api, s, 6, "2025-06-10")
    rate(api, s, 9, "2025-06-11", "PARENT")  # not a worker: ignored
    flat, [b] = team_case(api, team)
    go(api, flat, b, ("CIN", "2025-01-15"))
    s = scale(api, flat)
    rate(api, s, 5, "2025-03-01")
    rate(api, s, 6, "2025-06-05", "EARLY_HELP_PRACTITIONER")
    old, [c] = team_case(api, team)
    go(api, old, c, ("CIN", "2025-01-15"))
    s = scale(api, old)
    rate(api, s, 1, "2025-03-01")
    rate(api, s, 8, "2025-04-01")  # latest worker rating not in June: left out

    m4 = measures(api, team)["M4"]
    changes = [6 - 3, 6 - 5]
    assert (m4["numerator"], m4["denominator"], m4["value"]) == (1, 2, 0.5)
    assert m4["details"]["median_change_per_scale"] == statistics.median(changes)


def test_m5_child_voice(api: Api) -> None:
    team = new_team()
    case_id, [heard, not_lately, baby] = team_case(api, team, dobs=("2018-05-01", "2019-01-01", "2023-01-01"))
    for child in (heard, not_lately, baby):
        go(api, case_id, child, ("CIN", "2025-01-20"))
    fam = {"case_id": case_id}
    api.created(f"/v1/children/{heard}/voice", voice_body(fam, recorded_on="2025-05-01"))
    api.created(f"/v1/children/{not_lately}/voice", voice_body(fam, recorded_on="2024-11-01"))

    m5 = measures(api, team)["M5"]
    # aged 4+ on 30 June 2025: heard and not_lately; the baby is 2. Heard since 30 Dec 2024: one.
    assert (m5["numerator"], m5["denominator"], m5["value"]) == (1, 2, 0.5)


def network_member(api: Api, case_id: str, relation: str, natural: bool) -> dict[str, Any]:
    who = person(api, given_name="Net", sex="2", date_of_birth="1970-01-01")["id"]
    body = {
        "person_id": who,
        "relationship_to_child": relation,
        "roles": ["DAILY_CHECK_IN"],
        "naturally_connected": natural,
        "joined_on": "2025-03-01",
    }
    return api.created(f"/v1/cases/{case_id}/network/members", body)


def test_m6_network_presence_size_and_informed(api: Api) -> None:
    team = new_team()
    full, [a] = team_case(api, team)
    go(api, full, a, ("CIN", "2025-02-01"))
    worry = statement(api, full, a, "2025-02-10")
    nan = network_member(api, full, "GRANDPARENT", True)
    network_member(api, full, "TEACHER", False)
    api.created(
        f"/v1/network-members/{nan['id']}/informed",
        {"danger_statement_id": worry["id"], "version": worry["version"], "informed_on": "2025-03-02"},
    )
    professional, [b] = team_case(api, team)
    go(api, professional, b, ("CIN", "2025-02-01"))
    network_member(api, professional, "TEACHER", False)
    alone, [c] = team_case(api, team)
    go(api, alone, c, ("CIN", "2025-02-01"))

    m6 = measures(api, team)["M6"]
    assert (m6["numerator"], m6["denominator"]) == (1, 3)
    assert m6["details"]["median_network_size"] == statistics.median([2, 1, 0])
    # only the first case has a current statement: its 2 members are to be told, 1 was.
    assert (m6["details"]["members_to_inform"], m6["details"]["members_informed_of_current_statements"]) == (
        2,
        1,
    )
    assert m6["details"]["share_informed"] == 0.5


def planning_family(api: Api, team: str) -> dict[str, Any]:
    case_id, [child] = team_case(api, team)
    mother = person(api, given_name="Jo", sex="2", date_of_birth="1990-03-01")
    api.created(
        f"/v1/cases/{case_id}/members",
        {
            "person_id": mother["id"],
            "role": "ADULT",
            "relationship_to_children": "MOTHER",
            "joined_on": "2023-01-02",
        },
    )
    worry = statement(api, case_id, child, "2025-02-10")
    return {"case_id": case_id, "child": {"id": child}, "mother": mother, "statement": worry}


def test_m7_safety_plan_for_child_protection(api: Api) -> None:
    team = new_team()
    planned = planning_family(api, team)
    go(api, planned["case_id"], planned["child"]["id"], ("CIN", "2025-02-01"), ("CP", "2025-03-01"))
    friendly = {"format": "WORDS_AND_PICTURES", "summary": "Mum keeps us safe with Nana's help."}
    api.created(
        f"/v1/cases/{planned['case_id']}/safety-plans", plan_body(planned, child_friendly_version=friendly)
    )
    unplanned = planning_family(api, team)
    go(api, unplanned["case_id"], unplanned["child"]["id"], ("CIN", "2025-02-01"), ("CP", "2025-03-01"))
    cin_only = planning_family(api, team)  # a plan, but not a CP or reunification case: left out
    go(api, cin_only["case_id"], cin_only["child"]["id"], ("CIN", "2025-02-01"))
    api.created(f"/v1/cases/{cin_only['case_id']}/safety-plans", plan_body(cin_only))

    m7 = measures(api, team)["M7"]
    assert (m7["numerator"], m7["denominator"], m7["value"]) == (1, 2, 0.5)
    assert m7["details"]["with_child_friendly_version"] == 1


def test_m8_continuity_of_transitions(api: Api) -> None:
    team = new_team()
    carried, [a] = team_case(api, team)
    go(api, carried, a, ("EARLY_HELP", "2025-02-01"))  # from the front door: not counted
    api.created(
        f"/v1/cases/{carried}/maps",
        {
            "context": ["ASSESSMENT"],
            "mapped_on": "2025-02-10",
            "participants": ["Parent", "Worker"],
            "entries": [{"category": "NEXT_STEP", "text": "Meet the grandmother."}],
        },
    )
    go(api, carried, a, ("CIN", "2025-06-05"))  # carries the map forward
    empty, [b] = team_case(api, team)
    go(api, empty, b, ("CIN", "2025-02-01"), ("CP", "2025-06-10"))  # nothing to carry
    go(api, empty, b, ("CLOSED", "2025-06-20"))  # a closure: not counted

    m8 = measures(api, team)["M8"]
    assert (m8["numerator"], m8["denominator"], m8["value"]) == (1, 2, 0.5)


def test_m9_re_referral_from_referral_records(api: Api) -> None:
    team = new_team()
    again, [a] = team_case(api, team)
    referral(api, again, a, "2024-09-01", closed="2024-11-01")
    referral(api, again, a, "2025-06-10")
    long_ago, [b] = team_case(api, team)
    referral(api, long_ago, b, "2023-01-10", closed="2023-03-01")
    referral(api, long_ago, b, "2025-06-12")
    first, [c] = team_case(api, team)
    referral(api, first, c, "2025-06-15")
    wrong = referral(api, first, c, "2025-06-01", closed="2025-06-02")
    assert (
        api.post(
            f"/v1/referrals/{wrong['id']}/entered-in-error",
            {"reason": "wrong child"},
            headers={"If-Match": 'W/"1"'},
        ).status_code
        == 200
    )
    elsewhere, _ = team_case(api, new_team())  # an earlier referral of c in another team's case counts
    api.created(
        f"/v1/cases/{elsewhere}/members", {"person_id": c, "role": "CHILD", "joined_on": "2023-01-02"}
    )
    referral(api, elsewhere, c, "2024-12-01", closed="2025-01-10")

    m9 = measures(api, team)["M9"]
    # June referrals: a (previous 2024-09-01, within 12 months), b (previous 2023), c (previous
    # 2024-12-01 in another case: within 12 months); the one entered in error does not count.
    assert (m9["numerator"], m9["denominator"], m9["value"]) == (2, 3, round(2 / 3, 4))
    assert m9["note"] is None


def test_m10_repeat_child_protection_plans(api: Api) -> None:
    team = new_team()
    repeat, [a] = team_case(api, team)
    cp_plan(api, repeat, a, "2023-02-01", "2023-09-01")
    again = cp_plan(api, repeat, a, "2025-06-10")
    assert again["number_of_previous_plans"] == 1
    first, [b] = team_case(api, team)
    cp_plan(api, first, b, "2025-06-05")
    old, [c] = team_case(api, team)
    cp_plan(api, old, c, "2020-01-10", "2020-06-01")
    cp_plan(api, old, c, "2025-06-20")

    m10 = measures(api, team)["M10"]
    assert (m10["numerator"], m10["denominator"], m10["value"]) == (2, 3, round(2 / 3, 4))
    # a's previous plan ended 2023-09-01, after 2023-06-10 (two years before the new one); c's in 2020
    assert m10["details"]["repeat_within_2_years"] == 1


def test_m11_child_protection_plan_duration(api: Api) -> None:
    team = new_team()
    long, [a] = team_case(api, team)
    cp_plan(api, long, a, "2023-03-01")
    short, [b] = team_case(api, team)
    cp_plan(api, short, b, "2025-04-01")
    ended, [c] = team_case(api, team)
    cp_plan(api, ended, c, "2024-01-01", "2025-06-20")
    later, [d] = team_case(api, team)
    cp_plan(api, later, d, "2025-07-02")  # not started by 30 June

    m11 = measures(api, team)["M11"]
    open_days = [days("2023-03-01", "2025-06-30"), days("2025-04-01", "2025-06-30")]
    assert (m11["numerator"], m11["denominator"]) == (1, 2)  # only the first has lasted two years
    assert m11["value"] == statistics.median(open_days) and m11["value_kind"] == "median_days"
    assert m11["details"]["plans_ended_in_period"] == 1
    assert m11["details"]["median_days_of_plans_ended_in_period"] == days("2024-01-01", "2025-06-20")


def test_m12_time_to_goal(api: Api) -> None:
    team = new_team()
    met, [a] = team_case(api, team)
    go(api, met, a, ("CIN", "2025-02-01"))
    worry = statement(api, met, a, "2025-02-10", sustain_from="2025-02-15", sustain_duration="P3M")
    response = api.post(
        f"/v1/danger-statements/{worry['id']}/goal-met", {"met_on": "2025-05-20"}, headers=if_match(worry)
    )
    assert response.status_code == 200, response.text
    go(api, met, a, ("EARLY_HELP", "2025-06-10"))
    open_goal, [b] = team_case(api, team)
    go(api, open_goal, b, ("CIN", "2025-02-01"), ("CP", "2025-03-01"))
    statement(api, open_goal, b, "2025-03-05")
    go(api, open_goal, b, ("CIN", "2025-06-12"))

    m12 = measures(api, team)["M12"]
    assert (m12["numerator"], m12["denominator"]) == (1, 2)
    assert m12["value"] == days("2025-02-10", "2025-06-10")


def _episodes(
    api: Api, case_id: str, child_id: str, *steps: tuple[str, str, str, str, str | None, str | None]
) -> None:
    """(start, reason new episode, legal status, placement, end, reason ceased) episodes of a child."""
    for start, rne, status, place, end, ceased in steps:
        api.created(
            f"/v1/cases/{case_id}/lac-episodes",
            body(
                "create_lac_episode",
                child_id=child_id,
                start_date=start,
                reason_new_episode=rne,
                legal_status=status,
                placement_type=place,
                end_date=end,
                reason_ceased=ceased,
            ),
        )


def test_m13_placement_stability_by_hand(api: Api) -> None:
    team = new_team()
    moved, [a] = team_case(api, team)  # three placements in June: unstable
    _episodes(
        api,
        moved,
        a,
        ("2025-05-01", "S", "V2", "U6", "2025-06-05", "X1"),
        ("2025-06-05", "P", "V2", "U4", "2025-06-15", "X1"),
        ("2025-06-15", "L", "C1", "U4", "2025-06-20", "X1"),  # legal status only: same placement
        ("2025-06-20", "P", "C1", "U3", None, None),
    )
    settled, [b] = team_case(api, team)  # one placement, begun before June under an earlier episode
    _episodes(
        api,
        settled,
        b,
        ("2025-03-01", "S", "V2", "U6", "2025-05-31", "X1"),
        ("2025-05-31", "L", "C2", "U6", None, None),
    )
    short, [c] = team_case(api, team)  # into care and home again within June
    _episodes(api, short, c, ("2025-06-10", "S", "V2", "U6", "2025-06-25", "E4A"))
    gone, [d] = team_case(api, team)  # left care before June: not counted
    _episodes(api, gone, d, ("2025-01-01", "S", "V2", "U6", "2025-04-30", "E4A"))

    m13 = measures(api, team)["M13"]
    # Worked by hand: a has 3 placements (U6, U4 twice by L, U3), b 1, c 1; d is not looked after.
    assert (m13["numerator"], m13["denominator"], m13["value"]) == (1, 3, 0.3333)
    assert m13["not_computable"] is None and m13["value_kind"] == "ratio"
    assert m13["details"]["placements_in_period"] == 5
    assert m13["details"]["placements_per_child"] == 1.6667
    assert m13["details"]["children_starting_care_in_period"] == 1
    assert m13["details"]["children_ceasing_care_in_period"] == 1


def test_m14_step_down_durability(api: Api) -> None:
    team = new_team()
    held, [a] = team_case(api, team)
    go(api, held, a, ("CIN", "2024-10-01"), ("EARLY_HELP", "2024-12-10"))
    back, [b] = team_case(api, team)
    go(api, back, b, ("CIN", "2024-10-01"), ("EARLY_HELP", "2024-12-15"), ("CIN", "2025-03-01"))

    m14 = measures(api, team)["M14"]
    # step-downs of December 2024 (six months before June 2025): a held, b stepped up in March.
    assert (m14["numerator"], m14["denominator"], m14["value"]) == (1, 2, 0.5)
    assert m14["details"]["step_downs_12_months_earlier"] == 0
    assert m14["details"]["share_durable_12_months"] is None


def test_m15_family_and_staff_feedback(api: Api) -> None:
    team = new_team()
    case_id, _ = team_case(api, team)
    path = f"/v1/cases/{case_id}/family-feedback"
    june = [{"question_code": "F1", "value": 8}, {"question_code": "F2", "value": 4}]
    api.created(path, family_feedback_body(given_on="2025-06-05", respondent_role="PARENT", answers=june))
    may = [{"question_code": "F1", "value": 0}]
    api.created(path, family_feedback_body(given_on="2025-05-05", answers=may))  # outside the period
    staff = [{"question_code": "S1", "value": 10}]
    api.created("/v1/staff-feedback", staff_feedback_body(given_on="2025-06-10", team=team, answers=staff))

    m15 = measures(api, team)["M15"]
    answers = [8, 4, 10]
    assert (m15["numerator"], m15["denominator"]) == (2, 3)  # answers of 7 or more
    assert m15["value"] == round(statistics.fmean(answers), 2) and m15["value_kind"] == "mean"
    assert (m15["details"]["family_answers"], m15["details"]["staff_answers"]) == (2, 1)
    assert m15["details"]["answers_4_to_6"] == 1


# --- the endpoint ---------------------------------------------------------------------------------


def test_a_team_with_no_cases_counts_nothing(reader_api: Api) -> None:
    found = measures(reader_api, new_team())
    assert found["M1"]["denominator"] == 0 and found["M1"]["value"] is None
    assert found["M1"]["definition"]["numerator"].startswith("open cases")


def test_date_range_and_csv(api: Api) -> None:
    team = new_team()
    case_id, [a] = team_case(api, team)
    go(api, case_id, a, ("CIN", "2025-03-01"))
    statement(api, case_id, a, "2025-03-10")
    ranged = api.get("/v1/qa/measures", params={"from": "2025-06-01", "to": "2025-06-30", "team": team})
    assert ranged.status_code == 200
    assert ranged.json()["period"] == "2025-06-01/2025-06-30"
    assert ranged.json()["measures"][0]["numerator"] == 1
    for response in (
        api.get("/v1/qa/measures", params={"period": PERIOD, "team": team, "format": "csv"}),
        api.get("/v1/qa/measures", params={"period": PERIOD, "team": team}, headers={"Accept": "text/csv"}),
    ):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert [r["code"] for r in rows] == [m.code for m in MEASURES]
        assert (rows[0]["numerator"], rows[0]["denominator"], rows[0]["team"]) == ("1", "1", team)
        # M13 is computed (nobody looked after: a denominator of 0 and no value), not "not computable"
        assert (rows[12]["not_computable"], rows[12]["denominator"], rows[12]["value"]) == ("", "0", "")


def test_bad_periods_are_422(api: Api) -> None:
    for params in (
        {"period": "2025-13"},
        {"period": "June"},
        {"period": "2025-06", "from": "2025-06-01"},
        {"from": "2025-06-01"},
        {"from": "2025-06-30", "to": "2025-06-01"},
        {},
    ):
        assert assert_problem(api.get("/v1/qa/measures", params=params), 422)["requirement"] == "SOS-QA-101"


def test_one_audit_event_per_request_and_the_read_scope(
    api: Api, reader_api: Api, client: Any, db: Any
) -> None:
    team = new_team()
    before = len(db.scalars(select(AuditEvent.id).where(AuditEvent.record_type == "qa_measures")).all())
    response = reader_api.get("/v1/qa/measures", params={"period": PERIOD, "team": team})
    assert response.status_code == 200
    db.expire_all()
    events = db.scalars(select(AuditEvent).where(AuditEvent.record_type == "qa_measures")).all()
    assert len(events) == before + 1
    assert events[-1].la_code == "990" and events[-1].case_id is None and events[-1].child_id is None
    assert_problem(client.get("/v1/qa/measures", params={"period": PERIOD}), 401)


def test_the_operation_is_in_the_contract(client: Any) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/v1/qa/measures"]["get"]
    assert {"SOS-QA-101", "SOS-QA-102", "SOS-QA-103", "SOS-QA-104"} <= set(operation["x-requirements"])
    assert "text/csv" in operation["responses"]["200"]["content"]
    assert operation["summary"] and operation["description"]
