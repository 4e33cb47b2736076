"""The registered request examples in the contract, and bodies built from them.

:func:`apply_examples` (called by the contract builder) puts each operation's valid and refused
examples (``service.examples``, registered by the areas) on its request body and each refusal's
problem on the matching error response. :func:`body` builds a request body from an operation's
example for the demo, the generator and the tests.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

from service.examples import EXAMPLES, Refused, examples_for, load_examples
from service.kit.errors import ProblemError
from service.kit.problem_types import type_uri

AREAS = ("people", "cases", "stages", "assessment", "planning", "qa", "statutory", "care")
"""The areas that keep request examples (in ``service/<area>/examples.yaml``)."""


@functools.cache
def load_all() -> None:
    """Register every area's examples, once."""
    service = Path(__file__).resolve().parent.parent
    for area in AREAS:
        load_examples(service / area / "examples.yaml")


def body(operation_id: str, example: str | None = None, **overrides: Any) -> dict[str, Any]:
    """A request body built from an operation's registered example (its fixture example unless one is
    named), with top-level fields replaced by ``overrides``. The demo, the generator and the tests build
    their bodies this way, so a field added to a record type and its example reaches them all."""
    load_all()
    examples = EXAMPLES[operation_id]
    chosen = examples.valid[example] if example else examples.fixture_example()
    kept = {name: copy.deepcopy(value) for name, value in chosen.value.items() if name not in overrides}
    return {**chosen.value, **kept, **overrides}  # the example's order; only what is kept is copied


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
