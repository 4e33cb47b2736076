"""The allowed moves of the continuum as pure rules (SOS-STAGE-001, SOS-STAGE-002)."""

from __future__ import annotations

import pytest

from service.stages.moves import ALLOWED, TransitionRefused, plan_move

S = frozenset


@pytest.mark.parametrize(
    ("before", "to", "kind", "after"),
    [
        (S(), "EARLY_HELP", "OPEN", S({"EARLY_HELP"})),
        (S(), "CIN", "OPEN", S({"CIN"})),
        (S({"EARLY_HELP"}), "CIN", "STEP_UP", S({"CIN"})),
        (S({"CIN"}), "CP", "STEP_UP", S({"CP"})),
        (S({"CIN"}), "LAC", "INTO_CARE", S({"LAC"})),
        (S({"CP"}), "LAC", "INTO_CARE", S({"LAC"})),
        (S({"CP"}), "CIN", "STEP_DOWN", S({"CIN"})),
        (S({"LAC"}), "CIN", "RETURN_HOME", S({"CIN"})),
        (S({"LAC"}), "CARE_LEAVER", "LEAVING_CARE", S({"CARE_LEAVER"})),
        (S({"CIN"}), "EARLY_HELP", "STEP_DOWN", S({"EARLY_HELP"})),
        (S({"CARE_LEAVER"}), "CLOSED", "CLOSE", S({"CLOSED"})),
        (S({"CLOSED"}), "CIN", "OPEN", S({"CIN"})),
    ],
)
def test_allowed_moves(before, to, kind, after):
    move = plan_move(before, to, None, False)
    assert (move.kind, move.stages_after) == (kind, after)


@pytest.mark.parametrize(
    ("before", "to"),
    [
        (S(), "CP"),
        (S({"EARLY_HELP"}), "CP"),
        (S({"EARLY_HELP"}), "LAC"),
        (S({"LAC"}), "EARLY_HELP"),
        (S({"CARE_LEAVER"}), "CIN"),
        (S({"CLOSED"}), "CLOSED"),
        (S({"CIN"}), "CIN"),
    ],
)
def test_refused_moves_say_what_is_allowed(before, to):
    with pytest.raises(TransitionRefused) as refused:
        plan_move(before, to, None, False)
    assert refused.value.allowed


def test_child_protection_may_continue_into_care_and_then_end():
    both = plan_move(S({"CP"}), "LAC", None, True)
    assert both.stages_after == S({"CP", "LAC"})
    with pytest.raises(TransitionRefused):
        plan_move(both.stages_after, "CIN", None, False)  # which stage ends is ambiguous
    ended = plan_move(both.stages_after, "LAC", "CP", False)
    assert (ended.kind, ended.stages_after) == ("STEP_DOWN", S({"LAC"}))
    home = plan_move(both.stages_after, "CP", "LAC", False)
    assert (home.kind, home.stages_after) == ("RETURN_HOME", S({"CP"}))
    closed = plan_move(both.stages_after, "CLOSED", "CP", False)
    assert closed.stages_after == S({"CLOSED"})


def test_only_cp_may_continue():
    with pytest.raises(TransitionRefused):
        plan_move(S({"CIN"}), "LAC", None, True)


def test_every_stage_can_close():
    for stage in ALLOWED:
        if stage not in (None, "CLOSED"):
            assert plan_move(S({stage}), "CLOSED", None, False).stages_after == S({"CLOSED"})
