"""Family-facing practice records: that a map, a danger statement or a safety plan was shared with
the family, and with whom."""

from __future__ import annotations

from typing import Any

import pytest

from sos_conformance.client import Api
from sos_conformance.data import Factory, all_items
from sos_conformance.expect import check, expect_problem, expect_status, json_body
from sos_conformance.plugin import area, requirement
from sos_conformance.practice import network_member, statement

pytestmark = area("planning", "core", "planning")


def sharing(item_id: str, **overrides: Any) -> dict[str, Any]:
    return {
        "danger_statement_id": item_id,
        "shared_on": "2025-02-20",
        "shared_with": [{"name": "The child's mother"}],
        "share_form": "WRITTEN",
        **overrides,
    }


@pytest.mark.check("SOS-CHK-FAM-001")
@requirement("SOS-FAM-001")
def test_what_is_shared_with_the_family_is_a_record_of_the_case(api: Api, make: Factory) -> None:
    """A statement of the case is shared at its current version; another case's statement, or a version
    the statement has not had, is refused with nothing written."""
    the_case, child = make.case_with_child()
    other_case, other_child = make.case_with_child()
    mine = statement(make, the_case["id"], child["id"])
    theirs = statement(make, other_case["id"], other_child["id"])
    path = f"/v1/cases/{the_case['id']}/shared-with-family"
    expect_problem(api.post(path, sharing(theirs["id"])), 422)
    expect_problem(api.post(path, sharing(mine["id"], item_version=mine["version"] + 1)), 422)
    check(all_items(api, path) == [], "a refused sharing writes nothing", repr(all_items(api, path)))
    shared = json_body(expect_status(api.post(path, sharing(mine["id"])), 201))
    check(
        shared.get("item_version") == mine["version"],
        "the version shared is the statement's current one when none is given",
        repr(shared.get("item_version")),
    )
    check(
        [s["id"] for s in all_items(api, path)] == [shared["id"]],
        "the sharing is listed",
        repr(all_items(api, path)),
    )


@pytest.mark.check("SOS-CHK-FAM-002")
@requirement("SOS-FAM-002")
def test_the_family_it_was_shared_with_are_people_of_the_case(api: Api, make: Factory) -> None:
    """Shared with nobody, or with a person of another case by id, is refused with nothing written; a
    network member by id and anyone by name are accepted."""
    the_case, child = make.case_with_child()
    other_case, _ = make.case_with_child()
    made = statement(make, the_case["id"], child["id"])
    member = network_member(make, the_case["id"])
    stranger = network_member(make, other_case["id"])
    path = f"/v1/cases/{the_case['id']}/shared-with-family"
    expect_problem(api.post(path, sharing(made["id"], shared_with=[])), 422)
    expect_problem(
        api.post(path, sharing(made["id"], shared_with=[{"person_id": stranger["person_id"]}])), 422
    )
    check(all_items(api, path) == [], "a refused sharing writes nothing", repr(all_items(api, path)))
    people = [{"person_id": member["person_id"]}, {"name": "The child's aunt"}]
    shared = json_body(expect_status(api.post(path, sharing(made["id"], shared_with=people)), 201))
    check(
        [p.get("person_id") for p in shared["shared_with"]] == [member["person_id"], None],
        "who it was shared with is kept as sent",
        repr(shared["shared_with"]),
    )
