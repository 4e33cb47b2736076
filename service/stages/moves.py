"""The allowed stage transitions (domain.md section 8.5 rule 9), as data.

A child has one open stage, except that child protection and looked after may run together.
Moving from one of those two to the other while both are open simply ends the first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

CONCURRENT = frozenset({"CP", "LAC"})
FRONT_DOOR = {"EARLY_HELP": "OPEN", "CIN": "OPEN"}

ALLOWED: dict[str | None, dict[str, str]] = {
    None: FRONT_DOOR,
    "CLOSED": FRONT_DOOR,
    "EARLY_HELP": {"CIN": "STEP_UP", "CLOSED": "CLOSE"},
    "CIN": {"CP": "STEP_UP", "LAC": "INTO_CARE", "EARLY_HELP": "STEP_DOWN", "CLOSED": "CLOSE"},
    "CP": {"LAC": "INTO_CARE", "CIN": "STEP_DOWN", "CLOSED": "CLOSE"},
    "LAC": {"CIN": "RETURN_HOME", "CARE_LEAVER": "LEAVING_CARE", "CLOSED": "CLOSE"},
    "CARE_LEAVER": {"CLOSED": "CLOSE"},
}
# Between the two concurrent stages: ending one while the other carries on.
ENDING_ONE_OF_TWO = {("CP", "LAC"): "STEP_DOWN", ("LAC", "CP"): "RETURN_HOME"}


@dataclass(frozen=True)
class Move:
    from_stage: str | None
    to_stage: str
    kind: str
    stages_after: frozenset[str]


class TransitionRefused(Exception):
    def __init__(self, detail: str, allowed: list[str], pointer: str = "/to_stage") -> None:
        super().__init__(detail)
        self.detail = detail
        self.allowed = allowed
        self.pointer = pointer


def allowed_moves(open_stages: frozenset[str]) -> list[str]:
    """Human-readable list of what may happen next, e.g. ``CIN -> CP``."""
    if not open_stages:
        return [f"(none) -> {to}" for to in ALLOWED[None]]
    moves = []
    for stage in sorted(open_stages):
        for to in ALLOWED[stage]:
            moves.append(f"{stage} -> {to}")
        for a, b in ENDING_ONE_OF_TWO:
            if a == stage and b in open_stages:
                moves.append(f"{a} -> {b} (ends {a}, {b} continues)")
        if stage == "CP" and "LAC" not in open_stages:
            moves.append("CP -> LAC with from_stage_continues (child protection continues)")
    return moves


def plan_move(
    open_stages: frozenset[str], to_stage: str, from_stage: str | None, from_stage_continues: bool
) -> Move:
    """Check one transition against the rules; return what the child's stages become."""
    if from_stage is None:
        real = open_stages - {"CLOSED"}
        if len(real) > 1:
            raise TransitionRefused(
                f"The child has {len(real)} open stages ({', '.join(sorted(real))}); say which one ends in "
                "from_stage.",
                allowed_moves(open_stages),
                pointer="/from_stage",
            )
        from_stage = next(iter(open_stages)) if open_stages else None
    elif from_stage not in open_stages:
        raise TransitionRefused(
            f"The child is not at {from_stage}; open stages: {', '.join(sorted(open_stages)) or 'none'}.",
            allowed_moves(open_stages),
            pointer="/from_stage",
        )
    others = open_stages - {from_stage} if from_stage else frozenset()
    if to_stage == "CLOSED" and from_stage is not None and from_stage != "CLOSED":
        return Move(from_stage, "CLOSED", "CLOSE", frozenset({"CLOSED"}))
    pair = (from_stage, to_stage)
    if pair in ENDING_ONE_OF_TWO and to_stage in others:
        if from_stage_continues:
            raise TransitionRefused(
                "Both stages are already open.", allowed_moves(open_stages), pointer="/from_stage_continues"
            )
        return Move(from_stage, to_stage, ENDING_ONE_OF_TWO[pair], others)
    kind = ALLOWED.get(from_stage, {}).get(to_stage)
    if kind is None or (others and to_stage not in CONCURRENT):
        raise TransitionRefused(
            f"A child cannot move from {from_stage or '(no stage)'} to {to_stage}.",
            allowed_moves(open_stages),
        )
    if from_stage_continues:
        if pair != ("CP", "LAC"):
            raise TransitionRefused(
                "Only child protection may continue when a child becomes looked after (CP -> LAC).",
                allowed_moves(open_stages),
                pointer="/from_stage_continues",
            )
        return Move(from_stage, to_stage, kind, frozenset({"CP", "LAC"}))
    return Move(from_stage, to_stage, kind, others | {to_stage})


@dataclass(frozen=True)
class TransitionFact:
    effective_date: date
    from_stage: str | None
    to_stage: str
    from_stage_continues: bool


def replay(transitions: Iterable[TransitionFact], on: date | None = None) -> frozenset[str]:
    """The open stages after the given transitions (in order), optionally as they stood on a date."""
    stages: frozenset[str] = frozenset()
    for t in transitions:
        if on is not None and t.effective_date > on:
            break
        stages = plan_move(stages, t.to_stage, t.from_stage, t.from_stage_continues).stages_after
    return stages
