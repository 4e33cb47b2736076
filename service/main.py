"""The application factory."""

from __future__ import annotations

import functools
import json
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline

from service.assessment.endpoints import router as assessment_router
from service.audit.endpoints import router as audit_router
from service.care.endpoints import router as care_router
from service.cases.endpoints import router as cases_router
from service.config import CONTRACT_VERSION, get_settings
from service.contract.build import finish_openapi
from service.data_protection.endpoints import router as data_protection_router
from service.db import db_slots
from service.discovery.endpoints import router as discovery_router
from service.discovery.guide_endpoints import router as guide_router
from service.discovery.pages import router as pages_router
from service.health import router as health_router
from service.kit.accesslog import AccessLogMiddleware
from service.kit.errors import install_error_handlers
from service.kit.methods import media_types_for, methods_for
from service.kit.middleware import HttpHygieneMiddleware
from service.kit.ratelimit import RateLimiter
from service.kit.routing import install_routes, operation_id
from service.kit.work import UnitRunner
from service.people.endpoints import router as people_router
from service.planning.endpoints import router as planning_router
from service.qa.endpoints import router as qa_router
from service.qa.measures_endpoints import router as measures_router
from service.returns.endpoints import router as returns_router
from service.stages.endpoints import router as stages_router
from service.statutory.endpoints import router as statutory_router

TAGS = [
    {"name": "discovery", "description": "What this system implements, and the code lists. No token needed."},
    {"name": "people", "description": "Children (born or unborn) and the adults around them."},
    {"name": "cases", "description": "A family's working file and its members: one case, one plan."},
    {
        "name": "stages",
        "description": "Each child's stage on the continuum, the moves between, and the journey.",
    },
    {
        "name": "statutory",
        "description": "The statutory process from the front door to child protection (referral, assessment, "
        "strategy discussion, section 47, conferences, plans) and each adult's relationship to each child.",
    },
    {
        "name": "care",
        "description": "Looked-after children and care leavers: SSDA903 episodes, looked-after reviews, "
        "missing episodes, permanence decisions, pathway plans, care-leaver contacts and UASC status.",
    },
    {
        "name": "assessment",
        "description": "The map, danger statements with safety goals, scales and ratings.",
    },
    {
        "name": "planning",
        "description": "The safety network, safety plans, the child's voice and the trajectory.",
    },
    {
        "name": "qa",
        "description": "Quality assurance: allocations, collaborative case audits with their evidence, "
        "family and staff feedback, and pictures of a case's practice.",
    },
    {
        "name": "returns",
        "description": "The statutory returns made from the same records (CIN census, SSDA903, Annex A): "
        "admin or audit scope, each request audited as one bulk read.",
    },
    {
        "name": "data-protection",
        "description": "How long each child's records are kept, worked out from the records (never "
        "typed), and a subject access export of them marking what to review before disclosure.",
    },
    {"name": "audit", "description": "The append-only trail of every read and write (audit scope)."},
]

DESCRIPTION = """\
The Signs of Safety case-recording reference service: how a case-management system should record
Signs of Safety practice across early help, child in need, child protection, looked-after children
and care leavers, as one continuous record per family.

Every request except discovery needs an OAuth 2.0 bearer token (JWT) naming the local authority the
caller acts for and its scopes (`read`, `write`, `audit`, `admin`). Errors are RFC 9457
problem+json. Updates need `If-Match`; creates honour `Idempotency-Key`. Records are never deleted:
they are amended (each change a new version, see `/history`) or marked entered in error.
"""


# Where the API is: the server that serves this document (a relative URL resolves against it, so the
# contract reads true on every deployment, and the interactive docs call the server they came from).
SERVERS = [
    {
        "url": "/",
        "description": "The system serving this document (the reference service: `make run`, "
        "http://127.0.0.1:8000). A supplier's own system serves the same paths from its own base URL.",
    }
]
# Who answers questions about the contract. An authority that hands the contract to its suppliers puts
# its own contact here when it republishes it (openapi/README.md).
CONTACT = {"name": "Signs of Safety case-recording reference service maintainers"}


def create_app() -> FastAPI:
    settings = get_settings()
    app = FastAPIOffline(
        title="Signs of Safety case-recording reference API",
        version=CONTRACT_VERSION,
        description=DESCRIPTION,
        openapi_tags=TAGS,
        generate_unique_id_function=operation_id,
        swagger_ui_parameters={"persistAuthorization": True},
        # FastAPI's own OpenTelemetry hooks: off (they cost a check per request; nothing here uses them).
        telemetry={"tracing": False, "metrics": False, "logs": False, "operation_spans": False},
    )
    app.state.units = UnitRunner(
        slots=db_slots(settings.database_url),
        queue_limit=settings.queue_limit,
        queue_seconds=settings.queue_seconds,
    )
    install_error_handlers(app)
    app.add_middleware(
        HttpHygieneMiddleware,
        max_body_bytes=settings.max_body_bytes,
        allowed_methods=lambda scope: methods_for(app.router.routes, scope),
        declared_media=lambda scope: media_types_for(app.router.routes, scope),
        rate_limiter=RateLimiter(settings.rate_limit_per_second, settings.rate_limit_burst),
    )
    app.add_middleware(AccessLogMiddleware)  # outermost: it sees every answer, refusals included
    install_routes(
        app,
        (
            discovery_router,
            people_router,
            cases_router,
            stages_router,
            statutory_router,
            care_router,
            assessment_router,
            planning_router,
            qa_router,
            measures_router,
            returns_router,
            data_protection_router,
            audit_router,
            guide_router,
            pages_router,
            health_router,
        ),
    )

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_openapi(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    serve_published_contract(app)
    return app


def published_text(app: FastAPI) -> str:
    """The published contract's text: the app's OpenAPI document as deterministic JSON (sorted keys,
    two-space indent, final newline). ``openapi/openapi.json`` is this text, and ``/openapi.json``
    serves it, so the two are the same bytes."""
    return json.dumps(app.openapi(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def serve_published_contract(app: FastAPI) -> None:
    """Serve ``/openapi.json`` as the published text, in place of FastAPI's compact rendering of the
    same document (the same content in other bytes). Rendered on the first request and kept: the
    document does not change while the process runs. Behind a path prefix (an ASGI ``root_path``) the
    document names that prefix as its first server, as FastAPI's own route does, so the interactive
    docs call the right address; that deployment's document is then its own, not the published one."""
    path = app.openapi_url
    assert path is not None  # FastAPIOffline needs it too

    @functools.cache
    def published() -> bytes:
        return published_text(app).encode("utf-8")

    async def contract(request: Request) -> Response:
        prefix = request.scope.get("root_path", "").rstrip("/")
        if prefix and app.root_path_in_servers:
            schema = dict(app.openapi())
            schema["servers"] = [{"url": prefix}, *schema.get("servers", [])]
            return JSONResponse(schema)
        return Response(published(), media_type="application/json")

    app.router.routes[:] = [r for r in app.router.routes if getattr(r, "path", None) != path]
    app.add_route(path, contract, include_in_schema=False)


def build_openapi(app: FastAPI) -> dict[str, Any]:
    schema = get_openapi(
        title=app.title,
        version=app.version,
        openapi_version="3.1.0",
        description=app.description,
        routes=app.routes,
        tags=app.openapi_tags,
        license_info={"name": "MIT", "identifier": "MIT"},
        contact=CONTACT,
        servers=SERVERS,
    )
    schema["components"].setdefault("securitySchemes", {})["bearerAuth"] = {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "A JWT with claims sub, la_code, scope, iss, aud and exp.",
    }
    schema["security"] = [{"bearerAuth": []}]
    return finish_openapi(schema, app)


def render_openapi() -> str:
    """The published contract: the text ``/openapi.json`` serves (:func:`published_text`)."""
    return published_text(create_app())
