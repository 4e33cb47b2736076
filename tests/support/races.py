"""Races against real service processes: ``sos-reference serve --workers 2`` on the run's database, and
``CLIENTS`` clients released at the same moment. The ``two_processes`` fixture (tests/conftest.py) starts
the service once per test module."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx

CLIENTS = 20
"""How many clients race: each on its own connection, released at the same moment."""
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_two_processes(migrated: str) -> Iterator[str]:
    """``sos-reference serve --workers 2`` on the run's database, as a deployment runs it."""
    port = _free_port()
    # Races, not back-pressure, are under test: a long queue wait and statement limit, so that a busy
    # machine answers every racer (a 503 would be a racer that never ran, and prove nothing about the
    # rule).
    env = {
        **os.environ,
        "DATABASE_URL": migrated,
        "SOS_RATE_LIMIT_PER_SECOND": "0",
        "SOS_QUEUE_SECONDS": "60",
        "SOS_STATEMENT_SECONDS": "120",
    }
    command = [sys.executable, "-m", "service.ops.cli", "serve", "--port", str(port), "--workers", "2"]
    server = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120  # two processes importing the app on a busy machine
        while True:
            try:
                if httpx.get(f"{base}/v1/capabilities", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, "the service did not start"
            time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(15)


def race(base: str, token: str, send: Callable[[httpx.Client, int], httpx.Response]) -> list[httpx.Response]:
    """``CLIENTS`` clients, each on its own connection, released at the same moment."""
    start = threading.Barrier(CLIENTS)
    results: list[Any] = [None] * CLIENTS

    def client(i: int) -> None:
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60) as http:
            start.wait()
            results[i] = send(http, i)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def statuses(responses: list[httpx.Response]) -> Counter[int]:
    return Counter(r.status_code for r in responses)


def busy_ones_say_when(responses: list[httpx.Response]) -> None:
    """Every racer answered 503 (its unit lost its lock races five times over, nothing of it saved)
    says when to send it again (``Retry-After``)."""
    for busy in (r for r in responses if r.status_code == 503):
        assert busy.headers.get("Retry-After"), busy.text
