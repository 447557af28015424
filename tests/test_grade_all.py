"""`python -m grader grade-all`: a class with broken submissions still gets a row for
every student, in a results file each and one gradebook."""

from __future__ import annotations

import csv
import functools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader.engine.suites import all_hidden
from grader.frontends.cli_grade_all import grade_all
from grader.isolation.sandbox import Limits
from grader.topics import TOPICS, all_properties

from .conftest import ROOT

SOLUTIONS = ROOT / "solutions"
FULL = sum(p.points for _, p in all_properties()) + sum(p.points for _, p in all_hidden())


def _student(root: Path, name: str, replaced: dict[str, str], keep: bool = True) -> None:
    folder = root / name
    folder.mkdir(parents=True)
    if keep:
        for path in SOLUTIONS.glob("*.py"):
            shutil.copy(path, folder / path.name)
    for filename, source in replaced.items():
        (folder / filename).write_text(source)


def _with(topic: str, extra: str) -> dict[str, str]:
    return {f"{topic}.py": (SOLUTIONS / f"{topic}.py").read_text() + extra}


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    class_dir = root / "submissions"
    _student(class_dir, "ada_full_marks", {})
    _student(
        class_dir,
        "bo_stubs",
        {t.filename: (ROOT / "exercises" / t.filename).read_text() for t in TOPICS},
        keep=False,
    )
    _student(class_dir, "cy_syntax_error", {"activations.py": "def sigmoid_forward(x:\n"})
    _student(class_dir, "di_raises_at_import", {"conv.py": "raise RuntimeError('boom')\n"})
    _student(
        class_dir,
        "ed_missing_file",
        {"activations.py": (SOLUTIONS / "activations.py").read_text()},
        keep=False,
    )
    _student(
        class_dir,
        "fa_wrong_type",
        _with("regularization", "\n\ndef l1_penalty(w, lam):\n    return [lam]\n"),
    )
    # Kills the process that started its worker: without bubblewrap that is the pool
    # process grading it, which must cost this student only.
    _student(
        class_dir,
        "gu_kills_grading_process",
        _with(
            "activations",
            "\n\ndef relu_forward(x):\n    import os, signal\n"
            "    os.kill(os.getppid(), signal.SIGKILL)\n",
        ),
    )
    out = root / "out"
    rows = grade_all(
        class_dir,
        out,
        jobs=2,
        sandbox="none",
        limits=Limits(call_seconds=2.0),
        progress=False,
    )
    return class_dir, out, rows


def test_every_student_gets_a_row_and_a_results_file(graded_class):
    class_dir, out, rows = graded_class
    students = sorted(p.name for p in class_dir.iterdir())
    assert [r.student for r in rows] == students
    with (out / "gradebook.csv").open() as handle:
        table = list(csv.DictReader(handle))
    assert [r["student"] for r in table] == students
    functions = [spec.name for topic in TOPICS for spec in topic.functions]
    assert list(table[0].keys()) == ["student", *functions, "total", "max_score", "error"]
    for row in table:
        if row["error"]:
            continue
        results = json.loads((out / "results" / f"{row['student']}.json").read_text())
        assert float(row["total"]) == results["score"]
        assert sum(float(row[f]) for f in functions) == pytest.approx(results["score"])


def _short_of_full(out: Path, student: str) -> set[str]:
    """The functions that did not get all their points, from the student's results file."""
    results = json.loads((out / "results" / f"{student}.json").read_text())
    functions = results["extra_data"]["functions"]
    return {name for name, f in functions.items() if f["score"] < f["max_score"]}


ACTIVATIONS = {
    spec.name for topic in TOPICS if topic.name == "activations" for spec in topic.functions
}
CONV = {spec.name for topic in TOPICS if topic.name == "conv" for spec in topic.functions}
EVERYTHING = {spec.name for topic in TOPICS for spec in topic.functions}


def test_broken_submissions_lose_only_their_broken_modules(graded_class):
    _, out, rows = graded_class
    by_name = {r.student: r for r in rows}
    assert by_name["ada_full_marks"].total == FULL and not by_name["ada_full_marks"].error
    assert by_name["bo_stubs"].total == 0
    for name, lost in [
        ("cy_syntax_error", ACTIVATIONS),
        ("di_raises_at_import", CONV),
        ("ed_missing_file", EVERYTHING - ACTIVATIONS),
        ("fa_wrong_type", {"l1_penalty"}),
    ]:
        assert not by_name[name].error
        assert _short_of_full(out, name) == lost, name
    for name in ("cy_syntax_error", "di_raises_at_import", "ed_missing_file"):
        row = by_name[name]  # a module that cannot be graded scores nothing at all
        assert all(row.functions[f] == 0 for f in _short_of_full(out, name)), name


def test_a_submission_that_kills_its_grading_process_is_recorded_with_an_error_and_zero(
    graded_class,
):
    _, out, rows = graded_class
    row = next(r for r in rows if r.student == "gu_kills_grading_process")
    assert row.total == 0 and "died" in row.error
    assert not (out / "results" / "gu_kills_grading_process.json").exists()


def test_each_grading_process_and_its_workers_stay_on_one_cpu_of_their_own():
    if not hasattr(os, "sched_setaffinity"):
        pytest.skip("no CPU affinity on this platform")
    # In child processes, so this test run keeps all its CPUs.
    probe = (
        "import json, os, subprocess, sys\n"
        "from grader.frontends.cli_grade_all import _pin_to_one_cpu\n"
        "allowed = sorted(os.sched_getaffinity(0))\n"
        "_pin_to_one_cpu(int(sys.argv[1]))\n"
        "child = subprocess.run([sys.executable, '-c', "
        "'import os; print(sorted(os.sched_getaffinity(0)))'], capture_output=True, text=True)\n"
        "print(json.dumps([allowed, sorted(os.sched_getaffinity(0)), json.loads(child.stdout)]))\n"
    )
    for index in (0, 1, 2):
        out = subprocess.run(
            [sys.executable, "-c", probe, str(index)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        allowed, mine, child = json.loads(out)
        assert child == mine  # the worker processes it starts inherit its CPU
        # Round robin over the CPUs it may use (one CPU: nothing to choose).
        assert mine == [allowed[index % len(allowed)]] if len(allowed) > 1 else mine == allowed


TRAIN_REFERENCE = "grader.topics.dropout.definition._train_reference"


@pytest.fixture
def oracle_without_answers(monkeypatch):
    """This process's PyTorch answers set aside (and restored after the test), so that
    only what the test computes can reach a references cache."""
    from grader.define import oracle

    kept = {name: dict(memo) for name, memo in oracle._MEMOS.items()}
    for memo in oracle._MEMOS.values():
        memo.clear()
    monkeypatch.setattr(oracle, "_fresh", {})
    yield
    for name, memo in oracle._MEMOS.items():
        memo.clear()
        memo.update(kept.get(name, {}))


def test_grade_all_keeps_the_references_its_pool_processes_computed(
    tmp_path, monkeypatch, oracle_without_answers
):
    from grader.engine import disk_cache, grading
    from grader.isolation import wire

    cache = tmp_path / "cache"
    cache.mkdir()
    grading.prepare_examples()
    shutil.copy(disk_cache.cache_path(), cache / disk_cache.cache_path().name)  # the inputs only
    monkeypatch.setenv(disk_cache.CACHE_ENV, str(cache))
    _student(tmp_path / "class", "full_marks", {})
    (row,) = grade_all(tmp_path / "class", tmp_path / "out", jobs=1, sandbox="none")
    assert row.total == FULL, row.error
    # Neither this process nor the cache knew any answer: all come from the pool process.
    saved = wire.decode(disk_cache.references_path().read_bytes())
    assert len(saved[TRAIN_REFERENCE]) > 0


def _class_with_a_mistake(root: Path) -> Path:
    from grader.define.catalogue import materialize
    from grader.engine.suites import all_mistakes

    mistake = all_mistakes()[0]
    _student(root, "full_marks", {})
    _student(root, "one_mistake", {f"{mistake.topic}.py": materialize(mistake)})
    return root


def test_grading_leaves_no_temporary_folders_behind(tmp_path):
    """Sandboxes' staging folders, private copies of the worker code and the catalogue
    files diagnosis imports are all removed: by `grade`, and by `grade-all`, whose pool
    processes (forked on Linux) end without running atexit."""
    class_dir = _class_with_a_mistake(tmp_path / "class")
    temp = tmp_path / "temp"
    temp.mkdir()
    env = dict(os.environ, TMPDIR=str(temp))
    commands = [
        ["grade", str(class_dir / "one_mistake"), "--json", str(tmp_path / "one.json")],
        ["grade-all", str(class_dir), "--out", str(tmp_path / "out"), "--jobs", "2"],
    ]
    for command in commands:
        subprocess.run(
            [sys.executable, "-m", "grader", *command, "--quiet"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        assert sorted(p.name for p in temp.iterdir()) == [], command
    with (tmp_path / "out" / "gradebook.csv").open() as handle:
        totals = {row["student"]: float(row["total"]) for row in csv.DictReader(handle)}
    assert totals["full_marks"] == FULL
    assert totals["one_mistake"] < FULL


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_pool_processes_grade_alike_however_they_are_started(tmp_path, monkeypatch, start_method):
    from grader.frontends import cli_grade_all

    if start_method == "fork" and not sys.platform.startswith("linux"):
        pytest.skip("grade-all forks its pool processes only on Linux")
    class_dir = _class_with_a_mistake(tmp_path / "class")
    monkeypatch.setattr(cli_grade_all, "_start_method", lambda: start_method)
    rows = grade_all(class_dir, tmp_path / "out", jobs=2, sandbox="none", progress=False)
    assert [(r.student, r.error) for r in rows] == [("full_marks", ""), ("one_mistake", "")]
    assert rows[0].total == FULL
    assert 0 < rows[1].total < FULL


def test_the_sandbox_probe_runs_during_start_up_and_has_ended_before_the_pool_forks(
    tmp_path, monkeypatch
):
    """bubblewrap's probe runs in a thread while the topics and inputs load; a thread still
    running at a fork would leave the pool processes with its locks held."""
    import argparse
    import threading
    import time

    from grader.frontends import cli_grade_all
    from grader.isolation import sandbox

    classroom = tmp_path / "class"
    _student(classroom, "only_stubs", {}, keep=False)
    for topic in TOPICS:
        shutil.copy(ROOT / "exercises" / topic.filename, classroom / "only_stubs")
    probed_in: list[str] = []
    real_problem = sandbox.bubblewrap_problem.__wrapped__

    def recorded_problem():
        probed_in.append(threading.current_thread().name)
        time.sleep(1.0)  # a slow probe: still running when the inputs have loaded
        return real_problem()

    monkeypatch.setattr(sandbox, "bubblewrap_problem", functools.cache(recorded_problem))
    alive_at_fork: list[list[str]] = []
    real_pool = cli_grade_all._run_pool

    def watched_pool(*args, **kwargs):
        alive_at_fork.append([t.name for t in threading.enumerate() if t.name == "dlkit-probe"])
        return real_pool(*args, **kwargs)

    monkeypatch.setattr(cli_grade_all, "_run_pool", watched_pool)
    args = argparse.Namespace(
        submissions=classroom,
        out=tmp_path / "out",
        sandbox="auto",
        shard=None,
        jobs=1,
        quiet=True,
        junit=False,
        junit_reveal_hidden=False,
        fresh=False,
        call_seconds=None,
        submission_seconds=None,
    )
    assert cli_grade_all._run(args, "en") == 0
    assert probed_in == ["dlkit-probe"]  # once, in the thread, and cached for the rest
    assert alive_at_fork and all(alive == [] for alive in alive_at_fork)
