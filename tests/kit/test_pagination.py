"""Cursor pagination (SOS-LIST-001, SOS-LIST-002)."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest

from tests.support import assert_problem, case, case_with_child, move, person


def test_walking_every_page_returns_each_record_once(api):
    mine = {person(api)["id"] for _ in range(7)}
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        response = api.get("/v1/people", params=params)
        assert response.status_code == 200
        body = response.json()
        assert len(body["items"]) <= 3
        seen.extend(item["id"] for item in body["items"])
        cursor = body["next_cursor"]
        pages += 1
        if cursor is None:
            assert "link" not in response.headers
            break
        assert 'rel="next"' in response.headers["link"]
    assert len(seen) == len(set(seen))
    assert mine <= set(seen)
    assert pages >= 3


def test_updated_since_returns_only_later_changes(api):
    case(api)
    later = datetime.now(UTC) + timedelta(seconds=1)
    assert api.get("/v1/cases", params={"updated_since": later.isoformat()}).json()["items"] == []
    earlier = datetime.now(UTC) - timedelta(minutes=5)
    assert api.get("/v1/cases", params={"updated_since": earlier.isoformat()}).json()["items"]


def test_bad_cursor_and_naive_time_are_422(api):
    assert_problem(api.get("/v1/cases", params={"cursor": "zzz"}), 422)
    assert_problem(api.get("/v1/cases", params={"updated_since": "2025-01-01T00:00:00"}), 422)


@pytest.mark.parametrize("since", ["0", "0.5", "-1", "1700000000"])
def test_updated_since_is_a_date_time_not_a_number_of_seconds(api, since):
    problem = assert_problem(api.get("/v1/cases", params={"updated_since": since}), 422)
    assert problem["errors"][0]["pointer"] == "/updated_since"


@pytest.mark.parametrize("record_id", [5, 1.5, True, None, ["x"], {"id": "x"}])
def test_a_forged_cursor_is_422_naming_it(api, record_id):
    """A cursor decoded to the right shape but not strings (base64 of JSON anyone can write) is
    refused like any other cursor this service did not issue, never a 500."""
    forged = json.dumps(["2026-01-01T00:00:00+00:00", record_id]).encode()
    cursor = base64.urlsafe_b64encode(forged).decode().rstrip("=")
    problem = assert_problem(api.get("/v1/people", params={"cursor": cursor}), 422)
    assert problem["errors"][0]["pointer"] == "/cursor"


def _walk(api, path: str, **params) -> list[dict]:
    """Every item of a list, a page of one at a time (so each cursor shape is run)."""
    items, cursor = [], None
    while True:
        body = api.get(path, params={"limit": 1, **params, **({"cursor": cursor} if cursor else {})}).json()
        items.extend(body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            return items


def test_a_page_holds_its_own_callers_records_under_its_own_parent(api, other_api):
    """A list's statement is built once per shape and kept (RecordType.page): the authority, the
    parent and the page's own values are bound for each request, never kept from the first."""
    since = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
    ours, theirs = case(api), case(other_api)
    (first, first_child), (second, second_child) = case_with_child(api), case_with_child(api)
    assert move(api, first["id"], first_child["id"], "EARLY_HELP").status_code == 201
    assert move(api, second["id"], second_child["id"], "EARLY_HELP").status_code == 201
    for _ in range(2):  # the second round runs on the statements the first one built
        for client, mine, not_mine in ((api, ours, theirs), (other_api, theirs, ours)):
            listed = {item["id"] for item in _walk(client, "/v1/cases", updated_since=since)}
            assert mine["id"] in listed and not_mine["id"] not in listed
        for parent, child in ((first, first_child), (second, second_child)):
            moves = _walk(api, f"/v1/cases/{parent['id']}/transitions")
            assert [(m["case_id"], m["child_id"]) for m in moves] == [(parent["id"], child["id"])]
