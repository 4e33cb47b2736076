"""Benchmark of the meaningful measures (GET /v1/qa/measures) as the authority grows.

For SQLite (a temporary file) and PostgreSQL (a fresh database ``sos_bench_<hex>``, dropped after):
migrate with ``sos-reference migrate``, then generate invented children for authority 990
CUMULATIVELY (1,000, then 1,000 more to make 2,000, then 3,000 more to make 5,000, then 5,000 more to
make 10,000; a different seed for each batch), and at each size time computing ALL fifteen measures
for the whole authority over one month:

  in-process  compute_measures(...) on a fresh session, median of 3 runs
  team        the same for one team's cases (``team=``), median of 3 runs
  stale       PostgreSQL only: the team's measures once BEFORE the database is analysed, so with the
              statistics of the last size (none at the first): as a server with autovacuum off, or
              one just after a bulk load, plans them. A query whose plan needs statistics shows here.
              With --no-analyze the database is never analysed: every timing is made with no
              statistics at all (and this column is left out).
  http        one GET /v1/qa/measures?period=... through the app (token check, audit event, JSON)

It prints children, records, seconds, seconds per 1,000 children and the growth ratio 10k/1k
(linear growth would be 10). This is a benchmark, not a test: nothing here passes or fails.

    .venv/bin/python bench/measures.py [--skip-sqlite | --skip-postgres] [--no-analyze] [--period 2026-03]
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
POSTGRES_SERVER = os.environ.get(
    "SOS_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SIZES = (1_000, 2_000, 5_000, 10_000)
LA = "990"


def migrate(url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run(
        [str(BIN / "sos-reference"), "migrate"], env=env, check=True, capture_output=True, cwd=ROOT
    )


def point_service_at(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    # A benchmark measures how long a query takes: the service's statement limit would cut it short.
    os.environ.setdefault("SOS_STATEMENT_SECONDS", "3600")
    from service.config import get_settings
    from service.db import get_engine, get_sessionmaker

    for cached in (get_settings, get_engine, get_sessionmaker):
        cached.cache_clear()


def bench_database(name: str, url: str, period: str, analyze: bool = True) -> list[dict[str, Any]]:
    migrate(url)
    point_service_at(url)
    from fastapi.testclient import TestClient

    from service.db import get_engine, get_sessionmaker
    from service.fixtures.generate import TEAMS, generate
    from service.kit.auth import mint_token
    from service.main import create_app
    from service.qa.measures import Period, compute_measures

    sessions = get_sessionmaker()
    with sessions() as session, session.begin():
        token = mint_token(session, la_code=LA, scopes=["read"], subject="bench-measures")
    rows: list[dict[str, Any]] = []
    children = records = 0

    def timed(team: str | None, runs: int) -> tuple[float, Any]:
        seconds = []
        for _ in range(runs):
            with sessions() as session:
                started = time.perf_counter()
                results = compute_measures(session, LA, Period.month(period), team)
                seconds.append(time.perf_counter() - started)
        return statistics.median(seconds), results

    with TestClient(create_app()) as client:
        for seed, size in enumerate(SIZES, start=1):
            with sessions() as session, session.begin():
                summary = generate(session, size - children, seed, LA)
            children += summary.children
            records += summary.total
            stale = None
            if name == "postgresql" and analyze:
                stale, _ = timed(TEAMS[0], 1)
                with get_engine().connect() as connection:
                    connection.execute(text("ANALYZE"))
                    connection.commit()
            seconds, results = timed(None, 3)
            team_seconds, _ = timed(TEAMS[0], 3)
            started = time.perf_counter()
            response = client.get(
                "/v1/qa/measures", params={"period": period}, headers={"Authorization": f"Bearer {token}"}
            )
            http = time.perf_counter() - started
            assert response.status_code == 200, response.text
            rows.append(
                {
                    "database": name,
                    "children": children,
                    "records": records,
                    "generate_s": summary.seconds,
                    "seconds": seconds,
                    "per_1000": seconds / (children / 1000),
                    "team_s": team_seconds,
                    "stale_s": stale,
                    "http_s": http,
                    "m1": f"{results[0].numerator}/{results[0].denominator}",
                }
            )
            print(
                f"  {name:<10} {children:>6} children {records:>8} records: generated {summary.children:>5}"
                f" in {summary.seconds:5.1f} s; measures {seconds:.3f} s, one team {team_seconds:.3f} s"
                f"{'' if stale is None else f' ({stale:.3f} s before ANALYZE)'} (http {http:.3f} s)",
                flush=True,
            )
    get_engine().dispose()
    return rows


def report(rows: list[dict[str, Any]]) -> None:
    print()
    print(
        f"{'database':<11}{'children':>9}{'records':>10}{'seconds':>9}{'s/1000':>8}{'team s':>8}"
        f"{'stale s':>9}{'http s':>8}{'gen s':>8}"
    )
    for r in rows:
        stale = "-" if r["stale_s"] is None else f"{r['stale_s']:.3f}"
        print(
            f"{r['database']:<11}{r['children']:>9,}{r['records']:>10,}{r['seconds']:>9.3f}{r['per_1000']:>8.3f}"
            f"{r['team_s']:>8.3f}{stale:>9}{r['http_s']:>8.3f}{r['generate_s']:>8.1f}"
        )
    for name in dict.fromkeys(r["database"] for r in rows):
        mine = [r for r in rows if r["database"] == name]
        first, last = mine[0], mine[-1]
        growth = last["seconds"] / first["seconds"]
        size = last["children"] / first["children"]
        print(
            f"{name}: growth {last['children']:,}/{first['children']:,} children = {growth:.1f}x "
            f"(linear: {size:.0f}x)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument(
        "--no-analyze", action="store_true", help="Never analyse PostgreSQL: time with no statistics."
    )
    parser.add_argument("--period", default="2026-03", help="The month the measures are computed for.")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    rows: list[dict[str, Any]] = []
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as directory:
            rows += bench_database("sqlite", f"sqlite:///{Path(directory) / 'bench.db'}", args.period)
    if not args.skip_postgres:
        server = make_url(POSTGRES_SERVER)
        name = f"sos_bench_{secrets.token_hex(4)}"
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            url = server.set(database=name).render_as_string(hide_password=False)
            rows += bench_database("postgresql", url, args.period, analyze=not args.no_analyze)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    report(rows)


if __name__ == "__main__":
    main()
