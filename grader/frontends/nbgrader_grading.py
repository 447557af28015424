"""``python -m grader grade-nbgrader COURSE_DIR ASSIGNMENT``: grade nbgrader submissions
with the kit's grader and record the scores in nbgrader's gradebook.

``nbgrader autograde`` runs a student's notebook and the tests in one kernel, so the
student's code can change what the tests see (redefine ``check``, patch NumPy, print a
fake pass) and every notebook pays for starting a kernel and PyTorch.  This command
takes the other road:

1. For every ``submitted/<student>/<ASSIGNMENT>/*.ipynb`` it extracts the code of the
   answer cells (the nbgrader solution cells the gradebook knows, by ``grade_id``), puts
   it after the stub's imports and writes one exercise module per topic into a
   submission folder per student
   (``COURSE_DIR/kit_grading/<ASSIGNMENT>/submissions/<student>/``).
2. It grades those folders with :func:`grader.engine.grading.grade_submission` on the
   assignment's topics, one student after another in this process (the inputs and
   PyTorch's answers come from the disk cache once), or, for a large class, in
   parallel through ``grade-all``'s pool; the student's code runs in the grader's
   sandboxed worker process.  The grader's results files are kept in
   ``COURSE_DIR/kit_grading/<ASSIGNMENT>/results/``.
3. It runs nbgrader's own autograde pipeline, student by student, with nbgrader's
   ``Execute`` step replaced by ``KitOutputs``, which writes the kit's verdict into each
   autograded test cell (the feedback on failure, a confirmation on success) instead of
   running anything.  nbgrader therefore sanitises the submission, writes
   ``autograded/``, handles timestamps and late penalties, and scores every cell from
   its output, exactly as after a normal ``nbgrader autograde``.  Two of its steps run
   as the kit's subclasses that do the same with fewer database round trips
   (``OverwriteCellsOnce``, ``SaveAutoGradesOnce``; see :func:`_kit_preprocessors`).

Where the time goes, and what was done about it: ``benchmarks/bench_nbgrader.py``.

Each autograded test cell runs one property (``grader/frontends/nb_cells.py``), so a cell's score
is that property's score in the kit's grade, which is also what nbgrader gives the cell
when the notebook runs normally: both roads give the same per-cell grades.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grader.define.i18n import LANGUAGES, default_lang
from grader.frontends.jupyter_imports import nbformat
from grader.frontends.nb_cells import graded_cells, stub_scaffolding
from grader.isolation.sandbox import REQUESTS
from grader.nb import PASSED_LINE
from grader.topics import BY_NAME, TOPICS

if TYPE_CHECKING:
    from nbformat.notebooknode import NotebookNode

WORK_DIR = "kit_grading"


@dataclass
class CellGrade:
    """The kit's verdict for one autograded test cell."""

    grade_id: str
    property_id: str
    score: float
    max_score: float
    passed: bool
    output: str


# (student, notebook) -> grade_id -> CellGrade, read by KitOutputs inside nbgrader's
# pipeline, which runs in this process.
_VERDICTS: dict[tuple[str, str], dict[str, CellGrade]] = {}


# --- 1. extraction -------------------------------------------------------------------


def notebook_topic(nb: NotebookNode, path: Path) -> str | None:
    """The topic a notebook exercises: its ``dlkit`` metadata, else its file name."""
    topic = nb.metadata.get("dlkit", {}).get("topic") or path.stem
    return topic if topic in BY_NAME else None


def _as_module_code(source: str) -> str:
    """Notebook-only lines (magics, shell escapes) become comments in a module."""
    lines = []
    for line in source.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("%", "!")):
            line = line[: len(line) - len(stripped)] + "# (notebook only) " + stripped
        lines.append(line)
    return "\n".join(lines)


def extract_module(nb: NotebookNode, topic_name: str, answer_ids: list[str]) -> str:
    """The module a student's notebook amounts to: the stub's imports, then the answer
    cells in notebook order.  Only code cells whose ``grade_id`` is one of the
    notebook's solution cells (from the gradebook) are taken; cells a student added or
    re-labelled are not graded, as nbgrader would not grade them either."""
    wanted = set(answer_ids)
    parts = [stub_scaffolding(BY_NAME[topic_name])]
    seen: set[str] = set()
    for cell in nb.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if cell.cell_type != "code" or grade_id not in wanted or grade_id in seen:
            continue
        seen.add(grade_id)  # nbgrader keeps the first of duplicated ids, and so do we
        parts.append(f"# --- answer cell {grade_id} ---\n{_as_module_code(cell.source)}")
    return "\n\n\n".join(part.rstrip() for part in parts) + "\n"


# --- 2. grading ------------------------------------------------------------------------


# A pool process costs a Python start, a PyTorch import and a drawing of every input,
# far more than grading one student once those are paid (measured on the loaded 2-core
# machine, conv assignment: 3 students in 6.6 s in this process, 8 students in 46 s in
# a pool of 2).  So a class is graded in this process unless it gives every pool
# process at least this many students.
STUDENTS_PER_PROCESS = 25


def grade_folders(
    submissions: Path,
    results: Path,
    lang: str,
    sandbox: str,
    jobs: int,
    topics: list[str] | None = None,
) -> dict[str, dict[str, Any]]:
    """Grade every student folder of ``submissions``; write ``results/<student>.json``
    (the grader's results format) and return student -> results.

    Small classes are graded one after the other in this process, on ``topics`` only
    (an nbgrader assignment's; default every topic): the inputs of no other topic are
    loaded, or drawn when the disk cache is cold.  Large classes go through
    ``grade-all``'s pool (:func:`grader.frontends.cli_grade_all.grade_all`), which grades
    every topic (the others' modules are missing: nothing of them runs).
    """
    from grader.engine.grading import prepare_examples

    results.mkdir(parents=True, exist_ok=True)
    students = sorted(p.name for p in submissions.iterdir() if p.is_dir())
    workers = min(jobs, len(students) // STUDENTS_PER_PROCESS)
    if workers >= 2:
        from grader.frontends.cli_grade_all import grade_all

        # Drawn here once (when the cache is cold), before the pool's processes are
        # forked from this one, as `grade-all` does, rather than in each of them.
        prepare_examples()
        grade_all(
            submissions, results.parent, jobs=workers, lang=lang, sandbox=sandbox, progress=False
        )
    else:
        from grader.engine.disk_cache import save_references
        from grader.engine.grading import grade_submission
        from grader.frontends.report import gradescope_results, write_json_atomic

        for student in students:
            # PyTorch's new answers (for inputs shrunk from failures) are saved once at
            # the end: saving re-reads and rewrites the whole cache file.
            result = grade_submission(
                submissions / student, lang=lang, sandbox=sandbox, topics=topics, save_cache=False
            )
            write_json_atomic(results / f"{student}.json", gradescope_results(result))
        save_references()
    graded = {}
    for student in students:
        path = results / f"{student}.json"
        graded[student] = json.loads(path.read_text()) if path.is_file() else {"tests": []}
    return graded


def _by_property(graded: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A results file's tests keyed by property id (their names are ``topic/id``)."""
    return {test["name"].split("/", 1)[-1]: test for test in graded.get("tests", [])}


# --- 3. recording ----------------------------------------------------------------------


def _kit_preprocessors() -> dict[str, type]:
    """nbgrader's autograde steps the kit replaces, by the name of the step each
    replaces; defined lazily so that importing this module does not import nbgrader."""
    from nbgrader import utils
    from nbgrader.api import Gradebook
    from nbgrader.preprocessors import NbGraderPreprocessor, OverwriteCells, SaveAutoGrades

    class KitOutputs(NbGraderPreprocessor):
        """Stands in for nbgrader's ``Execute``: nothing runs; every autograded test
        cell gets the kit's verdict as its output (an error output, which nbgrader
        scores 0, when the property failed)."""

        def preprocess(self, nb, resources):
            info = resources["nbgrader"]
            self._verdicts = _VERDICTS.get((info["student"], info["notebook"]), {})
            return super().preprocess(nb, resources)

        def preprocess_cell(self, cell, resources, index):
            if cell.cell_type != "code":
                return cell, resources
            cell.outputs = []
            cell.execution_count = None
            if utils.is_grade(cell):
                verdict = self._verdicts.get(cell.metadata["nbgrader"]["grade_id"])
                cell.outputs = [_output_for(verdict)]
            return cell, resources

    class SaveAutoGradesOnce(SaveAutoGrades):
        """nbgrader's ``SaveAutoGrades`` in one transaction per notebook.

        The stock step looks every cell's grade or comment up with a query of its own
        and commits after each: some forty SQLite transactions for one notebook, a
        quarter of nbgrader's recording time per student.  Here the notebook's grades
        and comments are read at once and committed once; what each gets is still
        decided by nbgrader's own ``_add_score`` and ``_add_comment``."""

        def preprocess(self, nb, resources):
            info = resources["nbgrader"]
            self.notebook_id = info["notebook"]
            self.assignment_id = info["assignment"]
            self.student_id = info["student"]
            self.db_url = info["db_url"]
            with Gradebook(self.db_url) as gradebook:
                self.gradebook = _OneTransaction(
                    gradebook, self.notebook_id, self.assignment_id, self.student_id
                )
                # NbGraderPreprocessor's walk over the cells, which calls _add_score and
                # _add_comment (SaveAutoGrades.preprocess would open its own Gradebook).
                nb, resources = super(SaveAutoGrades, self).preprocess(nb, resources)
                gradebook.db.commit()
            return nb, resources

    class OverwriteCellsOnce(OverwriteCells):
        """nbgrader's ``OverwriteCells`` (which puts back what a student may not change:
        locked cells, test cells, points, cell types) with the notebook's cells read from
        the gradebook at once instead of one or two queries per cell; each cell is still
        checked and restored by nbgrader's own ``preprocess_cell``."""

        def preprocess(self, nb, resources):
            info = resources["nbgrader"]
            self.notebook_id = info["notebook"]
            self.assignment_id = info["assignment"]
            self.db_url = info["db_url"]
            with Gradebook(self.db_url) as gradebook:
                self.gradebook = _MasterCells(gradebook, self.notebook_id, self.assignment_id)
                # As OverwriteCells.preprocess does, with the lookups above.
                nb, resources = super(OverwriteCells, self).preprocess(nb, resources)
                if self.add_missing_cells:
                    nb, resources = self.add_missing_grade_cells(nb, resources)
                    nb, resources = self.add_missing_task_cells(nb, resources)
            return nb, resources

    return {
        "Execute": KitOutputs,
        "SaveAutoGrades": SaveAutoGradesOnce,
        "OverwriteCells": OverwriteCellsOnce,
    }


class _GradebookView:
    """A ``Gradebook`` whose lookups of one notebook's rows are answered from memory;
    everything else, and any row not found there (with its ``MissingEntry``), goes to
    the Gradebook itself."""

    def __init__(self, gradebook: Any) -> None:
        self._gradebook = gradebook

    def __getattr__(self, name: str) -> Any:
        return getattr(self._gradebook, name)


class _MasterCells(_GradebookView):
    """For ``OverwriteCells``: the assignment's cells of one notebook, by name."""

    def __init__(self, gradebook: Any, notebook: str, assignment: str) -> None:
        super().__init__(gradebook)
        master = gradebook.find_notebook(notebook, assignment)
        self._source = {cell.name: cell for cell in master.source_cells}
        # GradeCell first, then TaskCell, as Gradebook.find_graded_cell looks them up.
        self._graded = {cell.name: cell for cell in (*master.task_cells, *master.grade_cells)}

    def find_source_cell(self, name: str, notebook: str, assignment: str) -> Any:
        found = self._source.get(name)
        if found is not None:
            return found
        return self._gradebook.find_source_cell(name, notebook, assignment)

    def find_graded_cell(self, name: str, notebook: str, assignment: str) -> Any:
        found = self._graded.get(name)
        if found is not None:
            return found
        return self._gradebook.find_graded_cell(name, notebook, assignment)


class _OneTransaction(_GradebookView):
    """For ``SaveAutoGrades``: one submitted notebook's grades and comments, by cell
    name, with ``db.commit`` left to the caller."""

    class _Uncommitted:
        def commit(self) -> None:
            pass

    def __init__(self, gradebook: Any, notebook: str, assignment: str, student: str) -> None:
        super().__init__(gradebook)
        submitted = gradebook.find_submission_notebook(notebook, assignment, student)
        master = submitted.notebook
        # Through the cells' ids: a Grade's or Comment's name loads its cell, a query each.
        names = {
            cell.id: cell.name
            for cell in (*master.grade_cells, *master.solution_cells, *master.task_cells)
        }
        self._grades = {names[grade.cell_id]: grade for grade in submitted.grades}
        self._comments = {names[comment.cell_id]: comment for comment in submitted.comments}
        self.db = self._Uncommitted()

    def find_grade(self, grade_id: str, notebook: str, assignment: str, student: str) -> Any:
        found = self._grades.get(grade_id)
        if found is not None:
            return found
        return self._gradebook.find_grade(grade_id, notebook, assignment, student)

    def find_comment(self, cell_id: str, notebook: str, assignment: str, student: str) -> Any:
        found = self._comments.get(cell_id)
        if found is not None:
            return found
        return self._gradebook.find_comment(cell_id, notebook, assignment, student)


NOT_GRADED = (
    "The kit has no test for this cell: the notebook was not generated by this version "
    "of the kit (regenerate it with `python -m grader notebooks`), or the notebook's "
    "topic is unknown."
)


def _output_for(verdict: CellGrade | None) -> NotebookNode:
    # Built as nbformat.v4.new_output builds them, without validating each one against
    # the notebook schema: nbconvert validates the whole notebook after this step anyway.
    if verdict is not None and verdict.passed:
        output = {"output_type": "stream", "name": "stdout", "text": verdict.output + "\n"}
        return nbformat.from_dict(output)
    text = verdict.output if verdict is not None else NOT_GRADED
    error = {
        "output_type": "error",
        "ename": "PropertyNotSatisfied",
        "evalue": text.splitlines()[0] if text else "",
        "traceback": ["PropertyNotSatisfied: " + text],
    }
    return nbformat.from_dict(error)


def _course_config(course_dir: Path) -> Any:
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    config = Config()
    if (course_dir / "nbgrader_config.py").is_file():
        config.merge(PyFileConfigLoader("nbgrader_config.py", path=str(course_dir)).load_config())
    config.CourseDirectory.root = str(course_dir)
    return config


class _SchemaCheckedOnce:
    """Stands in for the ``jsonschema`` module inside nbgrader's metadata validator
    (``nbgrader.nbgraderformat.common``) while this process autogrades.

    nbgrader validates each cell's metadata with ``jsonschema.validate(metadata, schema)``,
    which first validates nbgrader's own schema against JSON Schema's meta-schema, for
    every cell: 90% of ``CheckCellMetadata``'s time, a quarter of the recording of a
    60-cell notebook (init).  jsonschema's documentation advises checking a schema once
    and validating with its validator after; that is all this does.  Each cell's
    metadata is validated as before, with the same errors."""

    def __init__(self, module: Any) -> None:
        self._module = module
        self._validators: dict[str, Any] = {}

    def validate(self, instance: Any, schema: dict) -> None:
        key = json.dumps(schema, sort_keys=True)
        validator = self._validators.get(key)
        if validator is None:
            cls = self._module.validators.validator_for(schema)
            cls.check_schema(schema)
            validator = self._validators[key] = cls(schema)
        error = self._module.exceptions.best_match(validator.iter_errors(instance))
        if error is not None:
            raise error

    def __getattr__(self, name: str) -> Any:
        return getattr(self._module, name)


@contextlib.contextmanager
def _metadata_schema_checked_once() -> Iterator[None]:
    """nbgrader's metadata validation with :class:`_SchemaCheckedOnce`, inside this block."""
    from nbgrader.nbgraderformat import common

    original = getattr(common, "jsonschema", None)
    if original is None:  # another nbgrader: validate as it does
        yield
        return
    common.jsonschema = _SchemaCheckedOnce(original)
    try:
        yield
    finally:
        common.jsonschema = original


def _use_kit_steps(config: Any) -> None:
    """Make nbgrader's autograde run the kit's steps (:func:`_kit_preprocessors`) in
    place of ``Execute``, ``SaveAutoGrades`` and ``OverwriteCells``, the others as they
    are, in nbgrader's order.

    The autograding half's closing ``CheckCellMetadata`` is left out: it validates every
    cell's nbgrader metadata against nbgrader's JSON schema again (10% of the recording
    time), after the sanitising half validated the same metadata and nothing changed it
    since: nothing is executed, and ``KitOutputs`` only sets outputs."""
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import CheckCellMetadata

    kit = _kit_preprocessors()
    traits = Autograde.class_traits()
    sanitize = list(traits["sanitize_preprocessors"].default())
    autograde = list(traits["autograde_preprocessors"].default())
    if autograde and autograde[-1] is CheckCellMetadata:
        autograde.pop()
    config.Autograde.sanitize_preprocessors = [kit.get(pp.__name__, pp) for pp in sanitize]
    config.Autograde.autograde_preprocessors = [kit.get(pp.__name__, pp) for pp in autograde]


@dataclass
class StudentReport:
    student: str
    score: float
    max_score: float
    isolation: str
    grade_seconds: float
    error: str = ""


def grade_nbgrader(
    course_dir: Path,
    assignment: str,
    *,
    students: list[str] | None = None,
    lang: str | None = None,
    sandbox: str = "auto",
    jobs: int | None = None,
    log: Any = None,
) -> list[StudentReport]:
    """Grade every submission of ``assignment`` (or only ``students``) and record it."""
    # The sandbox's probe (a Python started in bubblewrap) and the shared libraries it
    # needs (ldd) are waited for, not computed: 0.5-1 s of this process's wall time,
    # spent here while nbgrader is imported and the notebooks are read.  Joined before
    # grading starts (and so before grade-all's pool forks this process).
    from grader.isolation.sandbox import probe_in_background

    probe = probe_in_background(sandbox)
    from nbgrader.api import Gradebook
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    say = log or (lambda text: print(text, file=sys.stderr))
    course_dir = course_dir.resolve()
    config = _course_config(course_dir)  # also sets the course's DLKIT_LANG default
    lang = lang or default_lang()
    _use_kit_steps(config)
    coursedir = CourseDirectory(config=config)
    submitted = course_dir / "submitted"
    found = sorted(p.parent.name for p in submitted.glob(f"*/{assignment}") if p.is_dir())
    chosen = [s for s in found if students is None or s in students]
    if not chosen:
        probe.join()  # its sandbox and temporary folder end with it
        raise SystemExit(f"no submissions of {assignment!r} under {submitted}")

    with Gradebook(coursedir.db_url, coursedir.course_id) as gb:
        try:
            notebooks = gb.find_assignment(assignment).notebooks
        except Exception:
            probe.join()
            raise SystemExit(
                f"assignment {assignment!r} is not in the gradebook: "
                f"run `nbgrader generate_assignment {assignment}` first"
            ) from None
        answers = {nb.name: [c.name for c in nb.solution_cells] for nb in notebooks}
        known_cells = {nb.name: {c.name for c in nb.grade_cells} for nb in notebooks}

    # 1. extraction
    work = course_dir / WORK_DIR / assignment
    shutil.rmtree(work / "submissions", ignore_errors=True)
    plans: dict[str, dict[str, dict]] = {}  # student -> notebook -> grade_id -> property
    graded_topics: set[str] = set()
    for student in chosen:
        folder = work / "submissions" / student
        folder.mkdir(parents=True)
        plans[student] = {}
        for path in sorted((submitted / student / assignment).glob("*.ipynb")):
            if path.stem not in answers:
                continue  # nbgrader skips notebooks it does not know, too
            nb = nbformat.read(str(path), as_version=4)
            topic = notebook_topic(nb, path)
            if topic is None:
                say(f"{student}: {path.name} is not a notebook of the kit; not graded")
                continue
            graded_topics.add(topic)
            (folder / BY_NAME[topic].filename).write_text(
                extract_module(nb, topic, answers[path.stem])
            )
            plans[student][path.stem] = {
                c.grade_id: c
                for c in graded_cells(BY_NAME[topic])
                if c.grade_id in known_cells[path.stem]
            }

    # 2. grading
    probe.join()
    started = time.monotonic()
    results = grade_folders(
        work / "submissions",
        work / "results",
        lang,
        sandbox,
        jobs or os.cpu_count() or 1,
        topics=[topic.name for topic in TOPICS if topic.name in graded_topics],
    )
    say(f"graded {len(results)} submissions in {time.monotonic() - started:.1f} s")

    # 3. recording: nbgrader's own autograde, one student at a time (so that an error is
    # that student's), with the kit's verdicts as the test cells' outputs.  nbgrader
    # scores each cell from its output, full points or 0, which is the kit's score for
    # the cell's property (all or nothing).
    errors: dict[str, str] = {}
    api = NbGraderAPI(coursedir=coursedir, config=config)
    with _metadata_schema_checked_once():
        for student in chosen:
            tests = _by_property(results[student])
            for notebook, cells in plans[student].items():
                _VERDICTS[(student, notebook)] = {
                    grade_id: CellGrade(
                        grade_id=grade_id,
                        property_id=cell.property_id,
                        score=tests[cell.property_id]["score"],
                        max_score=tests[cell.property_id]["max_score"],
                        passed=tests[cell.property_id]["status"] == "passed",
                        output=_cell_output(cell.property_id, tests[cell.property_id], lang),
                    )
                    for grade_id, cell in cells.items()
                    if cell.property_id in tests
                }
            outcome = api.autograde(assignment, student, force=True, create=True)
            if not outcome.get("success"):
                errors[student] = outcome.get("error", "autograde failed")
                say(f"{student}: nbgrader could not record the grade:\n{errors[student]}")

    reports: list[StudentReport] = []
    with Gradebook(coursedir.db_url, coursedir.course_id) as gb:
        for student in chosen:
            score = max_score = 0.0
            if student not in errors:  # else nbgrader may have no submission to read
                submission = gb.find_submission(assignment, student)
                score, max_score = submission.score, submission.max_score
            reports.append(
                StudentReport(
                    student,
                    score,
                    max_score,
                    results[student].get("extra_data", {}).get("isolation", "?"),
                    results[student].get("execution_time", 0.0),
                    errors.get(student, ""),
                )
            )
    return reports


def _cell_output(property_id: str, test: dict[str, Any], lang: str) -> str:
    """What the test cell shows: the line grader.nb.check prints on success, or the
    kit's feedback."""
    if test["status"] != "passed":
        return test["output"]
    from grader.nb import find_property

    prop = find_property(property_id)[1]
    return PASSED_LINE.get(lang, functions=", ".join(prop.functions), claim=prop.claim.get(lang))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("course_dir", type=Path, help="the nbgrader course directory")
    parser.add_argument("assignment", help="the assignment to grade (e.g. activations)")
    parser.add_argument("--student", action="append", help="grade only this student (repeatable)")
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="feedback language (default: the course's, set by `notebooks --lang`)",
    )
    parser.add_argument(
        "--sandbox",
        choices=REQUESTS,
        default="auto",
        help="how student code is isolated (default: bubblewrap where available)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="grading processes for a large class (default: CPU count)",
    )


def run(args: argparse.Namespace) -> int:
    from grader.isolation.worker_client import GraderError

    try:
        reports = grade_nbgrader(
            args.course_dir,
            args.assignment,
            students=args.student,
            lang=args.lang,
            sandbox=args.sandbox,
            jobs=args.jobs,
        )
    except GraderError as exc:
        print(f"grade-nbgrader: the grader cannot run: {exc}", file=sys.stderr)
        return 2
    width = max(len(r.student) for r in reports)
    for r in reports:
        status = f"  ({r.error.splitlines()[-1]})" if r.error else ""
        print(f"{r.student:<{width}}  {r.score:g}/{r.max_score:g}  [{r.isolation}]{status}")
    return 1 if any(r.error for r in reports) else 0
