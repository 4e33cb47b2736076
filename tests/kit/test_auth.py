"""Bearer tokens: 401 without or with a bad one, 403 without the scope (SOS-AUTH-001, SOS-AUTH-002)."""

from __future__ import annotations

from datetime import timedelta

from service.db import get_sessionmaker
from service.kit.auth import mint_token
from tests.support import assert_problem, case


def test_no_token_is_401_with_challenge(client):
    response = client.get("/v1/cases")
    body = assert_problem(response, 401, "unauthenticated")
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert "token" in body["detail"].lower()


def test_garbage_and_expired_tokens_are_401(client, migrated):
    with get_sessionmaker()() as session, session.begin():
        expired = mint_token(session, la_code="990", scopes=["read"], lifetime=timedelta(seconds=-10))
    for token in ("not-a-jwt", expired, expired[:-4] + "AAAA"):
        response = client.get("/v1/cases", headers={"Authorization": f"Bearer {token}"})
        assert_problem(response, 401, "unauthenticated")
        assert "invalid_token" in response.headers["www-authenticate"]


def test_valid_token_lists_cases(api):
    assert api.get("/v1/cases").status_code == 200


def test_read_only_token_cannot_write(reader_api):
    response = reader_api.post("/v1/cases", {"title": "x", "opened_on": "2025-01-01"})
    body = assert_problem(response, 403, "insufficient_scope")
    assert "write" in body["detail"]


def test_audit_needs_the_audit_scope(client, tokens):
    response = client.get("/v1/audit-events", headers={"Authorization": f"Bearer {tokens['no_audit']}"})
    assert_problem(response, 403, "insufficient_scope")


def test_token_of_unknown_key_is_refused(client, api):
    the_case = case(api)
    header, payload, _sig = api.token.split(".")
    forged = f"{header}.{payload}.c2lnbmF0dXJl"
    response = client.get(f"/v1/cases/{the_case['id']}", headers={"Authorization": f"Bearer {forged}"})
    assert_problem(response, 401)
