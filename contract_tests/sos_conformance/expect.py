"""Shared checks, written once. Each raises :class:`ConformanceFailure` with what was expected and
what came back, so every failure in the report names its evidence."""

from __future__ import annotations

import re
from typing import Any

import httpx

from sos_conformance.client import ConformanceFailure, Exchange, trim

PROBLEM_FIELDS = ("type", "title", "status", "detail", "instance", "code")
LEAKS = re.compile(
    r"Traceback \(most recent call last\)|sqlalchemy|psycopg|sqlite3\.|File \"/", re.IGNORECASE
)


def _exchange(response: httpx.Response | None) -> Exchange | None:
    if response is None:
        return None
    return Exchange(
        response.request.method,
        str(response.request.url),
        response.request.url.path,
        None,
        response.status_code,
        dict(response.headers),
        response.text,
        request_body=_sent(response.request),
    )


def _sent(request: httpx.Request) -> str | None:
    """The body a request sent, as text (trimmed), for the evidence; None when it sent none."""
    try:
        content = request.content
    except httpx.RequestNotRead:
        return None
    return trim(content.decode("utf-8", "replace"), 2000) if content else None


def fail(expected: str, actual: str, response: httpx.Response | None = None) -> ConformanceFailure:
    return ConformanceFailure(expected, actual, _exchange(response))


def check(condition: bool, expected: str, actual: str, response: httpx.Response | None = None) -> None:
    if not condition:
        raise fail(expected, actual, response)


def etag_of(response: httpx.Response) -> str:
    """The ETag a read answered with, to send back as If-Match. A read without one fails here, naming
    the read, rather than later as a 400 that would seem to blame the amendment."""
    etag = response.headers.get("ETag")
    read = f"{response.request.method} {response.request.url.path}"
    check(bool(etag), f"an ETag header on {read}", "(none)", response)
    return str(etag)


def expect_status(response: httpx.Response, *statuses: int) -> httpx.Response:
    if response.status_code not in statuses:
        wanted = " or ".join(f"HTTP {s}" for s in statuses)
        raise fail(
            f"{wanted} for {response.request.method} {response.request.url.path}",
            f"HTTP {response.status_code}: {trim(response.text, 300)}",
            response,
        )
    return response


def json_body(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError as exc:
        raise fail("a JSON body", f"not JSON: {trim(response.text, 200)!r}", response) from exc


def expect_problem(response: httpx.Response, *statuses: int) -> dict[str, Any]:
    """An RFC 9457 problem+json answer with one of ``statuses`` and the fields the contract needs."""
    expect_status(response, *statuses)
    media = response.headers.get("content-type", "").split(";")[0].strip().lower()
    check(
        media == "application/problem+json",
        "Content-Type: application/problem+json",
        f"Content-Type: {media or '(none)'}",
        response,
    )
    body = json_body(response)
    check(isinstance(body, dict), "a problem+json object", type(body).__name__, response)
    missing = [f for f in PROBLEM_FIELDS if f not in body]
    check(
        not missing, f"problem fields {', '.join(PROBLEM_FIELDS)}", f"missing {', '.join(missing)}", response
    )
    check(
        body.get("status") == response.status_code,
        f"status member {response.status_code}",
        f"status member {body.get('status')!r}",
        response,
    )
    check(
        isinstance(body.get("code"), str) and bool(body["code"]),
        "a stable machine code",
        f"code {body.get('code')!r}",
        response,
    )
    check(
        not LEAKS.search(response.text),
        "no stack trace, SQL or driver detail in the error",
        "internal detail in the body",
        response,
    )
    for error in body.get("errors") or []:
        pointer = error.get("pointer")
        check(
            isinstance(pointer, str) and (pointer == "" or pointer.startswith("/")),
            "each errors[] entry names its field as a JSON Pointer",
            f"pointer {pointer!r}",
            response,
        )
    return dict(body)


def expect_header(
    response: httpx.Response, name: str, value: str | None = None, *, contains: str | None = None
) -> str:
    got = response.headers.get(name)
    check(got is not None, f"a {name} header", "no such header", response)
    assert got is not None
    if value is not None:
        check(got == value, f"{name}: {value}", f"{name}: {got}", response)
    if contains is not None:
        check(contains.lower() in got.lower(), f"{name} containing {contains}", f"{name}: {got}", response)
    return got


def expect_etag(response: httpx.Response, version: int) -> None:
    expect_header(response, "ETag", f'W/"{version}"')


def error_fields(problem: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in problem.get("errors") or [] if isinstance(e, dict)]


def expect_field_error(
    response: httpx.Response, problem: dict[str, Any], pointer: str, *, code_list: str | None = None
) -> dict[str, Any]:
    for error in error_fields(problem):
        if error.get("pointer") == pointer and (code_list is None or error.get("code_list") == code_list):
            return error
    wanted = f"an errors[] entry with pointer {pointer}" + (
        f" and code_list {code_list}" if code_list else ""
    )
    raise fail(wanted, f"errors: {trim(str(problem.get('errors')), 500)}", response)


def expect_refusal(response: httpx.Response, status: int, requirement_id: str) -> dict[str, Any]:
    """A problem+json answer with ``status`` naming the rule's requirement (``requirement_id``)."""
    problem = expect_problem(response, status)
    check(
        problem.get("requirement") == requirement_id,
        f"requirement {requirement_id}",
        repr(problem.get("requirement")),
        response,
    )
    return problem


def refused(response: Any, requirement_id: str, pointer: str) -> None:
    """A 422 problem naming the rule's requirement and the field (``pointer``) it is about."""
    expect_field_error(response, expect_refusal(response, 422, requirement_id), pointer)
