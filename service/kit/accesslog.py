"""One JSON line per request on the ``sos.access`` logger: when, the request id, method, path (no
query string: it may hold filter values), status, duration and the response size. No personal data,
no tokens, no bodies."""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, datetime

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("sos.access")


class AccessLogMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not log.isEnabledFor(logging.INFO):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status, size = 500, 0

        async def sending(message: Message) -> None:
            nonlocal status, size
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            state = scope.get("state", {})
            log.info(
                json.dumps(
                    {
                        "at": datetime.now(UTC).isoformat(timespec="milliseconds"),
                        "request_id": state.get("request_id"),
                        "correlation_id": state.get("correlation_id"),
                        "method": scope["method"],
                        "path": scope["path"],
                        "status": status,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                        "bytes": size,
                    },
                    separators=(",", ":"),
                )
            )
