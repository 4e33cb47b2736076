"""A move into CP needs a current map, an active danger (or harm) statement and a rating
(SOS-MAP-003, domain.md 8.5 rule 5): refused and unsaved without them, unless overridden with a reason."""

from __future__ import annotations

from typing import Any

from service.models import RecordVersion, StageTransition
from tests.support import assert_problem, case_with_child, count, move
from tests.support.assessment import map_body, rating_body, scale, statement

REASON = "Conference held the day after the incident; the map is booked for next week."


def rows(db: Any) -> tuple[int, int]:
    """support.count, then hand the connection back: the SQLite pool has one, the API needs it."""
    try:
        return count(db, StageTransition), count(db, RecordVersion)
    finally:
        db.rollback()


def at_cin(api: Any) -> tuple[str, str]:
    the_case, child = case_with_child(api)
    assert move(api, the_case["id"], child["id"], "CIN", "2025-02-01").status_code == 201
    return the_case["id"], child["id"]


def test_refused_without_a_map_naming_what_is_missing_and_nothing_saved(api, db):
    case_id, child_id = at_cin(api)
    before = rows(db)
    body = assert_problem(move(api, case_id, child_id, "CP", "2025-03-01"), 422, "rule_violated")
    assert body["requirement"] == "SOS-MAP-003"
    assert [(e["pointer"], e["code"]) for e in body["errors"]] == [("/override_reason", "cp_map_incomplete")]
    for missing in ("a current map version", "an active danger (or harm) statement", "a rating"):
        assert missing in body["detail"], body["detail"]
    assert rows(db) == before
    assert api.get(f"/v1/children/{child_id}/stages").json()["stages"] == ["CIN"]


def test_the_detail_lists_only_what_is_still_missing(api, db):
    case_id, child_id = at_cin(api)
    api.created(f"/v1/cases/{case_id}/maps", map_body(child_id))
    statement(api, case_id, child_id)
    the_scale = scale(api, case_id)  # a scale with no rating yet
    before = rows(db)
    body = assert_problem(move(api, case_id, child_id, "CP", "2025-03-01"), 422)
    assert body["requirement"] == "SOS-MAP-003"
    assert "a rating on one of the case's scales" in body["detail"]
    assert "map version" not in body["detail"] and "statement" not in body["detail"]
    assert rows(db) == before
    api.created(f"/v1/scales/{the_scale['id']}/ratings", rating_body(rated_on="2025-02-20"))
    assert move(api, case_id, child_id, "CP", "2025-03-01").status_code == 201


def test_a_statement_or_a_rating_in_error_does_not_count(api):
    case_id, child_id = at_cin(api)
    api.created(f"/v1/cases/{case_id}/maps", map_body(child_id))
    made = statement(api, case_id, child_id)
    the_scale = scale(api, case_id)
    wrong = api.created(f"/v1/scales/{the_scale['id']}/ratings", rating_body(rated_on="2025-02-20"))
    in_error = api.post(
        f"/v1/ratings/{wrong['id']}/entered-in-error",
        {"reason": "wrong scale"},
        headers={"If-Match": 'W/"1"'},
    )
    assert in_error.status_code == 200, in_error.text
    withdrawn = api.post(
        f"/v1/danger-statements/{made['id']}/entered-in-error",
        {"reason": "wrong family"},
        headers={"If-Match": 'W/"1"'},
    )
    assert withdrawn.status_code == 200, withdrawn.text
    body = assert_problem(move(api, case_id, child_id, "CP", "2025-03-01"), 422)
    assert "statement" in body["detail"] and "rating" in body["detail"]
    assert "map version" not in body["detail"]


def test_override_reason_records_the_move_and_keeps_the_reason(api, db):
    case_id, child_id = at_cin(api)
    before = rows(db)
    response = move(api, case_id, child_id, "CP", "2025-03-01", override_reason=REASON)
    assert response.status_code == 201, response.text
    moved = response.json()
    assert (moved["to_stage"], moved["kind"], moved["override_reason"]) == ("CP", "STEP_UP", REASON)
    assert rows(db)[0] == before[0] + 1
    assert api.get(f"/v1/stage-transitions/{moved['id']}").json()["override_reason"] == REASON
    history = api.get(f"/v1/stage-transitions/{moved['id']}/history").json()["versions"]
    assert [v["data"]["override_reason"] for v in history] == [REASON]
    assert api.get(f"/v1/children/{child_id}/stages").json()["stages"] == ["CP"]


def test_override_reason_is_checked_for_length(api, db):
    case_id, child_id = at_cin(api)
    before = rows(db)
    for bad in ("no", "x" * 2001):
        assert_problem(move(api, case_id, child_id, "CP", "2025-03-01", override_reason=bad), 422)
    assert rows(db) == before


def complete(api: Any, case_id: str, child_id: str, kind: str = "DANGER") -> None:
    api.created(f"/v1/cases/{case_id}/maps", map_body(child_id))
    statement(api, case_id, child_id, statement_kind=kind)
    the_scale = scale(api, case_id)
    api.created(f"/v1/scales/{the_scale['id']}/ratings", rating_body(rated_on="2025-02-20"))


def test_a_complete_map_needs_no_override(api):
    case_id, child_id = at_cin(api)
    complete(api, case_id, child_id, kind="HARM")
    response = move(api, case_id, child_id, "CP", "2025-03-01")
    assert response.status_code == 201, response.text
    assert response.json()["override_reason"] is None


def test_an_override_is_not_kept_when_nothing_was_missing(api):
    case_id, child_id = at_cin(api)
    complete(api, case_id, child_id)
    response = move(api, case_id, child_id, "CP", "2025-03-01", override_reason=REASON)
    assert response.status_code == 201, response.text
    assert response.json()["override_reason"] is None


def test_other_moves_are_not_checked(api):
    case_id, child_id = at_cin(api)
    assert move(api, case_id, child_id, "EARLY_HELP", "2025-03-01").status_code == 201
    assert move(api, case_id, child_id, "CLOSED", "2025-03-02").status_code == 201


def test_coming_home_to_a_cp_plan_already_open_is_not_checked(api):
    case_id, child_id = at_cin(api)
    assert move(api, case_id, child_id, "CP", "2025-03-01", override_reason=REASON).status_code == 201
    care = move(api, case_id, child_id, "LAC", "2025-04-01", from_stage_continues=True)
    assert care.status_code == 201, care.text
    home = move(api, case_id, child_id, "CP", "2025-05-01", from_stage="LAC")
    assert home.status_code == 201, home.text
    assert (home.json()["kind"], home.json()["override_reason"]) == ("RETURN_HOME", None)
