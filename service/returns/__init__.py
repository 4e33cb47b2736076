"""Statutory returns made from the records already kept: the CIN census, the SSDA903 tables and the
Annex A lists, and their validation with the DfE rules (an optional extra)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def returns_made() -> list[tuple[str, Callable[..., Any], Callable[..., list[Any]]]]:
    """Each return the service makes: its name, how it is made from a session, an authority and a
    year, and how it is validated (the made return and the authority)."""
    from service.returns.cin import cin_census
    from service.returns.ssda903 import ssda903
    from service.returns.validate import validate_cin, validate_ssda903

    return [
        ("CIN census", cin_census, lambda made, _la: validate_cin(made)),
        ("SSDA903", ssda903, validate_ssda903),
    ]
