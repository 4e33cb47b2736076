"""HTTP hygiene for every request, with no database work (pure ASGI).

* **Request ids.** Every request gets its own id from the service (a UUIDv7), used in audit events
  and problem bodies. A safe ``X-Request-ID`` from the client is kept as the request's correlation id
  and echoed back; without one, the service's id is echoed. So audit events of two requests never
  share an id, even when a client repeats its own.
* **Security headers** on every response: ``X-Request-ID``, ``X-Content-Type-Options: nosniff``,
  ``Cache-Control: no-store`` on personal data, no ``Server`` banner; deprecation headers.
* **Rate limits** (:mod:`service.kit.ratelimit`): a client over its limit gets 429 with
  ``Retry-After`` before anything else is done.
* **Refusals before the app**: a body over the limit (413), a body that is not JSON (415), an
  ``Accept`` we cannot serve (406), a query string holding a NUL character (422).
* **Methods**: ``HEAD`` is answered as ``GET`` without the body; ``OPTIONS`` answers 204 with the
  path's ``Allow`` header (404 for a path that does not exist).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.kit.deprecation import STATE_KEY as DEPRECATION_STATE_KEY
from service.kit.errors import PROBLEM_MEDIA_TYPE
from service.kit.methods import allow_header
from service.kit.problem_types import type_uri
from service.kit.ratelimit import RateLimiter, client_key
from service.models.base import new_id

REQUEST_ID_HEADER = "x-request-id"
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,100}$")
JSON_TYPES = ("application/json", "application/merge-patch+json")
SERVABLE = (
    "application/json",
    "application/problem+json",
    "text/csv",
    "text/html",
    "image/svg+xml",
    "text/plain",
    "text/markdown",
)

AllowedMethods = Callable[[Scope], set[str]]
"""The methods the app answers on a request's path (empty when the path exists nowhere)."""
DeclaredMedia = Callable[[Scope], set[str]]
"""The media types the operations on a request's path declare for their answers (the contract's)."""


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _accepts(accept: str, servable: Iterable[str] = SERVABLE) -> bool:
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        params = part.split(";")[1:]
        if any(p.strip().replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000") for p in params):
            continue
        if media in ("*/*", "application/*", "text/*", "image/*") or media in servable:
            return True
    return False


class HttpHygieneMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        allowed_methods: AllowedMethods,
        declared_media: DeclaredMedia = lambda scope: set(),
        rate_limiter: RateLimiter | None = None,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.allowed_methods = allowed_methods
        self.declared_media = declared_media
        self.rate_limiter = rate_limiter or RateLimiter(0, 1)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = _header(scope, REQUEST_ID_HEADER.encode())
        request_id = str(new_id())
        correlation_id = given if given and _SAFE_REQUEST_ID.match(given) else None
        state = scope.setdefault("state", {})
        state["request_id"], state["correlation_id"] = request_id, correlation_id
        path: str = scope["path"]
        personal = path.startswith("/v1/") and not path.startswith(("/v1/capabilities", "/v1/reference-data"))
        head = scope["method"] == "HEAD"
        echoed = (correlation_id or request_id).encode()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"server"]
                headers.append((b"x-request-id", echoed))
                headers.append((b"x-content-type-options", b"nosniff"))
                if personal:
                    headers.append((b"cache-control", b"no-store"))
                for name, value in (scope["state"].get(DEPRECATION_STATE_KEY) or {}).items():
                    headers.append((name.lower().encode(), value.encode("latin-1")))
                message["headers"] = headers
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        if self.rate_limiter.enabled:
            client = scope.get("client")
            key = client_key(_header(scope, b"authorization"), client[0] if client else None)
            wait = self.rate_limiter.wait_for(key)
            if wait:
                await self._send_problem(
                    send_with_headers,
                    path,
                    request_id,
                    429,
                    "too_many_requests",
                    "Too many requests",
                    f"This client has sent more requests than its limit; try again in {wait} second(s).",
                    headers={"retry-after": str(wait)},
                )
                return
        if scope["method"] == "OPTIONS":
            await self._options(scope, send_with_headers, request_id)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            await self._send_problem(send_with_headers, path, request_id, *refusal)
            return
        if head:
            scope = {**scope, "method": "GET"}

        if scope["method"] in ("POST", "PUT", "PATCH") and _header(scope, b"content-length") is None:
            # A body of unknown length is read here, up to the limit, and handed on whole.
            buffered = await self._read_limited(receive)
            if buffered is None:
                await self._send_problem(send_with_headers, path, request_id, *self._too_large())
                return
            receive = _replay(buffered, receive)

        await self.app(scope, receive, send_with_headers)

    async def _options(self, scope: Scope, send: Send, request_id: str) -> None:
        methods = self.allowed_methods(scope)
        if not methods:
            await self._send_problem(
                send, scope["path"], request_id, 404, "not_found", "Not found", "No such resource."
            )
            return
        await send(
            {
                "type": "http.response.start",
                "status": 204,
                "headers": [(b"allow", allow_header(methods).encode())],
            }
        )
        await send({"type": "http.response.body", "body": b""})

    def _too_large(self) -> tuple[int, str, str, str, list[dict[str, Any]] | None]:
        return (
            413,
            "body_too_large",
            "Request body too large",
            f"The request body is larger than {self.max_body_bytes} bytes.",
            None,
        )

    async def _read_limited(self, receive: Receive) -> bytes | None:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return b"".join(chunks)
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    def _refusal(self, scope: Scope) -> tuple[int, str, str, str, list[dict[str, Any]] | None] | None:
        accept = _header(scope, b"accept")
        # The common answers first; only an Accept none of them meets looks up what the path declares.
        if accept and not _accepts(accept) and not _accepts(accept, self.declared_media(scope)):
            return (
                406,
                "not_acceptable",
                "Not acceptable",
                f"This service answers with JSON (application/json, application/problem+json), not {accept}.",
                None,
            )
        nul = _nul_in_query(scope.get("query_string", b""))
        if nul is not None:
            return (
                422,
                "validation_failed",
                "The request is not valid",
                f"The query parameter {nul} holds a NUL character (U+0000), which no field may contain.",
                [
                    {
                        "location": "query",
                        "pointer": f"/{nul}",
                        "detail": "contains U+0000",
                        "code": "nul_character",
                    }
                ],
            )
        if scope["method"] in ("POST", "PUT", "PATCH"):
            length = _header(scope, b"content-length")
            if length is not None and length.isdigit() and int(length) > self.max_body_bytes:
                return self._too_large()
            has_body = (length is not None and length != "0") or _header(
                scope, b"transfer-encoding"
            ) is not None
            media = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
            if has_body and media not in JSON_TYPES:
                return (
                    415,
                    "unsupported_media_type",
                    "Unsupported media type",
                    f"Send the body as application/json, not {media or 'no Content-Type'}.",
                    None,
                )
        return None

    @staticmethod
    async def _send_problem(
        send: Send,
        path: str,
        request_id: str,
        status: int,
        code: str,
        title: str,
        detail: str,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        body: dict[str, Any] = {
            "type": type_uri(code),
            "title": title,
            "status": status,
            "detail": detail,
            "instance": path,
            "code": code,
            "request_id": request_id,
        }
        if errors:
            body["errors"] = errors
        payload = json.dumps(body).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
                    (b"content-length", str(len(payload)).encode()),
                    *((k.encode(), v.encode()) for k, v in (headers or {}).items()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})


def _nul_in_query(query_string: bytes) -> str | None:
    """The first query parameter whose name or value holds U+0000, if any."""
    if b"%00" not in query_string.lower() and b"\x00" not in query_string:
        return None
    for name, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if "\x00" in name or "\x00" in value:
            return name.replace("\x00", "") or "(unnamed)"
    return "(unnamed)"


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed
