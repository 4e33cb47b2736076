"""``sos-conformance``: run the conformance checks against a system and write the reports.

Exit codes: 0 every claimed MUST requirement passed; 1 at least one failed; 2 the run could not
start (missing option, unreachable URL, a token the system refuses).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from sos_conformance import __version__, evidence, index, parallel
from sos_conformance.client import tls
from sos_conformance.contract import Contract, load_contract
from sos_conformance.kinds import kinds_of
from sos_conformance.plugin import ConformancePlugin, Settings, TestInfo
from sos_conformance.report import summary, write_reports
from sos_conformance.setup_checks import ConfigError, Tokens, check_tokens, without_bearer

AREAS = (
    "discovery",
    "security",
    "http",
    "records",
    "lists",
    "audit",
    "cases",
    "stages",
    "reference-data",
    "assessment",
    "planning",
    "qa",
    "statutory",
    "care",
    "returns",
    "data-protection",
    "record-types",
)


def parser() -> argparse.ArgumentParser:
    env = os.environ.get
    p = argparse.ArgumentParser(
        prog="sos-conformance", description=__doc__.split("\n\n")[0] if __doc__ else ""
    )
    p.add_argument(
        "--base-url", default=env("SOS_BASE_URL"), help="The system's base URL (env SOS_BASE_URL)."
    )
    p.add_argument(
        "--token",
        default=env("SOS_TOKEN"),
        help="Bearer token with read, write and audit scopes for one authority (env SOS_TOKEN).",
    )
    p.add_argument(
        "--other-token",
        default=env("SOS_OTHER_TOKEN"),
        help="Token for a different authority, for the tenancy checks (env SOS_OTHER_TOKEN).",
    )
    p.add_argument(
        "--read-only-token",
        default=env("SOS_READ_ONLY_TOKEN"),
        help="Token of the first authority with only the read scope (env SOS_READ_ONLY_TOKEN).",
    )
    p.add_argument(
        "--report-dir",
        default=env("SOS_REPORT_DIR"),
        type=Path,
        help="Where to write the JSON, JUnit XML and HTML reports (env SOS_REPORT_DIR).",
    )
    p.add_argument(
        "--only",
        action="extend",
        nargs="+",
        default=[],
        metavar="AREA",
        choices=AREAS,
        help=f"Run only these areas: {', '.join(AREAS)}.",
    )
    p.add_argument(
        "--record-types",
        action="extend",
        nargs="+",
        default=[],
        metavar="NAME",
        help="Run the generated record-type checks only for these record types (e.g. cases cp-plans).",
    )
    p.add_argument(
        "--requirement",
        action="extend",
        nargs="+",
        default=[],
        metavar="ID",
        help="Run only the checks that verify these requirements (e.g. SOS-HTTP-003).",
    )
    p.add_argument(
        "--level",
        choices=("must", "should"),
        default="should",
        help="must: only MUST requirements; should (default): MUST and SHOULD.",
    )
    p.add_argument(
        "--system-name",
        default=env("SOS_SYSTEM_NAME"),
        help="The name of the system under test, for the reports (default: its base URL).",
    )
    p.add_argument(
        "--run-by",
        default=env("SOS_RUN_BY"),
        help="Who ran the suite (a person or a CI job), for the reports (env SOS_RUN_BY).",
    )
    p.add_argument(
        "--junit-per-check",
        action="store_true",
        help="JUnit XML with one test case per check (by its stable id) instead of one per requirement.",
    )
    p.add_argument(
        "--timeout", type=above_zero(float), default=30.0, help="Seconds per HTTP request (default 30)."
    )
    p.add_argument(
        "--coverage",
        action="store_true",
        help="Print the requirement -> tests table (Markdown) and exit; needs no system.",
    )
    p.add_argument(
        "--coverage-json",
        action="store_true",
        help="Print each test with its area and requirement IDs as JSON and exit.",
    )
    p.add_argument(
        "--jobs",
        type=above_zero(int),
        default=3,
        help="Worker processes running groups of areas at once (default 3; 1 runs everything in turn).",
    )
    p.add_argument(
        "--sign-key",
        default=env("SOS_SIGN_KEY"),
        type=Path,
        help="Ed25519 private key (PEM) to sign the run's manifest of report digests (env SOS_SIGN_KEY).",
    )
    p.add_argument(
        "--verify",
        type=Path,
        metavar="DIR",
        help="Check the reports in DIR against their manifest (and --public-key) and exit; needs no system.",
    )
    p.add_argument(
        "--public-key",
        type=Path,
        help="With --verify: the supplier's Ed25519 public key (PEM); the manifest must be signed by it.",
    )
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--version", action="version", version=f"sos-conformance {__version__}")
    return p


def _checks_dir() -> Path:
    return index.checks_dir()


def _pytest_args(extra: list[str]) -> list[str]:
    return parallel.pytest_args(_checks_dir(), extra)


def collect(contract: Contract) -> list[TestInfo]:
    plugin = ConformancePlugin(None, contract, collect_only=True)
    with parallel.no_plugin_autoload():
        code = pytest.main(_pytest_args(["--collect-only"]), plugins=[plugin])
    if code not in (0, 5):
        raise RuntimeError(f"collecting the checks failed (pytest exit {code})")
    return plugin.collected


def _collapsed(check_ids: list[str]) -> list[str]:
    """``SOS-CHK-GEN-001[cases]``, ``...[people]`` -> ``SOS-CHK-GEN-001[2 record types]``."""
    counts: dict[str, int] = {}
    for check_id in check_ids:
        base = check_id.split("[", 1)[0]
        counts[base] = counts.get(base, 0) + (1 if "[" in check_id else 0)
    return [f"{base}[{n} record types]" if n else base for base, n in counts.items()]


def record_type_table(tests: list[TestInfo]) -> list[str]:
    """Record type x convention: which generated check covers which record type of the contract."""
    generated = [t for t in tests if t.area == "record-types" and "[" in t.check_id]
    columns: dict[str, str] = {}
    for t in generated:
        columns.setdefault(t.check_id.split("[", 1)[0], t.name.split("[", 1)[0].removeprefix("test_"))
    kinds = sorted({t.check_id.split("[", 1)[1].rstrip("]") for t in generated})
    done = {t.check_id for t in generated}
    lines = [
        "## Record types x conventions",
        "",
        "Generated from the contract: every path with a `/history` sibling is a record type; a cell is "
        "the check run for it (blank: the contract has no such operation for the type).",
        "",
        "| Record type | "
        + " | ".join(f"{label.replace('_', ' ')} ({cid})" for cid, label in columns.items())
        + " |",
        "|---|" + "---|" * len(columns),
    ]
    for kind in kinds:
        cells = ["yes" if f"{cid}[{kind}]" in done else "" for cid in columns]
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return lines


def coverage_markdown(contract: Contract, tests: list[TestInfo]) -> str:
    lines = [
        "# Requirement coverage",
        "",
        "Generated by `sos-conformance --coverage`: each requirement of the catalogue and the checks "
        f"(by their stable ids) that verify it (contract {contract.version}).",
        "",
        "| Requirement | Level | Area | Checks |",
        "|---|---|---|---|",
    ]
    for req in contract.requirements.values():
        names = [f"`{c}`" for c in _collapsed([t.check_id for t in tests if req.id in t.requirements])]
        lines.append(f"| {req.id} | {req.level} | {req.area} | {'<br>'.join(names) or '**none yet**'} |")
    orphans = [
        t.nodeid
        for t in tests
        if not t.requirements or any(r not in contract.requirements for r in t.requirements)
    ]
    if orphans:
        lines += ["", "Tests naming no requirement, or one not in the catalogue:", ""]
        lines += [f"- `{o}`" for o in orphans]
    lines += ["", *record_type_table(tests)]
    return "\n".join(lines) + "\n"


def _get(url: str, token: str | None, timeout: float) -> httpx.Response:
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return httpx.get(url, headers=headers, timeout=timeout, verify=tls())


def preflight(args: argparse.Namespace) -> dict[str, Any]:
    """Configuration checks before any test: the URL answers, the capabilities are readable and
    each token acts for the authority and scopes its option says (:mod:`sos_conformance.setup_checks`).
    Anything wrong here is exit 2, not a conformance failure."""
    for option in ("base_url", "token", "report_dir"):
        if not getattr(args, option):
            flag = "--" + option.replace("_", "-")
            raise ConfigError(f"{flag} is required (or env SOS_{option.upper()})")
    base = args.base_url.rstrip("/")
    try:
        response = _get(f"{base}/v1/capabilities", None, args.timeout)
    except httpx.HTTPError as exc:
        raise ConfigError(f"cannot reach {base}: {type(exc).__name__}: {exc}") from exc
    if response.status_code != 200:
        raise ConfigError(
            f"GET {base}/v1/capabilities answered HTTP {response.status_code}; the suite needs it "
            "to know which modules to test"
        )
    try:
        capabilities = response.json()
        modules = {str(m["id"]) for m in capabilities["modules"]}
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"GET {base}/v1/capabilities is not a capabilities document: {exc}") from exc
    notes: list[str] = []
    tokens = Tokens(
        token=without_bearer("--token", args.token, notes) or "",
        other=without_bearer("--other-token", args.other_token, notes),
        reader=without_bearer("--read-only-token", args.read_only_token, notes),
        notes=notes,
    )

    def send(method: str, path: str, token: str) -> httpx.Response:
        headers = {"Accept": "application/json", "Authorization": f"Bearer {token}"}
        try:
            return httpx.request(
                method,
                f"{base}{path}",
                headers=headers,
                json={} if method == "POST" else None,
                timeout=args.timeout,
                verify=tls(),
            )
        except httpx.HTTPError as exc:
            raise ConfigError(f"cannot reach {base}: {exc}") from exc

    check_tokens(tokens, send, modules)
    args.token, args.other_token, args.read_only_token = tokens.token, tokens.other, tokens.reader
    for note in notes:
        print(f"sos-conformance: note: {note}")
    return {"capabilities": capabilities, "modules": modules}


def run(args: argparse.Namespace) -> int:
    if args.worker:
        return parallel.worker(args.worker, _checks_dir())
    if args.verify:
        problems = evidence.verify(args.verify, args.public_key)
        for problem in problems:
            print(f"sos-conformance: {problem}", file=sys.stderr)
        signed = " and signed by that key" if args.public_key else ""
        print(f"{'NOT VERIFIED' if problems else 'VERIFIED'}: {args.verify} as its run wrote it{signed}")
        return 1 if problems else 0
    contract = load_contract()
    if args.coverage or args.coverage_json:
        tests = collect(contract)
        if args.coverage_json:
            rows = [
                {
                    "check": t.check_id,
                    "test": t.nodeid,
                    "area": t.area,
                    "modules": t.modules,
                    "requirements": t.requirements,
                }
                for t in tests
            ]
            sys.stdout.write(json.dumps(rows, indent=1) + "\n")
        else:
            sys.stdout.write(coverage_markdown(contract, tests))
        return 0
    try:
        if args.sign_key is not None:
            evidence.signing_key(args.sign_key)
        check_filters(args, contract)
        unchecked = contract.unchecked_formats()
        if unchecked:
            raise ConfigError(
                f"this installation cannot check the contract's {', '.join(unchecked)} values, so they "
                "would pass unchecked: install the suite with its dependencies (pip install ./contract_tests)"
            )
        found = preflight(args)
    except ConfigError as exc:
        print(f"sos-conformance: configuration problem: {exc}", file=sys.stderr)
        return 2
    run_id = f"CONFORMANCE-{datetime.now(UTC):%Y%m%d%H%M%S}-{uuid.uuid4().hex[:4]}"
    settings = Settings(
        base_url=args.base_url.rstrip("/"),
        token=args.token,
        other_token=args.other_token,
        read_only_token=args.read_only_token,
        report_dir=args.report_dir,
        only=list(args.only),
        level=args.level,
        claimed=found["modules"],
        run_id=run_id,
        capabilities=found["capabilities"],
        timeout=args.timeout,
        record_types=list(args.record_types),
        requirements=list(args.requirement),
    )
    print(f"sos-conformance {__version__}: {settings.base_url}, contract {contract.version}, run {run_id}")
    print(
        f"  modules claimed: {', '.join(sorted(settings.claimed)) or 'none'}"
        + (f"; areas: {', '.join(settings.only)}" if settings.only else "")
    )
    plugin = ConformancePlugin(settings, contract)
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    started = time.monotonic()
    groups = parallel.groups_for(settings, AREAS, args.jobs)
    if len(groups) > 1:
        print(f"  {len(groups)} workers at once: " + "; ".join(", ".join(g) for g in groups))
        code = parallel.run_split(plugin, groups)
    else:
        code = parallel.run_here(plugin, _checks_dir())
    elapsed = time.monotonic() - started
    if code not in (0, 1, 5):
        print(f"sos-conformance: the checks could not run (pytest exit {code})", file=sys.stderr)
        return 2
    verdicts = plugin.verdicts()
    failed_must = [v["id"] for v in verdicts if v["verdict"] == "fail" and v["level"] == "MUST"]
    exit_code = 1 if failed_must else 0
    incomplete = incomplete_because(settings, verdicts)
    meta = {
        "run_id": run_id,
        "suite_version": __version__,
        "contract_version": contract.version,
        "catalogue_version": contract.catalogue.get("catalogue_version"),
        "system_under_test": args.system_name or settings.base_url,
        "base_url": settings.base_url,
        "run_by": args.run_by or "not given (--run-by)",
        "system_contract_version": found["capabilities"].get("contract_version"),
        "modules_claimed": ", ".join(sorted(settings.claimed)),
        "areas": ", ".join(settings.only) or "all",
        "record_types": ", ".join(settings.record_types) or "all",
        "requirements_asked": ", ".join(settings.requirements) or "all",
        "level": args.level,
        "complete": not incomplete,
        "incomplete_because": incomplete,
        "started_at": started_at,
        "seconds": round(elapsed, 2),
        "exit_code": exit_code,
    }
    paths = write_reports(
        settings.report_dir, meta, verdicts, plugin.test_rows(), junit_per_check=args.junit_per_check
    )
    written = evidence.write_manifest(settings.report_dir, meta, paths, args.sign_key)
    paths.update(zip(("manifest", "signature"), written, strict=False))
    counts = summary(verdicts)
    print("  requirements: " + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items() if n))
    for v in verdicts:
        if v["verdict"] == "fail":
            first = v["failures"][0] if v["failures"] else {}
            print(
                f"  FAIL {v['id']} ({v['level']}) {first.get('test', '')}: expected {first.get('expected')}"
                f" | got {' '.join(str(first.get('actual', '')).split())[:200]}"
            )
    for label, path in paths.items():
        print(f"  {label} report: {path}")
    print(
        f"  {'FAILED' if exit_code else 'PASSED'} in {elapsed:.1f}s"
        + (f": MUST requirements failed: {', '.join(failed_must)}" if failed_must else "")
        + (f"; INCOMPLETE: {'; '.join(incomplete)}" if incomplete else "")
    )
    return exit_code


def above_zero(kind: Callable[[str], float]) -> Callable[[str], float]:
    """An option's type: a number above zero (argparse refuses anything else, exit 2, saying so)."""

    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"{text} is not above zero")
        return value

    parse.__name__ = kind.__name__
    return parse


def check_filters(args: argparse.Namespace, contract: Contract) -> None:
    """Requirement ids (any case) and record type names the contract does not have are a configuration
    problem: a typo would otherwise run nothing and pass."""
    known = {str(r["id"]) for r in contract.catalogue.get("requirements", [])}
    args.requirement = [r.upper() for r in args.requirement]
    unknown = [r for r in args.requirement if r not in known]
    if unknown:
        raise ConfigError(f"--requirement {', '.join(unknown)}: not in the catalogue (see --coverage)")
    names = sorted(kind.name for kind in kinds_of(contract))
    unknown = [r for r in args.record_types if r not in names]
    if unknown:
        raise ConfigError(f"--record-types {', '.join(unknown)}: the record types are {', '.join(names)}")


def incomplete_because(settings: Settings, verdicts: list[dict[str, Any]]) -> list[str]:
    """Why a run does not speak for the whole suite: what its options left out, and the claimed MUST
    requirements it had to skip. A run with none of these is complete; the reports say which."""
    reasons = [
        f"{what} only: {', '.join(chosen)}"
        for what, chosen in (
            ("areas", settings.only),
            ("record types", settings.record_types),
            ("requirements", settings.requirements),
            ("levels", ["MUST"] if settings.level == "must" else []),
        )
        if chosen
    ]
    skipped = [v["id"] for v in verdicts if v["level"] == "MUST" and v["verdict"] == "skip"]
    if skipped:
        reasons.append(f"claimed MUST requirements skipped: {', '.join(skipped)}")
    return reasons


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return run(args)


def entry() -> None:
    sys.exit(main())
