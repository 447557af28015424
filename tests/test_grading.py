"""The grading command: points, full marks, zero, partial and broken work, determinism.

Submissions are graded for real: student code in a worker process (bubblewrap where it
works), the verdict computed here.  The reference solutions are graded once per session.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from grader.define.catalogue import materialize
from grader.engine import examples, running
from grader.engine.disk_cache import cache_path
from grader.engine.feedback import STUDENT_ERRORS
from grader.engine.grading import (
    HIDDEN,
    VISIBLE,
    GradeResult,
    grade_submission,
    prepare_examples,
    suites,
)
from grader.engine.running import NOT_STARTED, PASSED
from grader.engine.suites import all_alternatives, all_hidden, all_mistakes, hidden
from grader.frontends.report import gradescope_results
from grader.isolation import wire
from grader.isolation.calls import FILE_MISSING, IMPORT_FAILED
from grader.isolation.sandbox import Limits
from grader.isolation.worker_client import WorkerImplementation, WorkerSession
from grader.topics import BY_NAME, TOPIC_NAMES, TOPICS, all_properties

from .conftest import ROOT

SOLUTIONS = ROOT / "solutions"


def make_submission(folder: Path, replaced: dict[str, str] | None = None) -> Path:
    """A copy of the reference solutions with some modules' source replaced."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in SOLUTIONS.glob("*.py"):
        shutil.copy(path, folder / path.name)
    for filename, source in (replaced or {}).items():
        (folder / filename).write_text(source)
    return folder


def failing(result: GradeResult) -> list[str]:
    return [t.name for t in result.tests if t.status != PASSED]


@pytest.fixture(scope="session")
def solution_grade(tmp_path_factory) -> GradeResult:
    return grade_submission(make_submission(tmp_path_factory.mktemp("solution")))


def test_every_public_and_hidden_property_has_points_and_a_unique_id():
    properties = [p for t in TOPICS for p in t.properties] + [
        p for name in TOPIC_NAMES for p in hidden(name)
    ]
    ids = [p.id for p in properties]
    assert len(ids) == len(set(ids)), "a property id is used twice"
    assert all(p.points > 0 for p in properties), [p.id for p in properties if p.points <= 0]


def test_grading_refuses_a_property_without_points(monkeypatch):
    from grader.engine import grading

    free = TOPICS[0].properties[0].with_inputs("free", TOPICS[0].properties[0].strategy, 1, points=0)
    monkeypatch.setattr(grading, "hidden", lambda name: (free,) if name == TOPICS[0].name else ())
    with pytest.raises(grading.GraderError, match="worth no points: free"):
        grading.check_properties()


POINTS = {p.id: p.points for _, p in all_properties()} | {p.id: p.points for _, p in all_hidden()}


def test_reference_solutions_get_full_marks(solution_grade):
    assert failing(solution_grade) == []
    assert solution_grade.score == solution_grade.max_score == sum(POINTS.values())
    for name, (got, most) in solution_grade.functions.items():
        assert got == most > 0, name


def test_results_json_tags_tests_with_functions_and_hides_hidden_suites(solution_grade):
    results = gradescope_results(solution_grade)
    assert results["score"] == solution_grade.max_score
    expected = {
        f"{topic.name}/{prop.id}": (visibility, list(prop.functions))
        for topic in TOPICS
        for prop, visibility in suites(topic)
    }
    got = {t["name"]: (t["visibility"], t["tags"]) for t in results["tests"]}
    assert got == expected
    assert {v for v, _ in got.values()} == {VISIBLE, HIDDEN}
    for test in results["tests"]:
        assert test["score"] == test["max_score"] == POINTS[test["name"].split("/", 1)[1]]
        assert test["output"]
    json.dumps(results)  # plain JSON all the way down


def test_untouched_stubs_get_zero_and_every_function_is_not_started(tmp_path):
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    for topic in TOPICS:
        shutil.copy(ROOT / "exercises" / topic.filename, stubs / topic.filename)
    result = grade_submission(stubs)
    assert result.score == 0 and result.max_score > 0
    assert {t.status for t in result.tests} == {NOT_STARTED}
    assert all("NotImplementedError" in t.output for t in result.tests)


def test_missing_modules_are_not_attempted_and_cost_only_their_own_points(tmp_path, solution_grade):
    only = tmp_path / "only_activations"
    only.mkdir()
    shutil.copy(SOLUTIONS / "activations.py", only / "activations.py")
    result = grade_submission(only)
    message = STUDENT_ERRORS[FILE_MISSING].get("en")
    for test in result.tests:
        if test.topic == "activations":
            assert test.status == PASSED, test.output
        else:
            assert test.score == 0 and test.status == NOT_STARTED
            assert message in test.output
    assert result.topics["activations"] == solution_grade.topics["activations"]


@pytest.mark.parametrize("mistake", [pytest.param(m, id=m.id) for m in all_mistakes()])
def test_every_mistake_fails_a_property_of_its_own_module_through_the_worker(mistake, tmp_path):
    """Graded the grader's way (worker process, public then hidden suite) up to the first
    property the mistake fails; that its other modules keep every point is shown per
    topic by the test below."""
    submission = make_submission(tmp_path / "sub", {f"{mistake.topic}.py": materialize(mistake)})
    with WorkerSession(submission) as session:
        impl = WorkerImplementation(session, mistake.topic)
        for prop, _ in suites(BY_NAME[mistake.topic]):
            verdict = running.run_property(prop, impl)
            if not verdict.passed:
                assert verdict.feedback
                return
    pytest.fail(f"{mistake.id} passes every public and hidden property of {mistake.topic}")


@pytest.mark.parametrize("topic", TOPIC_NAMES)
def test_a_mistake_costs_points_in_no_other_module(topic, tmp_path, solution_grade):
    mistake = next(m for m in all_mistakes() if m.topic == topic)
    submission = make_submission(tmp_path / "sub", {f"{topic}.py": materialize(mistake)})
    result = grade_submission(submission)
    for name, points in result.topics.items():
        if name == topic:
            assert points[0] < points[1]
        else:
            assert points == solution_grade.topics[name], f"{mistake.id} changed {name}"


@pytest.mark.parametrize("alternative", [pytest.param(a, id=a.id) for a in all_alternatives()])
def test_every_alternative_correct_solution_gets_full_marks(alternative, tmp_path):
    replaced = {f"{alternative.topic}.py": materialize(alternative)}
    result = grade_submission(
        make_submission(tmp_path / "sub", replaced), topics=[alternative.topic]
    )
    assert failing(result) == []
    assert result.score == result.max_score > 0


BROKEN_ACTIVATIONS = """

def relu_backward(dout, cache):
    raise RuntimeError("not today")
"""
BROKEN_CONV = """

def conv_output_size(n, kernel_size, stride=1, padding=0, dilation=1):
    return "seven"
"""
BROKEN_REGULARIZATION = """

def l1_penalty_grad(w, lam):
    while True:
        pass

del l2_penalty
"""
BROKEN_DROPOUT = """

def dropout_backward(dout, cache):
    import os
    os._exit(3)
"""


@pytest.fixture(scope="module")
def broken_grade(tmp_path_factory) -> GradeResult:
    """Activations: relu_backward raises.  Batchnorm: a syntax error.  Dropout:
    dropout_backward kills its process.  Conv: conv_output_size returns a str.
    Regularization: l1_penalty_grad never returns and l2_penalty is missing."""
    solution = {name: (SOLUTIONS / f"{name}.py").read_text() for name in TOPIC_NAMES}
    replaced = {
        "activations.py": solution["activations"] + BROKEN_ACTIVATIONS,
        "batchnorm.py": solution["batchnorm"] + "\ndef oops(:\n",
        "dropout.py": solution["dropout"] + BROKEN_DROPOUT,
        "conv.py": solution["conv"] + BROKEN_CONV,
        "regularization.py": solution["regularization"] + BROKEN_REGULARIZATION,
    }
    submission = make_submission(tmp_path_factory.mktemp("broken"), replaced)
    return grade_submission(submission, limits=Limits(call_seconds=1.0))


BROKEN_FUNCTIONS = {
    "relu_backward",
    "batchnorm_forward_train",
    "batchnorm_forward_eval",
    "batchnorm_backward",
    "layernorm_forward",
    "layernorm_backward",
    "dropout_backward",
    "conv_output_size",
    "l1_penalty_grad",
    "l2_penalty",
}


def test_broken_work_loses_exactly_the_points_of_what_is_broken(broken_grade, solution_grade):
    for name, (got, most) in broken_grade.functions.items():
        assert most == solution_grade.functions[name][1]
        if name in BROKEN_FUNCTIONS:
            assert got == 0, f"{name} kept {got} points"
        else:
            assert got == most, f"{name} lost points: {failing(broken_grade)}"


@pytest.mark.parametrize(
    ("function", "words"),
    [
        ("relu_backward", "raised RuntimeError"),
        ("batchnorm_forward_train", "could not be imported"),
        ("dropout_backward", "process running your code died"),
        ("conv_output_size", "seven"),
        ("l1_penalty_grad", "did not return within 1 s"),
        ("l2_penalty", "no function named l2_penalty"),
    ],
)
def test_broken_work_is_explained_in_the_feedback(broken_grade, function, words):
    outputs = [t.output for t in broken_grade.tests if function in t.functions]
    assert outputs and all(t for t in outputs)
    assert any(words in text for text in outputs), outputs[0]


def test_import_failure_shows_the_syntax_error_with_its_line(broken_grade):
    text = next(t.output for t in broken_grade.tests if t.topic == "batchnorm")
    assert STUDENT_ERRORS[IMPORT_FAILED].get("en", exc_type="SyntaxError") in text
    assert "def oops(:" in text and "batchnorm.py" in text
    assert str(ROOT) not in text  # paths inside the submission, not the grader's


def test_grading_the_same_submission_twice_gives_identical_results_but_timing(tmp_path):
    """One grade in a fresh `python -m grader grade` process, one in this process."""
    # Failures in two modules, so shrunk inputs and feedback texts are compared too.
    mistakes = [next(m for m in all_mistakes() if m.topic == t) for t in ("activations", "conv")]
    replaced = {f"{m.topic}.py": materialize(m) for m in mistakes}
    submission = make_submission(tmp_path / "sub", replaced)
    first = graded_the_same_in_a_fresh_process_and_here(submission, tmp_path / "results.json")
    assert first["score"] < first["extra_data"]["max_score"]


def graded_the_same_in_a_fresh_process_and_here(submission: Path, out: Path) -> dict:
    """Grade `submission` with `python -m grader grade` and with grade_submission in this
    process; assert the two results are identical but for the timing; return them."""
    proc = subprocess.run(
        [sys.executable, "-m", "grader", "grade", str(submission), "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    first = json.loads(out.read_text())
    second = gradescope_results(grade_submission(submission))
    for results in (first, second):
        assert results.pop("execution_time") >= 0
    assert first == second
    return first


def test_cli_writes_results_last_over_whatever_was_there_and_exits_0(tmp_path, capsys):
    from grader.__main__ import main

    submission = make_submission(tmp_path / "sub")
    (submission / "conv.py").write_text("raise SystemExit(0)\n")
    results = tmp_path / "results.json"
    results.write_text('{"score": 9999}')
    assert main(["grade", str(submission), "--json", str(results), "--lang", "ko"]) == 0
    data = json.loads(results.read_text())
    assert 0 < data["score"] < data["extra_data"]["max_score"]
    conv = [t for t in data["tests"] if t["name"].startswith("conv/")]
    assert conv and all(t["score"] == 0 and "SystemExit" in t["output"] for t in conv)
    printed = capsys.readouterr().out
    assert "총점" in printed and "진행 상황" in printed  # the Korean summary and board
    assert not list(tmp_path.glob(".results.json.*"))  # no temporary file left behind


def test_cli_exits_2_with_a_clear_message_when_the_submission_folder_is_missing(tmp_path, capsys):
    from grader.__main__ import main

    assert main(["grade", str(tmp_path / "nowhere"), "--json", str(tmp_path / "r.json")]) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert not (tmp_path / "r.json").exists()


def _same(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (
            type(a) is type(b)
            and a.dtype == b.dtype
            and a.shape == b.shape
            and a.tobytes() == b.tobytes()
        )
    if isinstance(a, dict):
        return type(b) is dict and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, float) and np.isnan(a):
        return type(b) is type(a) and np.isnan(b)
    return type(a) is type(b) and a == b


@pytest.mark.parametrize(
    "prop",
    [pytest.param(s[0][0], id=s[0][0].id) for t in TOPICS if (s := suites(t))]
    + [pytest.param(hidden(n)[0], id=hidden(n)[0].id) for n in TOPIC_NAMES if hidden(n)],
)
def test_drawn_examples_survive_the_disk_cache_bit_for_bit(prop):
    """The cache stores examples in the wire format; what comes back must be the very
    inputs that were drawn (dtypes, shapes, signed zeros, types of numbers)."""
    fresh = examples._drawn_examples(prop)
    assert fresh, "a property without drawn examples proves nothing here"
    stored = wire.decode(wire.encode({prop.id: list(fresh)}, max_bytes=1 << 31))
    assert _same(stored[prop.id], list(fresh))


def test_grading_uses_the_examples_of_the_disk_cache():
    prepare_examples()
    on_disk = wire.decode(cache_path().read_bytes())
    for topic in TOPICS:
        for prop, _ in suites(topic):
            explicit = list(prop.examples)
            assert _same(list(examples.examples_for(prop)), explicit + on_disk[prop.id])


def test_results_summary_students_see_counts_hidden_failures_without_naming_them(broken_grade):
    results = gradescope_results(broken_grade)
    hidden_failures = [t for t in results["tests"] if t["visibility"] == HIDDEN and t["score"] == 0]
    assert hidden_failures
    for test in hidden_failures:
        assert test["name"] not in results["output"]
    assert f"+ {len(hidden_failures)} hidden test(s) not passed" in results["output"]


HANGS_ON_THREE = """
import time

import numpy as np


def relu_forward(x):
    if x.size == 3:
        while True:
            time.sleep(0.05)
    return np.maximum(x, 0), x.copy()


def sigmoid_forward(x):
    return 1 / (1 + np.exp(-x)), x.copy()
"""


def test_a_call_that_hangs_in_a_round_times_out_alone_and_the_rest_of_the_round_is_made(
    tmp_path,
):
    """Calls travel in rounds (grader/engine/lockstep.py); the per-call limit still applies to
    each: the calls before the hanging one keep their values, later calls of other
    functions go to a restarted worker, later calls of the hanging function fail at once."""
    from grader.isolation.calls import TIMEOUT, Call, StudentError

    submission = tmp_path / "sub"
    submission.mkdir()
    (submission / "activations.py").write_text(HANGS_ON_THREE)
    ok, hangs = np.array([-1.0, 2.0]), np.array([1.0, 2.0, 3.0])
    calls = [
        Call("relu_forward", (ok,), {}),
        Call("relu_forward", (hangs,), {}),
        Call("sigmoid_forward", (ok,), {}),
        Call("relu_forward", (ok,), {}),
    ]
    with WorkerSession(submission, Limits(call_seconds=1.5)) as session:
        impl = WorkerImplementation(session, "activations")
        outcomes = impl.call_round(calls)
        restarts = session.restarts
    assert np.array_equal(outcomes[0][0][0], [0.0, 2.0])
    assert isinstance(outcomes[1], StudentError) and outcomes[1].kind == TIMEOUT
    assert outcomes[1].function == "relu_forward"
    assert np.allclose(outcomes[2][0][0], 1 / (1 + np.exp(-ok)))
    assert outcomes[3] is outcomes[1]  # not called again: it already timed out
    assert restarts == 1


# Returns at once, leaving a thread that soon holds the GIL while it sleeps in C (PyDLL
# calls keep the GIL): the worker can then read nothing more, and a request larger than a
# pipe's buffer cannot be written whole.
HOLDS_THE_GIL_AFTER_RETURNING = """
import ctypes, threading, time

def _hold():
    time.sleep(0.3)
    ctypes.PyDLL(None).sleep(60)

def relu_forward(x):
    threading.Thread(target=_hold, daemon=True).start()
    return x
"""


@pytest.mark.parametrize("mode", ["bwrap", "none"])
def test_a_worker_that_stops_reading_costs_a_timeout_not_a_hung_grader(tmp_path, mode):
    import time

    from grader.isolation.calls import StudentError

    submission = tmp_path / "sub"
    submission.mkdir()
    (submission / "activations.py").write_text(HOLDS_THE_GIL_AFTER_RETURNING)
    with WorkerSession(submission, Limits(call_seconds=2.0), sandbox=mode) as session:
        impl = WorkerImplementation(session, "activations")
        impl.call("relu_forward", np.ones(3))
        time.sleep(1.0)  # the thread now holds the GIL
        started = time.monotonic()
        with pytest.raises(StudentError) as caught:
            impl.call("relu_forward", np.ones(200_000))  # 1.6 MB: more than a pipe holds
        seconds = time.monotonic() - started
    assert caught.value.kind in ("timeout", "crashed"), caught.value
    assert seconds < 15


def _plain_key(args: tuple, kwargs: dict) -> str:
    """The memo key's format as first written (the caches on disk are keyed by it): a
    walk that hashes arrays by dtype, shape and bytes and everything else by repr."""
    import hashlib

    digest = hashlib.blake2b(digest_size=16)

    def feed(value: object) -> None:
        if isinstance(value, np.ndarray):
            digest.update(b"a%s%s:" % (value.dtype.str.encode(), repr(value.shape).encode()))
            digest.update(np.ascontiguousarray(value).tobytes())
        elif type(value) in (tuple, list):
            digest.update(b"(%d:" % len(value))
            for item in value:
                feed(item)
            digest.update(b")")
        else:
            digest.update(repr((type(value).__name__, value)).encode() + b";")

    feed(args)
    feed(tuple(sorted(kwargs.items())))
    return digest.hexdigest()


def test_reference_keys_keep_the_format_of_the_caches_on_disk():
    from grader.define import oracle

    values = [
        ((1, 1.0, True, False, None, "s", -0.0, 0.0, float("nan"), float("inf")), {}),
        ((np.float64(2.5), np.int64(3), np.bool_(True), 2**70, -(2**70)), {}),
        ((np.ones((2, 3)).T, np.zeros(0), np.arange(4, dtype=np.int32)), {"b": 1, "a": 0.5}),
        (([1, (2.5, [None])], np.ma.array([1.0, 2.0])), {"ceil_mode": True, "stride": None}),
    ]
    for args, kwargs in values:
        assert oracle._key(args, kwargs) == _plain_key(args, kwargs), (args, kwargs)
    # Different inputs that Python would call equal get different keys.
    assert len({oracle._key((v,), {}) for v in (1, 1.0, True, -0.0, 0.0)}) == 5


def test_references_survive_the_disk_cache_bit_for_bit(solution_grade):
    from grader.define import oracle

    computed = oracle.references()
    assert sum(len(entries) for entries in computed.values()) > 1000
    stored = wire.decode(wire.encode(computed, max_bytes=1 << 31))
    assert stored.keys() == computed.keys()
    for name, entries in computed.items():
        for key, value in entries.items():
            assert _same(stored[name][key], value), (name, key)


def test_a_grading_process_whose_references_are_on_disk_never_imports_pytorch(solution_grade):
    """The solutions were graded in this process, which saved PyTorch's answers; a new
    process grading them again takes every answer from disk."""
    code = (
        "import sys\n"
        "from grader.engine.grading import grade_submission\n"
        f"result = grade_submission({str(SOLUTIONS)!r})\n"
        "print(result.score, 'torch' in sys.modules, 'nbformat' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == [str(solution_grade.score), "False", "False"]


def test_cache_files_of_older_kit_versions_are_pruned(tmp_path):
    import os

    from grader.engine.disk_cache import _write_table

    for age in range(5):
        old = tmp_path / f"examples-old{age}.wire"
        old.write_bytes(b"")
        os.utime(old, (1000 - age, 1000 - age))
    (tmp_path / "references-other.wire").write_bytes(b"")
    _write_table(tmp_path / "examples-new.wire", {"p": [1]})
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "examples-new.wire",
        "examples-old0.wire",
        "examples-old1.wire",
        "references-other.wire",
    ]
    assert wire.decode((tmp_path / "examples-new.wire").read_bytes()) == {"p": [1]}


# Counts the caches it has handed out that are still alive (in the worker).
COUNTS_LIVE_CACHES = """
import weakref
import numpy as np

class Cache:
    pass

_live = weakref.WeakSet()

def relu_forward(x):
    cache = Cache()
    _live.add(cache)
    return np.maximum(x, 0.0), cache

def live_caches():
    return len(_live)
"""


@pytest.mark.parametrize("mode", ["bwrap", "none"])
def test_a_cache_the_grader_drops_is_released_in_the_worker_with_the_next_call(tmp_path, mode):
    import gc

    from grader.isolation.calls import Call

    submission = tmp_path / "sub"
    submission.mkdir()
    (submission / "activations.py").write_text(COUNTS_LIVE_CACHES)
    x = np.array([-1.0, 2.0])
    with WorkerSession(submission, sandbox=mode) as session:
        impl = WorkerImplementation(session, "activations")
        kept = impl.call_round([Call("relu_forward", (x,), {}) for _ in range(3)])
        count = Call("live_caches", (), {})
        assert impl.call_round([count])[0][0] == 3
        del kept[:2]
        gc.collect()
        assert impl.call_round([count])[0][0] == 1  # freed before this call ran
        assert len(kept) == 1
