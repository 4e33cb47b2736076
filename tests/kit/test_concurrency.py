"""ETag and If-Match: no lost update (SOS-HTTP-002, SOS-HTTP-003)."""

from __future__ import annotations

from tests.support import assert_problem, case


def test_single_record_has_weak_etag(api):
    the_case = case(api)
    response = api.get(f"/v1/cases/{the_case['id']}")
    assert response.headers["etag"] == 'W/"1"'


def test_missing_if_match_is_428_and_changes_nothing(api):
    the_case = case(api)
    response = api.patch(f"/v1/cases/{the_case['id']}", {"title": "New"})
    assert_problem(response, 428, "if_match_required")
    assert api.get(f"/v1/cases/{the_case['id']}").json()["title"] == the_case["title"]


def test_two_writers_with_one_etag_exactly_one_wins(api):
    the_case = case(api)
    path = f"/v1/cases/{the_case['id']}"
    etag = api.get(path).headers["etag"]
    first = api.patch(path, {"title": "Writer A"}, headers={"If-Match": etag})
    second = api.patch(path, {"title": "Writer B"}, headers={"If-Match": etag})
    assert first.status_code == 200 and first.headers["etag"] == 'W/"2"'
    body = assert_problem(second, 412, "version_mismatch")
    assert body["current_version"] == 2
    history = api.get(f"{path}/history").json()["versions"]
    assert [(v["version"], v["data"]["title"]) for v in history] == [(1, the_case["title"]), (2, "Writer A")]
    assert api.get(path).json()["title"] == "Writer A"


def test_race_past_the_if_match_check_is_still_refused(api, monkeypatch):
    """Even if two writers both pass the If-Match check, the versioned UPDATE lets only one commit.

    No other connection can write the record inside the unit: the amendment holds it (FOR UPDATE on
    PostgreSQL, the write lock from BEGIN IMMEDIATE on SQLite), so another connection trying to would
    wait for this very unit, forever. The concurrent change is therefore made on the unit's own
    connection, as the record would look had another writer committed version 2 after the check."""
    from sqlalchemy import update
    from sqlalchemy.orm import Session

    from service.kit import records
    from service.models import Case

    the_case = case(api)
    path = f"/v1/cases/{the_case['id']}"
    original = records.check_if_match

    def interleaved(record, if_match):
        original(record, if_match)
        change = update(Case).where(Case.id == record.id).values(title="Concurrent writer", version=2)
        Session.object_session(record).connection().execute(change)

    monkeypatch.setattr(records, "check_if_match", interleaved)
    response = api.patch(path, {"title": "Late writer"}, headers={"If-Match": 'W/"1"'})
    assert_problem(response, 412, "version_mismatch")
    monkeypatch.undo()
    # the refused unit saved nothing: neither the late writer's title nor what it saw
    assert api.get(path).json()["title"] == the_case["title"]
