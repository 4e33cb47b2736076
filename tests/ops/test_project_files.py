"""The files a newcomer and a deployment read say what is true: the licence, the changelog, make's
help, the README's commands and settings, the container image and the compose topology."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib

import pytest
import typer.main
import yaml

from service.config import PACKAGE_VERSION, PROJECT_ROOT, Settings
from service.ops.cli import app as cli


def _read(name: str) -> str:
    return (PROJECT_ROOT / name).read_text(encoding="utf-8")


def test_the_licence_is_mit_as_the_package_and_the_contract_say(app) -> None:
    assert _read("LICENSE").startswith("MIT License")
    project = tomllib.loads(_read("pyproject.toml"))["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert app.openapi()["info"]["license"]["identifier"] == "MIT"


def test_the_changelog_has_the_current_version() -> None:
    assert re.search(rf"^## {re.escape(PACKAGE_VERSION)}\b", _read("CHANGELOG.md"), re.MULTILINE)
    assert tomllib.loads(_read("pyproject.toml"))["project"]["version"] == PACKAGE_VERSION


def test_make_help_lists_every_target() -> None:
    makefile = _read("Makefile")
    targets = re.search(r"^\.PHONY:(.*)$", makefile, re.MULTILINE)
    assert targets is not None
    shown = subprocess.run(
        ["make", "-s", "help"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    ).stdout
    listed = set(re.findall(r"^make (\S+)", shown, re.MULTILINE))
    assert set(targets.group(1).split()) - {"help"} <= listed, shown


def test_the_readme_lists_every_command() -> None:
    readme = _read("README.md")
    commands = typer.main.get_command(cli).commands  # type: ignore[attr-defined]
    assert commands
    for name in commands:
        assert f"| `sos-reference {name}" in readme, name
    assert "`sos-reference --version`" in readme


def test_the_readme_documents_every_setting_with_its_default() -> None:
    readme = _read("README.md")
    for name, field in Settings.model_fields.items():
        variable = (
            field.validation_alias if isinstance(field.validation_alias, str) else f"SOS_{name.upper()}"
        )
        row = re.search(rf"^\| `{variable}` \| ([^|]+) \|", readme, re.MULTILINE)
        assert row is not None, f"README: no row for {variable}"
        default = field.default
        if isinstance(default, int | float) and not isinstance(default, bool):
            assert str(default) in row.group(1), (variable, row.group(1))


def test_the_image_carries_what_the_service_reads_at_run_time() -> None:
    dockerfile = _read("Dockerfile")
    copied = set(re.findall(r"^COPY (\S+) ", dockerfile, re.MULTILINE))
    # code lists, the catalogue, the guide and the migrations are read from the project tree
    assert {"service", "migrations", "reference_data", "openapi", "docs"} <= copied
    assert "pip install -e ." in dockerfile
    assert '"--host", "0.0.0.0"' in dockerfile and "USER sos" in dockerfile


def test_compose_runs_postgresql_the_migration_two_replicas_and_a_proxy() -> None:
    compose = yaml.safe_load(_read("compose.yaml"))
    services = compose["services"]
    assert set(services) == {"db", "migrate", "api1", "api2", "proxy"}
    assert services["migrate"]["command"] == ["sos-reference", "migrate"]
    for replica in ("api1", "api2"):
        assert services[replica]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert services[replica]["environment"]["DATABASE_URL"].startswith("postgresql+psycopg://")
    proxy = services["proxy"]
    assert {proxy["environment"]["SOS_API1"], proxy["environment"]["SOS_API2"]} == {"api1:8000", "api2:8000"}
    assert "./deploy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro" in proxy["volumes"]


@pytest.mark.skipif(
    shutil.which("haproxy") is None and not os.path.exists("/usr/sbin/haproxy"),
    reason="haproxy is not installed (.ci/topology.sh installs it)",
)
def test_the_haproxy_configuration_is_valid() -> None:
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    env = {
        **os.environ,
        "SOS_PROXY_BIND": "127.0.0.1:18000",
        "SOS_API1": "127.0.0.1:1",
        "SOS_API2": "127.0.0.1:2",
    }
    checked = subprocess.run(
        [haproxy, "-c", "-f", str(PROJECT_ROOT / "deploy" / "haproxy.cfg")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "uri /readyz" in _read("deploy/haproxy.cfg")
