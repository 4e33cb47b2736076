"""An initial conference that starts a child protection plan needs a current map, an active danger
(or harm) statement and a rating (SOS-MAP-003, domain.md 8.5 rule 5): refused and unsaved without
them, unless overridden with a reason kept on the conference. The move into CP no longer checks the
map: it rests on that conference (SOS-STAGE-006)."""

from __future__ import annotations

from typing import Any

from service.contract.examples import body
from service.models import RecordVersion
from service.models.statutory import ChildProtectionConference
from tests.support import assert_problem, case_with_child, count, move, open_referral
from tests.support.assessment import map_body, rating_body, scale, statement

REASON = "Conference held the day after the incident; the map is booked for next week."


def rows(db: Any) -> tuple[int, int]:
    """support.count, then hand the connection back: the SQLite pool has one, the API needs it."""
    try:
        return count(db, ChildProtectionConference), count(db, RecordVersion)
    finally:
        db.rollback()


def at_cin(api: Any) -> tuple[str, str, str]:
    """A child at CIN with a section 47 enquiry: (case id, child id, enquiry id)."""
    the_case, child = case_with_child(api)
    case_id, child_id = the_case["id"], child["id"]
    assert move(api, case_id, child_id, "CIN", "2025-02-01").status_code == 201
    referral = open_referral(api, case_id, child_id, "2025-02-01")
    assert referral is not None
    discussion = api.created(
        f"/v1/cases/{case_id}/strategy-discussions",
        body(
            "create_strategy_discussion", child_id=child_id, referral_id=referral["id"], held_on="2025-02-20"
        ),
    )
    s47 = api.created(
        f"/v1/cases/{case_id}/section47-enquiries",
        body(
            "create_section47_enquiry",
            child_id=child_id,
            referral_id=referral["id"],
            strategy_discussion_id=discussion["id"],
            started_on="2025-02-20",
        ),
    )
    return case_id, child_id, s47["id"]


def icpc(api: Any, case_id: str, child_id: str, s47_id: str, **overrides: Any) -> Any:
    return api.post(
        f"/v1/cases/{case_id}/cp-conferences",
        body(
            "create_cp_conference",
            child_id=child_id,
            section47_id=s47_id,
            held_on="2025-02-28",
            attendees=[{"name": "Test parent", "role": "Parent"}],
            map_id=None,
            danger_statement_ids=[],
            rating_ids=[],
            **overrides,
        ),
    )


def test_refused_without_a_map_naming_what_is_missing_and_nothing_saved(api, db):
    case_id, child_id, s47 = at_cin(api)
    before = rows(db)
    refused = assert_problem(icpc(api, case_id, child_id, s47), 422, "rule_violated")
    assert refused["requirement"] == "SOS-MAP-003"
    assert [(e["pointer"], e["code"]) for e in refused["errors"]] == [
        ("/override_reason", "cp_map_incomplete")
    ]
    for missing in ("a current map version", "an active danger (or harm) statement", "a rating"):
        assert missing in refused["detail"], refused["detail"]
    assert rows(db) == before


def test_the_detail_lists_only_what_is_still_missing(api, db):
    case_id, child_id, s47 = at_cin(api)
    api.created(f"/v1/cases/{case_id}/maps", map_body(child_id))
    statement(api, case_id, child_id)
    the_scale = scale(api, case_id)  # a scale with no rating yet
    before = rows(db)
    refused = assert_problem(icpc(api, case_id, child_id, s47), 422)
    assert refused["requirement"] == "SOS-MAP-003"
    assert "a rating on one of the case's scales" in refused["detail"]
    assert "map version" not in refused["detail"] and "statement" not in refused["detail"]
    assert rows(db) == before
    api.created(f"/v1/scales/{the_scale['id']}/ratings", rating_body(rated_on="2025-02-20"))
    assert icpc(api, case_id, child_id, s47).status_code == 201


def test_a_statement_or_a_rating_in_error_does_not_count(api):
    case_id, child_id, s47 = at_cin(api)
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
    refused = assert_problem(icpc(api, case_id, child_id, s47), 422)
    assert "statement" in refused["detail"] and "rating" in refused["detail"]
    assert "map version" not in refused["detail"]


def test_override_reason_records_the_conference_and_keeps_the_reason(api, db):
    case_id, child_id, s47 = at_cin(api)
    before = rows(db)
    response = icpc(api, case_id, child_id, s47, override_reason=REASON)
    assert response.status_code == 201, response.text
    made = response.json()
    assert (made["outcome"], made["override_reason"]) == ("PLAN_STARTED", REASON)
    assert rows(db)[0] == before[0] + 1
    history = api.get(f"/v1/cp-conferences/{made['id']}/history").json()["versions"]
    assert [v["data"]["override_reason"] for v in history] == [REASON]


def test_override_reason_is_checked_for_length(api, db):
    case_id, child_id, s47 = at_cin(api)
    before = rows(db)
    for bad in ("no", "x" * 2001):
        assert_problem(icpc(api, case_id, child_id, s47, override_reason=bad), 422)
    assert rows(db) == before


def complete(api: Any, case_id: str, child_id: str, kind: str = "DANGER") -> None:
    api.created(f"/v1/cases/{case_id}/maps", map_body(child_id))
    statement(api, case_id, child_id, statement_kind=kind)
    the_scale = scale(api, case_id)
    api.created(f"/v1/scales/{the_scale['id']}/ratings", rating_body(rated_on="2025-02-20"))


def test_a_complete_map_needs_no_override(api):
    case_id, child_id, s47 = at_cin(api)
    complete(api, case_id, child_id, kind="HARM")
    response = icpc(api, case_id, child_id, s47)
    assert response.status_code == 201, response.text
    assert response.json()["override_reason"] is None


def test_an_override_is_not_kept_when_nothing_was_missing(api):
    case_id, child_id, s47 = at_cin(api)
    complete(api, case_id, child_id)
    response = icpc(api, case_id, child_id, s47, override_reason=REASON)
    assert response.status_code == 201, response.text
    assert response.json()["override_reason"] is None


def test_a_conference_with_no_plan_is_not_checked(api):
    case_id, child_id, s47 = at_cin(api)
    assert icpc(api, case_id, child_id, s47, outcome="NO_PLAN").status_code == 201


def test_amending_the_outcome_to_a_plan_is_checked(api, db):
    case_id, child_id, s47 = at_cin(api)
    made = icpc(api, case_id, child_id, s47, outcome="NO_PLAN").json()
    refused = api.patch(
        f"/v1/cp-conferences/{made['id']}", {"outcome": "PLAN_STARTED"}, headers={"If-Match": 'W/"1"'}
    )
    assert assert_problem(refused, 422)["requirement"] == "SOS-MAP-003"
    assert api.get(f"/v1/cp-conferences/{made['id']}").json()["version"] == 1


def test_the_move_into_cp_checks_no_map(api):
    case_id, child_id, _ = at_cin(api)
    response = move(api, case_id, child_id, "CP", "2025-03-05", override_reason=REASON)
    assert response.status_code == 201, response.text
    assert response.json()["override_reason"] is None
    assert response.json()["grounds"]["conference_id"]


def test_coming_home_to_a_cp_plan_already_open_is_not_checked(api):
    case_id, child_id, _ = at_cin(api)
    assert move(api, case_id, child_id, "CP", "2025-03-01", override_reason=REASON).status_code == 201
    care = move(api, case_id, child_id, "LAC", "2025-04-01", from_stage_continues=True)
    assert care.status_code == 201, care.text
    home = move(api, case_id, child_id, "CP", "2025-05-01", from_stage="LAC")
    assert home.status_code == 201, home.text
    assert (home.json()["kind"], home.json()["override_reason"]) == ("RETURN_HOME", None)
    assert home.json()["grounds"]["lac_episode_id"]  # out of care rests on the ended episode
