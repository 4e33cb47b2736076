"""The route index hands FastAPI's dispatch every route that could answer a path, and few others."""

import re

import pytest
from starlette.routing import Match, Route

from service.kit.routing import RouteIndex
from service.main import create_app

APP = create_app()
INDEX = APP.router.middleware_stack
ROUTES = APP.router.routes


def _concrete(path_format: str) -> str:
    return re.sub(r"\{[^}]+\}", "x0", path_format)


def _scope(path: str, method: str) -> dict[str, object]:
    return {"type": "http", "path": path, "root_path": "", "method": method, "headers": []}


def _answering(path: str, method: str) -> list[object]:
    """What a walk of the whole table finds for the path: full and partial (405) matches."""
    return [route for route in ROUTES if route.matches(_scope(path, method))[0] is not Match.NONE]


PATHS = sorted({_concrete(route.path_format) for route in ROUTES if isinstance(route, Route)})


def test_the_app_dispatches_through_the_index() -> None:
    assert isinstance(INDEX, RouteIndex)


@pytest.mark.parametrize("path", PATHS)
def test_every_route_that_could_answer_is_a_candidate_in_table_order(path: str) -> None:
    for variant in (path, path.rstrip("/") + "/" if not path.endswith("/") else path.rstrip("/")):
        candidates = INDEX.candidates(variant)
        positions = [ROUTES.index(route) for route in candidates]
        assert positions == sorted(positions)
        for method in ("GET", "POST", "PATCH"):
            missing = [r for r in _answering(variant, method) if r not in candidates]
            assert not missing, (variant, method, missing)


def test_a_record_path_is_tried_against_a_few_routes_not_the_whole_table() -> None:
    candidates = INDEX.candidates("/v1/cases/0190c7a1-0000-7000-8000-000000000000")
    assert len(candidates) < len(ROUTES) / 10, (len(candidates), len(ROUTES))


def test_a_route_added_after_start_up_is_indexed() -> None:
    app = create_app()

    @app.get("/v1/late-addition/{thing}")
    async def late(thing: str) -> dict[str, str]:
        return {"thing": thing}

    assert any(
        getattr(r, "path", "") == "/v1/late-addition/{thing}"
        for r in app.router.middleware_stack.candidates("/v1/late-addition/a")
    )
