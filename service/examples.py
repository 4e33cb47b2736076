"""Request examples per operation, valid and refused: the one place a request body's shape is shown
by example.

Each area keeps its operations' examples as data in ``service/<area>/examples.yaml``, keyed by
operationId; :func:`load_examples` registers a file's. The contract
(``service.contract.examples.apply_examples``) publishes them, the contract tests send every one to
the service, and the demo, the generator and the tests build their bodies from them
(``service.contract.examples.body``).

The format of an examples file, an operation a top-level key::

    create_case:
      fixture: case              # optional: the valid example other tests use to make such a record
      valid:
        case:                    # the example's name in the contract
          summary: "Open a family's case"
          value: &case {title: "Thornbury family", opened_on: "2025-01-14"}
      refused:
        no_date:
          summary: "Refused: opened_on is required"
          value: *case
          missing: {name: "opened_on"}

A refused example names one of :data:`REFUSALS` with its arguments (the function of that name
below, given the summary and the value first), which says what the service answers. Values are
plain YAML with two tags for ids the contract tests replace: ``!id child`` (also ``person``,
``adult``: see :data:`PLACEHOLDER_IDS`) and ``!record <kind>`` (:func:`record_id`). Dates stay text,
as the API takes them, and only ``true`` and ``false`` are booleans (a code such as ``NO`` stays text,
quoted or not); anchors and merge keys (``<<: *case``) share a body between examples.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from service.reference_data.registry import unknown_code_message

# Placeholders the contract tests swap for real records (see tests/contract/test_examples.py).
CHILD_ID = "0b7c6f3e-1d2a-4c5b-8e9f-000000000001"
"""A child who is a member of the case in the path."""
PERSON_ID = "0b7c6f3e-1d2a-4c5b-8e9f-000000000002"
"""A person of your authority who is not yet a member of the case in the path."""
ADULT_ID = "0b7c6f3e-1d2a-4c5b-8e9f-000000000003"
"""An adult member of the case in the path (a parent, say)."""
_PLACEHOLDERS = uuid.UUID("0b7c6f3e-1d2a-4c5b-8e9f-000000000000")
PLACEHOLDER_IDS = {"child": CHILD_ID, "person": PERSON_ID, "adult": ADULT_ID}
"""The ids an examples file names with ``!id <name>``."""


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
    summary: str,
    value: dict[str, Any],
    pointer: str,
    error_code: str,
    error_detail: str = "",
    detail: str | None = None,
    **more: Any,
) -> Refused:
    """A body refused as not valid: 422 ``validation_failed`` naming its one wrong field. The schema's
    own refusals say which field in ``detail``; a check across fields (a person's two birth dates)
    says why in a ``detail`` of its own."""
    detail = detail or f"The request has 1 invalid field(s): body{pointer}."
    return Refused(
        summary, value, 422, "validation_failed", detail, pointer, error_code, error_detail, **more
    )


def missing(summary: str, example: dict[str, Any], name: str, **more: Any) -> Refused:
    """The operation's example without one of its required fields (``more``: the requirement naming it)."""
    value = {key: item for key, item in example.items() if key != name}
    return invalid(summary, value, f"/{name}", "required", "Field required", **more)


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


def out_of_order(summary: str, value: dict[str, Any], name: str, after: str, requirement: str) -> Refused:
    """A date before the one it must follow (``after``, e.g. "the referral (2025-03-02)"): 422
    ``rule_violated`` naming the field."""
    detail = f"{name} cannot be before {after}."
    return broken_rule(summary, value, detail, f"/{name}", "date_out_of_order", requirement=requirement)


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


def register(operation_id: str, examples: OperationExamples) -> None:
    """Add an operation's examples, once per operationId."""
    if operation_id in EXAMPLES:
        raise ValueError(f"examples for {operation_id} are already registered")
    EXAMPLES[operation_id] = examples


REFUSALS: dict[str, Callable[..., Refused]] = {
    refusal.__name__: refusal
    for refusal in (invalid, missing, not_sent_by_clients, unknown_code, broken_rule, out_of_order)
}
"""The kinds of refusal an examples file may name, each the function of that name."""


class _ExamplesLoader(yaml.SafeLoader):
    """YAML as the examples files write it, read as YAML 1.2 reads it: dates stay text and only
    ``true``/``false`` are booleans (so a code ``NO``, ``Y`` or ``ON`` stays text even unquoted);
    ``!id`` and ``!record`` name placeholder ids."""


_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_BOOL = "tag:yaml.org,2002:bool"
_ExamplesLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag not in (_TIMESTAMP, _BOOL)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_ExamplesLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_ExamplesLoader.add_constructor("!id", lambda loader, node: PLACEHOLDER_IDS[loader.construct_scalar(node)])
_ExamplesLoader.add_constructor("!record", lambda loader, node: record_id(loader.construct_scalar(node)))


def _why(error: Exception) -> str:
    return f"no {error} given" if isinstance(error, KeyError) else str(error)


def _refused(entry: dict[str, Any]) -> Refused:
    kinds = [key for key in entry if key not in ("summary", "value")]
    if len(kinds) != 1 or kinds[0] not in REFUSALS:
        raise ValueError(f"a refused example names one of {sorted(REFUSALS)}, not {kinds}")
    return REFUSALS[kinds[0]](entry["summary"], entry["value"], **entry[kinds[0]])


def _operation(entry: dict[str, Any]) -> OperationExamples:
    unknown = set(entry) - {"valid", "refused", "fixture"}
    if unknown:
        raise ValueError(f"unknown keys {sorted(unknown)} (an operation has valid, refused and fixture)")
    valid = {name: Example(e["summary"], e["value"]) for name, e in entry["valid"].items()}
    if not valid or entry.get("fixture", next(iter(valid))) not in valid:
        raise ValueError("an operation has at least one valid example, and its fixture names one of them")
    refused = {}
    for name, e in entry.get("refused", {}).items():
        try:
            refused[name] = _refused(e)
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"refused example {name}: {_why(error)}") from error
    return OperationExamples(valid, refused, entry.get("fixture"))


def load_examples(path: Path) -> None:
    """Register the examples of an examples file (the format is in this module's docstring). A file
    that says something the format has not is refused naming the file, the operation and the example:
    a missing key (``summary``, ``value``, ``valid``), an unknown one, or a refusal's wrong arguments."""
    with path.open(encoding="utf-8") as handle:
        operations = yaml.load(handle, Loader=_ExamplesLoader)  # a SafeLoader: no Python objects
    for operation_id, entry in operations.items():
        try:
            examples = _operation(entry)
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"{path.name}: {operation_id}: {_why(error)}") from error
        register(operation_id, examples)


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


def examples_for(operation_id: str) -> OperationExamples | None:
    if operation_id in EXAMPLES:
        return EXAMPLES[operation_id]
    if operation_id.startswith("mark_") and operation_id.endswith("_entered_in_error"):
        return ENTERED_IN_ERROR
    return None
