"""`pytest exercises/` as a student runs it: the board, --solutions, -m and --lang."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from grader.topics import TOPICS, all_functions

from .conftest import ROOT

N_FUNCTIONS = len(all_functions())


def run_student_check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "exercises/", "-q", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def stub_run() -> subprocess.CompletedProcess:
    return run_student_check()


@pytest.mark.parametrize("folder", ["exercises", "solutions"])
def test_each_module_defines_exactly_its_topics_contract_functions(folder):
    for topic in TOPICS:
        tree = ast.parse((ROOT / folder / topic.filename).read_text(encoding="utf-8"))
        defined = [
            node.name
            for node in tree.body
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
        ]
        assert defined == [spec.name for spec in topic.functions], topic.name


def test_stubs_fail_every_test_and_board_shows_zero(stub_run):
    assert stub_run.returncode == 1, stub_run.stdout[-2000:]
    assert f"Progress: 0/{N_FUNCTIONS} functions passing" in stub_run.stdout
    assert " passed" not in stub_run.stdout.splitlines()[-1]
    for _, spec in all_functions():
        assert re.search(rf"· {spec.name}\s+not started", stub_run.stdout), spec.name


def test_stub_feedback_points_to_the_docstring(stub_run):
    assert "is not implemented yet" in stub_run.stdout
    assert "Read its docstring" in stub_run.stdout


def test_solutions_flag_passes_everything_and_board_shows_all():
    result = run_student_check("--solutions")
    assert result.returncode == 0, result.stdout[-3000:]
    assert f"Progress: {N_FUNCTIONS}/{N_FUNCTIONS} functions passing" in result.stdout


def test_marker_selects_one_function_and_korean_board():
    result = run_student_check("--solutions", "-m", "relu_backward", "--lang", "ko")
    assert result.returncode == 0, result.stdout[-3000:]
    assert "진행 상황" in result.stdout
    assert re.search(r"✔ relu_backward\s+통과", result.stdout)
    assert re.search(r"sigmoid_forward\s+실행 안 됨", result.stdout)


def _run_with_cache(cache: Path, *args: str) -> subprocess.CompletedProcess:
    """`pytest exercises/` in a fresh process with its own disk cache, printing at the very
    end whether PyTorch was imported."""
    code = (
        "import sys, pytest\n"
        f"code = pytest.main(['exercises/', '-q', '-p', 'no:randomly', *{list(args)!r}])\n"
        "print('torch imported:', 'torch' in sys.modules)\n"
        "sys.exit(code)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "DLKIT_CACHE_DIR": str(cache)},
    )


def _without_timing(output: str) -> str:
    return re.sub(r" in [0-9.]+s", " in Xs", output)


@pytest.mark.parametrize("args", [("-m", "activations or losses"), ("--solutions", "-m", "conv")])
def test_a_second_run_takes_inputs_and_answers_from_the_disk_cache_with_the_same_verdicts(
    args, tmp_path
):
    first = _run_with_cache(tmp_path, *args)
    assert sorted(p.name.split("-")[0] for p in tmp_path.glob("*.wire")) == [
        "examples",
        "references",
    ]
    second = _run_with_cache(tmp_path, *args)
    assert second.returncode == first.returncode
    same = _without_timing(second.stdout).replace("torch imported: False", "torch imported: True")
    assert same == _without_timing(first.stdout)
    if "--solutions" in args:  # every answer is known: PyTorch is not even imported
        assert "torch imported: False" in second.stdout
