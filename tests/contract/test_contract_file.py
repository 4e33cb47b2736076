"""The committed contract is the one the service serves, and it is a valid OpenAPI 3.1 document."""

from __future__ import annotations

import json

from openapi_spec_validator import validate

from tests.contract.support import OPENAPI_DIR, contract, contract_text

DRIFT = (
    "openapi/openapi.json is not the contract the service serves: run `make openapi` "
    "(or `sos-reference export-openapi`) and commit the result, with a CHANGELOG entry if it changed."
)


def test_committed_contract_is_the_rendered_one() -> None:
    committed = (OPENAPI_DIR / "openapi.json").read_text(encoding="utf-8")
    assert committed == contract_text(), DRIFT


def test_served_contract_is_the_committed_one(client) -> None:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    served = json.dumps(response.json(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert served == (OPENAPI_DIR / "openapi.json").read_text(encoding="utf-8"), DRIFT


def test_contract_is_valid_openapi() -> None:
    validate(contract())


def test_contract_version_is_semantic_and_announced(client) -> None:
    from service.config import CONTRACT_VERSION

    parts = CONTRACT_VERSION.split(".")
    assert len(parts) == 3 and all(p.isdigit() for p in parts), CONTRACT_VERSION
    assert contract()["info"]["version"] == CONTRACT_VERSION
    assert client.get("/v1/capabilities").json()["contract_version"] == CONTRACT_VERSION
    changelog = (OPENAPI_DIR / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {CONTRACT_VERSION}" in changelog, (
        "openapi/CHANGELOG.md needs a section for the current version"
    )
