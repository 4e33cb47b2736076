"""A child's plans end by their death (SOS-CIN-018; CIN census rules 4008, 4009Q and 8920): a CIN plan
does not start or end after it, a child protection plan does not end after it; and no move of the child
but a close is dated after it (SOS-STAGE-013). Checked on the plans' create and amendment and on a
move, and on the person's amendment that records or moves the death; a refusal names the field and
writes nothing."""

from __future__ import annotations

from typing import Any

from service.models import RecordVersion, StageTransition
from tests.support import move, plan_started, rows_unchanged
from tests.support.statutory import ENDED, Family, refused, same


def _died(fam: Family, on: str) -> Any:
    """The child's death recorded on ``on`` (the child's person record is at version 1)."""
    return fam.api.patch(
        f"/v1/people/{fam.child}",
        {"date_of_death": on, "amendment_reason": "The child died."},
        headers={"If-Match": 'W/"1"'},
    )


def _after_death(response: Any, pointer: str, said: str) -> None:
    problem = refused(response, "SOS-CIN-018", pointer)
    assert problem["errors"][0]["code"] == "after_death", problem
    assert said in problem["errors"][0]["detail"], problem


def test_a_cin_plan_does_not_start_or_end_after_the_childs_death(fam: Family, db: Any) -> None:
    referral = {"referral_id": fam.referral()["id"]}
    plan = fam.made("cin-plans", "create_cin_plan", **referral, start_date="2025-03-05")
    assert _died(fam, "2025-04-10").status_code == 200
    with same(db):
        late = fam.api.patch(f"/v1/cin-plans/{plan['id']}", {"end_date": "2025-04-11"}, headers=ENDED)
        _after_death(late, "/end_date", "2025-04-10")
    ended = fam.api.patch(f"/v1/cin-plans/{plan['id']}", {"end_date": "2025-04-10"}, headers=ENDED)
    assert ended.status_code == 200, ended.text
    with same(db):
        _after_death(
            fam.post("cin-plans", "create_cin_plan", **referral, start_date="2025-04-11"),
            "/start_date",
            "2025-04-10",
        )


def test_a_child_protection_plan_does_not_end_after_the_childs_death(fam: Family, db: Any) -> None:
    made = plan_started(fam.api, fam.case, fam.child, "2025-03-20")
    assert made is not None
    path = f"/v1/cp-plans/{made[1]['id']}"
    assert _died(fam, "2025-05-01").status_code == 200
    with same(db):
        _after_death(
            fam.api.patch(path, {"end_date": "2025-05-02"}, headers=ENDED), "/end_date", "2025-05-01"
        )
    assert fam.api.patch(path, {"end_date": "2025-05-01"}, headers=ENDED).status_code == 200


def test_a_death_is_not_recorded_before_the_childs_plans(fam: Family, db: Any) -> None:
    referral = {"referral_id": fam.referral()["id"]}
    fam.made("cin-plans", "create_cin_plan", **referral, start_date="2025-03-05", end_date="2025-03-30")
    with same(db):
        _after_death(_died(fam, "2025-03-29"), "/date_of_death", "CIN plan's end of 2025-03-30")
    assert fam.api.get(f"/v1/people/{fam.child}").json()["date_of_death"] is None
    assert _died(fam, "2025-03-30").status_code == 200


def _moved(fam: Family, to_stage: str, on: str) -> Any:
    return move(fam.api, fam.case, fam.child, to_stage, on)


def test_no_move_but_a_close_is_dated_after_the_childs_death(fam: Family, db: Any) -> None:
    """SOS-STAGE-013: after the child died, a move other than a close is refused naming
    /effective_date, nothing written; a move on the day of death, and a close after it, are taken."""
    assert _died(fam, "2025-04-10").status_code == 200
    with rows_unchanged(db, [StageTransition, RecordVersion]):
        problem = refused(_moved(fam, "EARLY_HELP", "2025-04-11"), "SOS-STAGE-013", "/effective_date")
    assert problem["errors"][0]["code"] == "after_death" and "2025-04-10" in problem["detail"], problem
    assert _moved(fam, "EARLY_HELP", "2025-04-10").status_code == 201
    assert _moved(fam, "CLOSED", "2025-04-20").status_code == 201


def test_a_death_is_not_recorded_before_a_move_but_a_close(fam: Family, db: Any) -> None:
    """SOS-STAGE-013 the other way: a date of death before a move of the child that stands (other than
    a close) is refused naming /date_of_death; on or after the move's day it is taken."""
    assert _moved(fam, "EARLY_HELP", "2025-04-11").status_code == 201
    assert _moved(fam, "CLOSED", "2025-04-12").status_code == 201
    with same(db):
        problem = refused(_died(fam, "2025-04-10"), "SOS-STAGE-013", "/date_of_death")
    assert "2025-04-11" in problem["errors"][0]["detail"], problem
    assert _died(fam, "2025-04-11").status_code == 200
