"""``Idempotency-Key`` on POST (IETF httpapi draft): a retry replays the first response.

The guard is worked out before the unit of work (the key and a hash of the request, no database);
inside the unit, :meth:`IdempotencyGuard.replay` looks the key up and :meth:`IdempotencyGuard.remember`
stores the response in the same transaction as the record it created, under a unique constraint. So
two racing requests with one key can never both commit: the loser is rolled back and answered 409,
and a later retry finds the row and gets the stored response back.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import cast

from fastapi import Request, Response
from sqlalchemy import Table
from sqlalchemy.orm import Session

from service.kit.auth import Caller
from service.kit.driver_rows import first_row, insert_rows
from service.kit.errors import ValidationFailed, field_error
from service.models import IdempotencyKey
from service.models.base import new_id, utcnow

HEADER = "Idempotency-Key"
_KEYS = cast(Table, IdempotencyKey.__table__)
_ANSWER = ("request_hash", "status_code", "response_headers", "response_body")


@dataclass(frozen=True)
class Stored:
    """A response as sent, kept so that a retry gets the same."""

    status: int
    headers: dict[str, str]
    body: str

    def response(self, replayed: bool = False) -> Response:
        headers = {**self.headers, "Idempotent-Replayed": "true"} if replayed else self.headers
        return Response(self.body, status_code=self.status, headers=headers, media_type="application/json")


@dataclass(frozen=True)
class IdempotencyGuard:
    key: str | None
    request_hash: str
    la_code: str
    actor: str

    def replay(self, session: Session) -> Stored | None:
        """The stored first response for this key, if there is one (422 if the key came with another body)."""
        if self.key is None:
            return None
        where = {"la_code": self.la_code, "actor": self.actor, "key": self.key}
        row = first_row(session.connection(), _KEYS, _ANSWER, where)
        if row is None:
            return None
        request_hash, status, headers, body = row
        if request_hash != self.request_hash:
            raise ValidationFailed(
                "This Idempotency-Key was used with a different request; use a new key for a new request.",
                errors=[
                    field_error(
                        f"/{HEADER}", "reused with another body", "idempotency_key_reused", location="header"
                    )
                ],
            )
        return Stored(status or 200, dict(headers or {}), body or "")

    def remember(self, session: Session, stored: Stored) -> None:
        if self.key is None:
            return
        answer = {
            "status_code": stored.status,
            "response_headers": stored.headers,
            "response_body": stored.body,
        }
        row = {
            "id": new_id(),
            "created_at": utcnow(),
            "state": "done",
            "key": self.key,
            "request_hash": self.request_hash,
            "la_code": self.la_code,
            "actor": self.actor,
            **answer,
        }
        insert_rows(session.connection(), _KEYS, [row])


async def idempotency_guard(request: Request, caller: Caller) -> IdempotencyGuard:
    """The guard of a POST, called first in its endpoint, once the caller is known (a plain call, not
    a FastAPI dependency: each dependency is resolved again on every request, with the caller's
    own, and a create's dependencies were half of its time on the event loop)."""
    key = request.headers.get(HEADER)
    if key is not None and not 1 <= len(key) <= 255:
        raise ValidationFailed(
            "Idempotency-Key must be 1 to 255 characters.",
            errors=[field_error(f"/{HEADER}", "1 to 255 characters", "invalid_length", location="header")],
        )
    body = await request.body()
    # The route's path as matched (``request.url.path`` is the same text for every path a create's
    # route matches, but builds a whole URL first).
    digest = hashlib.sha256(f"{request.method} {request.scope['path']}\n".encode() + body).hexdigest()
    return IdempotencyGuard(key, digest, caller.la_code, caller.subject)
