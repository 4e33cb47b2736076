"""Refusals of the assessment rules that no assessment test told apart: clearing a field a statement
and its goal cannot be without (refused as such, before the statement's content rules run), and
rating on a scale entered in error. Each writes nothing."""

from __future__ import annotations

from typing import Any

from service.models import AuditEvent, RecordVersion
from service.models.assessment import DangerStatement, ScaleRating
from tests.support import Api, assert_problem, case_with_child, count
from tests.support.assessment import if_match, rating_body, scale, statement


def counts(db: Any, model: Any) -> list[int]:
    try:
        return [count(db, m) for m in (model, RecordVersion, AuditEvent)]
    finally:
        db.rollback()


def test_a_goal_field_it_cannot_be_without_is_not_cleared(api: Api, db: Any) -> None:
    the_case, child = case_with_child(api)
    made = statement(api, the_case["id"], child["id"])
    path = f"/v1/danger-statements/{made['id']}"
    before = counts(db, DangerStatement)
    for name in ("sustain_duration", "child_experience"):
        problem = assert_problem(
            api.patch(path, {"goal": {name: None}}, headers=if_match(made)), 422, "validation_failed"
        )
        assert problem["type"].endswith("/validation-failed")
        assert [(e["pointer"], e["code"]) for e in problem["errors"]] == [
            (f"/goal/{name}", "null_not_allowed")
        ]
        assert "requirement" not in problem or problem["requirement"] is None
    assert counts(db, DangerStatement) == before
    now = api.get(path).json()
    assert now["version"] == made["version"]
    assert now["goal"]["sustain_duration"] == made["goal"]["sustain_duration"]
    assert now["goal"]["child_experience"] == made["goal"]["child_experience"]


def test_no_rating_on_a_scale_entered_in_error(api: Api, db: Any) -> None:
    the_case, _child = case_with_child(api)
    wrong = scale(api, the_case["id"])
    gone = api.post(
        f"/v1/scales/{wrong['id']}/entered-in-error",
        {"reason": "Scale set up on the wrong family."},
        headers=if_match(wrong),
    )
    assert gone.status_code == 200, gone.text
    before = counts(db, ScaleRating)
    problem = assert_problem(api.post(f"/v1/scales/{wrong['id']}/ratings", rating_body()), 409, "conflict")
    assert problem["type"].endswith("/conflict")
    assert problem["requirement"] == "SOS-SCALE-002"
    assert "entered in error" in problem["detail"]
    assert counts(db, ScaleRating) == before
    assert api.get(f"/v1/scales/{wrong['id']}/series").json()["raters"] == []
