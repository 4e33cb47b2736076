"""The demo family's planning records (domain.md section 9), recorded through the API."""

from __future__ import annotations

from typing import Any


def record(api: Any, ctx: dict[str, Any]) -> None:
    """ctx holds "case" (the case as read) and "people" (name -> person id)."""
