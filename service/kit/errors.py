"""The one error type of the service and its RFC 9457 problem+json rendering."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import Index
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from service.kit.governed import requirement_at
from service.kit.methods import allow_header, methods_for
from service.kit.problem_types import PROBLEM_TYPE_BASE, type_uri

PROBLEM_MEDIA_TYPE = "application/problem+json"
log = logging.getLogger("sos.errors")


class FieldError(BaseModel):
    """One thing wrong with the request, and where."""

    location: str = Field(description="Which part of the request: body, query, path or header.")
    pointer: str = Field(description="JSON Pointer (RFC 6901) to the offending field.", examples=["/sex"])
    detail: str = Field(description="What is wrong, in words.")
    code: str = Field(description="Stable machine code of the check that failed.", examples=["code_unknown"])
    code_list: str | None = Field(
        default=None, description="The reference-data list a coded value must come from."
    )


class Problem(BaseModel):
    """RFC 9457 problem details, with a stable machine ``code`` and field-level ``errors``."""

    type: str = Field(
        description="A URI reference naming the kind of problem: `/problems/<kind>`, relative to the server "
        "that answered (RFC 9457 allows a relative reference; resolve it against the request URL). Its page "
        "says what the problem means and what to do. Programs key on `code`.",
        examples=[PROBLEM_TYPE_BASE + "validation-failed"],
    )
    title: str = Field(description="A short summary of the kind of problem; the same for every occurrence.")
    status: int = Field(description="The HTTP status code.", examples=[422])
    detail: str = Field(description="What went wrong this time, in words.")
    instance: str = Field(description="The path of the request that failed (RFC 9457), without its query.")
    code: str = Field(description="Stable machine code; see the guide's error catalogue.")
    request_id: str | None = Field(default=None, description="The request's X-Request-ID.")
    errors: list[FieldError] | None = Field(default=None, description="Each field that is wrong, and why.")
    requirement: str | None = Field(
        default=None, description="The requirement ID of the rule that refused the request."
    )
    current_version: int | None = Field(default=None, description="On 412, the version the record is at now.")
    allowed: list[str] | None = Field(default=None, description="On a refused transition, what is allowed.")
    warnings: list[str] | None = Field(default=None, description="Warnings that did not refuse it.")


class ProblemError(Exception):
    """Raise one of these (or a subclass) for any 4xx: one handler renders them all."""

    status: int = 400
    code: str = "bad_request"
    title: str = "Bad request"

    def __init_subclass__(
        cls, *, status: int | None = None, code: str | None = None, title: str | None = None, **kw: Any
    ) -> None:
        """A kind of problem: ``class NotFound(ProblemError, status=404, code=..., title=...)``."""
        super().__init_subclass__(**kw)
        cls.status, cls.code, cls.title = status or cls.status, code or cls.code, title or cls.title

    def __init__(
        self,
        detail: str,
        *,
        errors: Sequence[FieldError] | None = None,
        requirement: str | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = list(errors) if errors else None
        self.requirement = requirement
        self.headers = headers or {}
        self.extra = extra

    def to_problem(self, request: Request) -> Problem:
        return problem_for(
            request,
            self.status,
            self.code,
            self.title,
            self.detail,
            errors=self.errors,
            requirement=self.requirement,
            **self.extra,
        )


def problem_for(request: Request, status: int, code: str, title: str, detail: str, **more: Any) -> Problem:
    """The problem+json body answering ``request``: its type from the code, the request's path and id."""
    return Problem(
        type=type_uri(code),
        title=title,
        status=status,
        detail=detail,
        instance=request.url.path,
        code=code,
        request_id=getattr(request.state, "request_id", None),
        **more,
    )


class Unauthenticated(ProblemError, status=401, code="unauthenticated", title="Authentication required"): ...


class Forbidden(ProblemError, status=403, code="insufficient_scope", title="Not permitted"): ...


class NotFound(ProblemError, status=404, code="not_found", title="Not found"): ...


class Conflict(
    ProblemError, status=409, code="conflict", title="Conflict with the record's current state"
): ...


class PreconditionFailed(
    ProblemError, status=412, code="version_mismatch", title="The record has changed since you read it"
): ...


class IfMatchInvalid(
    ProblemError, status=400, code="if_match_invalid", title="If-Match is not an entity tag"
): ...


class PreconditionRequired(
    ProblemError, status=428, code="if_match_required", title="If-Match is required"
): ...


class ValidationFailed(
    ProblemError, status=422, code="validation_failed", title="The request is not valid"
): ...


class RuleViolation(ProblemError, status=422, code="rule_violated", title="A recording rule refuses this"):
    """A practice or statutory rule refuses the request (422, names the requirement)."""


def field_error(pointer: str, detail: str, code: str, *, location: str = "body", **kw: Any) -> FieldError:
    return FieldError(location=location, pointer=pointer, detail=detail, code=code, **kw)


def refuse(
    pointer: str, detail: str, code: str, requirement: str, message: str | None = None
) -> RuleViolation:
    """A recording rule's refusal of one field: its error (where, what is wrong, the code), the rule's
    requirement and the message (the field's detail when none is given). Raise it."""
    return RuleViolation(
        message or detail, errors=[field_error(pointer, detail, code)], requirement=requirement
    )


def problem_response(problem: Problem, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        problem.model_dump(mode="json", exclude_none=True),
        status_code=problem.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def _pointer(loc: Sequence[str | int]) -> tuple[str, str]:
    """Where an error is, and its JSON Pointer (RFC 6901): the whole body, one that is not an object,
    is ``""``; ``"/"`` would name a member whose name is empty."""
    location = str(loc[0]) if loc else "body"
    rest = [str(p).replace("~", "~0").replace("/", "~1") for p in loc[1:]]
    return location, "".join("/" + p for p in rest)


_PYDANTIC_CODES = {"extra_forbidden": "unknown_field", "missing": "required"}


def _method_not_allowed(request: Request) -> JSONResponse:
    """405 with the path's real ``Allow`` (every route on it, not only the first that matched)."""
    allowed = allow_header(methods_for(request.app.router.routes, request.scope))
    detail = f"{request.method} is not allowed here; this path allows {allowed}."
    if request.method == "DELETE":
        detail += (
            " Records are never deleted: mark one recorded in error with POST <record>/entered-in-error "
            "and a reason; it stays readable with its history."
        )
    problem = problem_for(request, 405, "method_not_allowed", "Method not allowed", detail)
    return problem_response(problem, {"Allow": allowed})


async def _problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_response(exc.to_problem(request), exc.headers)


async def _validation(request: Request, exc: Exception) -> JSONResponse:
    """A body or parameter FastAPI's schemas refuse: 422 naming each field with a JSON Pointer."""
    assert isinstance(exc, RequestValidationError)
    errors = []
    requirements = []
    for err in exc.errors():
        kind = str(err.get("type", "invalid"))
        ctx = err.get("ctx") or {}
        if kind == "json_invalid":
            return problem_response(_malformed_json(err, exc.body).to_problem(request))
        location, pointer = _pointer(err.get("loc", ()))
        requirements.append(_governing(request, err.get("loc", ())))
        errors.append(
            field_error(
                pointer,
                _message(kind, err),
                _PYDANTIC_CODES.get(kind, kind),
                location=location,
                code_list=ctx.get("code_list"),
            )
        )
    names = ", ".join(f"{e.location}{e.pointer}" for e in errors[:5])
    problem = ValidationFailed(
        f"The request has {len(errors)} invalid field(s): {names}.",
        errors=errors,
        requirement=next((r for r in requirements if r), None),
    )
    return problem_response(problem.to_problem(request))


def _governing(request: Request, loc: Sequence[str | int]) -> str | None:
    """The catalogue rule governing a refused body field (see :mod:`service.kit.governed`)."""
    body = getattr(request.scope.get("route"), "body_field", None)
    if body is None or not loc or loc[0] != "body":
        return None
    return requirement_at(body.field_info.annotation, loc[1:])


def _malformed_json(err: Mapping[str, Any], document: Any) -> ValidationFailed:
    """A body that is not JSON: where the fault is (line, column and character offset) and what it is."""
    loc = err.get("loc", ())
    position = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
    reason = str((err.get("ctx") or {}).get("error") or "not valid JSON")
    if position is None or not isinstance(document, str):
        where = ""
    else:
        line = document.count("\n", 0, position) + 1
        column = position - (document.rfind("\n", 0, position) + 1) + 1
        where = f" at line {line}, column {column} (character {position + 1})"
    return ValidationFailed(
        f"The request body is not valid JSON: {reason}{where}.",
        errors=[field_error("", f"{reason}{where}", "json_invalid")],
    )


_DATE_TYPES = {"date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact", "date_type"}
_INSTANT_TYPES = {"datetime_parsing", "datetime_from_date_parsing", "datetime_type", "timezone_aware"}


def _message(kind: str, err: Mapping[str, Any]) -> str:
    """Pydantic's message, said so that it tells what to send: a date as YYYY-MM-DD, an instant with
    its offset."""
    message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
    given = err.get("input")
    shown = f"{given!r} is not a valid " if isinstance(given, str | int | float) else "not a valid "
    if kind in _DATE_TYPES:
        reason = message.split(", ", 1)[1] if ", " in message else message
        return f"{shown}date ({reason}): use YYYY-MM-DD, e.g. 2025-01-14"
    if kind in _INSTANT_TYPES:
        reason = message.split(", ", 1)[1] if ", " in message else message
        return f"{shown}date and time ({reason}): use RFC 3339 with an offset, e.g. 2025-01-14T09:30:00Z"
    return message


async def _stale(request: Request, exc: Exception) -> JSONResponse:
    problem = PreconditionFailed("Another change was saved first; read the record again and retry.")
    return problem_response(problem.to_problem(request))


_HELD_BY_INDEX: dict[str, ProblemError] = {}
"""The problem answering a write a unique index refused, by the index's name (as PostgreSQL names it)
and by its columns (as SQLite names them: ``people.la_code, people.la_child_id``)."""


def held_by_unique_index(index: Index, problem: ProblemError) -> None:
    """A rule a unique ``index`` holds when two requests write at the same moment: the one the
    database refuses is answered with ``problem`` (naming the field) rather than the bare conflict.
    Declared once, where the rule's own check before the write lives."""
    columns = ", ".join(f"{column.table.name}.{column.name}" for column in index.columns)
    _HELD_BY_INDEX[str(index.name)] = _HELD_BY_INDEX[columns] = problem


def conflict_of(exc: IntegrityError) -> ProblemError:
    """The 409 answering a write the database refused: the rule's own problem where an index holding
    one refused it, else the bare conflict."""
    constraint = getattr(getattr(exc.orig, "diag", None), "constraint_name", None)
    columns = str(exc.orig).removeprefix("UNIQUE constraint failed: ")
    held = _HELD_BY_INDEX.get(constraint or "") or _HELD_BY_INDEX.get(columns)
    return held or Conflict("The change conflicts with a record saved at the same time; nothing was saved.")


async def _integrity(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, IntegrityError)
    log.info("integrity error: %s", exc.orig)
    return problem_response(conflict_of(exc).to_problem(request))


_HTTP_CODES = {404: "not_found", 406: "not_acceptable", 413: "body_too_large", 415: "unsupported_media_type"}


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400:  # a body FastAPI could not parse (not UTF-8, nested too deep)
        unreadable = ValidationFailed(
            "The request body could not be read as JSON (send UTF-8 JSON, nested at most a few "
            "hundred levels).",
            errors=[field_error("", "not readable as JSON", "json_invalid")],
        )
        return problem_response(unreadable.to_problem(request))
    if exc.status_code == 405:
        return _method_not_allowed(request)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    title = "Not found" if exc.status_code == 404 else "HTTP error"
    detail = str(exc.detail) if exc.status_code != 404 else "No such resource."
    return problem_response(
        problem_for(request, exc.status_code, code, title, detail), dict(exc.headers or {})
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=exc)
    detail = "The service could not complete the request; nothing was saved."
    return problem_response(problem_for(request, 500, "internal_error", "Internal error", detail))


def install_error_handlers(app: FastAPI) -> None:
    """Every error answers with problem+json: the service's own refusals, FastAPI's validation, a
    concurrent change (stale version, unique constraint), Starlette's HTTP errors and anything else."""
    app.add_exception_handler(ProblemError, _problem)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StaleDataError, _stale)
    app.add_exception_handler(IntegrityError, _integrity)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)
