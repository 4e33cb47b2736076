"""Hostile and careless input gets a 4xx problem naming what is wrong, and nothing is written
(tokens with malformed claims, extreme dates, forged cursors, NUL characters, loose types,
unreadable bodies, methods)."""

from __future__ import annotations

import base64
import json
from typing import Any

import jwt
import pytest
from sqlalchemy import select, text

from service.models import AuditEvent, Case, RecordVersion, SigningKey
from service.models.base import utcnow
from tests.support import assert_problem, case, count, person

TABLES = (Case, RecordVersion, AuditEvent)


def snapshot(db: Any) -> dict[str, int]:
    return {model.__tablename__: count(db, model) for model in TABLES}


def forged(db: Any, **claims: Any) -> str:
    """A token signed with the service's real key, carrying the claims given."""
    key = db.scalars(select(SigningKey).order_by(SigningKey.created_at.desc())).first()
    now = int(utcnow().timestamp())
    base = {
        "iss": "sos-reference",
        "aud": "sos-reference-api",
        "sub": "tester",
        "la_code": "990",
        "scope": "read write audit",
        "iat": now,
        "exp": now + 600,
    }
    return jwt.encode({**base, **claims}, key.private_pem, algorithm="ES256", headers={"kid": key.kid})


@pytest.mark.parametrize(
    "claims",
    [
        {"la_code": "990 "},
        {"la_code": "999"},
        {"la_code": 990},
        {"sub": "x" * 300},
        {"sub": 42},
        {"sub": "tab\there"},
        {"scope": ["read", "write"]},
        {"exp": "in ten minutes, as a string"},
        {"exp": True},
    ],
    ids=lambda c: json.dumps(c)[:40],
)
def test_malformed_claims_are_401_and_write_nothing(client, db, claims):
    if claims.get("exp") == "in ten minutes, as a string":
        claims = {"exp": str(int(utcnow().timestamp()) + 600)}
    token = forged(db, **claims)
    before = snapshot(db)
    for _ in range(2):  # the second use must fail the same way (nothing cached)
        response = client.post(
            "/v1/cases",
            json={"title": "Forged", "opened_on": "2025-01-01"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert_problem(response, 401, "unauthenticated")
        assert "invalid_token" in response.headers["www-authenticate"]
    assert snapshot(db) == before


def test_a_well_formed_forged_token_works(client, db):
    """The control: the same forging with good claims is accepted, so the refusals above are the claims'."""
    response = client.get("/v1/cases", headers={"Authorization": f"Bearer {forged(db)}"})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59"])
@pytest.mark.parametrize("path", ["/v1/people", "/v1/cases", "/v1/audit-events"])
def test_extreme_updated_since_is_422(api, path, moment):
    body = assert_problem(api.get(path, params={"updated_since": moment}), 422, "validation_failed")
    assert body["errors"][0]["pointer"] == "/updated_since"


def test_forged_cursor_with_a_naive_instant_is_422(api):
    cursor = base64.urlsafe_b64encode(json.dumps(["2025-01-01T00:00:00", str(utcnow())]).encode())
    response = api.get("/v1/cases", params={"cursor": cursor.decode().rstrip("=")})
    body = assert_problem(response, 422, "validation_failed")
    assert body["errors"][0]["pointer"] == "/cursor"


def test_nul_character_in_a_text_field_is_422_naming_it(api, db):
    before = snapshot(db)
    body = assert_problem(api.post("/v1/cases", {"title": "a\u0000b", "opened_on": "2025-01-01"}), 422)
    assert ("body", "/title") in {(e["location"], e["pointer"]) for e in body["errors"]}
    assert snapshot(db) == before


@pytest.mark.parametrize("character", ["\u0001", "\u0008", "\u000b", "\u000c", "\u001f", "\ufffe", "\uffff"])
def test_a_control_character_in_a_text_field_is_422_naming_it(api, db, character):
    """A character XML 1.0 cannot hold is refused at the door: kept, it would make the CIN census XML
    and the whiteboard SVG that print the text unreadable."""
    before = snapshot(db)
    body = assert_problem(api.post("/v1/cases", {"title": f"a{character}b", "opened_on": "2025-01-01"}), 422)
    error = next(e for e in body["errors"] if e["pointer"] == "/title")
    assert error["code"] == "control_character" and f"U+{ord(character):04X}" in error["detail"], error
    assert snapshot(db) == before


def test_a_control_character_in_an_amendment_is_422_naming_it(api):
    child = person(api)
    path = f"/v1/people/{child['id']}"
    response = api.patch(path, {"la_child_id": "EM\u0001X"}, headers={"If-Match": 'W/"1"'})
    assert assert_problem(response, 422)["errors"][0]["pointer"] == "/la_child_id"
    assert api.get(path).json()["version"] == 1


def test_tab_line_feed_and_carriage_return_are_kept(api):
    made = api.post("/v1/cases", {"title": "a\tb\r\nc", "opened_on": "2025-01-01"})
    assert made.status_code == 201, made.text
    assert made.json()["title"] == "a\tb\r\nc"


def test_nul_character_in_an_entered_in_error_reason_is_422(api):
    the_case = case(api)
    path = f"/v1/cases/{the_case['id']}/entered-in-error"
    response = api.post(path, {"reason": "wrong\u0000family"}, headers={"If-Match": 'W/"1"'})
    assert_problem(response, 422)
    assert api.get(f"/v1/cases/{the_case['id']}").json()["status"] == "active"


def test_nul_character_in_a_query_filter_is_422_naming_it(api):
    body = assert_problem(api.get("/v1/audit-events?request_id=a%00b"), 422, "validation_failed")
    assert body["errors"][0] == {
        "location": "query",
        "pointer": "/request_id",
        "detail": "contains U+0000",
        "code": "nul_character",
    }


@pytest.mark.parametrize("opened_on", [0, 20250101, "20250101", True])
def test_a_date_must_be_an_iso_string(api, db, opened_on):
    before = snapshot(db)
    body = assert_problem(api.post("/v1/cases", {"title": "Loose", "opened_on": opened_on}), 422)
    assert body["errors"][0]["pointer"] == "/opened_on"
    assert snapshot(db) == before


@pytest.mark.parametrize(
    "payload",
    [b"\xff\xfe{}", b"[" * 5000 + b"]" * 5000, b'{"title": "x", "opened_on": "2025-01-01"'],
    ids=["not-utf8", "nested-5000-deep", "truncated"],
)
def test_unreadable_bodies_are_422_problems(api, db, payload):
    before = snapshot(db)
    response = api.client.post(
        "/v1/cases", content=payload, headers=api.headers({"Content-Type": "application/json"})
    )
    body = assert_problem(response, 422, "validation_failed")
    assert body["errors"][0]["pointer"] == ""
    assert snapshot(db) == before


def test_options_lists_every_method_of_the_path(api):
    the_case = case(api)
    response = api.client.options(f"/v1/cases/{the_case['id']}")
    assert response.status_code == 204
    assert response.headers["allow"] == "GET, HEAD, OPTIONS, PATCH"


def test_options_of_no_path_is_404(client):
    assert_problem(client.options("/v1/no-such-thing"), 404)


def test_head_answers_as_get_without_a_body(api):
    the_case = case(api)
    response = api.client.head(f"/v1/cases/{the_case['id']}", headers=api.headers())
    assert response.status_code == 200 and response.content == b""
    assert response.headers["etag"] == 'W/"1"'


def test_delete_is_405_pointing_to_entered_in_error(api, db):
    the_case = case(api)
    before = snapshot(db)
    response = api.client.delete(f"/v1/cases/{the_case['id']}", headers=api.headers())
    body = assert_problem(response, 405, "method_not_allowed")
    assert response.headers["allow"] == "GET, HEAD, OPTIONS, PATCH"
    assert "entered-in-error" in body["detail"]
    assert snapshot(db) == before


def test_a_request_id_dated_past_the_last_day_python_holds_finds_nothing(api):
    """A UUID version 7 whose time lies beyond year 9999 is no request of ours: an empty page, not a
    500 (its time overflowed the date arithmetic)."""
    for far in ("ffffffff-ffff-7fff-bfff-ffffffffffff", "ebbbbbbb-ffff-7fff-bfff-ffffffffffff"):
        response = api.get("/v1/audit-events", params={"request_id": far})
        assert response.status_code == 200, response.text
        assert response.json()["items"] == []


def test_a_repeated_client_request_id_does_not_merge_two_requests(api, db):
    """The client's X-Request-ID is echoed and kept as the correlation id; each request has its own id."""
    first, second = case(api), case(api)
    for record in (first, second):
        response = api.get(f"/v1/cases/{record['id']}", headers={"X-Request-ID": "client-repeats-this"})
        assert response.headers["x-request-id"] == "client-repeats-this"
    db.expire_all()
    events = db.scalars(select(AuditEvent).where(AuditEvent.correlation_id == "client-repeats-this")).all()
    assert len(events) == 2 and len({e.request_id for e in events}) == 2
    listed = api.get("/v1/audit-events", params={"request_id": "client-repeats-this"}).json()["items"]
    assert {e["record_id"] for e in listed} == {first["id"], second["id"]}


@pytest.mark.parametrize("table", ["audit_events", "record_versions"])
@pytest.mark.parametrize("statement", ["UPDATE {table} SET la_code = '991'", "DELETE FROM {table}"])
def test_audit_events_and_history_are_append_only_in_the_database(api, observer_engine, table, statement):
    case(api)  # at least one row in each table
    with pytest.raises(Exception, match="append-only"), observer_engine.begin() as connection:
        connection.execute(text(statement.format(table=table)))
