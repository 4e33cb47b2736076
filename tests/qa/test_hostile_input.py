"""Measures and evidence refuse dates outside the calendar the records use (422 naming the
parameter), and the measures CSV never hands a spreadsheet a formula."""

from __future__ import annotations

import csv
import io

import pytest

from tests.support import assert_problem, case


@pytest.mark.parametrize(
    ("query", "pointer"),
    [
        ("period=9999-12", "/period"),
        ("period=0001-01", "/period"),
        ("from=0001-01-01&to=9999-12-31", "/from"),
    ],
)
def test_measures_of_impossible_periods_are_422(api, query, pointer):
    body = assert_problem(api.get(f"/v1/qa/measures?{query}"), 422, "validation_failed")
    assert body["errors"][0]["pointer"] == pointer


def test_evidence_on_an_impossible_date_is_422(api):
    the_case = case(api)
    body = assert_problem(api.get(f"/v1/cases/{the_case['id']}/audit-evidence?on=0001-01-01"), 422)
    assert body["errors"][0]["pointer"] == "/on"


def test_measures_csv_neutralises_formula_cells(api):
    response = api.get(
        "/v1/qa/measures", params={"period": "2025-06", "team": '=HYPERLINK("http://x")', "format": "csv"}
    )
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows and all(row["team"] == '\'=HYPERLINK("http://x")' for row in rows)
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "@")), row
