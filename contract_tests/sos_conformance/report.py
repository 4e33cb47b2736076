"""The three reports: JSON (machine-readable), JUnit XML (CI) and one self-contained HTML page."""

from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

ROW_CLASS = {"passed": "pass", "failed": "fail", "skipped": "skip"}
VERDICT_ORDER = ("fail", "pass", "skip", "not_claimed", "not_run", "untested")


def summary(verdicts: list[dict[str, Any]]) -> dict[str, int]:
    counts = Counter(v["verdict"] for v in verdicts)
    return {k: counts.get(k, 0) for k in VERDICT_ORDER}


def write_reports(
    directory: Path,
    meta: dict[str, Any],
    verdicts: list[dict[str, Any]],
    tests: list[dict[str, Any]],
    *,
    junit_per_check: bool = False,
) -> dict[str, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = {
        "json": directory / "conformance-report.json",
        "summary": directory / "conformance-summary.json",
        "junit": directory / "conformance-junit.xml",
        "html": directory / "conformance-report.html",
    }
    document = {**meta, "summary": summary(verdicts), "requirements": verdicts, "tests": tests}
    paths["json"].write_text(json.dumps(document, indent=2), encoding="utf-8")
    paths["summary"].write_text(json.dumps(dashboard(meta, verdicts, tests), indent=2), encoding="utf-8")
    paths["junit"].write_bytes(junit_checks(meta, tests) if junit_per_check else junit(meta, verdicts))
    paths["html"].write_text(render_html(meta, verdicts, tests), encoding="utf-8")
    return paths


def dashboard(
    meta: dict[str, Any], verdicts: list[dict[str, Any]], tests: list[dict[str, Any]]
) -> dict[str, Any]:
    """The short JSON a dashboard reads: the run, the counts, and what failed (requirements and checks)."""
    return {
        "result": "failed" if meta.get("exit_code") == 1 else "passed",
        "complete": meta.get("complete"),
        "incomplete_because": meta.get("incomplete_because"),
        "system_under_test": meta.get("system_under_test"),
        "contract_version": meta.get("contract_version"),
        "suite_version": meta.get("suite_version"),
        "run_id": meta.get("run_id"),
        "run_by": meta.get("run_by"),
        "started_at": meta.get("started_at"),
        "seconds": meta.get("seconds"),
        "requirements": summary(verdicts),
        "checks": dict(Counter(t["outcome"] for t in tests)),
        "failed_requirements": [
            {"id": v["id"], "level": v["level"], "checks": [f["check"] for f in v["failures"]]}
            for v in verdicts
            if v["verdict"] == "fail"
        ],
    }


def _suites(root: ET.Element, rows: list[dict[str, Any]], outcome_key: str) -> dict[str, ET.Element]:
    areas: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        areas.setdefault(row["area"], []).append(row)
    suites = {}
    for area_name, members in areas.items():
        counts = Counter(r[outcome_key] for r in members)
        suites[area_name] = ET.SubElement(
            root,
            "testsuite",
            name=area_name,
            tests=str(len(members)),
            failures=str(counts["failed"] + counts["fail"]),
            skipped=str(len(members) - counts["failed"] - counts["fail"] - counts["passed"] - counts["pass"]),
            errors="0",
        )
    return suites


def junit(meta: dict[str, Any], verdicts: list[dict[str, Any]]) -> bytes:
    """One test case per requirement (its verdict), with the checks that decided it as properties."""
    root = ET.Element("testsuites", name=f"sos-conformance {meta.get('run_id', '')}")
    suites = _suites(root, verdicts, "verdict")
    for v in verdicts:
        case = ET.SubElement(
            suites[v["area"]], "testcase", classname=f"sos_conformance.{v['area']}", name=v["id"]
        )
        props = ET.SubElement(case, "properties")
        ET.SubElement(props, "property", name="level", value=v["level"])
        for check_id in v["tests"]:
            ET.SubElement(props, "property", name="check", value=check_id)
        if v["verdict"] == "fail":
            first = v["failures"][0] if v["failures"] else {}
            node = ET.SubElement(
                case, "failure", message=f"{first.get('check', '')}: expected {first.get('expected')}"
            )
            node.text = f"actual: {first.get('actual')}\n\n{first.get('evidence') or ''}"
        elif v["verdict"] != "pass":
            ET.SubElement(case, "skipped", message=f"{v['verdict'].replace('_', ' ')}: {v['reason']}")
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


def junit_checks(meta: dict[str, Any], tests: list[dict[str, Any]]) -> bytes:
    """``--junit-per-check``: one test case per check, named by its stable id, so a CI system keeps
    each check's history even when a function is renamed."""
    root = ET.Element("testsuites", name=f"sos-conformance {meta.get('run_id', '')}")
    suites = _suites(root, tests, "outcome")
    for r in tests:
        case = ET.SubElement(
            suites[r["area"]],
            "testcase",
            classname=f"sos_conformance.{r['area']}",
            name=r["check_id"],
            time=f"{r['duration']:.3f}",
        )
        props = ET.SubElement(case, "properties")
        ET.SubElement(props, "property", name="test", value=r["name"])
        for req in r["requirements"]:
            ET.SubElement(props, "property", name="requirement", value=req)
        if r["outcome"] == "failed":
            f = r["failure"] or {}
            node = ET.SubElement(
                case, "failure", message=f"[{', '.join(r['requirements'])}] expected {f.get('expected')}"
            )
            node.text = f"actual: {f.get('actual')}\n\n{f.get('evidence') or ''}"
        elif r["outcome"] in ("skipped", "not_claimed"):
            label = "not claimed" if r["outcome"] == "not_claimed" else "skipped"
            ET.SubElement(case, "skipped", message=f"{label}: {r['reason']}")
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#1b1b1b;
max-width:1200px}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}table{border-collapse:collapse;width:100%}
th,td{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}
th{background:#f3f3f3}.v{font-weight:600;white-space:nowrap}
.fail{background:#fde2e1}.pass{background:#e3f4e1}.skip{background:#fff4d6}.not_claimed{background:#e8eef9}
.incomplete{background:#fff4d6;padding:.3em}
.not_run,.untested{background:#f1f1f1}pre{white-space:pre-wrap;word-break:break-word;background:#f7f7f7;
padding:.5rem;border:1px solid #ddd;font-size:.8rem;max-height:30rem;overflow:auto}
.cards span{display:inline-block;margin-right:1rem;padding:.4rem .8rem;border-radius:4px}
.failure{border-left:4px solid #c0392b;padding-left:1rem;margin-bottom:1.5rem}
"""


def _e(value: Any) -> str:
    return html.escape(str(value if value is not None else ""))


def _anchor(check_id: str) -> str:
    return "failure-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in check_id)


def _check_links(check_ids: list[str], failed: set[str]) -> str:
    return ", ".join(f'<a href="#{_anchor(c)}">{_e(c)}</a>' if c in failed else _e(c) for c in check_ids)


def _failure_block(t: dict[str, Any]) -> str:
    f = t["failure"] or {}
    return (
        f'<div class="failure" id="{_anchor(t["check_id"])}"><h3>{_e(t["check_id"])}: '
        f"{_e(', '.join(t['requirements']))} ({_e(t['name'])})</h3>"
        f"<p>{_e(t['doc'])}</p><table>"
        f"<tr><th>Requirement</th><td>{_e(', '.join(t['requirements']))}</td></tr>"
        f"<tr><th>Operation</th><td>{_e(f.get('operation'))}</td></tr>"
        f"<tr><th>Expected</th><td>{_e(f.get('expected'))}</td></tr>"
        f"<tr><th>Actual</th><td>{_e(f.get('actual'))}</td></tr>"
        f"<tr><th>Request</th><td><code>{_e(f.get('request'))}</code>"
        f"{'<pre>' + _e(f.get('request_body')) + '</pre>' if f.get('request_body') else ''}</td></tr>"
        f"<tr><th>Response</th><td><pre>{_e(f.get('evidence'))}</pre></td></tr></table></div>"
    )


HEADLINE = (
    ("System under test", "system_under_test"),
    ("Base URL", "base_url"),
    ("Contract version", "contract_version"),
    ("Date", "started_at"),
    ("Run by", "run_by"),
    ("Suite version", "suite_version"),
)


def _incomplete(meta: dict[str, Any]) -> str:
    """A warning that the run does not speak for the whole suite, saying why; nothing for a full run."""
    reasons = meta.get("incomplete_because") or []
    if not reasons:
        return ""
    items = "".join(f"<li>{_e(r)}</li>" for r in reasons)
    warning = "<strong>INCOMPLETE:</strong> not a run of the whole suite"
    return f'<p class="incomplete">{warning}:</p><ul>{items}</ul>'


def render_html(meta: dict[str, Any], verdicts: list[dict[str, Any]], tests: list[dict[str, Any]]) -> str:
    counts = summary(verdicts)
    failed = {t["check_id"] for t in tests if t["outcome"] == "failed"}
    cards = "".join(f'<span class="{k}">{k.replace("_", " ")}: {n}</span>' for k, n in counts.items())
    rows = "".join(
        f'<tr class="{v["verdict"]}"><td>{_e(v["id"])}</td><td>{_e(v["level"])}</td><td>{_e(v["area"])}</td>'
        f'<td class="v">{_e(v["verdict"].replace("_", " "))}</td><td>{_e(v["text"])}'
        f"{'<br><em>' + _e(v['reason']) + '</em>' if v['reason'] else ''}</td>"
        f"<td>{_check_links(v['tests'], failed)}</td></tr>"
        for v in sorted(verdicts, key=lambda v: (VERDICT_ORDER.index(v["verdict"]), v["id"]))
    )
    failures = [_failure_block(t) for t in tests if t["outcome"] == "failed"]
    test_rows = "".join(
        f'<tr class="{ROW_CLASS.get(t["outcome"], t["outcome"])}">'
        f"<td>{_check_links([t['check_id']], failed)}</td><td>{_e(t['area'])}</td><td>{_e(t['name'])}</td>"
        f"<td>{_e(', '.join(t['requirements']))}</td>"
        f'<td class="v">{_e(t["outcome"].replace("_", " "))}</td><td>{_e(t["reason"])}</td></tr>'
        for t in tests
    )
    headline = "".join(f"<tr><th>{label}</th><td>{_e(meta.get(key))}</td></tr>" for label, key in HEADLINE)
    shown = {key for _, key in HEADLINE}
    info = "".join(
        f"<tr><th>{_e(k.replace('_', ' '))}</th><td>{_e(v)}</td></tr>"
        for k, v in meta.items()
        if not isinstance(v, dict | list) and k not in shown
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Conformance report {_e(meta.get("run_id"))}</title>
<style>{CSS}</style></head><body>
<h1>Signs of Safety API conformance report: {_e(meta.get("system_under_test"))}</h1>
<table>{headline}</table>
<p><strong>Result: {"FAILED" if meta.get("exit_code") == 1 else "PASSED"}</strong>
 (every claimed MUST requirement must pass)</p>{_incomplete(meta)}
<div class="cards">{cards}</div>
<h2>Run</h2><table>{info}</table>
<h2>Requirements</h2>
<table><tr><th>ID</th><th>Level</th><th>Area</th><th>Verdict</th><th>Requirement</th><th>Checks</th></tr>{rows}</table>
<h2>Failures</h2>{"".join(failures) or "<p>None.</p>"}
<h2>Checks</h2>
<table><tr><th>Check</th><th>Area</th><th>Test</th><th>Requirements</th><th>Outcome</th><th>Reason</th></tr>{test_rows}</table>
</body></html>
"""
