"""What goes into each topic's nbgrader notebook, derived from the topic's one definition.

Both ``python -m grader notebooks`` (which writes the notebooks) and
``python -m grader grade-nbgrader`` (which records the kit's grades cell by cell) use
:func:`graded_cells`, so a notebook's autograded cells, their grade ids, the property each
one runs and its points are defined in exactly one place.

The code of the answer cells comes from the files students already have and the
reference solutions: the stub's signature and docstring (``exercises/<topic>.py``), then
the reference body (``solutions/<topic>.py``) between nbgrader's solution markers, with
any module-level helper the reference uses inlined into the body so that every answer
cell stays self-contained once nbgrader replaces its solution region.
"""

from __future__ import annotations

import ast
import textwrap
from dataclasses import dataclass
from pathlib import Path

from grader.define.spec import Property, Topic
from grader.kit_files import folder

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = folder("exercises")
SOLUTIONS = folder("solutions")

BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
END_HIDDEN = "### END HIDDEN TESTS"

SETUP_ID = "setup"


@dataclass(frozen=True)
class GradedCell:
    """One autograded test cell: it runs exactly one property (public or hidden)."""

    grade_id: str
    property_id: str
    function: str  # the contract function after whose answer cell it stands
    hidden: bool
    points: float


def points_for(prop: Property) -> float:
    """Points of one property, so a cell is worth in nbgrader exactly what the property is
    worth in ``python -m grader grade``."""
    return float(prop.points)


def answer_id(function: str) -> str:
    return f"answer_{function}"


def _home_function(topic: Topic, prop: Property) -> str:
    """The function whose answer cell a property's test cell follows: the last one it
    calls in course order, so every function it needs is defined above it."""
    order = [spec.name for spec in topic.functions]
    return max(prop.functions, key=order.index)


def hidden_properties(topic: Topic) -> tuple[Property, ...]:
    try:
        from grader.engine.suites import hidden
    except ImportError:
        return ()
    return hidden(topic.name)


def graded_cells(topic: Topic, include_hidden: bool = True) -> list[GradedCell]:
    """Every autograded cell of the topic's notebook, in notebook order.

    Hidden cells get grade ids that name only the function (``hidden_relu_backward_1``),
    because grade ids stay visible in the released notebook.
    """
    hidden = hidden_properties(topic) if include_hidden else ()
    cells: list[GradedCell] = []
    for spec in topic.functions:
        for prop in topic.properties:
            if _home_function(topic, prop) == spec.name:
                cells.append(
                    GradedCell(f"test_{prop.id}", prop.id, spec.name, False, points_for(prop))
                )
        count = 0
        for prop in hidden:
            if _home_function(topic, prop) == spec.name:
                count += 1
                cells.append(
                    GradedCell(
                        f"hidden_{spec.name}_{count}",
                        prop.id,
                        spec.name,
                        True,
                        points_for(prop),
                    )
                )
    return cells


# --- source code of the answer cells -------------------------------------------------


def _source(path: Path) -> tuple[str, ast.Module]:
    text = path.read_text()
    return text, ast.parse(text)


def _lines(text: str, node: ast.AST) -> list[str]:
    """The source lines of a top-level node, decorators included."""
    start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    return text.splitlines()[start - 1 : node.end_lineno]


def _contract_defs(topic: Topic, tree: ast.Module) -> dict[str, ast.FunctionDef]:
    names = {spec.name for spec in topic.functions}
    return {
        node.name: node
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name in names
    }


def stub_scaffolding(topic: Topic, keep_docstring: bool = True) -> str:
    """The stub module without its contract functions: docstring, imports, constants."""
    text, tree = _source(EXERCISES / topic.filename)
    defs = set(map(id, _contract_defs(topic, tree).values()))
    kept: list[str] = []
    for index, node in enumerate(tree.body):
        if id(node) in defs:
            continue
        is_docstring = (
            index == 0
            and isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        )
        if is_docstring and not keep_docstring:
            continue
        kept.append("\n".join(_lines(text, node)))
    return "\n".join(kept).strip() + "\n"


def stub_header(topic: Topic, function: str) -> str:
    """The stub's ``def`` line(s) and docstring for one contract function."""
    text, tree = _source(EXERCISES / topic.filename)
    node = _contract_defs(topic, tree)[function]
    first = node.body[0]
    if not (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)):
        raise ValueError(f"exercises/{topic.filename}: {function} has no docstring")
    start = min([node.lineno] + [d.lineno for d in node.decorator_list])
    return "\n".join(text.splitlines()[start - 1 : first.end_lineno])


def _names_used(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} | {
        n.value.id
        for n in ast.walk(node)
        if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
    }


def _names_defined(node: ast.stmt) -> set[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in node.names}
    targets: list[ast.AST] = []
    if isinstance(node, ast.Assign):
        targets = list(node.targets)
    elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
        targets = [node.target]
    return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}


def reference_body(topic: Topic, function: str) -> str:
    """The reference solution's body for one function, indented one level, with the
    module-level helpers (and imports the stub lacks) that it uses inlined before it."""
    text, tree = _source(SOLUTIONS / topic.filename)
    defs = _contract_defs(topic, tree)
    node = defs[function]
    _, stub_tree = _source(EXERCISES / topic.filename)
    provided = set().union(*(_names_defined(n) for n in stub_tree.body))

    helpers = [
        n
        for n in tree.body
        if n not in defs.values()
        and not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))
        and not (_names_defined(n) and _names_defined(n) <= provided)
    ]
    wanted = _names_used(node)
    needed: list[ast.stmt] = []
    changed = True
    while changed:  # helpers may use other helpers
        changed = False
        for helper in helpers:
            if helper not in needed and _names_defined(helper) & wanted:
                needed.append(helper)
                wanted |= _names_used(helper)
                changed = True
    needed.sort(key=lambda n: n.lineno)

    lines = text.splitlines()
    first = node.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        start = first.end_lineno  # the reference's own docstring: the stub's is shown
    else:
        start = _signature_end(lines, node)
    own = "\n".join(lines[start : node.end_lineno])
    parts = [textwrap.indent("\n".join(_lines(text, h)), "    ") + "\n" for h in needed]
    parts.append(own.rstrip())
    return "\n".join(p for p in parts if p.strip())


def _signature_end(lines: list[str], node: ast.FunctionDef) -> int:
    """Index (0-based, exclusive) of the first line after the ``def ...:`` header."""
    first_body = node.body[0]
    start = first_body.lineno - 1
    # The body may start on the header line itself (def f(x): return x) - rare; keep it.
    if lines[start].lstrip().startswith("def "):
        return start
    # Comments between the header and the first statement belong to the body.
    index = start
    while index > node.lineno and lines[index - 1].strip().startswith("#"):
        index -= 1
    return index


def answer_cell_source(topic: Topic, function: str) -> str:
    """The instructor's version of one answer cell (nbgrader clears the marked region)."""
    return (
        f"{stub_header(topic, function)}\n"
        f"    {BEGIN_SOLUTION}\n"
        f"{reference_body(topic, function)}\n"
        f"    {END_SOLUTION}\n"
    ).rstrip("\n")


def graded_cell_source(cell: GradedCell, claim: str) -> str:
    call = f'check("{cell.property_id}", globals())'
    if not cell.hidden:
        return f"# {claim}\nfrom grader.nb import check\n\n{call}"
    return (
        f"# Hidden test of {cell.function}: runs when your notebook is graded.\n"
        f"from grader.nb import check\n\n"
        f"{BEGIN_HIDDEN}\n{call}\n{END_HIDDEN}"
    )
