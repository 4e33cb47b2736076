"""An authority of its own for each returns test: a return covers a whole authority, so the records
other tests make (all in 990 and 991) must not be in it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture()
def authority(migrated: str, client: Any) -> Callable[..., Any]:
    """A new local authority with the given code, and an API client for it (read, write, audit)."""
    from service.db import get_sessionmaker
    from service.kit.auth import load_authorities, mint_token
    from service.models import LocalAuthority
    from tests.support import Api

    def make(code: str, scopes: tuple[str, ...] = ("read", "write", "audit")) -> Api:
        with get_sessionmaker()() as session, session.begin():
            if session.get(LocalAuthority, code) is None:
                session.add(LocalAuthority(code=code, name=f"Test authority {code}"))
                session.flush()
                load_authorities(session)
            token = mint_token(session, la_code=code, scopes=list(scopes), subject=f"returns-{code}")
        return Api(client, token)

    return make
