"""Which methods the app answers on a path: for ``OPTIONS``, and for the ``Allow`` header of a 405."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from fastapi.routing import APIRoute, iter_route_contexts
from starlette.routing import BaseRoute, compile_path
from starlette.types import Scope


@lru_cache(maxsize=1024)
def _pattern(path: str) -> re.Pattern[str]:
    return compile_path(path)[0]


def methods_for(routes: Sequence[BaseRoute], scope: Scope) -> set[str]:
    """Every method of every route (included routers too) whose path matches the request's; empty if
    none does."""
    methods: set[str] = set()
    for context in iter_route_contexts(routes):
        if context.methods and _pattern(context.path).match(scope["path"]):
            methods.update(context.methods)
    return methods


def allow_header(methods: Iterable[str]) -> str:
    """The ``Allow`` value for a path's methods: HEAD wherever GET is, and OPTIONS everywhere."""
    allowed = set(methods)
    if "GET" in allowed:
        allowed.add("HEAD")
    return ", ".join(sorted(allowed | {"OPTIONS"}))


def media_types_for(routes: Sequence[BaseRoute], scope: Scope) -> set[str]:
    """The media types the operations on the request's path declare for their answers (their response
    class and the content of their declared responses), for ``Accept``."""
    types: set[str] = set()
    for route in routes:
        if isinstance(route, APIRoute) and _pattern(route.path).match(scope["path"]):
            media = getattr(route.response_class, "media_type", None)
            if isinstance(media, str):
                types.add(media.split(";")[0].strip())
            for answer in route.responses.values():
                types.update(answer.get("content", {}))
    return types
