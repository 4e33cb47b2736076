"""The published contract (OpenAPI 3.1) and the requirements catalogue, shipped as package data.

Responses are checked against the contract with JSON Schema 2020-12 (the dialect of OpenAPI 3.1):
the whole document is registered as one resource, so ``#/components/schemas/...`` references
resolve exactly as they do in the published file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

CONTRACT_URI = "urn:sos-conformance:contract"
FORMAT_PACKAGES = {"date-time": "rfc3339-validator"}
"""The package ``jsonschema`` needs to check a format the contract uses (``date`` and ``uuid`` need
none); the suite declares each among its dependencies."""
METHODS = ("get", "put", "post", "patch", "delete")
UNIQUE_IN_AUTHORITY = "x-unique-in-authority"


def _load(name: str) -> Any:
    return json.loads(
        resources.files("sos_conformance").joinpath("contract", name).read_text(encoding="utf-8")
    )


@dataclass(frozen=True)
class Requirement:
    id: str
    level: str
    area: str
    text: str


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    template: str
    spec: dict[str, Any]
    pattern: re.Pattern[str]

    def response(self, status: int) -> tuple[str, dict[str, Any]] | None:
        responses: dict[str, Any] = self.spec.get("responses", {})
        for key in (str(status), f"{str(status)[0]}XX", "default"):
            if key in responses:
                return key, responses[key]
        return None


def _pointer_part(text: str) -> str:
    return text.replace("~", "~0").replace("/", "~1")


class Contract:
    def __init__(self, document: dict[str, Any], catalogue: dict[str, Any]) -> None:
        self.document = document
        self.catalogue = catalogue
        self._registry: Registry[Any] = Registry().with_resource(
            CONTRACT_URI, Resource.from_contents(document, default_specification=DRAFT202012)
        )

    @property
    def version(self) -> str:
        return str(self.document.get("info", {}).get("version", "?"))

    @cached_property
    def requirements(self) -> dict[str, Requirement]:
        return {
            r["id"]: Requirement(r["id"], r["level"].upper(), r["area"], r["text"])
            for r in self.catalogue.get("requirements", [])
        }

    @cached_property
    def unique_in_authority(self) -> frozenset[str]:
        """The fields whose value one record of an authority holds (``x-unique-in-authority``): a
        client sending the contract's examples gives each its own value."""
        schemas = self.document.get("components", {}).get("schemas", {})
        return frozenset(
            name
            for schema in schemas.values()
            for name, prop in (schema.get("properties") or {}).items()
            if isinstance(prop, dict) and prop.get(UNIQUE_IN_AUTHORITY) is True
        )

    @cached_property
    def formats(self) -> frozenset[str]:
        """Every ``format`` the contract's schemas give a string (``date``, ``date-time``, ``uuid``)."""
        found: set[str] = set()
        pending: list[Any] = [self.document]
        while pending:
            node = pending.pop()
            if isinstance(node, dict):
                if node.get("type") == "string" and isinstance(node.get("format"), str):
                    found.add(node["format"])
                pending.extend(node.values())
            elif isinstance(node, list):
                pending.extend(node)
        return frozenset(found)

    def unchecked_formats(self) -> list[str]:
        """The formats the contract uses that this installation of ``jsonschema`` cannot check, each
        with the package that would check it (:data:`FORMAT_PACKAGES`): their values would pass
        unchecked."""
        missing = sorted(self.formats - set(FormatChecker().checkers))
        return [
            f"{name} (needs {FORMAT_PACKAGES[name]})" if name in FORMAT_PACKAGES else name for name in missing
        ]

    @cached_property
    def operations(self) -> list[Operation]:
        found = []
        for template, item in self.document.get("paths", {}).items():
            regex = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
            for method in METHODS:
                if method in item:
                    found.append(
                        Operation(
                            item[method].get("operationId", f"{method} {template}"),
                            method.upper(),
                            template,
                            item[method],
                            re.compile(regex),
                        )
                    )
        # Literal paths before templated ones, so /v1/things/summary beats /v1/things/{id}.
        return sorted(found, key=lambda op: op.template.count("{"))

    def operation(self, method: str, path: str) -> Operation | None:
        for op in self.operations:
            if op.method == method.upper() and op.pattern.match(path):
                return op
        return None

    def operation_by_id(self, operation_id: str) -> Operation | None:
        return next((op for op in self.operations if op.operation_id == operation_id), None)

    def paths_matching(self, path: str) -> list[Operation]:
        return [op for op in self.operations if op.pattern.match(path)]

    def schema(self, name: str) -> dict[str, Any]:
        return dict(self.document["components"]["schemas"][name])

    def check_response(
        self, method: str, path: str, status: int, content_type: str, body: bytes
    ) -> list[str]:
        """What in this response the contract does not allow: undeclared status, undeclared media
        type, or a body that does not match the declared schema. Empty when it conforms."""
        op = self.operation(method, path)
        if op is None:
            return []  # not an operation of the contract (a deliberately wrong path): nothing to compare
        declared = op.response(status)
        if declared is None:
            return [
                f"{op.operation_id} does not declare HTTP {status} "
                f"(declared: {', '.join(sorted(op.spec.get('responses', {})))})"
            ]
        key, response = declared
        content: dict[str, Any] = response.get("content") or {}
        if not content:
            return []
        media = content_type.split(";")[0].strip().lower()
        if media not in content:
            return [
                f"{op.operation_id} declares {', '.join(content)} for HTTP {key}, "
                f"not {media or 'no Content-Type'}"
            ]
        schema_media = media
        if "schema" not in content[media]:
            # FastAPI declares problem+json beside an application/json schema for the same status:
            # the body is the same document, so that schema applies.
            schema_media = next((m for m, c in content.items() if "schema" in c), media)
            if "schema" not in content[schema_media]:
                return []
        if not (media.endswith("json") or media.endswith("+json")):
            return []
        try:
            data = json.loads(body)
        except ValueError:
            return [f"{op.operation_id} HTTP {status}: the body is not JSON"]
        pointer = "/".join(
            [
                "#",
                "paths",
                _pointer_part(op.template),
                op.method.lower(),
                "responses",
                key,
                "content",
                _pointer_part(schema_media),
                "schema",
            ]
        )
        validator = self._validator(CONTRACT_URI + pointer)
        problems = []
        for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))[:5]:
            where = "/" + "/".join(str(p) for p in error.absolute_path)
            problems.append(f"{op.operation_id} HTTP {status} body at {where}: {error.message[:300]}")
        return problems

    def _validator(self, ref: str) -> Draft202012Validator:
        return _validator(self, ref)


@lru_cache(maxsize=256)
def _validator(contract: Contract, ref: str) -> Draft202012Validator:
    return Draft202012Validator({"$ref": ref}, registry=contract._registry, format_checker=FormatChecker())


@lru_cache(maxsize=1)
def load_contract() -> Contract:
    return Contract(_load("openapi.json"), _load("requirements.json"))
