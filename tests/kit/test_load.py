"""Under any number of concurrent clients the service answers: 2xx, or 429/503 with Retry-After, never
a 500 or a stall, and it answers normally right after (no timing is asserted)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from service.kit.work import UnitRunner
from tests.support import case


@pytest.fixture()
def fresh_app(migrated: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """An app built with the settings in the environment at the time (the test sets them first)."""
    from service.config import get_settings
    from service.main import create_app

    def build(**env: str) -> Any:
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        return create_app()

    yield build
    monkeypatch.undo()
    get_settings.cache_clear()


async def burst(app: Any, token: str, paths: list[str]) -> list[httpx.Response]:
    transport = httpx.ASGITransport(app=app)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://test", timeout=120) as client:
        return await asyncio.gather(*(client.get(path, headers=headers) for path in paths))


def settled(responses: list[httpx.Response]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for response in responses:
        counts[response.status_code] = counts.get(response.status_code, 0) + 1
        if response.status_code in (429, 503):
            assert response.headers["retry-after"].isdigit(), response.headers
            assert response.headers["content-type"].startswith("application/problem+json")
    return counts


def test_two_hundred_concurrent_reads_are_all_answered(api, tokens, fresh_app):
    app = fresh_app()
    the_case = case(api)
    paths = [f"/v1/cases/{the_case['id']}", "/v1/cases?limit=20", "/v1/capabilities"] * 67
    counts = settled(asyncio.run(burst(app, tokens["writer"], paths[:200])))
    assert set(counts) <= {200, 429, 503}, counts
    after = asyncio.run(burst(app, tokens["writer"], ["/v1/capabilities", f"/v1/cases/{the_case['id']}"]))
    assert [r.status_code for r in after] == [200, 200]


def test_a_full_queue_answers_503_with_retry_after_and_recovers(api, tokens, fresh_app):
    app = fresh_app()
    app.state.units = UnitRunner(slots=1, queue_limit=3, queue_seconds=0.05)
    the_case = case(api)
    counts = settled(asyncio.run(burst(app, tokens["writer"], [f"/v1/cases/{the_case['id']}"] * 60)))
    assert set(counts) <= {200, 503} and counts.get(503), counts
    assert asyncio.run(burst(app, tokens["writer"], [f"/v1/cases/{the_case['id']}"]))[0].status_code == 200


def test_a_client_over_its_rate_limit_gets_429_with_retry_after(tokens, fresh_app):
    app = fresh_app(SOS_RATE_LIMIT_PER_SECOND="0.001", SOS_RATE_LIMIT_BURST="3")
    responses = asyncio.run(burst(app, tokens["writer"], ["/v1/cases?limit=1"] * 5))
    assert [r.status_code for r in responses].count(200) == 3
    limited = [r for r in responses if r.status_code == 429]
    assert len(limited) == 2
    assert limited[0].json()["code"] == "too_many_requests" and int(limited[0].headers["retry-after"]) >= 1
    other = asyncio.run(burst(app, tokens["other"], ["/v1/cases?limit=1"]))
    assert other[0].status_code == 200, "another client's bucket is its own"
