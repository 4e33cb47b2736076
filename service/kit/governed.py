"""Which catalogue rule governs a request field, so a refusal of the field names it.

A field a catalogue rule is about is declared with its requirement (``required(..., requirement=
"SOS-SCALE-002")``, likewise ``optional`` and ``required_text``): the contract shows it on the
property as ``x-requirement``, and when the request schema refuses the field, or anything inside it
(a list's items, a nested body, the part's own checks), the problem names that requirement, the
innermost one along the field's path. A rule checked after the schema names its requirement itself
(``RuleViolation(..., requirement=...)``).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

REQUIREMENT = "x-requirement"


def governed_by(requirement: str | None, **limits: Any) -> dict[str, Any]:
    """``Field`` keywords (``limits``) with the field marked governed by ``requirement``, if one."""
    if requirement is None:
        return limits
    extra = limits.pop("json_schema_extra", None) or {}
    return {**limits, "json_schema_extra": {**extra, REQUIREMENT: requirement}}


def requirement_of(info: FieldInfo) -> str | None:
    extra = info.json_schema_extra
    found = extra.get(REQUIREMENT) if isinstance(extra, dict) else None
    return found if isinstance(found, str) else None


def requirement_at(body: Any, loc: Sequence[str | int]) -> str | None:
    """The requirement governing the field at ``loc`` (a pydantic error's location below the body) in
    the body schema ``body``: the innermost field on the way that names one."""
    found = None
    annotation = body
    for part in loc:
        if isinstance(part, int):
            continue  # an item of a list: the list's item type is looked into next
        model = _model_in(annotation)
        info = model.model_fields.get(part) if model is not None else None
        if info is None:
            break
        found = requirement_of(info) or found
        annotation = info.annotation
    return found


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The body model in an annotation (itself, or inside ``X | None``, ``list[X]``, ``Annotated``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, list, typing.Annotated):
        for arg in typing.get_args(annotation):
            model = _model_in(arg)
            if model is not None:
                return model
    return None
