"""Small typed helpers for tests: an authenticated API client and factories per record type."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session


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
    body = {
        "given_name": "Test",
        "family_name": f"Child-{uuid.uuid4().hex[:6]}",
        "date_of_birth": "2018-05-01",
        "sex": "1",
        "ethnicity": "WBRI",
    }
    return api.created("/v1/people", {**body, **overrides})


def case(api: Api, **overrides: Any) -> dict[str, Any]:
    body = {"title": f"Test family {uuid.uuid4().hex[:6]}", "opened_on": "2025-01-14"}
    return api.created("/v1/cases", {**body, **overrides})


def case_with_child(api: Api) -> tuple[dict[str, Any], dict[str, Any]]:
    the_case = case(api)
    child = person(api)
    api.created(
        f"/v1/cases/{the_case['id']}/members",
        {"person_id": child["id"], "role": "CHILD", "joined_on": "2025-01-14"},
    )
    return the_case, child


def move(api: Api, case_id: str, child_id: str, to_stage: str, on: str = "2025-02-01", **extra: Any) -> Any:
    return api.post(
        f"/v1/cases/{case_id}/transitions",
        {
            "child_id": child_id,
            "to_stage": to_stage,
            "effective_date": on,
            "reason": "test move",
            "decided_by": "test manager",
            **extra,
        },
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
