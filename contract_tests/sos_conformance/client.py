"""The HTTP client every check uses: it records each exchange as evidence and checks every
response against the published contract (declared status, media type, body schema)."""

from __future__ import annotations

import functools
import json
import ssl
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from sos_conformance.contract import Contract

EVIDENCE_LIMIT = 2048
AMENDED_ON = "2025-06-02"
"""The practice date (``effective_on``) of amendments in checks that are not about practice dates."""


@functools.cache
def tls() -> ssl.SSLContext:
    """The one TLS context of the process: httpx would load the certificate store for every client
    otherwise (a good part of a short run against a plain-HTTP test system)."""
    return ssl.create_default_context()


def trim(text: str, limit: int = EVIDENCE_LIMIT) -> str:
    return text if len(text) <= limit else text[:limit] + f"... [{len(text) - limit} more characters]"


@dataclass
class Exchange:
    method: str
    url: str
    path: str
    operation: str | None
    status: int
    response_headers: dict[str, str]
    response_body: str
    request_body: str | None = None

    @property
    def request_line(self) -> str:
        return f"{self.method} {self.url}"

    def describe(self) -> str:
        head = "\n".join(
            f"{k}: {v}"
            for k, v in self.response_headers.items()
            if k.lower()
            in (
                "content-type",
                "etag",
                "www-authenticate",
                "link",
                "x-request-id",
                "cache-control",
                "x-content-type-options",
                "location",
            )
        )
        return f"{self.request_line}\n-> HTTP {self.status}\n{head}\n\n{trim(self.response_body)}".strip()


class ConformanceFailure(AssertionError):
    """A check failed: what was expected and what came back, for the report."""

    def __init__(self, expected: str, actual: str, exchange: Exchange | None = None) -> None:
        self.expected = expected
        self.actual = actual
        self.exchange = exchange
        super().__init__(f"expected {expected}; got {actual}")


@dataclass
class Recorder:
    """The exchanges of the test now running (reset by the plugin before each test)."""

    exchanges: list[Exchange] = field(default_factory=list)

    @property
    def last(self) -> Exchange | None:
        return self.exchanges[-1] if self.exchanges else None


class Api:
    def __init__(
        self,
        base_url: str,
        token: str | None,
        contract: Contract,
        recorder: Recorder,
        *,
        timeout: float = 30.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.contract = contract
        self.recorder = recorder
        self.http = httpx.Client(
            base_url=self.base_url, timeout=timeout, follow_redirects=False, verify=tls()
        )

    def close(self) -> None:
        self.http.close()

    def with_token(self, token: str | None) -> Api:
        clone = Api.__new__(Api)
        clone.__dict__.update(self.__dict__)
        clone.token = token
        return clone

    def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        content: bytes | str | None = None,
        headers: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
        validate: bool = True,
    ) -> httpx.Response:
        sent: dict[str, str] = {"Accept": "application/json"}
        if self.token is not None:
            sent["Authorization"] = f"Bearer {self.token}"
        sent.update(headers or {})
        if json_body is not None:
            content = json.dumps(json_body)
            sent.setdefault("Content-Type", "application/json")
        response = self._send(method, path, content, sent, params)
        op = self.contract.operation(method, response.request.url.path)
        exchange = Exchange(
            method=method,
            url=str(response.request.url),
            path=response.request.url.path,
            operation=op.operation_id if op else None,
            status=response.status_code,
            response_headers=dict(response.headers),
            response_body=response.text,
            request_body=trim(
                content.decode(errors="replace") if isinstance(content, bytes) else content, 500
            )
            if content is not None
            else None,
        )
        self.recorder.exchanges.append(exchange)
        if validate:
            problems = self.contract.check_response(
                method,
                response.request.url.path,
                response.status_code,
                response.headers.get("content-type", ""),
                response.content,
            )
            if problems:
                raise ConformanceFailure(
                    "a response the published contract declares for this operation",
                    "; ".join(problems),
                    exchange,
                )
        return response

    def _send(
        self, method: str, path: str, content: Any, headers: dict[str, str], params: Any
    ) -> httpx.Response:
        """Send, waiting as told and trying again when the system says it is busy or the client is over
        its rate limit (429 or 503 with Retry-After), as a well-behaved client does; at most 5 times."""
        for _attempt in range(5):
            response = self.http.request(method, path, content=content, headers=headers, params=params)
            retry_after = response.headers.get("retry-after", "")
            if response.status_code not in (429, 503) or not retry_after.isdigit():
                return response
            time.sleep(min(int(retry_after), 10))
        return response

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, body: Any = None, **kw: Any) -> httpx.Response:
        return self.request("POST", path, json_body=body, **kw)

    def patch(self, path: str, body: Any = None, *, on: str | None = AMENDED_ON, **kw: Any) -> httpx.Response:
        """PATCH ``body``. Every amendment says its practice date (``effective_on``): a body without one
        is sent with ``on`` (checks not about practice dates amend on :data:`AMENDED_ON`); ``on=None``
        sends the body exactly as given."""
        if on is not None and isinstance(body, dict) and "effective_on" not in body:
            body = {**body, "effective_on": on}
        return self.request("PATCH", path, json_body=body, **kw)
