"""Idempotency-Key on POST (SOS-HTTP-010)."""

from __future__ import annotations

import uuid

from service.models import Case
from tests.support import assert_problem, count


def test_same_key_same_body_replays_and_creates_one(api, db):
    key = str(uuid.uuid4())
    body = {"title": f"Idem {key[:6]}", "opened_on": "2025-01-14"}
    before = count(db, Case)
    first = api.post("/v1/cases", body, headers={"Idempotency-Key": key})
    second = api.post("/v1/cases", body, headers={"Idempotency-Key": key})
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second.headers["location"] == first.headers["location"]
    assert second.headers["idempotent-replayed"] == "true"
    assert count(db, Case) == before + 1


def test_same_key_other_body_is_422_and_creates_nothing(api, db):
    key = str(uuid.uuid4())
    assert (
        api.post(
            "/v1/cases", {"title": "A", "opened_on": "2025-01-14"}, headers={"Idempotency-Key": key}
        ).status_code
        == 201
    )
    before = count(db, Case)
    response = api.post(
        "/v1/cases", {"title": "B", "opened_on": "2025-01-14"}, headers={"Idempotency-Key": key}
    )
    body = assert_problem(response, 422)
    assert body["errors"][0]["code"] == "idempotency_key_reused"
    assert count(db, Case) == before


def test_keys_are_per_client(api, other_api):
    key = str(uuid.uuid4())
    body = {"title": "Shared key", "opened_on": "2025-01-14"}
    mine = api.post("/v1/cases", body, headers={"Idempotency-Key": key}).json()
    theirs = other_api.post("/v1/cases", body, headers={"Idempotency-Key": key}).json()
    assert mine["id"] != theirs["id"]


def test_without_a_key_each_post_creates(api, db):
    before = count(db, Case)
    body = {"title": "No key", "opened_on": "2025-01-14"}
    api.created("/v1/cases", body)
    api.created("/v1/cases", body)
    assert count(db, Case) == before + 2
