"""The conformance suite passes against the reference service, writes its three reports, refuses
bad configuration with exit 2, ships an up-to-date copy of the contract and covers its areas."""

from __future__ import annotations

import ast
import functools
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from tests.conformance.conftest import ROOT, SUITE_SRC, run_checks, run_suite, serve

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
    "returns",
    "record-types",
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
    assert {"SOS-HTTP-011", "SOS-SCALE-004"} <= passed
    generated = [t for t in run.report["tests"] if t["area"] == "record-types"]
    record_types = {t["check_id"].split("[")[1].rstrip("]") for t in generated}
    assert len(record_types) >= 29 and {t["outcome"] for t in generated} == {"passed"}
    # Split over worker processes, the run still runs every check the suite has, once.
    assert sorted(t["check_id"] for t in run.report["tests"]) == sorted(c["check"] for c in _coverage())
    # How long it took is reported (never asserted: a shared machine's load is not the suite's doing).
    print(f"{len(run.report['tests'])} checks ({len(generated)} generated) in {run.report['seconds']}s")

    junit = ET.parse(tmp_path / "conformance-junit.xml").getroot()
    cases = junit.findall(".//testcase")
    assert len(cases) == len(run.report["requirements"]) and not junit.findall(".//failure")
    assert {case.get("name") for case in cases} == {r["id"] for r in run.report["requirements"]}
    summary = json.loads((tmp_path / "conformance-summary.json").read_text())
    assert summary["result"] == "passed" and summary["failed_requirements"] == []
    assert summary["complete"] is True and summary["incomplete_because"] == []
    assert summary["checks"]["passed"] == sum(t["outcome"] == "passed" for t in run.report["tests"])

    page = (tmp_path / "conformance-report.html").read_text()
    assert "<style>" in page and "SOS-HTTP-003" in page and "SOS-CHK-HTTP-001" in page
    assert base_url in page and run.report["suite_version"] in page
    for external in ("<link", "<script", "src=", "@import", "url("):
        assert external not in page, f"the HTML report must be self-contained ({external})"


def test_a_second_run_against_the_same_system_passes_too(
    reference_app: Any, tokens: dict[str, str], tmp_path: Path
) -> None:
    """The suite does not assume an empty system: run again against the records its first run left
    (a value held once per authority, such as a UPN, is fresh each run), every check passes again."""
    with serve(reference_app()) as base_url:
        runs = [run_suite(base_url, tokens, tmp_path / name) for name in ("first", "second")]
    for run in runs:
        assert run.exit_code == 0 and run.failed == set(), run.explain()


def test_failures_are_reported_with_evidence(
    reference_app: Any, tokens: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import service.kit.records as records

    monkeypatch.setattr(records, "check_if_match", lambda record, if_match: None)
    with serve(reference_app()) as base_url:
        run = run_checks(
            base_url, tokens, tmp_path, "--only", "http", "--junit-per-check", "--run-by", "Ada Tester"
        )
    assert run.exit_code == 1, run.explain()
    failed = next(t for t in run.report["tests"] if t["outcome"] == "failed")
    failure = failed["failure"]
    assert failure["expected"] and failure["actual"] and failure["operation"]
    assert failure["request"].startswith(("PATCH ", "GET ", "POST "))
    assert len(failure["evidence"]) < 2600
    # What was sent is evidence too (a stale If-Match on an amendment: its body), and the console
    # line says what came back, not only what was expected.
    failures = [t["failure"] for t in run.report["tests"] if t["outcome"] == "failed"]
    sent = [f for f in failures if f["request_body"]]
    assert sent and all(f["request"].startswith(("PATCH ", "POST ")) for f in sent)
    assert re.search(r"FAIL SOS-HTTP-003 .*: expected .+ \| got .+", run.stdout), run.stdout
    page = (tmp_path / "conformance-report.html").read_text()
    assert "SOS-HTTP-003" in page and "Expected" in page and "amend_case" in page
    assert "Ada Tester" in page
    anchor = "failure-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in failed["check_id"])
    assert f'id="{anchor}"' in page and f'href="#{anchor}"' in page, "a failure is linked from its row"
    junit = ET.parse(tmp_path / "conformance-junit.xml").getroot()
    by_name = {case.get("name"): case for case in junit.findall(".//testcase")}
    assert set(by_name) == {t["check_id"] for t in run.report["tests"]}
    assert by_name[failed["check_id"]].find("failure") is not None


def test_unclaimed_module_is_not_claimed_rather_than_failed(
    reference_app: Any, tokens: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import service.discovery.endpoints as discovery

    monkeypatch.delitem(discovery.MODULES, "audit")
    with serve(reference_app()) as base_url:
        run = run_checks(base_url, tokens, tmp_path, "--only", "audit")
    assert run.exit_code == 0, run.explain()
    assert {"SOS-AUDIT-001", "SOS-AUDIT-002"} <= run.verdicts("not_claimed")


def test_unreachable_url_is_a_configuration_error(tokens: dict[str, str], tmp_path: Path) -> None:
    from tests.conformance.conftest import _free_port

    run = run_checks(f"http://127.0.0.1:{_free_port()}", tokens, tmp_path)
    assert run.exit_code == 2, run.explain()
    assert "cannot reach" in run.stderr and len(run.stderr.strip().splitlines()) == 1


def test_an_installation_that_cannot_check_date_times_is_a_configuration_error(
    tokens: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without rfc3339-validator, jsonschema lets any ``format: date-time`` value through: the run
    refuses to start (exit 2) rather than pass date-times it cannot check."""
    from jsonschema import FormatChecker

    monkeypatch.delitem(FormatChecker.checkers, "date-time")
    run = run_checks(None, tokens, tmp_path)
    assert run.exit_code == 2, run.explain()
    assert "date-time" in run.stderr and "rfc3339-validator" in run.stderr, run.stderr
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr


def test_the_suite_declares_what_checks_the_contracts_formats() -> None:
    """Every format the contract uses is checked by the installed jsonschema, and the one that needs
    a package of its own (date-time) has it among the suite's declared dependencies."""
    import tomllib

    from sos_conformance.contract import FORMAT_PACKAGES, load_contract

    assert load_contract().unchecked_formats() == []
    declared = tomllib.loads((SUITE_SRC / "pyproject.toml").read_text())["project"]["dependencies"]
    for package in FORMAT_PACKAGES.values():
        assert any(d.startswith(package) for d in declared), (package, declared)


def test_refused_token_is_a_configuration_error(
    reference_app: Any, tokens: dict[str, str], tmp_path: Path
) -> None:
    with serve(reference_app()) as base_url:
        run = run_checks(base_url, tokens, tmp_path, token="not-a-token")
    assert run.exit_code == 2, run.explain()
    assert "refuses --token" in run.stderr


def _misconfigured(reference_app: Any, tokens: dict[str, str], tmp_path: Path, **given: str) -> Any:
    with serve(reference_app()) as base_url:
        run = run_checks(base_url, {**tokens, **given}, tmp_path, token=given.get("writer"))
    assert run.exit_code == 2, run.explain()
    assert run.report == {} and not list(tmp_path.iterdir()), "no verdicts on a misconfigured run"
    return run


def test_a_base_url_that_answers_html_is_a_configuration_error(
    reference_app: Any, tokens: dict[str, str], tmp_path: Path
) -> None:
    """A gateway or sign-in page answering the API's paths with HTML 200 (its capabilities still JSON)
    stops the run in setup, saying so, instead of some 130 MUST failures blamed on the system."""
    app = reference_app()

    async def behind_a_gateway(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == "/v1/cases" and scope["method"] == "GET":
            html = [(b"content-type", b"text/html")]
            await send({"type": "http.response.start", "status": 200, "headers": html})
            await send({"type": "http.response.body", "body": b"<html><body>Sign in</body></html>"})
            return
        await app(scope, receive, send)

    with serve(behind_a_gateway) as base_url:
        run = run_checks(base_url, tokens, tmp_path)
    assert run.exit_code == 2 and "200 text/html, not a JSON page" in run.stderr, run.explain()


def test_a_second_token_of_the_same_authority_is_a_configuration_error(
    reference_app: Any, tokens: dict[str, str], tmp_path: Path
) -> None:
    from tests.conftest import _token

    same = _token("990", ["read", "write", "audit"], "test-second-writer-990")
    run = _misconfigured(reference_app, tokens, tmp_path, other=same)
    assert "--other-token acts for the same authority as --token" in run.stderr


def test_a_read_only_main_token_is_a_configuration_error(
    reference_app: Any, tokens: dict[str, str], tmp_path: Path
) -> None:
    run = _misconfigured(reference_app, tokens, tmp_path, writer=tokens["reader"])
    assert "--token cannot write" in run.stderr and "--read-only-token" in run.stderr


def test_a_writing_read_only_token_is_a_configuration_error(
    reference_app: Any, tokens: dict[str, str], tmp_path: Path
) -> None:
    run = _misconfigured(reference_app, tokens, tmp_path, reader=tokens["writer"])
    assert "--read-only-token can write" in run.stderr


def test_a_bearer_prefix_is_removed_and_said(
    reference_app: Any, tokens: dict[str, str], tmp_path: Path
) -> None:
    with serve(reference_app()) as base_url:
        run = run_checks(
            base_url, tokens, tmp_path, "--only", "discovery", token="Bearer " + tokens["writer"]
        )
    assert run.exit_code == 0, run.explain()
    assert "--token began with 'Bearer '" in run.stdout


def test_a_run_of_some_areas_tells_not_run_from_untested(
    reference_app: Any, tokens: dict[str, str], tmp_path: Path
) -> None:
    """A run of one area collects only that area's check files; a requirement checked in another
    file is still "not run" (filtered out), and only one with no check in the suite is "untested"."""
    with serve(reference_app()) as base_url:
        run = run_checks(base_url, tokens, tmp_path, "--only", "discovery")
    assert run.exit_code == 0, run.explain()
    catalogue = json.loads((ROOT / "openapi" / "requirements.json").read_text())["requirements"]
    checked = {req for t in _coverage() for req in t["requirements"]}
    assert run.verdicts("untested") == {r["id"] for r in catalogue} - checked
    assert {"SOS-HTTP-003", "SOS-GOAL-002", "SOS-RET-001"} <= run.verdicts("not_run")
    assert {t["area"] for t in run.report["tests"]} == {"discovery"}
    # It passes, and every report says it was not a run of the whole suite, and why.
    reason = "areas only: discovery"
    assert run.report["complete"] is False and run.report["incomplete_because"] == [reason]
    assert f"INCOMPLETE: {reason}" in run.stdout
    summary = json.loads((tmp_path / "conformance-summary.json").read_text())
    manifest = json.loads((tmp_path / "conformance-manifest.json").read_text())
    assert summary["incomplete_because"] == manifest["incomplete_because"] == [reason]
    assert "INCOMPLETE" in (tmp_path / "conformance-report.html").read_text()


@pytest.mark.parametrize(("option", "value"), [("--timeout", "-1"), ("--timeout", "0"), ("--jobs", "0")])
def test_a_number_option_not_above_zero_is_a_configuration_error(option: str, value: str) -> None:
    from sos_conformance import cli

    with pytest.raises(SystemExit) as stopped:
        cli.parser().parse_args(["--base-url", "http://127.0.0.1:9", option, value])
    assert stopped.value.code == 2


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--requirement", "SOS-HTTP-999", "--requirement SOS-HTTP-999: not in the catalogue"),
        ("--record-types", "cp-plan", "--record-types cp-plan: the record types are "),
    ],
)
def test_a_filter_naming_nothing_the_suite_has_is_a_configuration_error(
    tokens: dict[str, str], tmp_path: Path, option: str, value: str, said: str
) -> None:
    """A typo in a filter would run no check and pass: it is refused before anything runs."""
    run = run_checks("http://127.0.0.1:9", tokens, tmp_path, option, value)
    assert run.exit_code == 2 and said in run.stderr, run.explain()


def test_the_check_index_agrees_with_the_collected_checks() -> None:
    """What :mod:`sos_conformance.index` reads from the check files' source (which a run of some
    areas uses to leave the other files uncollected) is what collecting them finds."""
    from sos_conformance import index

    files = {found.path.name: found for found in index.check_files(PACKAGE / "checks")}
    assert all(found.area for found in files.values()), "every check file is plainly one area"
    for check in _coverage():
        found = files[check["test"].split("::", 1)[0]]
        assert found.area == check["area"], check
        assert set(check["requirements"]) <= found.requirements, check
    by_file: dict[str, set[str]] = {}
    for check in _coverage():
        by_file.setdefault(check["test"].split("::", 1)[0], set()).update(check["requirements"])
    assert {name: found.requirements for name, found in files.items()} == by_file


@pytest.mark.parametrize("jobs", [1, 2, 3, 4])
def test_a_split_run_puts_each_area_in_one_group(jobs: int, tmp_path: Path) -> None:
    from sos_conformance import cli, parallel
    from sos_conformance.plugin import Settings

    settings = Settings("http://x", "t", None, None, tmp_path, [], "should", set(), "run")
    groups = parallel.groups_for(settings, cli.AREAS, jobs)
    assert len(groups) == min(jobs, len(parallel.GROUPS))
    assert sorted(a for group in groups for a in group) == sorted(cli.AREAS)


def test_missing_base_url_is_a_configuration_error(tokens: dict[str, str], tmp_path: Path) -> None:
    run = run_checks(None, tokens, tmp_path)
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


def _printed(flag: str) -> str:
    """What ``sos-conformance <flag>`` prints (a coverage option: no system needed)."""
    done = subprocess.run(
        [sys.executable, "-m", "sos_conformance", flag],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(SUITE_SRC), "PATH": ""},
    )
    return done.stdout


@functools.cache
def _coverage() -> list[dict[str, Any]]:
    return list(json.loads(_printed("--coverage-json")))


def test_every_check_has_a_unique_stable_id() -> None:
    """Evidence is keyed by the check id (``@pytest.mark.check``), never by the function name."""
    tests = _coverage()
    ids = [t["check"] for t in tests]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"check ids used twice: {duplicates}"
    pattern = re.compile(r"^SOS-CHK-[A-Z0-9]+-\d{3}(\[[^\]]+\])?$")
    wrong = [f"{t['test']}: {t['check']}" for t in tests if not pattern.match(t["check"])]
    assert not wrong, f"checks without a SOS-CHK-<AREA>-NNN id: {wrong}"


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
        run = run_checks(base_url, tokens, tmp_path, "--only", "assessment", "planning")
    assert run.exit_code == 0, run.explain()
    assert {"SOS-DS-001", "SOS-GOAL-002", "SOS-SCALE-002", "SOS-NET-003", "SOS-PLAN-002"} <= run.verdicts(
        "pass"
    )
    outcomes = {t["name"]: t["outcome"] for t in run.report["tests"]}
    assert set(outcomes.values()) == {"passed"}, outcomes
    print(f"{len(outcomes)} practice tests passed in {run.report['seconds']}s")


def test_coverage_file_is_generated_and_current() -> None:
    """contract_tests/COVERAGE.md is what `sos-conformance --coverage` prints now, with the record
    type x convention table covering every record type of the contract."""
    printed = _printed("--coverage")
    assert (SUITE_SRC / "COVERAGE.md").read_text() == printed, (
        "regenerate: sos-conformance --coverage > contract_tests/COVERAGE.md"
    )
    contract = json.loads((ROOT / "openapi" / "openapi.json").read_text())
    record_types = {p.split("/")[2] for p in contract["paths"] if p.endswith("}/history")}
    assert len(record_types) >= 29
    for name in record_types:
        assert f"\n| {name} | yes |" in printed, f"{name} is not covered by the generated checks"


def test_the_suites_fresh_upn_has_the_dfe_check_letter() -> None:
    """The suite gives each UPN-shaped example a UPN of its own (one person holds a UPN): its check
    letter is the DfE's, as python-stdnum works it out, and its authority digits the example's."""
    from sos_conformance.data import fresh_identifier
    from stdnum.gb import upn

    made = {fresh_identifier("U873024125001") for _ in range(50)}
    assert len(made) == 50
    assert all(upn.calc_check_digit(u[1:]) == u[0] and u[1:4] == "873" for u in made), made
    child_ids = {fresh_identifier("EM000123") for _ in range(50)}
    assert len(child_ids) == 50 and all(c.startswith("EM") and len(c) == 12 for c in child_ids)


def test_the_suite_orders_date_times_as_moments_not_strings() -> None:
    """A system may leave out a zero fraction of a second or give an offset; the suite's checks of
    order compare the moments, so a run is not failed by a timestamp that falls on a whole second."""
    from sos_conformance.data import moment

    on_the_second, just_after = "2026-12-01T11:08:24Z", "2026-12-01T11:08:24.031648Z"
    assert on_the_second > just_after  # as strings, the wrong way round
    assert moment(on_the_second) < moment(just_after)
    assert moment("2026-12-01T12:08:24+01:00") == moment(on_the_second)
