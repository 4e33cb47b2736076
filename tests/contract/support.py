"""Shared helpers of the contract tests: the contract as served, grouped by area (tag)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from service.config import PROJECT_ROOT

OPENAPI_DIR = PROJECT_ROOT / "openapi"
CORE_TAGS = ("discovery", "people", "cases", "stages", "audit")
PRACTICE_TAGS = ("assessment", "planning")


def _declared_tags() -> tuple[str, ...]:
    from service.main import TAGS as DECLARED

    return tuple(t["name"] for t in DECLARED)


# Every area the service declares, so a new area is checked as soon as it is added.
TAGS = _declared_tags()
METHODS = ("get", "put", "post", "patch", "delete")


@lru_cache
def contract_text() -> str:
    from service.main import render_openapi

    return render_openapi()


def contract() -> dict[str, Any]:
    result: dict[str, Any] = json.loads(contract_text())
    return result


def operations(doc: dict[str, Any] | None = None) -> list[tuple[str, str, dict[str, Any]]]:
    doc = doc or contract()
    return [
        (path, method, op)
        for path, item in doc["paths"].items()
        for method, op in item.items()
        if method in METHODS
    ]


def operations_of(tag: str) -> list[tuple[str, str, dict[str, Any]]]:
    return [(p, m, op) for p, m, op in operations() if tag in op.get("tags", [])]


def catalogue() -> dict[str, Any]:
    result: dict[str, Any] = json.loads((OPENAPI_DIR / "requirements.json").read_text(encoding="utf-8"))
    return result


def schemas_used_by(ops: list[tuple[str, str, dict[str, Any]]]) -> set[str]:
    """Component schemas the operations refer to, directly or through other schemas."""
    components = contract()["components"]["schemas"]
    pending = [json.dumps(op) for _, _, op in ops]
    found: set[str] = set()
    while pending:
        text = pending.pop()
        for name in components:
            if name not in found and f'"#/components/schemas/{name}"' in text:
                found.add(name)
                pending.append(json.dumps(components[name]))
    return found


BASELINE = Path(__file__).parent / "fixtures" / "baseline-core-1.0.0.json"


def write_core_baseline() -> None:
    """Refresh the stand-in release (the core operations of the current contract). Only before the
    first release is frozen, and only for an intended change: ``python -m tests.contract.support``."""
    doc = contract()
    paths: dict[str, Any] = {}
    for path, item in doc["paths"].items():
        kept = {m: op for m, op in item.items() if (op.get("tags") or [None])[0] in CORE_TAGS}
        if kept:
            paths[path] = kept
    used = schemas_used_by([(p, m, op) for p, item in paths.items() for m, op in item.items()])
    baseline = {
        "openapi": doc["openapi"],
        "info": {
            **doc["info"],
            "description": "Test baseline: the core operations before the first release.",
        },
        "paths": paths,
        "components": {
            "schemas": {k: v for k, v in doc["components"]["schemas"].items() if k in used},
            "securitySchemes": doc["components"]["securitySchemes"],
        },
    }
    BASELINE.write_text(json.dumps(baseline, indent=2, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_core_baseline()
