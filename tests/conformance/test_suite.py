"""The conformance suite passes against the reference service, writes its three reports, refuses
bad configuration with exit 2, ships an up-to-date copy of the contract and covers its areas."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from tests.conformance.conftest import ROOT, SUITE_SRC, run_suite, serve

PACKAGE = SUITE_SRC / "sos_conformance"
# The areas this suite claims to cover: a MUST requirement of any of them without a test fails.
COVERED_AREAS = {
    "security",
    "records",
    "http",
    "lists",
    "audit",
    "discovery",
    "reference-data",
    "cases",
    "stages",
    "assessment",
    "planning",
    "qa",
    "statutory",
    "care",
}


def test_suite_passes_against_the_reference_service(
    reference_app: Any, tokens: dict[str, str], tmp_path: Path
) -> None:
    with serve(reference_app()) as base_url:
        run = run_suite(base_url, tokens, tmp_path)
    assert run.exit_code == 0, run.explain()
    assert run.failed == set(), run.explain()
    passed = run.verdicts("pass")
    assert {"SOS-AUTH-001", "SOS-TEN-001", "SOS-HTTP-003", "SOS-AUDIT-001", "SOS-STAGE-001"} <= passed
    qa_must = {"SOS-QA-001", "SOS-QA-002", "SOS-QA-003", "SOS-QA-004", "SOS-QA-005", "SOS-QA-006"}
    assert qa_must | {"SOS-QA-101", "SOS-QA-102", "SOS-QA-103", "SOS-QA-104"} <= passed
    assert {"SOS-QA-007", "SOS-QA-008"} <= passed  # the SHOULDs of the pictures
    assert run.report["seconds"] < 60

    junit = ET.parse(tmp_path / "conformance-junit.xml").getroot()
    cases = junit.findall(".//testcase")
    assert len(cases) == len(run.report["tests"]) and not junit.findall(".//failure")
    assert all(case.find("properties/property[@name='requirement']") is not None for case in cases)

    page = (tmp_path / "conformance-report.html").read_text()
    assert "<style>" in page and "SOS-HTTP-003" in page
    for external in ("<link", "<script", "src=", "@import", "url("):
        assert external not in page, f"the HTML report must be self-contained ({external})"


def test_failures_are_reported_with_evidence(
    reference_app: Any, tokens: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import service.kit.records as records

    monkeypatch.setattr(records, "check_if_match", lambda record, if_match: None)
    with serve(reference_app()) as base_url:
        run = run_suite(base_url, tokens, tmp_path, "--only", "http")
    assert run.exit_code == 1, run.explain()
    failure = next(t["failure"] for t in run.report["tests"] if t["outcome"] == "failed")
    assert failure["expected"] and failure["actual"] and failure["operation"]
    assert failure["request"].startswith(("PATCH ", "GET ", "POST "))
    assert len(failure["evidence"]) < 2600
    page = (tmp_path / "conformance-report.html").read_text()
    assert "SOS-HTTP-003" in page and "Expected" in page and "amend_case" in page


def test_unclaimed_module_is_not_claimed_rather_than_failed(
    reference_app: Any, tokens: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import service.discovery.endpoints as discovery

    monkeypatch.delitem(discovery.MODULES, "audit")
    with serve(reference_app()) as base_url:
        run = run_suite(base_url, tokens, tmp_path, "--only", "audit")
    assert run.exit_code == 0, run.explain()
    assert {"SOS-AUDIT-001", "SOS-AUDIT-002"} <= run.verdicts("not_claimed")


def test_unreachable_url_is_a_configuration_error(tokens: dict[str, str], tmp_path: Path) -> None:
    from tests.conformance.conftest import _free_port

    run = run_suite(f"http://127.0.0.1:{_free_port()}", tokens, tmp_path)
    assert run.exit_code == 2, run.explain()
    assert "cannot reach" in run.stderr and len(run.stderr.strip().splitlines()) == 1


def test_refused_token_is_a_configuration_error(
    reference_app: Any, tokens: dict[str, str], tmp_path: Path
) -> None:
    with serve(reference_app()) as base_url:
        run = run_suite(base_url, tokens, tmp_path, token="not-a-token")
    assert run.exit_code == 2, run.explain()
    assert "refuses --token" in run.stderr


def test_missing_base_url_is_a_configuration_error(tokens: dict[str, str], tmp_path: Path) -> None:
    run = run_suite(None, tokens, tmp_path)
    assert run.exit_code == 2 and "--base-url is required" in run.stderr, run.explain()


@pytest.mark.parametrize("name", ["openapi.json", "requirements.json"])
def test_shipped_contract_matches_the_published_one(name: str) -> None:
    published = (ROOT / "openapi" / name).read_bytes()
    shipped = (PACKAGE / "contract" / name).read_bytes()
    assert shipped == published, (
        f"contract_tests/sos_conformance/contract/{name} differs from openapi/{name}: "
        "run `python contract_tests/sync_contract.py`"
    )


def test_suite_imports_nothing_from_the_service() -> None:
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(n == "service" or n.startswith("service.") for n in names), (
                f"{path} imports {names}"
            )


def _coverage() -> list[dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-m", "sos_conformance", "--coverage-json"],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(SUITE_SRC), "PATH": ""},
    )
    return list(json.loads(done.stdout))


def test_every_must_requirement_of_a_covered_area_has_a_test() -> None:
    tests = _coverage()
    catalogue = json.loads((ROOT / "openapi" / "requirements.json").read_text())["requirements"]
    known = {r["id"] for r in catalogue}
    tested = {req for t in tests for req in t["requirements"]}
    orphans = [t["test"] for t in tests if not t["requirements"] or set(t["requirements"]) - known]
    assert not orphans, f"tests naming no requirement or an unknown one: {orphans}"
    uncovered = [(r["id"], r["area"]) for r in catalogue if r["level"] == "MUST" and r["id"] not in tested]
    if uncovered:
        print("MUST requirements without a conformance test:", ", ".join(f"{i} ({a})" for i, a in uncovered))
    missing = [i for i, a in uncovered if a in COVERED_AREAS]
    assert not missing, f"MUST requirements of covered areas without a test: {missing}"


def test_practice_areas_pass_when_the_modules_are_claimed(
    reference_app: Any, tokens: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reference service does not claim assessment and planning yet; claimed, it passes them."""
    import service.discovery.endpoints as discovery

    monkeypatch.setitem(discovery.MODULES, "assessment", "Assessment practice records.")
    monkeypatch.setitem(discovery.MODULES, "planning", "Planning practice records.")
    with serve(reference_app()) as base_url:
        run = run_suite(base_url, tokens, tmp_path, "--only", "assessment", "planning")
    assert run.exit_code == 0, run.explain()
    assert {"SOS-DS-001", "SOS-GOAL-002", "SOS-SCALE-002", "SOS-NET-003", "SOS-PLAN-002"} <= run.verdicts(
        "pass"
    )
    outcomes = {t["name"]: t["outcome"] for t in run.report["tests"]}
    assert set(outcomes.values()) == {"passed"}, outcomes
    print(f"{len(outcomes)} practice tests passed in {run.report['seconds']}s")
