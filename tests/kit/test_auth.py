"""Bearer tokens: 401 without or with a bad one, 403 without the scope (SOS-AUTH-001, SOS-AUTH-002)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from service.db import get_sessionmaker
from service.kit.auth import _signing_key_id, mint_token
from service.models import SigningKey
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


def test_a_token_minted_against_another_database_says_why_it_is_refused(client, api):
    """The embedded issuer's key lives in the database: a token minted against another database (the
    default SQLite file, say) is refused, and the 401 says how to mint one that works."""
    other_key = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    claims = jwt.decode(api.token, options={"verify_signature": False})
    token = jwt.encode(
        claims, other_key, algorithm="ES256", headers={"kid": f"elsewhere-{uuid.uuid4().hex[:6]}"}
    )
    response = client.get("/v1/cases", headers={"Authorization": f"Bearer {token}"})
    body = assert_problem(response, 401, "unauthenticated")
    assert "signed with a key this service does not know" in body["detail"]
    assert "DATABASE_URL" in body["detail"] and "sos-reference token" in body["detail"]
    assert 'error_description="unknown signing key"' in response.headers["www-authenticate"]


def test_a_token_for_another_audience_says_so(client, api):
    with get_sessionmaker()() as session, session.begin():
        token = mint_token(session, la_code="990", scopes=["read"])

    # the same claims signed with the service's own key, for another audience
    with get_sessionmaker()() as session:
        private = session.query(SigningKey).filter_by(kid=_signing_key_id(token)).one().private_pem
    claims = {**jwt.decode(token, options={"verify_signature": False}), "aud": "someone-else"}
    other = jwt.encode(claims, private, algorithm="ES256", headers={"kid": _signing_key_id(token)})
    body = assert_problem(client.get("/v1/cases", headers={"Authorization": f"Bearer {other}"}), 401)
    assert "another audience" in body["detail"] and "sos-reference-api" in body["detail"], body


def test_garbage_is_not_a_jwt(client):
    body = assert_problem(client.get("/v1/cases", headers={"Authorization": "Bearer not-a-jwt"}), 401)
    assert body["detail"] == "The bearer token is not valid: it is not a JWT."
