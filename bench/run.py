"""Benchmark of the hot paths, as ratios against a bare FastAPI app started in the same run.

For each database (SQLite with one service process; PostgreSQL with two) it starts the real service
(``sos-reference serve``) and, beside it, a bare FastAPI app (``bench/bare_app.py``: one route, no
middleware, no database) under the same uvicorn, then drives both over loopback with wrk (a real
HTTP load generator; ``apt-get install wrk``). The authority is first given generated families
(``sos-reference generate``), so the list page holds 50 real cases.

Scenarios, each with the same wrk settings (``--connections``, default 16):

  bare FastAPI  GET /hello on the bare app: the framework's own speed (the ratio's base)
  capabilities  GET /v1/capabilities: our middleware and error handling, no token, no database
  read          GET /v1/cases/{id}: token, tenancy, the record and its audit event in one commit
  list          GET /v1/cases?limit=50: a page of 50 cases, 50 audit events in one insert
  create        POST /v1/cases with Idempotency-Key: record, history version, audit event, key

Each scenario is measured ``--rounds`` times, each time right after a run of the bare app, and its
ratio is the median of those pairs; the report also gives the lowest and highest of them
("rounds"), since on a shared machine one round can differ from the next by a fifth. Then a
concurrency sweep of the audited read at 1, 16, 64 and 256 connections, each followed by a
GET /v1/capabilities timed from a fresh client (does the service answer at once after the burst?).
Every response's status is counted (a 503 or 429 must carry Retry-After), and wrk's socket errors
(connect, read, write, timeout) are reported.

This is a benchmark, not a test: nothing here passes or fails.

    .venv/bin/python bench/run.py [--seconds 8] [--sweep-seconds 10] [--skip-postgres] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
POSTGRES_SERVER = os.environ.get(
    "SOS_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SWEEP = (1, 16, 64, 256)

# Counts every response by status (and 503/429 without Retry-After); optionally makes each request.
LUA = """
local threads = {}
function setup(thread) table.insert(threads, thread) ; thread:set("tid", #threads) end
function init(args) statuses = {} ; no_retry_after = 0 ; counter = 0 end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if (status == 503 or status == 429) and headers["retry-after"] == nil and headers["Retry-After"] == nil then
    no_retry_after = no_retry_after + 1
  end
end
function done(summary, latency, requests)
  local totals = {}
  local missing = 0
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("statuses")) do totals[k] = (totals[k] or 0) + v end
    missing = missing + t:get("no_retry_after")
  end
  for k, v in pairs(totals) do io.write(string.format("STATUS %d %d\\n", k, v)) end
  io.write(string.format("NO_RETRY_AFTER %d\\n", missing))
end
"""
CREATE = """
request = function()
  counter = counter + 1
  local headers = {}
  headers["Authorization"] = "Bearer %(token)s"
  headers["Content-Type"] = "application/json"
  -- every request its own key: the thread's number and its own count (threads share no state, and
  -- each starts math.random from the same seed, so a random part alone would repeat across threads)
  headers["Idempotency-Key"] = "bench-%(run)s-" .. tostring(tid) .. "-" .. counter
  return wrk.format("POST", "/v1/cases", headers, '{"title": "Bench family", "opened_on": "2025-01-14"}')
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([str(BIN / "sos-reference"), *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"sos-reference {' '.join(args)} failed: {done.stderr.strip()[-500:]}")
    return done.stdout.strip()


@contextmanager
def serving(command: list[str], env: dict[str, str], port: int, probe: str) -> Iterator[str]:
    """Start a server process and wait until ``probe`` answers."""
    server = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(f"{base}{probe}", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            sys.exit(f"{' '.join(command)} did not start")
        yield base
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()


def wrk(
    url: str, seconds: int, connections: int, token: str | None = None, create_token: str = ""
) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(
            LUA + (CREATE % {"token": create_token, "run": secrets.token_hex(4)} if create_token else "")
        )
    threads = min(2, connections)
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "10s",
        "-s",
        script.name,
    ]
    if token:
        cmd += ["-H", f"Authorization: Bearer {token}"]
    try:
        out = subprocess.run([*cmd, url], check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(script.name)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]

    def percentile(p: str) -> float:
        found = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        return float(found.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[found.group(2)] if found else 0.0

    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    statuses = {int(k): int(v) for k, v in re.findall(r"^STATUS (\d+) (\d+)$", out, re.M)}
    return {
        "rps": rate,
        "p50_ms": percentile("50"),
        "p99_ms": percentile("99"),
        "statuses": statuses,
        "non_2xx": sum(v for k, v in statuses.items() if not 200 <= k < 300),
        "no_retry_after": int(re.search(r"^NO_RETRY_AFTER (\d+)$", out, re.M).group(1)),  # type: ignore[union-attr]
        "socket_errors": dict(
            zip(("connect", "read", "write", "timeout"), map(int, sockets.groups()), strict=True)
        )
        if sockets
        else {"connect": 0, "read": 0, "write": 0, "timeout": 0},
    }


def seconds_to_answer(base: str) -> float:
    started = time.perf_counter()
    httpx.get(f"{base}/v1/capabilities", timeout=60)
    return time.perf_counter() - started


def bench_database(name: str, url: str, workers: int, args: argparse.Namespace) -> dict[str, Any]:
    # Rate limits off: one token drives thousands of requests a second here (tests cover the limits).
    env = {**os.environ, "DATABASE_URL": url, "SOS_RATE_LIMIT_PER_SECOND": "0"}
    run_cli(env, "migrate")
    run_cli(env, "generate", "--children", str(args.children), "--seed", str(secrets.randbelow(10**6) + 1))
    token = run_cli(env, "token", "--la", "990", "--subject", f"bench-{name}")
    port, bare_port = free_port(), free_port()
    service = [str(BIN / "sos-reference"), "serve", "--port", str(port), "--workers", str(workers)]
    bare = [
        str(BIN / "python"),
        "-m",
        "uvicorn",
        "bench.bare_app:app",
        "--port",
        str(bare_port),
        "--workers",
        str(workers),
        "--http",  # the service's own HTTP protocol (Nagle off: service/ops/http_protocol.py)
        "service.ops.http_protocol:NoDelayH11Protocol",
        "--no-access-log",
        "--no-server-header",
        "--log-level",
        "warning",
    ]
    with (
        serving(bare, env, bare_port, "/hello") as bare_base,
        serving(service, env, port, "/v1/capabilities") as base,
    ):
        cases = httpx.get(f"{base}/v1/cases?limit=1", headers={"Authorization": f"Bearer {token}"}).json()
        case_id = cases["items"][0]["id"]
        c, s = args.connections, args.seconds
        runs = {
            "GET /v1/capabilities": lambda: wrk(f"{base}/v1/capabilities", s, c),
            "audited GET one case": lambda: wrk(f"{base}/v1/cases/{case_id}", s, c, token),
            "list page of 50 cases": lambda: wrk(f"{base}/v1/cases?limit=50", s, c, token),
            "idempotent audited create": lambda: wrk(f"{base}/v1/cases", s, c, create_token=token),
        }
        bare_runs: list[dict[str, Any]] = []
        scenarios: dict[str, dict[str, Any]] = {}
        for label, run in runs.items():
            # Each scenario beside a fresh run of the bare app, `rounds` times: the ratio is the median
            # of the pairs, so a noisy moment on the machine weighs on both sides of one pair only.
            pairs = []
            for _ in range(args.rounds):
                bare_result, result = wrk(f"{bare_base}/hello", s, c), run()
                bare_runs.append(bare_result)
                pairs.append((result["rps"] / bare_result["rps"], result))
            pairs.sort(key=lambda pair: pair[0])
            ratio, result = pairs[len(pairs) // 2]
            scenarios[label] = {**result, "ratio": ratio, "ratios": [pair[0] for pair in pairs]}
        bare_runs.sort(key=lambda r: r["rps"])
        bare_median = {**bare_runs[len(bare_runs) // 2], "ratio": 1.0, "ratios": [1.0]}
        scenarios = {"bare FastAPI GET /hello": bare_median, **scenarios}
        sweep = {}
        for connections in SWEEP:
            result = wrk(f"{base}/v1/cases/{case_id}", args.sweep_seconds, connections, token)
            result["capabilities_after_s"] = seconds_to_answer(base)
            sweep[connections] = result
    return {"workers": workers, "scenarios": scenarios, "sweep": sweep}


def print_report(name: str, result: dict[str, Any], args: argparse.Namespace) -> None:
    scenarios = result["scenarios"]
    print(f"\n{name}: {result['workers']} service process(es), wrk -c{args.connections} -d{args.seconds}s")
    print(
        f"  {'scenario':<28}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'x bare':>8}{'rounds':>13}{'non-2xx':>9}"
    )
    for label, r in scenarios.items():
        spread = f"{min(r['ratios']):.3f}-{max(r['ratios']):.3f}" if len(r["ratios"]) > 1 else ""
        print(
            f"  {label:<28}{r['rps']:>9.0f}{r['p50_ms']:>9.1f}{r['p99_ms']:>9.1f}"
            f"{r['ratio']:>8.3f}{spread:>13}{r['non_2xx']:>9}"
        )
    print(f"  concurrency sweep, audited GET, {args.sweep_seconds}s each:")
    print(
        f"  {'conns':>7}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}  {'statuses':<28}"
        f"{'socket errors':<22}{'then /cap s':>11}"
    )
    for connections, r in result["sweep"].items():
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(r["statuses"].items()))
        errors = "/".join(str(v) for v in r["socket_errors"].values())
        print(
            f"  {connections:>7}{r['rps']:>9.0f}{r['p50_ms']:>9.1f}{r['p99_ms']:>9.1f}  {statuses:<28}"
            f"{errors:<22}{r['capabilities_after_s']:>11.3f}"
        )
        if r["no_retry_after"]:
            print(f"    {r['no_retry_after']} responses 503/429 without Retry-After")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--sweep-seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3, help="Bare/scenario pairs per scenario (median).")
    parser.add_argument("--children", type=int, default=300, help="Generated children per database.")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--json", type=Path, help="Also write the figures to this file.")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")
    report: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as directory:
        databases = [("sqlite", f"sqlite:///{Path(directory) / 'bench.db'}", 1)]
        pg_name = None
        if not args.skip_postgres:
            server = make_url(POSTGRES_SERVER)
            pg_name = f"sos_bench_{secrets.token_hex(4)}"
            admin = create_engine(server, isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{pg_name}"'))
            databases.append(
                ("postgresql", server.set(database=pg_name).render_as_string(hide_password=False), 2)
            )
        try:
            for name, url, workers in databases:
                report[name] = bench_database(name, url, workers, args)
                print_report(name, report[name], args)
        finally:
            if pg_name:
                with admin.connect() as connection:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)'))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
