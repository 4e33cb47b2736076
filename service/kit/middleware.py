"""HTTP hygiene for every request, with no database work: request id, security headers,
body size (413), request media type (415) and response media type (406)."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.kit.deprecation import STATE_KEY as DEPRECATION_STATE_KEY
from service.kit.errors import PROBLEM_MEDIA_TYPE, PROBLEM_TYPE_BASE

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


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _accepts(accept: str) -> bool:
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        params = part.split(";")[1:]
        if any(p.strip().replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000") for p in params):
            continue
        if media in ("*/*", "application/*", "text/*", "image/*") or media in SERVABLE:
            return True
    return False


class HttpHygieneMiddleware:
    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = _header(scope, REQUEST_ID_HEADER.encode())
        request_id = given if given and _SAFE_REQUEST_ID.match(given) else str(uuid.uuid4())
        scope.setdefault("state", {})["request_id"] = request_id
        path: str = scope["path"]
        personal = path.startswith("/v1/") and not path.startswith(("/v1/capabilities", "/v1/reference-data"))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"server"]
                headers.append((b"x-request-id", request_id.encode()))
                headers.append((b"x-content-type-options", b"nosniff"))
                if personal:
                    headers.append((b"cache-control", b"no-store"))
                for name, value in (scope["state"].get(DEPRECATION_STATE_KEY) or {}).items():
                    headers.append((name.lower().encode(), value.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        refusal = self._refusal(scope)
        if refusal is not None:
            await self._send_problem(send_with_headers, path, request_id, *refusal)
            return

        if scope["method"] in ("POST", "PUT", "PATCH") and _header(scope, b"content-length") is None:
            # A body of unknown length is read here, up to the limit, and handed on whole.
            buffered = await self._read_limited(receive)
            if buffered is None:
                await self._send_problem(
                    send_with_headers,
                    path,
                    request_id,
                    413,
                    "body_too_large",
                    "Request body too large",
                    f"The request body is larger than {self.max_body_bytes} bytes.",
                )
                return
            receive = _replay(buffered, receive)

        await self.app(scope, receive, send_with_headers)

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

    def _refusal(self, scope: Scope) -> tuple[int, str, str, str] | None:
        accept = _header(scope, b"accept")
        if accept and not _accepts(accept):
            return (
                406,
                "not_acceptable",
                "Not acceptable",
                (
                    f"This service answers with JSON (application/json, application/problem+json), "
                    f"not {accept}."
                ),
            )
        if scope["method"] in ("POST", "PUT", "PATCH"):
            length = _header(scope, b"content-length")
            if length is not None and length.isdigit() and int(length) > self.max_body_bytes:
                return (
                    413,
                    "body_too_large",
                    "Request body too large",
                    (f"The request body is larger than {self.max_body_bytes} bytes."),
                )
            has_body = (length is not None and length != "0") or _header(
                scope, b"transfer-encoding"
            ) is not None
            media = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
            if has_body and media not in JSON_TYPES:
                return (
                    415,
                    "unsupported_media_type",
                    "Unsupported media type",
                    (f"Send the body as application/json, not {media or 'no Content-Type'}."),
                )
        return None

    @staticmethod
    async def _send_problem(
        send: Send, path: str, request_id: str, status: int, code: str, title: str, detail: str
    ) -> None:
        body: dict[str, Any] = {
            "type": PROBLEM_TYPE_BASE + code.replace("_", "-"),
            "title": title,
            "status": status,
            "detail": detail,
            "instance": path,
            "code": code,
            "request_id": request_id,
        }
        payload = json.dumps(body).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
                    (b"content-length", str(len(payload)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed
