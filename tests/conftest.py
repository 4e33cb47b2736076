"""Test set-up: one real database per run, built by the real migrations, and the real app.

SQLite (a temporary file) by default. With SOS_TEST_POSTGRES_URL set, a fresh PostgreSQL
database is created on that server for the run and dropped afterwards; if the server cannot be
reached the run fails: it never skips.

Tests share the run's database but each creates its own records, and "nothing was written" checks
count rows before and after, so no test depends on another's leftovers.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_URL = os.environ.get("SOS_TEST_POSTGRES_URL")
# Tests send hundreds of requests a second with one token; rate limits are tested on their own app.
os.environ["SOS_RATE_LIMIT_PER_SECOND"] = "0"


def _fresh_postgres_database(server_url: str) -> tuple[str, str]:
    url = make_url(server_url)
    name = f"sos_test_{secrets.token_hex(4)}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False), name


def _drop_postgres_database(server_url: str, name: str) -> None:
    admin = create_engine(make_url(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture()
def empty_database() -> Iterator[tuple[str, Any]]:
    """A database of its own, empty, for a test of the migrations (a fresh PostgreSQL database when
    the run is on PostgreSQL): its URL and an engine on it, both gone after the test."""
    if POSTGRES_URL:
        url, name = _fresh_postgres_database(POSTGRES_URL)
    else:
        url, name = f"sqlite:///{Path(tempfile.mkdtemp()) / 'empty.db'}", ""
    engine = create_engine(url)
    try:
        yield url, engine
    finally:
        engine.dispose()
        if POSTGRES_URL:
            _drop_postgres_database(POSTGRES_URL, name)


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    if POSTGRES_URL:
        url, name = _fresh_postgres_database(POSTGRES_URL)
        yield url
        _drop_postgres_database(POSTGRES_URL, name)
    else:
        with tempfile.TemporaryDirectory() as directory:
            yield f"sqlite:///{Path(directory) / 'test.db'}"


@pytest.fixture(scope="session")
def migrated(database_url: str) -> str:
    """Point the service at the run's database and build it with the real migrations."""
    os.environ["DATABASE_URL"] = database_url
    from service.config import get_settings
    from service.db import get_engine, get_sessionmaker
    from service.ops import migrate
    from service.ops.bootstrap import bootstrap

    for cached in (get_settings, get_engine, get_sessionmaker):
        cached.cache_clear()
    migrate.upgrade(database_url)
    with get_sessionmaker()() as session, session.begin():
        bootstrap(session)
    return database_url


@pytest.fixture(scope="session")
def app(migrated: str) -> Any:
    from service.main import create_app

    return create_app()


@pytest.fixture(scope="session")
def client(app: Any) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def _token(la_code: str, scopes: list[str], subject: str) -> str:
    from service.db import get_sessionmaker
    from service.kit.auth import mint_token

    with get_sessionmaker()() as session, session.begin():
        return mint_token(session, la_code=la_code, scopes=scopes, subject=subject)


@pytest.fixture(scope="session")
def tokens(migrated: str) -> dict[str, str]:
    return {
        "writer": _token("990", ["read", "write", "audit"], "test-writer-990"),
        "other": _token("991", ["read", "write", "audit"], "test-writer-991"),
        "reader": _token("990", ["read"], "test-reader-990"),
        "no_audit": _token("990", ["read", "write"], "test-worker-990"),
    }


@pytest.fixture(scope="session")
def api(client: Any, tokens: dict[str, str]) -> Any:
    from tests.support import Api

    return Api(client, tokens["writer"])


@pytest.fixture(scope="session")
def other_api(client: Any, tokens: dict[str, str]) -> Any:
    from tests.support import Api

    return Api(client, tokens["other"])


@pytest.fixture(scope="session")
def reader_api(client: Any, tokens: dict[str, str]) -> Any:
    from tests.support import Api

    return Api(client, tokens["reader"])


@pytest.fixture(scope="session")
def observer_engine(migrated: str) -> Iterator[Any]:
    """A second engine, like a second process: the app's own pool is left to the app."""
    from service.db import make_engine

    engine = make_engine(migrated, immediate=False)
    yield engine
    engine.dispose()


@pytest.fixture()
def db(observer_engine: Any) -> Iterator[Any]:
    """A session for looking at what the API did (never for arranging data)."""
    from sqlalchemy.orm import Session

    with Session(observer_engine) as session:
        yield session


@pytest.fixture(scope="module")
def two_processes(migrated: str) -> Iterator[str]:
    """``sos-reference serve --workers 2`` on the run's database, as a deployment runs it (once per
    test module that races)."""
    from tests.support.races import serve_two_processes

    yield from serve_two_processes(migrated)


@pytest.fixture()
def authority(migrated: str, client: Any) -> Callable[..., Any]:
    """A new local authority with the given code, and an API client for it (read, write, audit): for a
    test whose records must not meet the others' (a return covers a whole authority; examples sent as
    written hold the same ids)."""
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
