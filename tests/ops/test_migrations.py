"""Migrations are the only way the schema is made: upgrade, check, downgrade, upgrade, on a fresh
database of the same kind as the run's (SQLite, or PostgreSQL in CI)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sqlalchemy import create_engine, inspect

from service.ops import migrate
from tests.conftest import POSTGRES_URL, _drop_postgres_database, _fresh_postgres_database


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_check_downgrade_upgrade(migrated):
    if POSTGRES_URL:
        url, name = _fresh_postgres_database(POSTGRES_URL)
    else:
        directory = tempfile.mkdtemp()
        url, name = f"sqlite:///{Path(directory) / 'migrations.db'}", ""
    try:
        migrate.upgrade(url)
        assert {"cases", "people", "audit_events", "record_versions"} <= _tables(url)
        migrate.check(url)
        migrate.downgrade(url)
        assert _tables(url) == set()
        migrate.upgrade(url)
        migrate.check(url)
    finally:
        if POSTGRES_URL:
            _drop_postgres_database(POSTGRES_URL, name)
    assert os.environ["DATABASE_URL"] == migrated  # the run's own database is untouched
