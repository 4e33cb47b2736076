"""Configuration checks, run before any conformance check: the three tokens act for the authorities
and scopes they should. A wrong setup is the tester's to fix (exit 2, a message saying what to do),
never a verdict on the system under test.

The contract declares the bearer token a JWT with the claims ``la_code`` and ``scope``; the suite reads
them (without verifying: the system does that) to tell which authority and scopes a token was given.
A token whose claims cannot be read is judged by behaviour: a write with an empty body is 403 without
the write scope and 422 with it.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

BEARER = "bearer "


class ConfigError(Exception):
    pass


@dataclass
class Tokens:
    token: str
    other: str | None
    reader: str | None
    notes: list[str]


def without_bearer(flag: str, token: str | None, notes: list[str]) -> str | None:
    """The token alone: a pasted ``Bearer `` prefix is removed, and the run says so."""
    if token is None:
        return None
    token = token.strip()
    if token.lower().startswith(BEARER):
        notes.append(f"{flag} began with 'Bearer ': the suite sends that prefix itself, so it was removed")
        token = token[len(BEARER) :].strip()
    return token or None


def claims(token: str) -> dict[str, Any] | None:
    """The JWT's claims, unverified; None for a token that is not a JWT."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        padded = parts[1] + "=" * (-len(parts[1]) % 4)
        found = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error):
        return None
    return found if isinstance(found, dict) else None


def scopes(token: str) -> set[str] | None:
    """The scopes the token's ``scope`` claim grants; None when it cannot be read."""
    found = claims(token)
    value = found.get("scope") if found else None
    return set(value.split()) if isinstance(value, str) else None


def _lacks_write(send: Get, token: str) -> bool:
    """The token was not given the write scope: by its claim when it has one (a system that ignores
    scopes is then the system's failure, not the setup's), else by behaviour."""
    granted = scopes(token)
    return "write" not in granted if granted is not None else not _can_write(send, token)


def authority(token: str) -> str | None:
    found = claims(token)
    value = found.get("la_code") if found else None
    return str(value) if value is not None else None


Get = Callable[[str, str, str], httpx.Response]  # (method, path, token) -> response


def _can_write(send: Get, token: str) -> bool:
    """POST /v1/cases with an empty body: 403 without the write scope, 422 (invalid body) with it."""
    return send("POST", "/v1/cases", token).status_code != 403


def check_tokens(tokens: Tokens, send: Get, claimed: set[str]) -> None:
    """Raise :class:`ConfigError` naming what to fix when a token is not what its option says."""
    for flag, token in (
        ("--token", tokens.token),
        ("--other-token", tokens.other),
        ("--read-only-token", tokens.reader),
    ):
        if token is None:
            continue
        answer = send("GET", "/v1/cases?limit=1", token)
        status = answer.status_code
        media = answer.headers.get("content-type", "").split(";")[0].strip().lower()
        if status == 200 and media != "application/json":
            raise ConfigError(
                f"GET /v1/cases?limit=1 with {flag} answered 200 {media or 'with no Content-Type'}, not a "
                "JSON page: is --base-url the API's own address (not a sign-in page or a gateway's)?"
            )
        if status == 401:
            raise ConfigError(
                f"the system refuses {flag} (HTTP 401 on GET /v1/cases?limit=1): "
                "mint a fresh token for the right issuer and audience"
            )
        if status == 403:
            raise ConfigError(
                f"{flag} cannot read (HTTP 403 on GET /v1/cases): it needs at least the read scope"
            )
    if _lacks_write(send, tokens.token):
        raise ConfigError(
            "--token cannot write (HTTP 403 on POST /v1/cases): it looks like a read-only token. "
            "--token needs the read, write and audit scopes; pass a read-only token as --read-only-token"
        )
    granted = scopes(tokens.token)
    no_audit = "audit" not in granted if granted is not None else None
    if no_audit is None and "audit" in claimed:
        no_audit = send("GET", "/v1/audit-events?limit=1", tokens.token).status_code == 403
    if no_audit and "audit" in claimed:
        raise ConfigError(
            "--token lacks the audit scope (HTTP 403 on GET /v1/audit-events): give it read, write and audit"
        )
    main = authority(tokens.token)
    if tokens.other is not None:
        other = authority(tokens.other)
        if main is not None and other == main:
            raise ConfigError(
                f"--other-token acts for the same authority as --token (la_code {main}); the tenancy "
                "checks need a token of a different authority"
            )
        if _lacks_write(send, tokens.other):
            raise ConfigError(
                "--other-token cannot write (HTTP 403 on POST /v1/cases); the tenancy checks make records "
                "as the other authority: give it the read and write scopes"
            )
    if tokens.reader is not None:
        reader = authority(tokens.reader)
        if main is not None and reader is not None and reader != main:
            raise ConfigError(
                f"--read-only-token acts for authority {reader}, --token for {main}; the scope checks need "
                "a read-only token of the same authority as --token"
            )
        if not _lacks_write(send, tokens.reader):
            raise ConfigError(
                "--read-only-token can write (POST /v1/cases was not 403): "
                "give a token with only the read scope"
            )
