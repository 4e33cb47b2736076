"""One settings class for the whole service, read from the environment (prefix ``SOS_``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# The contract's semantic version. Between releases it carries "-dev" (the next release's number with a
# pre-release tag), so the contract being built is never mistaken for the frozen release of the same
# number; release-contract refuses a pre-release (openapi/CHANGELOG.md, "How to release").
CONTRACT_VERSION = "1.1.0-dev"
PACKAGE_VERSION = "1.1.0"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SOS_", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{PROJECT_ROOT / 'var' / 'sos.db'}",
        validation_alias="DATABASE_URL",
        description="SQLAlchemy URL; SQLite file by default, postgresql+psycopg://... in production.",
    )
    jwt_issuer: str = "sos-reference"
    jwt_audience: str = "sos-reference-api"
    # When set, tokens are verified with this PEM public key (an external issuer); otherwise the
    # embedded issuer's key, created on first migration and kept in the database, is used.
    jwt_public_key_file: Path | None = None
    token_lifetime_minutes: int = 12 * 60
    max_body_bytes: int = 256 * 1024
    # Units of work a process runs at once on PostgreSQL (its connection pool); SQLite has one.
    db_pool_size: int = Field(default=10, ge=1, le=200)
    # Requests that may wait for a slot, and for how long, before the answer is 503 + Retry-After.
    queue_limit: int = Field(default=1000, ge=0)
    queue_seconds: float = Field(default=3.0, gt=0, le=60)
    # The longest one database statement may run (a request's, a command's); longer, it is stopped and
    # the request answered 503 + Retry-After, nothing saved (service/db.py).
    statement_seconds: float = Field(default=15.0, gt=0, le=3600)
    # Requests a second each client may send to one process, and the burst above it; 0 turns limits off.
    rate_limit_per_second: float = Field(default=300, ge=0)
    rate_limit_burst: int = Field(default=600, ge=1)
    # The retention policy for records no statute times: kept until the child is 18 and this many years
    # passed with no change to their records (service/data_protection/retention.py).
    retention_inactive_years: int = Field(default=3, ge=0, le=100)
    reference_data_dir: Path = PROJECT_ROOT / "reference_data"
    openapi_dir: Path = PROJECT_ROOT / "openapi"


@lru_cache
def get_settings() -> Settings:
    return Settings()
