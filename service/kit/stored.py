"""Reading a stored record back: the validation context under which input-only checks are skipped.

A record is shown by validating its stored values against its read schema. Checks that belong to
input only (a code still current, a UPN's check letter) would refuse a record that was valid when it
was saved; they look at :func:`reading_stored` and let the stored value through.
"""

from __future__ import annotations

from typing import Any

STORED: dict[str, Any] = {"stored": True}
"""Validation context for reading a stored record: input-only checks (current codes) are skipped."""


def reading_stored(context: Any) -> bool:
    return isinstance(context, dict) and bool(context.get("stored"))
