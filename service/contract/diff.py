"""Breaking-change detection between two OpenAPI documents (an old release and the current contract).

Within a major version only additive changes are allowed (api-conventions.md, Versions). This
module lists what would break a client written against ``old``:

* ``operation_removed``: a (method, path) of the old contract is gone;
* ``success_status_changed``: a 2xx status the operation answered with is gone;
* ``parameter_required``: a parameter became required, or a new required parameter appeared;
* ``request_body_required``: an operation that took no body now requires one;
* ``request_field_removed``: a request field is gone (unknown fields are refused, so old clients fail);
* ``request_field_required``: a request field became required, or a new required one appeared;
* ``type_narrowed``: a request field or parameter accepts fewer types (e.g. lost ``null``), or a
  tighter length or range;
* ``enum_value_removed``: a request field or parameter accepts fewer enum values;
* ``response_field_removed``: a field of a success response is gone or no longer always present;
* ``response_type_changed``: a success response field may now hold a type it could not before.

:func:`check_against_release` applies the rule: breaks are allowed only with a higher major version.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

METHODS = ("get", "put", "post", "patch", "delete")
Schema = dict[str, Any]


@dataclass(frozen=True, order=True)
class Break:
    kind: str
    where: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.where}: {self.detail}"


class _Doc:
    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc

    def resolve(self, schema: Schema | None) -> Schema:
        seen = 0
        while schema and "$ref" in schema and seen < 20:
            name = schema["$ref"].rsplit("/", 1)[-1]
            extra = {k: v for k, v in schema.items() if k != "$ref"}
            schema = {**self.doc.get("components", {}).get("schemas", {}).get(name, {}), **extra}
            seen += 1
        return schema or {}

    def branches(self, schema: Schema | None) -> list[Schema]:
        """The alternatives a value may take (anyOf/oneOf flattened, refs resolved)."""
        schema = self.resolve(schema)
        for key in ("anyOf", "oneOf"):
            if key in schema:
                out: list[Schema] = []
                for branch in schema[key]:
                    out.extend(self.branches(branch))
                return out
        return [schema]

    def types(self, schema: Schema | None) -> set[str]:
        found: set[str] = set()
        for branch in self.branches(schema):
            kind = branch.get("type")
            if isinstance(kind, list):
                found.update(kind)
            elif isinstance(kind, str):
                found.add(kind)
            elif "properties" in branch:
                found.add("object")
            elif "const" in branch or "enum" in branch:
                values = branch.get("enum", [branch.get("const")])
                found.update(_json_type(v) for v in values)
            else:
                found.add("any")
        if "integer" in found and "number" in found:
            found.discard("integer")
        return found

    def enum(self, schema: Schema | None) -> set[str] | None:
        """The allowed values, or None when any value of the type is allowed."""
        values: set[str] = set()
        for branch in self.branches(schema):
            if "enum" in branch:
                values.update(json.dumps(v) for v in branch["enum"])
            elif "const" in branch:
                values.add(json.dumps(branch["const"]))
            elif branch.get("type") == "null":
                values.add("null")
            else:
                return None
        return values

    def properties(self, schema: Schema | None) -> tuple[dict[str, Schema], set[str]]:
        props: dict[str, Schema] = {}
        required: set[str] = set()
        branches = [b for b in self.branches(schema) if b.get("type") != "null"]
        for branch in branches:
            for part in [branch, *[self.resolve(p) for p in branch.get("allOf", [])]]:
                props.update(part.get("properties", {}))
                required.update(part.get("required", []))
        return props, required

    def items(self, schema: Schema | None) -> Schema | None:
        for branch in self.branches(schema):
            if branch.get("type") == "array" and "items" in branch:
                items: Schema = branch["items"]
                return items
        return None


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string" if isinstance(value, str) else "object"


def _widens(old_types: set[str], new_types: set[str]) -> bool:
    """Does ``new`` accept every type ``old`` did ('number' covers 'integer'; 'any' covers all)?"""
    if "any" in new_types:
        return True
    covered = new_types | ({"integer"} if "number" in new_types else set())
    return old_types <= covered


_TIGHTER = (
    ("maxLength", min),
    ("maximum", min),
    ("maxItems", min),
    ("minLength", max),
    ("minimum", max),
    ("minItems", max),
)


def _bounds(doc: _Doc, schema: Schema | None) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for branch in doc.branches(schema):
        for key, _ in _TIGHTER:
            if key in branch:
                found[key] = branch[key]
    return found


class _Differ:
    def __init__(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        self.old, self.new = _Doc(old), _Doc(new)
        self.breaks: list[Break] = []

    def add(self, kind: str, where: str, detail: str) -> None:
        self.breaks.append(Break(kind, where, detail))

    def request(self, old: Schema | None, new: Schema | None, where: str, depth: int = 0) -> None:
        """``new`` must accept everything ``old`` accepted."""
        if depth > 12:
            return
        old_types, new_types = self.old.types(old), self.new.types(new)
        if not _widens(old_types, new_types):
            self.add("type_narrowed", where, f"accepted {sorted(old_types)}, now {sorted(new_types)}")
            return
        old_enum, new_enum = self.old.enum(old), self.new.enum(new)
        if old_enum is not None and new_enum is not None and not old_enum <= new_enum:
            self.add("enum_value_removed", where, f"no longer accepts {sorted(old_enum - new_enum)}")
        elif old_enum is None and new_enum is not None:
            self.add("type_narrowed", where, "now limited to the values " + ", ".join(sorted(new_enum)))
        old_bounds, new_bounds = _bounds(self.old, old), _bounds(self.new, new)
        for key, stricter in _TIGHTER:
            if key in new_bounds and (
                key not in old_bounds or stricter(old_bounds[key], new_bounds[key]) != old_bounds[key]
            ):
                self.add("type_narrowed", where, f"{key} {old_bounds.get(key, 'unset')} -> {new_bounds[key]}")
        if "object" in old_types:
            old_props, old_req = self.old.properties(old)
            new_props, new_req = self.new.properties(new)
            for name in old_props:
                if name not in new_props:
                    self.add("request_field_removed", f"{where}/{name}", "field no longer accepted")
                else:
                    self.request(old_props[name], new_props[name], f"{where}/{name}", depth + 1)
            for name in sorted(new_req - old_req):
                self.add(
                    "request_field_required",
                    f"{where}/{name}",
                    "new required field" if name not in old_props else "field became required",
                )
        old_items = self.old.items(old)
        if old_items is not None:
            self.request(old_items, self.new.items(new), f"{where}/[]", depth + 1)

    def response(self, old: Schema | None, new: Schema | None, where: str, depth: int = 0) -> None:
        """Everything a client could rely on in ``old`` is still there, with no new types."""
        if depth > 12:
            return
        old_types, new_types = self.old.types(old), self.new.types(new)
        if "any" not in old_types and not _widens(new_types, old_types):
            self.add("response_type_changed", where, f"was {sorted(old_types)}, now {sorted(new_types)}")
            return
        if "object" in old_types:
            old_props, old_req = self.old.properties(old)
            new_props, new_req = self.new.properties(new)
            for name in old_props:
                if name not in new_props:
                    self.add("response_field_removed", f"{where}/{name}", "field no longer returned")
                elif name in old_req and name not in new_req:
                    self.add("response_field_removed", f"{where}/{name}", "field no longer always returned")
                else:
                    self.response(old_props[name], new_props[name], f"{where}/{name}", depth + 1)
        old_items = self.old.items(old)
        if old_items is not None:
            self.response(old_items, self.new.items(new), f"{where}/[]", depth + 1)

    def operation(self, where: str, old: dict[str, Any], new: dict[str, Any]) -> None:
        old_params = {(p["in"], p["name"]): p for p in old.get("parameters", [])}
        new_params = {(p["in"], p["name"]): p for p in new.get("parameters", [])}
        for key, param in new_params.items():
            was = old_params.get(key)
            if param.get("required") and not (was and was.get("required")):
                self.add(
                    "parameter_required",
                    f"{where} {key[0]} {key[1]}",
                    "new required parameter" if was is None else "parameter became required",
                )
            if was is not None:
                self.request(was.get("schema"), param.get("schema"), f"{where} {key[0]} {key[1]}")
        old_body, new_body = old.get("requestBody"), new.get("requestBody")
        if (
            new_body is not None
            and new_body.get("required")
            and (old_body is None or not old_body.get("required"))
        ):
            self.add("request_body_required", where, "a body is now required")
        if old_body is not None and new_body is not None:
            old_schema = old_body.get("content", {}).get("application/json", {}).get("schema")
            new_schema = new_body.get("content", {}).get("application/json", {}).get("schema")
            if old_schema is not None:
                self.request(old_schema, new_schema, f"{where} body")
        old_ok = {s for s in old.get("responses", {}) if s.startswith("2")}
        new_ok = {s for s in new.get("responses", {}) if s.startswith("2")}
        for status in sorted(old_ok - new_ok):
            self.add(
                "success_status_changed", where, f"{status} is no longer answered (now {sorted(new_ok)})"
            )
        for status in sorted(old_ok & new_ok):
            old_content = old["responses"][status].get("content", {}).get("application/json", {})
            new_content = new["responses"][status].get("content", {}).get("application/json", {})
            if "schema" in old_content:
                self.response(old_content["schema"], new_content.get("schema"), f"{where} {status}")


def breaking_changes(old: dict[str, Any], new: dict[str, Any]) -> list[Break]:
    """Everything in ``new`` that would break a client written against ``old``, sorted."""
    differ = _Differ(old, new)
    for path, item in old.get("paths", {}).items():
        for method, op in item.items():
            if method not in METHODS:
                continue
            where = f"{method.upper()} {path}"
            new_op = new.get("paths", {}).get(path, {}).get(method)
            if new_op is None:
                differ.add("operation_removed", where, f"operation {op.get('operationId')} is gone")
            else:
                differ.operation(where, op, new_op)
    return sorted(set(differ.breaks))


def major(version: str) -> int:
    return int(version.split(".")[0])


def check_against_release(
    release: dict[str, Any], current: dict[str, Any], corrections: list[dict[str, str]] | None = None
) -> list[Break]:
    """The breaks that are not allowed: any break, unless the current contract has a higher major
    version, or the break is an acknowledged correction (see :func:`corrected`)."""
    if major(current["info"]["version"]) > major(release["info"]["version"]):
        return []
    if corrections is None:
        from service.config import get_settings

        corrections = load_corrections(get_settings().openapi_dir)
    return [b for b in breaking_changes(release, current) if not corrected(b, corrections)]


def corrected(found: Break, corrections: list[dict[str, str]]) -> dict[str, str] | None:
    """The acknowledged correction a break is, if any.

    A correction (``openapi/corrections.json``) is a change the diff reads as breaking that v1
    accepts: either the document was wrong and the service always behaved so, so no client can be
    broken (a header the service always required, declared optional), or a break decided within v1
    whose reason says what a client of the earlier release must change. Each names the break's kind, a
    regular expression for where it is, and its reason; the tests keep the list short and exact.
    """
    for correction in corrections:
        if correction["kind"] == found.kind and re.search(correction["where"], found.where):
            return correction
    return None


def load_corrections(openapi_dir: Path) -> list[dict[str, str]]:
    path = openapi_dir / "corrections.json"
    if not path.exists():
        return []
    corrections: list[dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))["corrections"]
    return corrections


def _version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in path.stem.split("."))


def releases(directory: Path) -> list[Path]:
    """The frozen releases (``<version>.json``), oldest first."""
    return sorted(directory.glob("*.json"), key=_version_key)
