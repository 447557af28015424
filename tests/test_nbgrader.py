"""The nbgrader round trip, with the real nbgrader commands and real Jupyter kernels.

One course is generated (``python -m grader notebooks``) and released
(``nbgrader generate_assignment``) for every topic.  Three students hand in the
activations assignment: alice the instructor's source notebook (full marks), bob the
released notebook untouched (zero), carol the released notebook completed with the
reference answers except one catalogued mistake (she must lose exactly the points of the
properties that mistake fails).  The same submissions are graded twice, in two copies of
the course: by ``nbgrader autograde`` (the standard workflow) and by
``python -m grader grade-nbgrader``; both must give the same grade in every cell, and
``nbgrader export`` must write the same ``grades.csv``.

Run it alone with ``pytest tests/ -m nbgrader`` (a few minutes: each notebook starts a
kernel and imports PyTorch).
"""

from __future__ import annotations

import csv
import inspect
import json
import shutil
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

from grader.define.catalogue import contract_name, materialize
from grader.engine.running import NOT_STARTED, run_property
from grader.engine.suites import hidden, mistakes
from grader.frontends.nb_cells import (
    BEGIN_HIDDEN,
    BEGIN_SOLUTION,
    answer_id,
    graded_cells,
    reference_body,
)
from grader.nb import find_property
from grader.topics import BY_NAME, TOPICS

from .conftest import ROOT, implementation_from_file

pytestmark = pytest.mark.nbgrader

ASSIGNMENT = "activations"
MISTAKE = "relu_gradient_one_at_zero"
# carol also empties the test cell of a property her mistake fails: nbgrader must put it back.
TAMPERED = "test_relu_backward_matches_autograd"
STUDENTS = ("alice", "bob", "carol")
COMMAND_TIMEOUT = 900


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=COMMAND_TIMEOUT)
    assert done.returncode == 0, (
        f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout[-3000:]}\n"
        f"{done.stderr[-6000:]}"
    )
    return done


def nbgrader(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return _run([sys.executable, "-m", "nbgrader", *args], cwd)


def _override_source(fn) -> str:
    """A catalogue override as the student would write it: under the contract's name."""
    source = textwrap.dedent(inspect.getsource(fn))
    return source.replace(f"def {fn.__name__}(", f"def {contract_name(fn)}(", 1)


def _mistake():
    return next(m for m in mistakes(ASSIGNMENT) if m.id == MISTAKE)


def _completed_with_mistake(released: Path, source: Path) -> nbformat.NotebookNode:
    """The released notebook with every answer cell filled in from the instructor's
    answers, except the mistaken function's, which gets the catalogued wrong code."""
    nb = nbformat.read(str(released), as_version=4)
    answers = {c.id: c.source for c in nbformat.read(str(source), as_version=4).cells}
    wrong = {answer_id(contract_name(fn)): _override_source(fn) for fn in _mistake().overrides}
    for cell in nb.cells:
        if cell.id in wrong:
            cell.source = wrong[cell.id]
        elif cell.id.startswith("answer_"):
            cell.source = answers[cell.id]
        elif cell.metadata.get("nbgrader", {}).get("grade_id") == TAMPERED:
            cell.source = "pass  # nothing to check here"
    return nb


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("nbgrader")
    course_dir = base / "course"
    _run([sys.executable, "-m", "grader", "notebooks", str(course_dir)], ROOT)
    nbgrader("generate_assignment", "*", "--force", cwd=course_dir)

    source = course_dir / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    released = course_dir / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    handed_in = {
        "alice": nbformat.read(str(source), as_version=4),
        "bob": nbformat.read(str(released), as_version=4),
        "carol": _completed_with_mistake(released, source),
    }
    for student, nb in handed_in.items():
        folder = course_dir / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(nb, str(folder / f"{ASSIGNMENT}.ipynb"))
        (folder / "timestamp.txt").write_text("2026-11-22 12:00:00.000000 UTC")

    # Two copies of the same course and submissions, one graded each way, at once.
    standard, kit = base / "standard", base / "kit"
    shutil.copytree(course_dir, standard)
    shutil.copytree(course_dir, kit)
    with ThreadPoolExecutor(max_workers=2) as pool:
        autograde = pool.submit(nbgrader, "autograde", ASSIGNMENT, "--force", cwd=standard)
        graded = pool.submit(
            _run, [sys.executable, "-m", "grader", "grade-nbgrader", str(kit), ASSIGNMENT], ROOT
        )
        autograde.result()
        graded.result()
    nbgrader("export", cwd=standard)
    nbgrader("export", cwd=kit)
    nbgrader("generate_feedback", ASSIGNMENT, "--force", cwd=kit)
    return {"course": course_dir, "standard": standard, "kit": kit}


def _grades_csv(course_dir: Path) -> dict[str, dict[str, str]]:
    """The export's rows for the graded assignment (it also lists, with zeros, every
    other released assignment for every student it knows)."""
    with (course_dir / "grades.csv").open() as handle:
        rows = [row for row in csv.DictReader(handle) if row["assignment"] == ASSIGNMENT]
    return {row["student_id"]: row for row in rows}


def _cell_grades(course_dir: Path) -> dict[tuple[str, str], float]:
    return {
        (student, cell): record[0]
        for (kind, student, cell), record in _cell_records(course_dir).items()
        if kind == "grade"
    }


def _cell_records(course_dir: Path) -> dict[tuple[str, str, str], tuple]:
    """What nbgrader's gradebook holds after autograding: ("grade", student, cell) ->
    (auto_score, needs_manual_grade) and ("comment", student, cell) -> (auto_comment,)."""
    from nbgrader.api import Gradebook

    records: dict[tuple[str, str, str], tuple] = {}
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gb:
        for student in STUDENTS:
            submission = gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, student)
            for grade in submission.grades:
                records[("grade", student, grade.name)] = (
                    grade.auto_score,
                    grade.needs_manual_grade,
                )
            for comment in submission.comments:
                records[("comment", student, comment.name)] = (comment.auto_comment,)
    return records


def _max_score() -> float:
    topic = BY_NAME[ASSIGNMENT]
    return sum(p.points for p in (*topic.properties, *hidden(ASSIGNMENT)))


def _properties_failed_by_mistake(tmp_path: Path) -> set[str]:
    """Worked out without notebooks or nbgrader: the reference module with the mistake's
    override, checked in-process against every public and hidden property."""
    path = tmp_path / "carol" / f"{ASSIGNMENT}.py"
    path.parent.mkdir(parents=True)
    path.write_text(materialize(_mistake()))
    impl = implementation_from_file(path, ASSIGNMENT)
    topic = BY_NAME[ASSIGNMENT]
    return {
        p.id for p in (*topic.properties, *hidden(ASSIGNMENT)) if not run_property(p, impl).passed
    }


# --- the generated course ------------------------------------------------------------


def test_generated_and_released_notebooks_validate_against_nbformat(course):
    for topic in TOPICS:
        for folder in ("source", "release"):
            path = course["course"] / folder / topic.name / f"{topic.name}.ipynb"
            nbformat.validate(nbformat.read(str(path), as_version=4))


def test_every_topic_is_an_assignment_whose_test_cells_carry_the_points_table(course):
    for topic in TOPICS:
        nb = nbformat.read(
            str(course["course"] / "source" / topic.name / f"{topic.name}.ipynb"), as_version=4
        )
        graded = {
            c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"]
            for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade")
        }
        plan = graded_cells(topic)
        assert list(graded) == [c.grade_id for c in plan]
        for cell in plan:
            assert graded[cell.grade_id]["points"] == find_property(cell.property_id)[1].points
            assert graded[cell.grade_id]["schema_version"] == 3
        answers = [
            c.metadata["nbgrader"]["grade_id"]
            for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("solution")
        ]
        assert answers == [answer_id(spec.name) for spec in topic.functions]


def test_released_notebooks_contain_no_solution_code(course):
    for topic in TOPICS:
        text = (course["course"] / "release" / topic.name / f"{topic.name}.ipynb").read_text()
        assert BEGIN_SOLUTION not in text
        # A line the stub itself holds (a docstring that states PyTorch's algorithm, as
        # optim's does) is public by definition; every other solution line must not leak.
        stub = (ROOT / "exercises" / topic.filename).read_text()
        for spec in topic.functions:
            for line in reference_body(topic, spec.name).splitlines():
                code = line.strip()
                # Short lines ("return out", "s = cache") can be docstring prose too.
                if len(code) > 20 and not code.startswith("#") and code not in stub:
                    assert json.dumps(code)[1:-1] not in text, (topic.name, code)


def test_released_notebooks_contain_no_hidden_test_code(course):
    for topic in TOPICS:
        text = (course["course"] / "release" / topic.name / f"{topic.name}.ipynb").read_text()
        assert BEGIN_HIDDEN not in text
        for prop in hidden(topic.name):
            assert prop.id not in text, (topic.name, prop.id)


# --- the standard nbgrader workflow --------------------------------------------------


def test_autograde_gives_the_source_notebook_full_marks(course):
    row = _grades_csv(course["standard"])["alice"]
    assert float(row["max_score"]) == _max_score()
    assert float(row["score"]) == _max_score()


def test_autograde_gives_the_untouched_released_notebook_zero(course):
    assert float(_grades_csv(course["standard"])["bob"]["score"]) == 0.0


def test_autograde_takes_exactly_the_mistaken_parts_points(course, tmp_path):
    failed = _properties_failed_by_mistake(tmp_path)
    mistaken = set(_mistake().functions)
    topic = BY_NAME[ASSIGNMENT]
    by_id = {p.id: p for p in (*topic.properties, *hidden(ASSIGNMENT))}
    assert failed, "the catalogued mistake fails no property"
    assert all(set(by_id[p].functions) & mistaken for p in failed)
    lost = sum(find_property(p)[1].points for p in failed)
    assert float(_grades_csv(course["standard"])["carol"]["score"]) == _max_score() - lost
    cells = {c.grade_id: c.property_id for c in graded_cells(topic)}
    zero = {
        g
        for (s, g), score in _cell_grades(course["standard"]).items()
        if s == "carol" and not score
    }
    assert {cells[g] for g in zero} == failed


def test_figures_render_in_the_headless_kernel_during_autograde(course):
    path = course["standard"] / "autograded" / "alice" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    figures = [c for c in nb.cells if c.id.startswith("figure-") and c.cell_type == "code"]
    assert figures
    for cell in figures:
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.id
        assert any("image/png" in o.get("data", {}) for o in cell.outputs), cell.id


# --- the kit's grader writing into the gradebook -------------------------------------


def test_grade_nbgrader_records_the_same_grade_in_every_cell(course):
    standard, kit = _cell_grades(course["standard"]), _cell_grades(course["kit"])
    assert len(standard) == len(STUDENTS) * len(graded_cells(BY_NAME[ASSIGNMENT]))
    assert kit == standard


def test_grade_nbgrader_leaves_the_gradebook_as_autograde_does(course):
    """Review flags and the "No response." comments of untouched answers too, which the
    kit's steps write in one transaction per notebook instead of nbgrader's one a cell."""
    standard, kit = _cell_records(course["standard"]), _cell_records(course["kit"])
    assert standard[("comment", "bob", answer_id("relu_forward"))] == ("No response.",)
    assert kit == standard


def test_grade_nbgrader_puts_back_a_test_cell_the_student_changed(course):
    def tampered_cell(folder: Path, student: str) -> str:
        path = folder / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        nb = nbformat.read(str(path), as_version=4)
        (cell,) = [
            c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == TAMPERED
        ]
        return cell.source

    handed_in = tampered_cell(course["kit"] / "submitted", "carol")
    assert handed_in.startswith("pass")
    restored = tampered_cell(course["kit"] / "autograded", "carol")
    assert restored == tampered_cell(course["kit"] / "autograded", "alice") != handed_in


def test_grade_nbgrader_exports_the_same_grades_csv(course):
    standard, kit = _grades_csv(course["standard"]), _grades_csv(course["kit"])
    assert set(kit) == set(STUDENTS)
    for student in STUDENTS:
        for column in ("raw_score", "score", "max_score", "timestamp"):
            assert kit[student][column] == standard[student][column], (student, column)


def test_feedback_generated_after_grade_nbgrader_shows_the_kit_feedback(course):
    html = course["kit"] / "feedback" / "carol" / ASSIGNMENT / f"{ASSIGNMENT}.html"
    text = html.read_text()
    assert "relu_backward" in text
    # The mistake fails on the property's hand-picked edge case, shown as it is.
    assert "Failing input:" in text


# --- extraction of answer cells (what grade-nbgrader grades) -------------------------


def _extracted(course_dir: Path, folder: str, topic_name: str, tmp_path: Path):
    from grader.frontends.nbgrader_grading import extract_module

    nb = nbformat.read(str(course_dir / folder / topic_name / f"{topic_name}.ipynb"), as_version=4)
    answers = [answer_id(spec.name) for spec in BY_NAME[topic_name].functions]
    path = tmp_path / folder / f"{topic_name}.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(extract_module(nb, topic_name, answers))
    return implementation_from_file(path, topic_name)


def test_module_extracted_from_each_source_notebook_passes_every_public_property(course, tmp_path):
    for topic in TOPICS:
        impl = _extracted(course["course"], "source", topic.name, tmp_path)
        failed = [v.feedback for p in topic.properties if not (v := run_property(p, impl)).passed]
        assert not failed, "\n\n".join(failed)


def test_module_extracted_from_each_released_notebook_is_not_started(course, tmp_path):
    for topic in TOPICS:
        impl = _extracted(course["course"], "release", topic.name, tmp_path)
        statuses = {run_property(p, impl).status for p in topic.properties}
        assert statuses == {NOT_STARTED}, topic.name


# --- the check the notebook cells call -----------------------------------------------


def test_notebook_check_raises_with_the_feedback_pytest_shows(tmp_path, capsys):
    from grader.isolation.calls import load_module
    from grader.nb import PropertyNotSatisfied, check

    path = tmp_path / f"{ASSIGNMENT}.py"
    path.write_text(materialize(_mistake()))
    module, error = load_module(path, "_nb_check_mistake")
    assert error is None
    prop = BY_NAME[ASSIGNMENT].prop("relu_backward_matches_autograd")
    expected = run_property(prop, implementation_from_file(path, ASSIGNMENT)).feedback
    with pytest.raises(PropertyNotSatisfied) as raised:
        check(prop.id, vars(module))
    assert str(raised.value) == expected
    assert capsys.readouterr().err == ""  # nbgrader scores any stderr output 0


def test_notebook_check_confirms_a_property_that_holds_on_stdout_only(capsys):
    from grader.isolation.calls import load_module
    from grader.nb import check

    module, error = load_module(ROOT / "solutions" / f"{ASSIGNMENT}.py", "_nb_check_solution")
    assert error is None
    check("relu_backward_matches_autograd", vars(module))
    out = capsys.readouterr()
    assert out.out.startswith("✔ relu_backward:") and out.err == ""


# --- what grade-nbgrader changes in how nbgrader and its libraries run ---------------


def test_nbgrader_metadata_validation_with_the_schema_checked_once_rejects_what_it_did():
    from jsonschema import ValidationError
    from nbgrader.nbgraderformat import MetadataValidator, common

    from grader.frontends.nbgrader_grading import _metadata_schema_checked_once

    good = {
        "grade": True,
        "grade_id": "test_x",
        "locked": True,
        "points": 2,
        "schema_version": 3,
        "solution": False,
    }
    bad = dict(good, points="two")
    cell = nbformat.v4.new_code_cell("pass", metadata={"nbgrader": good})
    broken = nbformat.v4.new_code_cell("pass", metadata={"nbgrader": bad})
    original = common.jsonschema
    with _metadata_schema_checked_once():
        assert common.jsonschema is not original
        for _ in range(2):  # the second time with the validator kept from the first
            MetadataValidator().validate_cell(cell)
            with pytest.raises(ValidationError, match="'two'"):
                MetadataValidator().validate_cell(broken)
    assert common.jsonschema is original
    with pytest.raises(ValidationError, match="'two'"):
        MetadataValidator().validate_cell(broken)


def test_grade_nbgrader_imports_jsonschema_without_the_iri_grammar_and_leaves_it_importable():
    import importlib.util

    if importlib.util.find_spec("rfc3987_syntax") is None:
        pytest.skip("rfc3987_syntax is not installed: there is no grammar to skip")
    script = (
        "import sys\n"
        "from grader.frontends.jupyter_imports import nbformat\n"
        "import jsonschema\n"
        "assert 'rfc3987_syntax' not in sys.modules, 'compiled the IRI grammar'\n"
        "nbformat.validate(nbformat.v4.new_notebook())\n"
        "import rfc3987_syntax\n"
        "print('ok')\n"
    )
    done = _run([sys.executable, "-c", script], ROOT)
    assert done.stdout.strip() == "ok"
