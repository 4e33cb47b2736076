"""Running the checks: in this process, or split by area over several worker processes at once.

Areas do not depend on each other (each makes its own data), so a whole run is split into groups of
areas, each run by a worker process (``python -m sos_conformance --worker FILE``) with the settings
the configuration checks settled; the workers' results are merged into one set of verdicts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from sos_conformance import index
from sos_conformance.contract import load_contract
from sos_conformance.plugin import ConformancePlugin, Settings, TestInfo, TestResult

# Groups of about equal weight, heaviest first; an area not named here joins the last group.
GROUPS = (
    ("record-types",),
    ("statutory", "qa", "stages", "reference-data"),
    ("assessment", "planning", "discovery", "security", "http", "records", "lists", "audit", "cases"),
)


def pytest_args(checks: Path, extra: list[str], files: list[Path] | None = None) -> list[str]:
    """pytest's arguments for the suite's checks: every file of ``checks``, or only ``files``."""
    return [
        *([str(f) for f in files] if files is not None else [str(checks)]),
        "-c",
        str(checks / "pytest.ini"),
        "--rootdir",
        str(checks),
        "-p",
        "no:cacheprovider",
        "-p",
        "no:terminal",
        "-p",
        "no:warnings",
        # Unraisable exceptions are not something a system under test can cause, and the plugin
        # collects the garbage of the whole process (several times) at the end of every run.
        "-p",
        "no:unraisableexception",
        *extra,
    ]


@contextmanager
def no_plugin_autoload() -> Iterator[None]:
    """pytest plugins installed beside the suite (hypothesis, xdist...) are not loaded: the checks
    need none, and importing them was a good part of a short run's start."""
    old_autoload = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    try:
        yield
    finally:
        if old_autoload is None:
            os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)


def run_here(plugin: ConformancePlugin, checks: Path) -> int:
    """Run the chosen checks in this process. A run of some areas collects only their check files
    (:mod:`sos_conformance.index`); the plugin keeps the requirement ids of the others."""
    files = None
    settings = plugin.settings
    if settings is not None and (settings.only or settings.skip_areas):
        files, plugin.elsewhere = index.files_for(checks, settings.only, settings.skip_areas)
    with no_plugin_autoload():
        return int(pytest.main(pytest_args(checks, [], files), plugins=[plugin]))


def groups_for(settings: Settings, areas: tuple[str, ...], jobs: int) -> list[list[str]]:
    """The area groups to run at once: one group when one job, a narrowed run or a single area."""
    chosen = [a for a in areas if not settings.only or a in settings.only]
    if jobs <= 1 or settings.requirements or len(chosen) <= 1:
        return [chosen]
    named = {a for group in GROUPS for a in group}
    found = [[a for a in group if a in chosen] for group in GROUPS]
    found[-1] += [a for a in chosen if a not in named]
    found = [g for g in found if g]
    while len(found) > jobs:
        last = found.pop()  # (``found[-2] += found.pop()`` would put the merged group in two places)
        found[-1] = found[-1] + last
    return found


def run_split(plugin: ConformancePlugin, groups: list[list[str]]) -> int:
    """Run each group of areas in a worker process, all at once; merge their results into ``plugin``."""
    settings = plugin.settings
    assert settings is not None
    with tempfile.TemporaryDirectory(prefix="sos-conformance-") as tmp:
        workers = []
        for index, group in enumerate(groups):
            spec = {**asdict(settings), "only": group, "report_dir": str(settings.report_dir)}
            if not settings.only and index == len(groups) - 1:
                # The last worker of a whole run takes every area the others do not, including
                # areas a newer suite version adds that no group names.
                spec["only"] = []
                spec["skip_areas"] = [a for g in groups[:-1] for a in g]
            spec["claimed"] = sorted(settings.claimed)
            path = Path(tmp) / f"worker-{index}.json"
            path.write_text(json.dumps(spec), encoding="utf-8")
            workers.append(
                (
                    path,
                    subprocess.Popen(
                        [sys.executable, "-m", "sos_conformance", "--worker", str(path)],
                        stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT,
                        text=True,
                    ),
                )
            )
        codes = []
        for path, worker in workers:
            output, _ = worker.communicate()
            plugin.out.write(output)
            codes.append(worker.returncode)
            _merge(plugin, json.loads(path.read_text(encoding="utf-8")) if path.stat().st_size else {})
    bad = [c for c in codes if c not in (0, 1, 5)]
    return bad[0] if bad else (1 if 1 in codes else 0)


def _merge(plugin: ConformancePlugin, done: dict[str, Any]) -> None:
    for row in done.get("results", []):
        info = TestInfo(**row.pop("info"))
        plugin.results[info.nodeid] = TestResult(info=info, **row)
    plugin.collected.extend(TestInfo(**row) for row in done.get("collected", []))
    plugin.elsewhere.update(done.get("elsewhere", []))


def worker(spec_file: str, checks: Path) -> int:
    """``--worker FILE``: run the areas the file names and write the results back into it."""
    path = Path(spec_file)
    spec = json.loads(path.read_text(encoding="utf-8"))
    spec["claimed"] = set(spec["claimed"])
    spec["report_dir"] = Path(spec["report_dir"])
    plugin = ConformancePlugin(Settings(**spec), load_contract())
    code = run_here(plugin, checks)
    results = [asdict(r) for r in plugin.results.values()]
    collected = [asdict(i) for i in plugin.collected]
    done = {"results": results, "collected": collected, "elsewhere": sorted(plugin.elsewhere)}
    path.write_text(json.dumps(done), encoding="utf-8")
    return code
