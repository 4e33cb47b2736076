"""Routers of the areas and how they join the app: one flat table of routes.

Each area (people, cases, care, ...) declares its operations on its own router, made by
:func:`area_router`. The app takes their routes into its own router as they are
(:func:`install_routes`), instead of FastAPI's ``include_router``, which keeps every area as a
nested router: a request then walks each area in turn with FastAPI's bookkeeping for nested routers,
and routing alone was about a quarter of an audited read's time on the event loop. No area router
is included with a prefix, dependencies or other options, so the flat table answers exactly the same
requests and the contract is the same document.

A flat table is still walked in order, each route trying its regular expression: an operation near
the end of the table tried some two hundred before its own. :class:`RouteIndex` hands FastAPI's own
dispatch only the routes that could match the request's path (the same number of segments and the
same first two, where those are literal), in their original order, so the first full match, a
method mismatch (405), the trailing-slash redirect and the 404 are decided exactly as over the whole
table.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from starlette._utils import get_route_path
from starlette.routing import BaseRoute, Route
from starlette.types import Receive, Scope, Send


def operation_id(route: APIRoute) -> str:
    """An operation's id in the contract: the name of its endpoint function (or the kit's name)."""
    return route.name


def area_router(**options: Any) -> APIRouter:
    """The router of one area of the API; its operations are named by :func:`operation_id`."""
    return APIRouter(generate_unique_id_function=operation_id, **options)


def install_routes(app: FastAPI, routers: Iterable[APIRouter]) -> None:
    """Put every area's routes into the app's own router, in order."""
    for router in routers:
        app.router.routes.extend(router.routes)
    app.router.middleware_stack = RouteIndex(app.router)


Key = tuple[int, tuple[str, ...]]
"""A path's shape for the index: its number of segments and its first two segments."""


def _key(path: str) -> Key:
    segments = path.rstrip("/").split("/")[1:]
    return len(segments), tuple(segments[:2])


class RouteIndex:
    """The app router's dispatch over an index of its routes (see the module's docstring)."""

    def __init__(self, router: APIRouter) -> None:
        self.router = router
        self._dispatch = type(router).app  # FastAPI's own dispatch, given a narrower table
        self._size = -1  # the table's length when indexed: routes added later are indexed too
        self._by_key: dict[Key, list[BaseRoute]] = {}
        self._by_length: dict[int, list[BaseRoute]] = {}
        self._anywhere: list[BaseRoute] = []

    def candidates(self, path: str) -> list[BaseRoute]:
        """The routes, in table order, that could match ``path`` (or it with its trailing slash
        toggled): every route that could is among them."""
        if len(self.router.routes) != self._size:
            self._build()
        key = _key(path)
        found = self._by_key.get(key)
        if found is not None:
            return found
        return self._by_length.get(key[0], self._anywhere)

    def _build(self) -> None:
        routes = self.router.routes
        order = {id(route): position for position, route in enumerate(routes)}
        literal: dict[Key, list[BaseRoute]] = {}
        by_length: dict[int, list[BaseRoute]] = {}
        anywhere: list[BaseRoute] = []
        for route in routes:
            path = route.path_format if isinstance(route, Route) else None
            if path is None or ":" in path:  # mounts, and parameters that may span segments
                anywhere.append(route)
                continue
            length, first = _key(path)
            if any("{" in segment for segment in first):
                by_length.setdefault(length, []).append(route)
            else:
                literal.setdefault((length, first), []).append(route)

        def merged(*groups: list[BaseRoute]) -> list[BaseRoute]:
            return sorted((route for group in groups for route in group), key=lambda r: order[id(r)])

        self._anywhere = anywhere
        self._by_length = {length: merged(group, anywhere) for length, group in by_length.items()}
        self._by_key = {
            key: merged(group, by_length.get(key[0], []), anywhere) for key, group in literal.items()
        }
        self._size = len(routes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._dispatch(self.router, scope, receive, send)
            return
        scope.setdefault("router", self.router)  # url_for and the like see the whole table
        table = _Narrowed(self.router, self.candidates(get_route_path(scope)))
        await self._dispatch(table, scope, receive, send)  # type: ignore[arg-type]


class _Narrowed:
    """The app's router with only a request's candidate routes as its table."""

    __slots__ = ("_router", "routes")

    def __init__(self, router: APIRouter, routes: list[BaseRoute]) -> None:
        self._router = router
        self.routes = routes

    def __getattr__(self, name: str) -> Any:
        return getattr(self._router, name)
