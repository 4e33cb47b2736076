"""The pytest plugin that turns test outcomes into per-requirement verdicts.

Each test names the requirement(s) it verifies (``@requirement("SOS-HTTP-003")``), its area and
the capability modules it needs. Tests of a module the system does not claim are reported
"not claimed", apart from failures; ``--only`` and ``--level`` choose which tests run.
"""

from __future__ import annotations

import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

import httpx
import pytest

from sos_conformance.client import ConformanceFailure, Recorder, trim
from sos_conformance.contract import Contract

PLUGIN_NAME = "sos_conformance"
PLUGIN_KEY = pytest.StashKey["ConformancePlugin"]()
NOT_CLAIMED = "not claimed: "


def requirement(*ids: str) -> pytest.MarkDecorator:
    """``@requirement("SOS-HTTP-003")``: the requirements a check verifies (made when the check is
    collected, so importing this module never touches another pytest session's marker settings)."""
    return pytest.mark.requirement(*ids)


NO_CHECK_ID = "SOS-CHK-UNASSIGNED"


def area(name: str, *modules: str) -> list[pytest.MarkDecorator]:
    """Module-level ``pytestmark`` for a test file: its area and the capability modules its tests
    need (none for discovery, which every system must serve)."""
    return [pytest.mark.area(name), pytest.mark.modules(*modules)]


@dataclass
class Settings:
    base_url: str
    token: str
    other_token: str | None
    read_only_token: str | None
    report_dir: Path
    only: list[str]
    level: str
    claimed: set[str]
    run_id: str
    capabilities: dict[str, Any] = field(default_factory=dict)
    timeout: float = 30.0
    record_types: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)
    skip_areas: list[str] = field(default_factory=list)  # a worker of a split run: areas others run


@dataclass
class TestInfo:
    nodeid: str
    name: str
    check_id: str
    area: str
    modules: list[str]
    requirements: list[str]
    doc: str


@dataclass
class TestResult:
    info: TestInfo
    outcome: str = "pending"  # passed, failed, skipped, not_claimed
    reason: str = ""
    duration: float = 0.0
    failure: dict[str, Any] | None = None


def check_id(item: pytest.Item) -> str:
    """The check's stable id from its ``check`` marker; a generated (parametrized) check adds the
    parameter it was made for, so ``SOS-CHK-GEN-001[cases]`` names one record type's check."""
    mark = item.get_closest_marker("check")
    base = str(mark.args[0]) if mark and mark.args else NO_CHECK_ID
    callspec = getattr(item, "callspec", None)
    return f"{base}[{callspec.id}]" if callspec is not None else base


def test_info(item: pytest.Item) -> TestInfo:
    reqs: list[str] = []
    for mark in item.iter_markers("requirement"):
        reqs.extend(str(a) for a in mark.args)
    area_mark = item.get_closest_marker("area")
    modules_mark = item.get_closest_marker("modules")
    func = getattr(item, "function", None)
    doc = " ".join(((func.__doc__ if func else None) or "").split())
    return TestInfo(
        nodeid=item.nodeid,
        name=item.name,
        check_id=check_id(item),
        area=str(area_mark.args[0]) if area_mark else "unassigned",
        modules=[str(m) for m in modules_mark.args] if modules_mark else ["core"],
        requirements=sorted(set(reqs)),
        doc=doc,
    )


class ConformancePlugin:
    def __init__(
        self,
        settings: Settings | None,
        contract: Contract,
        *,
        out: TextIO | None = None,
        collect_only: bool = False,
    ) -> None:
        self.settings = settings
        self.contract = contract
        self.out = out if out is not None else sys.stdout
        self.collect_only = collect_only
        self.recorder = Recorder()
        self.results: dict[str, TestResult] = {}
        self.collected: list[TestInfo] = []
        # The requirement ids of check files this run did not collect (a run of some areas).
        self.elsewhere: set[str] = set()
        self._area: str | None = None
        self._done = 0

    def pytest_configure(self, config: pytest.Config) -> None:
        config.stash[PLUGIN_KEY] = self
        if not hasattr(config.option, "tbstyle"):
            # pytest formats a failed check's traceback for its own report, which the suite does not
            # use (its evidence is the exchange and the expectation): the source of every frame,
            # parsed for each failure, unless the style is one line. The terminal plugin, left out
            # of a run, is what adds the option.
            config.option.tbstyle = "line"

    # -- selection ---------------------------------------------------------------------------
    def _selected(self, info: TestInfo) -> bool:
        if self.settings is None:
            return True
        if self.settings.only and info.area not in self.settings.only:
            return False
        if info.area in self.settings.skip_areas:
            return False
        record_type = info.check_id.split("[", 1)[1].rstrip("]") if "[" in info.check_id else None
        if (
            self.settings.record_types
            and info.area == "record-types"
            and record_type not in self.settings.record_types
        ):
            return False
        if self.settings.requirements and not set(info.requirements) & set(self.settings.requirements):
            return False
        if self.settings.level == "must":
            return any(
                self.contract.requirements.get(r) and self.contract.requirements[r].level == "MUST"
                for r in info.requirements
            )
        return True

    def pytest_collection_modifyitems(
        self, session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        keep, drop = [], []
        for item in items:
            info = test_info(item)
            self.collected.append(info)
            if not self._selected(info):
                drop.append(item)
                continue
            keep.append(item)
            self.results[item.nodeid] = TestResult(info)
            if self.settings is not None:
                missing = [m for m in info.modules if m not in self.settings.claimed]
                if missing:
                    item.add_marker(
                        pytest.mark.skip(
                            reason=f"{NOT_CLAIMED}GET /v1/capabilities does not list module "
                            f"{', '.join(missing)}"
                        )
                    )
        if drop:
            config.hook.pytest_deselected(items=drop)
        items[:] = keep

    # -- running -----------------------------------------------------------------------------
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        self.recorder.exchanges.clear()

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[Any]) -> Any:
        outcome = yield
        report = outcome.get_result()
        result = self.results.get(item.nodeid)
        if result is None:
            return
        result.duration += report.duration
        if (
            report.when == "call"
            or (report.when == "setup" and not report.passed)
            or (report.when == "teardown" and report.failed and result.outcome != "failed")
        ):
            if report.skipped:
                reason = _skip_reason(report)
                result.outcome = "not_claimed" if reason.startswith(NOT_CLAIMED) else "skipped"
                result.reason = reason.removeprefix(NOT_CLAIMED)
            elif report.failed:
                result.outcome = "failed"
                result.failure = self._failure(call.excinfo)
                result.reason = result.failure["actual"][:300]
            else:
                result.outcome = "passed"
            if report.when != "teardown":
                self._progress(result)

    def _failure(self, excinfo: Any) -> dict[str, Any]:
        value = excinfo.value if excinfo is not None else None
        exchange = getattr(value, "exchange", None)
        if exchange is None and not isinstance(value, httpx.TransportError):
            exchange = self.recorder.last  # a bare assert: the exchange just before it is the evidence
        # A request that got no answer has no exchange of its own; an earlier one is not its evidence.
        if exchange is not None and exchange.operation is None:
            op = self.contract.operation(exchange.method, exchange.path)
            exchange.operation = op.operation_id if op else None
        if isinstance(value, ConformanceFailure):
            expected, actual = value.expected, value.actual
        else:
            expected = "the check to complete"
            actual = trim(f"{type(value).__name__}: {value}", 800) if value is not None else "an error"
        return {
            "expected": expected,
            "actual": trim(actual, 1200),
            "operation": (exchange.operation or exchange.path) if exchange else None,
            "request": exchange.request_line if exchange else None,
            "request_body": exchange.request_body if exchange else None,
            "response_status": exchange.status if exchange else None,
            "evidence": exchange.describe() if exchange else None,
        }

    def _progress(self, result: TestResult) -> None:
        self._done += 1
        if self.collect_only:
            return
        symbol = {"passed": ".", "failed": "F", "skipped": "s", "not_claimed": "n"}.get(result.outcome, "?")
        if result.info.area != self._area:
            if self._area is not None:
                self.out.write("\n")
            self._area = result.info.area
            self.out.write(f"  {self._area:<16} ")
        self.out.write(symbol)
        self.out.flush()

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self._area is not None:
            self.out.write("\n")

    # -- verdicts ----------------------------------------------------------------------------
    def verdicts(self) -> list[dict[str, Any]]:
        by_req: dict[str, list[TestResult]] = {}
        for result in self.results.values():
            for req in result.info.requirements:
                by_req.setdefault(req, []).append(result)
        covered = {r for info in self.collected for r in info.requirements} | self.elsewhere
        out = []
        for req in self.contract.requirements.values():
            if self.settings is not None and self.settings.level == "must" and req.level != "MUST":
                continue
            tests = by_req.get(req.id, [])
            if not tests:
                verdict, reason = (
                    ("not_run", "filtered out by --only/--level")
                    if req.id in covered
                    else ("untested", "no test in this suite version")
                )
            elif any(t.outcome == "failed" for t in tests):
                verdict, reason = "fail", ""
            elif any(t.outcome == "passed" for t in tests):
                verdict, reason = "pass", ""
            elif all(t.outcome == "not_claimed" for t in tests):
                verdict, reason = "not_claimed", tests[0].reason
            else:
                verdict = "skip"
                reason = "; ".join(
                    sorted({t.reason for t in tests if t.outcome in ("skipped", "not_claimed")})
                )
            out.append(
                {
                    "id": req.id,
                    "level": req.level,
                    "area": req.area,
                    "text": req.text,
                    "verdict": verdict,
                    "reason": reason,
                    "tests": [t.info.check_id for t in tests],
                    "failures": [
                        {"check": t.info.check_id, "test": t.info.name, **(t.failure or {})}
                        for t in tests
                        if t.outcome == "failed"
                    ],
                }
            )
        return out

    def test_rows(self) -> list[dict[str, Any]]:
        return [
            {
                **asdict(r.info),
                "outcome": r.outcome,
                "reason": r.reason,
                "duration": round(r.duration, 3),
                "failure": r.failure,
            }
            for r in self.results.values()
        ]


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def get_plugin(config: pytest.Config) -> ConformancePlugin:
    plugin = config.stash.get(PLUGIN_KEY, None)
    if plugin is None or plugin.settings is None:
        pytest.skip("run the checks with the sos-conformance command")
    return plugin
