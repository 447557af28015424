"""The student release's study notebooks, executed as a student meets them: the release is
installed with `pip install .` into a fresh environment (``--system-site-packages``, so
PyTorch and Jupyter are not downloaded again), every notebook is copied to a folder
outside the repository and the release and executed there with nbclient by that
environment's Python.

As released, every check cell reports "not started"; with the reference pasted into the
answer cells, every check cell passes.  English notebooks run both ways, Korean ones as
released (their check cells are the same calls with ``lang="ko"``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from grader.frontends.nb_cells import BEGIN_SOLUTION, END_SOLUTION, answer_cell_source
from grader.topics import BY_NAME, TOPICS

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="venv layout of POSIX")

EXECUTE = r"""
import json, sys
import nbclient, nbformat
results = {}
for path in sys.argv[1:]:
    nb = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(nb, timeout=600, resources={"metadata": {"path": "."}}).execute()
    checks = []
    for cell in nb.cells:
        prop = cell.metadata.get("dlkit", {}).get("check")
        if prop:
            text = "".join(o.get("text", "") for o in cell.outputs if o.get("name") == "stdout")
            errors = [o for o in cell.outputs if o.get("output_type") == "error"]
            checks.append([prop, text, len(errors)])
    results[path] = checks
print(json.dumps(results))
"""


def _run(args: list, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DLKIT_ROOT")}
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=1800, env=env
    )


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> dict[str, Path]:
    from grader.frontends.release import build

    tmp = tmp_path_factory.mktemp("study")
    bundle = build(tmp / "student-kit").out
    subprocess.run(
        [sys.executable, "-m", "venv", "--system-site-packages", tmp / "venv"], check=True
    )
    python = tmp / "venv" / "bin" / "python"
    result = _run([python, "-m", "pip", "install", "-q", "--no-deps", bundle], tmp)
    assert result.returncode == 0, result.stderr
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    return {"bundle": bundle, "python": python, "cwd": elsewhere}


def _execute(release: dict[str, Path], notebooks: dict[str, dict]) -> dict[str, list]:
    """Write the notebooks into the outside folder, execute them there, return each one's
    check cells as [property id, printed text, number of errors]."""
    paths = []
    for name, nb in notebooks.items():
        path = release["cwd"] / name
        path.write_text(json.dumps(nb, ensure_ascii=False))
        paths.append(path.name)
    result = _run([release["python"], "-c", EXECUTE, *paths], release["cwd"])
    assert result.returncode == 0, result.stderr[-5000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def _released(release: dict[str, Path], lang: str, topic: str) -> dict:
    return json.loads((release["bundle"] / "notebooks" / lang / f"{topic}.ipynb").read_text())


def _with_reference(nb: dict, topic: str) -> dict:
    for cell in nb["cells"]:
        function = cell["metadata"].get("dlkit", {}).get("answer")
        if function:
            source = answer_cell_source(BY_NAME[topic], function)
            cell["source"] = "\n".join(
                line
                for line in source.splitlines()
                if line.strip() not in (BEGIN_SOLUTION, END_SOLUTION)
            )
    return nb


def test_release_has_one_notebook_per_topic_and_language_without_solutions(release):
    for lang in ("en", "ko"):
        names = sorted(p.stem for p in (release["bundle"] / "notebooks" / lang).glob("*.ipynb"))
        assert names == sorted(t.name for t in TOPICS)
        for topic in TOPICS:
            text = json.dumps(_released(release, lang, topic.name))
            assert BEGIN_SOLUTION not in text and "grader.nb" not in text
            checks = [
                c
                for c in _released(release, lang, topic.name)["cells"]
                if c["metadata"].get("dlkit", {}).get("check")
            ]
            assert {c["metadata"]["dlkit"]["check"] for c in checks} == {
                p.id for p in topic.properties
            }


def test_korean_notebooks_explain_in_korean(release):
    import importlib

    for topic in TOPICS:
        intro = _released(release, "ko", topic.name)["cells"][0]["source"]
        try:
            content = importlib.import_module(f"grader.topics.{topic.name}.notebook").CONTENT
        except ModuleNotFoundError:
            continue
        assert content.explanation_ko in intro
        assert content.explanation not in intro


_EXECUTED: dict[str, dict[str, list]] = {}


def executed(release: dict[str, Path], topic: str) -> dict[str, list]:
    """The topic's three notebooks (English and Korean as released, English with the
    reference), executed once per test session (a topic at a time, so `-k TOPIC` runs
    only that topic's)."""
    if topic not in _EXECUTED:
        notebooks = {
            f"en-{topic}.ipynb": _released(release, "en", topic),
            f"ko-{topic}.ipynb": _released(release, "ko", topic),
            f"ref-{topic}.ipynb": _with_reference(_released(release, "en", topic), topic),
        }
        _EXECUTED[topic] = _execute(release, notebooks)
    return _EXECUTED[topic]


@pytest.mark.parametrize("topic", [t.name for t in TOPICS])
def test_released_notebook_reports_every_check_as_not_started(release, topic):
    for prefix, words in (("en", "· not started"), ("ko", "· 아직 시작 안 함")):
        checks = executed(release, topic)[f"{prefix}-{topic}.ipynb"]
        assert len(checks) == len(BY_NAME[topic].properties)
        for prop, text, errors in checks:
            assert errors == 0, (prop, text)
            assert text.startswith(words), (prop, text)


@pytest.mark.parametrize("topic", [t.name for t in TOPICS])
def test_notebook_with_the_reference_passes_every_check(release, topic):
    checks = executed(release, topic)[f"ref-{topic}.ipynb"]
    assert len(checks) == len(BY_NAME[topic].properties)
    for prop, text, errors in checks:
        assert errors == 0 and text.startswith("✔ passed"), (prop, text)


DRAWS_IN_A_KERNEL = """
import sys, runpy
from grader.engine.examples import drawn_here
from grader.frontends import study
namespace = runpy.run_path(sys.argv[1])
status = study.report("relu_forward_matches_torch", namespace, "en")
print(status, len(drawn_here()))
"""


def test_a_check_cell_draws_its_inputs_once_and_later_kernels_take_them_from_the_disk_cache(
    tmp_path,
):
    """Two kernels one after the other (as a student restarts one): the first draws the
    property's inputs and keeps them in the disk cache, the second draws nothing."""
    env = dict(os.environ, DLKIT_CACHE_DIR=str(tmp_path / "cache"))
    root = Path(__file__).resolve().parent.parent
    outputs = []
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", DRAWS_IN_A_KERNEL, str(root / "solutions" / "activations.py")],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout.split()[-2:])
    assert outputs[0] == ["passed", "1"]
    assert outputs[1] == ["passed", "0"]
