"""The stage-entry checks of a move (SOS-MAP-003 for a move): what a practice area registers in
ENTRY_CHECKS for a stage refuses a move opening that stage while anything is missing, unless the move
gives an override_reason, which is then kept. No area registers one today (a move into CP rests on
the conference that checked the map), so the test registers its own check for the length of the test."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from service.models import RecordVersion, StageTransition
from service.stages import rules
from tests.support import Api, assert_problem, case_with_child, count, move

MISSING = "a written record of the family meeting"


def _check(session: Any, case_id: uuid.UUID) -> list[str]:
    return [MISSING]


def test_a_move_opening_a_stage_needs_what_its_entry_checks_name(
    api: Api, db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    the_case, child = case_with_child(api)
    monkeypatch.setitem(rules.ENTRY_CHECKS, "CIN", [_check])

    def counts() -> list[int]:
        try:
            return [count(db, StageTransition), count(db, RecordVersion)]
        finally:
            db.rollback()

    refusal = move(api, the_case["id"], child["id"], "CIN", "2025-03-02")  # its referral is made first
    before = counts()
    problem = assert_problem(refusal, 422, "rule_violated")
    assert problem["type"].endswith("/rule-violated")
    assert problem["requirement"] == "SOS-MAP-003"
    assert [(e["pointer"], e["code"]) for e in problem["errors"]] == [
        ("/override_reason", "cp_map_incomplete")
    ]
    assert MISSING in problem["detail"] and MISSING in problem["errors"][0]["detail"]
    assert api.get(f"/v1/children/{child['id']}/stages").json()["stages"] == []
    again = move(api, the_case["id"], child["id"], "CIN", "2025-03-02")
    assert_problem(again, 422, "rule_violated")
    assert counts() == before

    reason = "Team manager agreed: the meeting notes follow."
    moved = move(api, the_case["id"], child["id"], "CIN", "2025-03-02", override_reason=reason)
    assert moved.status_code == 201, moved.text
    assert moved.json()["override_reason"] == reason
