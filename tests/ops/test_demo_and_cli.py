"""The demo family loads once, and the token command mints a working token."""

from __future__ import annotations

from typer.testing import CliRunner

from service.fixtures.demo.journey import load_demo_family
from service.models import Case
from service.ops.cli import app as cli
from tests.support import count


def test_demo_loads_once(migrated, db, client, app):
    first = load_demo_family(app)
    cases = count(db, Case)
    second = load_demo_family(app)
    assert "Loaded" in first or "already" in first
    assert "already" in second and count(db, Case) == cases


def test_token_command(migrated, client):
    result = CliRunner().invoke(cli, ["token", "--la", "990", "--read-only"])
    assert result.exit_code == 0, result.output
    token = result.output.strip()
    assert client.get("/v1/cases", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert (
        client.post(
            "/v1/cases",
            json={"title": "x", "opened_on": "2025-01-01"},
            headers={"Authorization": f"Bearer {token}"},
        ).status_code
        == 403
    )
    unknown = CliRunner().invoke(cli, ["token", "--la", "123"])
    assert unknown.exit_code == 1 and "No local authority 123" in unknown.output


def test_version(migrated):
    from service.config import PACKAGE_VERSION

    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"sos-reference {PACKAGE_VERSION}"


def test_cli_failures_are_one_line(tmp_path):
    """A database that cannot be opened is one line naming what to do, exit 1, no traceback."""
    import subprocess
    import sys

    env = {**__import__("os").environ, "DATABASE_URL": f"sqlite:///{tmp_path}/missing/dir/x.db"}
    done = subprocess.run(
        [sys.executable, "-m", "service.ops.cli", "token", "--la", "990"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1 and "sos-reference migrate" in done.stderr
