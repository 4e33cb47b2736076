from __future__ import annotations

import csv
import dataclasses
import io
from typing import Annotated, Any, Literal

from fastapi import Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from service.config import CONTRACT_VERSION
from service.kit.errors import NotFound
from service.kit.operations import COMMON_ERRORS, DISCOVERY_ERRORS, answered_as
from service.kit.routing import area_router
from service.reference_data.registry import CSV_HEADER, CodeListFile, code_lists

router = area_router(prefix="/v1", tags=["discovery"])

MODULES = {
    "core": "People, cases, stage transitions and each child's journey.",
    "audit": "Append-only audit events of every read and write, readable with the audit scope.",
    "reference-data": "Code lists with versions, as JSON and CSV.",
    "assessment": "The map, danger statements paired with safety goals, scales and ratings, and the "
    "vocabulary that follows the stage.",
    "planning": "The safety network, safety plans and reviews, the child's voice, words and pictures, "
    "and the trajectory.",
    "statutory": "The statutory records from the front door to child protection (early help, "
    "referrals, assessments, CIN plans, strategy discussions, section 47 enquiries, conferences, "
    "child protection plans), relationships per child, and stage moves grounded in them.",
    "care": "Looked-after children and care leavers (SSDA903 episodes, looked-after reviews, missing "
    "episodes, permanence decisions, pathway plans, care-leaver contacts, UASC status), and moves into "
    "and out of care grounded in them.",
    "qa": "Allocations, collaborative case audits with their evidence, family and staff feedback, the "
    "core measures and pictures of a case's practice.",
    "data-protection": "How long each child's records are kept, worked out from the records (adoption, "
    "ever looked after, the authority's policy), and a subject access export of a child's records with "
    "what to review before disclosure.",
}


def _public(path: str, response_model: Any, operation_id: str, *requirements: str, **more: Any) -> Any:
    """A discovery operation: GET, no token needed, the requirements it carries."""
    return router.get(
        path,
        response_model=response_model,
        operation_id=operation_id,
        responses=more.pop("responses", DISCOVERY_ERRORS),
        openapi_extra={"security": [], "x-requirements": list(requirements)},
        **more,
    )


class Module(BaseModel):
    id: str = Field(description="The module's id, e.g. `core`, `assessment`.", examples=["core"])
    description: str = Field(description="What the module covers.")


class Capabilities(BaseModel):
    contract_version: str = Field(description="The semantic version of the contract this system implements.")
    api_version: str = Field(default="v1", description="The major version in the path.")
    modules: list[Module] = Field(description="The modules implemented; conformance tests only these.")
    token_scopes: list[str] = Field(description="The token scopes this system understands.")


@_public("/capabilities", Capabilities, "get_capabilities", "SOS-CAP-001")
async def get_capabilities() -> Response:
    """What this system implements.

    The contract version and the modules this system claims; needs no token. The conformance suite
    reads it to decide what to test.
    """
    capabilities = Capabilities(
        contract_version=CONTRACT_VERSION,
        modules=[Module(id=key, description=text) for key, text in MODULES.items()],
        token_scopes=["read", "write", "audit", "admin"],
    )
    return Response(capabilities.model_dump_json(), media_type="application/json")


class CodeRead(BaseModel):
    code: str = Field(description="The value stored and exchanged.", examples=["N1"])
    label: str = Field(description="A short display name.")
    definition: str = Field(description="When to use the code, in one sentence (may be empty).")
    valid_from: str | None = Field(description="First collection year (April-March) the code applies to.")
    valid_to: str | None = Field(description="Last collection year; after it the code is retired.")
    retired: bool = Field(description="Kept for old records; refused for new ones.")


class CodeListSummary(BaseModel):
    id: str = Field(
        description="The list's stable id, as used in `x-code-list` and the path.",
        examples=["cin_primary_need"],
    )
    title: str = Field(description="A human-readable name.")
    version: str = Field(description="Collection year (`2025-26`) if statutory, else a semantic version.")
    owner: str = Field(description="Who owns the codes: the Department for Education, or this project.")
    source_url: str | None = Field(description="Where statutory codes come from; null for our own lists.")
    licence: str = Field(description="The licence the codes are published under.")
    statutory: bool = Field(description="True if the list mirrors a DfE return (CIN census, SSDA903).")
    description: str = Field(description="What the list is for, where it comes from, any caveats.")


class CodeListRead(CodeListSummary):
    codes: list[CodeRead] = Field(description="Every code, current and retired, in file order.")


def _summary(code_list: CodeListFile) -> CodeListSummary:
    return CodeListSummary.model_validate(code_list, from_attributes=True)


@_public("/reference-data", list[CodeListSummary], "list_code_lists", "SOS-REF-001")
async def list_code_lists() -> list[CodeListSummary]:
    """List the code lists.

    Every code list with its version, owner, source and licence; needs no token.
    """
    return [_summary(cl) for cl in code_lists().values()]


@_public(
    "/reference-data/{list_id}",
    CodeListRead,
    "get_code_list",
    "SOS-REF-001",
    "SOS-REF-002",
    responses={
        **DISCOVERY_ERRORS,
        **answered_as("text/csv", "The code list as JSON, or as CSV when asked for."),
        404: COMMON_ERRORS[401] | {"description": "No such code list."},
        422: COMMON_ERRORS[401] | {"description": "The format parameter is not csv or json."},
    },
)
async def get_code_list(
    list_id: Annotated[str, Path(description="The list's id, from GET /v1/reference-data.")],
    request: Request,
    format: Annotated[Literal["json", "csv"] | None, Query(description="csv, or json (the default).")] = None,
) -> Response:
    """Read one code list.

    The list's codes with labels, definitions and validity by collection year, as JSON, or as CSV
    with `?format=csv` or `Accept: text/csv`. The `X-Code-List-Version` header gives its version.
    """
    code_list = code_lists().get(list_id)
    if code_list is None:
        raise NotFound(f"There is no code list '{list_id}'. GET /v1/reference-data lists them.")
    headers = {"X-Code-List-Version": code_list.version}
    wants_csv = format == "csv" or (format is None and "text/csv" in request.headers.get("accept", ""))
    if wants_csv:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        for c in code_list.codes.values():
            writer.writerow([c.code, c.label, c.definition, c.valid_from or "", c.valid_to or ""])
        return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
    body = CodeListRead(
        **_summary(code_list).model_dump(),
        codes=[CodeRead(**dataclasses.asdict(c), retired=c.retired()) for c in code_list.codes.values()],
    )
    return Response(body.model_dump_json(), media_type="application/json", headers=headers)


class Requirement(BaseModel):
    id: str = Field(
        description="Stable requirement id; operations name it in `x-requirements`.", examples=["SOS-REC-003"]
    )
    level: Literal["MUST", "SHOULD", "MAY"] = Field(description="RFC 2119 level.")
    area: str = Field(description="The area of the contract it belongs to.", examples=["records"])
    text: str = Field(description="What a conforming system does.")


class RequirementsCatalogue(BaseModel):
    catalogue_version: str = Field(description="The catalogue's own version.")
    requirements: list[Requirement] = Field(description="Every requirement, in catalogue order.")


@_public("/requirements", RequirementsCatalogue, "get_requirements", "SOS-CAP-001")
async def get_requirements() -> RequirementsCatalogue:
    """Read the requirements catalogue.

    Every requirement of the contract with its id, level and text; needs no token. The same
    catalogue is published in the OpenAPI document under `x-requirements-catalogue`, and each
    operation names the requirements it carries in `x-requirements`.
    """
    from service.contract.build import requirements_catalogue

    return RequirementsCatalogue.model_validate(requirements_catalogue())
