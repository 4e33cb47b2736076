"""Benchmark of the statutory returns on a generated authority (SQLite, a temporary file).

Migrates, generates ``--children`` invented children (10,000 by default) for authority 990, then
times making each return for the 2025-26 collection year from the records on a fresh session
(median of 3 runs): the CIN census (XML) and, where the looked-after records are present, the
SSDA903 tables (CSV); and once, running the DfE rules on each (the optional extra ``returns``).
This is a benchmark, not a test: nothing here passes or fails.

    .venv/bin/python bench/returns.py [--children 10000] [--seed 1] [--no-validate]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LA = "990"


def timed(make: Callable[[], Any], runs: int = 3) -> tuple[float, Any]:
    seconds, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = make()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-validate", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        os.environ["DATABASE_URL"] = url
        subprocess.run([str(BIN / "sos-reference"), "migrate"], check=True, capture_output=True, cwd=ROOT)
        from service.db import get_sessionmaker
        from service.fixtures.generate import generate
        from service.returns import returns_made
        from service.returns.collection_year import CollectionYear

        sessions = get_sessionmaker()
        with sessions() as session, session.begin():
            summary = generate(session, args.children, args.seed, LA)
        print(f"{summary.children} children, {summary.total} records generated in {summary.seconds:.1f} s")
        year = CollectionYear.parse("2025-26")
        total = 0.0
        for name, make, validate in returns_made():
            with sessions() as session:
                seconds, made = timed(lambda m=make, s=session: m(s, LA, year))
            total += seconds
            print(f"{name}: {made.children} children in the return, made in {seconds:.2f} s (median of 3)")
            if not args.no_validate and importlib.util.find_spec("cin_validator") is not None:
                started = time.perf_counter()
                issues = validate(made, LA)
                print(f"  the DfE rules: {len(issues)} issue(s) in {time.perf_counter() - started:.1f} s")
        print(f"both returns: {total:.2f} s")


if __name__ == "__main__":
    main()
