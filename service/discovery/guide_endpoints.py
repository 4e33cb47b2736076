"""``/guide`` (HTML) and ``/guide.md`` (Markdown): the guide for authorities and suppliers.

Not part of the API contract (``include_in_schema=False``): it documents the contract.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from service.contract.guide import guide_html, guide_markdown
from service.kit.routing import area_router

router = area_router(include_in_schema=False)


@router.get("/guide", response_class=HTMLResponse)
async def get_guide(request: Request) -> HTMLResponse:
    """The guide as one self-contained HTML page."""
    return HTMLResponse(guide_html(request.app.openapi()))


@router.get("/guide.md")
async def get_guide_markdown(request: Request) -> Response:
    """The guide as Markdown, generated sections filled in."""
    return Response(guide_markdown(request.app.openapi()), media_type="text/markdown; charset=utf-8")
