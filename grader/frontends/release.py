"""``python -m grader release OUT``: build the student bundle.

The bundle holds what a student needs to run ``pytest exercises/`` and nothing more:

* ``exercises/``: the stubs, the public test files and the pytest plugin (conftest.py);
* of ``grader/``, exactly the modules those files import, directly or not: the import
  closure computed from the source with :mod:`ast` (no import is executed);
* ``notebooks/<lang>/<topic>.ipynb``: one study notebook per topic, in English and in
  Korean, without solutions (``grader/frontends/study_notebooks.py``), and the module their
  check cells call (``grader/frontends/study.py``);
* ``README.md``, ``pyproject.toml`` (its ``testpaths`` pointed at ``exercises``),
  ``setup.py`` and ``requirements.txt``;
* ``grader/engine/fingerprints.json`` when the shipped code diagnoses mistakes: what each
  catalogued mistake outputs on a few fixed inputs, as data (see grader/engine/fingerprints.py).

Never shipped: ``solutions/``, the hidden suites, the catalogue of mistakes, and the
grading side (worker, sandbox, wire format, command line).  If the public tests ever come
to import one of those, the closure reaches it and the build stops with an error rather
than ship it.
"""

from __future__ import annotations

import argparse
import ast
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from grader.kit_files import checkout

# The repository the bundle is built from (an installed kit has no README or pyproject).
ROOT = checkout() or Path(__file__).resolve().parents[2]
PACKAGE = "grader"

# Modules and packages that must never be in the bundle (prefix match on dotted names).
NEVER_SHIPPED = (
    "grader.topics.*.hidden",
    "grader.topics.*.mistakes",
    "grader.engine.suites",
    "grader.engine.grading",
    "grader.define.catalogue",
    "grader.isolation.sandbox",
    "grader.isolation.fork_client",
    "grader.isolation.fork_server",
    "grader.isolation.worker_main",
    "grader.isolation.worker_client",
    "grader.frontends.cli_grade",
    "grader.frontends.cli_grade_all",
    "grader.frontends.class_state",
    "grader.frontends.merge",
    "grader.frontends.release",
    "grader.frontends.notebooks",
    "grader.frontends.nbgrader_grading",
    "grader.__main__",
    "solutions",
)

STUDY_MODULE = "grader.frontends.study"
TOP_FILES = ("README.md", "pyproject.toml", "setup.py", "requirements.txt")
FINGERPRINTS = "grader/engine/fingerprints.json"

BUNDLE_NOTE = """\
> **Student release.** This folder holds the exercises, their public tests and the checking
> code they need. The reference solutions and the instructors' hidden tests are not part of
> it, so the instructor-only commands described below (`--solutions`, `python -m grader`,
> `pytest tests/`) do not apply here. Start with `python -m pip install -r requirements.txt
> && python -m pytest exercises/`.

"""


class ReleaseError(RuntimeError):
    """The bundle cannot be built safely (it would ship something it must not)."""


@dataclass(frozen=True)
class Bundle:
    out: Path
    files: tuple[str, ...]  # paths relative to out
    grader_modules: tuple[str, ...]


def _module_path(module: str, root: Path) -> Path | None:
    """The source file of a dotted module name under root, or None if not there."""
    base = root.joinpath(*module.split("."))
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    return None


def _is_never_shipped(module: str) -> bool:
    """Whether ``module`` is (or is inside) a never-shipped module; ``*`` in a pattern stands
    for one name (any topic)."""
    parts = module.split(".")
    for bad in NEVER_SHIPPED:
        pattern = bad.split(".")
        if len(parts) >= len(pattern) and all(
            want in ("*", got) for want, got in zip(pattern, parts)
        ):
            return True
    return False


def _imports_of(path: Path, module: str, root: Path) -> set[str]:
    """Dotted names of the project modules (grader.*, solutions.*) ``path`` imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()

    def add(name: str) -> None:
        top = name.split(".")[0]
        if top in (PACKAGE, "solutions"):
            found.add(name)

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            add(target)
            for alias in node.names:
                # "from grader import oracle" imports the module grader.define.oracle.
                if _module_path(f"{target}.{alias.name}", root) is not None:
                    add(f"{target}.{alias.name}")
        elif isinstance(node, ast.Call) and _is_import_module_call(node):
            found |= _dynamic_targets(node, path, root)
    return found


def _is_import_module_call(node: ast.Call) -> bool:
    func = node.func
    return (isinstance(func, ast.Attribute) and func.attr == "import_module") or (
        isinstance(func, ast.Name) and func.id in ("import_module", "__import__")
    )


def _dynamic_targets(node: ast.Call, path: Path, root: Path) -> set[str]:
    """What an ``importlib.import_module(...)`` call may import.

    A constant name is itself; an f-string ``f"grader.topics.{name}"`` may import any
    module of that package, so all of them are taken.  Anything else cannot be followed
    and stops the build: a bundle computed from a guess is not safe.
    """
    if not node.args:
        return set()
    arg = node.args[0]
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        name = arg.value
        return {name} if name.split(".")[0] in (PACKAGE, "solutions") else set()
    if isinstance(arg, ast.JoinedStr) and _fstring_parts(arg) is not None:
        prefix, suffix = _fstring_parts(arg)
        if prefix.split(".")[0] not in (PACKAGE, "solutions"):
            return set()
        if prefix.endswith(".") and _module_path(prefix[:-1], root) is not None:
            # f"grader.topics.{name}.definition": any child of the package, with the suffix.
            pkg_dir = root.joinpath(*prefix[:-1].split("."))
            children = {p.stem for p in pkg_dir.glob("*.py")} | {
                p.name for p in pkg_dir.iterdir() if (p / "__init__.py").is_file()
            }
            children.discard("__init__")
            return {
                prefix + child + suffix
                for child in sorted(children)
                if _module_path(prefix + child + suffix, root) is not None
            }
    raise ReleaseError(
        f"{path.relative_to(root)}:{node.lineno}: cannot tell statically what this "
        "dynamic import loads, so the release cannot prove what it ships"
    )


def _fstring_parts(node: ast.JoinedStr) -> tuple[str, str] | None:
    """(prefix, suffix) of an f-string made of a constant, one value and an optional
    constant, such as ``f"grader.topics.{name}.definition"``; None for any other shape."""
    values = node.values
    if not (2 <= len(values) <= 3) or not isinstance(values[1], ast.FormattedValue):
        return None
    constants = [values[0], *values[2:]]
    if not all(isinstance(v, ast.Constant) and isinstance(v.value, str) for v in constants):
        return None
    return values[0].value, values[2].value if len(values) == 3 else ""


def import_closure(entry_files: list[Path], root: Path = ROOT) -> list[str]:
    """Every project module the entry files import, directly or not, with the parent
    packages of each.  Raises :class:`ReleaseError` if that reaches a never-shipped
    module, naming the chain of imports that leads there."""
    seen: dict[str, str] = {}  # module -> who imported it first
    todo: list[tuple[str, str]] = []
    for entry in entry_files:
        for name in _imports_of(entry, entry.stem, root):
            todo.append((name, str(entry.relative_to(root))))
    while todo:
        module, importer = todo.pop()
        if module in seen:
            continue
        if _is_never_shipped(module):
            raise ReleaseError(
                f"{importer} imports {module}, which is never shipped to students "
                "(solutions, hidden suites, catalogue, grading machinery)"
            )
        path = _module_path(module, root)
        if path is None:
            # "from grader.x import name" where name is not a module: nothing more.
            continue
        seen[module] = importer
        parts = module.split(".")
        for i in range(1, len(parts)):
            todo.append((".".join(parts[:i]), module))
        for name in _imports_of(path, module, root):
            todo.append((name, module))
    return sorted(seen)


def exercise_files(root: Path = ROOT) -> list[Path]:
    return sorted(p for p in (root / "exercises").glob("*.py") if p.is_file())


def build(out: Path, root: Path = ROOT, force: bool = False) -> Bundle:
    """Write the student bundle into ``out`` (which must not exist or be empty, unless
    ``force``) and return what was written."""
    out = Path(out).resolve()
    if out == root or root in out.parents:
        # Building inside the project would make the bundle part of what it scans.
        raise ReleaseError(f"{out} is inside the project; choose a folder outside {root}")
    if out.exists() and any(out.iterdir()):
        if not force:
            raise ReleaseError(f"{out} exists and is not empty (use --force to replace it)")
        shutil.rmtree(out)
    entries = exercise_files(root)
    if not entries:
        raise ReleaseError(f"no exercise files in {root / 'exercises'}")
    # The study notebooks' check cells import STUDY_MODULE: shipped with what it imports.
    study = _module_path(STUDY_MODULE, root)
    assert study is not None
    modules = import_closure([*entries, study], root)
    modules = sorted({PACKAGE, STUDY_MODULE, *STUDY_MODULE.split(".")[:1], *modules})

    written: list[str] = []

    def copy(source: Path, relative: str, text: str | None = None) -> None:
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if text is None:
            shutil.copyfile(source, target)
        else:
            target.write_text(text, encoding="utf-8")
        written.append(relative)

    for path in entries:
        copy(path, f"exercises/{path.name}")
    for module in modules:
        path = _module_path(module, root)
        assert path is not None
        copy(path, str(path.relative_to(root)))
    if "grader.engine.diagnosis" in modules:
        # Diagnosis without the catalogue: the mistakes' recorded outputs on fixed probe
        # inputs, as data keyed anonymously (grader/engine/fingerprints.py).  Imported here only:
        # it imports the catalogue, which is never shipped.
        from grader.engine import fingerprints

        target = out / FINGERPRINTS
        target.parent.mkdir(parents=True, exist_ok=True)
        fingerprints.write(target)
        written.append(FINGERPRINTS)
    # One study notebook per topic and language (grader/frontends/study_notebooks.py).
    from grader.frontends.study_notebooks import write_study_notebooks

    written += write_study_notebooks(out)
    for name in TOP_FILES:
        source = root / name
        if not source.is_file():
            raise ReleaseError(f"{name} is missing from the project")
        text = source.read_text(encoding="utf-8")
        if name == "README.md":
            text = _with_note(text)
        elif name == "pyproject.toml":
            text = _student_pyproject(text)
        copy(source, name, text)
    return Bundle(out, tuple(sorted(written)), tuple(modules))


def _with_note(readme: str) -> str:
    lines = readme.splitlines(keepends=True)
    # After the title line, so the bundle's README still starts with the kit's name.
    if lines and lines[0].startswith("#"):
        return lines[0] + "\n" + BUNDLE_NOTE + "".join(lines[1:]).lstrip("\n")
    return BUNDLE_NOTE + readme


def _student_pyproject(text: str) -> str:
    # The bundle has no tests/: a bare `pytest` runs the exercises instead.
    text = re.sub(r"(?m)^testpaths\s*=.*$", 'testpaths = ["exercises"]', text)
    # The console command is the instructor's command line (grading, releases,
    # notebooks), none of which is shipped: `pip install .` in the bundle installs the
    # checking code its exercises and notebooks import, and `pytest exercises/` is the
    # student's command.
    return re.sub(r"(?ms)^\[project\.scripts\]\n.*?(?=^\[)", "", text)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", type=Path, help="folder to write the bundle into")
    parser.add_argument(
        "--force", action="store_true", help="replace OUT if it exists and is not empty"
    )


def run(args: argparse.Namespace) -> int:
    if checkout() is None:
        print(
            "release: the student bundle is built from a clone of the kit's repository "
            "(its exercises/, README.md and pyproject.toml); run this command from a "
            "clone, or set DLKIT_ROOT to one.",
            file=sys.stderr,
        )
        return 2
    try:
        bundle = build(args.out, force=args.force)
    except ReleaseError as exc:
        print(f"release: {exc}", file=sys.stderr)
        return 2
    print(f"Student bundle written to {bundle.out} ({len(bundle.files)} files).")
    print("grader modules shipped: " + ", ".join(bundle.grader_modules))
    print(
        "not shipped: solutions/, the hidden suites and catalogues of grader/topics/, "
        "the grading machinery"
    )
    print(f"try it: cd {bundle.out} && python -m pytest exercises/")
    return 0
