"""The code lists as shipped in ``reference_data/``: the single source every check reads.

The files are part of a release and never change while the service runs, so each process reads
them once; the database holds the same rows for queries and for the API.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from service.config import get_settings
from service.kit.stored import reading_stored

CSV_HEADER = ["code", "label", "definition", "valid_from", "valid_to"]


@dataclass(frozen=True)
class CodeEntry:
    code: str
    label: str
    definition: str
    valid_from: str | None
    valid_to: str | None

    def retired(self, today: date | None = None) -> bool:
        return self.valid_to is not None and self.valid_to < collection_year(today or date.today())


@dataclass(frozen=True)
class CodeListFile:
    id: str
    title: str
    version: str
    owner: str
    source_url: str | None
    licence: str
    statutory: bool
    description: str
    codes: dict[str, CodeEntry]


def collection_year(day: date) -> str:
    """The DfE collection year (1 April to 31 March) a date falls in, as ``2026-27``."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{str(start + 1)[-2:]}"


def read_code_lists(directory: Path) -> dict[str, CodeListFile]:
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    lists: dict[str, CodeListFile] = {}
    for entry in manifest["lists"]:
        path = directory / entry["file"]
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames != CSV_HEADER:
                raise ValueError(f"{path.name}: header must be {','.join(CSV_HEADER)}")
            codes = {
                row["code"]: CodeEntry(
                    code=row["code"],
                    label=row["label"],
                    definition=row["definition"],
                    valid_from=row["valid_from"] or None,
                    valid_to=row["valid_to"] or None,
                )
                for row in reader
            }
        lists[entry["id"]] = CodeListFile(
            id=entry["id"],
            title=entry["title"],
            version=entry["version"],
            owner=entry["owner"],
            source_url=entry.get("source_url"),
            licence=entry["licence"],
            statutory=bool(entry["statutory"]),
            description=entry.get("description", ""),
            codes=codes,
        )
    return lists


@lru_cache
def code_lists() -> dict[str, CodeListFile]:
    return read_code_lists(get_settings().reference_data_dir)


LISTED_IN_FULL = 6
"""A list with at most this many current codes is spelt out, with labels, when a code is refused; a
longer one gives its first few codes and where to read it."""
LISTED_AT_MOST = 8


def list_url(list_id: str) -> str:
    return f"/v1/reference-data/{list_id}"


def valid_codes_hint(list_id: str) -> str:
    """What to send instead of a refused code: the list's current codes (the first few of a long list)
    and where the whole list is served."""
    current = [c for c in code_lists()[list_id].codes.values() if not c.retired()]
    if len(current) <= LISTED_IN_FULL:
        return (
            f"use one of {', '.join(f'{c.code} ({c.label})' for c in current)}; the list: {list_url(list_id)}"
        )
    first = ", ".join(c.code for c in current[:LISTED_AT_MOST])
    return f"use one of its {len(current)} current codes ({first}, ...): see {list_url(list_id)}"


def unknown_code_message(value: str, list_id: str) -> str:
    """The detail of a field holding a code its list does not have."""
    return f"'{value}' is not a code of the list {list_id}: {valid_codes_hint(list_id)}"


def retired_code_message(value: str, list_id: str, valid_to: str) -> str:
    """The detail of a field holding a code its list has retired."""
    return (
        f"'{value}' of the list {list_id} was retired after {valid_to}: it stays on old records but cannot "
        f"be used for a new one; {valid_codes_hint(list_id)}"
    )


def check_code(list_id: str, value: str) -> str:
    code_list = code_lists().get(list_id)
    if code_list is None:
        raise LookupError(f"unknown code list {list_id}")
    entry = code_list.codes.get(value)
    if entry is None:
        raise PydanticCustomError(
            "code_unknown",
            "{message}",
            {"message": unknown_code_message(value, list_id), "value": value, "code_list": list_id},
        )
    if entry.retired():
        raise PydanticCustomError(
            "code_retired",
            "{message}",
            {
                "message": retired_code_message(value, list_id, entry.valid_to or ""),
                "value": value,
                "code_list": list_id,
                "valid_to": entry.valid_to or "",
            },
        )
    return value


@dataclass(frozen=True)
class CodeFrom:
    """Annotated metadata for a string field whose value must be a current code of ``list_id``:

    ``Sex = Annotated[str, CodeFrom("sex", "Sex as the CIN census records it.", "1")]``

    Validation of a request refuses unknown and retired codes (naming the list); a stored record is
    read as it is (validated with ``service.kit.stored.STORED``), so an old record keeps a code retired
    since. The JSON Schema carries the description, an example and ``x-code-list``, in request and
    response bodies alike, so the contract says which list applies.
    """

    list_id: str
    description: str
    example: str
    max_length: int = 32

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        def validate(value: str, info: core_schema.ValidationInfo) -> str:
            return value if reading_stored(info.context) else check_code(self.list_id, value)

        return core_schema.with_info_after_validator_function(
            validate, core_schema.str_schema(max_length=self.max_length)
        )

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema.update(
            description=f"{self.description} Code from the list `{self.list_id}` "
            f"(GET /v1/reference-data/{self.list_id}).",
            examples=[self.example],
        )
        json_schema["x-code-list"] = self.list_id
        return json_schema
