"""Small typed helpers for tests: an authenticated API client and factories per record type.

Factories build their bodies from the operations' registered examples (``body``), so a field added to
a record type and its example reaches every test that makes one.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.contract.examples import body


class Api:
    def __init__(self, client: Any, token: str) -> None:
        self.client = client
        self.token = token

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", **(extra or {})}

    def get(self, path: str, **kw: Any) -> Any:
        return self.client.get(path, headers=self.headers(kw.pop("headers", None)), **kw)

    def post(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self.client.post(path, json=body, headers=self.headers(kw.pop("headers", None)), **kw)

    def patch(self, path: str, body: Any, **kw: Any) -> Any:
        return self.client.patch(path, json=body, headers=self.headers(kw.pop("headers", None)), **kw)

    def created(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self.post(path, body)
        assert response.status_code == 201, response.text
        result: dict[str, Any] = response.json()
        return result


def person(api: Api, **overrides: Any) -> dict[str, Any]:
    """A child of the authority (from the create_person example), with a family name of its own."""
    given = {
        "given_name": "Test",
        "family_name": f"Child-{uuid.uuid4().hex[:6]}",
        "date_of_birth": "2018-05-01",
        "la_child_id": None,
    }
    return api.created("/v1/people", body("create_person", "child", **{**given, **overrides}))


def case(api: Api, **overrides: Any) -> dict[str, Any]:
    given = {"title": f"Test family {uuid.uuid4().hex[:6]}", "reference": None, "opened_on": "2025-01-14"}
    return api.created("/v1/cases", body("create_case", **{**given, **overrides}))


def case_with_child(api: Api) -> tuple[dict[str, Any], dict[str, Any]]:
    the_case = case(api)
    child = person(api)
    api.created(
        f"/v1/cases/{the_case['id']}/members",
        body("create_case_member", "child", person_id=child["id"], joined_on="2025-01-14"),
    )
    return the_case, child


def move(api: Api, case_id: str, child_id: str, to_stage: str, on: str = "2025-02-01", **extra: Any) -> Any:
    return api.post(
        f"/v1/cases/{case_id}/transitions",
        body(
            "record_stage_transition",
            child_id=child_id,
            to_stage=to_stage,
            effective_date=on,
            reason="test move",
            decided_by="test manager",
            **extra,
        ),
    )


def count(session: Session, model: Any) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def assert_problem(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json"), response.headers
    body: dict[str, Any] = response.json()
    for field in ("type", "title", "status", "detail", "code"):
        assert field in body, body
    assert body["status"] == status
    if code is not None:
        assert body["code"] == code, body
    return body
