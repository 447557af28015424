"""``python -m grader release``: the student bundle runs, and holds no solution or hidden test.

The bundle is built once per session, by the real command in a subprocess, into a temp
folder outside the project; its tests run there with a clean environment, so nothing of
the project can leak in through sys.path.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader.define.i18n import LABELS
from grader.engine.suites import all_hidden, all_mistakes
from grader.frontends.release import ReleaseError, build, import_closure
from grader.topics import TOPICS

from .conftest import ROOT

N_FUNCTIONS = sum(len(t.functions) for t in TOPICS)


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "DLKIT_"))}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _pytest_in(bundle: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "exercises/", "-q", "-p", "no:cacheprovider", *args],
        cwd=bundle,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="session")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("release") / "bundle"
    result = subprocess.run(
        [sys.executable, "-m", "grader", "release", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return out


def _bundle_files(bundle: Path) -> list[Path]:
    return sorted(p for p in bundle.rglob("*") if p.is_file())


def _function_bodies(source: str) -> dict[str, str]:
    """Every function's body (docstring removed), normalised by ast.unparse."""
    bodies = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            body = list(node.body)
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                body = body[1:]
            if body:
                bodies[node.name] = ast.unparse(ast.Module(body=body, type_ignores=[]))
    return bodies


def test_bundle_has_the_student_files_and_no_instructor_files(bundle):
    names = {str(p.relative_to(bundle)) for p in _bundle_files(bundle)}
    for required in ("README.md", "pyproject.toml", "requirements.txt", "exercises/conftest.py"):
        assert required in names
    for path in (ROOT / "exercises").glob("*.py"):
        assert f"exercises/{path.name}" in names
    if "grader/engine/diagnosis.py" in names:  # diagnosis without the catalogue needs its data
        assert "grader/engine/fingerprints.json" in names
    forbidden_prefixes = (
        "solutions/",
        "tests/",
        "grader/define/catalogue.py",
        "grader/engine/suites.py",
        "grader/engine/grading.py",
        "grader/isolation/sandbox.py",
        "grader/isolation/worker_",
        "grader/isolation/fork_",
        "grader/frontends/cli_",
        "grader/frontends/release.py",
        "grader/frontends/notebooks.py",
        "grader/frontends/nbgrader_grading.py",
        "grader/__main__.py",
    )
    forbidden_in_topics = ("hidden.py", "mistakes.py")
    assert not [
        n for n in names if n.startswith("grader/topics/") and n.endswith(forbidden_in_topics)
    ]
    leaked = sorted(n for n in names if n.startswith(forbidden_prefixes))
    assert not leaked, leaked


def test_no_solution_function_body_appears_anywhere_in_the_bundle(bundle):
    solution_bodies = {}
    for path in sorted((ROOT / "solutions").glob("*.py")):
        for name, body in _function_bodies(path.read_text()).items():
            solution_bodies[f"{path.name}:{name}"] = body
    assert solution_bodies, "no solution functions found: the check would prove nothing"

    leaks = []
    for path in _bundle_files(bundle):
        text = path.read_text(encoding="utf-8", errors="replace")
        bundle_bodies = set(_function_bodies(text).values()) if path.suffix == ".py" else set()
        for where, body in solution_bodies.items():
            if body in bundle_bodies or body in text:
                leaks.append(f"{where} in {path.relative_to(bundle)}")
    assert not leaks, leaks


def test_no_hidden_property_or_catalogued_mistake_is_named_in_the_bundle(bundle):
    secret_ids = [p.id for _, p in all_hidden()] + [m.id for m in all_mistakes()]
    assert secret_ids, "no hidden properties or mistakes found: the check would prove nothing"
    texts = {
        str(p.relative_to(bundle)): p.read_text(encoding="utf-8", errors="replace")
        for p in _bundle_files(bundle)
    }
    found = [(i, name) for i in secret_ids for name, text in texts.items() if i in text]
    assert not found, found


def test_public_tests_run_in_the_bundle_and_fail_every_stub(bundle):
    result = _pytest_in(bundle)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output  # 1 = tests ran and failed (not a usage error)
    assert " passed" not in output.splitlines()[-1], output.splitlines()[-1]
    board_total = LABELS["functions_passing"].get("en", done=0, total=N_FUNCTIONS)
    assert board_total in output, output[-3000:]


def test_bundle_accepts_a_correct_solution(bundle, tmp_path):
    # The same bundle with one topic solved: that topic's functions pass, so failures on
    # the stubs come from the stubs and not from a broken bundle.
    solved = tmp_path / "solved"
    shutil.copytree(bundle, solved)
    shutil.copyfile(ROOT / "solutions" / "activations.py", solved / "exercises" / "activations.py")
    result = _pytest_in(solved, "-m", "activations")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    n_activations = len(next(t for t in TOPICS if t.name == "activations").functions)
    board_total = LABELS["functions_passing"].get("en", done=n_activations, total=N_FUNCTIONS)
    assert board_total in output, output[-3000:]


def test_solutions_option_in_the_bundle_stops_with_a_clear_message(bundle):
    result = _pytest_in(bundle, "--solutions")
    output = result.stdout + result.stderr
    assert result.returncode == 4, output  # pytest's usage-error status
    assert "not part of the student release" in output
    assert "Traceback" not in output


def _fake_project(tmp_path: Path, test_source: str) -> Path:
    root = tmp_path / "project"
    (root / "exercises").mkdir(parents=True)
    for package in ("grader", "grader/topics", "grader/topics/t", "grader/engine"):
        (root / package).mkdir(parents=True, exist_ok=True)
        (root / package / "__init__.py").write_text("")
    (root / "grader" / "public.py").write_text("X = 1\n")
    for module in ("topics/t/definition", "topics/t/hidden", "topics/t/mistakes", "engine/suites"):
        (root / "grader" / f"{module}.py").write_text("")
    (root / "exercises" / "test_x.py").write_text(test_source)
    return root


def test_closure_follows_a_dynamic_import_of_each_topics_definition_only(tmp_path):
    source = "import importlib\nimportlib.import_module(f'grader.topics.{NAME}.definition')\n"
    root = _fake_project(tmp_path, source)
    assert import_closure([root / "exercises" / "test_x.py"], root) == [
        "grader",
        "grader.topics",
        "grader.topics.t",
        "grader.topics.t.definition",
    ]


def test_closure_follows_imports_and_keeps_out_unrelated_modules(tmp_path):
    root = _fake_project(tmp_path, "from grader.public import X\n")
    assert import_closure([root / "exercises" / "test_x.py"], root) == ["grader", "grader.public"]


@pytest.mark.parametrize(
    "source",
    [
        "import grader.topics.t.hidden\n",
        "from grader.topics.t import hidden\n",
        "import importlib\nimportlib.import_module('grader.engine.suites')\n",
        "import importlib\nimportlib.import_module(f'grader.topics.{NAME}.mistakes')\n",
        "from solutions import activations\n",
    ],
)
def test_release_refuses_when_public_code_imports_instructor_code(tmp_path, source):
    root = _fake_project(tmp_path, source)
    with pytest.raises(ReleaseError, match="never shipped"):
        import_closure([root / "exercises" / "test_x.py"], root)


def test_release_refuses_an_untraceable_dynamic_import(tmp_path):
    root = _fake_project(tmp_path, "import importlib\nimportlib.import_module(NAME)\n")
    with pytest.raises(ReleaseError, match="dynamic import"):
        import_closure([root / "exercises" / "test_x.py"], root)


def test_release_refuses_to_write_inside_the_project_or_over_a_folder(tmp_path):
    with pytest.raises(ReleaseError, match="inside the project"):
        build(ROOT / "out-bundle")
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "keep.txt").write_text("mine")
    with pytest.raises(ReleaseError, match="not empty"):
        build(occupied)
    assert (occupied / "keep.txt").read_text() == "mine"
