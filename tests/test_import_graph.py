"""The package's import graph has no cycle, even through imports made inside functions.

A function-level import that would close a cycle is how a cycle gets hidden
(review/apply used to import review/pages lazily for that reason); counting
those too keeps the layers honest: documents → engines → glossary → memory →
store → review/exchange → cli. Imports under ``if TYPE_CHECKING:`` are for the
type checker only and are not counted.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pipeline

PACKAGE = Path(pipeline.__file__).resolve().parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(path: Path, modules: set[str]) -> set[str]:
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def resolve(target: str) -> None:
        # "pipeline.a.b" may name a module or something inside one: take the longest module.
        while target and target not in modules:
            target = target.rpartition(".")[0]
        if target and target != name:
            found.add(target)

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for sub in child.orelse:
                    visit(sub)
                continue
            if isinstance(child, ast.Import):
                for alias in child.names:
                    resolve(alias.name)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[:len(base) - (child.level - 1)]
                    prefix = ".".join(base + ([child.module] if child.module else []))
                else:
                    prefix = child.module or ""
                if prefix.split(".")[0] != "pipeline":
                    continue
                for alias in child.names:   # "from . import templates" imports a module
                    resolve(f"{prefix}.{alias.name}")
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def import_graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {_module_name(p) for p in paths}
    return {_module_name(p): _imports(p, modules) for p in paths}


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle as [a, b, …, a], or [] when the graph has none."""
    state: dict[str, int] = {}   # 1: on the current path, 2: done
    path: list[str] = []

    def walk(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            # A package's __init__ importing its own submodules is not a cycle of layers.
            if node.startswith(nxt + "."):
                continue
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                cycle = walk(nxt)
                if cycle:
                    return cycle
        path.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state:
            cycle = walk(node)
            if cycle:
                return cycle
    return []


def test_the_checker_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_the_graph_sees_the_store_layer():
    graph = import_graph()
    assert "pipeline.store" in graph["pipeline.translate"]
    assert "pipeline.store" in graph["pipeline.review.apply"]
    assert "pipeline.store" in graph["pipeline.exchange.xliff"]
    # the run and exchange no longer reach into the review package for storage
    assert "pipeline.review.apply" not in graph["pipeline.translate"]
    assert "pipeline.review.apply" not in graph["pipeline.exchange.tmx"]


def test_no_import_cycle_in_the_package():
    cycle = find_cycle(import_graph())
    assert not cycle, " → ".join(cycle)


# The layers this graph protects: the model, the out/ store and what uses them.
STORE_USERS = ("pipeline.model", "pipeline.store", "pipeline.output", "pipeline.qa", "pipeline.translate",
               "pipeline.review.apply", "pipeline.review.pages", "pipeline.review.placing",
               "pipeline.review.history", "pipeline.review.server", "pipeline.review.orphans",
               "pipeline.review.glossary_add", "pipeline.exchange.tmx", "pipeline.exchange.xliff")


def test_each_layer_imports_first_in_a_fresh_interpreter():
    """Each module imported first, alone: an import that only works in some order fails here."""
    for name in STORE_USERS:
        result = subprocess.run([sys.executable, "-c", f"import {name}"], capture_output=True, text=True,
                                cwd=PACKAGE.parent, timeout=300)
        assert result.returncode == 0, f"{name}: {result.stderr.strip()[-500:]}"
