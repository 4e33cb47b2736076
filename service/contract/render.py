"""The published contract: the OpenAPI document exactly as the service serves it."""

from __future__ import annotations

import json

from service.main import create_app


def render_openapi() -> str:
    """Deterministic JSON text of the served contract (sorted keys, two-space indent, final newline)."""
    return json.dumps(create_app().openapi(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
