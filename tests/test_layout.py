"""The shape of service/ that ARCHITECTURE.md promises: no function longer than a screen and a half,
no circle of imports between its modules, and nothing from FastAPI's test client outside the tests
(read from the source, nothing imported); and tests/ mirroring service/, a test package for each
package of the service."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from service.config import PROJECT_ROOT

SERVICE = PROJECT_ROOT / "service"
TESTS = PROJECT_ROOT / "tests"
NOT_MIRRORS = {"support": "the tests' shared helpers", "conformance": "the suite of contract_tests/"}
"""The test packages that stand for no package of the service, and what each is instead."""
LONGEST_FUNCTION = 80


def _modules() -> dict[str, ast.Module]:
    trees = {}
    for path in sorted(SERVICE.rglob("*.py")):
        parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        trees[name] = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return trees


def _top_level_imports(tree: ast.Module) -> Iterator[str]:
    """What a module imports when it is loaded: its own top-level imports, not those inside functions
    or under ``if TYPE_CHECKING``."""
    for node in tree.body:
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def _import_graph() -> dict[str, set[str]]:
    trees = _modules()
    return {
        name: {imported for imported in _top_level_imports(tree) if imported in trees and imported != name}
        for name, tree in trees.items()
    }


def _a_circle(graph: dict[str, set[str]]) -> list[str] | None:
    """One circle of imports, if there is any (depth-first search, colouring the modules on the path)."""
    on_path: list[str] = []
    done: set[str] = set()

    def visit(module: str) -> list[str] | None:
        if module in on_path:
            return [*on_path[on_path.index(module) :], module]
        if module in done:
            return None
        on_path.append(module)
        for imported in sorted(graph[module]):
            circle = visit(imported)
            if circle:
                return circle
        on_path.pop()
        done.add(module)
        return None

    for module in sorted(graph):
        circle = visit(module)
        if circle:
            return circle
    return None


def _too_long(trees: dict[str, ast.Module]) -> list[str]:
    return [
        f"{name}.{node.name}: {node.end_lineno - node.lineno + 1} lines"
        for name, tree in trees.items()
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > LONGEST_FUNCTION
    ]


def test_no_function_in_service_is_longer_than_eighty_lines() -> None:
    assert _too_long(_modules()) == []


def test_the_length_check_finds_a_long_function() -> None:
    body = "    x = 1\n" * LONGEST_FUNCTION
    trees = {"m": ast.parse(f"def short():\n    pass\n\n\nasync def long():\n{body}")}
    assert _too_long(trees) == [f"m.long: {LONGEST_FUNCTION + 1} lines"]


def test_no_module_of_service_imports_itself_round_a_circle() -> None:
    assert _a_circle(_import_graph()) is None


def test_the_circle_finder_finds_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}
    assert _a_circle(graph) == ["a", "b", "c", "a"]
    assert _a_circle({"a": {"b"}, "b": set()}) is None


def _test_client_users(trees: dict[str, ast.Module]) -> list[str]:
    return [
        name
        for name, tree in trees.items()
        if any(
            imported.startswith(("fastapi.testclient", "starlette.testclient"))
            for imported in _walk_imports(tree)
        )
    ]


def test_nothing_in_service_uses_fastapi_test_client() -> None:
    assert _test_client_users(_modules()) == []


def test_the_test_client_check_finds_one_imported_inside_a_function() -> None:
    trees = {
        "m": ast.parse("def f():\n    from fastapi.testclient import TestClient\n"),
        "n": ast.parse("import fastapi\n"),
    }
    assert _test_client_users(trees) == ["m"]


def _walk_imports(tree: ast.Module) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def _packages(root: Path) -> set[str]:
    return {path.name for path in root.iterdir() if (path / "__init__.py").is_file()}


def _unmirrored(service: set[str], tests: set[str]) -> list[str]:
    """Packages of the service with no test package of the same name, and test packages that mirror
    nothing (and are not one of :data:`NOT_MIRRORS`)."""
    return sorted(f"service/{name} has no tests/{name}" for name in service - tests) + sorted(
        f"tests/{name} mirrors no service/{name}" for name in tests - service - set(NOT_MIRRORS)
    )


def test_tests_mirror_the_packages_of_service() -> None:
    assert _unmirrored(_packages(SERVICE), _packages(TESTS)) == []


def test_the_mirror_check_finds_a_package_without_tests_and_tests_of_nothing() -> None:
    assert _unmirrored({"kit", "people"}, {"kit", "persons", "support"}) == [
        "service/people has no tests/people",
        "tests/persons mirrors no service/persons",
    ]
