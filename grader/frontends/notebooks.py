"""``python -m grader notebooks COURSE_DIR``: the exercises as an nbgrader course.

Writes ``COURSE_DIR/nbgrader_config.py`` and ``COURSE_DIR/source/<topic>/<topic>.ipynb``:
**one assignment per topic**, each holding one notebook, in course order (activations,
batchnorm, dropout, conv, regularization).  One assignment per topic lets an instructor
release, collect and give due dates topic by topic as the lectures go, and nbgrader's
gradebook and ``grades.csv`` then show one score per topic.

Everything comes from the topic definitions (``grader.topics.TOPICS``): the answer cells
are the stubs' signatures and docstrings around the reference solutions (between
nbgrader's solution markers), and every autograded test cell calls one property of the
kit by id through :func:`grader.nb.check` (see ``grader/frontends/nb_cells.py`` for the layout and
the points).  Nothing is copied: a new topic or property appears after re-running this.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import importlib
import json
import re
import sys
from pathlib import Path

import nbformat
from nbformat.notebooknode import NotebookNode

from grader.define.i18n import LANGUAGES
from grader.define.notebook import Content
from grader.define.spec import Topic
from grader.frontends.nb_cells import (
    ROOT,
    SETUP_ID,
    answer_cell_source,
    answer_id,
    graded_cell_source,
    graded_cells,
    stub_scaffolding,
)
from grader.topics import BY_NAME, TOPICS

COURSE_ID = "dl-fundamentals"
SCHEMA_VERSION = 3
# A correct solution passes a test cell in well under a second; a function that hangs
# costs one per-call limit (grader.isolation.sandbox.Limits.call_seconds) per cell, and a slow but
# finishing one (a Python loop over elements) up to a few seconds per example.  120 s
# leaves that slow code room to be graded while a runaway cell cannot stall autograde.
CELL_TIMEOUT = 120

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}

SETUP_CODE = """\
# Setup (read-only): what your code may use, and the kit that runs the test cells.
{imports}
import pathlib
import sys

try:
    from grader.nb import check
except ModuleNotFoundError:  # opened outside the kit's folder: look in the folders above
    sys.path += [str(p) for p in pathlib.Path.cwd().parents if (p / "grader" / "nb.py").is_file()][:1]
    from grader.nb import check"""

HOW_TO = """\
**How this notebook works.** Write each function in its answer cell, in place of
`raise NotImplementedError()`, with NumPy only, then run the test cells below it. They run
the same property tests as `pytest exercises/`, against PyTorch, and on failure show the
property in plain words, the smallest failing input, what PyTorch gives and what you gave,
and a hint. Keep all your code (helpers too) inside the answer cells and keep the
function names and arguments: only the answer cells are graded. Some empty test cells hold
**hidden tests** that run when your notebook is graded."""


def _nbgrader_meta(
    grade_id: str,
    *,
    solution: bool = False,
    grade: bool = False,
    locked: bool = False,
    points: float | None = None,
) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": SCHEMA_VERSION,
        "solution": solution,
        "task": False,
    }
    if grade:
        meta["points"] = points
    return meta


def _markdown(cell_id: str, text: str) -> NotebookNode:
    cell = nbformat.v4.new_markdown_cell(text)
    cell.id = cell_id
    return cell


def _code(cell_id: str, source: str, nbgrader: dict | None = None) -> NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.id = cell_id
    if nbgrader is not None:
        cell.metadata["nbgrader"] = nbgrader
    return cell


def _points_text(points: float) -> str:
    return f"{points:g}"


def notebook_content(topic: Topic) -> Content | None:
    """The topic's ``grader/topics/<topic>/notebook.py`` content, or None without one."""
    try:
        module = importlib.import_module(f"grader.topics.{topic.name}.notebook")
    except ModuleNotFoundError as exc:
        if exc.name != f"grader.topics.{topic.name}.notebook":
            raise
        return None
    return module.CONTENT


def build_notebook(topic: Topic) -> NotebookNode:
    """The instructor's (source) notebook of one topic."""
    content = notebook_content(topic)
    cells: list[NotebookNode] = []
    explanation = content.explanation if content else topic.notes.en
    cells.append(
        _markdown(
            "intro",
            f"# {topic.title.en}\n*{topic.title.ko}*\n\n{explanation}\n\n{HOW_TO}",
        )
    )
    cells.append(
        _code(
            SETUP_ID,
            SETUP_CODE.format(imports=stub_scaffolding(topic, keep_docstring=False).strip()),
            _nbgrader_meta(SETUP_ID, locked=True),
        )
    )
    for index, figure in enumerate(content.figures if content else (), start=1):
        cells.append(_markdown(f"figure-{index}-text", figure.intro))
        cells.append(_code(f"figure-{index}", figure.code))

    by_function: dict[str, list] = {}
    for cell in graded_cells(topic):
        by_function.setdefault(cell.function, []).append(cell)
    for spec in topic.functions:
        tests = by_function.get(spec.name, [])
        total = sum(t.points for t in tests)
        cells.append(
            _markdown(
                f"about-{spec.name}",
                f"## `{spec.name}`\n\n{spec.summary.en}  \n*{spec.summary.ko}*\n\n"
                f"Tests below: {len(tests)} cells, {_points_text(total)} points.",
            )
        )
        cells.append(
            _code(
                answer_id(spec.name),
                answer_cell_source(topic, spec.name),
                _nbgrader_meta(answer_id(spec.name), solution=True),
            )
        )
        for test in tests:
            claim = topic.prop(test.property_id).claim.en if not test.hidden else ""
            cells.append(
                _code(
                    test.grade_id,
                    graded_cell_source(test, claim),
                    _nbgrader_meta(test.grade_id, grade=True, locked=True, points=test.points),
                )
            )

    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata["dlkit"] = {"topic": topic.name}
    return nb


def config_text(kit_root: Path, lang: str = "en") -> str:
    return f'''\
"""nbgrader configuration of the course generated by `python -m grader notebooks`."""

import os

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "{COURSE_ID}"
# nbgrader runs each cell of a student's notebook with this limit (seconds).
c.Execute.timeout = {CELL_TIMEOUT}

# The test cells import the kit (grader.nb). nbgrader starts the notebook kernels from
# this process, and they inherit its environment, so putting the kit on PYTHONPATH here
# works wherever the course directory lives and whatever the kernel's working folder.
# Set DLKIT_ROOT to use another checkout of the kit.
KIT_ROOT = os.environ.get("DLKIT_ROOT", {str(kit_root)!r})
_paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
if KIT_ROOT not in _paths:
    os.environ["PYTHONPATH"] = os.pathsep.join([KIT_ROOT, *_paths])
# Language of the test cells' feedback in autograde and grade-nbgrader ("en" or "ko").
os.environ.setdefault("DLKIT_LANG", "{lang}")
'''


# The hash of a notebook's cells as the kit wrote them, kept in its metadata
# (``dlkit.generated``): a notebook whose cells no longer match was edited by someone.
GENERATED_KEY = "generated"


def cells_digest(nb: NotebookNode) -> str:
    """A hash of a notebook's cells (sources, metadata, outputs), as read from disk."""
    cells = json.dumps(nb.get("cells", []), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(cells.encode()).hexdigest()


def _stamped(nb: NotebookNode) -> NotebookNode:
    """The notebook as it will read back from disk, with the hash of its cells."""
    nb = nbformat.reads(nbformat.writes(nb), as_version=4)
    nb.metadata.setdefault("dlkit", {})[GENERATED_KEY] = cells_digest(nb)
    return nb


def notebook_edited(path: Path) -> bool:
    """Whether the notebook at ``path`` differs from what the kit wrote there (or was
    not written by the kit at all, or cannot be read)."""
    try:
        nb = nbformat.read(str(path), as_version=4)
    except Exception:  # not a notebook we can read: somebody's file all the same
        return True
    return nb.metadata.get("dlkit", {}).get(GENERATED_KEY) != cells_digest(nb)


_CONFIG_ROOT = re.compile(r'^KIT_ROOT = os\.environ\.get\("DLKIT_ROOT", (.+)\)$', re.M)
_CONFIG_LANG = re.compile(r'^os\.environ\.setdefault\("DLKIT_LANG", "(\w+)"\)$', re.M)


def config_language(path: Path) -> str | None:
    """The feedback language an existing generated config sets, if it sets one."""
    try:
        found = _CONFIG_LANG.search(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
    return found.group(1) if found and found.group(1) in LANGUAGES else None


def config_edited(path: Path) -> bool:
    """Whether ``nbgrader_config.py`` differs from what the kit writes (for the kit
    root and language written in it)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return True
    root, lang = _CONFIG_ROOT.search(text), config_language(path)
    if root is None or lang is None:
        return True
    try:
        kit_root = Path(ast.literal_eval(root.group(1)))
    except (ValueError, SyntaxError, TypeError):
        return True
    return text != config_text(kit_root, lang)


class EditedFiles(Exception):
    """Files the instructor changed would be overwritten (``--force`` allows it)."""

    def __init__(self, paths: list[Path]) -> None:
        super().__init__(", ".join(map(str, paths)))
        self.paths = paths


def write_course(
    course_dir: Path,
    topics: list[Topic] | None = None,
    lang: str = "en",
    force: bool = False,
) -> list[Path]:
    """Write the config and one source notebook per topic; return the notebooks' paths.

    Refuses (:class:`EditedFiles`, before writing anything) to overwrite a notebook or
    config that was changed since the kit wrote it, unless ``force``: an instructor's
    edits to a course are work the kit must not silently throw away."""
    config = course_dir / "nbgrader_config.py"
    chosen = topics or list(TOPICS)
    paths = [course_dir / "source" / topic.name / f"{topic.name}.ipynb" for topic in chosen]
    if not force:
        edited = [p for p in paths if p.exists() and notebook_edited(p)]
        if config.exists() and config_edited(config):
            edited.insert(0, config)
        if edited:
            raise EditedFiles(edited)
    course_dir.mkdir(parents=True, exist_ok=True)
    config.write_text(config_text(ROOT, lang))
    for topic, path in zip(chosen, paths):
        nb = _stamped(build_notebook(topic))
        nbformat.validate(nb)
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, str(path))
    return paths


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("course_dir", type=Path, help="the nbgrader course directory to write")
    parser.add_argument(
        "--topic",
        action="append",
        choices=sorted(BY_NAME),
        help="only this topic (repeatable; default: every topic)",
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="language of the test cells' feedback when grading (students set DLKIT_LANG); "
        "default: the language of the course's existing config, else en",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="overwrite notebooks and the config even if they were edited since the kit wrote them",
    )


def run(args: argparse.Namespace) -> int:
    topics = [BY_NAME[name] for name in args.topic] if args.topic else None
    config = args.course_dir / "nbgrader_config.py"
    kept = config_language(config) if args.lang is None and config.exists() else None
    lang = args.lang or kept or "en"
    try:
        written = write_course(args.course_dir, topics, lang, force=args.force)
    except EditedFiles as exc:
        listing = "\n".join(f"  {path}" for path in exc.paths)
        print(
            "grader error: these files were changed since the kit wrote them, and "
            f"writing the course would overwrite them:\n{listing}\n"
            "Move them away, or run again with --force to overwrite them.",
            file=sys.stderr,
        )
        return 2
    print(f"wrote {config} (feedback language: {lang})")
    if kept:
        print(f"kept the language of the existing config ({kept}); --lang changes it")
    for path in written:
        print(f"wrote {path}")
    print(
        "next: cd into the course directory and run "
        "`nbgrader generate_assignment <topic>` for each topic you release",
        file=sys.stderr,
    )
    return 0
