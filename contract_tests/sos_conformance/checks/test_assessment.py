"""Assessment practice rules: danger statements with their goals, goal-met timing, scales and
ratings, the vocabulary of each stage, and what a stage transition carries forward."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sos_conformance.client import Api
from sos_conformance.data import Factory, all_items
from sos_conformance.expect import (
    check,
    expect_field_error,
    expect_problem,
    expect_refusal,
    expect_status,
    json_body,
)
from sos_conformance.plugin import area, requirement
from sos_conformance.practice import scale, statement, statement_body

pytestmark = area("assessment", "core", "assessment")


def rating(value: Any, **extra: Any) -> dict[str, Any]:
    return {
        "value": value,
        "rater_name": "Conformance Worker",
        "rater_role": "SOCIAL_WORKER",
        "rated_on": "2025-03-01",
        "context": "HOME_VISIT",
        "reason": "Conformance rating",
        **extra,
    }


@pytest.mark.check("SOS-CHK-ASSESS-001")
@requirement("SOS-DS-001")
def test_statement_and_goal_are_one_pair(api: Api, make: Factory) -> None:
    """A statement is recorded with its goal in one request; one without a goal is 422 and unsaved."""
    the_case, child = make.case_with_child()
    body = statement_body(make, child["id"])
    del body["goal"]
    expect_problem(api.post(f"/v1/cases/{the_case['id']}/danger-statements", body), 422)
    check(
        all_items(api, f"/v1/cases/{the_case['id']}/danger-statements") == [],
        "no statement saved",
        "a statement without its goal was saved",
    )
    made = statement(make, the_case["id"], child["id"])
    check(
        bool(made.get("goal")) and made["goal"].get("sustain_duration") == "P3M",
        "the statement returned with its goal",
        repr(made.get("goal")),
    )


@pytest.mark.check("SOS-CHK-ASSESS-002")
@requirement("SOS-GOAL-001")
def test_goal_duration_is_longer_than_zero(api: Api, make: Factory) -> None:
    """A goal's sustain_duration must be an ISO 8601 duration longer than zero."""
    the_case, child = make.case_with_child()
    for bad in ("P0D", "three months"):
        expect_problem(
            api.post(
                f"/v1/cases/{the_case['id']}/danger-statements",
                statement_body(make, child["id"], sustain_duration=bad),
            ),
            422,
        )


@pytest.mark.check("SOS-CHK-ASSESS-003")
@requirement("SOS-GOAL-002")
def test_goal_met_only_after_the_sustain_period(api: Api, make: Factory) -> None:
    """Met needs sustain_from, and met_on no earlier than sustain_from + sustain_duration."""
    the_case, child = make.case_with_child()
    unsure = statement(make, the_case["id"], child["id"])
    expect_problem(
        api.post(
            f"/v1/danger-statements/{unsure['id']}/goal-met",
            {"met_on": "2025-06-01"},
            headers={"If-Match": 'W/"1"'},
        ),
        422,
    )
    timed = statement(make, the_case["id"], child["id"], sustain_from="2025-01-01")
    expect_problem(
        api.post(
            f"/v1/danger-statements/{timed['id']}/goal-met",
            {"met_on": "2025-03-01"},
            headers={"If-Match": 'W/"1"'},
        ),
        422,
    )
    current = json_body(expect_status(api.get(f"/v1/danger-statements/{timed['id']}"), 200))
    check(
        current["version"] == 1 and current["goal"]["met_on"] is None,
        "unchanged after the refusal",
        f"version {current['version']}, met_on {current['goal']['met_on']}",
    )
    met = json_body(
        expect_status(
            api.post(
                f"/v1/danger-statements/{timed['id']}/goal-met",
                {"met_on": "2025-04-01"},
                headers={"If-Match": 'W/"1"'},
            ),
            200,
        )
    )
    check(met["goal"]["met_on"] == "2025-04-01", "met_on 2025-04-01", repr(met["goal"]["met_on"]))


@pytest.mark.check("SOS-CHK-ASSESS-004")
@requirement("SOS-SCALE-002")
def test_rating_is_a_whole_number_from_0_to_10(api: Api, make: Factory) -> None:
    """Ratings of -1, 11 and 5.5 are 422 and unsaved; 0 and 10 are recorded."""
    the_case, _ = make.case_with_child()
    the_scale = scale(make, the_case["id"])
    path = f"/v1/scales/{the_scale['id']}/ratings"
    for bad in (-1, 11, 5.5):
        expect_problem(api.post(path, rating(bad)), 422)
    for good in (0, 10):
        expect_status(api.post(path, rating(good)), 201)
    values = sorted(r["value"] for r in all_items(api, path))
    check(values == [0, 10], "only the two valid ratings saved", str(values))


@pytest.mark.check("SOS-CHK-ASSESS-005")
@requirement("SOS-SCALE-003", "SOS-SCALE-004")
def test_ratings_are_not_amended_but_entered_in_error(api: Api, make: Factory, contract: Any) -> None:
    """No amend operation for ratings; a wrong one is entered in error and left out of the series."""
    amend = [
        op.operation_id
        for op in contract.operations
        if op.method in ("PATCH", "PUT") and op.template.startswith("/v1/ratings/")
    ]
    check(not amend, "no amend operation for ratings in the contract", str(amend))
    the_case, _ = make.case_with_child()
    the_scale = scale(make, the_case["id"])
    wrong = make.created(f"/v1/scales/{the_scale['id']}/ratings", rating(2))
    make.created(f"/v1/scales/{the_scale['id']}/ratings", rating(6, rated_on="2025-03-02"))
    patched = api.request(
        "PATCH",
        f"/v1/ratings/{wrong['id']}",
        json_body={"value": 3},
        headers={"If-Match": 'W/"1"'},
        validate=False,
    )
    check(
        patched.status_code in (404, 405),
        "PATCH on a rating refused (404 or 405)",
        f"HTTP {patched.status_code}",
        patched,
    )
    expect_status(
        api.post(
            f"/v1/ratings/{wrong['id']}/entered-in-error",
            {"reason": "Conformance: wrong scale"},
            headers={"If-Match": 'W/"1"'},
        ),
        200,
    )
    series = json_body(expect_status(api.get(f"/v1/scales/{the_scale['id']}/series"), 200))
    text = json.dumps(series)
    check(wrong["id"] not in text, "the entered-in-error rating left out of the series", "it is listed")
    check('"average' not in text.lower(), "no averages in the series", "an average is given")


@pytest.mark.check("SOS-CHK-ASSESS-006")
@requirement("SOS-VOCAB-001")
def test_vocabulary_follows_the_children_stages(api: Api, make: Factory) -> None:
    """No stage: SAFETY; early help: WELLBEING; child in need: SAFETY; looked after: SUCCESS."""
    the_case, child = make.case_with_child()

    def vocabulary() -> str:
        return str(
            json_body(expect_status(api.get(f"/v1/cases/{the_case['id']}/vocabulary"), 200))["vocabulary"]
        )

    check(vocabulary() == "SAFETY", "SAFETY with no stage", vocabulary())
    steps = (
        ("EARLY_HELP", "2025-02-01", "WELLBEING"),
        ("CIN", "2025-02-10", "SAFETY"),
        ("LAC", "2025-03-01", "SUCCESS"),
    )
    for to, on, words in steps:
        expect_status(make.move(the_case["id"], child["id"], to, on), 201)
        check(vocabulary() == words, f"{words} at {to}", vocabulary())


@pytest.mark.check("SOS-CHK-ASSESS-007")
@requirement("SOS-CONT-001")
def test_transition_carries_the_assessment_forward(api: Api, make: Factory) -> None:
    """A transition's carried_forward names the latest map, the active statements with their
    versions and the scales, and creates no practice record."""
    the_case, child = make.case_with_child()
    expect_status(make.move(the_case["id"], child["id"], "CIN", "2025-02-01"), 201)
    the_map = _map(make, the_case["id"])
    made = statement(make, the_case["id"], child["id"])
    the_scale = scale(make, the_case["id"])
    make.created(f"/v1/scales/{the_scale['id']}/ratings", rating(3, rated_on="2025-02-15"))
    moved = json_body(expect_status(make.move(the_case["id"], child["id"], "CP", "2025-02-20"), 201))
    carried = json.dumps(moved.get("carried_forward"))
    for what, record_id in (
        ("map", the_map["id"]),
        ("danger statement", made["id"]),
        ("scale", the_scale["id"]),
    ):
        check(record_id in carried, f"the {what} {record_id} in carried_forward", carried[:500])
    statements = all_items(api, f"/v1/cases/{the_case['id']}/danger-statements")
    check(
        [s["version"] for s in statements] == [1],
        "the statement not restarted or versioned",
        str([(s["id"], s["version"]) for s in statements]),
    )


@pytest.mark.check("SOS-CHK-ASSESS-008")
@requirement("SOS-MAP-003")
def test_a_conference_starting_a_plan_needs_a_map_statement_and_rating(api: Api, make: Factory) -> None:
    """An initial conference whose outcome starts a plan, on a case without a map, an active danger
    statement and a rating, is 422 and unsaved; with an override_reason it is recorded and keeps the
    reason; with all three it needs none."""
    the_case, child = make.case_with_child()
    expect_status(make.move(the_case["id"], child["id"], "CIN", "2025-02-01"), 201)
    made = make.enquiry(the_case["id"], child["id"], "2025-02-10")
    check(made is not None, "a referral, strategy discussion and section 47 enquiry recorded", "refused")
    assert made is not None
    conferences = f"/v1/cases/{the_case['id']}/cp-conferences"
    body = make.conference_body(child["id"], made[1]["id"], "2025-02-20")
    refused = api.post(conferences, body)
    expect_field_error(refused, expect_refusal(refused, 422, "SOS-MAP-003"), "/override_reason")
    check(len(all_items(api, conferences)) == 0, "the refused conference unsaved", "a conference was saved")
    reason = f"{make.run_id}: conference held before the map"
    overridden = json_body(expect_status(api.post(conferences, {**body, "override_reason": reason}), 201))
    check(
        overridden.get("override_reason") == reason,
        "the override_reason kept on the conference",
        repr(overridden.get("override_reason")),
    )

    ready, other = make.case_with_child()
    expect_status(make.move(ready["id"], other["id"], "CIN", "2025-02-01"), 201)
    _map(make, ready["id"])
    statement(make, ready["id"], other["id"])
    the_scale = scale(make, ready["id"])
    make.created(f"/v1/scales/{the_scale['id']}/ratings", rating(4, rated_on="2025-02-15"))
    ready_s47 = make.enquiry(ready["id"], other["id"], "2025-02-10")
    assert ready_s47 is not None
    expect_status(
        api.post(
            f"/v1/cases/{ready['id']}/cp-conferences",
            make.conference_body(other["id"], ready_s47[1]["id"], "2025-02-20"),
        ),
        201,
    )


def _map(make: Factory, case_id: str) -> dict[str, Any]:
    contexts = [
        c["code"]
        for c in json_body(make.api.get("/v1/reference-data/map_context"))["codes"]
        if not c.get("retired")
    ]
    return make.created(f"/v1/cases/{case_id}/maps", {"context": contexts[:1], "mapped_on": "2025-02-02"})


@pytest.mark.check("SOS-CHK-ASSESS-009")
@requirement("SOS-MAP-001")
def test_each_map_is_a_new_numbered_version(api: Api, make: Factory) -> None:
    """Each POST makes the case's next map version (1, 2, ...); the earlier one stays as it was."""
    the_case, _ = make.case_with_child()
    first = _map(make, the_case["id"])
    second = _map(make, the_case["id"])
    check(
        (first["map_version"], second["map_version"]) == (1, 2),
        "map versions 1 and 2",
        str((first["map_version"], second["map_version"])),
    )
    again = json_body(expect_status(api.get(f"/v1/maps/{first['id']}"), 200))
    check(
        again["version"] == first["version"] and again["map_version"] == 1,
        "map 1 unchanged and readable",
        f"version {again['version']}, map_version {again['map_version']}",
    )


@pytest.mark.check("SOS-CHK-ASSESS-010")
@requirement("SOS-MAP-002")
def test_harm_entries_are_dated_and_name_children_of_the_case(api: Api, make: Factory) -> None:
    """A HARM entry without an event date, or naming a child outside the case, is 422."""
    the_case, child = make.case_with_child()
    contexts = _contexts(make)
    path = f"/v1/cases/{the_case['id']}/maps"
    harm = {"category": "HARM", "text": "The child was hit.", "children_affected": [child["id"]]}
    expect_problem(api.post(path, {"context": contexts, "mapped_on": "2025-02-02", "entries": [harm]}), 422)
    stranger = make.person()
    dated = {**harm, "event_date": "2025-01-20", "event_date_precision": "DAY"}
    expect_problem(
        api.post(
            path,
            {
                "context": contexts,
                "mapped_on": "2025-02-02",
                "entries": [{**dated, "children_affected": [stranger["id"]]}],
            },
        ),
        422,
    )
    check(all_items(api, path) == [], "no map saved", "a refused map was saved")
    expect_status(api.post(path, {"context": contexts, "mapped_on": "2025-02-02", "entries": [dated]}), 201)


@pytest.mark.check("SOS-CHK-ASSESS-011")
@requirement("SOS-DS-002")
def test_statement_names_a_child_of_the_case_and_who_is_worried(api: Api, make: Factory) -> None:
    """No child, a child outside the case, or nobody worried is 422 and saves nothing."""
    the_case, child = make.case_with_child()
    path = f"/v1/cases/{the_case['id']}/danger-statements"
    stranger = make.person()
    response = api.post(path, statement_body(make, stranger["id"]))
    expect_refusal(response, 422, "SOS-DS-002")
    for broken in ({"children": []}, {"who_is_worried": []}, {"worried_about": ""}):
        expect_problem(api.post(path, {**statement_body(make, child["id"]), **broken}), 422)
    check(all_items(api, path) == [], "no statement saved", "a refused statement was saved")


@pytest.mark.check("SOS-CHK-ASSESS-012")
@requirement("SOS-DS-003")
def test_disputed_statement_needs_the_family_view(api: Api, make: Factory) -> None:
    """family_position DISPUTES without dispute_text is 422; with it the statement is recorded."""
    the_case, child = make.case_with_child()
    path = f"/v1/cases/{the_case['id']}/danger-statements"
    body = {**statement_body(make, child["id"]), "family_position": "DISPUTES"}
    expect_problem(api.post(path, body), 422)
    expect_status(api.post(path, {**body, "dispute_text": "Mum says it only happened once."}), 201)


@pytest.mark.check("SOS-CHK-ASSESS-013")
@requirement("SOS-DS-005")
def test_rewording_makes_versions_and_only_active_statements_change(api: Api, make: Factory) -> None:
    """Re-wording makes version 2 with version 1 in history; a withdrawn statement cannot change."""
    the_case, child = make.case_with_child()
    made = statement(make, the_case["id"], child["id"], sustain_from="2025-01-01")
    expect_problem(api.patch(f"/v1/danger-statements/{made['id']}", {"worried_about": "No If-Match."}), 428)
    new_words = f"{make.run_id}: re-worded with the family."
    expect_status(
        api.patch(
            f"/v1/danger-statements/{made['id']}", {"worried_about": new_words}, headers={"If-Match": 'W/"1"'}
        ),
        200,
    )
    history = json_body(expect_status(api.get(f"/v1/danger-statements/{made['id']}/history"), 200))[
        "versions"
    ]
    words = [v["data"].get("worried_about") for v in history]
    check(words == [made["worried_about"], new_words], "both wordings in history", str(words))
    expect_status(
        api.post(
            f"/v1/danger-statements/{made['id']}/withdraw",
            {"reason": "Conformance: resolved", "effective_on": "2025-06-02"},
            headers={"If-Match": 'W/"2"'},
        ),
        200,
    )
    current = json_body(expect_status(api.get(f"/v1/danger-statements/{made['id']}"), 200))
    etag = f'W/"{current["version"]}"'
    expect_problem(
        api.patch(
            f"/v1/danger-statements/{made['id']}", {"worried_about": "Too late."}, headers={"If-Match": etag}
        ),
        409,
        422,
    )
    expect_problem(
        api.post(
            f"/v1/danger-statements/{made['id']}/goal-met",
            {"met_on": "2025-06-01"},
            headers={"If-Match": etag},
        ),
        409,
        422,
    )


@pytest.mark.check("SOS-CHK-ASSESS-014")
@requirement("SOS-SCALE-001")
def test_scale_links_only_a_statement_of_its_case(api: Api, make: Factory) -> None:
    """A scale linked to another case's danger statement is 422; one of its own case is fine."""
    the_case, child = make.case_with_child()
    other_case, other_child = make.case_with_child()
    foreign = statement(make, other_case["id"], other_child["id"])
    body = {"kind": "SAFETY", "question": "How safe?", "anchor_0": "Not safe", "anchor_10": "Safe"}
    expect_problem(
        api.post(f"/v1/cases/{the_case['id']}/scales", {**body, "danger_statement_id": foreign["id"]}), 422
    )
    expect_problem(api.post(f"/v1/cases/{the_case['id']}/scales", {**body, "anchor_0": ""}), 422)
    own = statement(make, the_case["id"], child["id"])
    scale(make, the_case["id"], danger_statement_id=own["id"])


@pytest.mark.check("SOS-CHK-ASSESS-015")
@requirement("SOS-VOCAB-002")
def test_stage_change_relabels_without_versioning(api: Api, make: Factory) -> None:
    """Statements are read in the current vocabulary; a stage change relabels them, no new version."""
    the_case, child = make.case_with_child()
    expect_status(make.move(the_case["id"], child["id"], "EARLY_HELP", "2025-02-01"), 201)
    made = statement(make, the_case["id"], child["id"])
    check(made["vocabulary"] == "WELLBEING", "WELLBEING words at early help", made["vocabulary"])
    expect_status(make.move(the_case["id"], child["id"], "CIN", "2025-02-10"), 201)
    after = json_body(expect_status(api.get(f"/v1/danger-statements/{made['id']}"), 200))
    check(after["vocabulary"] == "SAFETY", "SAFETY words at child in need", after["vocabulary"])
    check(after["labels"] != made["labels"], "labels changed with the vocabulary", str(after["labels"]))
    check(after["version"] == 1, "no new version for relabelling", f"version {after['version']}")


def _contexts(make: Factory) -> list[str]:
    codes = json_body(make.api.get("/v1/reference-data/map_context"))["codes"]
    return [c["code"] for c in codes if not c.get("retired")][:1]


@pytest.mark.check("SOS-CHK-ASSESS-016")
@requirement("SOS-DS-004")
def test_more_than_three_statements_warns_but_records(api: Api, make: Factory) -> None:
    """The fourth active statement of a case is recorded with a warning in the response."""
    the_case, child = make.case_with_child()
    made = [statement(make, the_case["id"], child["id"]) for _ in range(4)]
    check(not made[2].get("warnings"), "no warning up to three statements", repr(made[2].get("warnings")))
    check(bool(made[3].get("warnings")), "a warning on the fourth statement", repr(made[3].get("warnings")))
    check(
        len(all_items(api, f"/v1/cases/{the_case['id']}/danger-statements")) == 4,
        "all four recorded",
        "fewer saved",
    )
