"""What a subject access export marks for review before disclosure (domain.md 6.1 and 6.3). No FastAPI.

An authority answering a subject access request reads every record about the person and withholds
what the law lets or requires it to (information about other people, staff names, opinions,
sensitive health material), saying where a record was corrected. The service does not decide what
is withheld: it marks where each of these may be, so the officer reviewing the file misses nothing.

What is marked is found from the record type's read schema (the published contract), never from a
list per record type:

* ``STAFF``: who recorded each change, and fields naming staff or partner agencies (``worker``,
  ``team``, ``chair``, ``lead_professional``...);
* ``THIRD_PARTY``: another person, by id (a person, a case member or a network member other than the
  subject) or in words (fields that name someone: ``name``, ``rater_name``, ``who_is_worried``...);
* ``FREE_TEXT``: text fields (declared longer than 200 characters), which may speak of others or
  give someone's opinion;
* ``CORRECTED``: a record later marked entered in error, and an amendment with its reason;
* ``HEALTH``: a health record (a looked-after child's health outcomes);
* ``RESTRICTED``: a person marked restricted (an adopted child's new identity, say), other than the
  subject, referred to by id, and a record kept for them: disclosed only after a senior review
  (SOS-DP-003). The subject's own restriction protects them from others' requests, not from their own.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from service.kit.records import declared_type

STAFF_FIELDS = frozenset(
    {
        "created_by",
        "updated_by",
        "worker",
        "worker_id",
        "team",
        "chair",
        "decided_by",
        "lead_professional",
        "personal_adviser",
        "completing_organisation",
        "set_by",
    }
)
"""Fields that name a member of staff or a partner agency."""
NAMING_FIELDS = frozenset({"name", "person_name", "rater_name", "respondent", "who_is_worried", "co_authors"})
"""Fields that name a person in words."""
HEALTH_RECORDS = frozenset({"health_outcome"})
FREE_TEXT_LENGTH = 200
"""A text field declared longer than this is free text (names and references are shorter)."""
CODED = ("enum", "format", "pattern", "x-code-list")

NOTES = {
    "STAFF": "Names a member of staff or a partner agency.",
    "THIRD_PARTY": "Names another person.",
    "FREE_TEXT": "Free text: it may speak of other people or give someone's opinion.",
    "CORRECTED": "Corrected: read with the correction.",
    "HEALTH": "A health record.",
    "RESTRICTED": "A restricted person: disclose only after a senior review.",
}


@dataclass(frozen=True)
class Marker:
    pointer: str
    category: str
    note: str


def entry_markers(
    version: Any, in_error: bool, subject: str, others: Mapping[str, str], restricted: frozenset[str]
) -> list[Marker]:
    """The markers of one history version shown as an export entry (pointers into the entry: ``/who``,
    ``/reason``, ``/record/...``). ``subject`` is the subject's name (a field naming them names no one
    else); ``others`` names each id of someone other than the subject (a person's, a case member's or a
    network member's) the entries refer to, ``restricted`` those of them of a restricted person."""
    found = [Marker("/who", "STAFF", "Who recorded it.")]
    if in_error:
        found.append(
            Marker("", "CORRECTED", "The record was later marked entered in error: recorded by mistake.")
        )
    if version.change != "create" and version.reason:
        found.append(Marker("/reason", "CORRECTED", "Why it was changed, as the worker gave it."))
    if version.record_type in HEALTH_RECORDS:
        found.append(Marker("/record", "HEALTH", NOTES["HEALTH"]))
    data = version.data or {}
    for parts, category in field_markers(version.record_type):
        for pointer, value in _at(data, parts, ""):
            if value not in (None, "", [], {}) and not (category == "THIRD_PARTY" and value == subject):
                found.append(Marker(f"/record{pointer}", category, NOTES[category]))
    for pointer, value in _strings(data, ""):
        if value in others:
            found.append(Marker(f"/record{pointer}", "THIRD_PARTY", f"Another person: {others[value]}."))
        if value in restricted:
            found.append(Marker(f"/record{pointer}", "RESTRICTED", NOTES["RESTRICTED"]))
    return found


def about_someone_else(name: str, restricted: bool) -> list[Marker]:
    """The markers of a whole entry kept for another person (a child of the case) that names the
    subject: it is about them first (and they may be restricted)."""
    about = Marker("", "THIRD_PARTY", f"A record about another person, {name}; the subject is named in it.")
    return [about, Marker("", "RESTRICTED", NOTES["RESTRICTED"])] if restricted else [about]


def ids_in(data: Any) -> set[uuid.UUID]:
    """Every value of ``data`` that is a UUID: the ids a record refers to."""
    found = set()
    for _pointer, value in _strings(data, ""):
        try:
            found.add(uuid.UUID(value))
        except ValueError:
            continue
    return found


@cache
def field_markers(record_type: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    """Where the record type's read schema may hold what is marked: (path, category), ``*`` standing
    for every item of a list."""
    rtype = declared_type(record_type)
    if rtype is None:
        return ()
    schema = rtype.read_schema.model_json_schema(mode="serialization")
    found: list[tuple[tuple[str, ...], str]] = []
    _walk(schema, (), schema.get("$defs", {}), None, found)
    return tuple(found)


def _walk(
    node: dict[str, Any], path: tuple[str, ...], defs: dict[str, Any], name: str | None, found: list[Any]
) -> None:
    if "$ref" in node:
        node = defs[node["$ref"].rsplit("/", 1)[-1]]
    if name in STAFF_FIELDS or name in NAMING_FIELDS:
        found.append((path, "STAFF" if name in STAFF_FIELDS else "THIRD_PARTY"))
        return
    for branch in node.get("anyOf", []):
        _walk(branch, path, defs, None, found)
    kind = node.get("type")
    if kind == "object":
        for key, sub in node.get("properties", {}).items():
            _walk(sub, (*path, key), defs, key, found)
    elif kind == "array":
        _walk(node.get("items", {}), (*path, "*"), defs, None, found)
    elif (
        kind == "string" and node.get("maxLength", 0) > FREE_TEXT_LENGTH and not any(k in node for k in CODED)
    ):
        found.append((path, "FREE_TEXT"))


def _at(data: Any, parts: tuple[str, ...], pointer: str) -> Iterator[tuple[str, Any]]:
    """The values at ``parts`` in ``data``, each with its JSON pointer."""
    if not parts:
        yield pointer, data
        return
    head, rest = parts[0], parts[1:]
    if head == "*" and isinstance(data, list):
        for i, item in enumerate(data):
            yield from _at(item, rest, f"{pointer}/{i}")
    elif isinstance(data, dict) and head in data:
        yield from _at(data[head], rest, f"{pointer}/{head}")


def _strings(data: Any, pointer: str) -> Iterator[tuple[str, str]]:
    """Every string in ``data``, with its JSON pointer."""
    if isinstance(data, str):
        yield pointer, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, f"{pointer}/{key}")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, f"{pointer}/{i}")
