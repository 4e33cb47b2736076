"""Reading back the audit events a request wrote (found by its X-Request-ID)."""

from __future__ import annotations

from typing import Any

import httpx

from sos_conformance.client import Api
from sos_conformance.data import all_items
from sos_conformance.expect import check


def audit_events(api: Api, response: httpx.Response, record_id: str) -> list[dict[str, Any]]:
    request_id = response.headers.get("X-Request-ID")
    check(bool(request_id), "an X-Request-ID to find the request's audit events", "none", response)
    events = all_items(api, "/v1/audit-events", {"request_id": request_id, "limit": 100})
    return [e for e in events if e.get("record_id") == record_id]


def exactly_one(
    api: Api, response: httpx.Response, record_id: str, version: int, what: str
) -> dict[str, Any]:
    events = audit_events(api, response, record_id)
    check(
        len(events) == 1,
        f"exactly one audit event for the {what} of {record_id}",
        f"{len(events)} events: {events}"[:600],
        response,
    )
    event = events[0]
    check(
        event.get("record_version") == version, f"record_version {version}", str(event.get("record_version"))
    )
    for field in ("actor", "la_code", "action", "occurred_at", "request_id"):
        check(bool(event.get(field)), f"the event names {field}", f"{field} = {event.get(field)!r}")
    return event
