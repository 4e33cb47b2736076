"""Routers of the areas and how they join the app: one flat table of routes.

Each area (people, cases, care, ...) declares its operations on its own router, made by
:func:`area_router`. The app takes their routes into its own router as they are
(:func:`install_routes`), instead of FastAPI's ``include_router``, which keeps every area as a
nested router: a request then walks each area in turn with FastAPI's bookkeeping for nested routers,
and routing alone was about a quarter of an audited read's time on the event loop. No area router
is included with a prefix, dependencies or other options, so the flat table answers exactly the same
requests and the contract is the same document.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute


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
