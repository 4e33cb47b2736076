"""Cursor pagination (SOS-LIST-001, SOS-LIST-002)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.support import assert_problem, case, person


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
