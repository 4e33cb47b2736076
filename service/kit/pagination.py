"""Cursor pagination for every list: keyset on (updated_at, id), so pages stay stable under writes."""

from __future__ import annotations

import base64
import json
import re
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query, Request
from pydantic import BaseModel, BeforeValidator, Field
from sqlalchemy import BindParameter, Integer, Select, and_, bindparam, or_
from sqlalchemy.orm import Session

from service.kit.errors import ValidationFailed, field_error

T = TypeVar("T")
MAX_LIMIT = 100


class Page(BaseModel, Generic[T]):
    items: list[T] = Field(description="This page's records, oldest change first.")
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page; null on the last page.")


class PageParams(BaseModel):
    limit: int
    cursor: str | None
    updated_since: datetime | None


def _written_as_a_date_time(value: Any) -> Any:
    """An instant in a query is an RFC 3339 date-time (``2026-01-31T09:00:00Z``), never a number of
    seconds, which Pydantic would otherwise take as a Unix time."""
    if isinstance(value, str) and not re.match(r"\d{4}-\d{2}-\d{2}[Tt ]", value):
        raise ValueError("an RFC 3339 date-time with an offset, for example 2026-01-31T09:00:00Z")
    return value


Instant = Annotated[datetime, BeforeValidator(_written_as_a_date_time)]


async def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Records per page (1 to 100).")] = 50,
    cursor: Annotated[
        str | None, Query(max_length=200, description="Opaque cursor from next_cursor.")
    ] = None,
    updated_since: Annotated[
        Instant | None, Query(description="Only records changed at or after this instant (with offset).")
    ] = None,
) -> PageParams:
    if updated_since is not None:
        updated_since = _in_utc(updated_since, "/updated_since", "query")
    return PageParams(limit=limit, cursor=cursor, updated_since=updated_since)


def _in_utc(moment: datetime, pointer: str, location: str) -> datetime:
    """An instant with an offset, as UTC; a naive one, or one outside the years 1 to 9999 in UTC, is 422."""
    if moment.tzinfo is None:
        raise ValidationFailed(
            f"{pointer.lstrip('/')} needs a UTC offset, for example 2026-01-31T09:00:00Z.",
            errors=[field_error(pointer, "needs an offset", "datetime_offset_required", location=location)],
        )
    try:
        return moment.astimezone(UTC)
    except OverflowError as exc:
        raise ValidationFailed(
            f"{pointer.lstrip('/')} is outside the years 1 to 9999 once taken to UTC.",
            errors=[field_error(pointer, "out of range in UTC", "datetime_out_of_range", location=location)],
        ) from exc


Paging = Annotated[PageParams, Depends(page_params)]


def _decode(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor.encode() + b"==="))
        if not (isinstance(raw, list) and len(raw) == 2 and all(isinstance(v, str) for v in raw)):
            raise ValueError("a cursor holds an instant and a record id, both strings")
        moment, record_id = datetime.fromisoformat(raw[0]), uuid.UUID(raw[1])
        if moment.tzinfo is None:
            raise ValueError("a cursor's instant has an offset")
        return moment.astimezone(UTC), record_id
    except (ValueError, TypeError, IndexError, KeyError, OverflowError) as exc:
        raise ValidationFailed(
            "The cursor is not one this service issued.",
            errors=[
                field_error("/cursor", "not a cursor from next_cursor", "cursor_invalid", location="query")
            ],
        ) from exc


def _encode(updated_at: datetime, record_id: uuid.UUID) -> str:
    return (
        base64.urlsafe_b64encode(json.dumps([updated_at.isoformat(), str(record_id)]).encode())
        .decode()
        .rstrip("=")
    )


def page_statement(
    query: Select[Any], model: type[Any], params: PageParams, *, time_column: str = "updated_at"
) -> Select[Any]:
    """``query`` (a Core ``select(table)``: rows, not ORM records, which cost more to load) as one
    page: ordered by (``time_column``, id), after the cursor and changed since ``updated_since`` when
    ``params`` has them (``time_column`` is the time ``updated_since`` filters on). The page's own
    values are bind parameters, filled by :func:`page_of`, so a statement of one shape serves every
    page of that shape (building a statement costs more than running it)."""
    moment, record_id = getattr(model, time_column), model.id
    if params.updated_since is not None:
        query = query.where(moment >= bindparam("since"))
    if params.cursor:
        at: BindParameter[datetime] = bindparam("at")
        query = query.where(or_(moment > at, and_(moment == at, record_id > bindparam("last_id"))))
    return query.order_by(moment, record_id).limit(bindparam("limit", type_=Integer))


def page_shape(params: PageParams) -> tuple[bool, bool]:
    """What decides a page statement's shape: whether it has ``updated_since``, and a cursor."""
    return params.updated_since is not None, bool(params.cursor)


def page_of(
    session: Session,
    statement: Select[Any],
    params: PageParams,
    values: Mapping[str, Any],
    *,
    time_column: str = "updated_at",
) -> tuple[list[Any], str | None]:
    """Run a :func:`page_statement` with the query's own ``values`` and the page's. Returns the page's
    rows and the cursor of the next page (None on the last)."""
    bound = {**values, "limit": params.limit + 1}
    if params.updated_since is not None:
        bound["since"] = params.updated_since
    if params.cursor:
        bound["at"], bound["last_id"] = _decode(params.cursor)
    rows = session.connection().execute(statement, bound).all()
    if len(rows) <= params.limit:
        return list(rows), None
    rows = rows[: params.limit]
    return list(rows), _encode(getattr(rows[-1], time_column), rows[-1].id)


def next_link(request: Request, next_cursor: str | None) -> dict[str, str]:
    """The RFC 8288 ``Link: rel="next"`` header of a page, if there is a next page."""
    if next_cursor is None:
        return {}
    return {"Link": f'<{request.url.include_query_params(cursor=next_cursor)}>; rel="next"'}
