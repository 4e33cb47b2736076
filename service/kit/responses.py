"""Building responses from records: JSON straight from the read schema, with the record's headers.

Endpoints return these responses themselves, so a record is serialised once (by Pydantic's
serialiser) and never validated again on the way out; the contract still names each operation's
response schema.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any, Literal

from fastapi import Query, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from service.kit.pagination import next_link

JSON = "application/json"


def json_response(body: BaseModel, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body.model_dump_json(), status_code=status, media_type=JSON, headers=headers)


def record_headers(version: int, location: str | None = None) -> dict[str, str]:
    """``ETag: W/"<version>"`` and, for a create, ``Location``."""
    headers = {"ETag": f'W/"{version}"'}
    if location is not None:
        headers["Location"] = location
    return headers


def record_response(
    shown: BaseModel, version: int, status: int = 200, location: str | None = None
) -> Response:
    return json_response(shown, status, record_headers(version, location))


def page_response(request: Request, items: Sequence[BaseModel], next_cursor: str | None) -> Response:
    """``{"items": [...], "next_cursor": ...}`` with ``Link: rel="next"`` when there is more."""
    body = b'{"items":[' + b",".join(item.__pydantic_serializer__.to_json(item) for item in items) + b"]"
    cursor = b"null" if next_cursor is None else b'"' + next_cursor.encode() + b'"'
    return Response(
        body + b',"next_cursor":' + cursor + b"}", media_type=JSON, headers=next_link(request, next_cursor)
    )


PageFormat = Annotated[
    Literal["json", "html"] | None,
    Query(description="html for the printable page (as `Accept: text/html` asks), or json (the default)."),
]
"""The ``format`` of a read that is also a printable page (a chronology, a subject access export)."""


def json_or_page(request: Request, body: Any, page: Callable[[Any], str], format: str | None) -> Response:
    """``body`` as JSON, or as the printable page ``page(body)`` when ``format=html`` or, with no
    ``format``, when the Accept header asks for text/html."""
    if format == "html" or (format is None and "text/html" in request.headers.get("accept", "")):
        return HTMLResponse(page(body))
    return json_response(body)
