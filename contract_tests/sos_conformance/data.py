"""The suite's own test data, made through the API only and marked ``CONFORMANCE-<run id>`` so a
supplier can recognise (and, if it wishes, archive) it. Nothing here assumes an empty system:
lists are walked page by page to find the suite's own records."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from sos_conformance.client import Api
from sos_conformance.expect import check, expect_status, json_body

MAX_PAGES = 500

# For a move into CP in a check that is not about the map: a move into CP expects a map, an active
# danger statement and a rating (SOS-MAP-003), and this says why the move goes ahead without them.
CP_OVERRIDE = {"override_reason": "Conformance: this check is about something other than the map."}


class Factory:
    def __init__(self, api: Api, run_id: str) -> None:
        self.api = api
        self.run_id = run_id

    def label(self, what: str) -> str:
        return f"{self.run_id} {what} {uuid.uuid4().hex[:8]}"

    def created(self, path: str, body: dict[str, Any], **kw: Any) -> dict[str, Any]:
        response = expect_status(self.api.post(path, body, **kw), 201)
        return dict(json_body(response))

    def person_body(self, **overrides: Any) -> dict[str, Any]:
        body = {
            "given_name": self.run_id,
            "family_name": f"Child-{uuid.uuid4().hex[:8]}",
            "date_of_birth": "2018-05-01",
            "sex": "1",
            "ethnicity": "WBRI",
        }
        return {**body, **overrides}

    def person(self, **overrides: Any) -> dict[str, Any]:
        return self.created("/v1/people", self.person_body(**overrides))

    def case_body(self, **overrides: Any) -> dict[str, Any]:
        return {"title": self.label("family"), "opened_on": "2025-01-14", **overrides}

    def case(self, **overrides: Any) -> dict[str, Any]:
        return self.created("/v1/cases", self.case_body(**overrides))

    def member(self, case_id: str, person_id: str, role: str = "CHILD", **extra: Any) -> dict[str, Any]:
        return self.created(
            f"/v1/cases/{case_id}/members",
            {"person_id": person_id, "role": role, "joined_on": "2025-01-14", **extra},
        )

    def case_with_child(self) -> tuple[dict[str, Any], dict[str, Any]]:
        the_case = self.case()
        child = self.person()
        self.member(the_case["id"], child["id"])
        return the_case, child

    def move_body(self, child_id: str, to_stage: str, on: str, **extra: Any) -> dict[str, Any]:
        return {
            "child_id": child_id,
            "to_stage": to_stage,
            "effective_date": on,
            "reason": f"{self.run_id} conformance move",
            "decided_by": "Conformance suite",
            **extra,
        }

    def move(self, case_id: str, child_id: str, to_stage: str, on: str, **extra: Any) -> Any:
        return self.api.post(
            f"/v1/cases/{case_id}/transitions", self.move_body(child_id, to_stage, on, **extra)
        )


def pages(
    api: Api, path: str, params: dict[str, Any] | None = None
) -> Iterator[tuple[Any, list[dict[str, Any]]]]:
    """Walk every page of a list (following next_cursor), yielding (response, items)."""
    query = dict(params or {})
    for _ in range(MAX_PAGES):
        response = expect_status(api.get(path, params=query), 200)
        body = json_body(response)
        items = body.get("items")
        check(isinstance(items, list), "a page with an items list", f"{type(items).__name__}", response)
        yield response, list(items)
        cursor = body.get("next_cursor")
        if not cursor:
            return
        query = {**query, "cursor": cursor}
    raise AssertionError(f"more than {MAX_PAGES} pages at {path}: the walk stopped")


def all_items(api: Api, path: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    return [item for _, items in pages(api, path, params) for item in items]


def since(record: dict[str, Any], seconds: int = 5) -> str:
    """A moment a little before a record was made, to keep list walks short on a busy system
    (a system that ignores updated_since just returns more pages)."""
    moment = datetime.fromisoformat(record["created_at"].replace("Z", "+00:00")) - timedelta(seconds=seconds)
    return moment.isoformat()
