"""OAuth 2.0 bearer tokens (JWT): the embedded issuer, verification and the caller dependency.

The embedded issuer signs with an ES256 key created at migration time and kept in the database,
so every service process verifies the same way. A production deployment sets
``SOS_JWT_PUBLIC_KEY_FILE`` to its identity provider's public key and never mints tokens here.
"""

from __future__ import annotations

import re
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
from service.models import LocalAuthority, SigningKey
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
    """The service's own id for the request: unique, whatever the client sent."""
    correlation_id: str | None = None
    """The client's X-Request-ID, if it sent a safe one."""


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


def _unknown_key(kid: str | None) -> Unauthenticated:
    """A token signed with a key this service does not hold: say so, and how to get one that works."""
    if get_settings().jwt_public_key_file is not None:
        how = "it must be signed by the issuer whose key SOS_JWT_PUBLIC_KEY_FILE names"
    else:
        how = (
            "mint tokens with `sos-reference token` run with this server's DATABASE_URL (the signing key "
            "is kept in the server's database, so a token minted against another database is refused)"
        )
    return Unauthenticated(
        f"The bearer token is signed with a key this service does not know (key id {kid or 'none'}): {how}.",
        headers=_challenge("invalid_token", "unknown signing key"),
    )


# What went wrong with a token, by PyJWT's error, in words (never the token or its claims' values).
_TOKEN_FAULTS: tuple[tuple[type[Exception], str], ...] = (
    (jwt.InvalidAudienceError, "it is for another audience (this service takes aud {audience})"),
    (jwt.InvalidIssuerError, "it is from another issuer (this service takes iss {issuer})"),
    (jwt.InvalidSignatureError, "its signature does not verify"),
    (jwt.MissingRequiredClaimError, "it lacks a required claim (exp, iss, aud and sub are required)"),
    (jwt.ImmatureSignatureError, "it is not valid yet (nbf or iat in the future)"),
    (jwt.InvalidAlgorithmError, "it is not signed with ES256"),
    (jwt.DecodeError, "it is not a JWT"),
)


def verify_token(token: str) -> dict[str, Any]:
    settings = get_settings()
    try:
        jwt.get_unverified_header(token)
    except jwt.InvalidTokenError as exc:
        raise Unauthenticated(
            "The bearer token is not valid: it is not a JWT.",
            headers=_challenge("invalid_token", "not valid"),
        ) from exc
    kid = _signing_key_id(token)
    key = _KEYS.get(kid)
    if key is None:
        raise _unknown_key(kid)
    try:
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
        fault = next((text for kind, text in _TOKEN_FAULTS if isinstance(exc, kind)), "")
        detail = fault.format(audience=settings.jwt_audience, issuer=settings.jwt_issuer)
        raise Unauthenticated(
            f"The bearer token is not valid{': ' + detail if detail else ''}.",
            headers=_challenge("invalid_token", "not valid"),
        ) from exc
    problem = _claims_problem(claims)
    if problem is not None:
        raise Unauthenticated(
            f"The bearer token is not valid: {problem}.", headers=_challenge("invalid_token", problem)
        )
    return claims


_SUBJECT = re.compile(r"^[^\x00-\x1f\x7f]{1,200}$")
_LA_CODE = re.compile(r"^[0-9]{3}$")


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _claims_problem(claims: dict[str, Any]) -> str | None:
    """What is wrong with a signed token's claims, if anything: every claim is checked for its type and
    length, so nothing malformed reaches a query, an audit event or the token cache."""
    if not isinstance(claims.get("sub"), str) or not _SUBJECT.match(claims["sub"]):
        return "sub must be a string of 1 to 200 printable characters"
    if not isinstance(claims.get(LA_CLAIM), str) or not _LA_CODE.match(claims[LA_CLAIM]):
        return f"{LA_CLAIM} must be a three-digit local authority code"
    if not isinstance(claims.get("scope", ""), str) or len(claims.get("scope", "")) > 1000:
        return "scope must be a space-separated string"
    for name in ("exp", "iat", "nbf"):
        if name in claims and not _number(claims[name]):
            return f"{name} must be a number (seconds since the epoch)"
    return None


# The local authorities that exist, loaded on first sight of a code (a pure cache of a table that
# only migrations and bootstrap change).
_AUTHORITIES: set[str] = set()


def load_authorities(session: Session) -> None:
    _AUTHORITIES.update(session.scalars(select(LocalAuthority.code)))


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
    if claims[LA_CLAIM] not in _AUTHORITIES:
        await run_unit(request, load_authorities)
        if claims[LA_CLAIM] not in _AUTHORITIES:
            raise Unauthenticated(
                f"The token's local authority {claims[LA_CLAIM]} is not one this service knows.",
                headers=_challenge("invalid_token", "unknown local authority"),
            )
    return Caller(
        subject=claims["sub"],
        la_code=claims[LA_CLAIM],
        scopes=frozenset(claims.get("scope", "").split()),
        request_id=request.state.request_id,
        correlation_id=request.state.correlation_id,
    )


def require(*scopes: Scope) -> Any:
    """A dependency giving the authenticated caller, refusing one without any of ``scopes`` (403).
    One dependency, not two, so FastAPI resolves a single function per request."""
    named = " ".join(scope.value for scope in scopes)
    said = " or ".join(f"'{scope.value}'" for scope in scopes)

    async def dependency(request: Request) -> Caller:
        caller = await authenticate(request)
        if not any(scope.value in caller.scopes for scope in scopes):
            raise Forbidden(
                f"This operation needs the {said} scope.",
                headers={
                    "WWW-Authenticate": f'Bearer realm="sos-reference", error="insufficient_scope", '
                    f'scope="{named}"'
                },
            )
        return caller

    return Depends(dependency)


Reader = Annotated[Caller, require(Scope.READ)]
Writer = Annotated[Caller, require(Scope.WRITE)]
Auditor = Annotated[Caller, require(Scope.AUDIT)]
Admin = Annotated[Caller, require(Scope.ADMIN)]
AdminOrAuditor = Annotated[Caller, require(Scope.ADMIN, Scope.AUDIT)]
