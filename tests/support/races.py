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
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

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


def marking_while_naming(
    base: str, token: str, marking: tuple[str, str], naming: tuple[str, dict[str, Any]]
) -> tuple[Counter[int], Counter[int]]:
    """Half the clients mark a record entered in error (``marking``: its path and ETag), the other half
    create records naming it (``naming``: path and body). Returns the answers of each half, checked to
    be only what such a race may answer: one marking at most (the others 409, named by then, or 412,
    changed), creates saved or refused, and any 503 saying when to come back."""
    path, etag = marking

    def send(http: httpx.Client, i: int) -> httpx.Response:
        if i % 2:
            return http.post(naming[0], json=naming[1])
        reason = {"reason": "Recorded on the wrong case."}
        return http.post(f"{path}/entered-in-error", json=reason, headers={"If-Match": etag})

    responses = race(base, token, send)
    markings, namings = statuses(responses[0::2]), statuses(responses[1::2])
    assert set(markings) <= {200, 409, 412, 503} and markings[200] <= 1, markings
    assert set(namings) <= {201, 422, 503}, namings
    busy_ones_say_when(responses)
    return markings, namings


def never_both(
    db: Any, marked: tuple[Any, str], naming: tuple[Any, str], markings: Counter[int], namings: Counter[int]
) -> None:
    """After :func:`marking_while_naming`: the record marked (``marked``: its model and id) and the
    records naming it (``naming``: their model and the case they stand in) as the database has them.
    Every create answered 201 stands, the record is marked exactly when a marking was answered 200, and
    never is it marked while a record names it."""
    model, record_id = marked
    named, case_id = naming
    status = db.scalar(select(model.status).where(model.id == uuid.UUID(record_id)))
    in_case = (named.case_id == uuid.UUID(case_id), named.status == "active")
    standing = db.scalar(select(func.count()).where(*in_case))
    db.rollback()
    assert standing == namings[201], (standing, namings)
    assert (status == "entered_in_error") == (markings[200] == 1), (status, markings)
    assert not (status == "entered_in_error" and standing), (status, standing)
