"""The layout shows the architecture: ``grader/`` is a few parts plus one folder per topic,
without import circles, and a topic's names live only in its own folder."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from grader.topics import TOPICS

from .conftest import ROOT

GRADER = ROOT / "grader"
PARTS = ("define", "engine", "isolation", "frontends", "topics")
TOPIC_FILES = ("definition.py", "hidden.py", "mistakes.py", "notebook.py")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_module(name: str) -> bool:
    base = ROOT.joinpath(*name.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def import_graph() -> dict[str, set[str]]:
    """module -> the grader modules it imports anywhere in its body (also inside functions,
    which would only hide a circle, not remove it)."""
    graph: dict[str, set[str]] = {}
    for path in sorted(GRADER.rglob("*.py")):
        module = _module_name(path)
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    targets.add(full if _is_module(full) else node.module)
        graph[module] = {t for t in targets if t.startswith("grader") and t != module}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph.get(node, ()):
            if nxt not in graph:
                continue
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_grader_has_no_import_circles():
    assert _cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_circle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_grader_top_level_reads_like_a_table_of_contents():
    modules = sorted(p.name for p in GRADER.glob("*.py"))
    packages = sorted(p.name for p in GRADER.iterdir() if (p / "__init__.py").is_file())
    assert len(modules) <= 10, modules
    assert packages == sorted(PARTS)


@pytest.mark.parametrize("topic", [t.name for t in TOPICS])
def test_a_topic_folder_holds_the_whole_topic(topic):
    folder = GRADER / "topics" / topic
    assert sorted(p.name for p in folder.glob("*.py")) == sorted(("__init__.py", *TOPIC_FILES))


def test_contract_function_names_appear_in_grader_only_in_their_own_topic_folder():
    sources = {p: p.read_text(encoding="utf-8") for p in GRADER.rglob("*.py")}
    strays = []
    for topic in TOPICS:
        own = GRADER / "topics" / topic.name
        for spec in topic.functions:
            word = re.compile(rf"\b{spec.name}\b")
            strays += [
                f"{spec.name} in {path.relative_to(ROOT)}"
                for path, text in sources.items()
                if own not in path.parents and word.search(text)
            ]
    assert strays == []
