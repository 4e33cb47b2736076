"""Benchmark of the hot paths, as ratios against a bare endpoint measured in the same run.

Starts the real service (uvicorn, one process) on SQLite and on PostgreSQL, and drives it with
wrk (a real HTTP load generator; `apt-get install wrk`). For each database it measures:

  bare    GET /v1/capabilities           no token, no database: the stack's own cost
  read    GET /v1/cases/{id}              token check, tenancy, one audit event written
  list    GET /v1/cases?limit=50          a page of 50, one audit event per record
  create  POST /v1/cases + Idempotency-Key  record, history version, audit event, stored key

and prints requests/s, p50 and p99 latency, and each rate as a ratio of the bare endpoint's.
This is a benchmark, not a test: nothing here passes or fails.

    .venv/bin/python bench/run.py [--seconds 8] [--connections 16] [--skip-postgres]
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
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
POSTGRES_SERVER = os.environ.get(
    "SOS_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)

CREATE_SCRIPT = """
local counter = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
request = function()
  counter = counter + 1
  local headers = {}
  headers["Authorization"] = "Bearer %(token)s"
  headers["Content-Type"] = "application/json"
  headers["Idempotency-Key"] = "bench-%(run)s-" .. tid .. "-" .. counter
  return wrk.format("POST", "/v1/cases", headers, '{"title": "Bench family", "opened_on": "2025-01-14"}')
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_cli(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [str(BIN / "sos-reference"), *args], env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


def wrk(
    url: str, seconds: int, connections: int, token: str | None = None, script: str | None = None
) -> dict:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if token:
        cmd += ["-H", f"Authorization: Bearer {token}"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run([*cmd, url], check=True, capture_output=True, text=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]

    def percentile(p: str) -> float:
        value, unit = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()  # type: ignore[union-attr]
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {
        "rps": rate,
        "p50_ms": percentile("50"),
        "p99_ms": percentile("99"),
        "errors": int(non2xx.group(1)) if non2xx else 0,
    }


def bench_database(name: str, url: str, seconds: int, connections: int) -> list[tuple[str, dict]]:
    env = {**os.environ, "DATABASE_URL": url}
    run_cli(env, "migrate")
    token = run_cli(env, "token", "--la", "990", "--subject", f"bench-{name}")
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "sos-reference"), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(f"{base}/v1/capabilities", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        headers = {"Authorization": f"Bearer {token}"}
        case_ids = [
            httpx.post(
                f"{base}/v1/cases", json={"title": f"Seed {i}", "opened_on": "2025-01-14"}, headers=headers
            ).json()["id"]
            for i in range(60)
        ]
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(CREATE_SCRIPT % {"token": token, "run": secrets.token_hex(4)})
        results = [
            ("bare GET /v1/capabilities", wrk(f"{base}/v1/capabilities", seconds, connections)),
            ("audited GET one case", wrk(f"{base}/v1/cases/{case_ids[0]}", seconds, connections, token)),
            ("list page of 50 cases", wrk(f"{base}/v1/cases?limit=50", seconds, connections, token)),
            ("idempotent audited create", wrk(f"{base}/v1/cases", seconds, connections, script=lua.name)),
        ]
        os.unlink(lua.name)
        return results
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--json", type=Path, help="Also write the figures to this file.")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")
    report: dict[str, list] = {}
    with tempfile.TemporaryDirectory() as directory:
        databases = [("sqlite", f"sqlite:///{Path(directory) / 'bench.db'}")]
        pg_name = None
        if not args.skip_postgres:
            server = make_url(POSTGRES_SERVER)
            pg_name = f"sos_bench_{secrets.token_hex(4)}"
            admin = create_engine(server, isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{pg_name}"'))
            databases.append(
                ("postgresql", server.set(database=pg_name).render_as_string(hide_password=False))
            )
        try:
            for name, url in databases:
                results = bench_database(name, url, args.seconds, args.connections)
                bare = results[0][1]["rps"]
                print(f"\n{name}: 1 uvicorn process, wrk -t2 -c{args.connections} -d{args.seconds}s")
                print(f"  {'scenario':<28}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'x bare':>8}{'non-2xx':>9}")
                for label, r in results:
                    print(
                        f"  {label:<28}{r['rps']:>9.0f}{r['p50_ms']:>9.1f}{r['p99_ms']:>9.1f}"
                        f"{r['rps'] / bare:>8.2f}{r['errors']:>9}"
                    )
                report[name] = [{"scenario": label, **r, "ratio": r["rps"] / bare} for label, r in results]
        finally:
            if pg_name:
                with admin.connect() as connection:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)'))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
