"""Liveness, readiness and the access log: what a deployment watches."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient


def test_healthz_answers_without_a_token(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readyz_is_200_on_a_migrated_database(client):
    from service.db import head_revision

    response = client.get("/readyz")
    assert response.status_code == 200, response.text
    assert response.json()["database_revision"] == head_revision()


@pytest.fixture()
def app_on(migrated: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """An app on another database (the engine and settings caches are rebuilt, then restored)."""
    from service.config import get_settings
    from service.db import get_engine, get_sessionmaker

    def clear() -> None:
        for cached in (get_settings, get_engine, get_sessionmaker):
            cached.cache_clear()

    def build(url: str) -> Any:
        from service.main import create_app

        monkeypatch.setenv("DATABASE_URL", url)
        clear()
        return create_app()

    yield build
    monkeypatch.undo()
    clear()


def test_readyz_is_503_on_a_database_not_migrated(app_on, tmp_path):
    with TestClient(app_on(f"sqlite:///{tmp_path}/empty.db")) as client:
        response = client.get("/readyz")
    assert response.status_code == 503 and response.headers["retry-after"]
    assert response.json()["status"] == "not ready"


def test_readyz_is_503_when_the_database_does_not_answer(app_on, tmp_path):
    with TestClient(app_on(f"sqlite:///{tmp_path}/no/such/dir/x.db")) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert "does not answer" in response.json()["reason"]


def test_each_request_writes_one_access_log_line(api, caplog):
    with caplog.at_level(logging.INFO, logger="sos.access"):
        response = api.get("/v1/cases?limit=1", headers={"X-Request-ID": "log-line-check"})
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "sos.access"]
    assert len(lines) == 1
    line = lines[0]
    assert line["correlation_id"] == "log-line-check" and line["request_id"]
    assert (line["method"], line["path"], line["status"]) == ("GET", "/v1/cases", response.status_code)
    assert line["duration_ms"] >= 0 and "Bearer" not in json.dumps(line)
