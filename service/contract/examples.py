"""Request examples per operation, valid and refused, merged into the contract in one place.

Each operation's examples live in :data:`EXAMPLES`, keyed by operationId. A valid example shows a
request the service accepts; a refused one shows a request it turns down and the problem it answers
with. :func:`apply_examples` (called by the contract builder) puts both on the operation's request
body (OpenAPI ``examples``) and each refusal's problem on the matching error response.

To add examples for a new operation, add an entry here or call :func:`register` from the module
that defines the operation. Ids in bodies use the placeholders below; the contract tests replace
them with real records and send every example to the service, so an example that stops being true
fails the build.

Operations the kit adds for every record type (``mark_<record>_entered_in_error``) get
:data:`ENTERED_IN_ERROR` unless they register their own.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from service.kit.errors import PROBLEM_TYPE_BASE, ProblemError

# Placeholders the contract tests swap for real records (see tests/contract/test_examples.py).
CHILD_ID = "0b7c6f3e-1d2a-4c5b-8e9f-000000000001"
"""A child who is a member of the case in the path."""
PERSON_ID = "0b7c6f3e-1d2a-4c5b-8e9f-000000000002"
"""A person of your authority who is not yet a member of the case in the path."""
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
    """Add an operation's examples (once per operationId)."""
    if operation_id in EXAMPLES:
        raise ValueError(f"examples for {operation_id} are already registered")
    EXAMPLES[operation_id] = examples


ENTERED_IN_ERROR = OperationExamples(
    valid={
        "wrong_family": Example(
            "Recorded on the wrong family's case", {"reason": "Recorded on the wrong family's case."}
        )
    },
    refused={
        "no_reason": Refused(
            "Refused: a reason is required and must say something",
            {"reason": ""},
            422,
            "validation_failed",
            "The request has 1 invalid field(s): body/reason.",
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
        "type": PROBLEM_TYPE_BASE + refused.code.replace("_", "-"),
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


def apply_examples(schema: dict[str, Any]) -> None:
    for path, item in schema.get("paths", {}).items():
        for op in item.values():
            if not isinstance(op, dict) or "operationId" not in op or "requestBody" not in op:
                continue
            examples = examples_for(op["operationId"])
            if examples is None:
                continue
            media = op["requestBody"]["content"].setdefault("application/json", {})
            media["examples"] = {
                **{name: {"summary": ex.summary, "value": ex.value} for name, ex in examples.valid.items()},
                **{name: {"summary": ex.summary, "value": ex.value} for name, ex in examples.refused.items()},
            }
            for name, refused in examples.refused.items():
                response = op["responses"].setdefault(str(refused.status), {"description": refused.summary})
                problem = response.setdefault("content", {}).setdefault("application/problem+json", {})
                problem.setdefault("examples", {})[name] = {
                    "summary": refused.summary,
                    "value": problem_example(refused, path),
                }


# -- The core operations ---------------------------------------------------------------------------

register(
    "create_person",
    OperationExamples(
        valid={
            "child": Example(
                "A child",
                {
                    "given_name": "Leo",
                    "family_name": "Thornbury",
                    "date_of_birth": "2018-03-09",
                    "sex": "1",
                    "ethnicity": "WBRI",
                    "la_child_id": "EM-000123",
                },
            ),
            "unborn": Example(
                "An unborn child (expected date of birth, sex not yet recorded)",
                {
                    "given_name": "Baby",
                    "family_name": "Thornbury",
                    "expected_date_of_birth": "2026-02-01",
                    "sex": "0",
                },
            ),
            "adult": Example(
                "An adult around the child", {"given_name": "Dana", "family_name": "Thornbury", "sex": "2"}
            ),
        },
        refused={
            "unknown_code": Refused(
                "Refused: 'M' is not a code of the list sex",
                {"given_name": "Leo", "family_name": "Thornbury", "sex": "M"},
                422,
                "validation_failed",
                "The request has 1 invalid field(s): body/sex.",
                "/sex",
                "code_unknown",
                "'M' is not a code of the list sex",
                "sex",
            )
        },
    ),
)

register(
    "amend_person",
    OperationExamples(
        valid={
            "la_child_id": Example(
                "Correct the authority's child id",
                {
                    "la_child_id": "EM-000124",
                    "amendment_reason": "Duplicate id found when merging records.",
                },
            )
        },
        refused={
            "server_owned": Refused(
                "Refused: version is set by the server, never by the client",
                {"version": 5},
                422,
                "validation_failed",
                "The request has 1 invalid field(s): body/version.",
                "/version",
                "unknown_field",
                "Extra inputs are not permitted",
            )
        },
    ),
)

register(
    "create_case",
    OperationExamples(
        valid={
            "case": Example(
                "Open a family's case",
                {"title": "Thornbury family", "reference": "EM-C-0001", "opened_on": "2025-01-14"},
            )
        },
        refused={
            "no_date": Refused(
                "Refused: opened_on is required",
                {"title": "Thornbury family"},
                422,
                "validation_failed",
                "The request has 1 invalid field(s): body/opened_on.",
                "/opened_on",
                "required",
                "Field required",
            )
        },
    ),
)

register(
    "amend_case",
    OperationExamples(
        valid={
            "reference": Example(
                "Add the authority's case reference",
                {
                    "reference": "EM-C-0002",
                    "amendment_reason": "Reference issued by the case-management system.",
                },
            )
        },
        refused={
            "empty_title": Refused(
                "Refused: a case needs a title",
                {"title": ""},
                422,
                "validation_failed",
                "The request has 1 invalid field(s): body/title.",
                "/title",
                "string_too_short",
                "String should have at least 1 character",
            )
        },
    ),
)

register(
    "create_case_member",
    OperationExamples(
        valid={
            "child": Example(
                "Add a child", {"person_id": PERSON_ID, "role": "CHILD", "joined_on": "2025-01-14"}
            ),
            "grandparent": Example(
                "Add an adult: the children's grandmother",
                {
                    "person_id": PERSON_ID,
                    "role": "ADULT",
                    "relationship_to_children": "GRANDPARENT",
                    "joined_on": "2025-02-03",
                },
            ),
        },
        refused={
            "unknown_role": Refused(
                "Refused: 'UNCLE' is not a code of the list person_role",
                {"person_id": PERSON_ID, "role": "UNCLE", "joined_on": "2025-01-14"},
                422,
                "validation_failed",
                "The request has 1 invalid field(s): body/role.",
                "/role",
                "code_unknown",
                "'UNCLE' is not a code of the list person_role",
                "person_role",
            )
        },
    ),
)

register(
    "amend_case_member",
    OperationExamples(
        valid={
            "left": Example(
                "Record that the person left the case",
                {
                    "left_on": "2025-06-30",
                    "amendment_reason": "Moved out of the household.",
                },
            )
        },
        refused={
            "role_fixed": Refused(
                "Refused: a member's role cannot be amended (mark the membership entered in error instead)",
                {"role": "ADULT"},
                422,
                "validation_failed",
                "The request has 1 invalid field(s): body/role.",
                "/role",
                "unknown_field",
                "Extra inputs are not permitted",
            )
        },
    ),
)

register(
    "record_stage_transition",
    OperationExamples(
        valid={
            "early_help": Example(
                "Front door to early help",
                {
                    "child_id": CHILD_ID,
                    "to_stage": "EARLY_HELP",
                    "effective_date": "2025-01-20",
                    "reason": "School and health visitor worried about home conditions; family agreed.",
                    "decided_by": "Early help team manager",
                },
            )
        },
        refused={
            "not_allowed": Refused(
                "Refused: a child cannot come through the front door straight into child protection",
                {
                    "child_id": CHILD_ID,
                    "to_stage": "CP",
                    "effective_date": "2025-01-20",
                    "reason": "Strategy discussion held.",
                    "decided_by": "Team manager",
                },
                422,
                "rule_violated",
                "A child cannot move from (no stage) to CP.",
                "/to_stage",
                "transition_not_allowed",
                "A child cannot move from (no stage) to CP.",
                requirement="SOS-STAGE-001",
                extra={"allowed": ["(none) -> EARLY_HELP", "(none) -> CIN"]},
            )
        },
    ),
)
