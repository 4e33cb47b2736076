"""Versioning: the current contract breaks no released contract unless its major version went up,
and the breaking-change detector catches each kind of break (so the release check cannot pass by
seeing nothing)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from service.contract.diff import Break, breaking_changes, check_against_release, releases
from tests.contract.support import BASELINE, OPENAPI_DIR, contract, contract_text

FIXTURE = BASELINE


def _released() -> list[Path]:
    # Before the first release is frozen, a copy of the core operations stands in for it.
    return releases(OPENAPI_DIR / "releases") or [FIXTURE]


@pytest.mark.parametrize("release", _released(), ids=lambda p: p.name)
def test_current_contract_keeps_every_release(release: Path) -> None:
    old = json.loads(release.read_text(encoding="utf-8"))
    assert len([1 for item in old["paths"].values() for _ in item]) >= 20, (
        "baseline too small to mean anything"
    )
    breaks = check_against_release(old, contract())
    assert not breaks, (
        f"The contract breaks release {release.name} without a new major version "
        "(make the change additive, or bump CONTRACT_VERSION's major and serve it under /v2):\n"
        + "\n".join(str(b) for b in breaks)
        + (
            "\n(Before the first release this compares with a stand-in; if the change is intended, "
            "refresh it with `python -m tests.contract.support`.)"
            if release == FIXTURE
            else ""
        )
    )


def test_release_files_are_named_by_their_version() -> None:
    for path in releases(OPENAPI_DIR / "releases"):
        assert json.loads(path.read_text(encoding="utf-8"))["info"]["version"] == path.stem


# -- The detector, on deliberately broken copies of the current contract ---------------------------

Mutation = Callable[[dict[str, Any]], None]


def _schemas(doc: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = doc["components"]["schemas"]
    return result


def _param(doc: dict[str, Any], path: str, method: str, name: str) -> dict[str, Any]:
    return next(p for p in doc["paths"][path][method]["parameters"] if p["name"] == name)


def remove_operation(doc: dict[str, Any]) -> None:
    del doc["paths"]["/v1/people"]["post"]


def remove_response_field(doc: dict[str, Any]) -> None:
    del _schemas(doc)["PersonRead"]["properties"]["family_name"]
    _schemas(doc)["PersonRead"]["required"].remove("family_name")


def make_response_field_optional(doc: dict[str, Any]) -> None:
    _schemas(doc)["CaseRead"]["required"].remove("opened_on")


def change_response_type(doc: dict[str, Any]) -> None:
    _schemas(doc)["CaseRead"]["properties"]["title"] = {"type": "integer", "description": "now a number"}


def remove_request_field(doc: dict[str, Any]) -> None:
    del _schemas(doc)["PersonCreate"]["properties"]["la_child_id"]


def add_required_request_field(doc: dict[str, Any]) -> None:
    _schemas(doc)["CaseCreate"]["properties"]["team"] = {"type": "string", "description": "The team."}
    _schemas(doc)["CaseCreate"]["required"].append("team")


def make_request_field_required(doc: dict[str, Any]) -> None:
    _schemas(doc)["CaseCreate"]["required"].append("reference")


def narrow_request_type(doc: dict[str, Any]) -> None:
    prop = _schemas(doc)["PersonCreate"]["properties"]["la_child_id"]
    prop["anyOf"] = [b for b in prop["anyOf"] if b.get("type") != "null"]


def tighten_request_length(doc: dict[str, Any]) -> None:
    _schemas(doc)["CaseCreate"]["properties"]["title"]["maxLength"] = 20


def remove_enum_value(doc: dict[str, Any]) -> None:
    schema = _param(doc, "/v1/reference-data/{list_id}", "get", "format")["schema"]
    branch = next(b for b in schema["anyOf"] if "enum" in b)
    branch["enum"].remove("csv")


def change_success_status(doc: dict[str, Any]) -> None:
    responses = doc["paths"]["/v1/people"]["post"]["responses"]
    responses["200"] = responses.pop("201")


def make_parameter_required(doc: dict[str, Any]) -> None:
    _param(doc, "/v1/people", "get", "updated_since")["required"] = True


def add_required_parameter(doc: dict[str, Any]) -> None:
    doc["paths"]["/v1/cases"]["get"]["parameters"].append(
        {"in": "query", "name": "team", "required": True, "schema": {"type": "string"}, "description": "x"}
    )


BREAKS: list[tuple[Mutation, str]] = [
    (remove_operation, "operation_removed"),
    (remove_response_field, "response_field_removed"),
    (make_response_field_optional, "response_field_removed"),
    (change_response_type, "response_type_changed"),
    (remove_request_field, "request_field_removed"),
    (add_required_request_field, "request_field_required"),
    (make_request_field_required, "request_field_required"),
    (narrow_request_type, "type_narrowed"),
    (tighten_request_length, "type_narrowed"),
    (remove_enum_value, "enum_value_removed"),
    (change_success_status, "success_status_changed"),
    (make_parameter_required, "parameter_required"),
    (add_required_parameter, "parameter_required"),
]


def _mutated(mutation: Mutation) -> dict[str, Any]:
    doc = json.loads(contract_text())
    mutation(doc)
    return doc


def test_identical_contract_has_no_breaks() -> None:
    assert breaking_changes(contract(), contract()) == []


@pytest.mark.parametrize(("mutation", "kind"), BREAKS, ids=[m.__name__ for m, _ in BREAKS])
def test_detector_catches_each_kind_of_break(mutation: Mutation, kind: str) -> None:
    breaks = check_against_release(contract(), _mutated(mutation))
    assert kind in {b.kind for b in breaks}, breaks
    assert all(isinstance(b, Break) and b.where for b in breaks)


@pytest.mark.parametrize(("mutation", "kind"), BREAKS, ids=[m.__name__ for m, _ in BREAKS])
def test_a_new_major_version_may_break(mutation: Mutation, kind: str) -> None:
    broken = _mutated(mutation)
    broken["info"]["version"] = "2.0.0"
    assert check_against_release(contract(), broken) == []
    assert breaking_changes(contract(), broken), kind


def test_additive_changes_pass() -> None:
    doc = json.loads(contract_text())
    schemas = _schemas(doc)
    schemas["CaseCreate"]["properties"]["team"] = {
        "anyOf": [{"type": "string"}, {"type": "null"}],
        "description": "An optional new field.",
    }
    schemas["CaseRead"]["properties"]["team"] = {"type": "string", "description": "A new response field."}
    schemas["CaseRead"]["required"].append("team")
    schemas["CaseCreate"]["properties"]["title"]["maxLength"] = 500
    schema = _param(doc, "/v1/reference-data/{list_id}", "get", "format")["schema"]
    next(b for b in schema["anyOf"] if "enum" in b)["enum"].append("xlsx")
    doc["paths"]["/v1/cases"]["get"]["parameters"].append(
        {"in": "query", "name": "team", "required": False, "schema": {"type": "string"}, "description": "x"}
    )
    doc["paths"]["/v1/teams"] = {
        "get": copy.deepcopy(doc["paths"]["/v1/cases"]["get"]) | {"operationId": "x"}
    }
    doc["paths"]["/v1/people"]["post"]["responses"]["429"] = {"description": "Too many requests."}
    doc["paths"]["/v1/people"]["post"]["deprecated"] = True
    doc["info"]["version"] = "1.1.0"
    assert check_against_release(contract(), doc) == []


# -- The release tool ------------------------------------------------------------------------------


def test_release_contract_refuses_a_development_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from service.ops.cli import app

    monkeypatch.setattr("service.main.CONTRACT_VERSION", "1.1.0-dev")
    result = CliRunner().invoke(app, ["release-contract", "--releases", str(tmp_path)])
    assert result.exit_code == 1
    assert "development version" in result.output and "(1.1.0)" in result.output
    assert list(tmp_path.iterdir()) == []


def test_release_contract_freezes_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from service.main import render_openapi
    from service.ops.cli import app

    monkeypatch.setattr("service.main.CONTRACT_VERSION", "1.1.0")
    runner = CliRunner()
    first = runner.invoke(app, ["release-contract", "--releases", str(tmp_path)])
    assert first.exit_code == 0, first.output
    frozen = tmp_path / "1.1.0.json"
    assert frozen.read_text(encoding="utf-8") == render_openapi()
    again = runner.invoke(app, ["release-contract", "--releases", str(tmp_path)])
    assert again.exit_code == 0 and "already" in again.output
    frozen.write_text(render_openapi().replace('"summary"', '"summary" ', 1), encoding="utf-8")
    changed = runner.invoke(app, ["release-contract", "--releases", str(tmp_path)])
    assert changed.exit_code == 1
    assert "bump CONTRACT_VERSION" in changed.output


def test_check_contract_fails_on_a_break(tmp_path: Path) -> None:
    from service.ops.cli import app

    older = json.loads(contract_text())
    older["info"]["version"] = "1.0.0"
    older["paths"]["/v1/retired-thing"] = {"get": {"operationId": "get_retired_thing", "responses": {}}}
    (tmp_path / "1.0.0.json").write_text(json.dumps(older), encoding="utf-8")
    result = CliRunner().invoke(app, ["check-contract", "--releases", str(tmp_path)])
    assert result.exit_code == 1
    assert "operation_removed" in result.output


def test_every_acknowledged_correction_is_needed_and_explained() -> None:
    """openapi/corrections.json stays exact: each entry excuses at least one break of the latest
    release, and gives its reason (why no client can be broken, or what a client must change)."""
    from service.config import get_settings
    from service.contract.diff import corrected, load_corrections

    corrections = load_corrections(get_settings().openapi_dir)
    latest = json.loads(_released()[-1].read_text(encoding="utf-8"))
    found = breaking_changes(latest, contract())
    for correction in corrections:
        assert any(corrected(b, [correction]) for b in found), f"correction no longer needed: {correction}"
        assert len(correction["reason"]) >= 60, correction
