"""The committed contract is the one the service serves, and it is a valid OpenAPI 3.1 document."""

from __future__ import annotations

import re

from openapi_spec_validator import validate

from tests.contract.support import OPENAPI_DIR, contract, contract_text

DRIFT = (
    "openapi/openapi.json is not the contract the service serves: run `make openapi` "
    "(or `sos-reference export-openapi`) and commit the result, with a CHANGELOG entry if it changed."
)


def test_committed_contract_is_the_rendered_one() -> None:
    committed = (OPENAPI_DIR / "openapi.json").read_text(encoding="utf-8")
    assert committed == contract_text(), DRIFT


def test_served_contract_is_the_committed_one_byte_for_byte(client) -> None:
    """What an authority downloads from /openapi.json and the file it hands to suppliers have the same
    bytes (and so the same checksum), not only the same content."""
    response = client.get("/openapi.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.content == (OPENAPI_DIR / "openapi.json").read_bytes(), DRIFT


def test_contract_is_valid_openapi() -> None:
    validate(contract())


def test_contract_version_is_semantic_and_announced(client) -> None:
    from service.config import CONTRACT_VERSION

    assert re.fullmatch(r"\d+\.\d+\.\d+(-dev)?", CONTRACT_VERSION), CONTRACT_VERSION
    assert contract()["info"]["version"] == CONTRACT_VERSION
    assert client.get("/v1/capabilities").json()["contract_version"] == CONTRACT_VERSION
    changelog = (OPENAPI_DIR / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {CONTRACT_VERSION}" in changelog, (
        "openapi/CHANGELOG.md needs a section for the current version"
    )


def test_the_contract_being_built_is_not_labelled_as_a_frozen_release() -> None:
    """A contract that differs from a frozen release does not carry that release's number: between
    releases it is the next number with "-dev", so a supplier can tell which document it was given."""
    from service.config import CONTRACT_VERSION

    frozen = OPENAPI_DIR / "releases" / f"{CONTRACT_VERSION}.json"
    if frozen.exists():
        assert frozen.read_text(encoding="utf-8") == contract_text(), (
            f"The contract differs from the frozen {CONTRACT_VERSION}: set CONTRACT_VERSION to the next "
            "version with -dev (openapi/CHANGELOG.md, How to release)."
        )
