"""``/healthz`` (the process answers) and ``/readyz`` (it can serve: the database answers and its
schema is at the migrations' head). Neither needs a token; neither is part of the API contract."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.orm import Session

from service.db import head_revision
from service.kit.routing import area_router
from service.kit.work import run_unit

router = area_router(include_in_schema=False)


@router.get("/healthz")
async def healthz() -> JSONResponse:
    """Liveness: the process is up and its event loop answers. No database work."""
    return JSONResponse({"status": "ok"})


@router.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    """Readiness: 200 when the database answers and is migrated to head, else 503 saying why."""

    def check(session: Session) -> str | None:
        return session.execute(text("SELECT version_num FROM alembic_version")).scalar()

    try:
        revision = await run_unit(request, check)
    except Exception as exc:  # any failure to reach the database means not ready
        return _not_ready(f"the database does not answer ({type(exc).__name__})")
    if revision != head_revision():
        return _not_ready(f"the database is at revision {revision}, not {head_revision()}: run migrate")
    return JSONResponse({"status": "ready", "database_revision": revision})


def _not_ready(reason: str) -> JSONResponse:
    return JSONResponse(
        {"status": "not ready", "reason": reason}, status_code=503, headers={"Retry-After": "5"}
    )
