"""Running the conformance suite (``sos-conformance``) against the reference service over real HTTP.

The service runs in this process (uvicorn in a background thread, on a free 127.0.0.1 port, one
server per process serving each test's freshly built app) on the test run's database. The suite
talks to it over that socket, as it does to a supplier's system.
It runs in one of two ways:

- :func:`run_suite` starts the command as a supplier does (``python -m sos_conformance`` in a child
  process, its worker processes included), for the whole run and the command's own behaviour;
- :func:`run_checks` calls the same command (``sos_conformance.cli.main``) in this process, for the
  many short runs (a broken variant's few checks): no interpreter to start and no suite to import
  and collect each time, which was most of a short run's cost. The suite still imports nothing of
  the service (test_suite.py checks), and the service nothing of the suite.
"""

from __future__ import annotations

import ast
import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SUITE_SRC = ROOT / "contract_tests"

# The suite's pytest (in this process) and the server's thread both call ast.parse: pytest to show
# a failing check's source, the traceback module (Python 3.11) to underline the failing part of a
# line when the server logs an exception. On CPython 3.11 two threads making AST objects at once
# can fail with "SystemError: AST constructor recursion depth mismatch"; one at a time, they cannot.
_AST_LOCK = threading.RLock()
_ast_parse = ast.parse


def _parse_one_at_a_time(*args: Any, **kwargs: Any) -> Any:
    with _AST_LOCK:
        return _ast_parse(*args, **kwargs)


ast.parse = _parse_one_at_a_time


@dataclass
class SuiteRun:
    exit_code: int
    stdout: str
    stderr: str
    report: dict[str, Any]
    report_dir: Path

    def verdicts(self, verdict: str) -> set[str]:
        return {r["id"] for r in self.report.get("requirements", []) if r["verdict"] == verdict}

    @property
    def failed(self) -> set[str]:
        return self.verdicts("fail")

    def explain(self) -> str:
        return f"exit {self.exit_code}\n{self.stdout[-3000:]}\n{self.stderr[-3000:]}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Switch:
    """The ASGI app the process's one server serves: whichever app the running test put in it, and
    the requests it answered with a 5xx."""

    def __init__(self) -> None:
        self.app: Any = None
        self.crashed: list[str] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if self.app is None:
            raise RuntimeError("no test is serving an app now")

        async def noting_crashes(message: Any) -> None:
            if message["type"] == "http.response.start" and message["status"] >= 500:
                self.crashed.append(f"{scope['method']} {scope['path']}: {message['status']}")
            await send(message)

        await self.app(scope, receive, noting_crashes if scope["type"] == "http" else send)


_SERVER: tuple[_Switch, str] | None = None


def _start(app: Any) -> str:
    """uvicorn serving ``app`` on a free local port in a background thread, for the process's life."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, name=f"reference-service-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the reference service did not start")
        time.sleep(0.01)
    return f"http://127.0.0.1:{port}"


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """Serve ``app`` over HTTP for the duration of the block; it must answer no request with a 5xx.

    One real server (uvicorn, on a free 127.0.0.1 port) per process, started on first use, answers
    with ``app`` until the block ends: a test builds its app after its patches, as before, without
    a server to start and stop each time (stopping one took a fifth of a second)."""
    global _SERVER
    if _SERVER is None:
        switch = _Switch()
        _SERVER = (switch, _start(switch))
    switch, base_url = _SERVER
    switch.app, switch.crashed = app, []
    try:
        yield base_url
    finally:
        switch.app = None
    # The suite passes or fails a service by what it records; a check failing on a 500 has shown
    # nothing (a broken variant whose patch crashes the service proves no check).
    assert not switch.crashed, f"the service answered 5xx: {switch.crashed[:5]}"


SUITE_RUN_LIMIT = 900
"""Seconds a whole suite run in a child process may take before it counts as hung: a guard, not a
measure. A run takes about 40 s on two cores of a quick machine; on one a third as fast, under the
load of the other test worker, a run against PostgreSQL took over 120 s (the limit before)."""


def run_suite(
    base_url: str | None, tokens: dict[str, str], report_dir: Path, *args: str, token: str | None = None
) -> SuiteRun:
    """Run ``sos-conformance`` in a child process against ``base_url``."""
    command = [sys.executable, "-m", "sos_conformance", "--report-dir", str(report_dir), *args]
    if base_url is not None:
        command += ["--base-url", base_url]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SUITE_SRC), os.environ.get("PYTHONPATH", "")]),
        "SOS_TOKEN": token or tokens["writer"],
        "SOS_OTHER_TOKEN": tokens["other"],
        "SOS_READ_ONLY_TOKEN": tokens["reader"],
    }
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=SUITE_RUN_LIMIT, check=False
    )
    report_file = report_dir / "conformance-report.json"
    report = json.loads(report_file.read_text()) if report_file.exists() else {}
    return SuiteRun(done.returncode, done.stdout, done.stderr, report, report_dir)


def run_checks(
    base_url: str | None, tokens: dict[str, str], report_dir: Path, *args: str, token: str | None = None
) -> SuiteRun:
    """Run ``sos-conformance`` (the same options, the same command) in this process, one worker."""
    from sos_conformance import cli

    argv = ["--report-dir", str(report_dir), "--jobs", "1", *args]
    if base_url is not None:
        argv += ["--base-url", base_url]
    argv += ["--token", token or tokens["writer"], "--other-token", tokens["other"]]
    argv += ["--read-only-token", tokens["reader"]]
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(argv)
    report_file = report_dir / "conformance-report.json"
    report = json.loads(report_file.read_text()) if report_file.exists() else {}
    return SuiteRun(code, out.getvalue(), err.getvalue(), report, report_dir)


@pytest.fixture()
def reference_app(migrated: str) -> Any:
    """A fresh app built after any monkeypatching the test has done."""

    def build() -> Any:
        from service.main import create_app

        return create_app()

    return build
