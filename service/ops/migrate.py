"""Running Alembic from the service (``sos-reference migrate``) and from the tests."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from service.db import MIGRATIONS


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)


def check(url: str) -> None:
    command.check(alembic_config(url))


def ensure_database(url: str) -> str | None:
    """Create a missing PostgreSQL database on its server; None when it exists or was made, else what
    to do, in one line."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import OperationalError, ProgrammingError

    target = make_url(url)
    name = target.database
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            ).first()
            if exists is None:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        return None
    except ProgrammingError:
        host, user = target.host or "localhost", target.username or "postgres"
        port = f" -p {target.port}" if target.port else ""
        return (
            f'the database "{name}" does not exist and this user may not create it: run '
            f"`createdb -h {host}{port} -U {user} {name}`, then migrate again."
        )
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        return f"cannot reach the PostgreSQL server at {target.host}:{target.port or 5432} ({reason})."
    finally:
        admin.dispose()
