"""The records a return is made from: one query per table for the whole authority, test data and
records entered in error left out (the one place returns filter them), grouped by child."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.kit.records import ENTERED_IN_ERROR, RecordType
from service.models.base import RecordMixin

M = TypeVar("M", bound=RecordMixin)


def kept(
    session: Session, rtype: RecordType[M], la_code: str, *order: str, columns: Sequence[str] = ()
) -> Sequence[M]:
    """Every real record of a type of the authority: not test data, not entered in error, in the
    ``order`` of the columns named (then by id). Read as plain rows (each column an attribute, as on
    the record), not as mapped objects, and only the ``columns`` named (with ``id``; all when none
    are): a return reads every record of an authority, and building mapped objects and decoding
    unused ids and timestamps was most of its cost."""
    model: Any = rtype.model
    table = model.__table__.c
    chosen = [table.id, *(table[name] for name in columns if name != "id")] if columns else list(table)
    query = select(*chosen).where(
        model.la_code == la_code, model.test_data.is_(False), model.status != ENTERED_IN_ERROR
    )
    rows: Sequence[Any] = session.execute(query.order_by(*(table[name] for name in order), model.id)).all()
    return rows


def by_child(records: Sequence[M]) -> dict[uuid.UUID, list[M]]:
    return by_parent(records, "child_id")


def by_parent(records: Sequence[M], column: str) -> dict[uuid.UUID, list[M]]:
    grouped: dict[uuid.UUID, list[M]] = defaultdict(list)
    for record in records:
        grouped[getattr(record, column)].append(record)
    return grouped


def path_of(rtype: RecordType[Any], record: Any) -> str:
    """The record's API path, where a supplier goes to fix it."""
    return rtype.location(record)
