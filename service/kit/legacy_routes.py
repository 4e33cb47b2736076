"""The routes every record type shares: read one, amend, mark entered in error, history.

Each record module creates its own list and create operations (they differ in their rules) and
calls :func:`add_record_routes` for the four shared ones, so they behave the same everywhere.
"""

import uuid
from collections.abc import Callable
from typing import Annotated, Any, cast

from fastapi import APIRouter, Header, Path, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from service.db import SessionDep
from service.kit.auth import Caller, Reader, Writer
from service.kit.errors import Problem
from service.kit.legacy_records import RecordKind, etag
from service.kit.schemas import EnteredInError, History, HistoryEntry

IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match", description='The ETag you read, e.g. W/"3". Required: 428 without it, 412 if stale.'
    ),
]

_P = {"model": Problem, "content": {"application/problem+json": {}}}
COMMON_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {**_P, "description": "No valid bearer token."},
    403: {**_P, "description": "The token lacks the scope this operation needs."},
    406: {**_P, "description": "The Accept header allows nothing this service can send."},
}
DISCOVERY_ERRORS: dict[int | str, dict[str, Any]] = {406: COMMON_ERRORS[406]}
READ_ERRORS = {
    **COMMON_ERRORS,
    404: {**_P, "description": "No such record for your authority."},
    422: {**_P, "description": "A query parameter is not valid."},
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **COMMON_ERRORS,
    404: {**_P, "description": "No such record for your authority."},
    409: {
        **_P,
        "description": "Conflicts with the record's state, or a concurrent request with the same key.",
    },
    413: {**_P, "description": "The body is over the size limit."},
    415: {**_P, "description": "The body is not application/json."},
    422: {
        **_P,
        "description": "A field, code or recording rule refuses the request; `errors` names each field.",
    },
}
AMEND_ERRORS: dict[int | str, dict[str, Any]] = {
    **WRITE_ERRORS,
    412: {**_P, "description": "If-Match names an old version; `current_version` says the current one."},
    428: {**_P, "description": "If-Match is missing."},
}

# What the four shared operations always stand for; a record module's ``requirements`` add to these.
SHARED_REQUIREMENTS: dict[str, list[str]] = {
    "get": ["SOS-AUDIT-001"],
    "amend": ["SOS-AUDIT-001"],
    "entered_in_error": ["SOS-REC-004", "SOS-AUDIT-001"],
    "history": ["SOS-REC-005", "SOS-AUDIT-001"],
}


def _named(function: Callable[..., Any], operation_id: str) -> Callable[..., Any]:
    """Give a generated endpoint the operation's name, so operationId == endpoint name everywhere."""
    function.__name__ = function.__qualname__ = operation_id
    return function


def requirement_ids(*ids: str) -> dict[str, Any]:
    """``openapi_extra`` naming the requirements an operation carries (``x-requirements``)."""
    return {"x-requirements": list(ids)}


def _reqs(given: dict[str, list[str]], key: str) -> dict[str, Any]:
    ids = SHARED_REQUIREMENTS[key] + [i for i in given.get(key, []) if i not in SHARED_REQUIREMENTS[key]]
    return {"x-requirements": ids}


AmendHook = Callable[[Session, Caller, Any, dict[str, Any]], dict[str, Any]]


def add_record_routes(
    router: APIRouter,
    kind: RecordKind[Any, Any],
    *,
    path: str,
    name: str,
    read_schema: type[BaseModel],
    amend_schema: type[BaseModel] | None,
    on_amend: AmendHook | None = None,
    requirements: dict[str, list[str]] | None = None,
    before_entered_in_error: Callable[[Session, Caller, Any], None] | None = None,
) -> None:
    """Add get_<name>, amend_<name>, mark_<name>_entered_in_error and get_<name>_history."""
    reqs = requirements or {}
    label = kind.label
    id_name = f"{name}_id"
    RecordId = Annotated[uuid.UUID, Path(alias=id_name, description=f"The {label}'s id.")]

    def get_record(record_id: RecordId, session: SessionDep, caller: Reader, response: Response) -> Any:
        return kind.read(session, caller, kind.get(session, caller, record_id), response)

    router.add_api_route(
        f"{path}/{{{id_name}}}",
        _named(get_record, f"get_{name}"),
        methods=["GET"],
        response_model=read_schema,
        operation_id=f"get_{name}",
        summary=f"Read a {label}",
        description=f"Returns the current version of one {label}, with its ETag. Writes an audit event.",
        responses=READ_ERRORS,
        openapi_extra=_reqs(reqs, "get"),
    )

    if amend_schema is not None:
        schema = amend_schema

        def amend_record(
            record_id: RecordId,
            body: schema,  # type: ignore[valid-type]
            session: SessionDep,
            caller: Writer,
            response: Response,
            if_match: IfMatch = None,
        ) -> Any:
            record = kind.get(session, caller, record_id)
            data = cast(BaseModel, body).model_dump(exclude_unset=True)
            reason = data.pop("amendment_reason", None)
            if on_amend is not None:
                data = on_amend(session, caller, record, data)
            result = kind.amend(session, caller, record, data, if_match, reason)
            response.headers["ETag"] = etag(record.version)
            return result

        router.add_api_route(
            f"{path}/{{{id_name}}}",
            _named(amend_record, f"amend_{name}"),
            methods=["PATCH"],
            response_model=read_schema,
            operation_id=f"amend_{name}",
            summary=f"Amend a {label}",
            description=(
                f"Changes the fields you send (JSON merge semantics) and makes a new version of the {label}; "
                "the old version stays in its history. Needs If-Match."
            ),
            responses=AMEND_ERRORS,
            openapi_extra=_reqs(reqs, "amend"),
        )

    def mark_entered_in_error(
        record_id: RecordId,
        body: EnteredInError,
        session: SessionDep,
        caller: Writer,
        response: Response,
        if_match: IfMatch = None,
    ) -> Any:
        record = kind.get(session, caller, record_id)
        if before_entered_in_error is not None:
            before_entered_in_error(session, caller, record)
        result = kind.mark_entered_in_error(session, caller, record, body.reason, if_match)
        response.headers["ETag"] = etag(record.version)
        return result

    router.add_api_route(
        f"{path}/{{{id_name}}}/entered-in-error",
        _named(mark_entered_in_error, f"mark_{name}_entered_in_error"),
        methods=["POST"],
        response_model=read_schema,
        operation_id=f"mark_{name}_entered_in_error",
        summary=f"Mark a {label} entered in error",
        description=(
            f"Records are never deleted: this sets the {label}'s status to `entered_in_error` "
            "with your reason. "
            "It stays readable, with its history. Needs If-Match."
        ),
        responses=AMEND_ERRORS,
        openapi_extra=_reqs(reqs, "entered_in_error"),
    )

    def get_history(record_id: RecordId, session: SessionDep, caller: Reader) -> History:
        record = kind.get(session, caller, record_id)
        versions = kind.history(session, caller, record)
        return History(
            record_id=record.id,
            record_type=kind.record_type,
            versions=[
                HistoryEntry(
                    version=v.version,
                    change=v.change,
                    reason=v.reason,
                    recorded_at=v.recorded_at,
                    recorded_by=v.recorded_by,
                    effective_date=v.effective_date,
                    data=v.data,
                )
                for v in versions
            ],
        )

    router.add_api_route(
        f"{path}/{{{id_name}}}/history",
        _named(get_history, f"get_{name}_history"),
        methods=["GET"],
        response_model=History,
        operation_id=f"get_{name}_history",
        summary=f"Every version of a {label}",
        description=f"Lists every version of the {label}, oldest first, with who made it, when and why.",
        responses=READ_ERRORS,
        openapi_extra=_reqs(reqs, "history"),
    )
