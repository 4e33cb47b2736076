"""Practice records in the chronology: informed-of tied to a statement's wording, and a child's
records kept apart from a sibling's."""

from __future__ import annotations

from typing import Any

import pytest

from sos_conformance.client import Api
from sos_conformance.data import Factory
from sos_conformance.expect import check, expect_problem, expect_status, json_body
from sos_conformance.plugin import area, requirement
from sos_conformance.practice import network_member, statement, statement_body

pytestmark = area("planning", "core", "planning")


def _chronology(api: Api, path: str) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json_body(expect_status(api.get(path), 200))["entries"]
    return entries


@requirement("SOS-NET-006")
@pytest.mark.check("SOS-CHK-CHRON-002")
def test_informed_of_survives_an_amendment_that_keeps_the_wording(api: Api, make: Factory) -> None:
    """A member told a statement stays informed when only its goal's sustain_from is amended, and is
    no longer informed once its words change."""
    the_case, child = make.case_with_child()
    made = statement(make, the_case["id"], child["id"])
    member = network_member(make, the_case["id"])
    told = {"danger_statement_id": made["id"], "version": 1, "informed_on": "2025-02-03"}
    expect_status(
        api.post(f"/v1/network-members/{member['id']}/informed", told, headers={"If-Match": 'W/"1"'}),
        200,
        201,
    )
    path = f"/v1/danger-statements/{made['id']}"
    expect_status(
        api.patch(
            path, {"goal": {"sustain_from": "2025-02-10"}}, headers={"If-Match": 'W/"1"'}, on="2025-02-10"
        ),
        200,
    )
    now = json_body(expect_status(api.get(f"/v1/network-members/{member['id']}"), 200))
    check(
        now["informed_of_all_current"] is True,
        "still informed after an amendment of dates only",
        repr(now["informed"]),
    )
    expect_status(
        api.patch(
            path,
            {"worried_about": f"{make.run_id}: re-worded with the family."},
            headers={"If-Match": 'W/"2"'},
            on="2025-02-12",
        ),
        200,
    )
    now = json_body(expect_status(api.get(f"/v1/network-members/{member['id']}"), 200))
    check(now["informed_of_all_current"] is False, "not informed once re-worded", repr(now["informed"]))


@requirement("SOS-CHRON-002")
@pytest.mark.check("SOS-CHK-CHRON-003")
def test_a_siblings_statement_is_not_in_the_childs_journey_or_chronology(api: Api, make: Factory) -> None:
    """A danger statement about one child appears in that child's chronology and the case's, never in
    the journey or chronology of their sibling."""
    the_case, child = make.case_with_child()
    sibling = make.person(given_name="Sib")
    make.member(the_case["id"], sibling["id"])
    theirs = make.created(
        f"/v1/cases/{the_case['id']}/danger-statements", statement_body(make, sibling["id"])
    )
    in_child = {e["record_id"] for e in _chronology(api, f"/v1/children/{child['id']}/chronology")}
    journey = json_body(expect_status(api.get(f"/v1/children/{child['id']}/journey"), 200))["entries"]
    in_sibling = {e["record_id"] for e in _chronology(api, f"/v1/children/{sibling['id']}/chronology")}
    in_case = {e["record_id"] for e in _chronology(api, f"/v1/cases/{the_case['id']}/chronology")}
    check(
        theirs["id"] not in in_child, "the sibling's statement left out of the child's chronology", "listed"
    )
    check(
        theirs["id"] not in {e["record_id"] for e in journey},
        "the sibling's statement left out of the child's journey",
        "listed",
    )
    check(
        theirs["id"] in in_sibling and theirs["id"] in in_case, "in the sibling's and the case's", "missing"
    )


@requirement("SOS-VOICE-005")
@pytest.mark.check("SOS-CHK-PRAC-002")
def test_a_pre_verbal_childs_observations_are_kept_apart_from_words(api: Api, make: Factory) -> None:
    """A record of a baby holds the worker's observations with no words put as the child's; a record
    with neither words nor observations is 422."""
    the_case, child = make.case_with_child()
    record = {
        "case_id": the_case["id"],
        "tool": "THREE_HOUSES",
        "recorded_on": "2025-02-15",
        "worker": "Conformance Worker",
        "read_back_to_child": False,
        "items": [],
        "observations": [{"observed": f"{make.run_id}: reached for her grandmother and settled."}],
    }
    path = f"/v1/children/{child['id']}/voice"
    made = json_body(expect_status(api.post(path, record), 201))
    check(
        made.get("items") == [] and len(made.get("observations") or []) == 1,
        "the observation kept in observations, no words in items",
        repr((made.get("items"), made.get("observations"))),
    )
    expect_problem(api.post(path, {**record, "observations": []}), 422)
