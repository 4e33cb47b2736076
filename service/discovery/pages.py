"""Pages for people, outside the API contract (``include_in_schema=False``), each self-contained
(inline CSS, no scripts, nothing fetched from elsewhere):

* ``/``: where to start: the interactive docs, the guide, the capabilities, the contract, health;
* ``/problems`` and ``/problems/{type}``: what each kind of problem means and what to do, where the
  ``type`` of every problem+json body points (HTML, or JSON with ``Accept: application/json`` or
  ``?format=json``).
"""

from __future__ import annotations

import html
from typing import Any, Literal

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from service.config import CONTRACT_VERSION, PACKAGE_VERSION
from service.contract.guide import STYLE
from service.kit.errors import NotFound
from service.kit.problem_types import BY_SLUG, PROBLEM_TYPES, ProblemType
from service.kit.routing import area_router

router = area_router(include_in_schema=False)

TITLE = "Signs of Safety case-recording reference service"

LINKS = (
    (
        "/docs",
        "Interactive API documentation",
        "Every operation, its fields and examples; try them with a token.",
    ),
    ("/redoc", "API reference", "The same contract as one readable reference page."),
    (
        "/guide",
        "The guide",
        "What to record at each stage, the rules, the code lists and the conformance suite.",
    ),
    ("/v1/capabilities", "Capabilities", "Which modules this system implements (JSON, no token)."),
    ("/openapi.json", "The contract", "The OpenAPI 3.1 document, byte for byte as published."),
    (
        "/v1/reference-data",
        "Code lists",
        "Every code list with its version (JSON; each list also as CSV; no token).",
    ),
    (
        "/v1/requirements",
        "Requirements",
        "The requirements catalogue the contract and the suite are built on.",
    ),
    ("/problems", "Problem types", "What each error means and what to do about it."),
    ("/healthz", "Liveness", "200 while the process answers."),
    ("/readyz", "Readiness", "200 when the database answers at the migrations' head, else 503 saying why."),
)


def _page(title: str, body: str) -> HTMLResponse:
    return HTMLResponse(
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}"
        f"<footer>Service {PACKAGE_VERSION}, contract {CONTRACT_VERSION}. Every name in examples and demo "
        "data is invented. Signs of Safety is a registered mark; the wording here is our own.</footer>\n"
        "</main>\n</body>\n</html>\n"
    )


@router.get("/", response_class=HTMLResponse)
async def home() -> HTMLResponse:
    """Where to start: the docs, the guide, the capabilities, the contract and health."""
    rows = "\n".join(
        f'<tr><td><a href="{href}">{html.escape(name)}</a></td><td><code>{href}</code></td>'
        f"<td>{html.escape(what)}</td></tr>"
        for href, name, what in LINKS
    )
    return _page(
        TITLE,
        f"<h1>{TITLE}</h1>\n"
        "<p>An API-first reference for recording Signs of Safety practice across early help, child in "
        "need, child protection, children in care and care leavers, as one continuous record per family. "
        "Everything under <code>/v1</code> except discovery needs a bearer token for one local authority "
        "(on the reference service: <code>sos-reference token --la 990</code>).</p>\n"
        f"<table>\n<tr><th>Page</th><th>Path</th><th>What it is</th></tr>\n{rows}\n</table>\n",
    )


def _problem_json(problem: ProblemType) -> dict[str, Any]:
    return {
        "type": problem.uri,
        "code": problem.code,
        "status": problem.status,
        "title": problem.title,
        "means": problem.means,
        "what_to_do": problem.what_to_do,
    }


def _wants_json(request: Request, format: str | None) -> bool:
    if format is not None:
        return format == "json"
    accept = request.headers.get("accept", "")
    return "json" in accept and "text/html" not in accept


def _inline(text: str) -> str:
    """Escaped text with `code` spans as <code>."""
    parts = html.escape(text).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))


Format = Query(None, description="json or html; default from the Accept header (HTML for a browser).")


@router.get("/problems")
async def list_problem_types(request: Request, format: Literal["json", "html"] | None = Format) -> Response:
    """Every kind of problem the service answers with."""
    if _wants_json(request, format):
        return JSONResponse({"problem_types": [_problem_json(p) for p in PROBLEM_TYPES]})
    rows = "\n".join(
        f'<tr><td><a href="{p.uri}">{html.escape(p.slug)}</a></td><td>{p.status}</td>'
        f"<td>{html.escape(p.title)}</td><td>{_inline(p.what_to_do)}</td></tr>"
        for p in PROBLEM_TYPES
    )
    return _page(
        "Problem types",
        "<h1>Problem types</h1>\n<p>Every error is <code>application/problem+json</code> (RFC 9457). Its "
        "<code>type</code> is one of the paths below, relative to the server that answered; its "
        "<code>code</code> is the same word with underscores, and is what a program should key on. "
        "<code>detail</code> says what went wrong this time, <code>errors[]</code> which fields, and "
        '<code>requirement</code> which rule. <a href="/">Start page</a>.</p>\n'
        "<table>\n<tr><th>Type</th><th>Status</th><th>Title</th><th>What to do</th></tr>\n"
        f"{rows}\n</table>\n",
    )


@router.get("/problems/{problem_type}")
async def get_problem_type(
    problem_type: str, request: Request, format: Literal["json", "html"] | None = Format
) -> Response:
    """One kind of problem: what it means and what to do."""
    problem = BY_SLUG.get(problem_type)
    if problem is None:
        raise NotFound(f"There is no problem type {problem_type!r}; GET /problems lists them all.")
    if _wants_json(request, format):
        return JSONResponse(_problem_json(problem))
    return _page(
        f"{problem.title} ({problem.status})",
        f"<h1>{html.escape(problem.title)}</h1>\n"
        f"<p>HTTP status <strong>{problem.status}</strong>, <code>code</code> "
        f"<code>{problem.code}</code>, <code>type</code> <code>{problem.uri}</code>.</p>\n"
        f"<h2>What it means</h2>\n<p>{_inline(problem.means)}</p>\n"
        f"<h2>What to do</h2>\n<p>{_inline(problem.what_to_do)}</p>\n"
        '<p><a href="/problems">Every problem type</a> · <a href="/guide">The guide</a> · '
        '<a href="/">Start page</a></p>\n',
    )
