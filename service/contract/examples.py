"""Request examples per operation, valid and refused, merged into the contract in one place.

Each operation's examples live in :data:`EXAMPLES`, keyed by operationId. A valid example shows a
request the service accepts; a refused one shows a request it turns down and the problem it answers
with. :func:`apply_examples` (called by the contract builder) puts both on the operation's request
body: valid ones as OpenAPI ``examples``, refused ones under the extension ``x-refused-examples``
(tools take every ordinary example as a valid request), each refusal's problem also on the matching
error response.

To add examples for a new operation, add an entry here or call :func:`register` from the module
that defines the operation. Ids in bodies use the placeholders below; the contract tests replace
them with real records and send every example to the service, so an example that stops being true
fails the build.

Operations the kit adds for every record type (``mark_<record>_entered_in_error``) get
:data:`ENTERED_IN_ERROR` unless they register their own.
"""

from __future__ import annotations

import copy
import functools
import importlib
import uuid
from dataclasses import dataclass, field
from typing import Any

from service.kit.errors import ProblemError
from service.kit.problem_types import type_uri
from service.reference_data.registry import unknown_code_message

# Placeholders the contract tests swap for real records (see tests/contract/test_examples.py).
CHILD_ID = "0b7c6f3e-1d2a-4c5b-8e9f-000000000001"
"""A child who is a member of the case in the path."""
PERSON_ID = "0b7c6f3e-1d2a-4c5b-8e9f-000000000002"
"""A person of your authority who is not yet a member of the case in the path."""
ADULT_ID = "0b7c6f3e-1d2a-4c5b-8e9f-000000000003"
"""An adult member of the case in the path (a parent, say)."""
_PLACEHOLDERS = uuid.UUID("0b7c6f3e-1d2a-4c5b-8e9f-000000000000")


def record_id(record: str) -> str:
    """A placeholder for the id of another record of the example's case, by kind (``danger_statement``,
    ``network_member``, ...: the name of its ``get_<kind>`` operation). The contract tests make such
    a record with the operation that creates it (its :attr:`OperationExamples.fixture` example) and
    put the real id in its place."""
    return str(uuid.uuid5(_PLACEHOLDERS, record))


@dataclass(frozen=True)
class Example:
    """A request the service accepts."""

    summary: str
    value: dict[str, Any]


@dataclass(frozen=True)
class Refused:
    """A request the service refuses, with what it answers: status, problem code, the first field error."""

    summary: str
    value: dict[str, Any]
    status: int
    code: str
    detail: str
    pointer: str | None = None
    error_code: str | None = None
    error_detail: str = ""
    code_list: str | None = None
    requirement: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    """Further problem members the refusal carries, e.g. ``allowed`` on a refused transition."""


def invalid(
    summary: str, value: dict[str, Any], pointer: str, error_code: str, error_detail: str = "", **more: Any
) -> Refused:
    """A body the request schema refuses: 422 ``validation_failed`` naming its one wrong field."""
    detail = f"The request has 1 invalid field(s): body{pointer}."
    return Refused(
        summary, value, 422, "validation_failed", detail, pointer, error_code, error_detail, **more
    )


def missing(summary: str, example: dict[str, Any], name: str) -> Refused:
    """The operation's example without one of its required fields."""
    value = {key: item for key, item in example.items() if key != name}
    return invalid(summary, value, f"/{name}", "required", "Field required")


def not_sent_by_clients(summary: str, value: dict[str, Any]) -> Refused:
    """A body naming a field the client may not send (server-owned, or fixed once made)."""
    return invalid(summary, value, f"/{next(iter(value))}", "unknown_field", "Extra inputs are not permitted")


def unknown_code(summary: str, example: dict[str, Any], name: str, code: str, code_list: str) -> Refused:
    """The operation's example with a code its list does not have."""
    error = unknown_code_message(code, code_list)
    return invalid(summary, {**example, name: code}, f"/{name}", "code_unknown", error, code_list=code_list)


def broken_rule(
    summary: str,
    value: dict[str, Any],
    detail: str,
    pointer: str,
    error_code: str,
    error_detail: str = "",
    *,
    requirement: str,
    **more: Any,
) -> Refused:
    """A body a recording rule refuses: 422 ``rule_violated`` naming the rule's requirement."""
    return Refused(
        summary,
        value,
        422,
        "rule_violated",
        detail,
        pointer,
        error_code,
        error_detail,
        requirement=requirement,
        **more,
    )


@dataclass(frozen=True)
class OperationExamples:
    valid: dict[str, Example]
    refused: dict[str, Refused] = field(default_factory=dict)
    fixture: str | None = None
    """For an operation that creates a record: which valid example the contract tests send when
    another example needs such a record (default: the first)."""

    def fixture_example(self) -> Example:
        return self.valid[self.fixture] if self.fixture else next(iter(self.valid.values()))


EXAMPLES: dict[str, OperationExamples] = {}


def register(
    operation_id: str,
    examples: OperationExamples | None = None,
    *,
    valid: dict[str, Example] | None = None,
    refused: dict[str, Refused] | None = None,
    fixture: str | None = None,
) -> None:
    """Add an operation's examples (once per operationId): its valid ones, the refused ones and which
    valid one is its fixture; or them all as one :class:`OperationExamples`."""
    if operation_id in EXAMPLES:
        raise ValueError(f"examples for {operation_id} are already registered")
    EXAMPLES[operation_id] = examples or OperationExamples(valid or {}, refused or {}, fixture)


ENTERED_IN_ERROR = OperationExamples(
    valid={
        "wrong_family": Example(
            "Recorded on the wrong family's case", {"reason": "Recorded on the wrong family's case."}
        )
    },
    refused={
        "no_reason": invalid(
            "Refused: a reason is required and must say something",
            {"reason": ""},
            "/reason",
            "string_too_short",
            "String should have at least 3 characters",
        )
    },
)


AREAS = ("people", "cases", "stages", "assessment", "planning", "qa", "statutory")
"""The areas whose ``examples`` modules register examples."""


@functools.cache
def load_all() -> None:
    """Register every area's examples (each area keeps them in ``service/<area>/examples.py``), once."""
    for area in AREAS:
        importlib.import_module(f"service.{area}.examples")


def body(operation_id: str, example: str | None = None, **overrides: Any) -> dict[str, Any]:
    """A request body built from an operation's registered example (its fixture example unless one is
    named), with top-level fields replaced by ``overrides``. The demo, the generator and the tests build
    their bodies this way, so a field added to a record type and its example reaches them all."""
    load_all()
    examples = EXAMPLES[operation_id]
    chosen = examples.valid[example] if example else examples.fixture_example()
    kept = {name: copy.deepcopy(value) for name, value in chosen.value.items() if name not in overrides}
    return {**chosen.value, **kept, **overrides}  # the example's order; only what is kept is copied


def examples_for(operation_id: str) -> OperationExamples | None:
    if operation_id in EXAMPLES:
        return EXAMPLES[operation_id]
    if operation_id.startswith("mark_") and operation_id.endswith("_entered_in_error"):
        return ENTERED_IN_ERROR
    return None


def _titles() -> dict[str, str]:
    titles: dict[str, str] = {}
    pending: list[type[ProblemError]] = [ProblemError]
    while pending:
        cls = pending.pop()
        titles.setdefault(cls.code, cls.title)
        pending.extend(cls.__subclasses__())
    return titles


def problem_example(refused: Refused, path: str) -> dict[str, Any]:
    """The problem+json body a refused example gets (``request_id`` varies, so it is left out)."""
    body: dict[str, Any] = {
        "type": type_uri(refused.code),
        "title": _titles().get(refused.code, "Bad request"),
        "status": refused.status,
        "detail": refused.detail,
        "instance": path,
        "code": refused.code,
    }
    if refused.pointer is not None:
        error: dict[str, Any] = {
            "location": "body",
            "pointer": refused.pointer,
            "detail": refused.error_detail,
            "code": refused.error_code,
        }
        if refused.code_list:
            error["code_list"] = refused.code_list
        body["errors"] = [error]
    if refused.requirement:
        body["requirement"] = refused.requirement
    return {**body, **refused.extra}


REFUSED_EXAMPLES = "x-refused-examples"
"""The request body's extension holding its refused examples: each ``{summary, value, status, problem}``.
They are kept out of the media type's ``examples`` because tools take every example there as a valid
request (mock servers, client generators, "try it"); the problem each gets is also an example of the
error response, under the same name."""


def apply_examples(schema: dict[str, Any]) -> None:
    """Valid examples as the request body's ``examples``; refused ones under ``x-refused-examples`` on the
    request body, each with the status and problem it gets, and that problem as an example of the error
    response."""
    load_all()
    for path, item in schema.get("paths", {}).items():
        for op in item.values():
            if not isinstance(op, dict) or "operationId" not in op or "requestBody" not in op:
                continue
            examples = examples_for(op["operationId"])
            if examples is None:
                continue
            media = op["requestBody"]["content"].setdefault("application/json", {})
            media["examples"] = {
                name: {"summary": ex.summary, "value": ex.value} for name, ex in examples.valid.items()
            }
            if examples.refused:
                op["requestBody"][REFUSED_EXAMPLES] = {
                    name: {
                        "summary": refused.summary,
                        "value": refused.value,
                        "status": refused.status,
                        "problem": problem_example(refused, path),
                    }
                    for name, refused in examples.refused.items()
                }
            for name, refused in examples.refused.items():
                response = op["responses"].setdefault(str(refused.status), {"description": refused.summary})
                problem = response.setdefault("content", {}).setdefault("application/problem+json", {})
                problem.setdefault("examples", {})[name] = {
                    "summary": refused.summary,
                    "value": problem_example(refused, path),
                }
