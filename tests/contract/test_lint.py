"""The contract lints clean: what Spectral's ``oas`` ruleset and Redocly's recommended ruleset check,
reproduced here for the rules the contract once broke, so the check runs without Node.

* ``oas3-valid-media-example`` (Redocly: ``no-invalid-media-type-examples``): every example of a
  request body, response, parameter or header is valid against its schema. Refused request examples
  are therefore not ordinary examples: they live under ``x-refused-examples`` on the request body.
* ``oas3-valid-schema-example``: every example a schema gives is valid against that schema.
* ``oas3-api-servers`` and ``info-contact``: the contract says where the API is and whom to ask.

When Spectral itself is installed (``spectral`` on the PATH, or ``SPECTRAL=/path/to/spectral``) it
is run too; see openapi/README.md for how to install it outside the repository.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.contract.support import OPENAPI_DIR, contract

CONTRACT_URI = "urn:sos-contract"


def _validator(doc: dict[str, Any], schema: dict[str, Any]) -> Draft202012Validator:
    """A validator for a schema of the document whose local ``$ref``s resolve in the document."""
    registry: Registry[Any] = Registry().with_resource(CONTRACT_URI, Resource(doc, DRAFT202012))
    anchored = json.loads(json.dumps(schema).replace('"$ref": "#/', f'"$ref": "{CONTRACT_URI}#/'))
    return Draft202012Validator(
        anchored, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def _walk(node: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from _walk(value, f"{where}/{str(key).replace('~', '~0').replace('/', '~1')}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{where}/{i}")


def media_example_problems(doc: dict[str, Any]) -> list[str]:
    """Examples of media types, parameters and headers that their schema refuses."""
    problems = []
    for where, node in _walk(
        {k: v for k, v in doc.items() if k != "components"}
        | {"components": {k: v for k, v in doc.get("components", {}).items() if k != "schemas"}}
    ):
        schema = node.get("schema")
        if not isinstance(schema, dict) or not ("example" in node or isinstance(node.get("examples"), dict)):
            continue
        shown = {"example": node["example"]} if "example" in node else {}
        shown |= {name: ex.get("value") for name, ex in node.get("examples", {}).items() if "value" in ex}
        validator = _validator(doc, schema)
        for name, value in shown.items():
            for error in validator.iter_errors(value):
                problems.append(f"{where}/examples/{name}: {error.message}")
    return problems


def schema_example_problems(doc: dict[str, Any]) -> list[str]:
    """Examples that a schema gives (``examples: [...]``) which the schema itself refuses."""
    problems = []
    for where, node in _walk(doc.get("components", {}).get("schemas", {}), "#/components/schemas"):
        examples = node.get("examples")
        if not isinstance(examples, list) or not ("type" in node or "$ref" in node or "anyOf" in node):
            continue
        validator = _validator(doc, {k: v for k, v in node.items() if k != "examples"})
        for i, value in enumerate(examples):
            for error in validator.iter_errors(value):
                problems.append(f"{where}/examples/{i}: {error.message}")
    return problems


def test_every_media_example_is_valid_against_its_schema() -> None:
    problems = media_example_problems(contract())
    assert not problems, "\n".join(problems[:20])


def test_every_schema_example_is_valid_against_its_schema() -> None:
    problems = schema_example_problems(contract())
    assert not problems, "\n".join(problems[:20])


def test_the_check_finds_a_refused_example_published_as_an_ordinary_one() -> None:
    """The check can fail: put one refused example back among the ordinary ones and it is found."""
    doc = copy.deepcopy(contract())
    for item in doc["paths"].values():
        for op in item.values():
            refused = op.get("requestBody", {}).get("x-refused-examples") if isinstance(op, dict) else None
            invalid = [
                (n, e) for n, e in (refused or {}).items() if e["problem"]["code"] == "validation_failed"
            ]
            if invalid:
                name, example = invalid[0]
                media = op["requestBody"]["content"]["application/json"]
                media["examples"][name] = {"summary": example["summary"], "value": example["value"]}
                problems = media_example_problems(doc)
                assert len(problems) >= 1 and all(f"/examples/{name}:" in p for p in problems), problems
                return
    pytest.fail("no operation has a refused example that its schema refuses")


def test_contract_names_its_servers_and_a_contact() -> None:
    doc = contract()
    assert doc.get("servers"), "oas3-api-servers: the contract needs a non-empty servers list"
    assert all(s.get("url") and not s["url"].endswith("example.com") for s in doc["servers"])
    assert doc["info"].get("contact", {}).get("name"), "info-contact: the contract needs info.contact"


def _spectral() -> str | None:
    return os.environ.get("SPECTRAL") or shutil.which("spectral")


@pytest.mark.skipif(_spectral() is None, reason="Spectral is not installed (see openapi/README.md)")
def test_spectral_oas_ruleset_finds_nothing(tmp_path: Path) -> None:
    ruleset = tmp_path / ".spectral.yaml"
    ruleset.write_text('extends: ["spectral:oas"]\n', encoding="utf-8")
    spectral = _spectral()
    assert spectral is not None
    result = subprocess.run(
        [
            spectral,
            "lint",
            str(OPENAPI_DIR / "openapi.json"),
            "--ruleset",
            str(ruleset),
            "--fail-severity",
            "hint",
            "--format",
            "text",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
