"""Every request example in the contract is true: valid ones are accepted, refused ones get the
problem the contract shows. Examples are sent to the real service with placeholders swapped for
fresh records (see service/contract/examples.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from sos_conformance.contract import Contract
from sos_conformance.data import fresh_identifier

from service import examples as ex
from service.contract.examples import REFUSED_EXAMPLES
from tests.contract.support import contract, operations
from tests.support import Api, case_with_child, move, person

UNIQUE = Contract(contract(), {}).unique_in_authority
"""The fields one person of an authority holds a value of: each example sent gets its own, as the
contract tells clients (``x-unique-in-authority``) and the conformance suite does."""


class World:
    """Records made on demand for one example: a case with a child, another person, and so on."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self._made: dict[str, str] = {}

    def _once(self, key: str, make: Callable[[], str]) -> str:
        if key not in self._made:
            self._made[key] = make()
        return self._made[key]

    def case_and_child(self) -> tuple[str, str]:
        def make() -> str:
            the_case, child = case_with_child(self.api)
            self._made["child_id"] = child["id"]
            return str(the_case["id"])

        case_id = self._once("case_id", make)
        return case_id, self._made["child_id"]

    def value(self, name: str) -> str:
        if name in ("case_id", "child_id"):
            case_id, child_id = self.case_and_child()
            return case_id if name == "case_id" else child_id
        if name == "person_id":
            return self._once(name, lambda: str(person(self.api)["id"]))
        if name == "adult_id":

            def adult() -> str:
                case_id, _ = self.case_and_child()
                found = str(person(self.api, date_of_birth="1998-04-01")["id"])
                self.api.created(
                    f"/v1/cases/{case_id}/members",
                    {"person_id": found, "role": "ADULT", "joined_on": "2025-01-14"},
                )
                return found

            return self._once(name, adult)
        if name == "case_member_id":

            def member() -> str:
                case_id, _ = self.case_and_child()
                items = self.api.get(f"/v1/cases/{case_id}/members").json()["items"]
                return str(items[0]["id"])

            return self._once(name, member)
        if name == "stage_transition_id":

            def transition() -> str:
                case_id, child_id = self.case_and_child()
                response = move(self.api, case_id, child_id, "EARLY_HELP")
                assert response.status_code == 201, response.text
                return str(response.json()["id"])

            return self._once(name, transition)
        creator = CREATORS.get(name)
        if creator is None:
            raise KeyError(name)

        def create() -> str:
            path, method, op_id = creator
            examples = ex.examples_for(op_id)
            assert examples is not None
            response = _send(self.api, self, path, method, _own_identifiers(examples.fixture_example().value))
            assert response.status_code == 201, f"making a {name} with {op_id}: {response.text}"
            return str(response.json()["id"])

        return self._once(name, create)


def _path_params(op: dict[str, Any]) -> set[str]:
    return {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}


def _success_schema(op: dict[str, Any], status: str) -> Any:
    return (
        op.get("responses", {}).get(status, {}).get("content", {}).get("application/json", {}).get("schema")
    )


def _creators() -> dict[str, tuple[str, str, str]]:
    """For each record id in a path (``<record>_id``), an operation that makes such a record: a POST
    answering 201 with the schema ``get_<record>`` returns, whose first valid example can be sent."""
    ops = operations()
    by_id = {op["operationId"]: op for _, _, op in ops}
    known = {"case_id", "child_id", "person_id", "case_member_id", "stage_transition_id"}
    found: dict[str, tuple[str, str, str]] = {}
    changed = True
    while changed:
        changed = False
        for param in sorted({p for _, _, op in ops for p in _path_params(op)} - known - set(found)):
            getter = by_id.get(f"get_{param.removesuffix('_id')}")
            if getter is None:
                continue
            for path, method, op in ops:
                examples = ex.examples_for(op["operationId"])
                if (
                    method == "post"
                    and examples is not None
                    and examples.valid
                    and _success_schema(op, "201") == _success_schema(getter, "200")
                    and _path_params(op) <= known | set(found)
                ):
                    found[param] = (path, method, op["operationId"])
                    changed = True
                    break
    return found


CREATORS = _creators()
# The path parameters this test knows how to fill; operations with others are listed as not run.
KNOWN_PARAMETERS = {"case_id", "child_id", "person_id", "case_member_id", "stage_transition_id", *CREATORS}


def _cases() -> list[Any]:
    found = []
    for path, method, op in operations():
        examples = ex.examples_for(op["operationId"])
        if examples is None or "requestBody" not in op:
            continue
        params = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
        marks = [] if params <= KNOWN_PARAMETERS else [pytest.mark.skip(reason=f"no fixture for {params}")]
        for name in [*examples.valid, *examples.refused]:
            found.append(
                pytest.param(
                    path, method, op["operationId"], name, marks=marks, id=f"{op['operationId']}-{name}"
                )
            )
    return found


def _fill(template: str, world: World) -> str:
    url = template
    for name in KNOWN_PARAMETERS:
        if "{" + name + "}" in url:
            url = url.replace("{" + name + "}", world.value(name))
    return url


def _operation(path: str, method: str) -> dict[str, Any]:
    op: dict[str, Any] = contract()["paths"][path][method]
    return op


def _own_identifiers(body: dict[str, Any]) -> dict[str, Any]:
    """A valid example with its own identifiers (a refused one is sent as written: its identifier may
    be what is wrong)."""
    return {k: fresh_identifier(v) if k in UNIQUE and isinstance(v, str) else v for k, v in body.items()}


def _send(api: Api, world: World, path: str, method: str, body: dict[str, Any]) -> Any:
    url = _fill(path, world)
    text = json.dumps(body)
    placeholders = {ex.CHILD_ID: "child_id", ex.PERSON_ID: "person_id", ex.ADULT_ID: "adult_id"}
    placeholders |= {ex.record_id(name.removesuffix("_id")): name for name in CREATORS}
    for placeholder, name in placeholders.items():
        if placeholder in text:
            text = text.replace(placeholder, world.value(name))
    headers = {"Content-Type": "application/json"}
    if "428" in _operation(path, method).get("responses", {}):
        # If-Match names the version of the record the path is about: the path up to its last id.
        headers["If-Match"] = api.get(_fill(path[: path.rindex("}") + 1], world)).headers["ETag"]
    return api.client.request(method.upper(), url, content=text, headers=api.headers(headers))


@pytest.mark.parametrize(("path", "method", "operation_id", "name"), _cases())
def test_example_is_true(api: Api, path: str, method: str, operation_id: str, name: str) -> None:
    examples = ex.examples_for(operation_id)
    assert examples is not None
    world = World(api)
    if name in examples.valid:
        response = _send(api, world, path, method, _own_identifiers(examples.valid[name].value))
        assert response.status_code in (200, 201), response.text
        return
    refused = examples.refused[name]
    response = _send(api, world, path, method, refused.value)
    assert response.status_code == refused.status, response.text
    body = response.json()
    assert body["code"] == refused.code, body
    if refused.detail:
        assert body["detail"] == refused.detail, body
    if refused.pointer is not None:
        first = body["errors"][0]
        assert (first["pointer"], first["code"], first.get("code_list")) == (
            refused.pointer,
            refused.error_code,
            refused.code_list,
        ), body
        if refused.error_detail:
            assert first["detail"] == refused.error_detail, body
    # Every refusal names the catalogue rule it applies, and only then (see test_refusals_name_rules).
    assert body.get("requirement") == refused.requirement, body
    for key, value in refused.extra.items():
        assert body[key] == value, body


def test_registered_examples_name_real_operations() -> None:
    op_ids = {op["operationId"] for _, _, op in operations()}
    assert set(ex.EXAMPLES) <= op_ids, set(ex.EXAMPLES) - op_ids


def test_core_operations_have_valid_and_refused_examples() -> None:
    for op_id in (
        "create_person",
        "amend_person",
        "create_case",
        "amend_case",
        "create_case_member",
        "amend_case_member",
        "record_stage_transition",
        "mark_person_entered_in_error",
    ):
        examples = ex.examples_for(op_id)
        assert examples is not None and examples.valid and examples.refused, op_id


def test_refused_examples_are_shown_apart_and_on_their_error_response() -> None:
    """Valid examples are the request body's ``examples``; refused ones are kept apart under
    ``x-refused-examples`` (tools take every ordinary example as valid), each with its status and
    problem, and that problem is an example of the error response under the same name."""
    doc = contract()
    for path, method, op in operations(doc):
        examples = ex.examples_for(op["operationId"])
        if examples is None or "requestBody" not in op:
            continue
        request_examples = op["requestBody"]["content"]["application/json"]["examples"]
        assert set(request_examples) == set(examples.valid), (method, path)
        kept_apart = op["requestBody"].get(REFUSED_EXAMPLES, {})
        assert set(kept_apart) == set(examples.refused), (method, path)
        for name, refused in examples.refused.items():
            shown = op["responses"][str(refused.status)]["content"]["application/problem+json"]["examples"][
                name
            ]
            assert shown["value"]["code"] == refused.code
            assert shown["value"]["status"] == refused.status
            assert shown["value"]["instance"] == path, (method, path)
            assert kept_apart[name]["value"] == refused.value
            assert (kept_apart[name]["status"], kept_apart[name]["problem"]) == (
                refused.status,
                shown["value"],
            )
