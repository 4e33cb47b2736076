"""``Idempotency-Key`` on POST (IETF httpapi draft): a retry replays the first response.

The key's row is inserted in the same transaction as the record it created, under a unique
constraint, so two racing requests with one key can never both commit: the loser is rolled back
and answered 409. A later retry finds the row and gets the stored response back.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from pydantic import BaseModel
from sqlalchemy import select

from service.db import SessionDep
from service.kit.auth import Writer
from service.kit.errors import ValidationFailed, field_error
from service.kit.legacy_records import etag
from service.models import IdempotencyKey

HEADER = "Idempotency-Key"


class IdempotentReplay(Exception):
    """Raised to answer a retry with the stored first response (copied out of the row now, since the
    request's session is rolled back before the handler runs)."""

    def __init__(self, row: IdempotencyKey) -> None:
        self.status = row.status_code or 200
        self.headers = {**(row.response_headers or {}), "Idempotent-Replayed": "true"}
        self.body = row.response_body or ""

    def response(self) -> Response:
        return Response(
            self.body, status_code=self.status, headers=self.headers, media_type="application/json"
        )


@dataclass
class IdempotencyGuard:
    key: str | None
    request_hash: str
    caller_la: str
    caller_subject: str

    def remember(self, session: Any, status: int, body: BaseModel, headers: dict[str, str]) -> None:
        if self.key is None:
            return
        session.add(
            IdempotencyKey(
                la_code=self.caller_la,
                actor=self.caller_subject,
                key=self.key,
                request_hash=self.request_hash,
                state="done",
                status_code=status,
                response_headers=headers,
                response_body=body.model_dump_json(),
            )
        )


async def _raw_body(request: Request) -> bytes:
    return await request.body()


def idempotency_guard(
    request: Request, body: Annotated[bytes, Depends(_raw_body)], session: SessionDep, caller: Writer
) -> IdempotencyGuard:
    """Sync on purpose: database work never runs on the event loop."""
    key = request.headers.get(HEADER)
    digest = hashlib.sha256(f"{request.method} {request.url.path}\n".encode() + body).hexdigest()
    if key is not None:
        if not 1 <= len(key) <= 255:
            raise ValidationFailed(
                "Idempotency-Key must be 1 to 255 characters.",
                errors=[
                    field_error(f"/{HEADER}", "1 to 255 characters", "invalid_length", location="header")
                ],
            )
        existing = session.scalars(
            select(IdempotencyKey).where(
                IdempotencyKey.la_code == caller.la_code,
                IdempotencyKey.actor == caller.subject,
                IdempotencyKey.key == key,
            )
        ).first()
        if existing is not None:
            if existing.request_hash != digest:
                raise ValidationFailed(
                    "This Idempotency-Key was used with a different request; "
                    "use a new key for a new request.",
                    errors=[
                        field_error(
                            f"/{HEADER}",
                            "reused with another body",
                            "idempotency_key_reused",
                            location="header",
                        )
                    ],
                )
            raise IdempotentReplay(existing)
    return IdempotencyGuard(key, digest, caller.la_code, caller.subject)


Idempotency = Annotated[IdempotencyGuard, Depends(idempotency_guard)]


def created(
    session: Any,
    guard: IdempotencyGuard,
    response: Response,
    body: BaseModel,
    *,
    version: int,
    location: str,
) -> None:
    """Finish a create: ETag and Location headers, and the replayable copy for the key."""
    headers = {"ETag": etag(version), "Location": location}
    response.status_code = 201
    response.headers.update(headers)
    guard.remember(session, 201, body, headers)


def replay_handler(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, IdempotentReplay)
    return exc.response()
