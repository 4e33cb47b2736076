"""Practice rules read back: what a system shows is what was recorded, kept per person and never
summarised away (a scale's series per rater, with no average)."""

from __future__ import annotations

from typing import Any

import pytest

from sos_conformance.client import Api
from sos_conformance.data import Factory
from sos_conformance.expect import check, expect_status, json_body
from sos_conformance.plugin import area, requirement
from sos_conformance.practice import scale

pytestmark = area("assessment", "core", "assessment")

# Two raters, each rating on three dates, sent out of date order; values chosen so that any mean,
# running mean or median of a rater's series differs from what they said.
GIVEN = (
    ("Conformance Teacher", "OTHER_AGENCY_EDUCATION", "2025-03-20", 2),
    ("Conformance Worker", "SOCIAL_WORKER", "2025-03-05", 7),
    ("Conformance Teacher", "OTHER_AGENCY_EDUCATION", "2025-03-01", 9),
    ("Conformance Worker", "SOCIAL_WORKER", "2025-03-25", 0),
    ("Conformance Teacher", "OTHER_AGENCY_EDUCATION", "2025-03-10", 3),
    ("Conformance Worker", "SOCIAL_WORKER", "2025-03-15", 4),
)


def _rating(name: str, role: str, on: str, value: int) -> dict[str, Any]:
    return {
        "value": value,
        "rater_name": name,
        "rater_role": role,
        "rated_on": on,
        "context": "HOME_VISIT",
        "reason": f"Conformance: {name} on {on}",
    }


@pytest.mark.check("SOS-CHK-READ-001")
@requirement("SOS-SCALE-004")
def test_series_keeps_each_raters_numbers_as_given(api: Api, make: Factory) -> None:
    """Each rater's series has exactly their ratings, oldest first, each with the value they gave:
    nothing averaged, merged or smoothed, and no rater's number in another's series."""
    the_case, _ = make.case_with_child()
    the_scale = scale(make, the_case["id"])
    made = {}
    for name, role, on, value in GIVEN:
        rating = make.created(f"/v1/scales/{the_scale['id']}/ratings", _rating(name, role, on, value))
        made[rating["id"]] = (name, on, value)
    response = expect_status(api.get(f"/v1/scales/{the_scale['id']}/series"), 200)
    raters = json_body(response).get("raters") or []
    shown = {
        r.get("rater_name"): [
            (p.get("rating_id"), p.get("rated_on"), p.get("value")) for p in r.get("points", [])
        ]
        for r in raters
    }
    for name in {g[0] for g in GIVEN}:
        wanted = sorted(((i, on, v) for i, (n, on, v) in made.items() if n == name), key=lambda x: x[1])
        check(
            shown.get(name) == wanted,
            f"{name}'s series exactly as given, oldest first: {[(on, v) for _, on, v in wanted]}",
            f"{[(on, v) for _, on, v in shown.get(name) or []]}",
            response,
        )
    check(len(raters) == 2, "one series per rater (2)", f"{len(raters)} series", response)
