"""Running the conformance suite (``sos-conformance``) against the reference service over real HTTP.

The service runs in this process (uvicorn in a background thread, on a free 127.0.0.1 port) on
the test run's database; the suite runs as a separate process, exactly as a supplier runs it, so
nothing of the suite is imported here and nothing of the service is imported by the suite.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SUITE_SRC = ROOT / "contract_tests"


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


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """Serve ``app`` over HTTP on a free local port for the duration of the block."""
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
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


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
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)
    report_file = report_dir / "conformance-report.json"
    report = json.loads(report_file.read_text()) if report_file.exists() else {}
    return SuiteRun(done.returncode, done.stdout, done.stderr, report, report_dir)


@pytest.fixture()
def reference_app(migrated: str) -> Any:
    """A fresh app built after any monkeypatching the test has done."""

    def build() -> Any:
        from service.main import create_app

        return create_app()

    return build
