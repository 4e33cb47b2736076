"""Deprecating an operation: one route option, the same headers everywhere.

A deprecated operation keeps working. The contract marks it ``deprecated: true`` and every response
it sends, success or problem, carries:

* ``Deprecation: @<unix-seconds>`` (RFC 9745): when it was deprecated;
* ``Sunset: <HTTP-date>`` (RFC 8594): after when it may stop answering;
* ``Link: <successor>; rel="successor-version"``: what to call instead.

Use it as keyword arguments of the route decorator::

    @router.get("/v1/old", response_model=..., **deprecated(
        since=datetime(2026, 1, 5, tzinfo=UTC), sunset=date(2026, 12, 31), successor="/v1/new",
        openapi_extra={"x-requirements": ["SOS-..."]},
    ))

The dependency puts the headers on ``request.state``; :class:`service.kit.middleware.HttpHygieneMiddleware`
adds them to the response as it starts, so error responses carry them too.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from email.utils import format_datetime
from typing import Any

from fastapi import Depends, Request

STATE_KEY = "deprecation_headers"


def deprecation_headers(since: datetime, sunset: date, successor: str) -> dict[str, str]:
    """The three headers, formatted: ``@<seconds>`` (RFC 9745) and an IMF-fixdate (RFC 8594)."""
    if since.tzinfo is None:
        raise ValueError("since needs a timezone")
    sunset_at = datetime.combine(sunset, time(23, 59, 59), tzinfo=UTC)
    return {
        "Deprecation": f"@{int(since.timestamp())}",
        "Sunset": format_datetime(sunset_at, usegmt=True),
        "Link": f'<{successor}>; rel="successor-version"',
    }


def deprecated(
    *,
    since: datetime,
    sunset: date,
    successor: str,
    openapi_extra: dict[str, Any] | None = None,
    dependencies: list[Any] | None = None,
) -> dict[str, Any]:
    """Route keyword arguments marking an operation deprecated, with its headers and their contract.

    Pass the route's own ``openapi_extra`` (its ``x-requirements``) and ``dependencies`` through
    here, since a keyword cannot be given twice.
    """
    headers = deprecation_headers(since, sunset, successor)

    def _mark(request: Request) -> None:
        setattr(request.state, STATE_KEY, headers)

    return {
        "deprecated": True,
        "dependencies": [Depends(_mark), *(dependencies or [])],
        "openapi_extra": {
            **(openapi_extra or {}),
            "x-deprecation": {
                "deprecated_at": since.isoformat(),
                "sunset": sunset.isoformat(),
                "successor": successor,
            },
        },
    }


DEPRECATION_RESPONSE_HEADERS: dict[str, Any] = {
    "Deprecation": {
        "description": "When the operation was deprecated (RFC 9745), `@<unix-seconds>`.",
        "schema": {"type": "string", "pattern": "^@[0-9]+$"},
    },
    "Sunset": {
        "description": "After this HTTP-date the operation may stop answering (RFC 8594).",
        "schema": {"type": "string"},
    },
    "Link": {
        "description": 'The successor operation: `<url>; rel="successor-version"`.',
        "schema": {"type": "string"},
    },
}
