"""A record type's contract fields, declared once.

Each record type writes its fields in one class, ``<Thing>Fields``: every field once, with its
description and example. The request and response bodies derive from it:

* the create body: ``class <Thing>Create(<Thing>Fields, Input)``, usually with no body of its own;
* the amend body: :func:`amend_schema` gives the same fields, each optional, without those marked
  :data:`SET_ONCE` (fixed when the record is made); a ``null`` clears a field only where its column
  may be empty (the kit checks that against the column, see ``service.kit.records.refuse_nulls``);
* the read schema: ``class <Thing>Read(<Thing>Fields, RecordRead)`` plus any derived fields.

Coded fields (``Annotated[str, CodeFrom(...)]``) check their code on input only, so a record that
holds a code retired since keeps reading (see ``service.reference_data.registry``).

The scalar types here refuse loose coercion: a whole number must be a JSON integer (not ``"4"``, not
``true``), a flag a JSON boolean, a date an ISO ``YYYY-MM-DD`` string (never a number).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    Strict,
    create_model,
    field_validator,
    model_serializer,
)
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from service.kit.governed import governed_by
from service.reference_data.registry import CodeFrom

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


EARLIEST_DAY, LATEST_DAY = date(1900, 1, 1), date(2199, 12, 31)


def _iso_day(value: Any) -> Any:
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DAY.match(value)):
        return value
    raise ValueError("must be a date written YYYY-MM-DD, e.g. 2025-01-14")


def _plausible_day(value: date) -> date:
    if not EARLIEST_DAY <= value <= LATEST_DAY:
        raise ValueError(f"must lie between {EARLIEST_DAY} and {LATEST_DAY}")
    return value


Day = Annotated[date, BeforeValidator(_iso_day), AfterValidator(_plausible_day)]
"""A calendar date, sent as ``YYYY-MM-DD``, between 1900-01-01 and 2199-12-31 (every date the records
hold lies there, and date arithmetic on them never leaves the calendar)."""
Whole = Annotated[int, Strict()]
"""A JSON integer; a string or a boolean is refused."""
Flag = Annotated[bool, Strict()]
"""A JSON boolean; a string or a number is refused."""


class _SetOnce:
    def __repr__(self) -> str:
        return "SET_ONCE"


SET_ONCE = _SetOnce()
"""Metadata for a field fixed when the record is made: ``Annotated[uuid.UUID, SET_ONCE]``. It is in
the create and read bodies but not in the amend body."""


class Fields(BaseModel):
    """Base of a record type's ``<Thing>Fields``: plain fields, read from records by attribute."""

    model_config = ConfigDict(from_attributes=True)


class Input(BaseModel):
    """Base of every request body: unknown fields are refused, never ignored; surrounding white space
    is stripped; no text may hold a character a record cannot keep whole (:data:`UNKEEPABLE`)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _keepable(cls, value: Any) -> Any:
        found = _unkeepable(value)
        if found == "\x00":
            raise PydanticCustomError("nul_character", "must not contain the NUL character (U+0000)")
        if found is not None:
            raise PydanticCustomError(
                "control_character",
                "must not contain U+{code}: a control character no statutory return (XML) or picture "
                "(SVG) can hold; tab, line feed and carriage return are kept",
                {"code": f"{ord(found):04X}"},
            )
        return value


UNKEEPABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""What no text may hold: NUL (PostgreSQL cannot store it), the other C0 control characters but tab,
line feed and carriage return, U+FFFE and U+FFFF, and lone surrogates; none is a character XML 1.0
allows, so a record holding one would make the CIN census and the pictures unreadable, and no record
needs one."""


def _unkeepable(value: Any) -> str | None:
    """The first character of ``value`` (a text, or texts within lists and dicts) no record keeps."""
    if isinstance(value, str):
        found = UNKEEPABLE.search(value)
        return found.group() if found else None
    if isinstance(value, list | tuple | set | frozenset):
        return next((c for item in value if (c := _unkeepable(item)) is not None), None)
    if isinstance(value, dict):
        return next(
            (c for k, v in value.items() for c in (_unkeepable(k), _unkeepable(v)) if c is not None), None
        )
    return None


def required(
    description: str | None, example: Any = None, *, requirement: str | None = None, **limits: Any
) -> Any:
    """A field with no default (one a body must give, or a read always shows): its description, an
    example, its limits (``ge=1``...) and the catalogue rule governing it, if one does (a refusal of
    the field names it, see :mod:`service.kit.governed`)."""
    return Field(
        description=description,
        examples=None if example is None else [example],
        **governed_by(requirement, **limits),
    )


def required_text(
    description: str, example: str, max_length: int = 4000, requirement: str | None = None
) -> Any:
    """A field of free text that must say something: one character at least, ``max_length`` at most."""
    return Field(
        min_length=1,
        max_length=max_length,
        description=description,
        examples=[example],
        **governed_by(requirement),
    )


def optional_text(
    description: str, example: str, max_length: int = 4000, requirement: str | None = None
) -> Any:
    """A field of free text that may be left out (or null): ``max_length`` characters at most, 4000 unless
    said (as for :func:`required_text`)."""
    return optional(description, example, requirement=requirement, max_length=max_length)


def optional(description: str, example: Any = None, *, requirement: str | None = None, **limits: Any) -> Any:
    """A field that may be left out (or null): its description, an example, its limits
    (``max_length=500``, ``ge=0``...) and the catalogue rule governing it, if one does."""
    return Field(
        default=None,
        description=description,
        examples=None if example is None else [example],
        **governed_by(requirement, **limits),
    )


AMENDMENT_REASON = Field(
    default=None,
    max_length=2000,
    description="Why the record is being amended; kept in its history.",
    examples=["Date corrected after speaking to the school."],
)


AmendmentReasonCode = Annotated[
    str,
    CodeFrom(
        "amendment_reason",
        "What kind of change the amendment is: a correction, new information, a change the family "
        "asked for, or a data protection rectification; kept in the record's history (`reason_code`).",
        "CORRECTION",
    ),
]
AMENDMENT_REASON_CODE = Field(default=None)


PRACTICE_DATE = (
    "The practice date this change is about: the day it happened in the child's life or the case's work "
    "(or was decided), which may be earlier than the day it is recorded. The history, the journey and the "
    "chronology put the change on this date."
)


def practice_date(default: str | None = None) -> Any:
    """The ``effective_on`` field of an amendment or a practice step: required, unless ``default``
    says what it defaults to (then optional)."""
    if default is None:
        return Field(description=PRACTICE_DATE, examples=["2025-04-02"])
    return Field(default=None, description=f"{PRACTICE_DATE} Default: {default}.", examples=["2025-04-02"])


def set_once(info: FieldInfo) -> bool:
    return any(item is SET_ONCE for item in info.metadata)


class SentOnly(Input):
    """Base of the amend body of a nested part (``amend_schema(..., part=True)``): it dumps only the
    fields the client sent, so merging it into the stored part changes just those."""

    @model_serializer(mode="wrap")
    def _only_sent(self, handler: SerializerFunctionWrapHandler) -> Any:
        dumped = handler(self)
        return {key: value for key, value in dumped.items() if key in self.model_fields_set}


def amend_schema(
    fields: type[BaseModel],
    name: str | None = None,
    doc: str | None = None,
    *,
    fixed: str = "",
    parts: Mapping[str, type[BaseModel]] | None = None,
    part: bool = False,
) -> type[Input]:
    """The amend body of a record type (named ``<Thing>Amend`` after ``<Thing>Fields``): its fields
    less the set-once ones, each optional.

    Send only what changes (JSON merge semantics), with ``effective_on``, the practice date the change
    is about (required); ``amendment_reason`` is kept in the history. Its description is ``doc``, or
    says what is ``fixed`` (``fixed="child and referral"``: "Send only the fields that change; child and
    referral are fixed.").

    A field holding a nested part (a danger statement's goal) takes the part's own amend body from
    ``parts``, made with ``part=True``: the part's fields, each optional, no ``amendment_reason``,
    dumping only what was sent, so the part's other fields stay as they are.
    """
    optional: dict[str, Any] = {}
    for field_name, info in fields.model_fields.items():
        if set_once(info):
            continue
        annotation: Any = (parts or {}).get(field_name, info.annotation)
        if info.metadata:
            annotation = Annotated[(annotation, *info.metadata)]
        optional[field_name] = (
            annotation | None,
            Field(
                default=None,
                description=info.description,
                examples=info.examples,
                json_schema_extra=info.json_schema_extra,
            ),
        )
    if not part:
        optional["effective_on"] = (Day, practice_date())
        optional["amendment_reason"] = (str | None, AMENDMENT_REASON)
        optional["amendment_reason_code"] = (AmendmentReasonCode | None, AMENDMENT_REASON_CODE)
    base: type[Input] = SentOnly if part else Input
    name = name or fields.__name__.removesuffix("Fields") + "Amend"
    model = create_model(name, __base__=base, __module__=fields.__module__, **optional)
    if fixed:
        doc = f"Send only the fields that change; {fixed} {'are' if ' and ' in fixed else 'is'} fixed."
    model.__doc__ = doc or "Send only the fields that change; the record's history keeps every version."
    return model
