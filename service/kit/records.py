"""A record type, declared once, and the one writer of records, their versions and audit events.

A :class:`RecordType` says everything the kit needs about one kind of record: its table, its path,
its parent, its schemas, the requirements its operations carry, whose record it is (subject), its
practice date and one-line summary, and the hooks where its rules come in. From it
:mod:`service.kit.operations` builds its list, create, get, amend, entered-in-error and history
operations.

Every write of a record goes through :func:`create`, :func:`change` or :func:`mark_entered_in_error`:
each flushes the record (SQLAlchemy's version counter makes an UPDATE name the version it read),
writes the history version (the record as the API shows it) and, through :func:`audit`, its audit
event, all in the caller's one transaction. A bulk load of generated data goes through
:func:`create_many`: batched inserts of the records and their first versions, no audit events. Every
read goes through :func:`read`, which writes one audit event per record in one multi-row insert.
"""

from __future__ import annotations

import dataclasses
import re
import uuid
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from types import SimpleNamespace
from typing import Any, Generic, NamedTuple, Protocol, TypeVar, cast

from pydantic import BaseModel, TypeAdapter
from pydantic_core import to_jsonable_python
from sqlalchemy import JSON, ColumnElement, Row, Select, Table, bindparam, inspect, select
from sqlalchemy.orm import Session, make_transient_to_detached

from service.kit.audit_rows import Request as AuditedRequest
from service.kit.audit_rows import insert_audit_rows
from service.kit.auth import Caller
from service.kit.driver_rows import insert_rows
from service.kit.errors import (
    Conflict,
    IfMatchInvalid,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    ValidationFailed,
    field_error,
)
from service.kit.pagination import PageParams, page_of, page_shape, page_statement
from service.kit.schemas import RecordRead
from service.kit.stored import STORED
from service.models import RecordVersion
from service.models.base import RecordMixin, new_id, new_id_values, utcnow

M = TypeVar("M", bound=RecordMixin)

ENTERED_IN_ERROR = "entered_in_error"
VERSIONS = cast(Table, RecordVersion.__table__)


class Subject(NamedTuple):
    """Whose record this is: the case it sits in and, if it is about one child, that child. (A named
    tuple: one is made for every record a request reads or writes, 50 for a page.)"""

    case_id: uuid.UUID | None
    child_id: uuid.UUID | None = None


@dataclass(frozen=True)
class Parent:
    """The record a record type is listed and created under: ``{parent path}/{id}/{segment}``."""

    type: RecordType[Any]
    column: str = ""
    """The child record's column holding the parent's id; default: the parent's path parameter, its
    ``<name>_id`` (``case_id``)."""
    segment: str = ""
    """The path below the parent's item path, e.g. ``reviews``; default: the child type's plural,
    dashed (``danger-statements``)."""
    entered_in_error_rule: str = "SOS-REC-008"
    """The requirement a create under a parent entered in error is refused by (409): the catalogue's
    general rule, or the record type's own where it has one (no rating of a scale entered in error)."""

    def __post_init__(self) -> None:
        if not self.column:
            object.__setattr__(self, "column", self.type.id_name)


Build = Callable[[Session, Caller, Any, Any], Any]
"""``build(session, caller, parent or None, body) -> new record``, or the new record's column values
(made into the record with :func:`new_record`): the create's rules, no FastAPI."""


@dataclass(frozen=True, kw_only=True)
class Creating:
    """A create operation: ``POST`` under the parent (or on the type's path), 201 with the record."""

    operation_id: str = ""
    """Default: ``create_<name>``."""
    schema: type[BaseModel] = None  # type: ignore[assignment]
    """Default: the type's ``<Stem>Create`` (see :attr:`RecordType.schemas`)."""
    summary: str = ""
    """Default: ``Record a <label>`` (or ``an``)."""
    description: str
    build: Build | None = None
    """The record to create; without it, the body's fields and the parent's id."""
    requirements: tuple[str, ...] = ()
    respond: Callable[[Session, Any, Any], None] | None = None
    """Adds to the response after the write, e.g. warnings: ``respond(session, record, read)``."""


@dataclass(frozen=True, kw_only=True)
class Listing:
    """A list operation: ``GET`` under the parent (or on the type's path), a page at a time. It always
    carries SOS-LIST-001 (paging), after the requirements named here unless they name it."""

    operation_id: str = ""
    """Default: ``list_<plural>``."""
    summary: str = ""
    """Default: ``List a case's <label, plural>`` under a parent (``List a scale's ratings``), else
    ``List <plural>`` (``List people``)."""
    description: str
    requirements: tuple[str, ...] = ()
    filters: type[BaseModel] | None = None
    """Query parameters beyond paging; each set one is applied by :attr:`where`."""
    where: Callable[[BaseModel], list[ColumnElement[bool]]] | None = None


@dataclass(frozen=True)
class Consistent:
    """A rule over some of a record's fields, checked when the record is made and again, on the record
    as amended, whenever it is amended: ``check(*values of fields)`` refuses by raising."""

    check: Callable[..., None]
    fields: tuple[str, ...]

    def of(self, values: Mapping[str, Any]) -> None:
        self.check(*(values[name] for name in self.fields))

    def amending(self, record: Any, changes: Mapping[str, Any]) -> None:
        self.check(*amended(record, changes, *self.fields))


@dataclass(frozen=True)
class Kept:
    """A rule between a record and other records that must still hold after any change to it (an
    amendment, a practice step, or entered in error): ``check(session, record, changed)`` is given the
    record as changed (flushed, so queries see it) and the names of the columns that changed
    (``status`` when entered in error), in the same unit, so a refusal saves nothing. The record
    type's operations named in ``carried_by`` (those whose change the check can refuse) carry
    ``requirement``."""

    check: Callable[[Session, Any, Collection[str]], None]
    requirement: str
    carried_by: tuple[str, ...] = ("amend", "entered_in_error")


Derive = Callable[[Session, Sequence[Any]], list[dict[str, Any]]]
AmendHook = Callable[[Session, Caller, Any, dict[str, Any]], dict[str, Any]]


def plural_of(words: str) -> str:
    """An English plural: ``statuses``, ``enquiries``, ``plans``."""
    if words.endswith("s"):
        return f"{words}es"
    if words.endswith("y") and words[-2:-1] not in ("a", "e", "o", "u"):
        return f"{words[:-1]}ies"
    return f"{words}s"


def article(words: str) -> str:
    """``an`` before a word written with a vowel (``an early help episode``), else ``a``
    (``a UASC status``: capitals are said as letters)."""
    return "an" if words[:1] in ("a", "e", "i", "o", "u") else "a"


def subject_in_columns(record: Any) -> Subject:
    """Whose record it is when its table says so: its ``case_id`` and, if it has one, ``child_id``."""
    return Subject(case_id=getattr(record, "case_id", None), child_id=getattr(record, "child_id", None))


_DECLARED: dict[str, RecordType[Any]] = {}
"""Every record type declared, by the record type its history names (the first declared, where a type
is declared again as another view of the same records, as a person is as a child)."""


def declared_type(record_type: str) -> RecordType[Any] | None:
    """The record type whose history versions name ``record_type``, once its area is imported."""
    return _DECLARED.get(record_type)


@dataclass(frozen=True, kw_only=True)
class RecordType(Generic[M]):
    """Everything the kit needs to know about one kind of record. What follows from the rest is
    filled in: the label, plural and path from the name, whose record it is from its columns, the
    create's and the list's operation ids."""

    name: str
    """The record type (``safety_plan``): in audit events and history (unless :attr:`kept_as`), and in
    operation ids."""
    label: str = ""
    """What a person calls one (``safety plan``); default: the name in words."""
    plural: str = ""
    """Many of them (``safety_plans``), in the list operation's id; default: the name's plural
    (:func:`plural_of`)."""
    model: type[M]
    path: str = ""
    """Where one record lives: ``{path}/{{{name}_id}}``; default: ``/v1/<plural, dashed>``."""
    schemas: Any = None
    """The module holding the type's schemas by name: ``<Stem>Read``, ``<Stem>Amend`` and
    ``<Stem>Create``, the stem being the name in CamelCase (``safety_plan``: ``SafetyPlanRead``). Each
    is the default of :attr:`read_schema`, :attr:`amend_schema` (none in the module: never amended)
    and the create's schema."""
    read_schema: type[RecordRead] = None  # type: ignore[assignment]
    tag: str | None = None
    """The tag of its operations; default: the tag of the router they are added to (the area's)."""
    subject: Callable[[M], Subject] = subject_in_columns
    """Whose record it is; default: :func:`subject_in_columns`."""
    effective_date: Callable[[M], date | None]
    summary: Callable[[M], str]
    parent: Parent | None = None
    amend_schema: type[BaseModel] | None = None
    """``None``: the record is never amended (its corrections are entered in error)."""
    creating: Creating | None = None
    listing: Listing | None = None
    derive: Derive | None = None
    """Fields of the read schema that are worked out, not stored, for a batch of records."""
    consistent: Consistent | None = None
    """A rule its fields keep, on create and on every amendment (before :attr:`on_amend`)."""
    on_amend: AmendHook | None = None
    """Checks an amendment and returns the column changes to make (rules, no FastAPI)."""
    before_entered_in_error: Callable[[Session, Caller, Any], None] | None = None
    kept: Kept | None = None
    author: Callable[[Any, Caller], str] | None = None
    """Who the record and its history name as recorded by, if not the caller (anonymous feedback)."""
    requirements: Mapping[str, Sequence[str]] = field(default_factory=dict)
    """Requirement ids the shared operations carry beyond the kit's: keys get, amend,
    entered_in_error, history."""
    kept_as: str | None = None
    """The record type in audit events and history when it is not ``name`` (a map's operations are
    ``get_map``, ..., its history and audit events say ``assessment_map``)."""

    def __post_init__(self) -> None:
        plural = self.plural or plural_of(self.name)
        label = self.label or self.name.replace("_", " ")
        filled: dict[str, Any] = {
            "label": label,
            "plural": plural,
            "path": self.path or f"/v1/{plural.replace('_', '-')}",
            **self._named_schemas(),
        }
        if self.parent is not None and not self.parent.segment:
            filled["parent"] = dataclasses.replace(self.parent, segment=plural.replace("_", "-"))
        if self.creating is not None:
            filled["creating"] = dataclasses.replace(
                self.creating,
                operation_id=self.creating.operation_id or f"create_{self.name}",
                schema=self.creating.schema or self._schema("Create"),
                summary=self.creating.summary or f"Record {article(label)} {label}",
            )
        if self.listing is not None:
            filled["listing"] = dataclasses.replace(
                self.listing,
                operation_id=self.listing.operation_id or f"list_{plural}",
                summary=self.listing.summary or self._list_summary(label, plural),
            )
        for name, value in filled.items():
            object.__setattr__(self, name, value)
        _DECLARED.setdefault(self.record_type, self)

    def _list_summary(self, label: str, plural: str) -> str:
        """``List a case's danger statements``: the label's plural when a label is given, else the
        plural's words (``List people``, ``List staff feedback``)."""
        words = plural_of(label) if self.label else plural.replace("_", " ")
        if self.parent is None:
            return f"List {words}"
        owner = self.parent.type.label
        return f"List {article(owner)} {owner}'s {words}"

    def _named_schemas(self) -> dict[str, Any]:
        """The read and amend schemas the :attr:`schemas` module names, where not given."""
        named: dict[str, Any] = {}
        if self.read_schema is None:
            named["read_schema"] = self._schema("Read")
        if self.amend_schema is None and self.schemas is not None:
            named["amend_schema"] = getattr(self.schemas, self._stem + "Amend", None)
        return named

    @cached_property
    def _many_read(self) -> TypeAdapter[list[Any]]:
        """The read schema for a list of records (a page is one validation call, not 50)."""
        return TypeAdapter(list[self.read_schema])  # type: ignore[name-defined]

    @property
    def _stem(self) -> str:
        return "".join(part.capitalize() for part in self.name.split("_"))

    def _schema(self, role: str) -> Any:
        schema = getattr(self.schemas, self._stem + role, None)
        if schema is None:
            raise ValueError(f"{self.name}: no {role.lower()} schema given, and no {self._stem}{role}")
        return schema

    @property
    def record_type(self) -> str:
        """The record type audit events and history versions name."""
        return self.kept_as or self.name

    @cached_property
    def json_columns(self) -> frozenset[str]:
        """The columns that hold JSON (nested bodies, lists)."""
        return frozenset(c.key for c in self.model.__table__.c if isinstance(c.type, JSON))  # type: ignore[attr-defined]

    @property
    def id_name(self) -> str:
        return f"{self.name}_id"

    def location(self, record: Any) -> str:
        return f"{self.path}/{record.id}"

    # --- loading ---------------------------------------------------------------------------

    def get(self, session: Session, caller: Caller, record_id: uuid.UUID, *, lock: bool = False) -> M:
        """A record of the caller's authority; anyone else's is exactly as absent as none (404).

        ``lock`` takes the row for the rest of the transaction (``SELECT ... FOR UPDATE`` on
        PostgreSQL), so a rule that reads before it writes cannot race another request doing the
        same: the second waits, then reads what the first wrote. On SQLite every unit already holds
        the database's one write lock from its first statement (``BEGIN IMMEDIATE``)."""
        record = session.get(self.model, record_id, with_for_update=lock or None)
        if record is None or record.la_code != caller.la_code:
            raise NotFound(f"There is no {self.label} with id {record_id}.")
        return record

    def fetch(self, session: Session, caller: Caller, record_id: uuid.UUID) -> Any:
        """Like :meth:`get`, for reading only: the stored row (a Core row, read by attribute like a
        record, without the ORM's bookkeeping). The authority is part of the query."""
        parameters = {"record_id": record_id, "la_code": caller.la_code}
        row = session.connection().execute(self._fetch_one, parameters).first()
        if row is None:
            raise NotFound(f"There is no {self.label} with id {record_id}.")
        return row

    @cached_property
    def _fetch_one(self) -> Select[Any]:
        """The statement :meth:`fetch` runs, built once (building a statement costs more than running it)."""
        table = self.model.__table__  # type: ignore[attr-defined]
        return select(table).where(
            table.c.id == bindparam("record_id"), table.c.la_code == bindparam("la_code")
        )

    def page(
        self,
        session: Session,
        caller: Caller,
        params: PageParams,
        parent_id: uuid.UUID | None = None,
        where: Sequence[ColumnElement[bool]] = (),
    ) -> tuple[list[Any], str | None]:
        """One page of the caller's rows of this type (Core rows, for reading), under one parent when
        it has one, narrowed by ``where`` (a listing's filters), and the next page's cursor. The
        statement of each shape is built once (running a page of 50 cases' query took 160 µs with the
        kept statement, 220 µs building it afresh); one narrowed by filters, whose values are in the
        statement, is built for its page."""
        under_parent = self.parent is not None and parent_id is not None
        values: dict[str, Any] = {"la_code": caller.la_code}
        if under_parent:
            values["parent_id"] = parent_id
        if where:
            statement = page_statement(self._listed(under_parent).where(*where), self.model, params)
        else:
            shape = (under_parent, *page_shape(params))
            kept = self._page_statements.get(shape)
            if kept is None:
                kept = page_statement(self._listed(under_parent), self.model, params)
                self._page_statements[shape] = kept
            statement = kept
        return page_of(session, statement, params, values)

    def _listed(self, under_parent: bool) -> Select[Any]:
        """The caller's rows (``la_code``), under one parent (``parent_id``) when asked."""
        table = self.model.__table__  # type: ignore[attr-defined]
        query = select(table).where(table.c.la_code == bindparam("la_code"))
        if under_parent:
            assert self.parent is not None
            query = query.where(table.c[self.parent.column] == bindparam("parent_id"))
        return query

    @cached_property
    def _page_statements(self) -> dict[tuple[bool, ...], Select[Any]]:
        return {}

    # --- showing ---------------------------------------------------------------------------

    def show(self, session: Session, records: Sequence[M]) -> list[Any]:
        """The records as the API shows them: stored fields by attribute, derived ones by the hook."""
        schema = self.read_schema
        if self.derive is None:  # every field stored: one validation for them all, a row's by its values
            return self._many_read.validate_python(_as_values(records), from_attributes=True, context=STORED)
        derived = self.derive(session, records)
        names = schema.model_fields
        out = []
        for record, extra in zip(records, derived, strict=True):
            values = {name: getattr(record, name) for name in names if name not in extra}
            out.append(schema.model_validate({**values, **extra}, context=STORED))
        return out


def _as_values(records: Sequence[Any]) -> list[Any]:
    """Core rows as dicts of their values (the column names read once for the page: ``Row._asdict()``
    reads them again for every row, about 2.5 µs a row against 0.6 µs), ORM records as they are."""
    if not records or not isinstance(records[0], Row):
        return list(records)
    names = records[0]._fields
    return [dict(zip(names, row, strict=True)) for row in records]


# --- the one writer -------------------------------------------------------------------------


def read(session: Session, caller: Caller, rtype: RecordType[M], records: Sequence[M]) -> list[Any]:
    """Show records to the caller: one audit event each, in one insert, written last (so a unit that
    only reads refuses, if it does, before it has written anything: see :class:`service.db.Job`)."""
    shown = rtype.show(session, records)
    audit(session, caller, "read", rtype, records)
    return shown


def create(session: Session, caller: Caller, rtype: RecordType[M], record: M) -> Any:
    """Save a new record as version 1, with its history version and audit event.

    The row is written with one Core INSERT (the ORM's unit of work costs more than the rest of a
    create), then the record joins the session as persistent, so a later change in the same unit is
    an ordinary versioned UPDATE."""
    now = utcnow()
    by = rtype.author(record, caller) if rtype.author else caller.subject
    record.id = record.id or new_id()
    record.version = 1
    record.status = record.status or "active"
    record.la_code = caller.la_code
    record.created_at = record.updated_at = now
    record.created_by = record.updated_by = by
    session.flush()  # whatever the rules added before it (rows it may refer to) goes first
    table = cast(Table, rtype.model.__table__)  # type: ignore[attr-defined]
    insert_rows(session.connection(), table, [_row_of(record, table)])
    make_transient_to_detached(record)
    session.add(record)
    return _versioned(session, caller, rtype, record, "create", None, by=by, on=practice_day(rtype, record))


def practice_day(rtype: RecordType[Any], record: Any) -> date:
    """The practice date of a record's first version: its type's own date (``effective_date``), else
    the day it was recorded (UTC)."""
    return rtype.effective_date(record) or record.updated_at.date()


def _row_of(record: Any, table: Table) -> dict[str, Any]:
    """The record's column values for an INSERT, with a column's constant default where it is unset.

    Every column ends up set on the record, the unset ones too (as None): a column left unset would
    be expired when the record joins the session, and showing the record would read it back."""
    row = {}
    state = record.__dict__
    for column in table.columns:
        value = getattr(record, column.key, None)
        if value is None and column.default is not None:
            if not getattr(column.default, "is_scalar", False):
                raise ValueError(f"{table.name}.{column.key} has a computed default the kit does not set")
            value = column.default.arg  # type: ignore[attr-defined]
            setattr(record, column.key, value)
        elif column.key not in state:
            setattr(record, column.key, value)
        row[column.key] = value
    return row


def create_many(
    session: Session, caller: Caller, rtype: RecordType[M], records: Sequence[M], at: datetime
) -> None:
    """Bulk creation for generated data: the records as given (each its own ``created_at`` when set,
    else ``at``; by the type's author or the caller) in one batched insert, then each one's first history
    version, the record as the API shows it, in another. The record objects are read, not changed or
    added to the session. No audit events: a synthetic load is no one's read or write."""
    if not records:
        return
    mapper = inspect(rtype.model)
    columns = [(attribute.key, attribute.columns[0].key) for attribute in mapper.column_attrs]
    defaults = {
        attribute.key: attribute.columns[0].default.arg
        for attribute in mapper.column_attrs
        if getattr(attribute.columns[0].default, "is_scalar", False)
    }
    stored = []
    for record in records:
        row = {key: vars(record).get(key) for key, _ in columns}
        row |= {key: value for key, value in defaults.items() if row[key] is None}
        when, by = row["created_at"] or at, rtype.author(record, caller) if rtype.author else caller.subject
        row.update(
            id=row["id"] or new_id(),
            la_code=caller.la_code,
            version=1,
            status=row["status"] or "active",
            test_data=bool(row["test_data"]),
        )
        row.update(created_at=when, updated_at=when, created_by=by, updated_by=by)
        stored.append(SimpleNamespace(**row))  # read by attribute, like a stored row
    connection = session.connection()
    table = cast(Table, mapper.local_table)
    insert_rows(connection, table, [{column: vars(row)[key] for key, column in columns} for row in stored])
    insert_rows(
        connection,
        VERSIONS,
        [
            _version_row(rtype, row, "create", None, row.created_by, shown, practice_day(rtype, row))
            for row, shown in zip(stored, rtype.show(session, cast(Sequence[M], stored)), strict=True)
        ],
    )


def change(
    session: Session,
    caller: Caller,
    rtype: RecordType[M],
    record: M,
    changes: Mapping[str, Any],
    *,
    on: date,
    reason: str | None = None,
    reason_code: str | None = None,
    step: str = "amend",
) -> Any:
    """Change a record as a new version, named ``step`` in its history, about the practice date ``on``
    (``effective_on``: the day the change happened in practice, not the day it is typed), with the
    reason given in words and its kind (``reason_code``, code list ``amendment_reason``). The caller
    has checked If-Match (:func:`check_if_match`) and the area's rules."""
    if record.status == ENTERED_IN_ERROR:
        raise Conflict(f"This {rtype.label} was entered in error and can no longer be amended.")
    for name, value in changes.items():
        setattr(record, name, value)
    _touch(session, caller, record)
    if rtype.kept is not None:
        rtype.kept.check(session, record, changes.keys())
    return _versioned(session, caller, rtype, record, step, reason, on=on, reason_code=reason_code)


def mark_entered_in_error(
    session: Session,
    caller: Caller,
    rtype: RecordType[M],
    record: M,
    reason: str,
    if_match: str | None,
    on: date | None = None,
) -> Any:
    """Mark a record entered in error, as a new version about the practice date ``on`` (default: the
    day it is marked, UTC)."""
    check_if_match(record, if_match)
    if record.status == ENTERED_IN_ERROR:
        raise Conflict(f"This {rtype.label} is already marked entered in error.")
    if rtype.before_entered_in_error is not None:
        rtype.before_entered_in_error(session, caller, record)
    record.status = ENTERED_IN_ERROR
    record.status_reason = reason
    _touch(session, caller, record)
    if rtype.kept is not None:
        rtype.kept.check(session, record, ("status",))
    return _versioned(session, caller, rtype, record, ENTERED_IN_ERROR, reason, on=on)


def history(session: Session, caller: Caller, rtype: RecordType[M], record: M) -> list[RecordVersion]:
    audit(session, caller, "read_history", rtype, [record])
    return list(
        session.scalars(
            select(RecordVersion).where(RecordVersion.record_id == record.id).order_by(RecordVersion.version)
        )
    )


def live(session: Session, owner: Any, owner_id: Any, *order_by: Any) -> list[Any]:
    """The records whose ``owner`` column (``Milestone.case_id``: a case's, a child's, a scale's...) holds
    ``owner_id``, those entered in error left out, in ``order_by`` order."""
    model = owner.class_
    query = select(model).where(owner == owner_id, model.status != ENTERED_IN_ERROR).order_by(*order_by)
    return list(session.scalars(query))


def column_values(rtype: RecordType[Any], data: Mapping[str, Any]) -> dict[str, Any]:
    """Values as the table stores them: what goes into a JSON column becomes plain JSON (ids and
    dates as strings, nested bodies as objects); other columns take the value as it is."""
    json = rtype.json_columns
    return {name: to_jsonable_python(value) if name in json else value for name, value in data.items()}


def new_record(rtype: RecordType[M], data: Mapping[str, Any], **extra: Any) -> M:
    """A new record of the type from a create body's values and what the server adds (parent ids)."""
    return rtype.model(**column_values(rtype, {**data, **extra}))


def build_plainly(session: Session, caller: Caller, parent: Any, body: BaseModel, rtype: RecordType[M]) -> M:
    """The record a create makes when its type has no rules: the body's fields, under its parent."""
    extra = {rtype.parent.column: parent.id} if rtype.parent is not None else {}
    return new_record(rtype, body.model_dump(), **extra)


def amended(record: Any, changes: Mapping[str, Any], *names: str) -> list[Any]:
    """Fields as the record will read after an amendment: each the change sent, or its value now."""
    return [changes[name] if name in changes else getattr(record, name) for name in names]


def when_sent(name: str, check: Callable[[Session, uuid.UUID, Any], None]) -> AmendHook:
    """An :attr:`RecordType.on_amend` hook checking one field, when an amendment sends it, against the
    record's case: ``check(session, case_id, value)``."""

    def checked(session: Session, _caller: Caller, record: Any, changes: dict[str, Any]) -> dict[str, Any]:
        if name in changes:
            check(session, record.case_id, changes[name])
        return changes

    return checked


def refuse_nulls(rtype: RecordType[Any], changes: Mapping[str, Any]) -> None:
    """A merge-patch ``null`` clears a field; a field whose column cannot be empty refuses it (422)."""
    columns = rtype.model.__table__.c
    wrong = [
        field_error(f"/{name}", "cannot be cleared", "null_not_allowed")
        for name, value in changes.items()
        if value is None and name in columns and not columns[name].nullable
    ]
    if wrong:
        raise ValidationFailed(
            f"The request clears {len(wrong)} field(s) the record cannot be without.", errors=wrong
        )


def _touch(session: Session, caller: Caller, record: RecordMixin) -> None:
    """A change to a stored record: by the caller, now; the UPDATE goes to the database."""
    record.updated_at = utcnow()
    record.updated_by = caller.subject
    session.flush()


def _versioned(
    session: Session,
    caller: Caller,
    rtype: RecordType[M],
    record: M,
    change: str,
    reason: str | None,
    *,
    by: str | None = None,
    on: date | None = None,
    reason_code: str | None = None,
) -> Any:
    """The record's new version in its history (by the caller unless ``by``, about the practice date
    ``on``, default the day it was saved) and its audit event; the record as the API shows it."""
    shown = rtype.show(session, [record])[0]
    by, on = by or caller.subject, on or record.updated_at.date()
    row = _version_row(rtype, record, change, reason, by, shown, on, reason_code)
    insert_rows(session.connection(), VERSIONS, [row])
    audit(session, caller, change, rtype, [record])
    return shown


def _version_row(
    rtype: RecordType[Any],
    record: Any,
    change: str,
    reason: str | None,
    by: str,
    shown: BaseModel,
    on: date,
    reason_code: str | None = None,
) -> dict[str, Any]:
    subject = rtype.subject(record)
    return {
        "id": new_id(),
        "la_code": record.la_code,
        "record_type": rtype.record_type,
        "record_id": record.id,
        "version": record.version,
        "change": change,
        "reason": reason,
        "reason_code": reason_code,
        "recorded_at": record.updated_at,
        "recorded_by": by,
        "case_id": subject.case_id,
        "child_id": subject.child_id,
        "effective_date": rtype.effective_date(record),
        "effective_on": on,
        "summary": rtype.summary(record)[:300],
        "data": shown.model_dump(mode="json"),
    }


class Audited(Protocol):
    """What :func:`audit` needs of what it audits: the record type it names and whose each item is.
    A :class:`RecordType`, or something read that is no record type (the QA measures, see
    ``service/qa/kinds.py``)."""

    @property
    def record_type(self) -> str: ...

    @property
    def subject(self) -> Callable[[Any], Subject]: ...


def audit(session: Session, caller: Caller, action: str, rtype: Audited, records: Iterable[Any]) -> None:
    """The one audit writer: one append-only event per record touched, in one insert, in the same
    transaction as the change or read it records."""
    records = list(records)
    if not records:
        return
    request = AuditedRequest(
        at=utcnow(),
        la_code=caller.la_code,
        actor=caller.subject,
        action=action,
        record_type=rtype.record_type,
        request_id=caller.request_id,
        correlation_id=caller.correlation_id,
    )
    subject = rtype.subject
    touched = []
    for record, event_id in zip(records, new_id_values(len(records)), strict=True):
        about = subject(record)
        touched.append((event_id, record.id, record.version, about.case_id, about.child_id))
    insert_audit_rows(session.connection(), request, touched)


_ENTITY_TAGS = re.compile(r'^\s*(\*|(W/)?"[\x21\x23-\x7e]*"(\s*,\s*(W/)?"[\x21\x23-\x7e]*")*)\s*$')
"""If-Match as RFC 9110 allows it: ``*`` or a list of entity tags, each quoted, weak ones after ``W/``."""


def etag(version: int) -> str:
    return f'W/"{version}"'


def check_if_match(record: RecordMixin, if_match: str | None) -> None:
    if if_match is None:
        raise PreconditionRequired(
            "Send If-Match with the ETag you read, so no one else's change is overwritten.",
            errors=[field_error("/If-Match", "missing", "required", location="header")],
            current_version=record.version,
        )
    if not _ENTITY_TAGS.match(if_match):
        raise IfMatchInvalid(
            f"If-Match {if_match[:40]!r} is not an entity tag: send the ETag you read, as it was sent "
            f'(W/"{record.version}" for the current version), or *.',
            errors=[
                field_error("/If-Match", 'not an entity tag such as W/"3"', "etag_invalid", location="header")
            ],
        )
    wanted = {tag.strip().removeprefix("W/").strip('"') for tag in if_match.split(",")}
    if "*" not in wanted and str(record.version) not in wanted:
        raise PreconditionFailed(
            f"You sent If-Match {if_match} but the record is at version {record.version}.",
            current_version=record.version,
        )
