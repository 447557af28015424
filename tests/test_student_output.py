"""What a student reads at the end of `pytest exercises/`: the board last, one message per
broken module, `-m` names checked, counts that read one way, no blame for a neighbour."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader.engine.grading import grade_submission
from grader.engine.running import FAILED, PASSED, Verdict, run_property
from grader.engine.suites import mistakes
from grader.frontends.board import function_statuses, render_board
from grader.topics import BY_NAME, TOPICS, all_functions

from .conftest import ROOT, implementation_from_entry


def run_pytest(folder: Path, *args: str) -> subprocess.CompletedProcess:
    """`pytest exercises/ ARGS` in `folder` (a kit with exercises/), the kit on the path."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "exercises/", "-p", "no:cacheprovider", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )


@pytest.fixture(scope="module")
def kit(tmp_path_factory) -> Path:
    """A copy of the student's exercises/ folder, to break on purpose."""
    folder = tmp_path_factory.mktemp("kit")
    shutil.copytree(ROOT / "exercises", folder / "exercises")
    return folder


def board_lines() -> int:
    """The board's length: its rule, its title line and one row per function."""
    return 2 + len(all_functions())


def test_board_is_the_last_block_and_failed_tests_are_not_listed_again(kit):
    result = run_pytest(kit, "-m", TOPICS[0].name)
    lines = result.stdout.rstrip("\n").splitlines()
    board = lines[-board_lines() :]
    assert "progress board" in board[0], result.stdout[-3000:]
    assert board[1].startswith("Progress: 0/")
    # pytest's closing line comes before the board, not after it.
    assert re.search(r"\d+ failed", lines[-board_lines() - 2]), lines[-board_lines() - 3 :]
    assert "short test summary" not in result.stdout
    assert "FAILED exercises/" not in result.stdout


def test_short_summary_comes_back_when_asked_for_with_r(kit):
    result = run_pytest(kit, "-m", TOPICS[0].name, "-rf")
    assert "FAILED exercises/" in result.stdout
    assert "progress board" in result.stdout.splitlines()[-board_lines()]


def test_a_module_that_cannot_be_imported_is_reported_once(kit, tmp_path):
    topic = TOPICS[0]
    folder = tmp_path / "broken"
    shutil.copytree(kit / "exercises", folder / "exercises")
    (folder / "exercises" / topic.filename).write_text("def oops(:\n    pass\n")
    result = run_pytest(folder, "-m", topic.name)
    out = result.stdout
    assert result.returncode == 1, out[-3000:]
    assert out.count("could not be imported (SyntaxError)") == 1, out
    assert out.count("def oops(:") == 1, out
    n = len(topic.properties)
    assert re.search(rf"1 failed, {n - 1} skipped", out), out.splitlines()[-board_lines() - 2]
    for spec in topic.functions:
        assert re.search(
            rf"✘ {spec.name}\s+failing: exercises/{topic.filename} could not be imported", out
        ), out[-2000:]


def test_unknown_marker_stops_with_the_valid_names(kit):
    result = run_pytest(kit, "-m", "sigmoid")
    assert result.returncode == 4  # pytest's usage error
    message = result.stderr
    assert "no function or topic is called sigmoid" in message
    assert "Did you mean" in message and "sigmoid_forward" in message
    for topic, spec in all_functions():
        assert topic.name in message and spec.name in message
    assert "collected" not in result.stdout


def test_unknown_marker_inside_an_expression_is_refused_and_in_korean(kit):
    result = run_pytest(kit, "-m", "relu_forward or nonsense", "--lang", "ko")
    assert result.returncode == 4
    assert "nonsense 이름의 함수나 주제가 없습니다" in result.stderr


def test_valid_marker_expressions_still_select(kit):
    result = run_pytest(kit, "-m", "not batchnorm and (relu_forward or conv)", "--co", "-q")
    assert result.returncode == 0, result.stderr
    assert "test_relu_forward_matches_torch" in result.stdout
    assert "batchnorm" not in result.stdout.split("\n\n")[0]


def test_failing_count_says_how_many_properties_pass():
    topic = TOPICS[0]
    fn = topic.functions[0].name
    props = [p for p in topic.properties if p.functions == (fn,)][:3]
    assert len(props) == 3
    verdicts = [Verdict(props[0], PASSED), Verdict(props[1], FAILED), Verdict(props[2], FAILED)]
    rows = function_statuses(verdicts)
    english, korean = render_board(rows, "en"), render_board(rows, "ko")
    assert re.search(rf"✘ {fn}\s+failing: 1 of 3 properties pass$", english, re.M), english
    assert re.search(rf"✘ {fn}\s+실패: 성질 3개 중 1개 통과$", korean, re.M), korean
    assert "(1/3)" not in english


TRAIN_MISTAKES = [
    pytest.param(m, id=m.id)
    for m in mistakes("batchnorm")
    if m.functions == ("batchnorm_forward_train",)
]


@pytest.mark.parametrize("mistake", TRAIN_MISTAKES)
def test_a_train_mode_mistake_leaves_eval_passing_on_the_board(mistake, tmp_path):
    impl = implementation_from_entry(mistake, tmp_path)
    verdicts = [run_property(p, impl) for p in BY_NAME["batchnorm"].properties]
    rows = {r.function: r for r in function_statuses(verdicts)}
    assert rows["batchnorm_forward_train"].status == FAILED
    assert rows["batchnorm_forward_eval"].status == PASSED


def test_a_train_mode_mistake_costs_eval_no_points(tmp_path):
    mistake = next(m for m in mistakes("batchnorm") if m.id == "batchnorm_momentum_reversed")
    implementation_from_entry(mistake, tmp_path)
    folder = tmp_path / mistake.id
    result = grade_submission(folder, sandbox="none", topics=["batchnorm"], save_cache=False)
    got, most = result.functions["batchnorm_forward_eval"]
    assert got == most > 0
    got, most = result.functions["batchnorm_forward_train"]
    assert got < most
    failed = [t for t in result.tests if t.score < t.max_score]
    assert any(t.property_id == "batchnorm_forward_train_defaults_are_torchs" for t in failed)
    assert all(t.functions == ("batchnorm_forward_train",) for t in failed)
