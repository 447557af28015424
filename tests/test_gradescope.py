"""The Gradescope autograder, run as Gradescope runs it: `python -m grader gradescope`
builds the zip, which is unpacked into `source/` of a Gradescope folder layout under a
temporary root (DLKIT_AUTOGRADER_ROOT), and its `run_autograder` grades three real
uploads (the .py files; the topic notebooks with one slip; a zip of a folder with a
syntax error) into `results/results.json`, checked against Gradescope's documented
results format."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import nbformat
import pytest

from grader.__main__ import main
from grader.engine.suites import all_hidden
from grader.frontends.nb_cells import answer_id
from grader.frontends.notebooks import build_notebook
from grader.topics import BY_NAME, TOPICS, all_properties

from .conftest import ROOT

SOLUTIONS = ROOT / "solutions"
FULL = sum(p.points for _, p in all_properties()) + sum(p.points for _, p in all_hidden())

# Gradescope's results format, as documented in "Autograder Specifications", Output
# format (https://gradescope-autograders.readthedocs.io/en/latest/specs/): every key the
# page lists, with its type; no other key is accepted here, so a typo fails.
VISIBILITY = {"enum": ["hidden", "after_due_date", "after_published", "visible"]}
FORMAT = {"enum": ["text", "html", "simple_format", "md", "ansi"]}
TEST = {
    "type": "object",
    "properties": {
        "score": {"type": "number"},
        "max_score": {"type": "number"},
        "status": {"enum": ["passed", "failed"]},
        "name": {"type": "string"},
        "name_format": FORMAT,
        "number": {"type": "string"},
        "output": {"type": "string"},
        "output_format": FORMAT,
        "tags": {"type": "array", "items": {"type": "string"}},
        "visibility": VISIBILITY,
        "extra_data": {"type": "object"},
    },
    "additionalProperties": False,
}
RESULTS_SCHEMA = {
    "type": "object",
    "properties": {
        "score": {"type": "number"},
        "execution_time": {"type": "number"},
        "output": {"type": "string"},
        "output_format": FORMAT,
        "test_output_format": FORMAT,
        "test_name_format": FORMAT,
        "visibility": VISIBILITY,
        "stdout_visibility": VISIBILITY,
        "extra_data": {"type": "object"},
        "tests": {"type": "array", "items": TEST},
        "leaderboard": {"type": "array"},
    },
    "additionalProperties": False,
    # "score" is optional only when every test has one.
    "anyOf": [
        {"required": ["score"]},
        {"properties": {"tests": {"items": {"required": ["score"]}}}, "required": ["tests"]},
    ],
}

RELU_SLIP = "def relu_backward(dout, cache):\n    return dout * (cache >= 0)\n"
SCRATCH = "def sigmoid_forward(x):\n    return 0 * x  # trying something out\n"


@pytest.fixture(scope="module")
def autograder(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build") / "autograder.zip"
    assert main(["gradescope", str(out)]) == 0
    return out


def _autograde(autograder: Path, base: Path, upload) -> dict:
    """Lay out Gradescope's folders under `base`, put the upload in `submission/`, run
    `run_autograder` as Gradescope does (from /autograder), return results.json."""
    root = base / "autograder"
    with zipfile.ZipFile(autograder) as archive:
        archive.extractall(root / "source")
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    (root / "run_autograder").chmod(0o755)
    (root / "submission").mkdir()
    (root / "results").mkdir()
    upload(root / "submission")
    env = {
        **os.environ,
        "DLKIT_AUTOGRADER_ROOT": str(root),
        "DLKIT_PYTHON": sys.executable,
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("PYTHONPATH", None)  # the kit in source/ grades, not this checkout
    done = subprocess.run(
        [str(root / "run_autograder")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    jsonschema.validate(results, RESULTS_SCHEMA)
    return results


def _failed(results: dict) -> list[dict]:
    return [t for t in results["tests"] if t["score"] < t["max_score"]]


def test_the_zip_has_setup_and_run_autograder_at_its_root(autograder):
    with zipfile.ZipFile(autograder) as archive:
        names = archive.namelist()
        modes = {i.filename: (i.external_attr >> 16) & 0o777 for i in archive.infolist()}
        setup = archive.read("setup.sh").decode()
        pins = archive.read("requirements-gradescope.txt").decode()
    assert {"setup.sh", "run_autograder", "kit/grader/__main__.py"} <= set(names)
    assert modes["setup.sh"] == modes["run_autograder"] == 0o755
    assert {f"kit/exercises/{t.filename}" for t in TOPICS} <= set(names)
    assert not [n for n in names if "__pycache__" in n or n.startswith("kit/tests")]
    assert "torch==2.13.0" in pins and "numpy==" in pins and "hypothesis==" in pins
    assert subprocess.run(["bash", "-n", "-c", setup]).returncode == 0


def test_the_same_kit_gives_the_same_zip_byte_for_byte(autograder, tmp_path):
    again = tmp_path / "again.zip"
    assert main(["gradescope", str(again)]) == 0
    assert again.read_bytes() == autograder.read_bytes()


def test_a_correct_submission_of_py_files_gets_full_marks(autograder, tmp_path):
    def upload(folder: Path) -> None:
        for path in SOLUTIONS.glob("*.py"):
            shutil.copy(path, folder / path.name)

    results = _autograde(autograder, tmp_path, upload)
    assert results["score"] == FULL == sum(t["max_score"] for t in results["tests"])
    assert _failed(results) == []
    assert results["output"].startswith("Graded activations.py (from activations.py).")
    assert {t["visibility"] for t in results["tests"]} == {"visible", "after_published"}


def test_topic_notebooks_with_one_slip_lose_only_that_functions_points(autograder, tmp_path):
    def upload(folder: Path) -> None:
        for topic in TOPICS:
            nb = build_notebook(topic)
            if topic.name == "activations":
                (cell,) = [
                    c
                    for c in nb.cells
                    if c.metadata.get("nbgrader", {}).get("grade_id") == answer_id("relu_backward")
                ]
                cell.source = RELU_SLIP
                # Code outside the answer cells is not graded (as with nbgrader).
                nb.cells.append(nbformat.v4.new_code_cell(SCRATCH))
            nbformat.write(nb, str(folder / f"{topic.name}.ipynb"))

    results = _autograde(autograder, tmp_path, upload)
    failed = _failed(results)
    assert failed and all(t["tags"] == ["relu_backward"] for t in failed)
    assert results["score"] == FULL - sum(t["max_score"] for t in failed)
    visible = [t for t in failed if t["visibility"] == "visible"]
    assert any("Likely mistake: ReLU gradient 1 at x == 0" in t["output"] for t in visible)
    assert "Graded activations.py (from activations.ipynb, the answer cells)." in results["output"]


def test_a_zip_of_a_folder_with_a_syntax_error_loses_that_module_only(autograder, tmp_path):
    conv = BY_NAME["conv"]

    def upload(folder: Path) -> None:
        with zipfile.ZipFile(folder / "homework.zip", "w") as archive:
            for path in SOLUTIONS.glob("*.py"):
                archive.write(path, f"hw3/{path.name}")
            archive.writestr(f"hw3/{conv.filename}", "def conv_output_size(n:\n")
            archive.writestr("__MACOSX/hw3/._conv.py", "litter")

    results = _autograde(autograder, tmp_path, upload)
    failed = _failed(results)
    conv_tests = [t for t in results["tests"] if t["name"].startswith("conv/")]
    assert failed == conv_tests
    assert all("SyntaxError" in t["output"] for t in conv_tests if t["visibility"] == "visible")
    assert f"Graded {conv.filename} (from hw3/{conv.filename})." in results["output"]


def test_an_upload_without_any_module_says_what_to_upload(autograder, tmp_path):
    results = _autograde(
        autograder, tmp_path, lambda folder: (folder / "notes.txt").write_text("hi")
    )
    assert results["score"] == 0
    assert "Not found in your submission:" in results["output"]
    assert "Upload the .py files" in results["output"]


def test_notebooks_whose_metadata_was_stripped_give_the_cells_defining_the_functions(tmp_path):
    from grader.frontends.gradescope import collect_submission

    topic = BY_NAME["activations"]
    nb = build_notebook(topic)
    for cell in nb.cells:
        cell.metadata = {}
    nb.metadata = {}
    upload = tmp_path / "upload"
    upload.mkdir()
    nbformat.write(nb, str(upload / "activations.ipynb"))
    notes = collect_submission(upload, tmp_path / "modules")
    module = (tmp_path / "modules" / "activations.py").read_text()
    for spec in topic.functions:
        assert f"def {spec.name}(" in module
    assert "import numpy as np" in module
    assert notes[0] == "Graded activations.py (from activations.ipynb, the answer cells)."


def test_the_build_command_refuses_a_name_that_is_not_a_zip(tmp_path, capsys):
    assert main(["gradescope", str(tmp_path / "autograder.tar")]) == 2
    assert "should end in .zip" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
