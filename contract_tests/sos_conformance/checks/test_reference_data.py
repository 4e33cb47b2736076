"""Reference data: every code list as JSON and CSV with its version; retired codes refused."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from sos_conformance.client import Api
from sos_conformance.contract import Contract
from sos_conformance.data import Factory
from sos_conformance.expect import check, expect_field_error, expect_problem, expect_status, json_body
from sos_conformance.plugin import area, requirement

pytestmark = area("reference-data", "reference-data")

# Coded fields of the core create operations the suite can fill in: schema -> how to send one.
CORE_CODED = {"PersonCreate": "/v1/people"}


@pytest.fixture(scope="module")
def code_lists(anonymous: Api) -> list[dict[str, Any]]:
    return list(json_body(expect_status(anonymous.get("/v1/reference-data"), 200)))


@pytest.mark.check("SOS-CHK-REF-001")
@requirement("SOS-REF-001")
def test_every_list_as_json_with_its_version(anonymous: Api, code_lists: list[dict[str, Any]]) -> None:
    """Each list listed at /v1/reference-data is served as JSON with codes and its version header."""
    check(bool(code_lists), "at least one code list", "none")
    for summary in code_lists:
        response = expect_status(anonymous.get(f"/v1/reference-data/{summary['id']}"), 200)
        body = json_body(response)
        check(
            body.get("version") == summary["version"],
            f"version {summary['version']}",
            repr(body.get("version")),
            response,
        )
        check(
            response.headers.get("X-Code-List-Version") == summary["version"],
            f"X-Code-List-Version: {summary['version']}",
            repr(response.headers.get("X-Code-List-Version")),
            response,
        )
        check(bool(body.get("codes")), "codes in the list", "no codes", response)


@pytest.mark.check("SOS-CHK-REF-002")
@requirement("SOS-REF-001")
def test_every_list_as_csv(anonymous: Api, code_lists: list[dict[str, Any]]) -> None:
    """Each list is served as CSV (?format=csv and Accept: text/csv) with the same codes."""
    for summary in code_lists:
        codes = {c["code"] for c in json_body(anonymous.get(f"/v1/reference-data/{summary['id']}"))["codes"]}
        # The CSV media type is not (yet) declared for get_code_list in the contract, so the
        # contract check is off here; the content is checked below.
        for kw in ({"params": {"format": "csv"}}, {"headers": {"Accept": "text/csv"}}):
            response = expect_status(
                anonymous.get(f"/v1/reference-data/{summary['id']}", validate=False, **kw), 200
            )
            media = response.headers.get("content-type", "")
            check(media.startswith("text/csv"), "Content-Type: text/csv", media, response)
            check(
                response.headers.get("X-Code-List-Version") == summary["version"],
                f"X-Code-List-Version: {summary['version']}",
                repr(response.headers.get("X-Code-List-Version")),
                response,
            )
            rows = list(csv.DictReader(io.StringIO(response.text)))
            check(
                {r.get("code") for r in rows} == codes,
                "the same codes as the JSON list",
                f"{len(rows)} rows",
                response,
            )


def _coded_fields(contract: Contract) -> dict[str, list[tuple[str, str]]]:
    """list id -> [(schema, field)] for the coded fields of the core create bodies."""
    found: dict[str, list[tuple[str, str]]] = {}
    for schema_name in CORE_CODED:
        for name, prop in contract.schema(schema_name).get("properties", {}).items():
            for option in [prop, *prop.get("anyOf", [])]:
                if "x-code-list" in option:
                    found.setdefault(option["x-code-list"], []).append((schema_name, name))
    return found


@pytest.mark.check("SOS-CHK-REF-003")
@pytest.mark.modules("core", "reference-data")
@requirement("SOS-REF-002", "SOS-REC-003")
def test_retired_code_is_refused_for_a_new_record(
    anonymous: Api, api: Api, make: Factory, contract: Contract, code_lists: list[dict[str, Any]]
) -> None:
    """A code marked retired in its list is refused (422 naming the list) on a new record."""
    fields = _coded_fields(contract)
    with_retired = []
    for summary in code_lists:
        retired = [
            c["code"]
            for c in json_body(anonymous.get(f"/v1/reference-data/{summary['id']}"))["codes"]
            if c.get("retired")
        ]
        if retired:
            with_retired.append(summary["id"])
            for schema_name, field in fields.get(summary["id"], []):
                response = api.post(CORE_CODED[schema_name], make.person_body(**{field: retired[0]}))
                expect_field_error(
                    response, expect_problem(response, 422), f"/{field}", code_list=summary["id"]
                )
                return
    pytest.skip(
        "no coded field of a core create operation uses a list with retired codes "
        f"(lists with retired codes: {', '.join(with_retired) or 'none'})"
    )
