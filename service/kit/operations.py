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

import inspect
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Header, Path, Query, Request, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from service.kit import records as kit
from service.kit.auth import Caller, Reader, Writer
from service.kit.errors import Conflict, Problem
from service.kit.idempotency import Stored, idempotency_guard
from service.kit.pagination import Paging
from service.kit.records import RecordType
from service.kit.responses import page_response, record_headers, record_response
from service.kit.schemas import EnteredInError, History, HistoryEntry
from service.kit.work import run_unit

IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description='The ETag you read, as sent, e.g. W/"3". Required: 428 without it, 412 if stale, 400 if '
        "it is not an entity tag (a bare 3).",
    ),
]

TestData = Annotated[
    bool,
    Header(
        alias="X-Test-Data",
        description="`true` marks the record made as test data (`test_data` in its read): kept like any "
        "record, left out of measures and statutory returns. Send it from test runs (the conformance "
        "suite sends it where it checks that test data is left out).",
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
    400: {**_P, "description": 'If-Match is not an entity tag: send the ETag as read, e.g. W/"3".'},
    **WRITE_ERRORS,
    412: {**_P, "description": "If-Match names an old version; `current_version` says the current one."},
    428: {**_P, "description": "If-Match is missing."},
}

# What the shared operations always stand for; a record type's ``requirements`` add to these.
SHARED_REQUIREMENTS: dict[str, list[str]] = {
    "get": ["SOS-AUDIT-001"],
    "amend": ["SOS-AUDIT-001", "SOS-REC-010"],
    "entered_in_error": ["SOS-REC-004", "SOS-AUDIT-001"],
    "history": ["SOS-REC-005", "SOS-AUDIT-001"],
}


def answered_as(media_type: str, description: str) -> dict[int | str, dict[str, Any]]:
    """The 200 answer of an operation that can (or does) answer with text of another media type."""
    return {200: {"description": description, "content": {media_type: {"schema": {"type": "string"}}}}}


def requirement_ids(*ids: str) -> dict[str, Any]:
    """``openapi_extra`` naming the requirements an operation carries (``x-requirements``)."""
    return {"x-requirements": list(dict.fromkeys(ids))}


T = TypeVar("T")


def reading(router: APIRouter, path: str, response_model: Any, *requirements: str, **more: Any) -> Any:
    """The decorator of an area's own read (GET): the read errors and the requirements it carries."""
    responses = more.pop("responses", READ_ERRORS)
    return router.get(
        path,
        response_model=response_model,
        responses=responses,
        openapi_extra=requirement_ids(*requirements),
        **more,
    )


def stepping(router: APIRouter, path: str, response_model: Any, *requirements: str) -> Any:
    """The decorator of an area's own named step on one record (POST with If-Match, see :func:`act`)."""
    return router.post(
        path,
        response_model=response_model,
        responses=AMEND_ERRORS,
        openapi_extra=requirement_ids(*requirements),
    )


def _named(function: Callable[..., Any], operation_id: str) -> Callable[..., Any]:
    """Give a generated endpoint the operation's name, so operationId == endpoint name everywhere."""
    function.__name__ = function.__qualname__ = operation_id
    return function


def _route(
    router: APIRouter,
    rtype: RecordType[Any],
    method: str,
    path: str,
    endpoint: Callable[..., Any],
    operation_id: str,
    *,
    requirements: Sequence[str],
    **details: Any,
) -> None:
    """Add one generated operation: its endpoint named after it, the record type's tag, the
    requirements it carries; ``details``: response model, status, summary, description, errors."""
    router.add_api_route(
        path,
        _named(endpoint, operation_id),
        methods=[method],
        name=operation_id,
        tags=_tags(router, rtype),
        openapi_extra=requirement_ids(*requirements),
        **details,
    )


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


def _with_parent_in_path(endpoint: Callable[..., Any], rtype: RecordType[Any]) -> Callable[..., Any]:
    """Show FastAPI the endpoint's ``parent_id`` as the parent's id in the path (``{<parent>_id}``, a
    UUID), or, for a type with no parent, not at all (the endpoint's default, None, stands).

    A plain path parameter, not a dependency: FastAPI solves each dependency again on every request,
    and this one was a third of a list's or a create's dependency work. The endpoint's parameters
    become keyword-only (FastAPI passes them by name), so the required one may follow defaults."""
    shown = []
    for param in inspect.signature(endpoint).parameters.values():
        if param.name == "parent_id":
            if rtype.parent is None:
                continue
            owner = rtype.parent.type
            in_path = Path(alias=owner.id_name, description=f"The {owner.label}'s id.")
            param = param.replace(annotation=Annotated[uuid.UUID, in_path], default=inspect.Parameter.empty)
        shown.append(param.replace(kind=inspect.Parameter.KEYWORD_ONLY))
    endpoint.__signature__ = inspect.Signature(shown)  # type: ignore[attr-defined]
    return endpoint


def _load_parent(
    session: Session, caller: Caller, rtype: RecordType[Any], parent_id: uuid.UUID | None, *, writing: bool
) -> Any:
    """The parent record in the path (404 if it is not the caller's): the record itself when a create
    needs it, else just its row. Nothing new is recorded under a record entered in error (409,
    SOS-REC-008): the record stays readable, with what was recorded under it before."""
    if rtype.parent is None or parent_id is None:
        return None
    owner = rtype.parent.type
    if not writing:
        return owner.fetch(session, caller, parent_id)
    parent = owner.get(session, caller, parent_id, lock=True)  # locked: the create's rules read under it
    if parent.status == kit.ENTERED_IN_ERROR:
        raise Conflict(
            f"This {owner.label} was entered in error: nothing more is recorded under it.",
            requirement=rtype.parent.entered_in_error_rule,
        )
    return parent


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
    Filters: Any = Annotated[listing.filters or _NoFilters, Query()]

    async def list_records(
        request: Request,
        caller: Reader,
        paging: Paging,
        filters: Filters,
        parent_id: uuid.UUID | None = None,
    ) -> Any:
        def work(session: Session) -> tuple[list[Any], str | None]:
            _load_parent(session, caller, rtype, parent_id, writing=False)
            where = () if listing.where is None else listing.where(filters)
            rows, cursor = rtype.page(session, caller, paging, parent_id, where)
            return kit.read(session, caller, rtype, rows), cursor

        items, cursor = await run_unit(request, work, reads=True)
        return page_response(request, items, cursor)

    from service.kit.pagination import Page

    _route(
        router,
        rtype,
        "GET",
        collection_path(rtype),
        _with_parent_in_path(list_records, rtype),
        listing.operation_id,
        requirements=[*listing.requirements, "SOS-LIST-001"],
        response_model=Page[rtype.read_schema],  # type: ignore[name-defined]
        summary=listing.summary,
        description=listing.description,
        responses=READ_ERRORS,
    )


class _NoFilters(BaseModel):
    pass


def _add_create(router: APIRouter, rtype: RecordType[Any]) -> None:
    creating = rtype.creating
    assert creating is not None
    Body = creating.schema

    async def create_record(
        request: Request,
        body: Body,  # type: ignore[valid-type]
        caller: Writer,
        parent_id: uuid.UUID | None = None,
        test_data: TestData = False,
    ) -> Any:
        guard = await idempotency_guard(request, caller)

        def work(session: Session) -> tuple[Stored, bool]:
            earlier = guard.replay(session)
            if earlier is not None:
                return earlier, True
            parent = _load_parent(session, caller, rtype, parent_id, writing=True)
            if rtype.consistent is not None:
                rtype.consistent.of(body.model_dump())  # type: ignore[attr-defined]
            if creating.build is None:
                record = kit.build_plainly(session, caller, parent, body, rtype)
            else:
                record = creating.build(session, caller, parent, body)
                record = kit.new_record(rtype, record) if isinstance(record, Mapping) else record
            record.test_data = test_data
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

    _route(
        router,
        rtype,
        "POST",
        collection_path(rtype),
        _with_parent_in_path(create_record, rtype),
        creating.operation_id,
        requirements=[*creating.requirements, "SOS-HTTP-010"],
        status_code=201,
        response_model=rtype.read_schema,
        summary=creating.summary,
        description=creating.description,
        responses=WRITE_ERRORS,
    )


def _record_id(rtype: RecordType[Any]) -> Any:
    """The record's id in the path (``{<name>_id}``), as a parameter default."""
    return Path(alias=rtype.id_name, description=f"The {rtype.label}'s id.")


def _item_path(rtype: RecordType[Any]) -> str:
    return f"{rtype.path}/{{{rtype.id_name}}}"


@dataclass(frozen=True)
class _Shared:
    """One of the operations every record type has on one record ({name} and {label} filled in)."""

    method: str
    below: str
    """The path below the record's own."""
    operation_id: str
    errors: dict[int | str, dict[str, Any]]
    summary: str
    description: str


_SHARED = {
    "get": _Shared(
        "GET",
        "",
        "get_{name}",
        READ_ERRORS,
        "Read a {label}",
        "Returns the current version of one {label}, with its ETag. Writes an audit event.",
    ),
    "amend": _Shared(
        "PATCH",
        "",
        "amend_{name}",
        AMEND_ERRORS,
        "Amend a {label}",
        "Changes the fields you send (JSON merge semantics) and makes a new version of the {label}; the old "
        "version stays in its history. Needs If-Match.",
    ),
    "entered_in_error": _Shared(
        "POST",
        "/entered-in-error",
        "mark_{name}_entered_in_error",
        AMEND_ERRORS,
        "Mark a {label} entered in error",
        "Records are never deleted: this sets the {label}'s status to `entered_in_error` with your reason. "
        "It stays readable, with its history. Needs If-Match.",
    ),
    "history": _Shared(
        "GET",
        "/history",
        "get_{name}_history",
        READ_ERRORS,
        "Every version of a {label}",
        "Lists every version of the {label}, oldest first, with who made it, when and why.",
    ),
}


def _add_shared(
    router: APIRouter,
    rtype: RecordType[Any],
    key: str,
    endpoint: Callable[..., Any],
    response_model: Any = None,
) -> None:
    """Add the shared operation ``key`` (see :data:`_SHARED`) on one record of the type."""
    shared, words = _SHARED[key], {"name": rtype.name, "label": rtype.label}
    _route(
        router,
        rtype,
        shared.method,
        _item_path(rtype) + shared.below,
        endpoint,
        shared.operation_id.format(**words),
        requirements=[
            *SHARED_REQUIREMENTS[key],
            *rtype.requirements.get(key, ()),
            *([rtype.kept.requirement] if rtype.kept and key in rtype.kept.carried_by else []),
        ],
        response_model=response_model or rtype.read_schema,
        summary=shared.summary.format(**words),
        description=shared.description.format(**words),
        responses=shared.errors,
    )


def _add_get(router: APIRouter, rtype: RecordType[Any]) -> None:
    record_id_in_path = _record_id(rtype)

    async def get_record(request: Request, caller: Reader, record_id: uuid.UUID = record_id_in_path) -> Any:
        def work(session: Session) -> tuple[Any, int]:
            record = rtype.fetch(session, caller, record_id)
            return kit.read(session, caller, rtype, [record])[0], record.version

        shown, version = await run_unit(request, work, reads=True)
        return record_response(shown, version)

    _add_shared(router, rtype, "get", get_record)


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
        reason_code = data.pop("amendment_reason_code", None)
        on = data.pop("effective_on")
        kit.refuse_nulls(rtype, data)

        def amend(session: Session, record: Any) -> Any:
            kit.check_if_match(record, if_match)
            if rtype.consistent is not None:
                rtype.consistent.amending(record, data)
            changes = rtype.on_amend(session, caller, record, data) if rtype.on_amend else data
            return kit.change(
                session,
                caller,
                rtype,
                record,
                kit.column_values(rtype, changes),
                on=on,
                reason=reason,
                reason_code=reason_code,
            )

        return await _changed(request, caller, rtype, record_id, amend)

    _add_shared(router, rtype, "amend", amend_record)


def _add_entered_in_error(router: APIRouter, rtype: RecordType[Any]) -> None:
    record_id_in_path = _record_id(rtype)

    async def mark_entered_in_error(
        body: EnteredInError,
        request: Request,
        caller: Writer,
        if_match: IfMatch = None,
        record_id: uuid.UUID = record_id_in_path,
    ) -> Any:
        def mark(session: Session, record: Any) -> Any:
            return kit.mark_entered_in_error(
                session, caller, rtype, record, body.reason, if_match, body.effective_on
            )

        return await _changed(request, caller, rtype, record_id, mark)

    _add_shared(router, rtype, "entered_in_error", mark_entered_in_error)


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

    _add_shared(router, rtype, "history", get_history, History)


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
    on: date,
    status: int = 200,
) -> Response:
    """A named practice step on one record: load it (tenancy), check If-Match once, let the area's
    rule ``decide`` the change, make the new version about the practice date ``on`` (the body's
    ``effective_on``, see :class:`~service.kit.schemas.PracticeStep`), answer with the record and its
    ETag."""

    def step(session: Session, record: Any) -> Any:
        kit.check_if_match(record, if_match)
        made = decide(session, record)
        changes = kit.column_values(rtype, made.changes)
        return kit.change(
            session, caller, rtype, record, changes, on=on, reason=made.reason, step=made.change
        )

    return await _changed(request, caller, rtype, record_id, step, status)


async def about(
    request: Request,
    caller: Caller,
    rtype: RecordType[Any],
    record_id: uuid.UUID,
    action: str,
    compute: Callable[[Session, Any], T],
) -> T:
    """A read about one record, as one unit: load it (another authority's is as absent as none), write
    the audit event ``action`` for it, and return what ``compute(session, record)`` works out."""

    def work(session: Session) -> T:
        record = rtype.get(session, caller, record_id)
        kit.audit(session, caller, action, rtype, [record])
        return compute(session, record)

    return await run_unit(request, work)


async def _changed(
    request: Request,
    caller: Caller,
    rtype: RecordType[Any],
    record_id: uuid.UUID,
    change: Callable[[Session, Any], Any],
    status: int = 200,
) -> Response:
    """One unit: load one of the caller's records, let ``change`` make its new version (the record as
    shown), then answer with it and its ETag."""

    def work(session: Session) -> tuple[Any, int]:
        # Locked: a change reads the record (its version, its status) before it writes.
        record = rtype.get(session, caller, record_id, lock=True)
        return change(session, record), record.version

    shown, version = await run_unit(request, work)
    return record_response(shown, version, status)
