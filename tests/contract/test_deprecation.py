"""A deprecated operation keeps working and says so on every response (RFC 9745, RFC 8594, RFC 8288).

Shown with test-only routes on a test app instance, since no operation of 1.0.0 is deprecated.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.kit.deprecation import deprecated
from service.kit.errors import NotFound

SINCE = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
SUNSET = date(2026, 12, 31)


@pytest.fixture(scope="module")
def deprecating_app(migrated: str) -> Any:
    from service.main import create_app

    app = create_app()
    options = deprecated(
        since=SINCE,
        sunset=SUNSET,
        successor="/v1/new-things",
        openapi_extra={"x-requirements": ["SOS-CAP-001"]},
    )

    @app.get("/v1/old-things", tags=["discovery"], responses={404: {"description": "Never here."}}, **options)
    def list_old_things() -> dict[str, str]:
        """List the old things.

        Test only: a deprecated operation.
        """
        return {"status": "still working"}

    @app.get(
        "/v1/old-things/missing",
        tags=["discovery"],
        **deprecated(since=SINCE, sunset=SUNSET, successor="/v1/new-things/missing"),
    )
    def get_missing_old_thing() -> dict[str, str]:
        """Read a missing old thing.

        Test only: a deprecated operation answering with a problem.
        """
        raise NotFound("No such old thing.")

    return app


def test_deprecated_operation_still_works_and_says_so(deprecating_app: Any) -> None:
    with TestClient(deprecating_app) as client:
        response = client.get("/v1/old-things")
    assert response.status_code == 200 and response.json() == {"status": "still working"}
    assert response.headers["Deprecation"] == f"@{int(SINCE.timestamp())}"
    sunset = parsedate_to_datetime(response.headers["Sunset"])
    assert sunset.date() == SUNSET and response.headers["Sunset"].endswith("GMT")
    assert response.headers["Link"] == '</v1/new-things>; rel="successor-version"'


def test_problem_responses_carry_the_headers_too(deprecating_app: Any) -> None:
    with TestClient(deprecating_app) as client:
        response = client.get("/v1/old-things/missing")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["Deprecation"].startswith("@")
    assert 'rel="successor-version"' in response.headers["Link"]


def test_other_operations_are_not_marked(deprecating_app: Any) -> None:
    with TestClient(deprecating_app) as client:
        response = client.get("/v1/capabilities")
    assert "Deprecation" not in response.headers and "Sunset" not in response.headers


def test_contract_marks_the_operation_and_documents_the_headers(deprecating_app: Any) -> None:
    op = deprecating_app.openapi()["paths"]["/v1/old-things"]["get"]
    assert op["deprecated"] is True
    assert op["x-deprecation"]["successor"] == "/v1/new-things"
    assert "SOS-CAP-001" in op["x-requirements"]
    for response in op["responses"].values():
        assert {"Deprecation", "Sunset", "Link"} <= set(response["headers"])


def test_the_published_contract_has_no_test_routes() -> None:
    from tests.contract.support import contract

    assert "/v1/old-things" not in contract()["paths"]
