"""The audited read and write send the database what they need and nothing more: a statement read
back or added on these paths is paid by every request (statements counted, no time measured)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import event

from service.db import get_engine
from tests.support import case


@pytest.fixture()
def statements() -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_rest) -> None:  # type: ignore[no-untyped-def]
        seen.append(" ".join(statement.split()).upper())

    engine = get_engine()
    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def _kinds(seen: list[str]) -> list[str]:
    return [s.split()[0] for s in seen if not s.startswith(("BEGIN", "SAVEPOINT", "RELEASE"))]


def test_an_audited_read_is_one_select_and_one_insert(api, statements):
    made = case(api)
    statements.clear()
    assert api.get(f"/v1/cases/{made['id']}").status_code == 200
    assert _kinds(statements) == ["SELECT", "INSERT"]
    assert [s.split(" (")[0] for s in statements if s.startswith("INSERT")] == ["INSERT INTO AUDIT_EVENTS"]


def test_a_create_reads_nothing_back(api, statements):
    """The record, its first version, its audit event and the idempotency key are written; the one
    read is the key's lookup. The new record is shown from what was written, not read again."""
    statements.clear()
    response = api.post(
        "/v1/cases",
        {"title": "Counted family", "opened_on": "2025-01-14"},
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )
    assert response.status_code == 201, response.text
    assert _kinds(statements) == ["SELECT", "INSERT", "INSERT", "INSERT", "INSERT"]
    (read,) = [s for s in statements if s.startswith("SELECT")]
    assert " FROM IDEMPOTENCY_KEYS WHERE " in read


def test_a_page_of_fifty_is_one_select_and_one_insert(api, statements):
    for _ in range(3):
        case(api)
    statements.clear()
    response = api.get("/v1/cases?limit=50")
    assert response.status_code == 200
    assert len(response.json()["items"]) >= 3
    assert _kinds(statements) == ["SELECT", "INSERT"]


def _dependencies(app, method: str, path: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The FastAPI dependencies of an operation, by name: FastAPI solves each on every request."""
    (route,) = [r for r in app.router.routes if getattr(r, "path", None) == path and method in r.methods]
    return [d.call.__name__ for d in route.dependant.dependencies]


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("GET", "/v1/cases/{case_id}", ["dependency"]),
        ("GET", "/v1/cases", ["dependency", "page_params"]),
        ("POST", "/v1/cases", ["dependency"]),
        ("GET", "/v1/cases/{case_id}/danger-statements", ["dependency", "page_params"]),
        ("POST", "/v1/cases/{case_id}/danger-statements", ["dependency"]),
    ],
)
def test_the_hot_paths_have_no_dependency_but_the_caller_and_the_page(app, method, path, expected):
    assert _dependencies(app, method, path) == expected
