"""The map, danger statements with their goals, scales and ratings: each rule refused and nothing saved."""

from __future__ import annotations

from typing import Any

from service.models import AuditEvent, RecordVersion
from service.models.assessment import AssessmentMap, DangerStatement, Scale, ScaleRating
from tests.support import assert_problem, case_with_child, count, move, person
from tests.support.assessment import if_match, map_body, rating_body, scale, statement, statement_body

TABLES = (AssessmentMap, DangerStatement, Scale, ScaleRating, RecordVersion)


def rows(db: Any, model: Any) -> int:
    """support.count, then hand the connection back: the SQLite pool has one, the API needs it."""
    try:
        return count(db, model)
    finally:
        db.rollback()


def counts(db: Any) -> dict[str, int]:
    return {model.__name__: rows(db, model) for model in TABLES}


def refused(response: Any, requirement: str, status: int = 422, pointer: str | None = None) -> dict[str, Any]:
    body = assert_problem(response, status)
    assert body.get("requirement") == requirement, body
    if pointer is not None:
        assert pointer in [e["pointer"] for e in body.get("errors", [])], body
    return body


# --- the map ------------------------------------------------------------------------------------


def test_map_versions_are_numbered_per_case_and_follow_the_stage(api, other_api):
    the_case, child = case_with_child(api)
    move(api, the_case["id"], child["id"], "EARLY_HELP", "2025-01-14")
    first = api.created(f"/v1/cases/{the_case['id']}/maps", map_body(child["id"]))
    assert first["map_version"] == 1 and first["vocabulary"] == "WELLBEING"
    assert first["labels"]["statement"] == "worry statement"
    assert first["entries"][0]["children_affected"] == [child["id"]]
    assert move(api, the_case["id"], child["id"], "CIN", "2025-03-02").status_code == 201
    second = api.created(f"/v1/cases/{the_case['id']}/maps", map_body(child["id"], mapped_on="2025-03-10"))
    assert second["map_version"] == 2 and second["vocabulary"] == "SAFETY"
    # The first version is unchanged, and reads the same.
    again = api.get(f"/v1/maps/{first['id']}")
    assert again.status_code == 200 and again.json()["vocabulary"] == "WELLBEING"
    assert again.headers["ETag"] == 'W/"1"'
    listed = api.get(f"/v1/cases/{the_case['id']}/maps").json()["items"]
    assert [m["map_version"] for m in listed] == [1, 2]
    assert other_api.get(f"/v1/maps/{first['id']}").status_code == 404


def test_map_entries_name_children_of_the_case_and_harm_is_dated(api, db):
    the_case, child = case_with_child(api)
    _, stranger = case_with_child(api)
    before = counts(db)
    body = map_body(child["id"])
    body["entries"][0]["children_affected"] = [stranger["id"]]
    refused(
        api.post(f"/v1/cases/{the_case['id']}/maps", body),
        "SOS-MAP-002",
        pointer="/entries/0/children_affected/0",
    )
    undated = map_body(child["id"])
    del undated["entries"][0]["event_date"]
    assert_problem(api.post(f"/v1/cases/{the_case['id']}/maps", undated), 422, "validation_failed")
    assert counts(db) == before


def test_map_amend_makes_a_new_version(api):
    the_case, child = case_with_child(api)
    the_map = api.created(f"/v1/cases/{the_case['id']}/maps", map_body(child["id"]))
    entries = [
        *the_map["entries"],
        {"category": "EXISTING_SAFETY", "text": "Grandmother collects on Fridays."},
    ]
    r = api.patch(
        f"/v1/maps/{the_map['id']}",
        {"entries": entries, "amendment_reason": "Added after visit."},
        headers=if_match(the_map),
    )
    assert r.status_code == 200, r.text
    assert r.json()["version"] == 2 and len(r.json()["entries"]) == 3
    history = api.get(f"/v1/maps/{the_map['id']}/history").json()["versions"]
    assert [len(v["data"]["entries"]) for v in history] == [2, 3]


# --- danger statements and goals ----------------------------------------------------------------


def test_a_statement_cannot_be_recorded_without_its_goal(api, db):
    the_case, child = case_with_child(api)
    before = counts(db)
    body = statement_body(child["id"])
    del body["goal"]
    problem = assert_problem(api.post(f"/v1/cases/{the_case['id']}/danger-statements", body), 422)
    assert "/goal" in [e["pointer"] for e in problem["errors"]]
    assert counts(db) == before
    made = statement(api, the_case["id"], child["id"])
    assert made["goal"]["sustain_duration"] == "P3M" and made["goal"]["met_on"] is None


def test_statement_content_is_required(api, db):
    the_case, child = case_with_child(api)
    _, stranger = case_with_child(api)
    path = f"/v1/cases/{the_case['id']}/danger-statements"
    before = counts(db)
    refused(
        api.post(path, statement_body(child["id"], who_is_worried=[])),
        "SOS-DS-002",
        pointer="/who_is_worried",
    )
    refused(
        api.post(path, statement_body(child["id"], worried_about="   ")),
        "SOS-DS-002",
        pointer="/worried_about",
    )
    refused(
        api.post(path, statement_body(child["id"], if_nothing_changes="")),
        "SOS-DS-002",
        pointer="/if_nothing_changes",
    )
    refused(
        api.post(path, statement_body(child["id"], goal={"child_experience": ""})),
        "SOS-DS-002",
        pointer="/goal/child_experience",
    )
    refused(api.post(path, statement_body(child["id"], children=[])), "SOS-DS-002", pointer="/children")
    refused(api.post(path, statement_body(stranger["id"])), "SOS-DS-002", pointer="/children/0")
    assert counts(db) == before


def test_a_disputed_statement_needs_the_familys_words(api, db):
    the_case, child = case_with_child(api)
    path = f"/v1/cases/{the_case['id']}/danger-statements"
    before = counts(db)
    refused(
        api.post(path, statement_body(child["id"], family_position="DISPUTES")),
        "SOS-DS-003",
        pointer="/dispute_text",
    )
    assert counts(db) == before
    made = statement(
        api,
        the_case["id"],
        child["id"],
        family_position="DISPUTES",
        dispute_text="The parent says it was an accident.",
    )
    # Taking the dispute text away later is refused the same way.
    r = api.patch(f"/v1/danger-statements/{made['id']}", {"dispute_text": ""}, headers=if_match(made))
    refused(r, "SOS-DS-003")
    assert api.get(f"/v1/danger-statements/{made['id']}").json()["version"] == 1


def test_sustain_duration_is_an_iso_duration_longer_than_zero(api, db):
    the_case, child = case_with_child(api)
    path = f"/v1/cases/{the_case['id']}/danger-statements"
    before = counts(db)
    for bad in ("P0D", "three months", "PT0S"):
        refused(
            api.post(path, statement_body(child["id"], goal={"sustain_duration": bad})),
            "SOS-GOAL-001",
            pointer="/goal/sustain_duration",
        )
    assert counts(db) == before


def test_goal_met_only_after_the_change_has_lasted(api, db):
    the_case, child = case_with_child(api)
    made = statement(api, the_case["id"], child["id"], goal={"sustain_duration": "P6M"})
    met = f"/v1/danger-statements/{made['id']}/goal-met"
    before = counts(db)
    refused(
        api.post(met, {"met_on": "2026-06-30"}, headers=if_match(made)),
        "SOS-GOAL-002",
        pointer="/goal/sustain_from",
    )
    assert_problem(api.post(met, {"met_on": "2026-06-30"}), 428)
    assert counts(db) == before
    r = api.patch(
        f"/v1/danger-statements/{made['id']}",
        {"goal": {"sustain_from": "2026-01-12"}},
        headers=if_match(made),
    )
    assert r.status_code == 200, r.text
    current = r.json()
    before = counts(db)
    refused(
        api.post(met, {"met_on": "2026-06-30"}, headers=if_match(current)), "SOS-GOAL-002", pointer="/met_on"
    )
    refused(api.post(met, {"met_on": "2026-07-11"}, headers=if_match(current)), "SOS-GOAL-002")
    assert counts(db) == before
    done = api.post(met, {"met_on": "2026-07-12"}, headers=if_match(current))
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "goal_met" and done.json()["goal"]["met_on"] == "2026-07-12"
    assert done.headers["ETag"] == 'W/"3"'
    history = api.get(f"/v1/danger-statements/{made['id']}/history").json()["versions"]
    assert [v["change"] for v in history] == ["create", "amend", "goal_met"]
    # A met goal's statement is no longer active: it cannot be re-worded or met again.
    assert_problem(api.post(met, {"met_on": "2026-08-01"}, headers=if_match(done.json())), 409)


def test_more_than_three_active_statements_warns_but_records(api, db):
    the_case, child = case_with_child(api)
    for _ in range(3):
        assert statement(api, the_case["id"], child["id"])["warnings"] == []
    before = rows(db, DangerStatement)
    fourth = statement(api, the_case["id"], child["id"])
    assert rows(db, DangerStatement) == before + 1
    assert len(fourth["warnings"]) == 1 and "SOS-DS-004" in fourth["warnings"][0]
    # Reading it later carries no warning: the warning belongs to the write.
    assert api.get(f"/v1/danger-statements/{fourth['id']}").json()["warnings"] == []


def test_rewording_makes_a_new_version_with_history(api, db):
    the_case, child = case_with_child(api)
    made = statement(api, the_case["id"], child["id"])
    path = f"/v1/danger-statements/{made['id']}"
    new_words = "Leo is left without breakfast or a way to school when his mother works nights."
    before = counts(db)
    assert_problem(api.patch(path, {"worried_about": new_words}, headers={"If-Match": 'W/"9"'}), 412)
    assert_problem(api.patch(path, {"worried_about": new_words}), 428)
    assert counts(db) == before
    r = api.patch(
        path,
        {"worried_about": new_words, "amendment_reason": "Re-worded at step up."},
        headers=if_match(made),
    )
    assert r.status_code == 200, r.text
    assert r.json()["version"] == 2 and r.json()["id"] == made["id"]
    history = api.get(f"{path}/history").json()["versions"]
    assert [v["version"] for v in history] == [1, 2]
    assert history[0]["data"]["worried_about"] == made["worried_about"]
    assert (
        history[1]["data"]["worried_about"] == new_words and history[1]["reason"] == "Re-worded at step up."
    )


def test_a_goal_is_amended_field_by_field(api, db):
    the_case, child = case_with_child(api)
    made = statement(api, the_case["id"], child["id"], goal={"best_hopes": "Mornings without a rush."})
    path = f"/v1/danger-statements/{made['id']}"
    r = api.patch(path, {"goal": {"sustain_from": "2026-01-12"}}, headers=if_match(made))
    assert r.status_code == 200, r.text
    goal = r.json()["goal"]
    assert goal["sustain_from"] == "2026-01-12"
    assert {k: goal[k] for k in ("best_hopes", "parent_actions", "sustain_duration")} == {
        k: made["goal"][k] for k in ("best_hopes", "parent_actions", "sustain_duration")
    }
    before = counts(db)
    r = api.patch(path, {"goal": {"parent_actions": None}}, headers=if_match(r.json()))
    assert "/goal/parent_actions" in [e["pointer"] for e in assert_problem(r, 422)["errors"]]
    assert_problem(api.patch(path, {"goal": {"unknown": "x"}}, headers={"If-Match": 'W/"2"'}), 422)
    assert counts(db) == before
    cleared = api.patch(path, {"goal": {"best_hopes": None}}, headers={"If-Match": 'W/"2"'})
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["goal"]["best_hopes"] is None
    assert cleared.json()["goal"]["sustain_from"] == "2026-01-12"


def test_withdrawn_statement_stops_counting(api):
    the_case, child = case_with_child(api)
    made = statement(api, the_case["id"], child["id"])
    r = api.post(
        f"/v1/danger-statements/{made['id']}/withdraw",
        {"reason": "Worry resolved another way.", "effective_on": "2025-06-02"},
        headers=if_match(made),
    )
    assert r.status_code == 200 and r.json()["status"] == "withdrawn"
    active = api.get(f"/v1/cases/{the_case['id']}/danger-statements", params={"status": "active"}).json()
    assert active["items"] == []


def test_statements_are_another_authoritys_secret(api, other_api, reader_api):
    the_case, child = case_with_child(api)
    made = statement(api, the_case["id"], child["id"])
    assert_problem(other_api.get(f"/v1/danger-statements/{made['id']}"), 404)
    assert_problem(
        other_api.post(f"/v1/cases/{the_case['id']}/danger-statements", statement_body(child["id"])), 404
    )
    assert_problem(
        reader_api.post(f"/v1/cases/{the_case['id']}/danger-statements", statement_body(child["id"])), 403
    )


# --- scales and ratings -------------------------------------------------------------------------


def test_ratings_are_whole_numbers_from_0_to_10_with_a_reason(api, db):
    the_case, _child = case_with_child(api)
    the_scale = scale(api, the_case["id"])
    path = f"/v1/scales/{the_scale['id']}/ratings"
    before = counts(db)
    for value in (-1, 11, 100):
        refused(api.post(path, rating_body(value=value)), "SOS-SCALE-002", pointer="/value")
    refused(api.post(path, rating_body(reason=" ")), "SOS-SCALE-002", pointer="/reason")
    refused(api.post(path, rating_body(value=4.5)), "SOS-SCALE-002", pointer="/value")
    refused(api.post(path, rating_body(value=6.5)), "SOS-SCALE-002", pointer="/value")
    assert_problem(api.post(path, rating_body(rater_role="NEIGHBOUR")), 422)
    assert counts(db) == before
    assert api.created(path, rating_body(value=0))["value"] == 0
    assert api.created(path, rating_body(value=10))["scale_version"] == 1


def test_a_rating_of_one_or_below_is_recorded_with_a_warning(api):
    the_case, _child = case_with_child(api)
    path = f"/v1/scales/{scale(api, the_case['id'])['id']}/ratings"
    warned = {value: api.created(path, rating_body(value=value))["warnings"] for value in (0, 1, 2)}
    assert [bool(warned[v]) for v in (0, 1, 2)] == [True, True, False]
    assert "manager" in warned[1][0]


def test_a_meeting_named_by_id_must_be_one_of_the_case(api, db):
    the_case, _child = case_with_child(api)
    other_case, _ = case_with_child(api)
    path = f"/v1/scales/{scale(api, the_case['id'])['id']}/ratings"
    before = counts(db)
    refused(
        api.post(path, rating_body(meeting_ref=other_case["id"])), "SOS-SCALE-005", pointer="/meeting_ref"
    )
    assert counts(db) == before
    meeting = api.created(
        f"/v1/cases/{the_case['id']}/network/meetings",
        {
            "held_on": "2025-03-20",
            "attendees": [{"name": "Test Worker"}],
            "purpose": "Plan.",
            "decisions": "Do.",
        },
    )
    assert api.created(path, rating_body(meeting_ref=meeting["id"]))["meeting_ref"] == meeting["id"]
    assert api.created(path, rating_body(meeting_ref="ICPC 2025-03-20"))["meeting_ref"] == "ICPC 2025-03-20"


def test_ratings_are_never_amended_only_entered_in_error(api, db):
    the_case, _child = case_with_child(api)
    the_scale = scale(api, the_case["id"])
    wrong = api.created(f"/v1/scales/{the_scale['id']}/ratings", rating_body(value=7))
    before = counts(db)
    r = api.patch(f"/v1/ratings/{wrong['id']}", {"value": 3}, headers=if_match(wrong))
    assert_problem(r, 405)
    assert counts(db) == before
    assert api.get(f"/v1/ratings/{wrong['id']}").json()["value"] == 7
    r = api.post(
        f"/v1/ratings/{wrong['id']}/entered-in-error",
        {"reason": "Recorded against the wrong rater."},
        headers=if_match(wrong),
    )
    assert r.status_code == 200 and r.json()["status"] == "entered_in_error"
    api.created(f"/v1/scales/{the_scale['id']}/ratings", rating_body(value=3))
    series = api.get(f"/v1/scales/{the_scale['id']}/series").json()
    assert [p["value"] for rater in series["raters"] for p in rater["points"]] == [3]


def test_series_is_per_rater_in_date_order_without_averages(api):
    the_case, _child = case_with_child(api)
    the_scale = scale(api, the_case["id"])
    path = f"/v1/scales/{the_scale['id']}/ratings"
    for name, role, on, value in (
        ("Tom", "SOCIAL_WORKER", "2025-06-12", 2),
        ("Maya", "PARENT", "2025-03-20", 6),
        ("Tom", "SOCIAL_WORKER", "2025-03-20", 3),
        ("Maya", "PARENT", "2025-06-12", 4),
    ):
        api.created(path, rating_body(rater_name=name, rater_role=role, rated_on=on, value=value))
    series = api.get(f"/v1/scales/{the_scale['id']}/series").json()
    assert series["scale_label"] == "safety scale"
    by_rater = {r["rater_name"]: [(p["rated_on"], p["value"]) for p in r["points"]] for r in series["raters"]}
    assert by_rater == {
        "Maya": [("2025-03-20", 6), ("2025-06-12", 4)],
        "Tom": [("2025-03-20", 3), ("2025-06-12", 2)],
    }
    assert "average" not in str(series).lower()
    parents = api.get(f"/v1/scales/{the_scale['id']}/series", params={"rater_role": "PARENT"}).json()
    assert [r["rater_name"] for r in parents["raters"]] == ["Maya"]
    assert_problem(api.get(f"/v1/scales/{the_scale['id']}/series", params={"rater_role": "UNCLE"}), 422)


def test_a_scale_links_only_to_a_statement_of_its_case(api, db):
    the_case, child = case_with_child(api)
    other_case, other_child = case_with_child(api)
    theirs = statement(api, other_case["id"], other_child["id"])
    before = counts(db)
    refused(
        api.post(
            f"/v1/cases/{the_case['id']}/scales",
            {
                "kind": "SAFETY",
                "question": "How safe?",
                "anchor_0": "Not safe.",
                "anchor_10": "Safe.",
                "danger_statement_id": theirs["id"],
            },
        ),
        "SOS-SCALE-001",
        pointer="/danger_statement_id",
    )
    assert counts(db) == before
    ours = statement(api, the_case["id"], child["id"])
    assert scale(api, the_case["id"], danger_statement_id=ours["id"])["danger_statement_id"] == ours["id"]


# --- continuity ---------------------------------------------------------------------------------


def test_a_transition_carries_the_records_forward_and_creates_none(api, db):
    the_case, child = case_with_child(api)
    assert move(api, the_case["id"], child["id"], "EARLY_HELP", "2025-01-14").status_code == 201
    api.created(f"/v1/cases/{the_case['id']}/maps", map_body(child["id"], mapped_on="2025-01-21"))
    latest = api.created(f"/v1/cases/{the_case['id']}/maps", map_body(child["id"], mapped_on="2025-01-28"))
    kept = statement(api, the_case["id"], child["id"])
    gone = statement(api, the_case["id"], child["id"])
    api.post(
        f"/v1/danger-statements/{gone['id']}/withdraw",
        {"reason": "No longer a worry.", "effective_on": "2025-06-02"},
        headers=if_match(gone),
    )
    reworded = api.patch(
        f"/v1/danger-statements/{kept['id']}",
        {"impact_on_child": "He feels left out."},
        headers=if_match(kept),
    ).json()
    the_scale = scale(api, the_case["id"], kind="WELLBEING")
    before = {m.__name__: rows(db, m) for m in (AssessmentMap, DangerStatement, Scale, ScaleRating)}
    r = move(api, the_case["id"], child["id"], "CIN", "2025-03-02")
    assert r.status_code == 201, r.text
    carried = r.json()["carried_forward"]
    assert {k: carried[k] for k in ("map_version_id", "danger_statements", "scales")} == {
        "map_version_id": latest["id"],
        "danger_statements": [{"id": kept["id"], "version": reworded["version"], "status": "active"}],
        "scales": [the_scale["id"]],
    }
    assert {m.__name__: rows(db, m) for m in (AssessmentMap, DangerStatement, Scale, ScaleRating)} == before


def test_a_transition_of_a_case_without_practice_records(api):
    the_case, child = case_with_child(api)
    r = move(api, the_case["id"], child["id"], "EARLY_HELP", "2025-01-14")
    assert r.json()["carried_forward"]["map_version_id"] is None
    assert r.json()["carried_forward"]["danger_statements"] == []


def test_reads_are_audited(api, db):
    the_case, child = case_with_child(api)
    made = statement(api, the_case["id"], child["id"])
    before = rows(db, AuditEvent)
    api.get(f"/v1/danger-statements/{made['id']}")
    assert rows(db, AuditEvent) == before + 1


def test_a_rating_can_be_about_one_child_and_shows_in_that_childs_chronology_only(api, db):
    the_case, child = case_with_child(api)
    sibling = person(api, given_name="Sib")
    api.created(
        f"/v1/cases/{the_case['id']}/members",
        {"person_id": sibling["id"], "role": "CHILD", "joined_on": "2025-01-14"},
    )
    path = f"/v1/scales/{scale(api, the_case['id'])['id']}/ratings"
    stranger = person(api)
    before = counts(db)
    refused(api.post(path, rating_body(child_id=stranger["id"])), "SOS-SCALE-007", pointer="/child_id")
    assert counts(db) == before
    theirs = api.created(path, rating_body(child_id=sibling["id"], value=2))
    family_wide = api.created(path, rating_body(value=5))
    in_child = {e["record_id"] for e in api.get(f"/v1/children/{child['id']}/chronology").json()["entries"]}
    in_sibling = {
        e["record_id"] for e in api.get(f"/v1/children/{sibling['id']}/chronology").json()["entries"]
    }
    assert theirs["child_id"] == sibling["id"] and family_wide["child_id"] is None
    assert (theirs["id"] in in_child, theirs["id"] in in_sibling) == (False, True)
    assert family_wide["id"] in in_child and family_wide["id"] in in_sibling
