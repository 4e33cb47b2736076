"""Every refusal of a catalogue rule names its requirement: a walk over the requirements catalogue, the
request fields each rule governs (``x-requirement``) and every refused example in the contract.

The service answers each refused example with the problem the contract shows, requirement included
(tests/contract/test_examples.py sends them all); this walk checks that what the contract shows is
right: a rule's refusal names a requirement of the catalogue that the operation carries, and a refused
field governed by a rule names that rule."""

from __future__ import annotations

import json
from typing import Any

from service.contract.examples import REFUSED_EXAMPLES
from tests.contract.support import OPENAPI_DIR, contract, operations


def _catalogue() -> dict[str, dict[str, Any]]:
    document = json.loads((OPENAPI_DIR / "requirements.json").read_text())
    return {item["id"]: item for item in document["requirements"]}


def _resolve(schema: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _branches(schema: dict[str, Any], doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The schema itself, or each branch of its anyOf / oneOf / allOf, resolved."""
    schema = _resolve(schema, doc)
    parts = schema.get("anyOf") or schema.get("oneOf") or schema.get("allOf")
    return [b for part in parts for b in _branches(part, doc)] if parts else [schema]


def governing(schema: dict[str, Any], pointer: str, doc: dict[str, Any]) -> str | None:
    """The requirement governing the field at ``pointer`` in a request body schema: the innermost
    ``x-requirement`` on the properties along the way."""
    found = None
    current = [schema]
    for part in [p for p in pointer.split("/") if p]:
        following = []
        for branch in (b for s in current for b in _branches(s, doc)):
            if part.isdigit() and "items" in branch:
                following.append(branch["items"])
            elif part in branch.get("properties", {}):
                prop = branch["properties"][part]
                found = prop.get("x-requirement", found)
                following.append(prop)
        current = following
    return found


def _refusals() -> list[tuple[str, dict[str, Any], str, dict[str, Any]]]:
    found = []
    for _, _, op in operations():
        for name, refused in op.get("requestBody", {}).get(REFUSED_EXAMPLES, {}).items():
            found.append((op["operationId"], op, name, refused))
    return found


def test_every_rule_refusal_names_a_requirement_the_operation_carries() -> None:
    catalogue = _catalogue()
    walked = 0
    for op_id, op, name, refused in _refusals():
        problem = refused["problem"]
        requirement = problem.get("requirement")
        if problem["code"] == "rule_violated":
            assert requirement, f"{op_id} {name}: a rule's refusal names no requirement"
        if requirement:
            walked += 1
            assert requirement in catalogue, f"{op_id} {name}: {requirement} is not in the catalogue"
            assert requirement in op["x-requirements"], f"{op_id} {name}: {requirement} not carried"
    assert walked > 40  # the walk reached the refusals (a contract without them would pass vacuously)


def test_a_refused_field_governed_by_a_rule_names_it() -> None:
    doc = contract()
    named = set()
    for op_id, op, name, refused in _refusals():
        problem = refused["problem"]
        if problem["code"] != "validation_failed" or not problem.get("errors"):
            continue
        schema = op["requestBody"]["content"]["application/json"]["schema"]
        rule = governing(schema, problem["errors"][0]["pointer"], doc)
        if rule is not None:
            assert problem.get("requirement") == rule, f"{op_id} {name}: the field is governed by {rule}"
            named.add(rule)
    # The refusals issue 15 found answering without their rule now name it.
    assert {"SOS-MAP-002", "SOS-DS-001", "SOS-SCALE-002", "SOS-NET-004"} <= named


def test_every_governing_requirement_is_a_catalogue_rule_the_operation_carries() -> None:
    doc, catalogue = contract(), _catalogue()
    for _, _, op in operations():
        content = op.get("requestBody", {}).get("content", {}).get("application/json")
        if content is None:
            continue
        for rule in _governed(content["schema"], doc, set()):
            assert rule in catalogue, f"{op['operationId']}: {rule} is not in the catalogue"
            assert rule in op["x-requirements"], f"{op['operationId']} does not carry {rule}"


def _governed(schema: dict[str, Any], doc: dict[str, Any], seen: set[str]) -> set[str]:
    """Every ``x-requirement`` in a body schema, nested bodies included."""
    found: set[str] = set()
    for branch in _branches(schema, doc):
        key = json.dumps(branch, sort_keys=True)
        if key in seen:
            continue
        seen.add(key)
        for prop in branch.get("properties", {}).values():
            if "x-requirement" in prop:
                found.add(prop["x-requirement"])
            found |= _governed(prop, doc, seen)
        if "items" in branch:
            found |= _governed(branch["items"], doc, seen)
    return found
