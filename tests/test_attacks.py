"""The attack catalogue (tests/attacks/), graded end to end by the real command line.

Each attack is a submission made of the reference solutions with ONE module replaced by
that module's solution plus the attack (see tests/attacks/README.md).  Every attack is
graded by ``python -m grader grade`` in a subprocess, in the bubblewrap sandbox, and the
tests check that:

* grading completes (exit status 0) within a bounded time and writes a small results file;
* only the attacked module loses points: every other module scores what it scores in the
  unattacked reference submission, which itself gets full marks;
* the project is unchanged (hashed before and after) and nothing was written outside the
  worker's scratch (the attacks that write leave named marker files; none may exist).

The grader runs from a copy of the project in a temp folder, so the hashes are not
disturbed by anyone editing the checkout, and so that even a sandbox failure could only
damage the copy.  The destructive attacks (deleting, killing processes) never run
outside the sandbox: without working bubblewrap these tests fail instead of running them.
Then a class of 20 submissions holding the attacks goes through ``grade-all`` and every
row must match the single grade.  A separate test grades the harmless attacks with
``--sandbox none`` (process limits only).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from grader.isolation import sandbox
from grader.topics import BY_NAME, TOPICS

from .conftest import ROOT

ATTACKS_DIR = ROOT / "tests" / "attacks"
MARKER = "DLKIT_ATTACK_MARKER"  # tests/attacks/*writes_outside_scratch.py
UNPICKLE_MARKER = Path("/tmp/dlkit_attack_unpickle_payload_ran")  # *unpickle_payload.py
FORGED_SCORE = 9999.0  # *forges_results.py

# Reduced limits keep the catalogue fast; they are the grader's own options.
# (The whole-submission budget stays at its default: it must not run out for the modules
# that are not attacked, on a loaded machine.)
LIMIT_ARGS = ["--call-seconds", "3"]
# One grade, attack included, must end within this.  Generous, because the first
# submission a grading process sees pays its cold start (PyTorch, references), which a
# loaded 2-core machine stretches to minutes; still far below what the attacks would take
# unbounded (the sleep attack sleeps an hour, the loops never end).
GRADE_SECONDS_BOUND = 600.0
RESULTS_BYTES_BOUND = 1024 * 1024

# Attacks that are safe to run with process limits only (they harm nothing but their own
# grade); the others read, write, delete or kill outside the worker.
HARMLESS = {
    "syntax_error",
    "exception_at_import",
    "sys_exit_at_import",
    "os_exit_in_call",
    "infinite_loop",
    "sleep",
    "memory_hog",
    "deep_recursion",
    "output_flood",
    "imports_torch",
    "monkeypatches_numpy",
    "unpickle_payload",
}

# Graded also on their own by `python -m grader grade`: the attacks aimed at that
# process (the results path on its command line, the process itself).  Every attack is
# graded end to end in the class run through `grade-all`; a single grade costs a cold
# start (PyTorch, the references) each, so only these two pay it.
SINGLE = ("regularization__forges_results", "conv__kills_parent")

FUNCTION_TOPIC = {spec.name: topic.name for topic in TOPICS for spec in topic.functions}
REFERENCE = "reference"


@dataclass(frozen=True)
class Attack:
    name: str  # "<topic>__<attack>"
    path: Path

    @property
    def topic(self) -> str:
        return self.name.split("__")[0]

    @property
    def kind(self) -> str:
        return self.name.split("__")[1]


def all_attacks() -> list[Attack]:
    found = []
    for path in sorted(ATTACKS_DIR.iterdir()):
        if path.name.endswith((".py", ".py.txt")):
            found.append(Attack(path.name.split(".")[0], path))
    return found


ATTACKS = all_attacks()


@dataclass
class Run:
    returncode: int
    seconds: float
    stdout: str
    stderr: str
    results: Path

    def load(self) -> dict:
        return json.loads(self.results.read_text())


# --- helpers ----------------------------------------------------------------------


def require_bubblewrap() -> None:
    problem = sandbox.bubblewrap_problem()
    if problem is not None:
        pytest.fail(
            "the attack catalogue runs only inside the bubblewrap sandbox (several attacks "
            f"delete files and kill processes), and bubblewrap does not work here: {problem}"
        )


def tree_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if "__pycache__" in relative:
            continue
        digest.update(relative.encode() + b"\0")
        if path.is_file() and not path.is_symlink():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def copy_project(target: Path) -> Path:
    ignore = shutil.ignore_patterns(
        ".git", "__pycache__", ".hypothesis", ".ruff_cache", ".pytest_cache", ".benchmarks"
    )
    shutil.copytree(ROOT, target, ignore=ignore)
    return target


def make_submission(project: Path, folder: Path, attack: Attack | None) -> Path:
    """The reference solutions, with the attacked module = its solution + the attack."""
    folder.mkdir(parents=True)
    for path in sorted((project / "solutions").glob("*.py")):
        shutil.copyfile(path, folder / path.name)
    if attack is not None:
        module = folder / f"{attack.topic}.py"
        module.write_text(
            module.read_text() + f"\n\n# --- attack {attack.name} ---\n" + attack.path.read_text()
        )
    return folder


def grader_env(project: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "DLKIT_"))}
    env["PYTHONPATH"] = str(project)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    # The grader's cache of drawn examples, shared by the runs of this session (each copy
    # of the project is the same kit) and kept out of the user's home.
    env["DLKIT_CACHE_DIR"] = str(project.parent.parent / "grader-cache")
    return env


def run_grader(project: Path, args: list[str], timeout: float = 600) -> tuple[int, float, str, str]:
    # Not the project itself as working directory: Hypothesis, in the grading process,
    # creates its .hypothesis/ folder there, and the project is hashed before and after.
    cwd = project.parent / "grader-cwd"
    cwd.mkdir(exist_ok=True)
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "grader", *args],
        cwd=cwd,
        env=grader_env(project),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return result.returncode, time.monotonic() - started, result.stdout, result.stderr


def topic_scores(results: dict) -> dict[str, tuple[float, float]]:
    """topic -> (score, max_score) summed over the tests tagged with its functions."""
    totals: dict[str, list[float]] = {t.name: [0.0, 0.0] for t in TOPICS}
    for test in results["tests"]:
        topics = {FUNCTION_TOPIC[f] for f in test.get("tags", []) if f in FUNCTION_TOPIC}
        assert len(topics) == 1, test
        (topic,) = topics
        totals[topic][0] += test["score"]
        totals[topic][1] += test["max_score"]
    return {t: (s, m) for t, (s, m) in totals.items()}


def marker_places(base: Path, project: Path) -> list[Path]:
    places = [base, project, ROOT, Path("/tmp"), Path("/var/tmp"), Path("/dev/shm"), Path.home()]
    return [p for p in places if p.exists()]


def find_markers(places: list[Path]) -> list[Path]:
    found = []
    for place in places:
        found += list(place.glob(MARKER))
        if place not in (Path("/tmp"), Path.home()):
            found += list(place.rglob(MARKER))
    return sorted(set(found))


# --- the sandboxed catalogue ------------------------------------------------------


@dataclass
class Catalogue:
    base: Path
    project: Path
    submissions: dict[str, Path]  # every student of the class, by name
    submission_hashes: dict[str, str]
    batch: Run  # grade-all over the whole class
    rows: dict[str, dict[str, str]]  # gradebook.csv, by student
    singles: dict[str, Run]  # `grade` runs, by attack name
    project_before: str
    project_after: str
    markers_after: list[Path]

    def results(self, name: str) -> dict:
        return json.loads((self.base / "class-out" / "results" / f"{name}.json").read_text())


@pytest.fixture(scope="session")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    require_bubblewrap()
    assert sandbox.isolation_mode("bwrap") == sandbox.BUBBLEWRAP
    UNPICKLE_MARKER.unlink(missing_ok=True)
    base = tmp_path_factory.mktemp("attacks")
    project = copy_project(base / "project")
    class_dir = base / "class"
    submissions = {REFERENCE: make_submission(project, class_dir / REFERENCE, None)}
    for attack in ATTACKS:
        submissions[attack.name] = make_submission(project, class_dir / attack.name, attack)
    stubs = class_dir / "untouched_stubs"
    stubs.mkdir()
    for path in (project / "exercises").glob("*.py"):
        if not path.name.startswith(("test_", "conftest")):
            shutil.copyfile(path, stubs / path.name)
    submissions[stubs.name] = stubs
    submissions["empty_folder"] = class_dir / "empty_folder"
    submissions["empty_folder"].mkdir()
    hashes = {name: tree_hash(folder) for name, folder in submissions.items()}
    places = marker_places(base, project)
    assert find_markers(places) == [], "marker files left over from an earlier run"
    before = tree_hash(project)

    # The whole class at once: PyTorch and the references once per grading process.
    out = base / "class-out"
    # --sandbox bwrap: the grader refuses to run rather than fall back silently.
    args = ["grade-all", str(class_dir), "--out", str(out), "--jobs", "2", "--sandbox", "bwrap"]
    code, seconds, stdout, stderr = run_grader(project, args + LIMIT_ARGS + ["--quiet"])
    batch = Run(code, seconds, stdout, stderr, out / "gradebook.csv")
    rows = {}
    if code == 0:
        with open(out / "gradebook.csv", newline="") as f:
            rows = {row["student"]: row for row in csv.DictReader(f)}

    def grade(name: str) -> tuple[str, Run]:
        results = base / "single" / f"{name}.json"
        args = ["grade", str(submissions[name]), "--json", str(results), "--sandbox", "bwrap"]
        code, seconds, stdout, stderr = run_grader(project, args + LIMIT_ARGS)
        return name, Run(code, seconds, stdout, stderr, results)

    (base / "single").mkdir()
    with ThreadPoolExecutor(max_workers=2) as pool:  # two cores
        singles = dict(pool.map(grade, SINGLE))
    return Catalogue(
        base,
        project,
        submissions,
        hashes,
        batch,
        rows,
        singles,
        before,
        tree_hash(project),
        find_markers(places),
    )


ATTACK_PARAMS = [pytest.param(a, id=a.name) for a in ATTACKS]


def test_catalogue_covers_every_attack_of_the_issue():
    kinds = {a.kind for a in ATTACKS}
    assert kinds == HARMLESS | {
        "imports_solutions",
        "forges_results",
        "kills_parent",
        "deletes_project",
        "writes_outside_scratch",
    }


def test_class_with_attacks_is_graded_with_a_row_for_every_student(catalogue):
    assert catalogue.batch.returncode == 0, catalogue.batch.stderr
    assert set(catalogue.rows) == set(catalogue.submissions)
    assert len(catalogue.rows) == 20
    for name, row in catalogue.rows.items():
        # The error column names what could not be graded (a broken module, a timeout),
        # never a failure of the grader, and only in the attacked module.
        errors = row["error"].split("; ") if row["error"] else []
        if name == "empty_folder":
            assert errors == [f"{t.filename}: not submitted" for t in TOPICS], row
        elif name in (REFERENCE, "untouched_stubs"):
            assert errors == [], (name, row)
        else:
            topic = BY_NAME[name.split("__")[0]]
            own = (topic.filename, *(spec.name for spec in topic.functions))
            assert all(error.split(":")[0] in own for error in errors), (name, row)
        results = catalogue.results(name)
        assert float(row["total"]) == results["score"], name
        for function, points in results["extra_data"]["functions"].items():
            assert float(row[function]) == points["score"], (name, function)
    for name in ("untouched_stubs", "empty_folder"):
        assert float(catalogue.rows[name]["total"]) == 0


def test_reference_submission_gets_full_marks_in_the_sandbox(catalogue):
    results = catalogue.results(REFERENCE)
    assert results["score"] == sum(t["max_score"] for t in results["tests"]) > 0
    assert results["extra_data"]["isolation"] == "bubblewrap"


def _assert_costs_only_its_module(results: dict, reference: dict, attack: Attack) -> None:
    scores = topic_scores(results)
    expected = topic_scores(reference)
    for topic, (score, max_score) in scores.items():
        if topic == attack.topic:
            assert score < max_score, f"{attack.name} lost no points in {topic}"
        else:
            assert (score, max_score) == expected[topic], f"{attack.name} changed {topic}"


@pytest.mark.parametrize("attack", ATTACK_PARAMS)
def test_attack_costs_only_its_own_module(catalogue, attack):
    results_file = catalogue.base / "class-out" / "results" / f"{attack.name}.json"
    assert results_file.stat().st_size < RESULTS_BYTES_BOUND
    assert catalogue.results(attack.name)["extra_data"]["isolation"] == "bubblewrap"
    _assert_costs_only_its_module(
        catalogue.results(attack.name), catalogue.results(REFERENCE), attack
    )


@pytest.mark.parametrize("attack", ATTACK_PARAMS)
def test_attack_grading_time_is_bounded(catalogue, attack):
    assert catalogue.results(attack.name)["execution_time"] < GRADE_SECONDS_BOUND


@pytest.mark.parametrize("attack", ATTACK_PARAMS)
def test_attack_leaves_its_submission_folder_unchanged(catalogue, attack):
    assert tree_hash(catalogue.submissions[attack.name]) == catalogue.submission_hashes[attack.name]


@pytest.mark.parametrize("name", SINGLE)
def test_attack_on_the_grade_command_is_graded_like_in_the_class(catalogue, name):
    # The attacks that go after the grading process itself (its command line, its
    # parent, its files), through `python -m grader grade`.
    run = catalogue.singles[name]
    assert run.returncode == 0, f"grading did not complete:\n{run.stdout}\n{run.stderr}"
    assert run.seconds < GRADE_SECONDS_BOUND
    assert run.results.stat().st_size < RESULTS_BYTES_BOUND
    results = run.load()
    assert results["score"] == catalogue.results(name)["score"]
    attack = next(a for a in ATTACKS if a.name == name)
    _assert_costs_only_its_module(results, catalogue.results(REFERENCE), attack)


def test_no_attack_changed_the_project(catalogue):
    assert catalogue.project_after == catalogue.project_before


def test_no_attack_wrote_outside_its_scratch(catalogue):
    assert catalogue.markers_after == []
    assert not UNPICKLE_MARKER.exists()
    # Where the grader was told to write, only what it wrote itself.
    assert sorted(p.name for p in (catalogue.base / "single").iterdir()) == sorted(
        f"{name}.json" for name in SINGLE
    )
    written = sorted(p.name for p in (catalogue.base / "class-out" / "results").iterdir())
    assert written == sorted(f"{name}.json" for name in catalogue.submissions)


def _outputs(results: dict, topic: str) -> str:
    return "\n".join(
        t.get("output", "")
        for t in results["tests"]
        if any(FUNCTION_TOPIC.get(f) == topic for f in t.get("tags", []))
    )


def test_importing_torch_gets_no_credit_and_says_numpy_only(catalogue):
    results = catalogue.results("conv__imports_torch")
    assert topic_scores(results)["conv"][0] == 0
    assert "NumPy" in _outputs(results, "conv")


def test_importing_the_solutions_gets_no_credit(catalogue):
    results = catalogue.results("activations__imports_solutions")
    assert topic_scores(results)["activations"][0] == 0


def test_forged_results_file_is_replaced_by_the_real_grade(catalogue):
    for results in (
        catalogue.singles["regularization__forges_results"].load(),
        catalogue.results("regularization__forges_results"),
    ):
        assert results["score"] != FORGED_SCORE
        assert results["tests"], "the forged file (no tests) survived"
        assert results["score"] == sum(t["score"] for t in results["tests"])


def test_crash_in_one_function_keeps_the_other_functions_of_its_module(catalogue):
    # os._exit in relu_forward: the worker restarts and the sigmoid tests still pass.
    tests = catalogue.results("activations__os_exit_in_call")["tests"]
    sigmoid = [t for t in tests if all(f.startswith("sigmoid") for f in t["tags"])]
    assert sigmoid and all(t["score"] == t["max_score"] for t in sigmoid)


def test_output_flood_is_truncated(catalogue):
    results_file = catalogue.base / "class-out" / "results" / "dropout__output_flood.json"
    assert results_file.stat().st_size < RESULTS_BYTES_BOUND
    assert len(catalogue.batch.stdout) + len(catalogue.batch.stderr) < RESULTS_BYTES_BOUND


# --- the fallback: process limits only, harmless attacks --------------------------


def test_harmless_attacks_cost_only_their_module_without_the_sandbox(tmp_path_factory):
    base = tmp_path_factory.mktemp("fallback")
    project = copy_project(base / "project")
    class_dir = base / "class"
    harmless = [a for a in ATTACKS if a.kind in HARMLESS]
    make_submission(project, class_dir / REFERENCE, None)
    for attack in harmless:
        make_submission(project, class_dir / attack.name, attack)
    UNPICKLE_MARKER.unlink(missing_ok=True)
    before = tree_hash(project)

    out = base / "out"
    code, _, stdout, stderr = run_grader(
        project,
        ["grade-all", str(class_dir), "--out", str(out), "--jobs", "2", "--sandbox", "none"]
        + LIMIT_ARGS
        + ["--quiet"],
    )
    assert code == 0, stderr
    assert "process limits only" in stderr  # the terminal says the sandbox is off

    def scores(name: str) -> dict[str, tuple[float, float]]:
        results = json.loads((out / "results" / f"{name}.json").read_text())
        assert results["extra_data"]["isolation"] == "process-limits"
        assert "process limits only" in results["output"]  # the report says so
        return topic_scores(results)

    reference = scores(REFERENCE)
    assert all(score == max_score > 0 for score, max_score in reference.values())
    for attack in harmless:
        assert (out / "results" / f"{attack.name}.json").stat().st_size < RESULTS_BYTES_BOUND
        for topic, (score, max_score) in scores(attack.name).items():
            if topic == attack.topic:
                assert score < max_score, attack.name
            else:
                assert (score, max_score) == reference[topic], (attack.name, topic)
    assert tree_hash(project) == before
    assert not UNPICKLE_MARKER.exists()
