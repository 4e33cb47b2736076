"""Every operation of the contract is documented the same way.

Checks run per area (tag), so a failure names the area whose operations or schemas need work.
"""

from __future__ import annotations

from collections import Counter

import pytest

from service.contract.build import api_routes
from tests.contract.support import (
    CORE_TAGS,
    PRACTICE_TAGS,
    TAGS,
    catalogue,
    contract,
    operations,
    operations_of,
    schemas_used_by,
)

PROBLEM = {"$ref": "#/components/schemas/Problem"}


def _where(path: str, method: str, op: dict) -> str:
    return f"{op.get('operationId')} ({method.upper()} {path})"


@pytest.mark.parametrize("tag", TAGS)
def test_summary_description_and_one_tag(tag: str) -> None:
    declared = {t["name"] for t in contract()["tags"]}
    offenders = []
    for path, method, op in operations_of(tag):
        name = op["operationId"]
        if not op.get("summary") or op["summary"] == name.replace("_", " ").title():
            offenders.append(f"{_where(path, method, op)}: no summary (first docstring line)")
        if not op.get("description") or op.get("description") == op.get("summary"):
            offenders.append(f"{_where(path, method, op)}: no description (docstring after the first line)")
        if len(op.get("tags", [])) != 1 or op["tags"][0] not in declared:
            offenders.append(
                f"{_where(path, method, op)}: tags {op.get('tags')}, need exactly one declared tag"
            )
    assert not offenders, "\n".join(offenders)


def test_every_operation_has_a_tag_and_areas_are_covered() -> None:
    untagged = [op["operationId"] for _, _, op in operations() if not op.get("tags")]
    assert not untagged
    assert {op["tags"][0] for _, _, op in operations()} <= set(TAGS)
    assert set(CORE_TAGS + PRACTICE_TAGS) <= set(TAGS)


def test_operation_ids_are_unique_and_name_the_endpoint(app) -> None:
    ids = Counter(op["operationId"] for _, _, op in operations())
    assert not [i for i, n in ids.items() if n > 1], ids
    routes = api_routes(app)
    mismatched = [
        f"{op_id}: endpoint is {route.endpoint.__name__}"
        for op_id, route in routes.items()
        if route.endpoint.__name__ != op_id
    ]
    assert not mismatched, "\n".join(mismatched)
    assert set(routes) == set(ids)


@pytest.mark.parametrize("tag", TAGS)
def test_errors_are_declared_as_problems(tag: str) -> None:
    offenders = []
    for path, method, op in operations_of(tag):
        errors = {s: r for s, r in op["responses"].items() if s[0] in "45"}
        if not any(s.startswith("4") for s in errors):
            offenders.append(f"{_where(path, method, op)}: declares no 4xx response")
        for status, response in errors.items():
            if (
                list(response.get("content", {})) != ["application/problem+json"]
                or response["content"]["application/problem+json"].get("schema") != PROBLEM
            ):
                offenders.append(
                    f"{_where(path, method, op)}: {status} is not application/problem+json Problem"
                )
    assert not offenders, "\n".join(offenders)


def test_every_operation_declares_the_answers_it_gives_under_load() -> None:
    """Any operation may be refused by the rate limit (429) or a full queue (503), each with
    Retry-After: the contract says so on every operation, so a generated client expects them."""
    offenders = [
        f"{_where(path, method, op)}: {status}"
        for path, method, op in operations()
        for status in ("429", "503")
        if "Retry-After" not in op["responses"].get(status, {}).get("headers", {})
    ]
    assert not offenders, "\n".join(offenders)


@pytest.mark.parametrize("tag", TAGS)
def test_request_bodies_have_examples(tag: str) -> None:
    offenders = [
        _where(path, method, op)
        for path, method, op in operations_of(tag)
        if "requestBody" in op
        and not op["requestBody"]["content"].get("application/json", {}).get("examples")
    ]
    assert not offenders, (
        "Request bodies without examples (add them to service/<area>/examples.yaml):\n" + "\n".join(offenders)
    )


@pytest.mark.parametrize("tag", TAGS)
def test_schema_properties_have_descriptions(tag: str) -> None:
    schemas = contract()["components"]["schemas"]
    offenders = []
    for name in sorted(schemas_used_by(operations_of(tag))):
        missing = [p for p, s in schemas[name].get("properties", {}).items() if not s.get("description")]
        if missing:
            offenders.append(f"{name}: {', '.join(missing)}")
    assert not offenders, "Schema properties without a description:\n" + "\n".join(offenders)


@pytest.mark.parametrize("tag", TAGS)
def test_parameters_have_descriptions(tag: str) -> None:
    offenders = [
        f"{_where(path, method, op)}: {p['in']} {p['name']}"
        for path, method, op in operations_of(tag)
        for p in op.get("parameters", [])
        if not p.get("description")
    ]
    assert not offenders, "\n".join(offenders)


def test_requirement_ids_exist_in_the_catalogue() -> None:
    known = {r["id"] for r in catalogue()["requirements"]}
    unknown = [
        f"{op['operationId']}: {i}"
        for _, _, op in operations()
        for i in op.get("x-requirements", [])
        if i not in known
    ]
    assert not unknown, "x-requirements not in openapi/requirements.json:\n" + "\n".join(unknown)


def test_every_requirement_is_carried_by_an_operation() -> None:
    used = {i for _, _, op in operations() for i in op.get("x-requirements", [])}
    orphans = [
        f"{r['id']} ({r['area']}): {r['text'][:80]}"
        for r in catalogue()["requirements"]
        if r["id"] not in used
    ]
    assert not orphans, "Requirements no operation names in x-requirements:\n" + "\n".join(orphans)


def test_every_operation_declares_its_own_requirement(app) -> None:
    """Cross-cutting IDs are added by the contract builder; each route must still name one itself."""
    bare = [
        op_id
        for op_id, route in api_routes(app).items()
        if not (route.openapi_extra or {}).get("x-requirements")
    ]
    assert not bare, "Operations declaring no requirement (openapi_extra x-requirements):\n" + "\n".join(bare)


def test_catalogue_is_well_formed_and_published(client) -> None:
    data = catalogue()
    ids = [r["id"] for r in data["requirements"]]
    assert len(ids) == len(set(ids)), "duplicate requirement ids"
    op_ids = {op["operationId"] for _, _, op in operations()}
    for req in data["requirements"]:
        assert req["level"] in ("MUST", "SHOULD", "MAY"), req
        assert req["text"].strip(), req
        named = [o for o in req.get("operations", []) if o != "*"]
        assert set(named) <= op_ids, f"{req['id']} names unknown operations {set(named) - op_ids}"
    published = contract()["x-requirements-catalogue"]
    assert [r["id"] for r in published["requirements"]] == ids
    served = client.get("/v1/requirements")
    assert served.status_code == 200
    assert [r["id"] for r in served.json()["requirements"]] == ids
    assert served.json()["catalogue_version"] == data["catalogue_version"]
