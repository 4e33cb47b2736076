"""Reading an examples file (service/examples.py): values as the API takes them, placeholders, shared
bodies, and a clear error for a file that says something the format does not have. That every shipped
example is what the service accepts or refuses is tests/contract/test_examples.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from service.examples import CHILD_ID, EXAMPLES, load_examples, record_id


@pytest.fixture
def examples_file(tmp_path: Path) -> Iterator[Path]:
    """A file to write; the operations it registers are taken out of the registry afterwards."""
    before = set(EXAMPLES)
    yield tmp_path / "examples.yaml"
    for operation_id in set(EXAMPLES) - before:
        del EXAMPLES[operation_id]


def test_values_are_read_as_the_api_takes_them(examples_file: Path) -> None:
    examples_file.write_text(
        """
create_thing_for_test:
  valid:
    first:
      summary: A thing
      value: &first
        child_id: !id child
        statement_id: !record danger_statement
        started_on: 2025-01-14
        in_touch: NO
        consent: Y
        naturally_connected: true
        rank: 3
  refused:
    started_late:
      summary: Refused
      value: {<<: *first, started_on: 2024-01-01, rank: 4}
      out_of_order: {name: started_on, after: "the case (2025-01-14)", requirement: SOS-TEST-001}
""",
        encoding="utf-8",
    )
    load_examples(examples_file)
    examples = EXAMPLES["create_thing_for_test"]
    assert examples.valid["first"].value == {
        "child_id": CHILD_ID,
        "statement_id": record_id("danger_statement"),
        "started_on": "2025-01-14",
        "in_touch": "NO",
        "consent": "Y",
        "naturally_connected": True,
        "rank": 3,
    }
    refused = examples.refused["started_late"]
    assert list(refused.value) == list(examples.valid["first"].value)
    assert refused.value["started_on"] == "2024-01-01"
    assert refused.value["rank"] == 4
    assert (refused.status, refused.code, refused.pointer) == (422, "rule_violated", "/started_on")
    assert refused.detail == "started_on cannot be before the case (2025-01-14)."
    assert refused.requirement == "SOS-TEST-001"


VALID = "  valid:\n    one: {summary: x, value: {a: 1}}\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "op_for_test:\n" + VALID + "  refused:\n    bad: {summary: x, value: {}, mystery: {}}\n",
            "examples.yaml: op_for_test: refused example bad: a refused example names one of",
        ),
        (
            "op_for_test:\n" + VALID + "  refused:\n    bad: {summary: x, value: {}}\n",
            "examples.yaml: op_for_test: refused example bad: a refused example names one of",
        ),
        (
            "op_for_test:\n" + VALID + "  refused:\n    bad: {value: {}, missing: {name: a}}\n",
            "examples.yaml: op_for_test: refused example bad: no 'summary' given",
        ),
        (
            "op_for_test:\n" + VALID + "  refused:\n    bad: {summary: x, value: {}, missing: {field: a}}\n",
            "examples.yaml: op_for_test: refused example bad: .* required positional argument: 'name'",
        ),
        (
            "op_for_test:\n" + VALID + "  refuse: {}\n",
            "examples.yaml: op_for_test: unknown keys ['refuse']",
        ),
        ("op_for_test:\n  refused: {}\n", "examples.yaml: op_for_test: no 'valid' given"),
        (
            "op_for_test:\n  fixture: two\n" + VALID,
            "examples.yaml: op_for_test: an operation has at least one valid example, and its fixture",
        ),
    ],
)
def test_a_file_saying_what_the_format_has_not_is_refused_by_name(
    examples_file: Path, text: str, message: str
) -> None:
    examples_file.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_examples(examples_file)
