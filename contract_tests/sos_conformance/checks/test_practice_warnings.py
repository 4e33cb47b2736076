"""Practice the family's worker must see at once: a very low rating comes back with a warning."""

from __future__ import annotations

import pytest

from sos_conformance.client import Api
from sos_conformance.data import Factory
from sos_conformance.expect import check, expect_problem, expect_status, json_body
from sos_conformance.plugin import area, requirement
from sos_conformance.practice import scale

pytestmark = area("assessment", "core", "assessment")


def _rating(value: int) -> dict[str, object]:
    return {
        "value": value,
        "rater_name": "Conformance worker",
        "rater_role": "SOCIAL_WORKER",
        "rated_on": "2025-03-20",
        "context": "HOME_VISIT",
        "reason": "Conformance: how safe the child is today.",
    }


@requirement("SOS-SCALE-006")
@pytest.mark.check("SOS-CHK-PRAC-001")
def test_a_rating_of_one_or_below_answers_with_a_warning(api: Api, make: Factory) -> None:
    """A rating of 1 is recorded with a warning; a rating of 5 with none."""
    the_case, _child = make.case_with_child()
    path = f"/v1/scales/{scale(make, the_case['id'])['id']}/ratings"
    low = json_body(expect_status(api.post(path, _rating(1)), 201))
    check(bool(low.get("warnings")), "a warning with a rating of 1", repr(low.get("warnings")))
    middling = json_body(expect_status(api.post(path, _rating(5)), 201))
    check(middling.get("warnings") == [], "no warning with a rating of 5", repr(middling.get("warnings")))


@requirement("SOS-SCALE-007")
@pytest.mark.check("SOS-CHK-PRAC-003")
def test_a_rating_about_one_child_stays_with_that_child(api: Api, make: Factory) -> None:
    """A rating naming a sibling shows in the sibling's chronology, not the other child's; a rating
    naming someone who is not a child of the case is 422."""
    the_case, child = make.case_with_child()
    sibling = make.person(given_name="Sib")
    make.member(the_case["id"], sibling["id"])
    stranger = make.person(given_name="Stranger")
    path = f"/v1/scales/{scale(make, the_case['id'])['id']}/ratings"
    expect_problem(api.post(path, {**_rating(3), "child_id": stranger["id"]}), 422)
    theirs = json_body(expect_status(api.post(path, {**_rating(3), "child_id": sibling["id"]}), 201))

    def listed(child_id: str) -> bool:
        entries = json_body(expect_status(api.get(f"/v1/children/{child_id}/chronology"), 200))["entries"]
        return theirs["id"] in {e["record_id"] for e in entries}

    check(listed(sibling["id"]) and not listed(child["id"]), "in the sibling's chronology only", "elsewhere")
