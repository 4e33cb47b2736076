"""OAuth 2.0 bearer tokens (JWT): the embedded issuer, verification and the caller dependency.

The embedded issuer signs with an ES256 key created at migration time and kept in the database,
so every service process verifies the same way. A production deployment sets
``SOS_JWT_PUBLIC_KEY_FILE`` to its identity provider's public key and never mints tokens here.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Annotated, Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi import Depends, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.config import get_settings
from service.kit.errors import Forbidden, Unauthenticated
from service.kit.work import run_unit
from service.models import SigningKey
from service.models.base import utcnow

ALGORITHM = "ES256"
LA_CLAIM = "la_code"


class Scope(StrEnum):
    READ = "read"
    WRITE = "write"
    AUDIT = "audit"
    ADMIN = "admin"


@dataclass(frozen=True)
class Caller:
    """Who is calling and for which local authority; every query is filtered by ``la_code``."""

    subject: str
    la_code: str
    scopes: frozenset[str]
    request_id: str


def ensure_signing_key(session: Session) -> SigningKey:
    key = session.scalars(select(SigningKey).order_by(SigningKey.created_at.desc()).limit(1)).first()
    if key is not None:
        return key
    private = ec.generate_private_key(ec.SECP256R1())
    key = SigningKey(
        kid=secrets.token_hex(8),
        algorithm=ALGORITHM,
        private_pem=private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode(),
        public_pem=private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode(),
    )
    session.add(key)
    session.flush()
    return key


def mint_token(
    session: Session,
    *,
    la_code: str,
    scopes: list[str],
    subject: str | None = None,
    lifetime: timedelta | None = None,
) -> str:
    settings = get_settings()
    key = ensure_signing_key(session)
    now = utcnow()
    claims = {
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "sub": subject or f"demo-client-{la_code}",
        LA_CLAIM: la_code,
        "scope": " ".join(scopes),
        "iat": int(now.timestamp()),
        "exp": int((now + (lifetime or timedelta(minutes=settings.token_lifetime_minutes))).timestamp()),
        "jti": str(uuid.uuid4()),
    }
    return jwt.encode(claims, key.private_pem, algorithm=ALGORITHM, headers={"kid": key.kid})


# Public keys by key id, loaded once per process (a pure cache: the keys live in the database or in
# SOS_JWT_PUBLIC_KEY_FILE, shared by every process).
_KEYS: dict[str | None, str] = {}


def load_public_key(session: Session, kid: str | None) -> None:
    """Load the key that verifies tokens signed with ``kid`` (no-op when unknown: the token is refused)."""
    settings = get_settings()
    if settings.jwt_public_key_file is not None:
        _KEYS[kid] = settings.jwt_public_key_file.read_text()
        return
    query = select(SigningKey.public_pem)
    if kid:
        query = query.where(SigningKey.kid == kid)
    pem = session.scalars(query.order_by(SigningKey.created_at.desc()).limit(1)).first()
    if pem is not None:
        _KEYS[kid] = pem


def _challenge(error: str, description: str) -> dict[str, str]:
    return {
        "WWW-Authenticate": f'Bearer realm="sos-reference", error="{error}", '
        f'error_description="{description}"'
    }


def _signing_key_id(token: str) -> str | None:
    try:
        kid = jwt.get_unverified_header(token).get("kid")
    except jwt.InvalidTokenError:
        return None
    return kid if isinstance(kid, str) else None


def verify_token(token: str) -> dict[str, Any]:
    settings = get_settings()
    try:
        key = _KEYS.get(_signing_key_id(token))
        if key is None:
            raise jwt.InvalidTokenError("unknown signing key")
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            options={"require": ["exp", "iss", "aud", "sub"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise Unauthenticated(
            "The token has expired.", headers=_challenge("invalid_token", "expired")
        ) from exc
    except jwt.InvalidTokenError as exc:
        raise Unauthenticated(
            "The bearer token is not valid.", headers=_challenge("invalid_token", "not valid")
        ) from exc
    if not isinstance(claims.get(LA_CLAIM), str):
        raise Unauthenticated(
            f"The token names no local authority ({LA_CLAIM} claim).",
            headers=_challenge("invalid_token", "no local authority"),
        )
    return claims


# Verified tokens, kept until they expire: checking an ES256 signature on every request is the
# largest fixed cost of an audited read. A per-process cache of a pure function; nothing shared.
_VERIFIED: dict[str, dict[str, Any]] = {}
_VERIFIED_MAX = 10_000


def _verified_claims(token: str) -> dict[str, Any]:
    claims = _VERIFIED.get(token)
    if claims is not None and claims["exp"] > utcnow().timestamp():
        return claims
    claims = verify_token(token)
    if len(_VERIFIED) >= _VERIFIED_MAX:
        _VERIFIED.clear()
    _VERIFIED[token] = claims
    return claims


async def authenticate(request: Request) -> Caller:
    """Async on purpose: CPU only, except loading a signing key the first time it is seen (one unit)."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthenticated(
            "Send an OAuth 2.0 bearer token: Authorization: Bearer <token>.",
            headers={"WWW-Authenticate": 'Bearer realm="sos-reference"'},
        )
    token = token.strip()
    if token not in _VERIFIED:
        kid = _signing_key_id(token)
        if kid not in _KEYS:
            await run_unit(request, lambda session: load_public_key(session, kid))
    claims = _verified_claims(token)
    return Caller(
        subject=str(claims["sub"]),
        la_code=claims[LA_CLAIM],
        scopes=frozenset(str(claims.get("scope", "")).split()),
        request_id=request.state.request_id,
    )


def require(scope: Scope) -> Any:
    async def dependency(caller: Annotated[Caller, Depends(authenticate)]) -> Caller:
        if scope.value not in caller.scopes:
            raise Forbidden(
                f"This operation needs the '{scope.value}' scope.",
                headers={
                    "WWW-Authenticate": f'Bearer realm="sos-reference", error="insufficient_scope", '
                    f'scope="{scope.value}"'
                },
            )
        return caller

    return Depends(dependency)


Reader = Annotated[Caller, require(Scope.READ)]
Writer = Annotated[Caller, require(Scope.WRITE)]
Auditor = Annotated[Caller, require(Scope.AUDIT)]
Admin = Annotated[Caller, require(Scope.ADMIN)]
