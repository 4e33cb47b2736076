"""Finishing the OpenAPI document: the conventions every operation shares, applied once.

:func:`finish_openapi` runs on FastAPI's generated document (``service.main.build_openapi``) and

* takes each operation's summary and description from its endpoint's docstring (first line, rest);
* makes every 4xx and 5xx response ``application/problem+json`` with the ``Problem`` schema;
* completes ``x-requirements``: the IDs the route declares, the IDs the catalogue assigns to the
  operation by operationId, and the cross-cutting IDs that follow from the operation's shape
  (a token, a body, a record, a list; see :data:`CROSS_CUTTING`), in catalogue order;
* merges request and problem examples from :mod:`service.contract.examples`;
* documents the deprecation headers on deprecated operations (:mod:`service.kit.deprecation`);
* publishes the requirements catalogue under the top-level ``x-requirements-catalogue`` key
  (also served at ``GET /v1/requirements``);
* copies the description of an optional (``X | None``) field up to the property;
* drops component schemas nothing refers to (FastAPI's unused validation-error schemas).
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts

from service.config import get_settings
from service.contract.examples import apply_examples
from service.kit.deprecation import DEPRECATION_RESPONSE_HEADERS

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
METHODS = ("get", "put", "post", "patch", "delete", "head", "options")
CATALOGUE_FILE = "requirements.json"
REQUIREMENTS_PATH = "/v1/requirements"


@lru_cache
def requirements_catalogue() -> dict[str, Any]:
    """The requirements catalogue (``openapi/requirements.json``) as published."""
    path = get_settings().openapi_dir / CATALOGUE_FILE
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """Every (path, method, operation) of an OpenAPI document, in document order."""
    return [
        (path, method, op)
        for path, item in schema.get("paths", {}).items()
        for method, op in item.items()
        if method in METHODS
    ]


def api_routes(app: FastAPI) -> dict[str, APIRoute]:
    """The app's operations in the contract, by operationId (routers included at any depth)."""
    found: dict[str, APIRoute] = {}
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, APIRoute) and getattr(context, "include_in_schema", route.include_in_schema):
            op_id = getattr(context, "operation_id", None) or route.operation_id or route.name
            found[op_id] = route
    return found


def declared_requirements(route: APIRoute) -> list[str]:
    return list((route.openapi_extra or {}).get("x-requirements", []))


def _resolve(schema: dict[str, Any], node: dict[str, Any] | None) -> dict[str, Any]:
    if node and "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        resolved: dict[str, Any] = schema["components"]["schemas"].get(name, {})
        return resolved
    return node or {}


def _json_schema(schema: dict[str, Any], content: dict[str, Any] | None) -> dict[str, Any]:
    media = (content or {}).get("application/json") or {}
    return _resolve(schema, media.get("schema"))


def _success(op: dict[str, Any]) -> dict[str, Any] | None:
    for status in ("200", "201"):
        if status in op.get("responses", {}):
            response: dict[str, Any] = op["responses"][status]
            return response
    return None


Rule = Callable[[dict[str, Any], str, dict[str, Any]], bool]


def _needs_token(_doc: dict[str, Any], _method: str, op: dict[str, Any]) -> bool:
    return op.get("security") != []


def _has_body(_doc: dict[str, Any], _method: str, op: dict[str, Any]) -> bool:
    return "requestBody" in op


def _returns_record(doc: dict[str, Any], _method: str, op: dict[str, Any]) -> bool:
    props = _json_schema(doc, (_success(op) or {}).get("content")).get("properties", {})
    return {"id", "version", "created_by"} <= set(props)


def _returns_page(doc: dict[str, Any], _method: str, op: dict[str, Any]) -> bool:
    props = _json_schema(doc, (_success(op) or {}).get("content")).get("properties", {})
    return {"items", "next_cursor"} <= set(props)


def _coded_body(doc: dict[str, Any], _method: str, op: dict[str, Any]) -> bool:
    body = _json_schema(doc, op.get("requestBody", {}).get("content"))
    return "x-code-list" in json.dumps(body)


def _needs_if_match(_doc: dict[str, Any], _method: str, op: dict[str, Any]) -> bool:
    return "428" in op.get("responses", {})


def _creates(_doc: dict[str, Any], method: str, op: dict[str, Any]) -> bool:
    return method == "post" and "201" in op.get("responses", {})


def _creates_under_a_record(doc: dict[str, Any], method: str, op: dict[str, Any]) -> bool:
    return _creates(doc, method, op) and any(p.get("in") == "path" for p in op.get("parameters", []))


def _marks_test_data(_doc: dict[str, Any], _method: str, op: dict[str, Any]) -> bool:
    return any(p.get("in") == "header" and p.get("name") == "X-Test-Data" for p in op.get("parameters", []))


def _by_id(_doc: dict[str, Any], _method: str, op: dict[str, Any]) -> bool:
    return op.get("security") != [] and any(p.get("in") == "path" for p in op.get("parameters", []))


def _since(_doc: dict[str, Any], _method: str, op: dict[str, Any]) -> bool:
    return any(p.get("name") == "updated_since" for p in op.get("parameters", []))


# Requirements that hold for every operation of a given shape. Listing them here, not on each
# route, keeps a route from forgetting one and lets the conformance suite read them per operation.
CROSS_CUTTING: list[tuple[Rule, list[str]]] = [
    (lambda *_: True, ["SOS-HTTP-001", "SOS-HTTP-005", "SOS-HTTP-012", "SOS-HTTP-013"]),
    (_needs_token, ["SOS-AUTH-001", "SOS-AUTH-002"]),
    (_by_id, ["SOS-TEN-001"]),
    (_has_body, ["SOS-REC-002", "SOS-REC-006", "SOS-HTTP-004"]),
    (_coded_body, ["SOS-REC-003"]),
    (_returns_record, ["SOS-REC-001", "SOS-HTTP-002"]),
    (_needs_if_match, ["SOS-HTTP-003"]),
    (_creates, ["SOS-HTTP-010", "SOS-HTTP-011"]),
    (_marks_test_data, ["SOS-REC-007"]),
    (_creates_under_a_record, ["SOS-REC-008"]),
    (_returns_page, ["SOS-LIST-001"]),
    (_since, ["SOS-LIST-002"]),
]


def _docstring_texts(route: APIRoute) -> tuple[str, str] | None:
    doc = inspect.getdoc(route.endpoint)
    if not doc:
        return None
    doc = doc.split("\f")[0].strip()
    first, _, rest = doc.partition("\n\n")
    return " ".join(first.split()).rstrip("."), rest.strip() or first.strip()


RETRY_AFTER = {
    "description": "How many seconds to wait before trying again.",
    "schema": {"type": "integer", "minimum": 1},
}
BUSY_ANSWERS = {
    "429": "This client has sent more requests than its limit (per token, else per address): try again "
    "after `Retry-After` seconds.",
    "503": "The service is busy (every database slot in use and the queue full), other requests "
    "changed the same records at that moment past several tries, or a database statement of the "
    "request ran past the service's limit (`SOS_STATEMENT_SECONDS` in the reference) and was stopped: "
    "nothing was saved; try again after `Retry-After` seconds.",
}
"""What any operation may answer under load, before it does anything: the service never stalls, it says
when to come back (kit/ratelimit.py, kit/work.py)."""


def _busy_answers(op: dict[str, Any]) -> None:
    for status, description in BUSY_ANSWERS.items():
        op.setdefault("responses", {}).setdefault(
            status, {"description": description, "headers": {"Retry-After": dict(RETRY_AFTER)}}
        )


def finish_openapi(schema: dict[str, Any], app: FastAPI) -> dict[str, Any]:
    routes = api_routes(app)
    catalogue = requirements_catalogue()
    order = {req["id"]: i for i, req in enumerate(catalogue["requirements"])}
    assigned: dict[str, list[str]] = {}
    for req in catalogue["requirements"]:
        for op_id in req.get("operations", []):
            if op_id != "*":
                assigned.setdefault(op_id, []).append(req["id"])

    for _path, method, op in operations(schema):
        op_id = op["operationId"]
        route = routes.get(op_id)
        if route is not None and route.summary is None:
            texts = _docstring_texts(route)
            if texts is not None:
                op["summary"], op["description"] = texts
        _busy_answers(op)
        for status, response in op.get("responses", {}).items():
            if status[0] in "45":
                response["content"] = {"application/problem+json": {"schema": dict(PROBLEM_REF)}}
        ids = set(op.get("x-requirements", [])) | set(assigned.get(op_id, []))
        for rule, reqs in CROSS_CUTTING:
            if rule(schema, method, op):
                ids.update(reqs)
        op["x-requirements"] = sorted(ids, key=lambda i: (order.get(i, len(order)), i))
        if op.get("deprecated"):
            for response in op.get("responses", {}).values():
                response.setdefault("headers", {}).update(DEPRECATION_RESPONSE_HEADERS)

    apply_examples(schema)
    schema["x-requirements-catalogue"] = {
        "catalogue_version": catalogue["catalogue_version"],
        "served_at": REQUIREMENTS_PATH,
        "requirements": [
            {key: req[key] for key in ("id", "level", "area", "text")} for req in catalogue["requirements"]
        ],
    }
    _hoist_optional_descriptions(schema)
    _if_match_required(schema)
    _text_has_a_visible_character(schema)
    _drop_unused_schemas(schema)
    return schema


def _if_match_required(schema: dict[str, Any]) -> None:
    """``If-Match`` is declared required wherever its absence is 428 (FastAPI declares it optional so
    the service, not the framework, can answer 428 with the problem the contract promises)."""
    for _path, _method, op in operations(schema):
        if "428" in op.get("responses", {}):
            for parameter in op.get("parameters", []):
                if parameter.get("in") == "header" and parameter.get("name", "").lower() == "if-match":
                    parameter["required"] = True


def _request_schemas(schema: dict[str, Any]) -> set[str]:
    """The component schemas that request bodies use, directly or nested."""
    components = schema.get("components", {}).get("schemas", {})
    pending = [
        json.dumps(op["requestBody"]) for _path, _method, op in operations(schema) if "requestBody" in op
    ]
    seen: set[str] = set()
    while pending:
        for name in re.findall(r'"#/components/schemas/([^"]+)"', pending.pop()):
            if name not in seen and name in components:
                seen.add(name)
                pending.append(json.dumps(components[name]))
    return seen


def _text_has_a_visible_character(schema: dict[str, Any]) -> None:
    """Request bodies strip surrounding white space before checking a length, so a required text of
    white space only is refused: the contract says so with ``pattern: \\S`` (a visible character)."""
    components = schema.get("components", {}).get("schemas", {})
    for name in _request_schemas(schema):
        for prop in components[name].get("properties", {}).values():
            for branch in [prop, *prop.get("anyOf", []), prop.get("items") or {}]:
                if (
                    branch.get("type") == "string"
                    and branch.get("minLength", 0) >= 1
                    and "pattern" not in branch
                ):
                    branch["pattern"] = "\\S"


def _hoist_optional_descriptions(schema: dict[str, Any]) -> None:
    """``X | None`` fields: Pydantic writes X's description (and code list) inside the ``anyOf``
    branch, where documentation tools do not show it; copy them to the property itself."""
    for component in schema.get("components", {}).get("schemas", {}).values():
        for prop in component.get("properties", {}).values():
            branches = [b for b in prop.get("anyOf", []) if b.get("type") != "null"]
            if len(branches) != 1:
                continue
            for key in ("description", "x-code-list"):
                if key in branches[0] and key not in prop:
                    prop[key] = branches[0][key]


def _drop_unused_schemas(schema: dict[str, Any]) -> None:
    components = schema.get("components", {}).get("schemas", {})
    while True:
        text = json.dumps({k: v for k, v in schema.items() if k != "components"}) + json.dumps(components)
        unused = [name for name in components if f'"#/components/schemas/{name}"' not in text]
        if not unused:
            return
        for name in unused:
            del components[name]
