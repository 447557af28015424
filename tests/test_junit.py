"""JUnit XML from `grade --junit` and `grade-all --junit`, read back with junitparser (the
parser CI reporters use): one test case per property, failures carrying the feedback,
modules that cannot run as errors, hidden tests anonymous unless revealed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from junitparser import Error, Failure, JUnitXml

from grader.__main__ import main
from grader.define.catalogue import materialize
from grader.engine import grading
from grader.engine.suites import all_hidden
from grader.frontends.junit import junit_element, to_xml
from grader.topics import TOPICS, all_properties
from grader.topics.activations.mistakes import MISTAKES

from .conftest import ROOT

SOLUTIONS = ROOT / "solutions"
SLIP = next(m for m in MISTAKES if m.id == "relu_gradient_one_at_zero")
PUBLIC = [(t.name, p.id) for t, p in all_properties()]
HIDDEN = [(t, p.id) for t, p in all_hidden()]


def _submission(folder: Path) -> Path:
    """The solutions with one slip (ReLU's gradient at 0) and a syntax error in conv.py."""
    folder.mkdir(parents=True)
    for path in SOLUTIONS.glob("*.py"):
        shutil.copy(path, folder / path.name)
    (folder / "activations.py").write_text(materialize(SLIP))
    (folder / "conv.py").write_text("def conv_output_size(n:\n")
    return folder


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("junit")
    submission = _submission(root / "ada")
    files = {}
    for reveal in (False, True):
        files[reveal] = root / f"junit-{reveal}.xml"
        extra = ["--junit-reveal-hidden"] if reveal else []
        args = ["grade", str(submission), "--junit", str(files[reveal]), "--quiet", *extra]
        assert main(args) == 0
    return files


def _cases(path: Path) -> list:
    xml = JUnitXml.fromfile(str(path))
    return [case for suite in xml for case in suite]


def test_one_test_case_per_property_in_one_suite_per_topic(graded):
    xml = JUnitXml.fromfile(str(graded[True]))
    cases = [(case.classname, case.name) for suite in xml for case in suite]
    expected = [(f"ada.{topic}", pid) for topic, pid in PUBLIC + HIDDEN]
    assert sorted(cases) == sorted(expected)
    assert xml.tests == len(expected)
    names = {suite.name for suite in xml}
    assert {t.name for t in TOPICS} <= names


def test_a_failure_carries_the_feedback_and_the_points_lost(graded):
    failed = [c for c in _cases(graded[False]) if c.classname == "ada.activations"]
    failed = [c for c in failed if not c.is_passed]
    assert failed and all(isinstance(c.result[0], Failure) for c in failed)
    relu = [c for c in failed if "relu_backward" in c.name]
    assert relu
    result = relu[0].result[0]
    assert result.message.startswith("relu_backward")
    assert "Likely mistake: ReLU gradient 1 at x == 0" in result.text
    assert result.text.splitlines()[0].startswith("0/")  # "0/2 points"
    assert result.type == "failed"


def test_tests_of_a_module_that_cannot_run_are_errors_naming_the_problem(graded):
    conv = [c for c in _cases(graded[True]) if c.classname == "ada.conv"]
    assert conv and all(isinstance(c.result[0], Error) for c in conv)
    assert all(c.result[0].message == "conv.py: syntax error on line 1" for c in conv)
    assert "SyntaxError" in conv[0].result[0].text


def test_passed_properties_have_no_result(graded):
    dropout = [c for c in _cases(graded[False]) if c.classname == "ada.dropout"]
    assert dropout and all(c.is_passed and c.result == [] for c in dropout)


def test_hidden_tests_are_anonymous_without_their_feedback_unless_revealed(graded):
    text = graded[False].read_text()
    assert not [pid for _, pid in HIDDEN if pid in text]
    xml = JUnitXml.fromfile(str(graded[False]))
    hidden = [s for s in xml if s.name.endswith("(hidden)")]
    assert sum(len(list(s)) for s in hidden) == len(HIDDEN)
    for suite in hidden:
        for n, case in enumerate(suite, start=1):
            assert case.name == f"hidden test {n}"
            if not case.is_passed:
                assert case.result[0].type == "hidden"
                assert "Likely mistake" not in (case.result[0].text or "")
    revealed = graded[True].read_text()
    assert all(pid in revealed for _, pid in HIDDEN)


def test_both_files_count_the_same_failures_and_errors(graded):
    hidden, revealed = (JUnitXml.fromfile(str(graded[r])) for r in (False, True))
    assert hidden.tests == revealed.tests
    assert hidden.failures + hidden.errors == revealed.failures + revealed.errors > 0


def test_characters_xml_cannot_hold_are_replaced_not_written():
    test = grading.TestResult(
        "conv", "p", ("f",), "visible", "failed", 0, 1, "raised \x00\x1b here"
    )
    result = grading.GradeResult("s", "en", "none", [test], [], {})
    xml = to_xml(junit_element(result, "s"))
    parsed = JUnitXml.fromstring(xml.encode())
    (case,) = [c for suite in parsed for c in suite]
    assert "raised \ufffd\ufffd here" in case.result[0].text


def test_grade_all_writes_one_file_per_student_and_one_for_the_class(tmp_path):
    class_dir = tmp_path / "class"
    _submission(class_dir / "ada")
    shutil.copytree(SOLUTIONS, class_dir / "bo", ignore=shutil.ignore_patterns("__*"))
    out = tmp_path / "out"
    args = ["grade-all", str(class_dir), "--out", str(out), "--quiet", "--junit"]
    assert main(args + ["--jobs", "1"]) == 0
    per_student = {p.stem: JUnitXml.fromfile(str(p)) for p in (out / "junit").glob("*.xml")}
    assert set(per_student) == {"ada", "bo"}
    assert per_student["bo"].failures == per_student["bo"].errors == 0
    combined = JUnitXml.fromfile(str(out / "junit.xml"))
    assert combined.tests == sum(x.tests for x in per_student.values())
    assert combined.failures == per_student["ada"].failures > 0
    suites = {suite.name for suite in combined}
    assert {f"{s}/{t.name}" for s in ("ada", "bo") for t in TOPICS} <= suites
