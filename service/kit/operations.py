"""The operations every record type gets from its declaration, built once here.

:func:`add_operations` adds, for a :class:`~service.kit.records.RecordType`:

* ``list_<...>`` (its :class:`~service.kit.records.Listing`): a page at a time, under its parent;
* ``create_<...>`` (its :class:`~service.kit.records.Creating`): 201 with ETag and Location, honouring
  Idempotency-Key;
* ``get_<name>``: the current version with its ETag;
* ``amend_<name>`` (when it has an amend schema): PATCH with If-Match, a new version;
* ``mark_<name>_entered_in_error``: never deleted, marked with a reason;
* ``get_<name>_history``: every version.

Each is an ``async`` endpoint whose database work is one unit (:func:`service.kit.work.run_unit`).
:func:`act` is the same for a named practice step on one record (marking a goal met, withdrawing a
statement): load, If-Match, the area's rule, a new version, the response.

No ``from __future__ import annotations`` here: the endpoints' annotations name schemas that exist
only at run time, and FastAPI reads them from the function objects.
"""

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from service.kit import records as kit
from service.kit.auth import Caller, Reader, Writer
from service.kit.errors import Problem
from service.kit.idempotency import Idempotency, Stored
from service.kit.pagination import Paging, page_of
from service.kit.records import RecordType
from service.kit.responses import page_response, record_headers, record_response
from service.kit.schemas import EnteredInError, History, HistoryEntry
from service.kit.work import run_unit

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
READ_ERRORS: dict[int | str, dict[str, Any]] = {
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

# What the shared operations always stand for; a record type's ``requirements`` add to these.
SHARED_REQUIREMENTS: dict[str, list[str]] = {
    "get": ["SOS-AUDIT-001"],
    "amend": ["SOS-AUDIT-001"],
    "entered_in_error": ["SOS-REC-004", "SOS-AUDIT-001"],
    "history": ["SOS-REC-005", "SOS-AUDIT-001"],
}


def requirement_ids(*ids: str) -> dict[str, Any]:
    """``openapi_extra`` naming the requirements an operation carries (``x-requirements``)."""
    return {"x-requirements": list(dict.fromkeys(ids))}


def _named(function: Callable[..., Any], operation_id: str) -> Callable[..., Any]:
    """Give a generated endpoint the operation's name, so operationId == endpoint name everywhere."""
    function.__name__ = function.__qualname__ = operation_id
    return function


def _shared(rtype: RecordType[Any], key: str) -> dict[str, Any]:
    return requirement_ids(*SHARED_REQUIREMENTS[key], *rtype.requirements.get(key, ()))


def _tags(router: APIRouter, rtype: RecordType[Any]) -> list[str | Enum]:
    """The operation's own tag, when the router (the area's) does not give it already."""
    if rtype.tag is None or rtype.tag in router.tags:
        return []
    return [rtype.tag]


def collection_path(rtype: RecordType[Any]) -> str:
    """Where a type's records are listed and created: under the parent's record, or its own path."""
    if rtype.parent is None:
        return rtype.path
    owner = rtype.parent.type
    return f"{owner.path}/{{{owner.id_name}}}/{rtype.parent.segment}"


def _parent_id(rtype: RecordType[Any]) -> Callable[..., Any]:
    """A dependency giving the parent's id from the path (None for a type with no parent)."""
    if rtype.parent is None:

        async def no_parent() -> None:
            return None

        return no_parent
    owner = rtype.parent.type

    async def parent_id(
        value: Annotated[uuid.UUID, Path(alias=owner.id_name, description=f"The {owner.label}'s id.")],
    ) -> uuid.UUID:
        return value

    return parent_id


def _load_parent(
    session: Session, caller: Caller, rtype: RecordType[Any], parent_id: uuid.UUID | None, *, writing: bool
) -> Any:
    """The parent record in the path (404 if it is not the caller's): the record itself when a create
    needs it, else just its row."""
    if rtype.parent is None or parent_id is None:
        return None
    owner = rtype.parent.type
    return owner.get(session, caller, parent_id) if writing else owner.fetch(session, caller, parent_id)


def add_operations(router: APIRouter, rtype: RecordType[Any]) -> None:
    """Add every operation the record type's declaration asks for."""
    if rtype.tag is None and not router.tags:
        raise ValueError(f"{rtype.name}: give the record type a tag, or its router")
    if rtype.listing is not None:
        _add_list(router, rtype)
    if rtype.creating is not None:
        _add_create(router, rtype)
    _add_get(router, rtype)
    if rtype.amend_schema is not None:
        _add_amend(router, rtype)
    _add_entered_in_error(router, rtype)
    _add_history(router, rtype)


def _add_list(router: APIRouter, rtype: RecordType[Any]) -> None:
    listing = rtype.listing
    assert listing is not None
    parent_in_path = Depends(_parent_id(rtype))
    Filters: Any = Annotated[listing.filters or _NoFilters, Query()]

    async def list_records(
        request: Request,
        caller: Reader,
        paging: Paging,
        filters: Filters,
        parent_id: uuid.UUID | None = parent_in_path,
    ) -> Any:
        def work(session: Session) -> tuple[list[Any], str | None]:
            _load_parent(session, caller, rtype, parent_id, writing=False)
            query = rtype.query(caller, parent_id)
            if listing.where is not None:
                query = query.where(*listing.where(filters))
            rows, cursor = page_of(session, query, rtype.model, paging)
            return kit.read(session, caller, rtype, rows), cursor

        items, cursor = await run_unit(request, work)
        return page_response(request, items, cursor)

    from service.kit.pagination import Page

    router.add_api_route(
        collection_path(rtype),
        _named(list_records, listing.operation_id),
        methods=["GET"],
        name=listing.operation_id,
        response_model=Page[rtype.read_schema],  # type: ignore[name-defined]
        summary=listing.summary,
        description=listing.description,
        responses=READ_ERRORS,
        tags=_tags(router, rtype),
        openapi_extra=requirement_ids(*listing.requirements, "SOS-LIST-001"),
    )


class _NoFilters(BaseModel):
    pass


def _add_create(router: APIRouter, rtype: RecordType[Any]) -> None:
    creating = rtype.creating
    assert creating is not None
    parent_in_path = Depends(_parent_id(rtype))
    Body = creating.schema

    async def create_record(
        request: Request,
        body: Body,  # type: ignore[valid-type]
        caller: Writer,
        guard: Idempotency,
        parent_id: uuid.UUID | None = parent_in_path,
    ) -> Any:
        def work(session: Session) -> tuple[Stored, bool]:
            earlier = guard.replay(session)
            if earlier is not None:
                return earlier, True
            parent = _load_parent(session, caller, rtype, parent_id, writing=True)
            if creating.build is None:
                record = kit.build_plainly(session, caller, parent, body, rtype)
            else:
                record = creating.build(session, caller, parent, body)
                record = kit.new_record(rtype, record) if isinstance(record, Mapping) else record
            shown = kit.create(session, caller, rtype, record)
            if creating.respond is not None:
                creating.respond(session, record, shown)
            stored = Stored(
                201, record_headers(record.version, rtype.location(record)), shown.model_dump_json()
            )
            guard.remember(session, stored)
            return stored, False

        stored, replayed = await run_unit(request, work)
        return stored.response(replayed)

    router.add_api_route(
        collection_path(rtype),
        _named(create_record, creating.operation_id),
        methods=["POST"],
        name=creating.operation_id,
        status_code=201,
        response_model=rtype.read_schema,
        summary=creating.summary,
        description=creating.description,
        responses=WRITE_ERRORS,
        tags=_tags(router, rtype),
        openapi_extra=requirement_ids(*creating.requirements, "SOS-HTTP-010"),
    )


def _record_id(rtype: RecordType[Any]) -> Any:
    """The record's id in the path (``{<name>_id}``), as a parameter default."""
    return Path(alias=rtype.id_name, description=f"The {rtype.label}'s id.")


def _item_path(rtype: RecordType[Any]) -> str:
    return f"{rtype.path}/{{{rtype.id_name}}}"


def _add_get(router: APIRouter, rtype: RecordType[Any]) -> None:
    record_id_in_path = _record_id(rtype)

    async def get_record(request: Request, caller: Reader, record_id: uuid.UUID = record_id_in_path) -> Any:
        def work(session: Session) -> tuple[Any, int]:
            record = rtype.fetch(session, caller, record_id)
            return kit.read(session, caller, rtype, [record])[0], record.version

        shown, version = await run_unit(request, work)
        return record_response(shown, version)

    operation_id = f"get_{rtype.name}"
    router.add_api_route(
        _item_path(rtype),
        _named(get_record, operation_id),
        methods=["GET"],
        name=operation_id,
        response_model=rtype.read_schema,
        summary=f"Read a {rtype.label}",
        description=(
            f"Returns the current version of one {rtype.label}, with its ETag. Writes an audit event."
        ),
        responses=READ_ERRORS,
        tags=_tags(router, rtype),
        openapi_extra=_shared(rtype, "get"),
    )


def _add_amend(router: APIRouter, rtype: RecordType[Any]) -> None:
    record_id_in_path = _record_id(rtype)
    Body = rtype.amend_schema

    async def amend_record(
        body: Body,  # type: ignore[valid-type]
        request: Request,
        caller: Writer,
        if_match: IfMatch = None,
        record_id: uuid.UUID = record_id_in_path,
    ) -> Any:
        given = body.model_fields_set  # type: ignore[attr-defined]
        data = {k: v for k, v in body.model_dump().items() if k in given}  # type: ignore[attr-defined]
        reason = data.pop("amendment_reason", None)
        kit.refuse_nulls(rtype, data)

        def work(session: Session) -> tuple[Any, int]:
            record = rtype.get(session, caller, record_id)
            kit.check_if_match(record, if_match)
            changes = rtype.on_amend(session, caller, record, data) if rtype.on_amend else data
            shown = kit.change(
                session, caller, rtype, record, kit.column_values(rtype, changes), reason=reason
            )
            return shown, record.version

        shown, version = await run_unit(request, work)
        return record_response(shown, version)

    operation_id = f"amend_{rtype.name}"
    router.add_api_route(
        _item_path(rtype),
        _named(amend_record, operation_id),
        methods=["PATCH"],
        name=operation_id,
        response_model=rtype.read_schema,
        summary=f"Amend a {rtype.label}",
        description=(
            "Changes the fields you send (JSON merge semantics) and makes a new version of the "
            f"{rtype.label}; "
            "the old version stays in its history. Needs If-Match."
        ),
        responses=AMEND_ERRORS,
        tags=_tags(router, rtype),
        openapi_extra=_shared(rtype, "amend"),
    )


def _add_entered_in_error(router: APIRouter, rtype: RecordType[Any]) -> None:
    record_id_in_path = _record_id(rtype)

    async def mark_entered_in_error(
        body: EnteredInError,
        request: Request,
        caller: Writer,
        if_match: IfMatch = None,
        record_id: uuid.UUID = record_id_in_path,
    ) -> Any:
        def work(session: Session) -> tuple[Any, int]:
            record = rtype.get(session, caller, record_id)
            shown = kit.mark_entered_in_error(session, caller, rtype, record, body.reason, if_match)
            return shown, record.version

        shown, version = await run_unit(request, work)
        return record_response(shown, version)

    operation_id = f"mark_{rtype.name}_entered_in_error"
    router.add_api_route(
        f"{_item_path(rtype)}/entered-in-error",
        _named(mark_entered_in_error, operation_id),
        methods=["POST"],
        name=operation_id,
        response_model=rtype.read_schema,
        summary=f"Mark a {rtype.label} entered in error",
        description=(
            f"Records are never deleted: this sets the {rtype.label}'s status to `entered_in_error` "
            "with your reason. It stays readable, with its history. Needs If-Match."
        ),
        responses=AMEND_ERRORS,
        tags=_tags(router, rtype),
        openapi_extra=_shared(rtype, "entered_in_error"),
    )


def _add_history(router: APIRouter, rtype: RecordType[Any]) -> None:
    record_id_in_path = _record_id(rtype)

    async def get_history(request: Request, caller: Reader, record_id: uuid.UUID = record_id_in_path) -> Any:
        def work(session: Session) -> History:
            record = rtype.fetch(session, caller, record_id)
            versions = kit.history(session, caller, rtype, record)
            return History(
                record_id=record.id,
                record_type=rtype.record_type,
                versions=[HistoryEntry.model_validate(v, from_attributes=True) for v in versions],
            )

        return Response((await run_unit(request, work)).model_dump_json(), media_type="application/json")

    operation_id = f"get_{rtype.name}_history"
    router.add_api_route(
        f"{_item_path(rtype)}/history",
        _named(get_history, operation_id),
        methods=["GET"],
        name=operation_id,
        response_model=History,
        summary=f"Every version of a {rtype.label}",
        description=(
            f"Lists every version of the {rtype.label}, oldest first, with who made it, when and why."
        ),
        responses=READ_ERRORS,
        tags=_tags(router, rtype),
        openapi_extra=_shared(rtype, "history"),
    )


@dataclass(frozen=True)
class Change:
    """What a named practice step does to a record: the column changes, the step's name (kept in the
    history as ``change``) and its reason."""

    changes: dict[str, Any]
    change: str
    reason: str | None = None


async def act(
    request: Request,
    caller: Caller,
    rtype: RecordType[Any],
    record_id: uuid.UUID,
    if_match: str | None,
    decide: Callable[[Session, Any], Change],
    *,
    status: int = 200,
) -> Response:
    """A named practice step on one record: load it (tenancy), check If-Match once, let the area's
    rule ``decide`` the change, make the new version, answer with the record and its ETag."""

    def work(session: Session) -> tuple[Any, int]:
        record = rtype.get(session, caller, record_id)
        kit.check_if_match(record, if_match)
        step = decide(session, record)
        shown = kit.change(
            session,
            caller,
            rtype,
            record,
            kit.column_values(rtype, step.changes),
            reason=step.reason,
            step=step.change,
        )
        return shown, record.version

    shown, version = await run_unit(request, work)
    return record_response(shown, version, status)
