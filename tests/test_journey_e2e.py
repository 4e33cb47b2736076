"""The demo family's whole journey (domain.md section 9), walked through the HTTP API one dated step
at a time, reading each child's journey after every step.

It records its own family (a fresh case reference and fresh people), so it does not meet the demo
family that tests/core/test_demo_and_cli.py loads into the same database.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from service.fixtures.demo.journey import DemoClient, journey_steps, new_context

# Both children move together: their open stages from each date on (section 9).
TIMELINE: list[tuple[date, list[str]]] = [
    (date(2025, 1, 14), ["EARLY_HELP"]),
    (date(2025, 3, 2), ["CIN"]),
    (date(2025, 3, 20), ["CP"]),
    (date(2025, 5, 30), ["CP", "LAC"]),
    (date(2025, 8, 20), ["LAC"]),
    (date(2026, 3, 30), ["CIN"]),
    (date(2026, 7, 13), ["EARLY_HELP"]),
    (date(2026, 10, 1), ["CLOSED"]),
]
# What a statement is called as the stages change; its id never does.
WORDS = {
    "WELLBEING": {"statement": "worry statement", "goal": "wellbeing goal", "scale": "wellbeing scale"},
    "SAFETY": {"statement": "danger statement", "goal": "safety goal", "scale": "safety scale"},
    "SUCCESS": {"statement": "worry statement", "goal": "success goal", "scale": "success scale"},
}


def stages_on(day: date) -> list[str]:
    stages: list[str] = []
    for start, open_stages in TIMELINE:
        if start <= day:
            stages = open_stages
    return stages


def vocabulary_on(day: date) -> str:
    stages = set(stages_on(day))
    if stages & {"CIN", "CP"}:
        return "SAFETY"
    if stages == {"LAC"}:
        return "SUCCESS"
    return "WELLBEING"  # early help, and after closing the last vocabulary in force


def entry_day(entry: dict[str, Any]) -> date:
    return date.fromisoformat(entry["effective_date"] or entry["recorded_at"][:10])


def key(record: dict[str, Any]) -> tuple[str, int]:
    return str(record["record_id"] if "record_id" in record else record["id"]), int(record["version"])


def concerns(record: dict[str, Any], child: str) -> bool:
    """Whether a record the API sent back belongs in this child's journey: everything about the case,
    plus the child's own person record, membership, moves and voice; nothing about another person."""
    if "given_name" in record:  # a person
        return bool(record["id"] == child)
    if "role" in record and "person_id" in record:  # a case membership
        return record["role"] != "CHILD" or record["person_id"] == child
    if "child_id" in record:  # a stage move or a child-voice record
        return bool(record["child_id"] == child)
    return True


class Walk:
    """Reads the journeys after each step and remembers what was already there."""

    def __init__(self, api: DemoClient) -> None:
        self.api = api
        self.seen: dict[str, set[tuple[str, int]]] = {"leo": set(), "ruby": set()}
        self.last_move: date | None = None  # the date of the latest move recorded so far

    def stages_now(self, day: date) -> list[str]:
        """The stages the API should show for a date, given the moves recorded so far."""
        return [] if self.last_move is None else stages_on(min(day, self.last_move))

    def journey(self, ctx: dict[str, Any], name: str) -> tuple[dict[str, Any], set[tuple[str, int]]]:
        """The child's journey, checked for order and stages; returns it and the entries new since
        the last read."""
        child = ctx["people"][name]
        journey = self.api.get(f"/v1/children/{child}/journey")
        entries = journey["entries"]
        order = [(entry_day(e), e["recorded_at"]) for e in entries]
        assert order == sorted(order), f"{name}'s journey is out of time order"
        for e in entries:
            expected = self.stages_now(entry_day(e))
            assert e["stages"] == expected, (name, e["record_type"], e["effective_date"], e["stages"])
        assert journey["current_stages"] == self.stages_now(date.max)
        keys = {key(e) for e in entries}
        new = keys - self.seen[name]
        assert self.seen[name] <= keys, f"entries vanished from {name}'s journey"
        self.seen[name] = keys
        return journey, new


def test_the_journey_step_by_step(client: Any, tokens: dict[str, str]) -> None:
    api = DemoClient(client, tokens["writer"])
    run = uuid.uuid4().hex[:6].upper()
    ctx = new_context(reference=f"EM-E2E-{run}", suffix=f"-{run}")
    walk = Walk(api)
    steps = journey_steps()
    assert [s.on for s in steps] == sorted(s.on for s in steps)
    voices: set[str] = set()
    maps: list[dict[str, Any]] = []
    moves: list[tuple[date, dict[str, Any]]] = []  # Leo's
    carried_statements: dict[str, list[date]] = {}

    for step in steps:
        before = len(api.written)
        step.run(api, ctx)
        written = api.written[before:]
        assert written, step.title
        leo, ruby = ctx["people"]["leo"], ctx["people"]["ruby"]
        maps += [r for r in written if "map_version" in r]
        if any("to_stage" in r for r in written):
            walk.last_move = step.on
        voices |= {r["id"] for r in written if "tool" in r}

        # Each step's records appear in Leo's journey. Anything else new is a later version of a
        # record already there (a new safety plan supersedes the old one, say).
        known = {record_id for record_id, _ in walk.seen["leo"]}
        _, new_for_leo = walk.journey(ctx, "leo")
        expected = {key(r) for r in written if concerns(r, leo)}
        assert expected <= new_for_leo, step.title
        assert {record_id for record_id, _ in new_for_leo - expected} <= known, step.title

        # Ruby's journey: the case's records and her own, never Leo's voice or moves.
        ruby_journey, new_for_ruby = walk.journey(ctx, "ruby")
        assert new_for_ruby == {key(r) for r in written if concerns(r, ruby)} | (new_for_leo - expected)
        ruby_ids = {e["record_id"] for e in ruby_journey["entries"]}
        assert not ruby_ids & voices, "Leo's voice shows in Ruby's journey"
        assert not ruby_ids & {m["id"] for _, m in moves}, "Leo's moves show in Ruby's journey"

        # The statements: the same ids all through, worded for the stage of the day.
        statements = [
            api.get(f"/v1/danger-statements/{ctx[name]['id']}") for name in ("ds1", "ds2") if name in ctx
        ]
        for statement, name in zip(statements, ("ds1", "ds2"), strict=False):
            assert statement["id"] == ctx[name]["id"] and statement["version"] == ctx[name]["version"]
            vocabulary = vocabulary_on(step.on)
            assert statement["vocabulary"] == vocabulary, (step.title, name)
            assert statement["labels"] == WORDS[vocabulary], (step.title, name)

        # Each move carries forward the case's records as they stand that day, never restarted.
        for move in (r for r in written if "to_stage" in r):
            carried = move["carried_forward"]
            kept = [
                {"id": s["id"], "version": s["version"], "status": s["status"]}
                for s in statements
                if s["status"] in ("active", "goal_met")
            ]
            assert carried["danger_statements"] == kept, step.title
            assert carried["map_version_id"] == (maps[-1]["id"] if maps else None), step.title
            assert carried["scales"] == [ctx[s]["id"] for s in ("s1", "s2") if s in ctx], step.title
            assert sorted(carried["network_member_ids"]) == sorted(
                m["id"] for m in ctx.get("network_members", {}).values()
            )
            assert carried["safety_plan_id"] == (ctx["sp1"]["id"] if "sp1" in ctx else None)
            if move["child_id"] == leo:
                moves.append((step.on, move))
                for s in carried["danger_statements"]:
                    carried_statements.setdefault(s["id"], []).append(step.on)

    # The moves, and what the key ones carried (section 9 steps 7 and 15).
    assert [(on, m["to_stage"]) for on, m in moves] == [
        (date(2025, 1, 14), "EARLY_HELP"),
        (date(2025, 3, 2), "CIN"),
        (date(2025, 3, 20), "CP"),
        (date(2025, 5, 30), "LAC"),
        (date(2025, 8, 20), "LAC"),
        (date(2026, 3, 30), "CIN"),
        (date(2026, 7, 13), "EARLY_HELP"),
        (date(2026, 10, 1), "CLOSED"),
    ]
    by_day = {on: m["carried_forward"] for on, m in moves}
    ds1, ds2 = ctx["ds1"]["id"], ctx["ds2"]["id"]
    step_up = by_day[date(2025, 3, 2)]
    assert step_up["map_version_id"] == maps[0]["id"] and maps[0]["vocabulary"] == "WELLBEING"
    assert step_up["danger_statements"] == [{"id": ds1, "version": 1, "status": "active"}]
    assert step_up["scales"] == [ctx["s1"]["id"]]
    into_care = by_day[date(2025, 5, 30)]
    assert into_care["map_version_id"] == maps[1]["id"] and maps[1]["vocabulary"] == "SAFETY"
    assert into_care["danger_statements"] == [
        {"id": ds1, "version": 2, "status": "active"},
        {"id": ds2, "version": 1, "status": "active"},
    ]
    assert len(into_care["network_member_ids"]) == 4 and into_care["safety_plan_id"]
    assert len(into_care["milestone_ids"]) == 3 and len(into_care["words_and_pictures_ids"]) == 1
    # DS1 is carried by every move from the step up to closure, DS2 from its first move: a met goal
    # stays part of the one continuous record. The same ids, never a new statement.
    later = [date(2025, 3, 20), date(2025, 5, 30), date(2025, 8, 20), date(2026, 3, 30), date(2026, 7, 13)]
    assert carried_statements == {
        ds1: [date(2025, 3, 2), *later, date(2026, 10, 1)],
        ds2: [*later, date(2026, 10, 1)],
    }
    assert [m["vocabulary"] for m in maps] == ["WELLBEING", "SAFETY", "SAFETY", "SAFETY", "WELLBEING"]
    assert ctx["ds1"]["status"] == ctx["ds2"]["status"] == "goal_met"

    # The whole of Leo's journey at the end: both voice records, every move, closed now.
    leo_journey = api.get(f"/v1/children/{ctx['people']['leo']}/journey")
    assert leo_journey["current_stages"] == ["CLOSED"]
    leo_ids = {e["record_id"] for e in leo_journey["entries"]}
    assert len(voices) == 2 and voices <= leo_ids
    assert [e["record_id"] for e in leo_journey["entries"] if e["record_type"] == "stage_transition"] == [
        m["id"] for _, m in moves
    ]
