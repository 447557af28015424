"""JUnit XML results, for GitHub Classroom, CodeGrade and CI dashboards.

One ``<testsuite>`` per topic and one ``<testcase>`` per property (classname
``<student>.<topic>``, name the property id), so every tool that reads JUnit shows the
same tests, and the same points, as Gradescope's results:

* a passed property is a bare ``<testcase>``;
* a failed one carries ``<failure>``: the message is the feedback's first line, the body
  the whole feedback (the smallest failing input, PyTorch's answer and the student's,
  the likely mistake) after a line with the points lost;
* a property of a module that could not be run at all (syntax error, failed or forbidden
  import, an import that hung) carries ``<error>`` instead, as JUnit means "the test
  could not run", with the module's problem as the message;
* a property not started (the stub still raises ``NotImplementedError``, or the module
  was not submitted) is a ``<failure type="not_started">``: it scores nothing, so
  ``<skipped>`` (which dashboards count as harmless) would misstate the grade.

**Hidden properties.**  JUnit files end up where students read them (a GitHub Classroom
workflow runs in the student's repository; CI dashboards are shared), while hidden
suites exist to grade what students were not told.  So by default a hidden property is a
test case named ``hidden test N`` in a suite ``<topic> (hidden)``, with its points and
its outcome but neither its id nor its feedback (the same rule as the results students see
on Gradescope before grades are published, see :func:`grader.frontends.report.summary`).
``reveal_hidden=True`` (``--junit-reveal-hidden``) writes hidden tests like public ones,
for an instructor's own dashboard.

No timestamps or host names are written: grading the same submission twice gives the
same file except the ``time`` attribute of the root, the grading's wall-clock seconds.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

from grader.define.i18n import Text
from grader.engine.grading import (
    FORBIDDEN_IMPORT,
    IMPORT_ERROR,
    SYNTAX_ERROR,
    TIMED_OUT,
    VISIBLE,
    GradeResult,
    TestResult,
)
from grader.engine.running import NOT_STARTED, PASSED
from grader.frontends.report import problem_text, write_text_atomic
from grader.topics import TOPICS

# Problems that stop a whole module from running: its tests are JUnit errors.
_MODULE_ERRORS = {SYNTAX_ERROR, IMPORT_ERROR, FORBIDDEN_IMPORT, TIMED_OUT}

TEXT = {
    "hidden_suite": Text("{topic} (hidden)", "{topic} (비공개)"),
    "hidden_name": Text("hidden test {n}", "비공개 테스트 {n}"),
    "hidden_failed": Text(
        "hidden test not passed (details are shown when grades are published)",
        "비공개 테스트 통과 못 함 (자세한 내용은 성적 공개 후에 볼 수 있음)",
    ),
    "points": Text("{score}/{max_score} points", "{score}/{max_score}점"),
}

# Characters XML 1.0 cannot hold (a student's exception message may contain them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _num(value: float) -> str:
    return f"{value:g}"


def _module_errors(result: GradeResult, lang: str) -> dict[str, str]:
    """Topic name -> the problem that kept its module from running, if any."""
    by_file = {topic.filename: topic.name for topic in TOPICS}
    found: dict[str, str] = {}
    for problem in result.problems:
        topic = by_file.get(problem.where)
        if topic is not None and problem.kind in _MODULE_ERRORS:
            found.setdefault(topic, problem_text(problem, lang))
    return found


def _case(
    suite: ET.Element,
    test: TestResult,
    classname: str,
    name: str,
    module_error: str | None,
    revealed: bool,
    lang: str,
) -> None:
    case = ET.SubElement(suite, "testcase", classname=classname, name=name, time="0")
    if test.status == PASSED:
        return
    lost = TEXT["points"].get(lang, score=_num(test.score), max_score=_num(test.max_score))
    if not revealed:
        ET.SubElement(
            case, "failure", message=TEXT["hidden_failed"].get(lang), type="hidden"
        ).text = lost
        return
    feedback = _clean(test.output)
    first = next((line for line in feedback.splitlines() if line.strip()), test.name)
    if module_error is not None:
        element = ET.SubElement(case, "error", message=_clean(module_error), type="module_error")
    else:
        kind = "not_started" if test.status == NOT_STARTED else "failed"
        element = ET.SubElement(case, "failure", message=first, type=kind)
    element.text = f"{lost}\n{feedback}"


def junit_element(
    result: GradeResult,
    student: str,
    *,
    reveal_hidden: bool = False,
    lang: str | None = None,
) -> ET.Element:
    """The ``<testsuites>`` element of one graded submission."""
    lang = lang or result.lang
    errors = _module_errors(result, lang)
    root = ET.Element("testsuites", name=student)
    suites: dict[tuple[str, bool], ET.Element] = {}
    hidden_counts: dict[str, int] = {}
    for test in result.tests:
        visible = test.visibility == VISIBLE or reveal_hidden
        key = (test.topic, test.visibility == VISIBLE)
        if key not in suites:
            name = test.topic if key[1] else TEXT["hidden_suite"].get(lang, topic=test.topic)
            suites[key] = ET.SubElement(root, "testsuite", name=name)
            ET.SubElement(suites[key], "properties")
        if visible:
            name = test.property_id
        else:
            hidden_counts[test.topic] = hidden_counts.get(test.topic, 0) + 1
            name = TEXT["hidden_name"].get(lang, n=hidden_counts[test.topic])
        _case(
            suites[key],
            test,
            f"{student}.{test.topic}",
            name,
            errors.get(test.topic),
            visible,
            lang,
        )
    by_suite: dict[tuple[str, bool], list[TestResult]] = {}
    for test in result.tests:
        by_suite.setdefault((test.topic, test.visibility == VISIBLE), []).append(test)
    for key, suite in suites.items():
        tests = by_suite[key]
        _count(suite, suite.findall("testcase"))
        properties = suite.find("properties")
        assert properties is not None
        score = sum(t.score for t in tests)
        most = sum(t.max_score for t in tests)
        ET.SubElement(properties, "property", name="score", value=_num(score))
        ET.SubElement(properties, "property", name="max_score", value=_num(most))
    _count(root, root.iter("testcase"))
    root.set("time", f"{result.execution_time:.3f}")
    return root


def _count(element: ET.Element, cases: Iterable[ET.Element]) -> None:
    cases = list(cases)
    element.set("tests", str(len(cases)))
    element.set("failures", str(sum(c.find("failure") is not None for c in cases)))
    element.set("errors", str(sum(c.find("error") is not None for c in cases)))
    element.set("skipped", "0")
    if element.tag == "testsuite":
        element.set("time", "0")


def to_xml(element: ET.Element) -> str:
    ET.indent(element)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(element, "unicode") + "\n"


def write_junit(
    path: str | Path,
    result: GradeResult,
    student: str,
    *,
    reveal_hidden: bool = False,
) -> None:
    """Write one submission's JUnit XML (atomically, like every results file)."""
    write_text_atomic(path, to_xml(junit_element(result, student, reveal_hidden=reveal_hidden)))


def combine(files: dict[str, Path], name: str = "class") -> str:
    """One JUnit file for a whole class: every student's suites, each renamed
    ``<student>/<suite>``, under one ``<testsuites>``.  Students whose file is missing
    (the grader could not grade them) get one suite with one ``<error>``."""
    root = ET.Element("testsuites", name=name)
    seconds = 0.0
    for student, path in files.items():
        try:
            own = ET.parse(path).getroot()
        except (OSError, ET.ParseError):
            suite = ET.SubElement(root, "testsuite", name=f"{student}/grading")
            case = ET.SubElement(suite, "testcase", classname=student, name="grading", time="0")
            ET.SubElement(
                case,
                "error",
                message="not graded (see the gradebook's error column)",
                type="grader",
            )
            _count(suite, [case])
            continue
        seconds += float(own.get("time", "0") or 0)
        for suite in own.findall("testsuite"):
            suite.set("name", f"{student}/{suite.get('name')}")
            root.append(suite)
    _count(root, root.iter("testcase"))
    root.set("time", f"{seconds:.3f}")
    return to_xml(root)
