"""A goal's sustain duration is bounded: huge or malformed durations are 422 naming the field and the
rule (SOS-GOAL-001), and nothing is written."""

from __future__ import annotations

import pytest

from service.models.assessment import DangerStatement
from tests.support import assert_problem, case, case_with_child, count
from tests.support.assessment import statement_body


@pytest.mark.parametrize("duration", ["P99999999999999999999D", "P11Y", "P0D", "three months"])
def test_unworkable_sustain_durations_are_422(api, db, duration):
    the_case, child = case_with_child(api)
    sent = statement_body(child["id"])
    sent["goal"]["sustain_duration"] = duration
    before = count(db, DangerStatement)
    body = assert_problem(api.post(f"/v1/cases/{the_case['id']}/danger-statements", sent), 422)
    assert body["requirement"] == "SOS-GOAL-001"
    assert body["errors"][0]["pointer"] == "/goal/sustain_duration"
    assert count(db, DangerStatement) == before


@pytest.mark.parametrize("status", ["ACTIVE", "bogus"])
def test_a_status_no_statement_can_have_is_422_not_an_empty_page(api, status):
    the_case = case(api)
    response = api.get(f"/v1/cases/{the_case['id']}/danger-statements", params={"status": status})
    assert assert_problem(response, 422)["errors"][0]["pointer"] == "/status"
