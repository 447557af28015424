"""The kit installed as a package, as a new user meets it: `pip install .` and a built wheel
into fresh virtual environments, then the `dlkit` command run from a folder outside the
repository.

The environments are made with ``--system-site-packages`` so that PyTorch, NumPy and
Hypothesis (already installed here) are not downloaded again; the kit itself is
installed with ``--no-deps`` and each test checks that ``grader`` is imported from the
environment, not from the repository.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader.engine.suites import mistakes
from grader.isolation.sandbox import Limits
from grader.topics import TOPICS

from .conftest import ROOT, implementation_from_entry

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="venv layout of POSIX")


def _run(args: list, cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DLKIT_ROOT")}
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=900, env=env
    )


def _clean_copy(tmp: Path) -> Path:
    """The repository's tracked files (what a fresh clone holds), so building leaves no
    build/ or *.egg-info in the working tree."""
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    copy = tmp / "clone"
    for name in files:
        source = ROOT / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, copy / name)
    return copy


def _venv(path: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(path)], check=True)
    return path / "bin"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict[str, Path]:
    """Two environments: one from `pip install CLONE`, one from a wheel built from it."""
    tmp = tmp_path_factory.mktemp("install")
    clone = _clean_copy(tmp)
    from_source = _venv(tmp / "venv-source")
    result = _run([from_source / "pip", "install", "-q", "--no-deps", clone], tmp)
    assert result.returncode == 0, result.stderr
    wheels = tmp / "wheels"
    result = _run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", wheels, clone],
        tmp,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = wheels.glob("*.whl")
    from_wheel = _venv(tmp / "venv-wheel")
    result = _run([from_wheel / "pip", "install", "-q", "--no-deps", wheel], tmp)
    assert result.returncode == 0, result.stderr
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    return {"source": from_source, "wheel": from_wheel, "cwd": elsewhere, "wheel_file": wheel}


@pytest.mark.parametrize("how", ["source", "wheel"])
def test_grader_is_imported_from_the_environment(installed, how):
    bindir = installed[how]
    result = _run(
        [bindir / "python", "-c", "import grader; print(grader.__file__)"], installed["cwd"]
    )
    assert str(bindir.parent) in result.stdout, result.stdout + result.stderr


def test_the_wheel_holds_the_package_topics_and_reference_but_no_student_copy(installed):
    import zipfile

    names = zipfile.ZipFile(installed["wheel_file"]).namelist()
    for topic in TOPICS:
        assert f"grader/topics/{topic.name}/definition.py" in names
        assert f"grader/topics/{topic.name}/hidden.py" in names
        assert f"grader/_solutions/{topic.filename}" in names
    assert not any(n.startswith(("exercises/", "solutions/", "tests/")) for n in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert (
        "dlkit = grader.__main__:main"
        in zipfile.ZipFile(installed["wheel_file"]).read(entry_points).decode()
    )


@pytest.mark.parametrize("how", ["source", "wheel"])
def test_help_shows_the_real_default_limits(installed, how):
    result = _run([installed[how] / "dlkit", "grade", "--help"], installed["cwd"])
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert text.startswith("usage: dlkit grade")
    limits = Limits()
    assert f"(default: {limits.call_seconds:g})" in text
    assert f"(default: {limits.submission_seconds:g})" in text


@pytest.mark.parametrize("how", ["source", "wheel"])
def test_dlkit_grades_a_submission_from_outside_the_repository(installed, how, tmp_path):
    mistake = next(m for m in mistakes("activations") if m.id == "relu_gradient_one_at_zero")
    implementation_from_entry(mistake, tmp_path)
    submission = tmp_path / mistake.id
    results = tmp_path / "results.json"
    command = [installed[how] / "dlkit", "grade", submission, "--json", results]
    result = _run([*command, "--sandbox", "none", "--lang", "ko"], installed["cwd"])
    assert result.returncode == 0, result.stderr
    assert "진행 상황" in result.stdout
    graded = json.loads(results.read_text())
    relu = [t for t in graded["tests"] if "relu_backward" in t["tags"]]
    assert any(t["score"] < t["max_score"] for t in relu)
    # The installed kit names the catalogued mistake, as grading from the repository does.
    assert any(mistake.title.ko in t["output"] for t in relu)


def test_python_m_grader_still_works_in_the_installed_kit(installed):
    result = _run([installed["wheel"] / "python", "-m", "grader", "--help"], installed["cwd"])
    assert result.returncode == 0 and "grade-all" in result.stdout, result.stderr


def test_release_from_an_installed_kit_stops_with_a_clear_message(installed, tmp_path):
    result = _run([installed["wheel"] / "dlkit", "release", tmp_path / "out"], installed["cwd"])
    assert result.returncode == 2
    assert "clone of the kit's repository" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def student_install(tmp_path_factory) -> dict[str, Path]:
    """The student release, installed with `pip install .` into a fresh environment."""
    from grader.frontends.release import build

    tmp = tmp_path_factory.mktemp("student")
    bundle = build(tmp / "student-kit").out
    bindir = _venv(tmp / "venv")
    result = _run([bindir / "pip", "install", "-q", "--no-deps", bundle], tmp)
    assert result.returncode == 0, result.stderr
    return {"bundle": bundle, "bin": bindir}


def test_student_release_installs_its_checking_code_and_no_instructor_code(student_install):
    bindir = student_install["bin"]
    code = (
        "import importlib.util as u, grader.frontends.pytest_support as p; print(p.__file__); "
        "print([m for m in ('grader.engine.grading', 'grader.define.catalogue', "
        "'grader._solutions', 'grader.__main__') if u.find_spec(m)])"
    )
    result = _run([bindir / "python", "-c", code], student_install["bundle"].parent)
    assert result.returncode == 0, result.stderr
    where, leaked = result.stdout.splitlines()
    assert str(bindir.parent) in where
    assert leaked == "[]"
    assert not (bindir / "dlkit").exists()


def test_student_checks_their_exercises_with_the_installed_kit(student_install, tmp_path):
    # The exercises folder is the student's working copy, anywhere on disk.
    shutil.copytree(student_install["bundle"] / "exercises", tmp_path / "exercises")
    result = _run(
        [
            student_install["bin"] / "python",
            "-m",
            "pytest",
            "exercises/",
            "-q",
            "-m",
            TOPICS[0].name,
        ],
        tmp_path,
    )
    assert result.returncode == 1, result.stdout[-2000:] + result.stderr
    assert (
        "progress board"
        in result.stdout.splitlines()[-len([f for t in TOPICS for f in t.functions]) - 2]
    )
