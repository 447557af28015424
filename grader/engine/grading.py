"""Grading one submission: every public and hidden property of every topic.

The student's code runs in a worker process (:mod:`grader.isolation.worker_client`); this
process draws the inputs, computes PyTorch's answers, compares and scores, through the
same :func:`grader.engine.running.run_property` that ``pytest exercises/`` uses.  Inputs are
drawn once per process and references are memoised, so grading many submissions in one
process (``grade-all``) pays for them once.
"""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass, field
from pathlib import Path

from grader.define.i18n import Text
from grader.define.spec import Property, Topic
from grader.engine import disk_cache
from grader.engine.disk_cache import save_references
from grader.engine.feedback import format_student_error
from grader.engine.running import (
    FAILED,
    NOT_STARTED,
    PASSED,
    Verdict,
    run_properties,
)
from grader.engine.suites import hidden
from grader.isolation.calls import FILE_MISSING, FORBIDDEN, IMPORT_FAILED, TIMEOUT, StudentError
from grader.isolation.malloc import keep_freed_memory
from grader.isolation.sandbox import Limits
from grader.isolation.worker_client import GraderError, WorkerImplementation, WorkerSession
from grader.topics import TOPICS

VISIBLE = "visible"
HIDDEN = "after_published"

PASSED_TEXT = Text("Passed: {claim}", "통과: {claim}")


@dataclass
class TestResult:
    """One property's outcome for one submission."""

    topic: str
    property_id: str
    functions: tuple[str, ...]
    visibility: str  # VISIBLE (public suite) or HIDDEN
    status: str  # PASSED, FAILED or NOT_STARTED
    score: float
    max_score: float
    output: str
    # The catalogued mistake the failure was recognised as (grader.engine.diagnosis), if any.
    mistake: str = ""
    # Else the kind of relation with PyTorch's outputs that explains it, if one was found
    # (grader.engine.explain); the relation itself is in `output`.
    observation: str = ""

    @property
    def name(self) -> str:
        return f"{self.topic}/{self.property_id}"


# Kinds of :class:`Problem`: what stopped part of a submission from being graded at all.
SYNTAX_ERROR = "syntax_error"
IMPORT_ERROR = "import_error"
MISSING_MODULE = "missing_module"
FORBIDDEN_IMPORT = "forbidden_import"
TIMED_OUT = "timeout"


@dataclass(frozen=True)
class Problem:
    """Something in a submission that an instructor should hear about without reading
    every test's feedback: a module that could not be imported (syntax error, import
    error, forbidden import), a module not submitted, or a function that ran out of time.
    ``where`` is a file name (module problems) or a function name (timeouts); ``detail``
    one short line (the syntax error's line, the limit that was hit)."""

    kind: str
    where: str
    detail: str = ""


def _module_problem(filename: str, error: StudentError) -> Problem:
    """The one-line problem of a module that cannot be graded."""
    if error.kind == FILE_MISSING:
        return Problem(MISSING_MODULE, filename)
    if error.kind == FORBIDDEN:
        return Problem(FORBIDDEN_IMPORT, filename, error.detail)
    if error.kind == IMPORT_FAILED and error.exc_type == TIMEOUT:
        return Problem(TIMED_OUT, filename, "while importing")
    lines = [line.strip() for line in error.detail.strip().splitlines() if line.strip()]
    if error.exc_type == "SyntaxError" or error.exc_type == "IndentationError":
        line = next((ln for ln in lines if ln.startswith("File ") and ", line " in ln), "")
        number = line.rsplit(", line ", 1)[-1] if line else ""
        return Problem(SYNTAX_ERROR, filename, number)
    return Problem(IMPORT_ERROR, filename, lines[-1] if lines else error.exc_type)


@dataclass
class GradeResult:
    """Everything a report needs about one graded submission."""

    submission: str
    lang: str
    isolation: str
    tests: list[TestResult]
    verdicts: list[Verdict]
    # function name -> (points earned, points possible), in contract order
    functions: dict[str, tuple[float, float]]
    execution_time: float = 0.0
    printed: str = ""  # what the student's code wrote to stdout/stderr (bounded)
    worker_restarts: int = 0
    topics: dict[str, tuple[float, float]] = field(default_factory=dict)
    # What could not be graded at all (missing or broken modules, timeouts), in order.
    problems: list[Problem] = field(default_factory=list)

    @property
    def score(self) -> float:
        return _round(sum(t.score for t in self.tests))

    @property
    def max_score(self) -> float:
        return _round(sum(t.max_score for t in self.tests))


def _round(value: float) -> float:
    # Points split between functions are fractions; rounding keeps the JSON stable.
    rounded = round(value, 4)
    return int(rounded) if rounded == int(rounded) else rounded


def suites(topic: Topic) -> list[tuple[Property, str]]:
    """A topic's properties with their visibility: the public suite, then the hidden one."""
    return [(p, VISIBLE) for p in topic.properties] + [(p, HIDDEN) for p in hidden(topic.name)]


def check_properties(topics: list[str] | None = None) -> None:
    """Refuse to grade when a property of ``topics`` (default: every topic) is worth no
    points or two of them share an id.  Checking only the topics being graded also
    spares importing every other topic's hidden suite."""
    properties = [p for topic in _chosen(topics) for p, _ in suites(topic)]
    worthless = [p.id for p in properties if not p.points > 0]
    if worthless:
        raise GraderError("these properties are worth no points: " + ", ".join(worthless))
    ids = [p.id for p in properties]
    if len(ids) != len(set(ids)):
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        raise GraderError("property ids used twice: " + ", ".join(duplicates))


def all_properties() -> list[Property]:
    return [prop for topic in TOPICS for prop, _ in suites(topic)]


# The ids of the properties whose examples this process has made available.
_prepared: set[str] = set()


def prepare_examples(use_disk: bool = True, topics: list[str] | None = None) -> None:
    """Make the drawn examples of every property of ``topics`` (default: every topic),
    public and hidden, available in this process: from the disk cache when it matches
    this kit, else by drawing them (and saving them for next time); also PyTorch's
    answers from the references cache (``grader/engine/disk_cache.py``).  Idempotent; a
    cache that cannot be read or written is only a slower start.

    Only the topics asked for are drawn on a cold cache: grading one nbgrader assignment
    after a change to the kit drew every topic's inputs (20 s on the 2-core machine)
    where its own take a few seconds."""
    properties = [prop for topic in _chosen(topics) for prop, _ in suites(topic)]
    missing = [prop for prop in properties if prop.id not in _prepared]
    if not missing:
        return
    keep_freed_memory()
    disk_cache.load(missing, draw_missing=True, use_disk=use_disk)
    # The inputs and answers live as long as the process: moved out of the garbage
    # collector's sight, so its collections during grading stop walking them (they took
    # 2% of the grader's time per submission, a third of that after).
    gc.freeze()
    _prepared.update(prop.id for prop in missing)


def _verdict_for_module_error(prop: Property, error: StudentError, lang: str) -> Verdict:
    """The verdict of every property of a module that cannot be graded at all."""
    text = format_student_error(prop, error, None, lang)
    if error.kind == FILE_MISSING:
        return Verdict(prop, NOT_STARTED, text, waiting_for=prop.functions[0])
    return Verdict(prop, FAILED, text)


def grade_submission(
    submission_dir: str | Path,
    *,
    lang: str = "en",
    sandbox: str = "auto",
    limits: Limits | None = None,
    topics: list[str] | None = None,
    save_cache: bool = True,
) -> GradeResult:
    """Grade one submission folder (``activations.py``, ``batchnorm.py``, ...).

    Never raises for anything the submission does; raises :class:`GraderError` when
    the grader itself cannot run (no such folder, points table incomplete, the worker
    cannot be started).  ``topics`` grades only those modules, in that order (the
    kit's tests use it, and ``grade-nbgrader``, whose assignments are one topic each; a
    grade of a whole submission covers every topic).
    ``save_cache=False`` leaves PyTorch's new answers in memory
    (:func:`grader.define.oracle.take_fresh`) instead of adding them to the disk cache.
    """
    started = time.monotonic()
    submission = Path(submission_dir)
    if not submission.is_dir():
        raise GraderError(
            f"{submission} is not a folder (expected one holding activations.py, ...)"
        )
    check_properties(topics)
    prepare_examples(topics=topics)
    tests: list[TestResult] = []
    verdicts: list[Verdict] = []
    problems: list[Problem] = []
    with WorkerSession(submission, limits or Limits(), sandbox) as session:
        for topic in _chosen(topics):
            properties = suites(topic)
            if not properties:
                continue
            error = session.load(topic)
            if error is not None:
                problems.append(_module_problem(topic.filename, error))
            impl = WorkerImplementation(session, topic)
            if error is not None:
                topic_verdicts = [_verdict_for_module_error(p, error, lang) for p, _ in properties]
            else:
                topic_verdicts = run_properties(
                    [p for p, _ in properties], impl, lang, [v == VISIBLE for _, v in properties]
                )
            for (prop, visibility), verdict in zip(properties, topic_verdicts):
                verdicts.append(verdict)
                worth = prop.points
                output = verdict.feedback
                if verdict.passed:
                    output = PASSED_TEXT.get(lang, claim=prop.claim.get(lang))
                tests.append(
                    TestResult(
                        topic=topic.name,
                        property_id=prop.id,
                        functions=prop.functions,
                        visibility=visibility,
                        status=verdict.status,
                        score=worth if verdict.passed else 0,
                        max_score=worth,
                        output=output,
                        mistake=verdict.mistake,
                        observation=verdict.observation,
                    )
                )
    if save_cache:
        save_references()
    # After the session closed: the worker's last output has been read to the end.
    printed, restarts, isolation = session.output, session.restarts, session.isolation
    # (a module whose import timed out is already a problem of its own)
    modules = {topic.filename for topic in TOPICS}
    problems += [
        Problem(TIMED_OUT, name, limit)
        for name, limit in session.timeouts.items()
        if name not in modules
    ]
    result = GradeResult(
        submission=str(submission),
        lang=lang,
        isolation=isolation,
        tests=tests,
        verdicts=verdicts,
        functions=per_function(tests),
        printed=printed,
        worker_restarts=restarts,
        topics=per_topic(tests),
        problems=problems,
    )
    result.execution_time = time.monotonic() - started
    return result


def _chosen(names: list[str] | None) -> list[Topic]:
    if names is None:
        return list(TOPICS)
    by_name = {topic.name: topic for topic in TOPICS}
    unknown = [name for name in names if name not in by_name]
    if unknown:
        raise GraderError(f"unknown topics: {', '.join(unknown)}")
    return [by_name[name] for name in names]


def per_function(tests: list[TestResult]) -> dict[str, tuple[float, float]]:
    """Points earned and possible per contract function (a property's points are split
    equally between the functions it grades)."""
    totals = {spec.name: [0.0, 0.0] for topic in TOPICS for spec in topic.functions}
    for test in tests:
        share = 1 / len(test.functions)
        for name in test.functions:
            row = totals.setdefault(name, [0.0, 0.0])
            row[0] += test.score * share
            row[1] += test.max_score * share
    return {name: (_round(got), _round(most)) for name, (got, most) in totals.items()}


def per_topic(tests: list[TestResult]) -> dict[str, tuple[float, float]]:
    totals: dict[str, list[float]] = {}
    for test in tests:
        row = totals.setdefault(test.topic, [0.0, 0.0])
        row[0] += test.score
        row[1] += test.max_score
    return {name: (_round(got), _round(most)) for name, (got, most) in totals.items()}


__all__ = [
    "HIDDEN",
    "PASSED",
    "VISIBLE",
    "GradeResult",
    "GraderError",
    "Problem",
    "TestResult",
    "grade_submission",
]
