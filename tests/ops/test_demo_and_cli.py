"""The demo family loads once, and the token command mints a working token."""

from __future__ import annotations

from typer.testing import CliRunner

from service.fixtures.demo.journey import load_demo_family
from service.models import Case
from service.ops.cli import app as cli
from tests.support import count


def test_demo_loads_once(migrated, db, client):
    first = load_demo_family()
    cases = count(db, Case)
    second = load_demo_family()
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
    assert unknown.exit_code == 2
