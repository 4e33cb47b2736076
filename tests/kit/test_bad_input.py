"""Bad input gets a 4xx problem naming the field or rule, and nothing is written
(SOS-HTTP-001, SOS-HTTP-004, SOS-REC-002, SOS-REC-003, SOS-REC-006, SOS-STAGE-001)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from service.models import AuditEvent, Case, Person, RecordVersion, StageTransition
from tests.support import assert_problem, case_with_child, count, move

TABLES = (Person, Case, StageTransition, RecordVersion, AuditEvent)


def snapshot(db: Any) -> dict[str, int]:
    return {model.__tablename__: count(db, model) for model in TABLES}


def _unknown_field(api):
    return api.post("/v1/people", {"given_name": "A", "family_name": "B", "sex": "1", "nickname": "x"})


def _wrong_type(api):
    return api.post("/v1/cases", {"title": "A", "opened_on": "not-a-date"})


def _unknown_code(api):
    return api.post("/v1/people", {"given_name": "A", "family_name": "B", "sex": "7"})


def _not_json(api):
    return api.client.post(
        "/v1/cases", content=b"{not json", headers=api.headers({"Content-Type": "application/json"})
    )


@pytest.mark.parametrize(
    ("make_request", "pointer", "code"),
    [
        (_unknown_field, "/nickname", "unknown_field"),
        (_wrong_type, "/opened_on", None),
        (_unknown_code, "/sex", "code_unknown"),
        (_not_json, "", None),
    ],
)
def test_invalid_bodies_are_422_naming_the_field(api, db, make_request: Callable[..., Any], pointer, code):
    before = snapshot(db)
    body = assert_problem(make_request(api), 422, "validation_failed")
    fields = {(e["location"], e["pointer"]) for e in body["errors"]}
    assert ("body", pointer) in fields, body
    if code:
        assert code in {e["code"] for e in body["errors"]}
    assert snapshot(db) == before


@pytest.mark.parametrize("sent", [[], "text", 5, None])
def test_a_body_that_is_not_an_object_is_named_by_the_empty_pointer(api, sent):
    """The whole body is ``""`` in JSON Pointer (RFC 6901); ``"/"`` would name a member called ""."""
    problem = assert_problem(api.client.post("/v1/people", json=sent, headers=api.headers()), 422)
    assert [e["pointer"] for e in problem["errors"]] == [""], problem


def test_unknown_code_names_its_list(api):
    body = assert_problem(_unknown_code(api), 422)
    assert body["errors"][0]["code_list"] == "sex"
    assert "sex" in body["errors"][0]["detail"]


def test_disallowed_transition_names_what_is_allowed(api, db):
    the_case, child = case_with_child(api)
    assert move(api, the_case["id"], child["id"], "EARLY_HELP").status_code == 201
    before = snapshot(db)
    grounds = {"lac_episode_id": str(uuid.uuid4())}  # given, so the helper reads and makes nothing first
    body = assert_problem(
        move(api, the_case["id"], child["id"], "LAC", grounds=grounds), 422, "rule_violated"
    )
    assert body["requirement"] == "SOS-STAGE-001"
    assert "EARLY_HELP -> CIN" in body["allowed"]
    assert body["errors"][0]["pointer"] == "/to_stage"
    assert snapshot(db) == before


def test_oversized_body_is_413(api, db):
    before = snapshot(db)
    response = api.post("/v1/cases", {"title": "x" * 300_000, "opened_on": "2025-01-01"})
    assert_problem(response, 413, "body_too_large")
    assert snapshot(db) == before


def test_chunked_oversized_body_is_413(api, db):
    before = snapshot(db)

    def chunks():
        yield b'{"title": "'
        for _ in range(40):
            yield b"x" * 10_000
        yield b'", "opened_on": "2025-01-01"}'

    response = api.client.post(
        "/v1/cases", content=chunks(), headers=api.headers({"Content-Type": "application/json"})
    )
    assert_problem(response, 413, "body_too_large")
    assert snapshot(db) == before


def test_wrong_content_type_is_415(api, db):
    before = snapshot(db)
    response = api.client.post(
        "/v1/cases",
        content=b"title=x",
        headers=api.headers({"Content-Type": "application/x-www-form-urlencoded"}),
    )
    assert_problem(response, 415, "unsupported_media_type")
    assert snapshot(db) == before


def test_unservable_accept_is_406(api):
    response = api.get("/v1/cases", headers={"Accept": "application/xml"})
    assert_problem(response, 406, "not_acceptable")


def test_a_media_type_an_operation_declares_is_acceptable_there(api):
    """The CIN census is declared as application/xml: asking for exactly that is served, while the
    same Accept on a JSON-only path is still 406."""
    response = api.get(
        "/v1/returns/cin-census", params={"year": "2025-26"}, headers={"Accept": "application/xml"}
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/xml")
    assert_problem(api.get("/v1/people", headers={"Accept": "application/xml"}), 406, "not_acceptable")


def test_unknown_route_and_method_are_problems(api):
    assert_problem(api.get("/v1/nothing-here"), 404)
    assert_problem(api.client.put("/v1/cases", json={}, headers=api.headers()), 405)


def test_limit_over_100_is_422(api):
    body = assert_problem(api.get("/v1/cases", params={"limit": 101}), 422)
    assert body["errors"][0] == {**body["errors"][0], "location": "query", "pointer": "/limit"}
