"""Stages: the allowed moves of the continuum, CP and LAC together, dating, and the journey."""

from __future__ import annotations

from datetime import date

import pytest

from sos_conformance.client import Api
from sos_conformance.data import CP_OVERRIDE, Factory, moment
from sos_conformance.expect import check, expect_field_error, expect_problem, expect_status, json_body
from sos_conformance.plugin import area, requirement

pytestmark = area("stages", "core")


def _stages(api: Api, child_id: str) -> list[str]:
    return sorted(json_body(expect_status(api.get(f"/v1/children/{child_id}/stages"), 200))["stages"])


@pytest.mark.check("SOS-CHK-STAGE-001")
@requirement("SOS-STAGE-001")
def test_refused_moves_name_the_allowed_ones(api: Api, make: Factory) -> None:
    """A move the continuum does not allow is 422 listing the allowed moves; allowed ones pass."""
    the_case, child = make.case_with_child()
    refused = make.move(the_case["id"], child["id"], "CARE_LEAVER", "2025-02-01")
    problem = expect_problem(refused, 422)
    check(
        bool(problem.get("allowed")),
        "the allowed moves listed in `allowed`",
        repr(problem.get("allowed")),
        refused,
    )
    expect_status(make.move(the_case["id"], child["id"], "CIN", "2025-02-01"), 201)
    expect_status(make.move(the_case["id"], child["id"], "CP", "2025-02-10", **CP_OVERRIDE), 201)
    refused = make.move(the_case["id"], child["id"], "EARLY_HELP", "2025-02-20")
    check(bool(expect_problem(refused, 422).get("allowed")), "the allowed moves listed", "none", refused)
    check(_stages(api, child["id"]) == ["CP"], "the child at CP only", str(_stages(api, child["id"])))


@pytest.mark.check("SOS-CHK-STAGE-002")
@requirement("SOS-STAGE-002")
def test_one_open_stage_except_cp_with_lac(api: Api, make: Factory) -> None:
    """Stepping down replaces the stage; CP may continue alongside LAC, and then a move must say
    which stage ends."""
    the_case, child = make.case_with_child()
    for to, on in (
        ("CIN", "2025-02-01"),
        ("EARLY_HELP", "2025-02-05"),
        ("CIN", "2025-02-08"),
        ("CP", "2025-02-10"),
    ):
        expect_status(make.move(the_case["id"], child["id"], to, on, **CP_OVERRIDE), 201)
    check(_stages(api, child["id"]) == ["CP"], "one open stage (CP)", str(_stages(api, child["id"])))
    expect_status(make.move(the_case["id"], child["id"], "LAC", "2025-03-01", from_stage_continues=True), 201)
    check(
        _stages(api, child["id"]) == ["CP", "LAC"], "CP and LAC open together", str(_stages(api, child["id"]))
    )
    ambiguous = make.move(the_case["id"], child["id"], "CIN", "2025-03-05")
    expect_field_error(ambiguous, expect_problem(ambiguous, 422), "/from_stage")
    expect_status(make.move(the_case["id"], child["id"], "LAC", "2025-03-10", from_stage="CP"), 201)
    check(_stages(api, child["id"]) == ["LAC"], "LAC only after CP ends", str(_stages(api, child["id"])))


@pytest.mark.check("SOS-CHK-STAGE-003")
@requirement("SOS-STAGE-003")
def test_a_move_cannot_be_dated_before_the_last(make: Factory, api: Api) -> None:
    """A transition dated before the child's previous one is 422."""
    the_case, child = make.case_with_child()
    expect_status(make.move(the_case["id"], child["id"], "CIN", "2025-03-01"), 201)
    response = make.move(the_case["id"], child["id"], "CP", "2025-02-01", **CP_OVERRIDE)
    expect_field_error(response, expect_problem(response, 422), "/effective_date")
    check(_stages(api, child["id"]) == ["CIN"], "the child still at CIN", str(_stages(api, child["id"])))


@pytest.mark.check("SOS-CHK-STAGE-004")
@requirement("SOS-STAGE-004")
def test_only_the_latest_move_can_be_entered_in_error(api: Api, make: Factory) -> None:
    """Marking an earlier move entered in error is refused; the latest one can be."""
    the_case, child = make.case_with_child()
    first = json_body(expect_status(make.move(the_case["id"], child["id"], "CIN", "2025-02-01"), 201))
    second = json_body(
        expect_status(make.move(the_case["id"], child["id"], "CP", "2025-02-10", **CP_OVERRIDE), 201)
    )
    expect_problem(
        api.post(
            f"/v1/stage-transitions/{first['id']}/entered-in-error",
            {"reason": "Conformance: not the latest"},
            headers={"If-Match": 'W/"1"'},
        ),
        409,
        422,
    )
    expect_status(
        api.post(
            f"/v1/stage-transitions/{second['id']}/entered-in-error",
            {"reason": "Conformance: recorded in error"},
            headers={"If-Match": 'W/"1"'},
        ),
        200,
    )
    check(
        _stages(api, child["id"]) == ["CIN"],
        "back at CIN once the latest move is in error",
        str(_stages(api, child["id"])),
    )


@pytest.mark.check("SOS-CHK-STAGE-005")
@requirement("SOS-JOURNEY-001")
def test_journey_in_time_order_with_stages(api: Api, make: Factory) -> None:
    """The journey lists the case, the child and every move in time order with the stages on each date."""
    the_case, child = make.case_with_child()
    moves = [
        json_body(expect_status(make.move(the_case["id"], child["id"], to, on, **CP_OVERRIDE), 201))
        for to, on in (("CIN", "2025-02-01"), ("CP", "2025-02-10"))
    ]
    journey = json_body(expect_status(api.get(f"/v1/children/{child['id']}/journey"), 200))
    entries = journey["entries"]
    ids = {e["record_id"] for e in entries}
    for record in (the_case, *moves):
        check(record["id"] in ids, f"record {record['id']} in the journey", "missing")
    # The contract's order: the practice date of each change, then when it was recorded.
    keys = [(e["effective_on"], moment(e["recorded_at"])) for e in entries]
    check(keys == sorted(keys), "entries in time order", str(keys)[:500])
    by_id = {e["record_id"]: e for e in entries}
    check(
        by_id[moves[0]["id"]]["stages"] == ["CIN"],
        "stages [CIN] on the first move",
        str(by_id[moves[0]["id"]]["stages"]),
    )
    check(
        by_id[moves[1]["id"]]["stages"] == ["CP"],
        "stages [CP] on the second move",
        str(by_id[moves[1]["id"]]["stages"]),
    )
    check(journey["current_stages"] == ["CP"], "current stages [CP]", str(journey["current_stages"]))
    check(
        all(date.fromisoformat(k[0]) <= date.today() for k in keys), "no entry dated in the future", "future"
    )
