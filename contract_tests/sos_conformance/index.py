"""Which check file holds which area, read from the files' source without collecting them.

A run of some areas (``--only``, or a worker of a split run) collects only the check files of those
areas: making pytest's items for every check of the suite (over 500, most of them generated per
record type) was most of a short run's cost. The verdicts still tell a requirement that has checks in
a file not collected ("not run") from one with none in the suite ("untested"), from this index.

A file is left out only when its source says plainly what it holds: one module-level
``pytestmark = area("<name>", ...)`` and ``requirement("SOS-...", ...)`` calls naming only literal
ids. Any other file is always collected, so nothing is ever left out on a guess.
"""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path


@dataclass(frozen=True)
class CheckFile:
    path: Path
    area: str | None  # None: not plainly one area, so always collected
    requirements: frozenset[str]


def checks_dir() -> Path:
    return Path(str(resources.files("sos_conformance").joinpath("checks")))


def _called(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _literals(node: ast.Call) -> list[str] | None:
    """The call's positional arguments when all are string literals (and it has no others)."""
    if node.keywords or not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args):
        return None
    return [str(a.value) for a in node.args if isinstance(a, ast.Constant)]


def read_check_file(path: Path) -> CheckFile:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    module_area: list[str] = []
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and [t.id for t in node.targets if isinstance(t, ast.Name)] == ["pytestmark"]
            and isinstance(node.value, ast.Call)
            and _called(node.value) == "area"
        ):
            args = _literals(node.value)
            if args:
                module_area.append(args[0])
    areas, requirements, plain = 0, set[str](), True
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called(node) in ("area", "requirement"):
            args = _literals(node)
            if args is None:
                plain = False
            elif _called(node) == "area":
                areas += 1
            else:
                requirements.update(args)
    area = module_area[0] if plain and len(module_area) == 1 and areas == 1 else None
    return CheckFile(path, area, frozenset(requirements))


@functools.cache
def check_files(checks: Path) -> tuple[CheckFile, ...]:
    """Every check file (``test_*.py``, as the suite's pytest.ini collects) of ``checks``."""
    return tuple(read_check_file(p) for p in sorted(checks.glob("test_*.py")))


def files_for(checks: Path, areas: list[str], skip_areas: list[str]) -> tuple[list[Path], set[str]]:
    """The check files a run of ``areas`` (all when empty) without ``skip_areas`` collects, and the
    requirement ids of the files it leaves out."""
    chosen, elsewhere = [], set()
    for found in check_files(checks):
        wanted = found.area is None or ((not areas or found.area in areas) and found.area not in skip_areas)
        if wanted:
            chosen.append(found.path)
        else:
            elsewhere |= found.requirements
    return chosen, elsewhere
