"""Mutation testing of ``solutions/`` against the public and hidden suites.

``python -m grader.mutation run [TOPIC ...]`` makes every mutant of ``solutions/TOPIC.py``
(one small change to the syntax tree each: an operator, a comparison, a constant, a
boolean, a negation, a deleted statement), loads it in this process exactly as a
student's file is loaded, and runs the topic's public then hidden properties on it.  A
mutant is *killed* when some property fails on it, and *survives* otherwise; survivors
are printed with their change, to be killed by a new property or listed as equivalent in
``docs/mutation.md``.

``python -m grader.mutation check TOPIC [--path FILE]`` is the test command for an
external mutation tool (cosmic-ray, mutmut): it checks ``solutions/TOPIC.py`` (or FILE)
as that tool has mutated it and exits 1 at the first failing property.

Why in-process: importing PyTorch costs seconds (12 s measured on this 2-core machine
under load), which per mutant would make a run of a few hundred mutants take hours; here
PyTorch is imported once per topic and each mutant costs milliseconds to a few seconds.
A mutant is judged on the same fixed inputs as ``grader.engine.running.run_property``'s fast
pass (the explicit examples, then the examples drawn with the fixed seed): shrinking
only changes what a student is shown, never whether a property fails.
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from grader.define.compare import PropertyFailure
from grader.define.spec import Property
from grader.engine.examples import examples_for
from grader.isolation.calls import NOT_IMPLEMENTED, InProcess, StudentError, load_module
from grader.kit_files import folder

SOLUTIONS = folder("solutions")

# Replacements for operators: each is a plausible slip, not every possible operator.
BINOPS: dict[type, tuple[type, ...]] = {
    ast.Add: (ast.Sub, ast.Mult),
    ast.Sub: (ast.Add,),
    ast.Mult: (ast.Div, ast.Add),
    ast.Div: (ast.Mult, ast.FloorDiv),
    ast.FloorDiv: (ast.Div, ast.Mult),
    ast.Pow: (ast.Mult,),
    ast.Mod: (ast.FloorDiv,),
}
CMPOPS: dict[type, tuple[type, ...]] = {
    ast.Lt: (ast.LtE, ast.Gt),
    ast.LtE: (ast.Lt, ast.GtE),
    ast.Gt: (ast.GtE, ast.Lt),
    ast.GtE: (ast.Gt, ast.LtE),
    ast.Eq: (ast.NotEq,),
    ast.NotEq: (ast.Eq,),
    ast.Is: (ast.IsNot,),
    ast.IsNot: (ast.Is,),
}
# NumPy functions swapped for a sibling a student might confuse them with.
NUMPY_SWAPS = {
    "sum": "mean",
    "mean": "sum",
    "maximum": "minimum",
    "minimum": "maximum",
    "max": "min",
    "min": "max",
    "zeros": "ones",
    "ones": "zeros",
    "zeros_like": "ones_like",
    "ones_like": "zeros_like",
    "exp": "log",
    "sqrt": "square",
    "abs": "square",
    "sign": "abs",
}
# Calls whose single argument can stand in for the call (a forgotten function).
UNWRAPPED = {"float", "int", "abs", "np.abs", "np.sqrt", "np.exp", "np.sign", "np.asarray"}

@dataclass(frozen=True)
class Mutant:
    topic: str
    index: int
    line: int
    description: str
    source: str


@dataclass
class Outcome:
    topic: str
    index: int
    line: int
    description: str
    status: str  # "killed_public", "killed_hidden", "survived", "not_loadable"
    killed_by: str = ""
    seconds: float = 0.0


def _number_variants(value: object) -> list[object]:
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int):
        return sorted({value + 1, value - 1} - {value})
    if isinstance(value, float):
        return [value + 1.0] if value != 0.0 else [1.0]
    return []


def _sites(tree: ast.AST) -> Iterator[tuple[ast.AST, str, object]]:
    """Every (node, kind, replacement) the mutation operators apply to, in walk order.

    Nothing inside an f-string is mutated: those are error messages, which no property
    grades (PyTorch's wording is not the contract, only the exception type is).
    """
    in_fstring = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for inner in ast.walk(node)
    }
    for node in ast.walk(tree):
        if id(node) in in_fstring:
            continue
        if isinstance(node, ast.BinOp):
            for new in BINOPS.get(type(node.op), ()):
                yield node, "binop", new
        elif isinstance(node, ast.AugAssign):
            for new in BINOPS.get(type(node.op), ()):
                yield node, "binop", new
        elif isinstance(node, ast.Compare):
            for i, op in enumerate(node.ops):
                for new in CMPOPS.get(type(op), ()):
                    yield node, "cmp", (i, new)
        elif isinstance(node, ast.Constant) and not isinstance(node.value, str):
            for new in _number_variants(node.value):
                yield node, "const", new
        elif isinstance(node, ast.BoolOp):
            yield node, "boolop", ast.Or if isinstance(node.op, ast.And) else ast.And
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Not, ast.USub)):
            yield node, "unary_drop", None
        elif isinstance(node, ast.If):
            yield node, "negate_if", None
        if isinstance(node, ast.Call):
            name = ast.unparse(node.func)
            if name in UNWRAPPED and len(node.args) == 1 and not node.keywords:
                yield node, "unwrap", None
            if (
                isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "np"
                and node.func.attr in NUMPY_SWAPS
            ):
                yield node, "swap", NUMPY_SWAPS[node.func.attr]
            if isinstance(node.func, ast.Attribute) and node.func.attr == "copy" and not node.args:
                yield node, "uncopy", None
        elif isinstance(node, (ast.Raise, ast.Expr, ast.AugAssign)) and not _is_docstring(node):
            yield node, "delete", None


def _is_docstring(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def _describe(node: ast.AST, kind: str, new: object) -> str:
    before = ast.unparse(node).splitlines()[0][:70]
    if kind in ("binop", "boolop"):
        return f"{before!r}: operator -> {new.__name__}"  # type: ignore[union-attr]
    if kind == "cmp":
        return f"{before!r}: comparison -> {new[1].__name__}"  # type: ignore[index]
    if kind in ("const", "swap"):
        return f"{before!r} -> {new!r}"
    return f"{before!r}: {kind}"


def _apply(node: ast.AST, kind: str, new: object) -> ast.AST | None:
    """The mutated replacement for node (None: delete the statement)."""
    node = copy.deepcopy(node)
    if kind == "binop":
        node.op = new()  # type: ignore[attr-defined,operator]
    elif kind == "cmp":
        i, op = new  # type: ignore[misc]
        node.ops[i] = op()  # type: ignore[attr-defined]
    elif kind == "const":
        node.value = new  # type: ignore[attr-defined]
    elif kind == "boolop":
        node.op = new()  # type: ignore[attr-defined,operator]
    elif kind == "unary_drop":
        return node.operand  # type: ignore[attr-defined]
    elif kind == "negate_if":
        node.test = ast.UnaryOp(op=ast.Not(), operand=node.test)  # type: ignore[attr-defined]
    elif kind == "delete":
        return ast.Pass()
    elif kind == "unwrap":
        return node.args[0]  # type: ignore[attr-defined]
    elif kind == "swap":
        node.func.attr = new  # type: ignore[attr-defined]
    elif kind == "uncopy":
        return node.func.value  # type: ignore[attr-defined]
    return node


class _Replace(ast.NodeTransformer):
    def __init__(self, target: ast.AST, replacement: ast.AST | None) -> None:
        self.target = target
        self.replacement = replacement

    def visit(self, node: ast.AST) -> ast.AST | None:
        if node is self.target:
            return self.replacement
        return super().visit(node)


def mutants(topic: str, path: Path | None = None) -> list[Mutant]:
    source = (path or SOLUTIONS / f"{topic}.py").read_text()
    found = []
    for index, (node, kind, new) in enumerate(_sites(ast.parse(source))):
        tree = ast.parse(source)
        # The same walk over a fresh tree reaches the same node at the same position.
        target = [n for n, _, _ in _sites(tree)][index]
        mutated = _Replace(target, _apply(target, kind, new)).visit(tree)
        ast.fix_missing_locations(mutated)
        text = ast.unparse(mutated)
        found.append(
            Mutant(topic, index, getattr(node, "lineno", 0), _describe(node, kind, new), text)
        )
    return found


def properties(topic: str) -> tuple[list[Property], list[Property]]:
    from grader.engine.suites import hidden
    from grader.topics import BY_NAME

    return list(BY_NAME[topic].properties), list(hidden(topic))


def first_failure(props: list[Property], impl: InProcess) -> str:
    """The id of the first property failing on its fixed inputs, or ''."""
    for prop in props:
        for case in examples_for(prop):
            try:
                prop.check(impl, case)
            except (PropertyFailure, StudentError):
                return prop.id
            except Exception:
                # The kit's check could not digest the output (e.g. a wrong type the
                # checks do not anticipate): the mutant is still not a correct solution.
                return f"{prop.id} (kit error)"
    return ""


def _load(topic: str, path: Path, timeout: float) -> InProcess:
    from grader.topics import BY_NAME, params_of

    module, error = load_module(path, f"_dlkit_mutant_{path.parent.name}_{topic}")
    return InProcess(module, params_of(BY_NAME[topic]), error, timeout=timeout)


def run_topic(topic: str, timeout: float = 5.0) -> list[Outcome]:
    public, hidden_props = properties(topic)
    results = []
    with tempfile.TemporaryDirectory(prefix=f"dlkit_mutants_{topic}_") as tmp:
        for mutant in mutants(topic):
            results.append(_run_mutant(topic, mutant, Path(tmp), public, hidden_props, timeout))
    return results


def _run_mutant(
    topic: str,
    mutant: Mutant,
    folder: Path,
    public: list[Property],
    hidden_props: list[Property],
    timeout: float,
) -> Outcome:
    """Write one mutant into `folder`, import it and check it: its outcome."""
    start = time.perf_counter()
    path = folder / f"m{mutant.index}" / f"{topic}.py"
    path.parent.mkdir(parents=True)
    path.write_text(mutant.source)
    impl = _load(topic, path, timeout)
    outcome = Outcome(topic, mutant.index, mutant.line, mutant.description, "survived")
    if impl.load_error is not None:
        outcome.status, outcome.killed_by = "not_loadable", impl.load_error.exc_type
    elif killer := first_failure(public, impl):
        outcome.status, outcome.killed_by = "killed_public", killer
    elif killer := first_failure(hidden_props, impl):
        outcome.status, outcome.killed_by = "killed_hidden", killer
    outcome.seconds = round(time.perf_counter() - start, 3)
    return outcome


def summarise(results: list[Outcome]) -> dict[str, dict[str, int | float]]:
    table: dict[str, dict[str, int | float]] = {}
    for r in results:
        row = table.setdefault(
            r.topic,
            {
                "mutants": 0,
                "killed_public": 0,
                "killed_hidden": 0,
                "survived": 0,
                "not_loadable": 0,
            },
        )
        row["mutants"] += 1
        row[r.status] += 1
    for row in table.values():
        judged = row["mutants"] - row["not_loadable"]
        killed = row["killed_public"] + row["killed_hidden"]
        row["kill_rate"] = round(killed / judged, 4) if judged else 1.0
    return table


def _check(topic: str, path: Path | None) -> int:
    impl = _load(topic, path or SOLUTIONS / f"{topic}.py", timeout=5.0)
    if impl.load_error is not None:
        print(f"not loadable: {impl.load_error.exc_type}")
        return 1
    public, hidden_props = properties(topic)
    killer = first_failure(public + hidden_props, impl)
    if killer:
        print(f"killed by {killer}")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader.mutation", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="mutate solutions/ and report kill rates")
    run.add_argument("topics", nargs="*", help="topics (default: all)")
    run.add_argument("--json", type=Path, help="write every outcome to this file")
    check = sub.add_parser("check", help="exit 1 if TOPIC's solution fails a property")
    check.add_argument("topic")
    check.add_argument("--path", type=Path, help="the file to check (default solutions/TOPIC.py)")
    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(args.topic, args.path)

    from grader.engine.suites import equivalent_mutants
    from grader.topics import TOPIC_NAMES

    results: list[Outcome] = []
    for topic in args.topics or TOPIC_NAMES:
        results += run_topic(topic)
    for r in results:
        if r.status == "survived":
            known = " (equivalent)" if r.description in equivalent_mutants(r.topic) else ""
            print(f"SURVIVED{known} {r.topic}#{r.index} line {r.line}: {r.description}")
    table = summarise(results)
    for topic, row in table.items():
        print(f"{topic}: {json.dumps(row)}")
    if args.json:
        args.json.write_text(
            json.dumps({"summary": table, "outcomes": [asdict(r) for r in results]}, indent=1)
        )
    return 0


# A stub still raising NotImplementedError must count as killed like any other failure.
assert NOT_IMPLEMENTED

if __name__ == "__main__":
    sys.exit(main())
