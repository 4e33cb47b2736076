"""The family's own goal in their words beside the agency's safety goal, and the worker's analysis and
judgement on a map version: kept as given, re-wording the family's goal re-words the statement, and a
judgement outside 0 to 10 is refused with nothing written."""

from __future__ import annotations

from service.models import RecordVersion
from service.models.assessment import AssessmentMap
from tests.support import assert_problem, case_with_child, count
from tests.support.assessment import if_match, map_body, statement


def test_a_map_keeps_its_analysis_and_judgement_and_refuses_one_off_the_scale(api, db):
    the_case, child = case_with_child(api)
    path = f"/v1/cases/{the_case['id']}/maps"
    before = [count(db, AssessmentMap), count(db, RecordVersion)]
    db.rollback()
    for wrong in (11, -1, 4.5):
        problem = assert_problem(api.post(path, map_body(child["id"], judgement_rating=wrong)), 422)
        assert (problem["errors"][0]["pointer"], problem.get("requirement")) == (
            "/judgement_rating",
            "SOS-FAM-003",
        )
    assert [count(db, AssessmentMap), count(db, RecordVersion)] == before
    db.rollback()
    made = api.created(path, map_body(child["id"], analysis="Mornings are the worry.", judgement_rating=3))
    assert (made["analysis"], made["judgement_rating"]) == ("Mornings are the worry.", 3)
    bare = api.created(path, map_body(child["id"], analysis=None, judgement_rating=None))
    assert (bare["analysis"], bare["judgement_rating"]) == (None, None)
    amended = api.patch(
        f"/v1/maps/{bare['id']}",
        {"judgement_rating": 6, "effective_on": "2025-03-01"},
        headers=if_match(bare),
    )
    assert amended.status_code == 200, amended.text
    assert amended.json()["judgement_rating"] == 6


def test_the_familys_goal_words_sit_beside_the_goal_and_re_word_the_statement(api):
    the_case, child = case_with_child(api)
    words = "Mum: 'He has his breakfast at Nana's when I work nights.'"
    made = statement(api, the_case["id"], child["id"], goal={"family_goal_words": words})
    assert made["goal"]["family_goal_words"] == words
    assert made["goal"]["parent_actions"] != words
    path = f"/v1/danger-statements/{made['id']}"
    changed = api.patch(
        path,
        {"goal": {"family_goal_words": "Mum: 'Nana gets him up.'"}, "effective_on": "2025-03-01"},
        headers=if_match(made),
    )
    assert changed.status_code == 200, changed.text
    read = api.get(path).json()
    assert (read["goal"]["family_goal_words"], read["worded_in_version"]) == ("Mum: 'Nana gets him up.'", 2)
